"""Replies and quotes: references, the quote link, conversation threads, 2026 tier rules."""

import requests

from apps.xemulator import seed

NOT_SUMMONED = {
    "title": "Forbidden",
    "detail": "Reply to this conversation is not allowed because you have not been mentioned or "
    "otherwise engaged by the author of the post you are replying to.",
    "type": "about:blank",
    "status": 403,
}
THREAD_FIELDS = {"tweet.fields": "conversation_id,in_reply_to_user_id,referenced_tweets,entities"}


def _post(state, start):
    return next(p for p in state.newest_first(lambda p: p.text.startswith(start)))


def _reply(client, parent_id, text):
    return client.post("/2/tweets", {"text": text, "reply": {"in_reply_to_tweet_id": parent_id}})


def test_quote_appends_a_t_co_link_to_the_quoted_post(demo, state, enterprise):
    quoted = _post(state, "Markets:")
    response = demo.post("/2/tweets", {"text": "Worth a read", "quote_tweet_id": quoted.id})
    assert response.status_code == 201
    created = response.json()["data"]
    assert created["text"].startswith("Worth a read https://t.co/")
    data = demo.get(f"/2/tweets/{created['id']}", **THREAD_FIELDS).json()["data"]
    assert data["referenced_tweets"] == [{"type": "quoted", "id": quoted.id}]
    link = data["entities"]["urls"][-1]
    assert link["expanded_url"] == f"https://x.com/technews/status/{quoted.id}"
    assert data["text"].endswith(link["url"]) and link["end"] == len(data["text"])


def test_quote_of_missing_post_is_invalid(demo):
    response = demo.post("/2/tweets", {"text": "hm", "quote_tweet_id": "12"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameters"] == {"quote_tweet_id": ["12"]}


def test_reply_joins_the_conversation_found_by_search(demo, state):
    root = _post(state, "今日のお昼は渋谷")
    leaf = _post(state, "@demo 道玄坂")
    response = _reply(demo, leaf.id, "@hanako 了解！土曜日にね")
    assert response.status_code == 201
    reply_id = response.json()["data"]["id"]
    data = demo.get(f"/2/tweets/{reply_id}", **THREAD_FIELDS).json()["data"]
    assert data["conversation_id"] == root.id
    assert data["in_reply_to_user_id"] == state.user_by_username("hanako").id
    assert data["referenced_tweets"] == [{"type": "replied_to", "id": leaf.id}]
    thread = demo.get(
        "/2/tweets/search/recent", query=f"conversation_id:{root.id}", **THREAD_FIELDS
    ).json()
    assert [p["id"] for p in thread["data"]][:3] == [
        reply_id,
        leaf.id,
        _post(state, "@hanako いいね").id,
    ]
    assert thread["meta"]["result_count"] == 4


def test_reply_to_a_deleted_post(demo, state):
    own = demo.post("/2/tweets", {"text": "soon gone"}).json()["data"]["id"]
    demo.delete(f"/2/tweets/{own}")
    response = _reply(demo, own, "hello?")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "parameters": {"reply.in_reply_to_tweet_id": [own]},
                "message": "The Tweet you are replying to has been deleted.",
            }
        ],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def test_self_serve_refuses_replies_without_a_summons(demo, client_for, state):
    state.set_tier("self-serve")
    markets = _post(state, "Markets:")
    refused = _reply(demo, markets.id, "@technews nice")
    assert refused.status_code == 403
    assert refused.json() == NOT_SUMMONED
    assert not any(p.text == "@technews nice" for p in state.posts.values())
    mentioned = _post(state, "夕焼けがきれい")  # hanako @mentions demo
    assert _reply(demo, mentioned.id, "@hanako 見たよ！").status_code == 201
    own = _post(state, "Hello from yubitter")
    assert _reply(demo, own.id, "Adding to my own thread").status_code == 201
    answered = _post(state, "@demo Welcome!")  # alice replied to demo
    assert _reply(demo, answered.id, "@alice slowly!").status_code == 201
    quote = _post(state, "This is big news")  # carol quoted technews
    assert _reply(client_for("technews"), quote.id, "@carol thanks").status_code == 201
    assert _reply(client_for("bob"), quote.id, "@carol indeed").status_code == 403


def test_self_serve_refuses_quotes_with_a_forbidden_problem(demo, state):
    state.set_tier("self-serve")
    response = demo.post(
        "/2/tweets", {"text": "look", "quote_tweet_id": _post(state, "Markets").id}
    )
    assert response.status_code == 403
    assert response.json() == {
        "title": "Forbidden",
        "detail": "Quote posts is not available for this access tier (self-serve); "
        "it needs Enterprise.",
        "type": "about:blank",
        "status": 403,
    }
    assert demo.post("/2/tweets", {"text": "plain posts still work"}).status_code == 201


def test_tier_over_the_control_api_and_reset(xemu, demo, client_for, state):
    control = f"{xemu.base_url}/_emulator/tier"
    default = {"tier": "pay-per-use", "reply_refusal": "summoned"}
    assert requests.get(control, timeout=5).json() == default
    changed = requests.post(control, json={"tier": "enterprise"}, timeout=5)
    assert changed.json() == {"tier": "enterprise", "reply_refusal": "summoned"}
    assert state.tier == "enterprise"
    me = seed.DEMO_USER_ID
    post = _post(state, "Markets")
    assert demo.post(f"/2/users/{me}/likes", {"tweet_id": post.id}).status_code == 200
    again = requests.post(control, json={"tier": "self-serve"}, timeout=5)
    assert again.json() == default
    assert demo.post(f"/2/users/{me}/likes", {"tweet_id": post.id}).status_code == 403
    assert requests.post(control, json={"tier": "free"}, timeout=5).status_code == 400
    bad_body = {"tier": "enterprise", "reply_refusal": "polite"}
    assert requests.post(control, json=bad_body, timeout=5).status_code == 400
    requests.post(control, json={"tier": "enterprise"}, timeout=5)
    requests.post(f"{xemu.base_url}/_emulator/reset", timeout=5)
    assert state.tier == "pay-per-use"
    refused = client_for().post(f"/2/users/{me}/likes", {"tweet_id": post.id})
    assert refused.status_code == 403

"""Posting and deleting: twitter-text counting, X's rejections, replies, quotes, links."""

import requests

from apps.xemulator.problems import TEXT_TOO_LONG

DUPLICATE = {
    "title": "Forbidden",
    "detail": "You are not allowed to create a Tweet with duplicate content.",
    "type": "about:blank",
    "status": 403,
}


def _posted(xemu, author="demo"):
    response = requests.get(
        f"{xemu.base_url}/_emulator/posts", params={"author": author}, timeout=5
    )
    return response.json()["data"]


def test_post_is_created_and_visible(xemu, demo):
    response = demo.post("/2/tweets", {"text": "こんにちは 🌸 from a flip phone"})
    assert response.status_code == 201
    data = response.json()["data"]
    assert data == {
        "id": data["id"],
        "text": "こんにちは 🌸 from a flip phone",
        "edit_history_tweet_ids": [data["id"]],
    }
    assert _posted(xemu)[0]["text"] == "こんにちは 🌸 from a flip phone"
    assert demo.get(f"/2/tweets/{data['id']}").json()["data"]["text"] == data["text"]


def test_cjk_and_emoji_count_two_each(demo):
    assert demo.post("/2/tweets", {"text": "あ" * 140}).status_code == 201
    assert demo.post("/2/tweets", {"text": "😀" * 140}).status_code == 201
    for text in ("い" * 141, "😺" * 141, "a" * 281):
        response = demo.post("/2/tweets", {"text": text})
        assert response.status_code == 400, text
        assert response.json()["errors"][0]["message"] == TEXT_TOO_LONG


def test_a_link_counts_23_and_becomes_a_t_co_link(demo):
    long_link = "https://example.com/" + "x" * 300
    response = demo.post("/2/tweets", {"text": "a" * 256 + " " + long_link})
    assert response.status_code == 201
    post_id = response.json()["data"]["id"]
    data = demo.get(f"/2/tweets/{post_id}", **{"tweet.fields": "entities"}).json()["data"]
    url = data["entities"]["urls"][0]
    assert url["expanded_url"] == long_link
    assert data["text"] == "a" * 256 + " " + url["url"]


def test_duplicate_of_own_post_is_forbidden(demo, client_for):
    assert demo.post("/2/tweets", {"text": "same words"}).status_code == 201
    again = demo.post("/2/tweets", {"text": "same words"})
    assert again.status_code == 403
    assert again.json() == DUPLICATE
    assert client_for("alice").post("/2/tweets", {"text": "same words"}).status_code == 201


def test_empty_text_without_media_is_invalid(demo):
    for payload in ({"text": ""}, {}):
        response = demo.post("/2/tweets", payload)
        assert response.status_code == 400
        assert response.json()["type"] == "https://api.twitter.com/2/problems/invalid-request"


def test_reply_and_quote_reference_their_posts(demo, state, enterprise):
    parent = next(p for p in state.posts.values() if p.text.startswith("今日のお昼は渋谷"))
    reply = demo.post(
        "/2/tweets", {"text": "@hanako 行きたい！", "reply": {"in_reply_to_tweet_id": parent.id}}
    )
    assert reply.status_code == 201
    data = demo.get(
        f"/2/tweets/{reply.json()['data']['id']}",
        **{"tweet.fields": "in_reply_to_user_id,conversation_id,referenced_tweets"},
    ).json()["data"]
    assert data["in_reply_to_user_id"] == parent.author_id
    assert data["conversation_id"] == parent.conversation_id
    assert data["referenced_tweets"] == [{"type": "replied_to", "id": parent.id}]
    quote = demo.post("/2/tweets", {"text": "look", "quote_tweet_id": parent.id})
    created = state.post(quote.json()["data"]["id"])
    assert created.referenced == [("quoted", parent.id)]
    gone = demo.post("/2/tweets", {"text": "to nothing", "reply": {"in_reply_to_tweet_id": "1"}})
    assert gone.status_code == 400


def test_delete_own_post_but_not_anothers(demo, state):
    post_id = demo.post("/2/tweets", {"text": "short-lived"}).json()["data"]["id"]
    deleted = demo.delete(f"/2/tweets/{post_id}")
    assert deleted.status_code == 200
    assert deleted.json() == {"data": {"deleted": True}}
    assert "data" not in demo.get(f"/2/tweets/{post_id}").json()
    others = next(p for p in state.posts.values() if p.author_id != demo_id(state))
    refused = demo.delete(f"/2/tweets/{others.id}")
    assert refused.status_code == 403
    assert state.post(others.id) is not None


def demo_id(state):
    return state.user_by_username("demo").id


def test_text_with_markup_is_stored_raw_and_served_escaped(xemu, demo):
    response = demo.post("/2/tweets", {"text": "1 < 2 & 3 > 2"})
    assert response.json()["data"]["text"] == "1 &lt; 2 &amp; 3 &gt; 2"
    assert _posted(xemu)[0]["text"] == "1 < 2 & 3 > 2"

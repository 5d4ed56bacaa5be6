"""Direct messages: events of all conversations, one conversation, sending, expansions, limits."""

import re

from apps.xemulator import seed

ME = seed.DEMO_USER_ID
DM_FIELDS = {
    "dm_event.fields": "created_at,sender_id,dm_conversation_id,participant_ids,referenced_tweets",
}


def _pair(state, username):
    other = state.user_by_username(username).id
    return other, "-".join(sorted((ME, other), key=int))


def test_dm_events_cover_every_conversation_of_the_user_newest_first(demo, state):
    response = demo.get("/2/dm_events", **DM_FIELDS)
    assert response.status_code == 200
    assert response.headers["x-rate-limit-limit"] == "15"
    body = response.json()
    events = body["data"]
    assert body["meta"] == {"result_count": 12}
    assert [e["id"] for e in events] == sorted((e["id"] for e in events), key=int, reverse=True)
    bob, carol = state.user_by_username("bob").id, state.user_by_username("carol").id
    conversations = {e["dm_conversation_id"] for e in events}
    assert "-".join(sorted((bob, carol), key=int)) not in conversations and len(conversations) == 3
    join = next(e for e in events if e["event_type"] == "ParticipantsJoin")
    assert "text" not in join and len(join["participant_ids"]) == 3
    assert re.fullmatch(r"[0-9]{15,19}", join["dm_conversation_id"])


def test_default_fields_are_id_event_type_and_text(demo):
    first = demo.get("/2/dm_events", max_results=1).json()["data"][0]
    assert set(first) == {"id", "event_type", "text"}
    assert first["event_type"] == "MessageCreate"


def test_japanese_conversation_with_emoji_and_a_post_link(demo, state):
    hanako, conversation = _pair(state, "hanako")
    body = demo.get(
        f"/2/dm_conversations/with/{hanako}/dm_events",
        expansions="sender_id,referenced_tweets.id",
        **DM_FIELDS,
        **{"user.fields": "username"},
    ).json()
    texts = [e["text"] for e in body["data"]]
    assert texts[-1] == "久しぶり！元気？😊" and texts[-2] == "元気だよ！ガラケーから返信してる📱"
    assert len(texts) == 6 and {e["dm_conversation_id"] for e in body["data"]} == {conversation}
    link = body["data"][0]
    ramen = next(p for p in state.posts.values() if p.text.startswith("今日のお昼は渋谷"))
    assert link["referenced_tweets"] == [{"id": ramen.id}]
    assert re.search(r"https://t\.co/\w+", link["text"])
    assert {u["username"] for u in body["includes"]["users"]} == {"demo", "hanako"}
    assert body["includes"]["tweets"][0]["id"] == ramen.id
    same = demo.get(f"/2/dm_conversations/{conversation}/dm_events", **DM_FIELDS).json()
    assert same["data"] == [{k: v for k, v in e.items()} for e in body["data"]]


def test_participant_expansion_and_event_types(demo):
    body = demo.get(
        "/2/dm_events", event_types="ParticipantsJoin", expansions="participant_ids"
    ).json()
    assert [e["event_type"] for e in body["data"]] == ["ParticipantsJoin"]
    assert {u["username"] for u in body["includes"]["users"]} == {"alice", "demo", "bob"}
    bad = demo.get("/2/dm_events", event_types="Typing")
    assert bad.status_code == 400


def test_entities_of_a_dm_are_top_level(demo, state):
    alice, _ = _pair(state, "alice")
    body = demo.get(
        f"/2/dm_conversations/with/{alice}/dm_events", **{"dm_event.fields": "entities"}
    ).json()
    oldest = body["data"][-1]
    assert oldest["text"].startswith("Did you see my tip about && in templates?")
    url = oldest["urls"][0]
    assert oldest["text"][url["start"] : url["end"]] == url["url"]
    assert "entities" not in oldest


def test_paging_with_long_tokens(demo):
    first = demo.get("/2/dm_events", max_results=5).json()
    token = first["meta"]["next_token"]
    assert len(token) >= 16 and first["meta"]["result_count"] == 5
    ids = [e["id"] for e in first["data"]]
    while token:
        page = demo.get("/2/dm_events", max_results=5, pagination_token=token).json()
        ids += [e["id"] for e in page["data"]]
        token = page["meta"].get("next_token")
    assert len(ids) == len(set(ids)) == 12
    assert page["meta"]["result_count"] == 2 and "previous_token" in page["meta"]
    assert demo.get("/2/dm_events", pagination_token="1234").status_code == 400
    assert demo.get("/2/dm_events", max_results=101).status_code == 400


def test_send_by_participant_then_by_conversation(demo, client_for, state):
    dave, conversation = _pair(state, "dave")
    assert demo.get(f"/2/dm_conversations/with/{dave}/dm_events").json() == {
        "meta": {"result_count": 0}
    }
    sent = demo.post(f"/2/dm_conversations/with/{dave}/messages", {"text": "やあ 👋 & hi"})
    assert sent.status_code == 201
    data = sent.json()["data"]
    assert data["dm_conversation_id"] == conversation
    assert re.fullmatch(r"[0-9]{1,19}", data["dm_event_id"])
    second = demo.post(f"/2/dm_conversations/{conversation}/messages", {"text": "second"})
    assert second.status_code == 201
    assert int(second.json()["data"]["dm_event_id"]) > int(data["dm_event_id"])
    seen = client_for("dave").get(f"/2/dm_conversations/with/{ME}/dm_events", **DM_FIELDS)
    events = seen.json()["data"]
    assert [e["text"] for e in events] == ["second", "やあ 👋 & hi"]
    assert {e["sender_id"] for e in events} == {ME}
    group = next(c for c in state.dm_conversations if "-" not in c)
    reply = demo.post(f"/2/dm_conversations/{group}/messages", {"text": "Friday works"})
    assert reply.json()["data"] == {
        "dm_conversation_id": group,
        "dm_event_id": reply.json()["data"]["dm_event_id"],
    }


def test_conversations_of_others_and_bad_input(demo, state):
    bob, carol = state.user_by_username("bob").id, state.user_by_username("carol").id
    theirs = "-".join(sorted((bob, carol), key=int))
    refused = demo.get(f"/2/dm_conversations/{theirs}/dm_events")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "You are not a participant of this conversation."
    assert demo.post(f"/2/dm_conversations/{theirs}/messages", {"text": "hi"}).status_code == 403
    assert demo.get("/2/dm_conversations/not-an-id/dm_events").status_code == 400
    unknown = demo.get("/2/dm_conversations/with/42/dm_events")
    assert unknown.json()["errors"][0]["detail"] == "Could not find user with participant_id: [42]."
    empty = demo.post(f"/2/dm_conversations/with/{bob}/messages", {"text": ""})
    assert empty.status_code == 400
    assert demo.post(f"/2/dm_conversations/with/{ME}/messages", {"text": "me"}).status_code == 400


def test_dm_rate_limit_is_15_per_window(demo, state):
    state.set_rate_limit("dm_send_with", 2)
    hanako, _ = _pair(state, "hanako")
    path = f"/2/dm_conversations/with/{hanako}/messages"
    codes = [demo.post(path, {"text": f"n{n}"}).status_code for n in range(3)]
    assert codes == [201, 201, 429]
    assert demo.get("/2/dm_events").headers["x-rate-limit-remaining"] == "14"

"""Lookups: default and requested fields, expansions, includes, partial and not-found errors."""

from apps.xemulator import seed
from apps.xemulator.text import weighted_length

EXPAND_ALL = {
    "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
    "attachments.media_keys,in_reply_to_user_id",
    "tweet.fields": "author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets,"
    "entities,attachments,note_tweet,public_metrics,display_text_range",
    "user.fields": "username,name,verified,protected,profile_image_url",
    "media.fields": "type,url,preview_image_url,width,height,alt_text,variants,duration_ms",
}


def _find(state, text_start, author=None):
    return next(
        p
        for p in state.newest_first(lambda p: p.text.startswith(text_start))
        if author is None or state.user(p.author_id).username == author
    )


def test_default_fields_are_minimal(demo, state):
    post = _find(state, "Hello from yubitter")
    body = demo.get(f"/2/tweets/{post.id}").json()
    assert body == {"data": {"id": post.id, "text": post.text, "edit_history_tweet_ids": [post.id]}}
    user = demo.get("/2/users/by/username/HANAKO").json()
    assert set(user["data"]) == {"id", "name", "username"}
    assert user["data"]["name"] == "花子"


def test_me_with_fields_and_pinned_post(demo, state):
    body = demo.get(
        "/2/users/me",
        **{
            "user.fields": "created_at,description,public_metrics,pinned_tweet_id,verified",
            "expansions": "pinned_tweet_id",
            "tweet.fields": "created_at",
        },
    ).json()
    me = body["data"]
    assert me["username"] == "demo" and me["pinned_tweet_id"] == body["includes"]["tweets"][0]["id"]
    assert me["public_metrics"]["following_count"] == 5
    assert body["includes"]["tweets"][0]["text"].startswith("Hello from yubitter")
    assert body["includes"]["tweets"][0]["created_at"].endswith(".000Z")


def test_user_by_id_and_missing_user(demo, state):
    hanako = state.user_by_username("hanako")
    assert demo.get(f"/2/users/{hanako.id}").json()["data"]["username"] == "hanako"
    missing = demo.get("/2/users/by/username/nobody_here")
    assert missing.status_code == 200
    assert missing.json() == {
        "errors": [
            {
                "value": "nobody_here",
                "detail": "Could not find user with username: [nobody_here].",
                "title": "Not Found Error",
                "resource_type": "user",
                "parameter": "username",
                "resource_id": "nobody_here",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
        ]
    }


def test_missing_single_post_can_be_switched_to_404(demo, state):
    assert demo.get("/2/tweets/123").status_code == 200
    state.set_not_found_status(404)
    response = demo.get("/2/tweets/123")
    assert response.status_code == 404
    body = response.json()
    assert "data" not in body and body["errors"][0]["resource_id"] == "123"
    assert body["title"] == "Not Found Error"


def test_batch_lookup_reports_missing_ids_next_to_data(demo, state):
    post = _find(state, "Hello from yubitter")
    response = demo.get("/2/tweets", ids=f"{post.id},2")
    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body["data"]] == [post.id]
    assert body["errors"] == [
        {
            "value": "2",
            "detail": "Could not find tweet with ids: [2].",
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "ids",
            "resource_id": "2",
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }
    ]


def test_quote_expands_the_quoted_post_and_both_authors(demo, state):
    quote = _find(state, "This is big news")
    body = demo.get(f"/2/tweets/{quote.id}", **EXPAND_ALL).json()
    quoted_id = body["data"]["referenced_tweets"][0]["id"]
    assert body["data"]["referenced_tweets"] == [{"type": "quoted", "id": quoted_id}]
    assert [t["id"] for t in body["includes"]["tweets"]] == [quoted_id]
    assert {u["username"] for u in body["includes"]["users"]} == {"carol", "technews"}
    url = body["data"]["entities"]["urls"][-1]
    assert url["expanded_url"] == f"https://x.com/technews/status/{quoted_id}"
    assert body["data"]["text"].endswith(url["url"])


def test_dangling_reference_gives_an_includes_error_with_http_200(demo, state):
    retweet = _find(state, "RT @dave")
    response = demo.get(f"/2/tweets/{retweet.id}", **EXPAND_ALL)
    assert response.status_code == 200
    body = response.json()
    missing = seed.MISSING_POST_IDS[0]
    assert body["data"]["id"] == retweet.id
    assert body["errors"] == [
        {
            "value": missing,
            "detail": f"Could not find tweet with referenced_tweets.id: [{missing}].",
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "referenced_tweets.id",
            "resource_id": missing,
            "section": "includes",
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }
    ]
    assert "tweets" not in body["includes"]


def test_media_expansion_gives_photos_and_a_video(demo, state):
    photos = _find(state, "Two views of Osaka")
    body = demo.get(f"/2/tweets/{photos.id}", **EXPAND_ALL).json()
    media = body["includes"]["media"]
    assert [m["media_key"] for m in media] == body["data"]["attachments"]["media_keys"]
    assert len(media) == 2 and media[0]["url"].startswith("https://pbs.twimg.com/media/")
    assert media[0]["alt_text"] == "Osaka castle at dawn"
    video = _find(state, "Watch: how feature phones")
    item = demo.get(f"/2/tweets/{video.id}", **EXPAND_ALL).json()["includes"]["media"][0]
    assert item["type"] == "video" and "url" not in item
    assert item["preview_image_url"].startswith("https://pbs.twimg.com/ext_tw_video_thumb/")
    assert item["variants"][0]["content_type"] == "video/mp4"


def test_includes_are_deduplicated(demo):
    body = demo.get(
        f"/2/users/{seed.DEMO_USER_ID}/timelines/reverse_chronological",
        max_results=100,
        **EXPAND_ALL,
    ).json()
    user_ids = [u["id"] for u in body["includes"]["users"]]
    tweet_ids = [t["id"] for t in body["includes"]["tweets"]]
    assert len(user_ids) == len(set(user_ids)) and len(tweet_ids) == len(set(tweet_ids))
    authors = {p["author_id"] for p in body["data"]}
    assert authors <= set(user_ids)


def test_long_post_carries_note_tweet_with_the_full_text(demo, state):
    long_post = next(p for p in state.posts.values() if p.note_text)
    data = demo.get(f"/2/tweets/{long_post.id}", **EXPAND_ALL).json()["data"]
    assert weighted_length(data["text"]) <= 280 < weighted_length(data["note_tweet"]["text"])
    assert data["note_tweet"]["text"].startswith(data["text"])
    assert data["note_tweet"]["entities"]["hashtags"][0]["tag"] == "ガラケー"


def test_post_fields_is_accepted_as_the_new_spelling(demo, state):
    post = _find(state, "Hello from yubitter")
    data = demo.get(f"/2/tweets/{post.id}", **{"post.fields": "created_at"}).json()["data"]
    assert data["created_at"] == "2026-11-19T16:00:00.000Z"


def test_reply_shows_thread_fields(demo, state):
    reply = _find(state, "@hanako いいね")
    data = demo.get(f"/2/tweets/{reply.id}", **EXPAND_ALL).json()
    parent = _find(state, "今日のお昼は渋谷")
    assert data["data"]["in_reply_to_user_id"] == parent.author_id
    assert data["data"]["conversation_id"] == parent.id
    assert data["data"]["display_text_range"] == [8, len(reply.text)]
    assert {"type": "replied_to", "id": parent.id} in data["data"]["referenced_tweets"]


def test_unknown_field_value_and_bad_username_are_invalid_requests(demo):
    response = demo.get("/2/users/me", **{"user.fields": "created_at,shoe_size"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameters"] == {"user.fields": ["created_at,shoe_size"]}
    assert demo.get("/2/users/by/username/not-a-name").status_code == 400


def test_mention_expansion_includes_the_mentioned_users(demo, state):
    post = _find(state, "Tip: in templates")
    body = demo.get(f"/2/tweets/{post.id}", expansions="entities.mentions.username").json()
    assert [u["username"] for u in body["includes"]["users"]] == ["demo"]

"""Likes and retweets: X's write bodies, liked posts and liking users, privacy, tiers."""

import html

from apps.xemulator import seed

FORBIDDEN = {"title": "Forbidden", "detail": "Forbidden", "type": "about:blank", "status": 403}
ME = seed.DEMO_USER_ID


def _post(state, start):
    return next(p for p in state.newest_first(lambda p: p.text.startswith(start)))


def test_like_and_unlike_change_liked_tweets_and_the_count(demo, state, enterprise):
    post = _post(state, "Two views of Osaka")
    before = post.like_count
    liked = demo.post(f"/2/users/{ME}/likes", {"tweet_id": post.id})
    assert liked.status_code == 200
    assert liked.json() == {"data": {"liked": True}}
    assert liked.headers["x-rate-limit-limit"] == "50"
    assert state.post(post.id).like_count == before + 1
    again = demo.post(f"/2/users/{ME}/likes", {"tweet_id": post.id})
    assert (
        again.json() == {"data": {"liked": True}} and state.post(post.id).like_count == before + 1
    )
    page = demo.get(f"/2/users/{ME}/liked_tweets").json()
    assert page["data"][0]["id"] == post.id
    unliked = demo.delete(f"/2/users/{ME}/likes/{post.id}")
    assert unliked.status_code == 200
    assert unliked.json() == {"data": {"liked": False}}
    assert post.id not in [p["id"] for p in demo.get(f"/2/users/{ME}/liked_tweets").json()["data"]]
    assert state.post(post.id).like_count == before


def test_liked_tweets_are_newest_like_first_and_page_with_tokens(demo, state):
    body = demo.get(
        f"/2/users/{ME}/liked_tweets",
        max_results=5,
        **{"tweet.fields": "author_id", "expansions": "author_id"},
    ).json()
    texts = [p["text"] for p in body["data"]]
    assert texts[0].startswith("今日のお昼は渋谷") and texts[1].startswith("Tip: in templates")
    assert texts[2].startswith("Markets:")
    assert body["meta"] == {"result_count": 3}
    assert {u["username"] for u in body["includes"]["users"]} == {"hanako", "alice", "technews"}
    for post in state.newest_first(lambda p: p.author_id == state.user_by_username("bob").id):
        state.like(ME, post.id)
    first = demo.get(f"/2/users/{ME}/liked_tweets", max_results=5).json()
    assert first["meta"]["result_count"] == 5 and "previous_token" not in first["meta"]
    seen, token = [p["id"] for p in first["data"]], first["meta"]["next_token"]
    while token:
        page = demo.get(f"/2/users/{ME}/liked_tweets", max_results=5, pagination_token=token)
        assert page.status_code == 200
        seen += [p["id"] for p in page.json()["data"]]
        token = page.json()["meta"].get("next_token")
    assert seen == [p.id for p in state.liked_posts(ME)]
    assert "next_token" not in page.json()["meta"] and "previous_token" in page.json()["meta"]


def test_likes_of_someone_else_are_private(demo, state):
    alice = state.user_by_username("alice")
    response = demo.get(f"/2/users/{alice.id}/liked_tweets")
    assert response.status_code == 200
    assert response.json() == {"meta": {"result_count": 0}}


def test_liked_tweets_range_and_unknown_user(demo):
    bad = demo.get(f"/2/users/{ME}/liked_tweets", max_results=4)
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["message"] == (
        "The `max_results` query parameter value [4] is not between 5 and 100"
    )
    missing = demo.get("/2/users/42/liked_tweets")
    assert missing.json()["errors"][0]["detail"] == "Could not find user with id: [42]."


def test_liking_users_for_own_post_only(demo, client_for, state):
    hello = _post(state, "Hello from yubitter")
    body = demo.get(f"/2/tweets/{hello.id}/liking_users", **{"user.fields": "username"}).json()
    assert [u["username"] for u in body["data"]] == ["alice", "hanako"]
    assert body["meta"] == {"result_count": 2}
    assert client_for("bob").get(f"/2/tweets/{hello.id}/liking_users").json() == {
        "meta": {"result_count": 0}
    }
    assert demo.get("/2/tweets/5/liking_users").json()["errors"][0]["resource_id"] == "5"


def test_like_checks_the_path_user_the_body_and_the_post(demo, state, enterprise):
    alice = state.user_by_username("alice")
    post = _post(state, "Two views of Osaka")
    other = demo.post(f"/2/users/{alice.id}/likes", {"tweet_id": post.id})
    assert other.status_code == 403 and other.json() == FORBIDDEN
    assert demo.delete(f"/2/users/{alice.id}/likes/{post.id}").status_code == 403
    no_body = demo.post(f"/2/users/{ME}/likes", {})
    assert no_body.status_code == 400
    assert no_body.json()["errors"][0]["parameters"] == {"tweet_id": []}
    assert demo.post(f"/2/users/{ME}/likes", {"tweet_id": "abc"}).status_code == 400
    gone = demo.post(f"/2/users/{ME}/likes", {"tweet_id": "7"})
    assert gone.status_code == 200
    assert gone.json()["errors"][0]["detail"] == "Could not find tweet with tweet_id: [7]."
    state.set_not_found_status(404)
    assert demo.post(f"/2/users/{ME}/likes", {"tweet_id": "7"}).status_code == 404


def test_self_serve_tier_refuses_likes_but_not_unlikes(demo, state):
    post = _post(state, "Two views of Osaka")
    state.set_tier("self-serve")
    refused = demo.post(f"/2/users/{ME}/likes", {"tweet_id": post.id})
    assert refused.status_code == 403
    assert refused.json() == {
        "title": "Forbidden",
        "detail": "Liking posts is not available for this access tier (self-serve); "
        "it needs Enterprise.",
        "type": "about:blank",
        "status": 403,
    }
    assert not any(p == post.id for _, p in state.likes)
    liked = _post(state, "今日のお昼は渋谷")
    assert demo.delete(f"/2/users/{ME}/likes/{liked.id}").json() == {"data": {"liked": False}}


def test_retweet_creates_a_post_in_the_followers_home_timeline(demo, client_for, state):
    original = _post(state, "I spent the weekend porting")
    response = demo.post(f"/2/users/{ME}/retweets", {"tweet_id": original.id})
    assert response.status_code == 200
    assert response.json() == {"data": {"retweeted": True}}
    retweet = state.retweet_by(ME, original.id)
    hanako = client_for("hanako")
    home = hanako.get(
        f"/2/users/{state.user_by_username('hanako').id}/timelines/reverse_chronological",
        max_results=5,
        **{"tweet.fields": "referenced_tweets,author_id"},
    ).json()["data"]
    assert home[0]["id"] == retweet.id and home[0]["author_id"] == ME
    assert home[0]["referenced_tweets"] == [{"type": "retweeted", "id": original.id}]
    text = html.unescape(home[0]["text"])
    assert text.startswith("RT @alice: I spent the weekend") and len(text) == 140
    assert text.endswith("…")
    assert demo.post(f"/2/users/{ME}/retweets", {"tweet_id": original.id}).status_code == 200
    assert len([p for p in state.posts.values() if p.referenced == retweet.referenced]) == 2
    undone = demo.delete(f"/2/users/{ME}/retweets/{original.id}")
    assert undone.json() == {"data": {"retweeted": False}}
    assert state.post(retweet.id) is None and state.retweet_by(ME, original.id) is None


def test_retweet_of_missing_post_and_of_another_user(demo, state):
    gone = demo.post(f"/2/users/{ME}/retweets", {"tweet_id": "99"})
    assert gone.json()["errors"][0]["parameter"] == "tweet_id"
    alice = state.user_by_username("alice")
    assert demo.post(f"/2/users/{alice.id}/retweets", {"tweet_id": "99"}).status_code == 403
    assert demo.delete(f"/2/users/{alice.id}/retweets/99").status_code == 403
    assert demo.delete(f"/2/users/{ME}/retweets/nope").status_code == 400

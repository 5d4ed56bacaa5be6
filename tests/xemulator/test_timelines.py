"""Timelines: paging both ways, since_id, mentions, a user's posts, X's 400 envelope."""

import pytest

from apps.xemulator import seed

HOME = f"/2/users/{seed.DEMO_USER_ID}/timelines/reverse_chronological"
MENTIONS = f"/2/users/{seed.DEMO_USER_ID}/mentions"


def _all_pages(client, path, **params):
    pages, token = [], None
    while True:
        extra = {"pagination_token": token} if token else {}
        response = client.get(path, **params, **extra)
        assert response.status_code == 200, response.text
        pages.append(response.json())
        token = response.json()["meta"].get("next_token")
        if not token:
            return pages


def test_home_timeline_pages_newest_first_through_every_post(demo, state):
    pages = _all_pages(demo, HOME, max_results=20)
    ids = [post["id"] for page in pages for post in page["data"]]
    assert len(pages) >= 4 and len(ids) >= 70
    assert ids == [post.id for post in state.home_posts(seed.DEMO_USER_ID)]
    assert ids == sorted(ids, key=int, reverse=True)
    first, second = pages[0]["meta"], pages[1]["meta"]
    assert first["result_count"] == 20 and "previous_token" not in first
    assert first["newest_id"] == ids[0] and first["oldest_id"] == ids[19]
    assert second["newest_id"] == ids[20]
    assert "next_token" not in pages[-1]["meta"]


def test_previous_token_returns_the_newer_page(demo):
    first = demo.get(HOME, max_results=20).json()
    second = demo.get(HOME, max_results=20, pagination_token=first["meta"]["next_token"]).json()
    back = demo.get(HOME, max_results=20, pagination_token=second["meta"]["previous_token"]).json()
    assert back["data"] == first["data"]


def test_since_id_returns_only_newer_posts(demo, client_for):
    newest = demo.get(HOME, max_results=5).json()["meta"]["newest_id"]
    created = client_for("alice").post("/2/tweets", {"text": "fresh from alice"}).json()["data"]
    newer = demo.get(HOME, since_id=newest).json()
    assert [post["id"] for post in newer["data"]] == [created["id"]]
    assert newer["meta"] == {
        "result_count": 1,
        "newest_id": created["id"],
        "oldest_id": created["id"],
    }


def test_until_id_returns_only_older_posts(demo):
    first = demo.get(HOME, max_results=5).json()
    older = demo.get(HOME, max_results=5, until_id=first["meta"]["oldest_id"]).json()
    assert all(int(p["id"]) < int(first["meta"]["oldest_id"]) for p in older["data"])


def test_empty_page_has_only_meta(demo):
    newest = demo.get(HOME, max_results=1).json()["meta"]["newest_id"]
    response = demo.get(HOME, since_id=newest)
    assert response.status_code == 200
    assert response.json() == {"meta": {"result_count": 0}}


def test_home_timeline_of_another_user_is_forbidden(demo, state):
    hanako = state.user_by_username("hanako")
    response = demo.get(f"/2/users/{hanako.id}/timelines/reverse_chronological")
    assert response.status_code == 403
    assert response.json()["title"] == "Forbidden"


def test_home_timeline_can_exclude_replies_and_retweets(demo, state):
    data = demo.get(
        HOME, max_results=100, exclude="replies,retweets", **{"tweet.fields": "referenced_tweets"}
    ).json()["data"]
    kinds = {ref["type"] for post in data for ref in post.get("referenced_tweets", [])}
    assert kinds == {"quoted"}
    assert len(data) < len(state.home_posts(seed.DEMO_USER_ID))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (HOME, "0", "The `max_results` query parameter value [0] is not between 1 and 100"),
        (HOME, "101", "The `max_results` query parameter value [101] is not between 1 and 100"),
        (MENTIONS, "4", "The `max_results` query parameter value [4] is not between 5 and 100"),
    ],
)
def test_max_results_out_of_range_gets_the_validation_envelope(demo, path, value, message):
    response = demo.get(path, max_results=value)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"parameters": {"max_results": [value]}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def test_unknown_parameter_bad_token_and_repeated_keys_are_rejected(demo):
    assert demo.get(HOME, colour="blue").status_code == 400
    bad_token = demo.get(HOME, pagination_token="nonsense")
    assert bad_token.status_code == 400
    assert bad_token.json()["errors"][0]["parameters"] == {"pagination_token": ["nonsense"]}
    repeated = demo.request("GET", HOME + "?since_id=1&since_id=2")
    assert repeated.status_code == 400
    assert repeated.json()["errors"][0]["parameters"] == {"since_id": ["1", "2"]}


def test_mentions_hold_at_least_25_posts_by_others_naming_the_user(demo):
    pages = _all_pages(demo, MENTIONS, max_results=10, **{"tweet.fields": "author_id,entities"})
    posts = [post for page in pages for post in page["data"]]
    assert len(posts) >= 25
    assert pages[0]["meta"]["result_count"] == 10
    assert all(post["author_id"] != seed.DEMO_USER_ID for post in posts)
    for post in posts:
        usernames = {m["username"].lower() for m in post["entities"]["mentions"]}
        assert "demo" in usernames


def test_mentions_default_to_ten(demo):
    assert demo.get(MENTIONS).json()["meta"]["result_count"] == 10


def test_user_tweets_are_that_users_posts(demo, state):
    hanako = state.user_by_username("hanako")
    body = demo.get(
        f"/2/users/{hanako.id}/tweets", max_results=100, **{"tweet.fields": "author_id"}
    ).json()
    assert {post["author_id"] for post in body["data"]} == {hanako.id}
    assert body["meta"]["result_count"] == len(state.authored_posts(hanako.id))


def test_timeline_of_unknown_user_is_a_not_found_error(demo):
    response = demo.get("/2/users/42/tweets")
    assert response.status_code == 200
    assert response.json()["errors"][0]["detail"] == "Could not find user with id: [42]."

"""Every newer endpoint shares the machinery: OAuth, its rate-limit table value, 429, faults."""

import time

import pytest
import requests

from apps.xemulator import ratelimits, schema, seed

ME = seed.DEMO_USER_ID
TOO_MANY = {
    "title": "Too Many Requests",
    "detail": "Too Many Requests",
    "type": "about:blank",
    "status": 429,
}


def _calls(state):
    """endpoint name → (method, path, JSON body) of one valid request."""
    hanako = state.user_by_username("hanako").id
    dave = state.user_by_username("dave").id
    post = next(p for p in state.posts.values() if p.text.startswith("Two views of Osaka")).id
    tokyo = next(item.id for item in state.lists.values() if item.name == "Tokyo friends")
    conversation = "-".join(sorted((ME, hanako), key=int))
    return {
        "users_by_ids": ("GET", f"/2/users?ids={hanako}", None),
        "users_by_usernames": ("GET", "/2/users/by?usernames=hanako", None),
        "like_post": ("POST", f"/2/users/{ME}/likes", {"tweet_id": post}),
        "unlike_post": ("DELETE", f"/2/users/{ME}/likes/{post}", None),
        "liked_tweets": ("GET", f"/2/users/{ME}/liked_tweets", None),
        "liking_users": ("GET", f"/2/tweets/{post}/liking_users", None),
        "retweet_post": ("POST", f"/2/users/{ME}/retweets", {"tweet_id": post}),
        "unretweet_post": ("DELETE", f"/2/users/{ME}/retweets/{post}", None),
        "follow_user": ("POST", f"/2/users/{ME}/following", {"target_user_id": dave}),
        "unfollow_user": ("DELETE", f"/2/users/{ME}/following/{dave}", None),
        "followers": ("GET", f"/2/users/{ME}/followers", None),
        "following": ("GET", f"/2/users/{ME}/following", None),
        "muting": ("GET", f"/2/users/{ME}/muting", None),
        "mute_user": ("POST", f"/2/users/{ME}/muting", {"target_user_id": dave}),
        "unmute_user": ("DELETE", f"/2/users/{ME}/muting/{dave}", None),
        "search_recent": ("GET", "/2/tweets/search/recent?query=demo", None),
        "dm_events": ("GET", "/2/dm_events", None),
        "dm_conversation_with_events": (
            "GET",
            f"/2/dm_conversations/with/{hanako}/dm_events",
            None,
        ),
        "dm_conversation_events": ("GET", f"/2/dm_conversations/{conversation}/dm_events", None),
        "dm_send_with": ("POST", f"/2/dm_conversations/with/{hanako}/messages", {"text": "hi"}),
        "dm_send": ("POST", f"/2/dm_conversations/{conversation}/messages", {"text": "yo"}),
        "owned_lists": ("GET", f"/2/users/{ME}/owned_lists", None),
        "list_by_id": ("GET", f"/2/lists/{tokyo}", None),
        "list_tweets": ("GET", f"/2/lists/{tokyo}/tweets", None),
    }


NEW_ENDPOINTS = [
    "users_by_ids",
    "users_by_usernames",
    "like_post",
    "unlike_post",
    "liked_tweets",
    "liking_users",
    "retweet_post",
    "unretweet_post",
    "follow_user",
    "unfollow_user",
    "followers",
    "following",
    "muting",
    "mute_user",
    "unmute_user",
    "search_recent",
    "dm_events",
    "dm_conversation_with_events",
    "dm_conversation_events",
    "dm_send_with",
    "dm_send",
    "owned_lists",
    "list_by_id",
    "list_tweets",
]
TABLE = {  # xapi.md §2.1, per user and 15 minutes
    "like_post": 50,
    "unlike_post": 50,
    "liked_tweets": 75,
    "retweet_post": 50,
    "unretweet_post": 50,
    "follow_user": 50,
    "unfollow_user": 50,
    "followers": 300,
    "following": 300,
    "search_recent": 300,
    "dm_events": 15,
    "dm_send_with": 15,
    "owned_lists": 15,
    "list_tweets": 900,
    "users_by_ids": 900,
}


def test_every_new_endpoint_is_in_the_limit_table_with_xs_numbers():
    assert set(NEW_ENDPOINTS) <= set(ratelimits.ENDPOINTS)
    for name, limit in TABLE.items():
        assert ratelimits.ENDPOINTS[name][2] == limit, name


@pytest.mark.parametrize("name", NEW_ENDPOINTS)
def test_success_then_429_once_the_lowered_limit_is_spent(demo, state, name, enterprise):
    method, path, body = _calls(state)[name]
    state.set_rate_limit(name, 1)
    first = demo.request(method, path, json=body)
    assert first.status_code in (200, 201), first.text
    assert first.headers["x-rate-limit-limit"] == "1"
    assert first.headers["x-rate-limit-remaining"] == "0"
    limited = demo.request(method, path, json=body)
    assert limited.status_code == 429
    assert limited.json() == TOO_MANY
    assert int(limited.headers["x-rate-limit-reset"]) > time.time()


@pytest.mark.parametrize("name", NEW_ENDPOINTS)
def test_unsigned_requests_are_unauthorized(xemu, state, name):
    method, path, body = _calls(state)[name]
    response = requests.request(method, xemu.base_url + path, json=body, timeout=5)
    assert response.status_code == 401
    assert response.json()["detail"] == "Unauthorized"


@pytest.mark.parametrize("name", ["like_post", "search_recent", "dm_events", "list_tweets"])
def test_faults_hit_the_new_endpoints(demo, state, name, enterprise):
    method, path, body = _calls(state)[name]
    state.set_fault(path.split("?")[0], status=503, method=method, times=1)
    failed = demo.request(method, path, json=body)
    assert failed.status_code == 503
    assert failed.json() == {
        "title": "Service Unavailable",
        "detail": "Service Unavailable",
        "type": "about:blank",
        "status": 503,
    }
    assert demo.request(method, path, json=body).status_code in (200, 201)


def test_wrong_method_on_a_new_route_is_an_x_404(xemu):
    response = requests.put(f"{xemu.base_url}/2/dm_events", timeout=5)
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"


def test_every_rate_limited_endpoint_is_an_operation_of_xs_spec():
    for name, (method, template, _limit) in ratelimits.ENDPOINTS.items():
        concrete = "/".join("1" if part.startswith(":") else part for part in template.split("/"))
        spec_template = schema.path_template(concrete)
        assert method.lower() in schema.spec()["paths"][spec_template], name

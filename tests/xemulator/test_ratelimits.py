"""Rate limits: headers on every v2 answer, 429 with X's body once a window is spent."""

import time

TOO_MANY = {
    "title": "Too Many Requests",
    "detail": "Too Many Requests",
    "type": "about:blank",
    "status": 429,
}


def test_headers_count_down_within_a_15_minute_window(demo):
    first = demo.get("/2/users/me")
    second = demo.get("/2/users/me")
    assert first.headers["x-rate-limit-limit"] == "75"
    assert int(first.headers["x-rate-limit-remaining"]) == 74
    assert int(second.headers["x-rate-limit-remaining"]) == 73
    reset = int(first.headers["x-rate-limit-reset"])
    assert time.time() < reset <= time.time() + 900
    assert first.headers["x-access-level"] == "read-write-directmessages"
    assert first.headers["content-type"] == "application/json; charset=utf-8"
    assert first.headers["api-version"]


def test_lowered_limit_gives_429_with_headers(demo, state):
    state.set_rate_limit("users_me", 2)
    assert [demo.get("/2/users/me").status_code for _ in range(2)] == [200, 200]
    limited = demo.get("/2/users/me")
    assert limited.status_code == 429
    assert limited.json() == TOO_MANY
    assert limited.headers["x-rate-limit-limit"] == "2"
    assert limited.headers["x-rate-limit-remaining"] == "0"
    assert int(limited.headers["x-rate-limit-reset"]) > time.time()


def test_limit_by_path_pattern_is_per_token_and_per_endpoint(demo, client_for, state):
    state.set_rate_limit("/2/users/*/mentions", 1)
    me = state.user_by_username("demo").id
    assert demo.get(f"/2/users/{me}/mentions").status_code == 200
    assert demo.get(f"/2/users/{me}/mentions").status_code == 429
    assert demo.get("/2/users/me").status_code == 200
    assert client_for("alice").get(f"/2/users/{me}/mentions").status_code == 200


def test_post_limit_uses_the_user_table_value(demo):
    response = demo.post("/2/tweets", {"text": "counting"})
    assert response.headers["x-rate-limit-limit"] == "100"


def test_the_control_api_lifts_a_limit_until_a_reset(demo, xemu, state):
    import requests

    url = xemu.base_url + "/_emulator/rate_limits"
    lowered = requests.post(url, json={"endpoint": "users_me", "limit": 1}, timeout=5)
    assert lowered.status_code == 200, lowered.text
    assert [demo.get("/2/users/me").status_code for _ in range(2)] == [200, 429]
    lifted = requests.post(url, json={"endpoint": "users_me", "limit": 100000}, timeout=5)
    assert lifted.status_code == 200
    again = demo.get("/2/users/me")
    assert again.status_code == 200 and again.headers["x-rate-limit-limit"] == "100000"
    bad = requests.post(url, json={"endpoint": "no_such_endpoint", "limit": 5}, timeout=5)
    assert bad.status_code == 400 and "unknown endpoint" in bad.json()["error"]
    assert (
        requests.post(url, json={"endpoint": "users_me", "limit": 0}, timeout=5).status_code == 400
    )
    state.reset()
    assert state.rate_limits.overrides == {}

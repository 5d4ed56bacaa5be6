"""Request counts per method and route, through /_emulator/stats."""

import requests

from apps.xemulator import seed

HOME = f"/2/users/{seed.DEMO_USER_ID}/timelines/reverse_chronological"


def stats(xemu):
    """The request counts (the credits part is tested in test_billing.py)."""
    response = requests.get(xemu.base_url + "/_emulator/stats", timeout=5)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"requests", "total", "credits"}
    del body["credits"]
    return body


def some_post_id(demo):
    return demo.get(HOME, max_results=5).json()["data"][0]["id"]


def test_signed_requests_are_counted_per_method_and_route_template(xemu, demo):
    post_id = some_post_id(demo)
    demo.get(f"/2/tweets/{post_id}")
    demo.get(f"/2/tweets/{post_id}")
    demo.get("/2/users/me")
    demo.get("/2/tweets/search/recent", query="ラーメン")
    demo.delete("/2/tweets/1")  # not the demo user's post: still a request served
    assert stats(xemu) == {
        "requests": {
            "GET /2/users/:id/timelines/reverse_chronological": 1,
            "GET /2/tweets/:id": 2,
            "GET /2/users/me": 1,
            "GET /2/tweets/search/recent": 1,
            "DELETE /2/tweets/:id": 1,
        },
        "total": 6,
    }


def test_unsigned_and_unknown_requests_count_but_control_and_media_do_not(xemu):
    requests.get(xemu.base_url + "/2/users/me", timeout=5)  # 401
    requests.get(xemu.base_url + "/2/nothing/here", timeout=5)  # 404
    requests.post(xemu.base_url + "/oauth/request_token", timeout=5)  # 401
    requests.get(xemu.base_url + "/_emulator/tier", timeout=5)
    requests.get(xemu.base_url + "/_media/missing.jpg", timeout=5)
    assert stats(xemu) == {
        "requests": {
            "GET /2/users/me": 1,
            "GET (no route)": 1,
            "POST /oauth/request_token": 1,
        },
        "total": 3,
    }


def test_delete_zeroes_the_counts_and_counting_goes_on(xemu, demo):
    demo.get("/2/users/me")
    cleared = requests.delete(xemu.base_url + "/_emulator/stats", timeout=5).json()
    assert (cleared["requests"], cleared["total"]) == ({}, 0)
    assert (cleared["credits"]["ledger"], cleared["credits"]["spent_usd"]) == ({}, 0)
    demo.get(HOME)
    assert stats(xemu)["requests"] == {"GET /2/users/:id/timelines/reverse_chronological": 1}


def test_reset_zeroes_the_counts(xemu, demo, state):
    demo.get("/2/users/me")
    assert stats(xemu)["total"] == 1
    requests.post(xemu.base_url + "/_emulator/reset", timeout=5)
    assert stats(xemu) == {"requests": {}, "total": 0}
    demo.get("/2/users/me")
    state.reset()
    assert state.request_stats() == {}


def test_other_methods_are_refused(xemu):
    response = requests.post(xemu.base_url + "/_emulator/stats", timeout=5)
    assert response.status_code == 405

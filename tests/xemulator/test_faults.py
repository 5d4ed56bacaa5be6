"""Fault injection through the state and through the HTTP control API."""

import threading
import time

import pytest
import requests

from apps.xemulator import seed
from apps.xemulator.server import EmulatorServer
from apps.xemulator.state import EmulatorState

HOME = f"/2/users/{seed.DEMO_USER_ID}/timelines/reverse_chronological"


@pytest.mark.parametrize(
    ("status", "title"),
    [
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
        (429, "Too Many Requests"),
        (401, "Unauthorized"),
    ],
)
def test_status_fault_answers_x_body_on_matching_paths_only(demo, state, status, title):
    state.set_fault("/2/users/*/timelines/*", status=status)
    response = demo.get(HOME)
    assert response.status_code == status
    assert response.json() == {
        "title": title,
        "detail": title,
        "type": "about:blank",
        "status": status,
    }
    assert demo.get("/2/users/me").status_code == 200


def test_429_fault_carries_rate_limit_headers(demo, state):
    state.set_fault("/2/users/me", status=429)
    response = demo.get("/2/users/me")
    assert response.headers["x-rate-limit-remaining"] == "0"
    assert int(response.headers["x-rate-limit-reset"]) > time.time()


def test_latency_fault_slows_the_answer(demo, state):
    state.set_fault("/2/users/me", latency=0.3)
    started = time.monotonic()
    assert demo.get("/2/users/me").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_hang_fault_trips_the_client_read_timeout_until_cleared(demo, state):
    state.set_fault("/2/users/me", hang=True)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        demo.request("GET", "/2/users/me", timeout=(1, 0.3))
    assert time.monotonic() - started < 2
    state.clear_faults()
    assert demo.get("/2/users/me").status_code == 200


def test_times_limits_how_often_a_fault_hits(demo, state):
    state.set_fault("/2/users/me", status=503, times=1)
    assert demo.get("/2/users/me").status_code == 503
    assert demo.get("/2/users/me").status_code == 200


def test_method_filter(demo, state):
    state.set_fault("/2/tweets", status=500, method="POST")
    assert demo.post("/2/tweets", {"text": "will fail"}).status_code == 500
    assert (
        demo.get("/2/tweets", ids=state.user_by_username("demo").pinned_tweet_id).status_code == 200
    )


def test_oauth_paths_fail_with_v1_bodies(xemu, state):
    state.set_fault("/oauth/*", status=401)
    response = requests.post(xemu.base_url + "/oauth/request_token", timeout=5)
    assert response.json() == {"errors": [{"code": 32, "message": "Could not authenticate you."}]}


def test_http_control_api(xemu, demo):
    control = xemu.base_url + "/_emulator"
    added = requests.post(
        f"{control}/faults", json={"pattern": "/2/users/me", "status": 503, "times": 2}, timeout=5
    )
    assert added.status_code == 201
    assert demo.get("/2/users/me").status_code == 503
    assert requests.get(f"{control}/faults", timeout=5).json()["faults"][0]["times"] == 1
    assert requests.delete(f"{control}/faults", timeout=5).json() == {"faults": []}
    assert demo.get("/2/users/me").status_code == 200
    bad = requests.post(f"{control}/faults", json={"pattern": "/x", "status": 418}, timeout=5)
    assert bad.status_code == 400


def test_http_reset_forgets_new_posts(xemu, demo):
    demo.post("/2/tweets", {"text": "to be forgotten"})
    posts = f"{xemu.base_url}/_emulator/posts"
    assert requests.get(posts, params={"author": "demo"}, timeout=5).json()["data"][0]["text"] == (
        "to be forgotten"
    )
    assert requests.post(f"{xemu.base_url}/_emulator/reset", timeout=5).json() == {"reset": True}
    texts = [
        p["text"] for p in requests.get(posts, params={"author": "demo"}, timeout=5).json()["data"]
    ]
    assert "to be forgotten" not in texts and texts
    assert requests.get(posts, params={"author": "nobody"}, timeout=5).status_code == 404


def test_faults_never_block_the_control_api(xemu, state):
    state.set_fault("*", status=500)
    assert requests.post(f"{xemu.base_url}/_emulator/reset", timeout=5).status_code == 200


def test_server_stop_releases_hanging_requests():
    server = EmulatorServer(state=EmulatorState()).start()
    server.state.set_fault("/2/users/me", hang=True)
    released = []

    def wait():
        started = time.monotonic()
        server.state.wait_hang(30)
        released.append(time.monotonic() - started)

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.05)
    server.stop()
    waiter.join(timeout=5)
    assert released and released[0] < 5

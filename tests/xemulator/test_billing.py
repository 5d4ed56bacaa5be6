"""Pay-per-use as X runs it since 2026: prices, same-day re-reads free, 402, the ledger.

And the other 2026 rules a self-serve app meets: the newer reply-rule body, which
also refuses quotes, and the callback allow-list (403, code 415).
"""

import pytest
import requests
from requests_oauthlib import OAuth1Session

from apps.xemulator import seed

ME = seed.DEMO_USER_ID
HOME = f"/2/users/{ME}/timelines/reverse_chronological"
CREDITS_DEPLETED = {
    "detail": "credits depleted",
    "status": 402,
    "title": "Payment Required",
    "type": "https://api.x.com/2/problems/credits-depleted",
}


def credits(xemu):
    return requests.get(xemu.base_url + "/_emulator/credits", timeout=5).json()


def _post(state, prefix):
    return next(p for p in state.posts.values() if p.text.startswith(prefix))


def test_reads_cost_per_resource_once_a_utc_day(xemu, demo, state):
    post = _post(state, "Two views of Osaka")
    assert demo.get(f"/2/tweets/{post.id}").status_code == 200
    assert demo.get(f"/2/tweets/{post.id}").status_code == 200
    page = demo.get(HOME, max_results=5, expansions="author_id").json()
    authors = {user["id"] for user in page["includes"]["users"]}
    new_posts = {p["id"] for p in page["data"]} - {post.id}
    ledger = credits(xemu)["ledger"]
    assert ledger["GET /2/tweets/:id"] == {"calls": 2, "resources": 1, "usd": 0.005}
    home = ledger["GET /2/users/:id/timelines/reverse_chronological"]
    assert home["resources"] == len(new_posts) + len(authors)
    assert home["usd"] == pytest.approx(0.005 * len(new_posts) + 0.010 * len(authors))
    spent = 0.005 + home["usd"]
    assert credits(xemu)["balance_usd"] == pytest.approx(100 - spent)
    assert credits(xemu)["spent_usd"] == pytest.approx(spent)


def test_writes_cost_per_request_and_a_link_costs_thirteen_times_more(xemu, demo):
    assert demo.post("/2/tweets", {"text": "plain words"}).status_code == 201
    assert demo.post("/2/tweets", {"text": "see https://example.com/a"}).status_code == 201
    assert demo.post("/2/tweets", {"text": "plain words"}).status_code == 403  # duplicate
    ledger = credits(xemu)["ledger"]
    assert ledger["POST /2/tweets"] == {"calls": 2, "resources": 0, "usd": 0.215}


def test_a_spent_balance_answers_402_until_credits_are_added(xemu, demo):
    set_low = requests.post(xemu.base_url + "/_emulator/credits", json={"balance": 0.01}, timeout=5)
    assert set_low.json()["balance_usd"] == 0.01
    # The call that spends the balance is still served; the balance goes below zero.
    assert demo.post("/2/tweets", {"text": "the last one"}).status_code == 201
    assert credits(xemu)["balance_usd"] == pytest.approx(-0.005)
    assert credits(xemu)["blocked"] is True
    refused = demo.get("/2/users/me")
    assert refused.status_code == 402
    assert refused.json() == CREDITS_DEPLETED
    assert demo.post("/2/tweets", {"text": "waiting"}).status_code == 402
    added = requests.post(xemu.base_url + "/_emulator/credits", json={"add": 5}, timeout=5)
    assert added.json()["blocked"] is False
    assert demo.get("/2/users/me").status_code == 200
    assert (
        requests.post(xemu.base_url + "/_emulator/credits", json={}, timeout=5).status_code == 400
    )


def test_enterprise_access_is_not_charged_and_never_402(xemu, demo, enterprise):
    requests.post(xemu.base_url + "/_emulator/credits", json={"balance": 0}, timeout=5)
    assert demo.post("/2/tweets", {"text": "on contract"}).status_code == 201
    assert credits(xemu)["ledger"] == {}
    assert credits(xemu)["access"] == "enterprise"


def test_the_stats_carry_the_ledger_and_reset_restores_the_balance(xemu, demo, state):
    demo.get("/2/users/me")
    body = requests.get(xemu.base_url + "/_emulator/stats", timeout=5).json()
    assert body["credits"]["ledger"] == {
        "GET /2/users/me": {"calls": 1, "resources": 1, "usd": 0.01}
    }
    state.set_credits(0)
    requests.post(xemu.base_url + "/_emulator/reset", timeout=5)
    assert credits(xemu)["balance_usd"] == 100.0
    assert credits(xemu)["ledger"] == {}


def test_the_newer_reply_rule_body_refuses_replies_and_quotes(xemu, demo, state):
    control = xemu.base_url + "/_emulator/tier"
    requests.post(
        control, json={"tier": "pay-per-use", "reply_refusal": "authorization"}, timeout=5
    )
    other = _post(state, "Markets")
    expected = {
        "title": "Authorization Error",
        "detail": "You can only reply to or quote posts where you are mentioned or are the author.",
        "type": "about:blank",
        "status": 403,
    }
    reply = demo.post("/2/tweets", {"text": "hi", "reply": {"in_reply_to_tweet_id": other.id}})
    quote = demo.post("/2/tweets", {"text": "look", "quote_tweet_id": other.id})
    assert (reply.status_code, reply.json()) == (403, expected)
    assert (quote.status_code, quote.json()) == (403, expected)
    assert "POST /2/tweets" not in credits(xemu)["ledger"]


def test_a_callback_not_on_the_allow_list_gets_403_code_415(xemu):
    allowed = "https://yubitter.example/login/callback/"
    answer = requests.post(
        xemu.base_url + "/_emulator/callbacks", json={"allowed": [allowed]}, timeout=5
    )
    assert answer.json() == {"allowed": [allowed]}

    def request_token(callback):
        session = OAuth1Session(
            seed.DEMO_CONSUMER_KEY, seed.DEMO_CONSUMER_SECRET, callback_uri=callback
        )
        return session.post(xemu.base_url + "/oauth/request_token", timeout=5)

    refused = request_token("http://127.0.0.1:9/login/callback/")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["code"] == 415
    assert request_token(allowed + "?next=/home/").status_code == 200
    requests.post(xemu.base_url + "/_emulator/callbacks", json={"allowed": None}, timeout=5)
    assert request_token("http://127.0.0.1:9/login/callback/").status_code == 200

"""X as it is in 2026, through the gateway: credits run out (402), a daily spending cap,
and pages that offer only what the app's access lets X do."""

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import XAccount
from apps.client.models import OutboxItem
from apps.operators.dashboard import dashboard_figures
from apps.xapi import services, spending
from apps.xapi.models import XSpend

pytestmark = pytest.mark.django_db

CREDITS_GONE = "The service has used its X credits; posts are kept and sent when it can."
CAP_REACHED = (
    "The service has reached its X spending for today; posts are kept and sent when it can."
)


def _text(page):
    return page.content.decode()


def _control(emulator, what, body=None):
    url = f"{emulator.base_url}/_emulator/{what}"
    answer = requests.post(url, json=body, timeout=5) if body is not None else requests.get(url)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _posts_by(emulator, username):
    return _control(emulator, f"posts?author={username}")["data"]


def _others_post(emulator, username="alice"):
    """A post of ``username`` that does not mention the demo user."""
    return next(p for p in _posts_by(emulator, username) if "@demo" not in p["text"])


def test_a_402_mid_session_keeps_the_post_and_sends_it_once_credits_return(
    signed_in, emulator, settings
):
    settings.X_READ_CACHE_TTL = 0  # every page view asks X
    assert signed_in.get("/home/").status_code == 200
    _control(emulator, "credits", {"balance": 0})

    home = signed_in.get("/home/")
    assert home.status_code == 200
    assert CREDITS_GONE in _text(home)
    assert '<div class="post"' in _text(home)  # the cached copy

    sent = signed_in.post("/post/", {"text": "クレジット切れでも残る投稿"})
    assert sent.status_code == 503
    assert CREDITS_GONE in _text(sent)
    item = OutboxItem.objects.get(text="クレジット切れでも残る投稿")
    assert item.status == OutboxItem.Status.WAITING_CREDITS
    assert item.attempts == 0
    outbox = signed_in.get("/outbox/")
    assert "waiting for credits" in _text(outbox)
    assert "クレジット切れでも残る投稿" in _text(outbox)

    figures = dashboard_figures()["x_credits"]
    assert figures["waiting"] == 1
    assert figures["exhausted_at"] is not None

    # Still no credits: the next try leaves it waiting, not failed.
    OutboxItem.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    item.refresh_from_db()
    assert (item.status, item.attempts) == (OutboxItem.Status.WAITING_CREDITS, 0)

    _control(emulator, "credits", {"add": 10})
    OutboxItem.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT
    assert [p["text"] for p in _posts_by(emulator, "demo")][0] == "クレジット切れでも残る投稿"
    assert CREDITS_GONE not in _text(signed_in.get("/home/"))


def test_a_page_with_no_copy_says_the_credits_are_spent_not_that_x_is_down(signed_in, emulator):
    _control(emulator, "credits", {"balance": 0})
    page = signed_in.get("/mentions/")
    assert page.status_code == 503
    assert CREDITS_GONE in _text(page)
    assert ">Waiting for X credits</h1>" in _text(page)
    assert "X is having trouble" not in _text(page) and "not answering" not in _text(page)


def test_default_access_offers_no_action_x_refuses(signed_in, emulator):
    post = _others_post(emulator)
    page = _text(signed_in.get(f"/p/{post['id']}/"))
    assert f'action="/p/{post["id"]}/like/"' not in page
    assert f'href="/p/{post["id"]}/quote/"' not in page
    assert 'name="in_reply_to"' not in page
    assert "X does not allow likes or quotes through its API for this service." in page
    assert "X only takes replies through its API to posts that mention you or are yours." in page
    assert f'action="/p/{post["id"]}/repost/"' in page  # reposts are still allowed
    profile = _text(signed_in.get("/u/alice/"))
    assert 'action="/u/alice/follow/"' not in profile
    assert "X does not allow follows through its API for this service." in profile


def test_default_access_offers_a_reply_where_the_user_is_mentioned(signed_in, emulator):
    mention = next(p for p in _posts_by(emulator, "hanako") if "@demo" in p["text"])
    page = _text(signed_in.get(f"/p/{mention['id']}/"))
    assert 'name="in_reply_to"' in page
    mine = _posts_by(emulator, "demo")[0]
    assert 'name="in_reply_to"' in _text(signed_in.get(f"/p/{mine['id']}/"))


def test_enterprise_access_offers_every_action(signed_in, emulator, x_enterprise):
    post = _others_post(emulator)
    page = _text(signed_in.get(f"/p/{post['id']}/"))
    assert f'action="/p/{post["id"]}/like/"' in page
    assert f'href="/p/{post["id"]}/quote/"' in page
    assert 'name="in_reply_to"' in page
    assert "through its API" not in page
    # demo does not follow stranger: Follow is the action that applies.
    assert 'action="/u/stranger/follow/"' in _text(signed_in.get("/u/stranger/"))


REPLY_MESSAGE = "X only allows replies through its API to people who mentioned or quoted you first."


@pytest.mark.parametrize("body", ["summoned", "authorization"])
def test_both_reply_rule_bodies_give_the_reply_message(signed_in, emulator, body):
    _control(emulator, "tier", {"tier": "pay-per-use", "reply_refusal": body})
    target = _others_post(emulator)
    page = signed_in.post("/post/", {"text": "返信したい", "in_reply_to": target["id"]})
    assert page.status_code == 400
    assert REPLY_MESSAGE in _text(page) and "返信したい" in _text(page)


def test_a_quote_refused_by_the_newer_body_does_not_talk_about_replies(signed_in, emulator):
    _control(emulator, "tier", {"tier": "pay-per-use", "reply_refusal": "authorization"})
    target = _others_post(emulator)
    page = signed_in.post("/post/", {"text": "引用したい", "quote_of": target["id"]})
    body = _text(page)
    assert page.status_code == 400
    assert "X only allows quoting posts through its API that mention you or are yours." in body
    assert REPLY_MESSAGE not in body and "Replies are only allowed" not in body
    assert "引用したい" in body


def test_a_callback_x_does_not_allow_is_named_as_the_operators_fix(client, emulator):
    _control(emulator, "callbacks", {"allowed": ["https://elsewhere.example/"]})
    page = client.get("/login/", follow=True)
    assert "X refused this site's callback address; the operator must add it to the app." in (
        _text(page)
    )
    assert "could not be reached" not in _text(page)


def test_spending_is_recorded_as_x_bills_it(signed_in, emulator):
    _control(emulator, "credits", {"balance": 100})
    requests.delete(f"{emulator.base_url}/_emulator/stats", timeout=5)
    spending.flush()  # what earlier calls in this process left in the tally
    XSpend.objects.all().delete()
    for path in ("/home/", "/mentions/", "/u/hanako/", "/home/"):
        assert signed_in.get(path).status_code == 200
    assert signed_in.post("/post/", {"text": "see https://example.com/x"}).status_code == 302
    billed = _control(emulator, "credits")["spent_usd"]
    spending.flush()
    recorded = sum(row.micros for row in XSpend.objects.all()) / 1e6
    assert billed > 0.2  # the post with a link alone is $0.200
    assert recorded == pytest.approx(billed)
    row = XSpend.objects.get(endpoint="POST /2/tweets")
    assert (row.calls, row.micros) == (1, 200_000)


def test_the_daily_cap_stops_spending(signed_in, emulator, settings):
    settings.X_READ_CACHE_TTL = 0
    settings.X_DAILY_CAP_PER_USER = 0.05
    assert signed_in.get("/home/").status_code == 200  # one page passes the cap
    spent = _control(emulator, "credits")["spent_usd"]
    assert spent > 0.05
    calls = _control(emulator, "stats")["total"]

    home = signed_in.get("/home/")
    assert home.status_code == 200 and CAP_REACHED in _text(home)
    page = signed_in.get("/mentions/")
    assert page.status_code == 503 and CAP_REACHED in _text(page)
    kept = signed_in.post("/post/", {"text": "上限を超えた日の投稿"})
    assert kept.status_code == 503 and CAP_REACHED in _text(kept)
    item = OutboxItem.objects.get(text="上限を超えた日の投稿")
    assert item.status == OutboxItem.Status.WAITING_CREDITS
    assert item.next_attempt_at > timezone.now()

    assert _control(emulator, "credits")["spent_usd"] == spent
    assert _control(emulator, "stats")["total"] == calls  # X was not asked at all
    # Revoking the link is not billed: it still goes to X past the cap.
    services.client_for(XAccount.objects.get()).invalidate_token()
    assert _control(emulator, "stats")["requests"]["POST /1.1/oauth/invalidate_token"] == 1


def test_near_the_cap_todays_copy_is_served_instead_of_a_fresh_read(signed_in, emulator, settings):
    settings.X_READ_CACHE_TTL = 0
    assert signed_in.get("/home/").status_code == 200
    spent = _control(emulator, "credits")["spent_usd"]
    settings.X_DAILY_CAP_PER_USER = spent / 0.9  # 90% spent, past X_CAP_NEAR (80%)
    calls = _control(emulator, "stats")["total"]
    home = signed_in.get("/home/")
    assert home.status_code == 200
    assert "The service is close to its X spending for today; this copy is from" in _text(home)
    assert _control(emulator, "stats")["total"] == calls


def test_a_message_typed_while_credits_are_spent_waits_or_comes_back(signed_in, emulator):
    assert signed_in.get("/dm/hanako/").status_code == 200  # the partner is known now
    _control(emulator, "credits", {"balance": 0})
    sent = signed_in.post("/dm/hanako/", {"text": "クレジット待ちのメッセージ"})
    assert sent.status_code == 302 and sent["Location"].endswith("/outbox/")
    item = OutboxItem.objects.get(text="クレジット待ちのメッセージ")
    assert (item.kind, item.status) == (OutboxItem.Kind.DM, OutboxItem.Status.WAITING_CREDITS)
    # A partner never looked up cannot be asked for: the text comes back with the reason.
    page = signed_in.post("/dm/alice/", {"text": "届かなかった文"})
    assert page.status_code == 503
    assert "届かなかった文" in _text(page) and CREDITS_GONE in _text(page)

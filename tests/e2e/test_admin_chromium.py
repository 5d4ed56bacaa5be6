"""The operators' admin in Chromium: sign in, find a user, run every action, read the dashboard."""

import re
from datetime import timedelta

import pytest
import requests
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from apps.accounts.models import PhoneSession, XAccount
from apps.client.models import OutboxItem
from apps.mailgate.addresses import address_get_or_create, address_lookup, posting_address
from apps.mailgate.models import BlockedSender, MailLog
from apps.xapi import errors
from apps.xapi.client import XClient
from tests.e2e.test_handoff_browsers import pc_signed_in_over_http

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_chromium"),
]

PASSWORD = "operators only, a long passphrase"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def _csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _phone_signed_in_by_code(gateway, pc):
    page = pc.get(gateway + "/account/phone/", timeout=10).text
    shown = pc.post(gateway + "/account/phone/", data={"csrfmiddlewaretoken": _csrf(page)}).text
    code = re.search(r'class="handoff-code">([0-9 ]+)<', shown).group(1)
    phone = requests.Session()
    phone.headers["User-Agent"] = IPHONE
    top = phone.get(gateway + "/", timeout=10).text
    done = phone.post(gateway + "/h/", data={"csrfmiddlewaretoken": _csrf(top), "code": code})
    assert done.url.startswith(gateway + "/home/")
    return phone


def _signed_in(session, gateway) -> bool:
    return session.get(gateway + "/home/", allow_redirects=False, timeout=10).status_code == 200


def _run_action(page, gateway, changelist, row_text, action):
    page.goto(f"{gateway}/operators/{changelist}/")
    row = page.locator("#result_list tbody tr", has_text=row_text)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    return page.locator("ul.messagelist").inner_text()


def test_staff_finds_a_user_runs_each_action_and_reads_the_dashboard(
    gateway, emulator, pc_browser, artifacts, django_user_model, monkeypatch
):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are
    # plain blocking ones between browser steps, which Django allows when told.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Seeded state: demo signed in on a PC, a phone signed in by code, two kept posts.
    pc = pc_signed_in_over_http(gateway)
    phone = _phone_signed_in_by_code(gateway, pc)
    account = XAccount.objects.get(screen_name="demo")
    token, secret = account.token, account.token_secret
    later = timezone.now() + timedelta(hours=1)
    kept = OutboxItem.objects.create(
        user=account.user, text="kept for later", next_attempt_at=later
    )
    unwanted = OutboxItem.objects.create(
        user=account.user, text="not wanted", next_attempt_at=later
    )
    OutboxItem.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(hours=2))
    django_user_model.objects.create_user(
        "operator", password=PASSWORD, is_staff=True, is_superuser=True
    )
    posting = address_get_or_create(account.user)
    old_address = posting_address(posting)
    MailLog.objects.create(sender="spam@bad.example", result=MailLog.Result.UNKNOWN)

    page = pc_browser
    page.goto(gateway + "/operators/")
    assert "/operators/login/" in page.url
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.url == gateway + "/operators/"

    # The dashboard, before anything is changed.
    page.click("text=Dashboard")
    page.screenshot(path=artifacts / "chromium-admin-1-dashboard.png", full_page=True)
    cell = lambda name: page.locator(f"#{name}").inner_text().strip()  # noqa: E731
    assert cell("users-linked") == "1"
    assert cell("phones") == "1"
    assert cell("handoffs-last-hour") == "1"
    assert cell("outbox-backlog") == "2"
    assert cell("users-active-today") == "1"
    assert cell("mail-received") == "1" and cell("mail-refused") == "1"
    assert cell("health-cache").startswith("ok") and cell("health-database").startswith("ok")
    assert (
        "GET /2/users/:id/timelines/reverse_chronological"
        in page.locator("#x-rate-limits").inner_text()
    )
    assert "docomo" in page.locator("#carrier-ranges").inner_text()

    # Find the user by their X name.
    page.goto(gateway + "/operators/auth/user/")
    page.fill("#searchbar", "demo")
    # Enter submits the search form: wait for its page, not the list already shown.
    with page.expect_navigation():
        page.press("#searchbar", "Enter")
    assert page.url == gateway + "/operators/auth/user/?q=demo"
    assert page.locator("#result_list tbody tr").count() == 1
    assert "@demo" in page.locator("#result_list").inner_text()
    page.screenshot(path=artifacts / "chromium-admin-2-user-found.png", full_page=True)

    # Each action, and what it did.
    said = _run_action(page, gateway, "accounts/phonesession", "smartphone", "sign_out_phones")
    assert "1 phone(s) signed out" in said
    assert not PhoneSession.objects.exists() and not _signed_in(phone, gateway)
    assert _signed_in(pc, gateway)

    said = _run_action(page, gateway, "client/outboxitem", "kept for later", "send_now")
    assert "1 of 1 item(s) sent" in said
    said = _run_action(page, gateway, "client/outboxitem", "not wanted", "discard")
    assert "1 item(s) discarded" in said
    kept.refresh_from_db()
    unwanted.refresh_from_db()
    assert kept.status == OutboxItem.Status.SENT and unwanted.status == OutboxItem.Status.DISCARDED

    said = _run_action(page, gateway, "mailgate/postingaddress", "x", "rotate_addresses")
    assert "1 posting address(es) rotated" in said
    assert address_lookup(old_address) is None
    said = _run_action(page, gateway, "mailgate/maillog", "spam@bad.example", "block_senders")
    assert "1 sender(s) blocked" in said
    assert BlockedSender.objects.filter(pattern="spam@bad.example").exists()

    said = _run_action(page, gateway, "auth/user", "@demo", "sign_out_everywhere")
    assert "1 user(s) signed out everywhere" in said
    assert not _signed_in(pc, gateway)

    said = _run_action(page, gateway, "accounts/xaccount", "demo", "revoke_x_link")
    assert "1 X link(s) revoked" in said
    with pytest.raises(errors.TokenRevoked):
        XClient(token, secret).me()
    page.screenshot(path=artifacts / "chromium-admin-3-revoked.png", full_page=True)

    # Every action is in the admin's history.
    messages = sorted(entry.get_change_message() for entry in LogEntry.objects.all())
    assert len(messages) == 7, messages
    page.goto(f"{gateway}/operators/auth/user/{account.user.pk}/history/")
    assert "Signed out everywhere" in page.content()

    # The dashboard follows.
    page.goto(gateway + "/operators/dashboard/")
    assert cell("outbox-backlog") == "0"
    assert cell("phones") == "0"

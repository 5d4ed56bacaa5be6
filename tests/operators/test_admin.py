"""The operators' admin: its path, staff only, locked after failed sign-ins, actions logged."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import PhoneSession, XAccount
from apps.client.models import OutboxItem
from apps.xapi import errors
from apps.xapi.client import XClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "operator", password="a long operator passphrase", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def _changelist_action(client, model, action, pks):
    url = reverse(f"admin:{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_admin_lives_at_admin_url_not_admin(settings, staff_client):
    assert settings.ADMIN_URL == "operators/"
    assert reverse("admin:index") == "/operators/"
    assert staff_client.get("/operators/").status_code == 200
    assert staff_client.get("/admin/").status_code == 404


def test_admin_url_comes_from_the_environment(monkeypatch):
    import importlib

    import yubitter.settings as project_settings

    monkeypatch.setenv("ADMIN_URL", "/backstage/")
    try:
        assert importlib.reload(project_settings).ADMIN_URL == "backstage/"
    finally:
        monkeypatch.delenv("ADMIN_URL")
        importlib.reload(project_settings)


def test_only_staff_get_in(django_user_model):
    anonymous = Client()
    assert anonymous.get("/operators/")["Location"].startswith("/operators/login/")
    user = django_user_model.objects.create_user("x123", password="not staff at all 123")
    member = Client()
    member.force_login(user)
    page = member.get("/operators/")
    assert page.status_code == 302 and "/operators/login/" in page["Location"]
    assert member.get(reverse("admin:dashboard")).status_code == 302


def test_repeated_failed_sign_ins_lock_the_name_out(staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="198.51.100.20")
    login = reverse("admin:login")
    for _ in range(2):
        page = attacker.post(login, {"username": "operator", "password": "guess"})
        assert page.status_code == 200  # the form again, with its error
    locked = attacker.post(login, {"username": "operator", "password": "guess"})
    assert locked.status_code == 429
    # Now even the right password from that address is refused.
    again = attacker.post(login, {"username": "operator", "password": "a long operator passphrase"})
    assert again.status_code == 429
    assert "Too many failed sign-ins" in again.content.decode()
    # The operator at their own address is not locked out by it.
    own = Client(REMOTE_ADDR="203.0.113.5")
    done = own.post(login, {"username": "operator", "password": "a long operator passphrase"})
    assert done.status_code == 302
    assert own.get("/operators/").status_code == 200


def test_find_a_user_by_x_name(staff_client, signed_in):
    page = staff_client.get(reverse("admin:auth_user_changelist"), {"q": "demo"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "@demo" in body
    account = XAccount.objects.get(screen_name="demo")
    detail = staff_client.get(reverse("admin:auth_user_change", args=[account.user.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "demo" in html
    assert account.token_encrypted not in html and "token_encrypted" not in html


def test_sign_out_everywhere(staff_client, signed_in):
    account = XAccount.objects.get(screen_name="demo")
    assert signed_in.get("/home/").status_code == 200
    page = _changelist_action(staff_client, "auth_user", "sign_out_everywhere", [account.user.pk])
    assert page.status_code == 302
    assert signed_in.get("/home/").status_code == 302
    entry = LogEntry.objects.get(object_id=str(account.user.pk), action_flag=CHANGE)
    assert "Signed out everywhere" in entry.get_change_message()


def test_revoke_the_x_link(staff_client, signed_in):
    account = XAccount.objects.get(screen_name="demo")
    token, secret = account.token, account.token_secret
    page = _changelist_action(staff_client, "accounts_xaccount", "revoke_x_link", [account.pk])
    assert page.status_code == 302
    account.refresh_from_db()
    assert account.token_revoked and account.token == "" and account.token_secret == ""
    # X (the emulator) no longer takes the old token.
    with pytest.raises(errors.TokenRevoked):
        XClient(token, secret).me()
    assert signed_in.get("/home/").status_code == 302
    assert LogEntry.objects.filter(object_id=str(account.pk)).count() == 1


def test_outbox_send_now_and_discard(staff_client, signed_in, emulator):
    user = XAccount.objects.get(screen_name="demo").user
    later = timezone.now() + timedelta(hours=1)
    waiting = OutboxItem.objects.create(
        user=user, text="kept while X was down", next_attempt_at=later
    )
    unwanted = OutboxItem.objects.create(
        user=user, text="not wanted any more", next_attempt_at=later
    )
    _changelist_action(staff_client, "client_outboxitem", "send_now", [waiting.pk])
    waiting.refresh_from_db()
    assert waiting.status == OutboxItem.Status.SENT and waiting.sent_id
    _changelist_action(staff_client, "client_outboxitem", "discard", [unwanted.pk])
    unwanted.refresh_from_db()
    assert unwanted.status == OutboxItem.Status.DISCARDED
    import requests

    posted = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5).json()
    texts = [item["text"] for item in posted["data"]]
    assert "kept while X was down" in texts and "not wanted any more" not in texts
    messages = {e.object_id: e.get_change_message() for e in LogEntry.objects.all()}
    assert "sent" in messages[str(waiting.pk)] and "Discarded" in messages[str(unwanted.pk)]


def test_sign_out_a_phone_from_the_admin(staff_client, signed_in):
    from tests.accounts.test_handoff import open_link, start_handoff

    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    open_link(phone, link)
    row = PhoneSession.objects.get()
    page = staff_client.get(reverse("admin:accounts_phonesession_changelist"))
    assert row.label in page.content.decode()
    _changelist_action(staff_client, "accounts_phonesession", "sign_out_phones", [row.pk])
    assert not PhoneSession.objects.exists()
    assert phone.get("/home/").status_code == 302
    assert signed_in.get("/home/").status_code == 200

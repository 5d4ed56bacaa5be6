"""Opt-in mail for new mentions and messages: only new ones, each once, in the phone's encoding."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.mailgate.models import PostingAddress

from .conftest import parse_notices

pytestmark = pytest.mark.django_db(transaction=True)


def _run():
    out = StringIO()
    call_command("mail_notices", stdout=out)
    return out.getvalue()


def _someone(emulator):
    state = emulator.state
    return next(u for u in state.users.values() if u.username != "demo")


def test_new_mentions_and_messages_are_mailed_once(poster, emulator, smtp_sink, settings):
    settings.X_READ_CACHE_TTL = 0
    PostingAddress.objects.update(
        notice_address="me@docomo.ne.jp",
        notify_mentions=True,
        notify_dms=True,
        notices_since=timezone.now(),
    )
    other = _someone(emulator)
    demo_id = emulator.state.user_by_username("demo").id
    emulator.state.create_post(other.id, "@demo 晴れたね☀️")
    emulator.state.send_dm(other.id, f"{other.id}-{demo_id}", "こんにちは")
    assert "mailed 2" in _run()
    texts = [mail.text for mail in parse_notices(smtp_sink.wait(2))]
    assert any("晴れたね☀️" in t and f"@{other.username}" in t for t in texts)
    assert any("こんにちは" in t for t in texts)
    assert "mailed 0" in _run(), "nothing is mailed twice"
    assert len(smtp_sink.messages) == 2


def test_nothing_from_before_the_opt_in_is_mailed(poster, emulator, smtp_sink, settings):
    settings.X_READ_CACHE_TTL = 0
    other = _someone(emulator)
    emulator.state.create_post(other.id, "@demo old news")
    # X's times are milliseconds: an item of the opt-in's own millisecond counts as new.
    time.sleep(0.002)
    PostingAddress.objects.update(
        notice_address="me@gmail.com", notify_mentions=True, notices_since=timezone.now()
    )
    assert "mailed 0" in _run()
    assert smtp_sink.wait(timeout=0.3) == []


def test_users_who_did_not_ask_get_nothing(poster, emulator, smtp_sink):
    PostingAddress.objects.update(notice_address="me@gmail.com")
    other = _someone(emulator)
    emulator.state.create_post(other.id, "@demo hello")
    assert "users 0, mailed 0" in _run()

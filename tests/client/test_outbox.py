"""The outbox: a post X could not take is kept, retried, and lands on X exactly once."""

import time
from io import StringIO

import pytest
import requests
from django.core.management import call_command

from apps.client.models import OutboxItem

pytestmark = pytest.mark.django_db


def _posted(emulator, text):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    body = answer.json()
    items = body.get("data", body) if isinstance(body, dict) else body
    return [item for item in items if item["text"] == text]


def _make_due():
    OutboxItem.objects.update(next_attempt_at="2000-01-01T00:00:00Z")


def _send_outbox():
    out = StringIO()
    call_command("send_outbox", stdout=out)
    return out.getvalue()


def test_post_during_503_is_kept_and_sent_once_after_recovery(signed_in, emulator):
    emulator.state.set_fault("/2/tweets", status=503, method="POST")
    text = "障害中に書いた投稿 written during the outage"
    page = signed_in.post("/post/", {"text": text})
    assert page.status_code == 503
    assert text in page.content.decode()
    item = OutboxItem.objects.get()
    assert item.status == OutboxItem.Status.PENDING and item.attempts == 1
    assert item.next_attempt_at > item.created_at

    assert "sent 0" in _send_outbox(), "not due yet: nothing is tried"
    _make_due()
    assert "sent 0" in _send_outbox(), "still failing: stays pending"
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.PENDING and item.attempts == 2

    emulator.state.clear_faults()
    _make_due()
    assert "sent 1" in _send_outbox()
    _make_due()
    assert "tried 0" in _send_outbox()
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT and item.sent_id
    assert len(_posted(emulator, text)) == 1


def test_answer_lost_after_x_took_the_post_is_not_sent_twice(signed_in, emulator, settings):
    settings.X_READ_TIMEOUT = 0.3
    emulator.state.set_fault("/2/tweets", latency=0.8, method="POST", times=1)
    text = "タイムアウトしたけど届いた投稿"
    page = signed_in.post("/post/", {"text": text})
    assert page.status_code == 503
    time.sleep(1.0)  # the emulator finishes the request the gateway gave up on
    item = OutboxItem.objects.get()
    assert item.outcome_unknown
    assert len(_posted(emulator, text)) == 1
    _make_due()
    assert "sent 1" in _send_outbox()
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT
    assert len(_posted(emulator, text)) == 1


def test_rate_limited_post_waits_for_the_reset(signed_in, emulator):
    emulator.state.set_fault("/2/tweets", status=429, method="POST")
    page = signed_in.post("/post/", {"text": "あとで送る"})
    assert page.status_code == 429
    item = OutboxItem.objects.get()
    assert item.next_attempt_at > item.created_at


def test_user_sends_now_from_the_outbox_page(signed_in, emulator):
    emulator.state.set_fault("/2/tweets", status=500, method="POST")
    signed_in.post("/post/", {"text": "今すぐ送りたい"})
    item = OutboxItem.objects.get()
    listing = signed_in.get("/outbox/").content.decode()
    assert "今すぐ送りたい" in listing and f"/outbox/{item.pk}/send/" in listing
    emulator.state.clear_faults()
    done = signed_in.post(f"/outbox/{item.pk}/send/", follow=True)
    assert done.status_code == 200
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT
    assert len(_posted(emulator, "今すぐ送りたい")) == 1
    assert "今すぐ送りたい" not in signed_in.get("/outbox/").content.decode()


def test_discard_removes_it_and_nothing_is_sent(signed_in, emulator):
    emulator.state.set_fault("/2/tweets", status=503, method="POST")
    signed_in.post("/post/", {"text": "やっぱりやめる"})
    item = OutboxItem.objects.get()
    assert signed_in.post(f"/outbox/{item.pk}/discard/").status_code == 302
    emulator.state.clear_faults()
    _make_due()
    assert "tried 0" in _send_outbox()
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.DISCARDED
    assert not _posted(emulator, "やっぱりやめる")


def test_someone_elses_item_is_not_reachable(signed_in, emulator, django_user_model):
    other = django_user_model.objects.create_user("x999")
    item = OutboxItem.objects.create(
        user=other, text="private", next_attempt_at="2030-01-01T00:00:00Z"
    )
    assert signed_in.post(f"/outbox/{item.pk}/send/").status_code == 404
    assert signed_in.post(f"/outbox/{item.pk}/discard/").status_code == 404
    assert "private" not in signed_in.get("/outbox/").content.decode()

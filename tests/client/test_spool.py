"""The spool: writes kept on disk while the database is away, moved into the outbox once."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.client import outbox
from apps.client.models import OutboxItem
from apps.client.spool import SpooledWrite, spool_dir, spool_drain, spool_files, spool_keep
from apps.xapi import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("x42")


def test_a_kept_write_is_one_whole_file_and_nothing_else(user):
    path = spool_keep(SpooledWrite(user_id=user.pk, kind="post", text="電車から <&>"))
    assert [p.name for p in spool_dir().iterdir()] == [path.name]  # no temporary left
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert (kept["user_id"], kept["text"], kept["waits_for"]) == (user.pk, "電車から <&>", "")


def test_draining_makes_outbox_items_due_now_and_empties_the_spool(user):
    item = outbox.outbox_spool(
        user=user, text="a reply", error=errors.Unavailable("X 503"), in_reply_to="123"
    )
    assert item.pk is None and item.attempts == 1
    assert spool_drain() == 1
    assert spool_files() == []
    kept = OutboxItem.objects.get()
    assert (kept.user, kept.text, kept.in_reply_to, kept.status) == (
        user,
        "a reply",
        "123",
        OutboxItem.Status.PENDING,
    )
    assert kept.spool_id and kept.attempts == 1
    assert list(outbox.outbox_due()) == [kept]


def test_a_file_left_after_its_item_was_made_is_not_kept_twice(user):
    path = spool_keep(SpooledWrite(user_id=user.pk, kind="post", text="once"))
    copy = path.read_bytes()
    assert spool_drain() == 1
    path.write_bytes(copy)  # the process died between the insert and the unlink
    assert spool_drain() == 0
    assert spool_files() == []
    assert OutboxItem.objects.filter(text="once").count() == 1


def test_a_write_waiting_for_sign_in_or_credits_waits_in_the_outbox_too(user):
    outbox.outbox_spool(user=user, text="revoked", waits_for=outbox.SPOOL_SIGN_IN)
    outbox.outbox_spool(
        user=user,
        text="no credits",
        error=errors.CreditsExhausted("402"),
        waits_for=outbox.SPOOL_CREDITS,
        kind=OutboxItem.Kind.DM,
        dm_participant_id="99",
    )
    assert spool_drain() == 2
    revoked = OutboxItem.objects.get(text="revoked")
    assert (revoked.status, revoked.last_error) == (
        OutboxItem.Status.PENDING,
        outbox.WAITING_FOR_SIGN_IN,
    )
    credits = OutboxItem.objects.get(text="no credits")
    assert (credits.status, credits.kind, credits.dm_participant_id) == (
        OutboxItem.Status.WAITING_CREDITS,
        OutboxItem.Kind.DM,
        "99",
    )


def test_an_unreadable_file_stays_for_an_operator(user):
    spool_dir().mkdir(parents=True)
    broken = spool_dir() / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    spool_keep(SpooledWrite(user_id=user.pk, kind="post", text="fine"))
    assert spool_drain() == 1
    assert spool_files() == [broken]


def test_send_outbox_moves_the_spool_first(user):
    spool_keep(SpooledWrite(user_id=user.pk, kind="post", text="from the spool"))
    out = StringIO()
    call_command("send_outbox", "--spool-only", stdout=out)
    assert out.getvalue().strip() == "moved 1 from the spool, tried 0, sent 0"
    assert OutboxItem.objects.filter(text="from the spool").exists()


def test_when_the_disk_cannot_keep_it_either_the_database_error_goes_on(user, settings, tmp_path):
    from django.db import OperationalError

    from apps.client.services import _spool

    settings.SPOOL_DIR = str(tmp_path / "a-file")
    (tmp_path / "a-file").write_text("not a folder")
    away = OperationalError("the database is away")
    with pytest.raises(OperationalError) as raised:
        _spool(away, user=user, text="typed", error=errors.Unavailable("X 503"))
    assert raised.value is away  # the 503 page then shows "typed" back

"""The outbox: nothing a user wrote is lost when X cannot take it right now.

A write that fails for a passing reason (timeout, 5xx, 429) is kept with its text
and retried with backoff, by the user ("send now") or by `manage.py send_outbox`.
One refused because X revoked the token waits for the user to sign in again (the
same X account, so the same user) and is sent right then. One that X could not
take because the site's X credits are spent (402), or a daily spending cap is
reached, waits "for credits": not failed, tried again every few minutes (at the
next UTC day for a cap) without counting as an attempt, and sent once X takes it.
Each try first claims the item (a conditional UPDATE), so two senders never send
the same item twice; after a timeout, whether X took the post is unknown, so the
next try looks at the account's latest posts first, and X's duplicate refusal also
counts as sent. While the database is away, a write that would be kept here goes
into this node's spool (``spool.py``, ``outbox_spool``) and becomes an outbox item
when the database is back (``outbox_item_from_spool``).
"""

import logging
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from apps.accounts.services import account_mark_revoked
from apps.photos.errors import StorageUnavailable
from apps.photos.services import post_with_photo
from apps.xapi import errors, services

from .models import OutboxItem
from .spool import SpooledWrite, spool_keep

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
# A claim older than this belongs to a sender that died mid-send.
STALE_CLAIM = timedelta(minutes=10)

# StorageUnavailable: a kept photo could not be read back to upload it.
PASSING = (errors.Unavailable, errors.RateLimited, StorageUnavailable)
# Why an item waits: X no longer accepts the account's token. Sent right after the
# user signs in with X again (``outbox_send_after_sign_in``), not at the next retry.
WAITING_FOR_SIGN_IN = "Sign in with X again to send this."
# How often an item waiting for credits is tried again (a 402 costs nothing).
CREDITS_RETRY = timedelta(minutes=5)
# What a spooled write waits for, besides a passing refusal.
SPOOL_SIGN_IN = "sign-in"
SPOOL_CREDITS = "credits"
OPEN = (
    OutboxItem.Status.PENDING,
    OutboxItem.Status.FAILED,
    OutboxItem.Status.WAITING_CREDITS,
)


def outbox_keep(*, user, text, error, kind=OutboxItem.Kind.POST, **target) -> OutboxItem:
    """Keep a write X refused for a passing reason; it is retried later."""
    item = OutboxItem(user=user, kind=kind, text=text, **target)
    _note_failure(item, error)
    item.save()
    return item


def outbox_keep_until_sign_in(*, user, text, kind=OutboxItem.Kind.POST, **target) -> OutboxItem:
    """Keep a write X refused because the token is revoked; sent when the user signs in."""
    item = OutboxItem(user=user, kind=kind, text=text, **target)
    _wait_for_sign_in(item)
    item.save()
    return item


def outbox_keep_for_credits(*, user, text, error, kind=OutboxItem.Kind.POST, **target):
    """Keep a write X could not take for lack of credits (or a cap); sent when it can."""
    item = OutboxItem(user=user, kind=kind, text=text, **target)
    _wait_for_credits(item, error)
    item.save()
    return item


def _wait_for_credits(item: OutboxItem, error) -> None:
    item.status = OutboxItem.Status.WAITING_CREDITS
    item.last_error = (getattr(error, "detail", "") or type(error).__name__)[:300]
    now = timezone.now()
    if isinstance(error, errors.SpendCapReached):
        # The caps count per UTC day: the next try is when the new day starts.
        tomorrow = (now.astimezone(UTC) + timedelta(days=1)).date()
        item.next_attempt_at = datetime.combine(tomorrow, time.min, tzinfo=UTC)
    else:
        item.next_attempt_at = now + CREDITS_RETRY


def outbox_spool(
    *, user, text, error=None, waits_for="", kind=OutboxItem.Kind.POST, **target
) -> OutboxItem:
    """Keep a write in this node's spool, the database being away; the unsaved item, to
    show what is kept. ``waits_for``: "" (a passing refusal, ``error``), SPOOL_SIGN_IN or
    SPOOL_CREDITS, as ``outbox_keep``, ``outbox_keep_until_sign_in`` and
    ``outbox_keep_for_credits`` would keep it."""
    item = OutboxItem(user_id=user.pk, kind=kind, text=text, **target)
    if waits_for == SPOOL_SIGN_IN:
        _wait_for_sign_in(item)
    elif waits_for == SPOOL_CREDITS:
        _wait_for_credits(item, error)
    else:
        _note_failure(item, error)
    spool_keep(
        SpooledWrite(
            user_id=user.pk,
            kind=kind,
            text=text,
            in_reply_to=item.in_reply_to,
            quote_of=item.quote_of,
            dm_participant_id=item.dm_participant_id,
            last_error=item.last_error,
            outcome_unknown=item.outcome_unknown,
            waits_for=waits_for,
        )
    )
    return item


def outbox_item_from_spool(write, kept_at) -> OutboxItem:
    """The outbox item of a write the spool kept while the database was away; due now."""
    item = OutboxItem(
        user_id=write.user_id,
        kind=write.kind,
        text=write.text,
        in_reply_to=write.in_reply_to,
        quote_of=write.quote_of,
        dm_participant_id=write.dm_participant_id,
        spool_id=write.id,
        outcome_unknown=write.outcome_unknown,
        attempts=1 if not write.waits_for else 0,
        last_error=write.last_error[:300],
        next_attempt_at=timezone.now(),
    )
    if write.waits_for == SPOOL_SIGN_IN:
        _wait_for_sign_in(item)
    elif write.waits_for == SPOOL_CREDITS:
        item.status = OutboxItem.Status.WAITING_CREDITS  # tried again now: a 402 costs nothing
    item.save()
    # Kept when the user wrote it, not when the database came back.
    OutboxItem.objects.filter(pk=item.pk).update(created_at=kept_at)
    return item


def outbox_send_after_sign_in(user) -> list[OutboxItem]:
    """Send what waited for this user to sign in again; the items X took."""
    waiting = OutboxItem.objects.filter(
        user=user, status=OutboxItem.Status.PENDING, last_error=WAITING_FOR_SIGN_IN
    )
    return [item for item in waiting if outbox_send(item)]


def _wait_for_sign_in(item: OutboxItem) -> None:
    item.status = OutboxItem.Status.PENDING
    item.last_error = WAITING_FOR_SIGN_IN
    # The timer leaves it alone meanwhile; signing in sends it at once.
    item.next_attempt_at = timezone.now() + MAX_DELAY


def outbox_open(user):
    """The user's items still waiting or refused, oldest first."""
    return OutboxItem.objects.filter(user=user, status__in=OPEN)


def outbox_discard(item: OutboxItem) -> bool:
    """Drop an item the user no longer wants sent."""
    return (
        OutboxItem.objects.filter(pk=item.pk, status__in=OPEN).update(
            status=OutboxItem.Status.DISCARDED, updated_at=timezone.now()
        )
        == 1
    )


def outbox_due(now=None):
    """Items whose next try is due, including ones a dead sender left claimed."""
    now = now or timezone.now()
    OutboxItem.objects.filter(
        status=OutboxItem.Status.SENDING, updated_at__lt=now - STALE_CLAIM
    ).update(status=OutboxItem.Status.PENDING, outcome_unknown=True)
    waiting = [OutboxItem.Status.PENDING, OutboxItem.Status.WAITING_CREDITS]
    return OutboxItem.objects.filter(status__in=waiting, next_attempt_at__lte=now).select_related(
        "user__x_account"
    )


def outbox_send(item: OutboxItem) -> bool:
    """Try to deliver one item now; True when X has it (sent before or now)."""
    claimed = OutboxItem.objects.filter(pk=item.pk, status__in=OPEN).update(
        status=OutboxItem.Status.SENDING, updated_at=timezone.now()
    )
    if not claimed:
        return False
    item.refresh_from_db()
    account = getattr(item.user, "x_account", None)
    if account is None or account.token_revoked:
        _wait_for_sign_in(item)
        item.save()
        return False
    try:
        sent_id = _already_sent(item, account) if item.outcome_unknown else None
        if sent_id is None:
            sent_id = _deliver(item, account)
    except errors.TokenRevoked:
        # Not refused: kept until the user signs in with X again.
        account_mark_revoked(account)
        _wait_for_sign_in(item)
        item.save()
        return False
    except errors.Forbidden as exc:
        if not exc.is_duplicate:
            return _refused(item, exc)
        sent_id = "duplicate"  # X already has this exact text from an earlier try
    except PASSING as exc:
        _note_failure(item, exc)
        item.save()
        return False
    except errors.NO_CREDITS as exc:
        _wait_for_credits(item, exc)
        item.save()
        return False
    except errors.XError as exc:
        return _refused(item, exc)
    item.status = OutboxItem.Status.SENT
    item.sent_id = sent_id
    item.last_error = ""
    item.save()
    return True


def _deliver(item: OutboxItem, account) -> str:
    if item.kind == OutboxItem.Kind.DM:
        conversation_id, event_id = services.send_dm(account, item.dm_participant_id, item.text)
        return event_id
    if item.photo_id:
        return post_with_photo(account, item.text, item.photo).post.id
    extra = {"quote_of": item.quote_of} if item.quote_of else {}
    post = services.create_post(account, item.text, in_reply_to=item.in_reply_to or None, **extra)
    return post.id


def _already_sent(item: OutboxItem, account) -> str | None:
    """After a timeout: did X take the post anyway? Look at the account's latest posts."""
    if item.kind != OutboxItem.Kind.POST:
        return None
    page = services.client_for(account).user_posts(account.x_user_id, max_results=10)
    since = item.created_at - timedelta(minutes=5)
    for post in page.items:
        if post.display_text == item.text and (post.created_at is None or post.created_at >= since):
            return post.id
    return None


def _note_failure(item: OutboxItem, error) -> None:
    item.attempts += 1
    item.status = OutboxItem.Status.PENDING
    item.outcome_unknown = item.outcome_unknown or bool(getattr(error, "timed_out", False))
    item.last_error = (str(getattr(error, "detail", "")) or type(error).__name__)[:300]
    delay = min(BASE_DELAY * (2 ** (item.attempts - 1)), MAX_DELAY)
    reset_at = getattr(error, "reset_at", None)
    now = timezone.now()
    item.next_attempt_at = max(now + delay, reset_at) if reset_at else now + delay
    if item.attempts >= MAX_ATTEMPTS:
        item.status = OutboxItem.Status.FAILED


def _refused(item: OutboxItem, error) -> bool:
    logger.info("outbox item %s refused by X: %r", item.pk, error)
    item.status = OutboxItem.Status.FAILED
    item.attempts += 1
    item.last_error = (getattr(error, "reason", None) or error.detail or str(error))[:300]
    item.save()
    return False

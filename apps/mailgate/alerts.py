"""New mentions and direct messages by mail, for users who asked (``manage.py mail_notices``).

Reads go through the cached services (``apps.xapi.services``), so a run costs at most
one call to X per user and endpoint within the read cache's freshness time, and a
user who also reads on the web shares those reads. Each item is mailed once: the
``NoticeSent`` row is written first (unique per user, kind and item), and only the
run that wrote it sends. Items from before the user opted in are never mailed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.xapi import errors
from apps.xapi import services as x

from . import notices
from .models import NoticeSent, PostingAddress

logger = logging.getLogger(__name__)


@dataclass
class AlertRun:
    """What one run did."""

    users: int = 0
    mailed: int = 0
    skipped: int = 0


def notices_opt_in(address: PostingAddress) -> PostingAddress:
    """Save notice choices; turning mentions or messages on starts from now (no backlog)."""
    wants = address.notify_mentions or address.notify_dms
    before = PostingAddress.objects.filter(pk=address.pk).values("notify_mentions", "notify_dms")
    had = before.first() or {}
    newly = (address.notify_mentions and not had.get("notify_mentions")) or (
        address.notify_dms and not had.get("notify_dms")
    )
    if wants and (newly or address.notices_since is None):
        address.notices_since = timezone.now()
    address.save()
    return address


def alerts_send() -> AlertRun:
    """Mail every opted-in user their new mentions and messages."""
    run = AlertRun()
    addresses = PostingAddress.objects.select_related("user__x_account").exclude(
        notice_address=""
    ).filter(user__x_account__token_revoked=False).filter(
        notify_mentions=True
    ) | PostingAddress.objects.select_related("user__x_account").exclude(notice_address="").filter(
        user__x_account__token_revoked=False
    ).filter(notify_dms=True)
    for address in addresses.distinct():
        run.users += 1
        account = address.user.x_account
        try:
            if address.notify_mentions:
                _mentions(address, account, run)
            if address.notify_dms:
                _messages(address, account, run)
        except errors.XError as exc:
            logger.info("notices for user %s skipped this run: %r", address.user_id, exc)
    return run


def _new(address: PostingAddress, created_at) -> bool:
    since = address.notices_since
    return since is None or created_at is None or created_at >= since


def _once(address: PostingAddress, kind: str, item_id: str, run: AlertRun, send) -> None:
    """Mail one item unless an earlier run (or a concurrent one) already claimed it."""
    try:
        with transaction.atomic():
            NoticeSent.objects.create(user=address.user, kind=kind, item_id=item_id)
    except IntegrityError:
        run.skipped += 1
        return
    send()
    run.mailed += 1


def _mentions(address: PostingAddress, account, run: AlertRun) -> None:
    page = x.mentions_page(account).value
    for post in reversed(page.items):
        if not _new(address, post.created_at) or post.author_id == account.x_user_id:
            continue
        author = post.author.username if post.author else post.author_id or "?"
        _once(
            address,
            NoticeSent.Kind.MENTION,
            post.id,
            run,
            lambda post=post, author=author: notices.notice_mention(
                address.user,
                address.notice_address,
                author=author,
                text=post.display_text,
                post_id=post.id,
            ),
        )


def _messages(address: PostingAddress, account, run: AlertRun) -> None:
    page = x.dm_events_page(account).value
    for event in reversed(page.items):
        if event.event_type != "MessageCreate" or event.sender_id == account.x_user_id:
            continue
        if not _new(address, event.created_at):
            continue
        author = event.sender.username if event.sender else event.sender_id or "?"
        _once(
            address,
            NoticeSent.Kind.DM,
            event.id,
            run,
            lambda event=event, author=author: notices.notice_dm(
                address.user, address.notice_address, author=author, text=event.display_text
            ),
        )

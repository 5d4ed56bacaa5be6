"""What ``manage.py mail_notices`` mails: kept mail posts that X has now taken (or refused
for good), and new mentions and direct messages for users who asked.

A mail post X could not take at once is kept in the outbox and sent later by
``send_outbox``; its sender was told it was kept, and is told here when it lands
(with the link) or is refused, once: the mail log entry moves from "kept" on.

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

from apps.client.models import OutboxItem
from apps.xapi import errors
from apps.xapi import services as x

from . import notices
from .models import MailLog, NoticeSent, PostingAddress

logger = logging.getLogger(__name__)


@dataclass
class AlertRun:
    """What one run did."""

    users: int = 0
    mailed: int = 0
    skipped: int = 0
    results: int = 0


def kept_results(run: AlertRun | None = None) -> AlertRun:
    """Tell senders of kept mail posts what became of them, once each."""
    run = run or AlertRun()
    kept = MailLog.objects.filter(
        result=MailLog.Result.KEPT,
        outbox_item__status__in=[OutboxItem.Status.SENT, OutboxItem.Status.FAILED],
    ).select_related("address__user", "outbox_item")
    for log in kept:
        item = log.outbox_item
        sent = item.status == OutboxItem.Status.SENT
        result = MailLog.Result.POSTED if sent else MailLog.Result.REFUSED
        # Claim the entry first so two runs never mail the same result.
        claimed = MailLog.objects.filter(pk=log.pk, result=MailLog.Result.KEPT).update(
            result=result, reason="" if sent else item.last_error[:300]
        )
        address = log.address
        if not claimed or address is None or not address.notify_results:
            continue
        if not address.notice_address:
            continue
        if sent:
            notices.notice_posted(
                address.user, address.notice_address, text=item.text, post_id=item.sent_id
            )
        else:
            notices.notice_refused(
                address.user, address.notice_address, text=item.text, reason=item.last_error
            )
        run.results += 1
    return run


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
    """Mail results of kept mail posts, and opted-in users their new mentions and messages."""
    run = kept_results()
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
    """Whether an item is from after the opt-in. X gives times to the millisecond, so the
    opt-in time is cut to its millisecond too: an item of that same millisecond is new."""
    since = address.notices_since
    if since is None or created_at is None:
        return True
    return created_at >= since.replace(microsecond=since.microsecond // 1000 * 1000)


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

"""A mail to a posting address becomes a post: the one path for the LMTP server and the pipe.

``mail_receive`` answers as a mail system must, so Postfix knows what to do:

* ``Refused`` (5xx, exit 67): an unknown or rotated address (550), a mail over
  MAIL_MAX_BYTES (552). Postfix returns the mail to its sender.
* ``TryLater`` (4xx, exit 75): the database or photo storage is down. Postfix
  keeps the mail and tries again; nothing was posted (a photo stored before the
  database failed is found again by its digest on the retry, not stored twice).
* an ``Outcome`` (250, exit 0): the mail is handled and safe. It was posted, or
  kept in the outbox (X down, rate-limited, slow, or the token revoked: retried
  by ``send_outbox``), or refused for what it says (too many attachments, not an
  image, too long, too many posts this hour: the user gets the reason by mail
  with their text), or dropped because a machine sent it (auto-replies, bounces,
  lists, our own notices: logged, never posted, never answered).

The order makes "accepted" mean "kept": the text and photo are written to the
outbox in one transaction before X is asked, and X is asked through the outbox's
own claim, so a post lands once however the answer to Postfix goes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.client.models import OutboxItem
from apps.client.outbox import outbox_send
from apps.photos.errors import PhotoRefused, StorageUnavailable
from apps.photos.models import Photo
from apps.photos.services import store_photo
from apps.xapi import spending
from apps.xapi.text import is_valid_post

from . import notices
from .addresses import address_lookup, address_rotate, posting_address
from .blocking import BLOCKED_REASON, sender_blocked
from .compose import post_text
from .loops import automatic_reason
from .message import MalformedMail, ParsedMail, parse_mail
from .models import MailLog, PostingAddress

logger = logging.getLogger(__name__)

Result = MailLog.Result
# Bytes no charset could read (U+FFFD) and control characters: more than one in 20
# means binary data, not a post; fewer (a mailer that cut a character) are posted.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNREADABLE = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Refused(Exception):
    """A permanent refusal at delivery time: Postfix returns the mail (5xx)."""

    def __init__(self, code: int, status: str, message: str):
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message

    @property
    def reply(self) -> str:
        """The SMTP/LMTP reply line."""
        return f"{self.code} {self.status} {self.message}"


class TryLater(Exception):
    """Something we need is down: Postfix keeps the mail and tries again (4xx)."""

    reply = "451 4.3.0 Temporary failure, try again later"


@dataclass(frozen=True)
class Outcome:
    """What became of an accepted mail."""

    result: str
    reason: str = ""
    post_id: str = ""
    outbox_item_id: int | None = None


def address_rotate_and_tell(user) -> PostingAddress:
    """Give the user a new secret address and tell them at their notice address."""
    stored = address_rotate(user)
    if stored.notice_address:
        notices.notice_address_changed(user, stored.notice_address, address=posting_address(stored))
    return stored


def recipient_known(recipient: str) -> bool:
    """Whether RCPT TO names a live posting address (the LMTP server asks before DATA)."""
    try:
        return address_lookup(recipient) is not None
    except DatabaseError as exc:
        raise TryLater() from exc


def mail_receive(raw: bytes, *, recipient: str, sender: str | None = None) -> Outcome:
    """Handle one mail for one recipient; raises Refused or TryLater, or returns the Outcome.

    ``sender`` is the envelope sender (MAIL FROM), "" for a null return path, None
    when the caller does not know it.
    """
    spending.spend_for("mailgate")
    try:
        return _receive(raw, recipient=recipient, sender=sender)
    except DatabaseError as exc:
        logger.warning("mail to a posting address deferred: database unavailable: %s", exc)
        raise TryLater() from exc


def _receive(raw: bytes, *, recipient: str, sender: str | None) -> Outcome:
    address = address_lookup(recipient)
    if address is None:
        _log(None, sender or "", raw, Result.UNKNOWN, "unknown address")
        raise Refused(550, "5.1.1", "No such posting address")
    if len(raw) > settings.MAIL_MAX_BYTES:
        _log(address, sender or "", raw, Result.REFUSED, "message too big")
        raise Refused(552, "5.3.4", "Message too big")

    try:
        mail = parse_mail(raw)
    except MalformedMail as exc:
        _log(address, sender or "", raw, Result.REFUSED, str(exc))
        return Outcome(Result.REFUSED, str(exc))
    from_ = mail.sender or (sender or "").strip("<>")
    if sender_blocked(from_, sender or ""):
        # Operators blocked this sender: kept in the log, never posted, never answered.
        _log(address, from_, raw, Result.REFUSED, BLOCKED_REASON, mail=mail)
        return Outcome(Result.REFUSED, BLOCKED_REASON)
    automatic = automatic_reason(mail.headers, envelope_sender=sender)
    if automatic:
        _log(address, from_, raw, Result.DROPPED, automatic, mail=mail)
        return Outcome(Result.DROPPED, automatic)
    if mail.message_id and _seen_before(address, mail.message_id):
        _log(address, from_, raw, Result.DROPPED, "already received", mail=mail)
        return Outcome(Result.DROPPED, "already received")

    _remember_sender(address, from_)
    text = post_text(mail.subject, mail.text)
    with translation.override(notices.language_of(address.user)):
        refusal = _refusal(address, mail, text)
    if refusal:
        _log(address, from_, raw, Result.REFUSED, refusal, mail=mail)
        _tell(address, notices.notice_refused, text=_CONTROL.sub("", text), reason=refusal)
        return Outcome(Result.REFUSED, refusal)

    text = _CONTROL.sub("", text)
    photo, refusal = _store_photo(address, mail)
    if refusal:
        _log(address, from_, raw, Result.REFUSED, refusal, mail=mail)
        _tell(address, notices.notice_refused, text=text, reason=refusal)
        return Outcome(Result.REFUSED, refusal)
    with transaction.atomic():
        item = OutboxItem.objects.create(
            user=address.user, text=text, photo=photo, next_attempt_at=timezone.now()
        )
        log = _log(address, from_, raw, Result.KEPT, "", mail=mail, item=item)
    return _post(address, item, log)


def _refusal(address: PostingAddress, mail: ParsedMail, text: str) -> str:
    """Why this mail cannot become a post ("" when it can)."""
    if len(mail.attachments) > settings.MAIL_MAX_ATTACHMENTS:
        return _("too many attachments (at most %(limit)s)") % {
            "limit": settings.MAIL_MAX_ATTACHMENTS
        }
    since = timezone.now() - timedelta(hours=1)
    recent = MailLog.objects.filter(
        user=address.user, result__in=[Result.POSTED, Result.KEPT], received_at__gte=since
    ).count()
    if recent >= settings.MAIL_POSTS_PER_HOUR:
        return _("too many posts by mail this hour (at most %(limit)s)") % {
            "limit": settings.MAIL_POSTS_PER_HOUR
        }
    if not mail.sender:
        return _("the mail has no sender address")
    if len(_UNREADABLE.findall(text)) > len(text) // 20:
        return _("the mail's text could not be read")
    if not text and not mail.photos:
        return _("the mail has no text to post")
    if text and not is_valid_post(text):
        return _("the text is longer than X allows")
    return ""


def _store_photo(address: PostingAddress, mail: ParsedMail) -> tuple[Photo | None, str]:
    """The mail's first photo stored (normalised, on S3 or disk), or why it was refused.

    Storage being down raises TryLater: Postfix keeps the mail, nothing is posted.
    """
    if not mail.photos:
        return None, ""
    first = mail.photos[0]
    # The post follows at once: X gets the photo while its files are written.
    account = getattr(address.user, "x_account", None)
    try:
        photo = store_photo(
            user=address.user,
            data=first.data,
            filename=first.filename,
            content_type=first.content_type,
            upload_for=account if account is not None and not account.token_revoked else None,
        )
    except PhotoRefused as exc:
        with translation.override(notices.language_of(address.user)):
            return None, str(exc.message)
    except StorageUnavailable as exc:
        logger.warning("mail to a posting address deferred: photo storage unavailable: %s", exc)
        raise TryLater() from exc
    return photo, ""


def _post(address: PostingAddress, item: OutboxItem, log: MailLog) -> Outcome:
    """Ask X now through the outbox; whatever happens, the item is already kept."""
    try:
        sent = outbox_send(item)
    except Exception:  # a bug must not turn an accepted mail into a retry: it is kept
        logger.exception("mail post %s: sending failed; kept in the outbox", item.pk)
        sent = False
    item.refresh_from_db()
    if sent:
        MailLog.objects.filter(pk=log.pk).update(result=Result.POSTED)
        _tell(address, notices.notice_posted, text=item.text, post_id=item.sent_id)
        return Outcome(Result.POSTED, post_id=item.sent_id, outbox_item_id=item.pk)
    reason = item.last_error or "X did not answer"
    if item.status == OutboxItem.Status.FAILED:
        MailLog.objects.filter(pk=log.pk).update(result=Result.REFUSED, reason=reason[:300])
        _tell(address, notices.notice_refused, text=item.text, reason=reason)
        return Outcome(Result.REFUSED, reason, outbox_item_id=item.pk)
    MailLog.objects.filter(pk=log.pk).update(reason=reason[:300])
    _tell(address, notices.notice_kept, text=item.text, reason=reason)
    return Outcome(Result.KEPT, reason, outbox_item_id=item.pk)


def _seen_before(address: PostingAddress, message_id: str) -> bool:
    # Postfix may deliver again when our answer was lost after the mail was kept.
    return MailLog.objects.filter(
        address=address,
        message_id=message_id,
        result__in=[Result.POSTED, Result.KEPT, Result.REFUSED],
    ).exists()


def _remember_sender(address: PostingAddress, sender: str) -> None:
    sender = sender.strip()[:254]
    if sender and "@" in sender and sender != address.notice_address:
        PostingAddress.objects.filter(pk=address.pk).update(notice_address=sender)
        address.notice_address = sender


def _tell(address: PostingAddress, notice, **kwargs) -> None:
    if address.notify_results and address.notice_address:
        notice(address.user, address.notice_address, **kwargs)


def _log(
    address: PostingAddress | None,
    sender: str,
    raw: bytes,
    result: str,
    reason: str,
    *,
    mail: ParsedMail | None = None,
    item: OutboxItem | None = None,
) -> MailLog:
    return MailLog.objects.create(
        sender=sender[:254],
        address=address,
        user=address.user if address else None,
        message_id=mail.message_id if mail else "",
        result=result,
        reason=reason[:300],
        size=len(raw),
        outbox_item=item,
    )

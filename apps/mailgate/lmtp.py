"""The LMTP server Postfix hands posting-address mail to (aiosmtpd).

RCPT TO is checked at once (550 for an unknown address, so Postfix bounces
without sending the data); after DATA each recipient gets its own reply line,
as LMTP wants (RFC 2033 §4.2). The work itself is synchronous Django code and runs
in a worker thread, one mail at a time per connection.
"""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from django.conf import settings
from django.db import close_old_connections

from .services import Refused, TryLater, mail_receive, recipient_known

logger = logging.getLogger(__name__)


def _in_thread(func, *args, **kwargs):
    close_old_connections()
    try:
        return func(*args, **kwargs)
    finally:
        close_old_connections()


class MailgateHandler:
    """aiosmtpd hooks: check recipients, then hand each mail to ``mail_receive``."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        try:
            known = await asyncio.to_thread(_in_thread, recipient_known, address)
        except TryLater as exc:
            return exc.reply
        if not known:
            return "550 5.1.1 No such posting address"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        replies = []
        for recipient in envelope.rcpt_tos:
            replies.append(
                await asyncio.to_thread(
                    _in_thread, deliver, envelope.original_content, recipient, envelope.mail_from
                )
            )
        return "\r\n".join(replies)


def deliver(raw: bytes, recipient: str, sender: str | None) -> str:
    """One recipient's LMTP reply line for a mail."""
    try:
        outcome = mail_receive(raw, recipient=recipient, sender=sender)
    except (Refused, TryLater) as exc:
        return exc.reply
    except Exception:
        # Unexpected: keep the mail in Postfix's queue rather than lose it.
        logger.exception("mail delivery failed unexpectedly; deferred")
        return TryLater.reply
    return f"250 2.0.0 {outcome.result}"


class LMTPController(Controller):
    """aiosmtpd's threaded controller, speaking LMTP with our size limit."""

    def __init__(self, host: str | None = None, port: int | None = None, **kwargs):
        super().__init__(
            MailgateHandler(),
            hostname=host or settings.MAILGATE_HOST,
            port=settings.MAILGATE_PORT if port is None else port,
            **kwargs,
        )

    def factory(self):
        return LMTP(
            self.handler,
            data_size_limit=settings.MAIL_MAX_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=settings.MAIL_DOMAIN,
            ident="yubitter mailgate",
        )

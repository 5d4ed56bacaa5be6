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
from aiosmtpd.smtp import MISSING
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


# The end of DATA: a line holding only "." (RFC 5321 §4.1.1.4).
_END_OF_DATA = b"\r\n.\r\n"


class BlockReadingLMTP(LMTP):
    """aiosmtpd's LMTP server, reading a mail's DATA in blocks rather than line by line.

    aiosmtpd reads DATA one line at a time in Python: a 3 MB photo is 56,000 base64
    lines, about 0.1 s of CPU. Here each read goes to the next line that ends in "."
    (base64 has none), so a photo comes in blocks as large as the socket delivers,
    and nothing after the end of the data is read. The rules stay RFC 5321's: the data
    ends at a line holding only "." (§4.1.1.4), a line's leading "." is removed
    (§4.5.2), and a mail over the size limit is read to its end, dropped and answered
    552. Lines are not limited to 1,000 bytes here; the size limit holds.
    Needs ``decode_data=False``: the content is the bytes as sent.
    """

    async def smtp_DATA(self, arg: str) -> None:
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        content = await self._read_data()
        if content is None:
            self._set_post_data_state()
            await self.push("552 Error: Too much mail data")
            return
        self.envelope.content = self.envelope.original_content = content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push("250 OK" if status is MISSING else status)

    async def _read_data(self) -> bytes | None:
        """The mail's bytes up to the end line, unstuffed; None when over the size limit."""
        blocks: list[bytes] | None = []
        size, tail = 0, b"\r\n"  # the data starts a line, as if a CRLF came first
        while tail != _END_OF_DATA:
            try:
                block = await self._reader.readuntil(b".\r\n")
            except asyncio.LimitOverrunError as exc:
                # No "." line end within the reader's limit: take what it has looked at.
                block = await self._reader.readexactly(exc.consumed)
            size += len(block)
            tail = (tail + block)[-len(_END_OF_DATA) :]
            if self.data_size_limit and size > self.data_size_limit + 3:
                blocks = None  # over the limit: read on to the end, keep nothing
            elif blocks is not None:
                blocks.append(block)
        if blocks is None:
            return None
        data = b"\r\n" + b"".join(blocks)[:-3]  # without the "." line
        return data.replace(b"\r\n.", b"\r\n")[2:]


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
        return BlockReadingLMTP(
            self.handler,
            data_size_limit=settings.MAIL_MAX_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=settings.MAIL_DOMAIN,
            ident="yubitter mailgate",
        )

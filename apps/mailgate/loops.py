"""Mail that must never be posted or answered: auto-replies, bounces, lists, our own.

Rules (RFC 3834 for auto-replies, RFC 3464 for bounces, and what mailers set in
practice): ``Auto-Submitted`` other than ``no``; ``Precedence: bulk/junk/list``;
a null return path ``<>``; a sender or From of MAILER-DAEMON/postmaster; a
delivery report (``multipart/report``); auto-responder headers
(``X-Autoreply``, ``X-Autorespond``, ``X-Auto-Response-Suppress: All``/``AutoReply``
from Exchange's out-of-office); and mail carrying our own ``LOOP_HEADER``.
"""

from __future__ import annotations

import re
from email.message import Message

from django.conf import settings

# Every mail yubitter sends carries this header with MAIL_DOMAIN as its value.
LOOP_HEADER = "X-Yubitter-Loop"

_DAEMONS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|noreply-dmarc)@", re.I)


def automatic_reason(msg: Message, *, envelope_sender: str | None) -> str | None:
    """Why this mail is automatic (a short reason for the log), or None for a person's mail."""
    if envelope_sender is not None and envelope_sender.strip() in ("", "<>"):
        return "null return path"
    return_path = (msg.get("Return-Path") or "").strip()
    if return_path == "<>":
        return "null return path"
    for value in (envelope_sender or "", msg.get("From") or "", msg.get("Sender") or ""):
        address = _bare(value)
        if address and _DAEMONS.match(address):
            return "mail system sender"
    if msg.get(LOOP_HEADER) is not None:
        return "our own mail"
    auto = (msg.get("Auto-Submitted") or "").split(";")[0].strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = (msg.get("Precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"Precedence: {precedence}"
    if msg.get_content_type() == "multipart/report":
        return "delivery report"
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or msg.get("X-Autoresponder"):
        return "auto-responder header"
    suppress = (msg.get("X-Auto-Response-Suppress") or "").lower()
    if "all" in suppress.split(",") or "autoreply" in suppress.replace(" ", "").split(","):
        return "auto-responder header"
    if msg.get("List-Id") or msg.get("List-Unsubscribe"):
        return "mailing list"
    return None


def _bare(value: str) -> str:
    value = str(value)
    match = re.search(r"<([^>]*)>", value)
    return (match.group(1) if match else value).strip().lower()


def loop_header_value() -> str:
    """The value our own mails carry in LOOP_HEADER."""
    return settings.MAIL_DOMAIN

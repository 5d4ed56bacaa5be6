"""Senders operators blocked: their mail is logged and dropped, never posted or answered.

An entry is a whole address (``name@example.jp``) or a whole domain
(``@example.jp``); both the From header and the envelope sender are checked,
case-insensitively.
"""

from __future__ import annotations

from email.utils import parseaddr

from .models import BlockedSender

# The mail log's reason for a blocked sender's mail.
BLOCKED_REASON = "blocked sender"


def _address(sender: str) -> str:
    return parseaddr(sender or "")[1].strip().lower()


def _candidates(sender: str) -> set[str]:
    sender = _address(sender)
    if "@" not in sender:
        return set()
    return {sender, "@" + sender.rsplit("@", 1)[1]}


def sender_blocked(*senders: str) -> BlockedSender | None:
    """The entry that blocks any of ``senders``, or None."""
    candidates = set().union(*(_candidates(s) for s in senders))
    if not candidates:
        return None
    return BlockedSender.objects.filter(pattern__in=candidates).first()


def sender_block(sender: str, *, reason: str = "") -> BlockedSender | None:
    """Block one address (None when it is not an address)."""
    address = _address(sender)
    if "@" not in address:
        return None
    entry, _ = BlockedSender.objects.get_or_create(
        pattern=address[:254], defaults={"reason": reason[:200]}
    )
    return entry

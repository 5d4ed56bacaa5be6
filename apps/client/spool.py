"""The spool: writes kept on this node's disk while the database does not answer.

A post, reply, quote or DM that X could not take (the outbox's passing reasons)
goes into the outbox; when the outbox cannot be written either (the database is
away), it is kept here instead: one JSON file per item under ``SPOOL_DIR``,
written to a temporary name, flushed to disk and renamed into place, so a file
is either whole or absent, and it survives a restart of the gateway. The same
holds for one refused because X revoked the token (it waits for sign-in) or
for lack of X credits (it waits for credits).

``spool_drain`` (run by ``send_outbox`` before it sends, so at start and on the
outbox timer) moves every file into the outbox once the database answers. Each
file names its item (``spool_id``, unique in the outbox): a file whose item was
written but which was not yet removed when the process died is recognised and
only removed, so nothing is kept twice.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import OutboxItem

logger = logging.getLogger(__name__)

SUFFIX = ".json"


@dataclass(frozen=True, slots=True)
class SpooledWrite:
    """What the spool keeps of one write: enough to make its outbox item."""

    user_id: int
    kind: str
    text: str
    in_reply_to: str = ""
    quote_of: str = ""
    dm_participant_id: str = ""
    last_error: str = ""
    outcome_unknown: bool = False
    # "" (a passing refusal, retried with backoff), or what it waits for: outbox.SPOOL_*.
    waits_for: str = ""
    kept_at: str = field(default_factory=lambda: timezone.now().isoformat())
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


def spool_dir() -> Path:
    return Path(settings.SPOOL_DIR)


def spool_keep(write: SpooledWrite) -> Path:
    """Write one item to the spool, whole or not at all; its path."""
    folder = spool_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{write.id}{SUFFIX}"
    temporary = folder / f".{write.id}.tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(asdict(write), out, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, final)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    logger.warning("kept in the spool (the database is away): %s", final.name)
    return final


def spool_files() -> list[Path]:
    """The kept items, oldest first."""
    folder = spool_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{SUFFIX}"), key=lambda path: path.stat().st_mtime)


def spool_drain() -> int:
    """Move every kept item into the outbox (the database must answer); how many moved.

    Raises the database's error when it does not answer: what is left stays.
    """
    from .outbox import outbox_item_from_spool

    moved = 0
    for path in spool_files():
        try:
            write = SpooledWrite(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            logger.error("unreadable spool file %s left in place: %r", path.name, exc)
            continue
        with transaction.atomic():
            if not OutboxItem.objects.filter(spool_id=write.id).exists():
                kept_at = datetime.fromisoformat(write.kept_at)
                outbox_item_from_spool(write, kept_at)
                moved += 1
        path.unlink(missing_ok=True)
    return moved

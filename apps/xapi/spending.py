"""The site's spending on X: every call priced and recorded, today's totals, the caps.

Each successful call is priced (`pricing`) and added to today's running totals in
the cache (per X account and for the site), which the daily caps are checked
against before each call, and to this process's tally per X account, UTC day and
endpoint, written to `XSpend` at most every X_SPEND_FLUSH_SECONDS (one UPDATE per
row, an INSERT the first time of a day) by the call that finds the time has come,
and when the process exits: a call pays for no database write of its own
(bench/bench_spending.py). Resources already charged today are remembered in the
cache too, so a re-read the same UTC day costs nothing, as on X. Best effort: a
cache or database that fails loses a figure, never the call.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from contextvars import ContextVar
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from . import pricing
from .errors import SpendCapReached
from .models import XSpend

logger = logging.getLogger(__name__)

_SITE = "*"
_DAY_TTL = 2 * 24 * 3600
CREDITS_OUT = "xapi:credits-exhausted-at"

# What the calls of this request or command are for (a URL name, "send_outbox"...).
_page: ContextVar[str] = ContextVar("x_spend_page", default="")
# (day, X account, endpoint, page) → [calls, resources, micros] not yet in the database.
_pending: dict[tuple[date, str, str, str], list[int]] = {}
_pending_lock = threading.Lock()
_flushed_at = time.monotonic()


def spend_for(page: str) -> None:
    """Name what the following X calls in this thread or task are spent for."""
    _page.set(page[:64])


def today() -> date:
    """The UTC day X bills by."""
    return datetime.now(UTC).date()


def _total_key(day: date, who: str) -> str:
    return f"xs:{day:%Y%m%d}:{who}"


def _from_database(day: date, who: str) -> int:
    """The day's total from `XSpend` plus this process's tally not written yet."""
    rows = XSpend.objects.filter(day=day)
    if who != _SITE:
        rows = rows.filter(x_user_id=who)
    with _pending_lock:
        pending = sum(
            row[2]
            for (d, user, *_where), row in _pending.items()
            if d == day and who in (_SITE, user)
        )
    return (rows.aggregate(total=Sum("micros"))["total"] or 0) + pending


def spent_today(x_user_id: str) -> tuple[int, int]:
    """Today's spending (millionths of a dollar) of ``x_user_id`` and of the whole site."""
    day = today()
    keys = {who: _total_key(day, who) for who in (x_user_id, _SITE)}
    try:
        found = cache.get_many(list(keys.values()))
    except Exception:
        found = {}
    totals = []
    for who, key in keys.items():
        value = found.get(key)
        if value is None:
            try:
                value = _from_database(day, who)
                cache.add(key, value, timeout=_DAY_TTL)
            except Exception:  # neither answers: count nothing rather than fail the page
                logger.warning("today's X spending unknown for %s", who, exc_info=True)
                value = value or 0
        totals.append(int(value))
    return totals[0], totals[1]


def _caps() -> tuple[int, int]:
    return (
        round(settings.X_DAILY_CAP_PER_USER * pricing.MICROS),
        round(settings.X_DAILY_CAP_TOTAL * pricing.MICROS),
    )


def budget(x_user_id: str) -> str:
    """ "cap" when today's spending reached a daily cap, "near" within X_CAP_NEAR of one,
    else "" (also when no cap is set)."""
    user_cap, site_cap = _caps()
    if not (user_cap or site_cap):
        return ""
    mine, site = spent_today(x_user_id)
    pairs = [(spent, cap) for spent, cap in ((mine, user_cap), (site, site_cap)) if cap]
    if any(spent >= cap for spent, cap in pairs):
        return "cap"
    if any(spent >= settings.X_CAP_NEAR * cap for spent, cap in pairs):
        return "near"
    return ""


def check_cap(x_user_id: str) -> None:
    """Raise `SpendCapReached` when today's spending reached a cap: X is not asked."""
    if budget(x_user_id) == "cap":
        raise SpendCapReached(None, "The daily X spending cap is reached.")


def _charged_first_time(day: date, resources) -> list[str]:
    """The kinds of ``resources`` not charged yet today (remembered from now on)."""
    if not resources:
        return []
    keys = {f"xs:seen:{day:%Y%m%d}:{kind}:{rid}": kind for kind, rid in resources}
    try:
        seen = cache.get_many(list(keys))
        fresh = {key: 1 for key in keys if key not in seen}
        if fresh:
            cache.set_many(fresh, timeout=_DAY_TTL)
    except Exception:
        fresh = dict.fromkeys(keys, 1)
    return [keys[key] for key in fresh]


def record(x_user_id: str, method: str, path: str, request_body, answer) -> int:
    """Price one successful call and add it to the day's spending; its cost in micros."""
    try:
        route = pricing.route_of(path)
        price = pricing.price(method, route, request_body, answer)
        day = today()
        kinds = _charged_first_time(day, price.resources)
        micros = price.micros + sum(pricing.rate(kind) for kind in kinds)
        due = _tally(day, x_user_id, f"{method} {route}", len(kinds), micros)
        if micros:
            for who in (x_user_id, _SITE):
                _add_total(day, who, micros)
        if due:
            flush()
        return micros
    except Exception:
        logger.warning("X spending not recorded for %s %s", method, path, exc_info=True)
        return 0


def _tally(day: date, x_user_id: str, endpoint: str, resources: int, micros: int) -> bool:
    """Add one call to this process's tally; True when it is time to write it."""
    with _pending_lock:
        row = _pending.setdefault((day, x_user_id, endpoint, _page.get()), [0, 0, 0])
        row[0] += 1
        row[1] += resources
        row[2] += micros
        return time.monotonic() - _flushed_at >= settings.X_SPEND_FLUSH_SECONDS


def flush() -> None:
    """Write this process's tally to `XSpend` (the dashboard calls it before reading)."""
    global _pending, _flushed_at
    with _pending_lock:
        taken, _pending = _pending, {}
        _flushed_at = time.monotonic()
    for key, (calls, resources, micros) in taken.items():
        try:
            _add_row(*key, calls, resources, micros)
        except Exception:
            logger.warning("X spending not written; kept for the next try", exc_info=True)
            with _pending_lock:
                row = _pending.setdefault(key, [0, 0, 0])
                for index, value in enumerate((calls, resources, micros)):
                    row[index] += value


atexit.register(flush)


def _add_row(
    day: date, x_user_id: str, endpoint: str, page: str, calls: int, resources: int, micros: int
) -> None:
    key = {"day": day, "x_user_id": x_user_id, "endpoint": endpoint, "page": page}
    change = {
        "calls": F("calls") + calls,
        "resources": F("resources") + resources,
        "micros": F("micros") + micros,
    }
    if XSpend.objects.filter(**key).update(**change):
        return
    try:
        with transaction.atomic():
            XSpend.objects.create(**key, calls=calls, resources=resources, micros=micros)
    except IntegrityError:  # another request created the row meanwhile
        XSpend.objects.filter(**key).update(**change)


def _add_total(day: date, who: str, micros: int) -> None:
    key = _total_key(day, who)
    try:
        cache.incr(key, micros)
    except ValueError:  # not in the cache: the database and the tally have it, this call too
        cache.add(key, _from_database(day, who), timeout=_DAY_TTL)
    except Exception:
        logger.debug("X spending total not kept for %s", who, exc_info=True)


def note_credits_exhausted() -> None:
    """Remember when X last answered 402, for the operators' dashboard."""
    try:
        cache.set(CREDITS_OUT, datetime.now(UTC), timeout=_DAY_TTL)
    except Exception:
        pass


def credits_exhausted_at() -> datetime | None:
    """When X last said the app's credits were spent (within two days), or None."""
    try:
        return cache.get(CREDITS_OUT)
    except Exception:
        return None

"""Cheap counters in the cache for the operators' dashboard (approximate, never failing).

Any app may count here (this module imports nothing of ours). A counter that
cannot be written (the cache is down) is simply missed: the dashboard's
figures are for operators' eyes, not for billing, and a page must never fail
because of them.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

# The names the dashboard reads.
USERS_ACTIVE = "users.active"
POSTS_WEB = "posts.web"

DAY_TTL = 3 * 24 * 3600
MINUTE_TTL = 2 * 3600


def _day() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def _incr(key: str, timeout: int) -> None:
    try:
        cache.add(key, 0, timeout=timeout)
        cache.incr(key)
    except Exception as exc:  # the figure is missed, the request goes on
        logger.debug("counter %s not counted: %r", key, exc)


def count_today(name: str) -> None:
    """Count one event of ``name`` for today (the site's time zone)."""
    _incr(f"stats:{name}:{_day()}", DAY_TTL)


def count_distinct_today(name: str, member: str) -> None:
    """Count ``member`` once a day under ``name`` (e.g. users active today)."""
    try:
        first = cache.add(f"stats:{name}:{_day()}:{member}", 1, timeout=DAY_TTL)
    except Exception as exc:
        logger.debug("counter %s not counted: %r", name, exc)
        return
    if first:
        _incr(f"stats:{name}:{_day()}", DAY_TTL)


def count_minute(name: str) -> None:
    """Count one event of ``name`` in the current minute (for "in the last hour")."""
    _incr(f"stats:{name}:m{int(time.time()) // 60}", MINUTE_TTL)


def today(name: str) -> int | None:
    """Today's count of ``name`` (None when the cache does not answer)."""
    try:
        return int(cache.get(f"stats:{name}:{_day()}") or 0)
    except Exception:
        return None


def last_hour(name: str) -> int | None:
    """Events of ``name`` in the last 60 minutes (None when the cache does not answer)."""
    now = int(time.time()) // 60
    keys = [f"stats:{name}:m{minute}" for minute in range(now - 59, now + 1)]
    try:
        return sum(int(v) for v in cache.get_many(keys).values())
    except Exception:
        return None

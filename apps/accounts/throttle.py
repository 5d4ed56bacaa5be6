"""Attempt counters in the cache for guessable secrets (the hand-off's typed code).

Fixed windows: each attempt adds one to a counter that lives for the window,
and an attempt over the limit is refused without being checked. When the cache
cannot count (a memcached/Flare node down), attempts are refused too: failing
closed costs a few minutes of typed codes, failing open would give an attacker
unlimited guesses exactly when the cache is in trouble.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


class CounterUnavailable(Exception):
    """The cache could not count an attempt."""


def hit(name: str, *, window: int) -> int:
    """Count one attempt under ``name`` in the current window; the count so far.

    Raises ``CounterUnavailable`` when the cache does not answer.
    """
    slot = int(time.time()) // window
    key = f"throttle:{name}:{slot}"
    try:
        # add() then incr(): incr alone fails on a missing key with memcached.
        cache.add(key, 0, timeout=window + 1)
        count = cache.incr(key)
    except Exception as exc:  # any cache client error: the counter is not trustworthy
        logger.warning("attempt counter %s unavailable: %r", name, exc)
        raise CounterUnavailable(name) from exc
    if not isinstance(count, int) or count < 1:
        raise CounterUnavailable(name)
    return count


def over_limit(names_and_limits: list[tuple[str, int]], *, window: int) -> bool:
    """Count one attempt under each name; True if any is over its limit.

    Every counter is advanced, so a refused attempt still counts.
    """
    over = False
    for name, limit in names_and_limits:
        if hit(name, window=window) > limit:
            over = True
    return over

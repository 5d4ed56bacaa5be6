"""What X said about its rate limits and how often it failed, for the operators.

Every answer from X carries ``x-rate-limit-limit``, ``-remaining`` and
``-reset`` for the endpoint called; the last values seen per endpoint are kept
in the cache (ids in paths folded to ``:id``), with errors counted per minute.
Best effort: nothing here may fail or slow a call to X.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from django.core.cache import cache

from apps.operators import counters

logger = logging.getLogger(__name__)

_KEY = "xapi:ratelimit:{}"
_INDEX = "xapi:ratelimit:index"
# A window is 15 minutes (24 hours for some tiers): keep the last word a day.
_TTL = 24 * 3600
ERRORS = "xapi.errors"
# X ids are long numbers; /2/ is the API version and stays.
_ID = re.compile(r"/\d{3,}(?=/|$)")


def endpoint_name(method: str, path: str) -> str:
    """``GET /2/users/:id/timelines/reverse_chronological`` for a concrete path."""
    return f"{method} {_ID.sub('/:id', path)}"


def _key(name: str) -> str:
    # memcached keys may not hold spaces.
    return _KEY.format(name.replace(" ", "_"))


def record_response(method: str, path: str, headers) -> None:
    """Keep the rate-limit headers of one answer from X."""
    remaining = headers.get("x-rate-limit-remaining")
    if remaining is None:
        return
    name = endpoint_name(method, path)
    state = {
        "limit": headers.get("x-rate-limit-limit"),
        "remaining": remaining,
        "reset": headers.get("x-rate-limit-reset"),
    }
    try:
        cache.set(_key(name), state, timeout=_TTL)
        index = cache.get(_INDEX) or []
        if name not in index:
            cache.set(_INDEX, sorted({*index, name}), timeout=_TTL)
    except Exception as exc:
        logger.debug("rate-limit state not kept: %r", exc)


def record_error() -> None:
    """Count one failed call to X (no answer, or an error status)."""
    counters.count_minute(ERRORS)


def errors_last_hour() -> int | None:
    """Failed calls to X in the last hour (None when the cache does not answer)."""
    return counters.last_hour(ERRORS)


def summary() -> list[dict]:
    """The last rate-limit state seen per endpoint, for the dashboard."""
    try:
        names = cache.get(_INDEX) or []
        states = cache.get_many([_key(name) for name in names])
    except Exception:
        return []
    rows = []
    for name in names:
        state = states.get(_key(name))
        if not state:
            continue
        reset = state.get("reset")
        try:
            reset_at = datetime.fromtimestamp(int(float(reset)), tz=UTC) if reset else None
        except (TypeError, ValueError, OverflowError):
            reset_at = None
        rows.append({"endpoint": name, **state, "reset_at": reset_at})
    return rows

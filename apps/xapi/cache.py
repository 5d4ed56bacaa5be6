"""The read cache in front of X: one path for every read, keyed by the X account.

A page read from X is kept for X_STALE_CACHE_TTL seconds and counts as fresh for
`ttl` seconds (X_READ_CACHE_TTL by default). A fresh copy is served without asking
X; when X is rate-limited or down, an older copy is served with the error as a
notice. The same goes when the app's X credits are spent (402) or a daily spending
cap is reached; near a cap, a copy read today is served rather than a fresh read
(`spending.budget`). The cache may be memcached or Flare: a broken cache only
costs a call to X.

A slow X never holds a page that has a copy: such a read asks X from a small pool of
threads per process (`refresh`) and waits at most X_STALE_DEADLINE seconds; past it
the copy is served with a "not fresh" notice while the call goes on and stores the
fresh copy for the next view. A key has at most one such call in flight; other reads
of it wait on the same call. A read with no copy asks X in the request's own thread,
with the normal timeouts (there is nothing else to show).

Keys look like ``xr:<account>:<endpoint>:<generation>:<format>:<sha1 of params>``. The
generation numbers (one per account, one per account+endpoint) live in the cache
too; `forget` replaces them so that every older key is simply never read again,
with no need to list keys.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import caches

from . import refresh, spending
from .errors import NO_CREDITS, RateLimited, SpendCapReached, Unavailable, XError

logger = logging.getLogger(__name__)

T = TypeVar("T")
_SAFE_PART = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
# Part of every key: raise it when a cached type (types.Post, User...) changes its
# fields, so that pages pickled by the previous release are never read back.
CACHE_FORMAT = 5


@dataclass(frozen=True, slots=True)
class Cached(Generic[T]):
    """A value read from X or the cache, and how old it is.

    `stale` is True when X could not be asked and an older copy is served;
    `notice` then holds the error that made it stale.
    """

    value: T
    fetched_at: datetime
    stale: bool = False
    notice: XError | None = None


def _cache():
    return caches["default"]


def _part(value: Any) -> str:
    """A key part that is safe for memcached (ASCII, no spaces, short)."""
    text = str(value)
    if _SAFE_PART.match(text):
        return text
    return "h" + hashlib.sha1(text.encode()).hexdigest()[:16]


def params_digest(params: Mapping[str, Any]) -> str:
    """A stable hash of call parameters: same parameters, same key."""
    blob = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha1(blob.encode()).hexdigest()


def _generation_keys(account_id: Any, endpoint: str) -> tuple[str, str]:
    account = _part(account_id)
    return f"xg:{account}", f"xg:{account}:{_part(endpoint)}"


def _generation_timeout() -> int:
    # Outlives every data key, so a page can never outlast the generation it was
    # written under; if one is lost anyway, a new random one hides the old pages.
    return max(1, settings.X_STALE_CACHE_TTL) + max(0, settings.X_READ_CACHE_TTL) + 60


def _generations(cache, keys: tuple[str, ...]) -> list[str]:
    found = cache.get_many(keys)
    out = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = secrets.token_hex(4)
            # add(): two requests racing to start a generation agree on one.
            if not cache.add(key, value, timeout=_generation_timeout()):
                value = cache.get(key) or value
        out.append(str(value))
    return out


def cache_key(account_id: Any, endpoint: str, params: Mapping[str, Any]) -> str:
    """The cache key for one read; it changes after `forget`."""
    cache = _cache()
    account_gen, endpoint_gen = _generations(cache, _generation_keys(account_id, endpoint))
    return (
        f"xr:{_part(account_id)}:{_part(endpoint)}:{account_gen}.{endpoint_gen}"
        f":{CACHE_FORMAT}:{params_digest(params)}"
    )


def cached_read(
    account_id: Any,
    endpoint: str,
    params: Mapping[str, Any],
    fetch: Callable[[], T],
    *,
    ttl: int | None = None,
) -> Cached[T]:
    """Read through the cache: a fresh copy, else X, else (X failing) an older copy.

    Raises the X error when X fails and there is no copy at all.
    """
    fresh_for = settings.X_READ_CACHE_TTL if ttl is None else ttl
    key = entry = None
    try:
        key = cache_key(account_id, endpoint, params)
        entry = _cache().get(key)
    except Exception:
        logger.warning("read cache unavailable; asking X", exc_info=True)
    if not _valid(entry):
        entry = None
    now = time.time()
    if entry is not None and now - entry[0] < fresh_for:
        return Cached(entry[1], _when(entry[0]))
    budget = spending.budget(str(account_id)) if entry is not None else ""
    if budget and _read_today(entry[0]):
        # Today's copy costs nothing, where a fresh read may cost new posts.
        notice = SpendCapReached(None, "The daily X spending cap is near or reached.")
        notice.no_credits = budget
        return Cached(entry[1], _when(entry[0]), stale=True, notice=notice)
    keep_for = max(settings.X_STALE_CACHE_TTL, fresh_for)

    def fetch_and_keep() -> tuple[float, T]:
        value = fetch()
        fetched_at = time.time()
        if key is not None and keep_for > 0:
            try:
                _cache().set(key, (fetched_at, value), timeout=keep_for)
            except Exception:
                logger.warning("read cache unavailable; page not kept", exc_info=True)
        return fetched_at, value

    try:
        if entry is None or key is None or settings.X_STALE_DEADLINE <= 0:
            fetched_at, value = fetch_and_keep()
        else:
            fetched_at, value = refresh.within(key, fetch_and_keep, settings.X_STALE_DEADLINE)
    except (RateLimited, Unavailable, *NO_CREDITS) as exc:
        if entry is None:
            raise
        return Cached(entry[1], _when(entry[0]), stale=True, notice=exc)
    return Cached(value, _when(fetched_at))


def forget(account_id: Any, endpoint: str | None = None) -> None:
    """Drop an account's cached reads (all, or one endpoint's), e.g. after a post."""
    account_key, endpoint_key = _generation_keys(account_id, endpoint or "")
    key = account_key if endpoint is None else endpoint_key
    try:
        _cache().set(key, secrets.token_hex(4), timeout=_generation_timeout())
    except Exception:
        # Nothing more can be done; the copies still stop counting as fresh
        # after X_READ_CACHE_TTL.
        logger.warning("read cache unavailable; could not forget %s", key, exc_info=True)


def _valid(entry: Any) -> bool:
    return isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], int | float)


def _read_today(timestamp: float) -> bool:
    """Whether a copy was read from X on the current UTC day (X would not charge again)."""
    return _when(timestamp).date() == spending.today()


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)

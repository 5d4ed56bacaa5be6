"""Reads of X that may outlive the page that asked for them: a small pool of threads per process.

`within(key, call, deadline)` runs `call` on the pool and waits at most `deadline` seconds
for its answer. Past the deadline it raises `errors.Unavailable` (``timed_out``), and the
call goes on in the pool: the read cache uses that to answer from its copy while X's
answer is stored for the next view. The bounds:

- at most X_REFRESH_THREADS threads per process ever wait on X here;
- a key has at most one call in flight; a read of the same key meanwhile waits on that
  call, until the deadline counted from the call's start (so once a call is late, the
  next reads of its key answer at once); its answer is a frozen value, safe to share;
- at most 4 × X_REFRESH_THREADS calls wait for a thread; past that a read is told at
  once that X is slow (its page has a copy to show).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from django.conf import settings
from django.db import close_old_connections

from .errors import Unavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")
QUEUED_PER_THREAD = 4

# RLock: a future that is already done runs its callback at once, in the thread that
# adds it, which holds this lock.
_lock = threading.RLock()
_pool: ThreadPoolExecutor | None = None
_pool_key: tuple[int, int] | None = None
# key -> (the call, when it started: time.monotonic())
_in_flight: dict[str, tuple[Future, float]] = {}


def _executor() -> ThreadPoolExecutor:
    """The process's pool, made on first use; anew in a forked child (whose copy has no
    threads) or when X_REFRESH_THREADS changed (the old pool's calls run to their end)."""
    global _pool, _pool_key
    key = (os.getpid(), max(1, settings.X_REFRESH_THREADS))
    if _pool is None or _pool_key != key:
        if _pool is not None and _pool_key[0] == key[0]:
            _pool.shutdown(wait=False)
        else:
            _in_flight.clear()
        _pool = ThreadPoolExecutor(max_workers=key[1], thread_name_prefix="x-refresh")
        _pool_key = key
    return _pool


def _run(call: Callable[[], T]) -> T:
    # The pool's threads live on: give back the database connection a call may have
    # opened (the spending tally), as a request's end would.
    close_old_connections()
    try:
        return call()
    finally:
        close_old_connections()


def _done(key: str, future: Future) -> None:
    with _lock:
        if _in_flight.get(key, (None,))[0] is future:
            del _in_flight[key]
    if not future.cancelled() and (error := future.exception()) is not None:
        logger.debug("read of %s ended with %r", key, error)


def in_flight() -> int:
    """Calls this process has started here that have not ended yet."""
    with _lock:
        return len(_in_flight)


def within(key: str, call: Callable[[], T], deadline: float) -> T:
    """`call()`'s answer (or error) if it comes within `deadline` seconds, else Unavailable.

    The call is shared by every read of `key` while it is in flight and runs to its
    end whatever the deadline.
    """
    with _lock:
        future, started = _in_flight.get(key, (None, 0.0))
        if future is None:
            pool = _executor()
            if len(_in_flight) >= QUEUED_PER_THREAD * max(1, settings.X_REFRESH_THREADS):
                raise Unavailable(None, "X is slow: too many reads wait for it", timed_out=True)
            started = time.monotonic()
            future = pool.submit(_run, call)
            _in_flight[key] = (future, started)
            future.add_done_callback(lambda done, key=key: _done(key, done))
    try:
        return future.result(timeout=max(0.0, started + deadline - time.monotonic()))
    except FutureTimeout:
        raise Unavailable(
            None,
            f"X did not answer within {deadline:g} s; its answer is kept when it comes",
            timed_out=True,
        ) from None


def wait_idle(timeout: float) -> bool:
    """Wait until no call is in flight (tests, and a clean stop); whether none is left."""
    with _lock:
        futures = [future for future, _started in _in_flight.values()]
    return not wait(futures, timeout=timeout).not_done

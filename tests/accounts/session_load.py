"""Concurrent sign-ins, reads, writes and sign-outs through the real session store.

Each thread owns its users, so it knows exactly what every one of its sessions
must hold: a read that comes back older than the last write is stale, an empty
read of a live session signs a user out, and a read of a signed-out session that
is not empty is a resurrection. Faults (``events``) run on their own timer while
the threads work.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connection

from apps.accounts.models import Session
from apps.accounts.session_store import SessionStore


@dataclass
class Outcome:
    """What the users saw; every count but ``operations`` must be zero."""

    operations: int = 0
    failed: int = 0
    signed_out: int = 0
    lost: int = 0
    stale: int = 0
    resurrected: int = 0
    longest: float = 0.0
    # The longest a request waited for the cache (the rest is the database and CPU),
    # and the most cache calls that failed within one request.
    longest_cache_wait: float = 0.0
    most_cache_failures: int = 0
    # Seconds from the node answering again until every thread's reads were
    # answered by it again (the slowest thread); None if some thread's never were.
    cache_back: float | None = None
    errors: list[str] = field(default_factory=list)

    def zeros(self) -> dict:
        return {
            "failed": self.failed,
            "signed_out": self.signed_out,
            "lost": self.lost,
            "stale": self.stale,
            "resurrected": self.resurrected,
        }

    def line(self, name: str) -> str:
        back = "never" if self.cache_back is None else f"{self.cache_back:.2f} s"
        return (
            f"{name}: {self.operations} requests, failed {self.failed}, signed out "
            f"{self.signed_out}, lost {self.lost}, stale {self.stale}, resurrected "
            f"{self.resurrected}, longest {self.longest * 1000:.0f} ms (waiting for the cache "
            f"{self.longest_cache_wait * 1000:.0f} ms, failed cache calls at most "
            f"{self.most_cache_failures}), cache used again "
            f"after {back}"
        )


class _User:
    def __init__(self, uid: int):
        self.uid = uid
        self.key: str | None = None
        self.n = 0
        self.signed_out: list[str] = []


class SessionLoad:
    """Threads of users working their sessions while faults happen."""

    def __init__(self, *, threads=6, users=12, recovered_server=None):
        self.threads = threads
        self.users = users
        # (host, port) whose recovery is timed, set with ``node_back()``.
        self.recovered_server = recovered_server
        self.back_at: float | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self.outcome = Outcome()
        self._first_use: dict[int, float] = {}

    def node_back(self, at: float | None = None) -> None:
        """Record that the faulty node answers again (now, or at ``at``)."""
        self.back_at = at if at is not None else time.monotonic()

    def run(self, seconds: float, events: list[tuple[float, callable]]) -> Outcome:
        start = time.monotonic()
        deadline = start + seconds
        workers = [
            threading.Thread(target=self._work, args=(t, deadline)) for t in range(self.threads)
        ]
        for worker in workers:
            worker.start()
        for at, action in sorted(events, key=lambda e: e[0]):
            time.sleep(max(0.0, start + at - time.monotonic()))
            action()
        for worker in workers:
            worker.join()
        return self.outcome

    # --- one thread ---------------------------------------------------------------------

    def _work(self, thread: int, deadline: float) -> None:
        rng = random.Random(thread)
        users = [_User(thread * 1000 + i) for i in range(self.users)]
        try:
            for user in users:
                self._timed(self._sign_in, user, thread=thread)
            while time.monotonic() < deadline:
                user = rng.choice(users)
                roll = rng.random()
                if roll < 0.55:
                    self._timed(self._read, user, thread=thread)
                elif roll < 0.85:
                    self._timed(self._write, user, thread=thread)
                elif roll < 0.93:
                    self._timed(self._sign_out, user, thread=thread)
                    self._timed(self._sign_in, user, thread=thread)
                elif user.signed_out:
                    self._timed(self._read_signed_out, rng.choice(user.signed_out), thread=thread)
            # After the faults: every live session as written, every signed-out one gone.
            for user in users:
                if not Session.objects.filter(session_key=user.key).exists():
                    self._count("lost")
                self._timed(self._read, user, thread=thread)
                for key in user.signed_out:
                    self._timed(self._read_signed_out, key, thread=thread)
        finally:
            caches["default"].close()
            connection.close()

    def _store(self, key=None) -> SessionStore:
        store = SessionStore(key)
        self._local.stores.append(store)
        return store

    def _timed(self, action, *args, thread: int | None = None) -> None:
        self._local.stores = []
        started = time.monotonic()
        try:
            action(*args)
        except Exception as exc:
            with self._lock:
                self.outcome.failed += 1
                self.outcome.errors.append(f"{type(exc).__name__}: {exc}")
        took = time.monotonic() - started
        waited = sum(store.cache_seconds for store in self._local.stores)
        failures = sum(store.cache_failures for store in self._local.stores)
        with self._lock:
            self.outcome.operations += 1
            self.outcome.longest = max(self.outcome.longest, took)
            self.outcome.longest_cache_wait = max(self.outcome.longest_cache_wait, waited)
            self.outcome.most_cache_failures = max(self.outcome.most_cache_failures, failures)
        if thread is not None:
            self._note_use([key for store in self._local.stores for key in store.answered], thread)

    def _count(self, what: str) -> None:
        with self._lock:
            setattr(self.outcome, what, getattr(self.outcome, what) + 1)

    def _sign_in(self, user: _User) -> None:
        store = self._store()
        store["_auth_user_id"] = str(user.uid)
        store["n"] = 0
        store.create()
        user.key, user.n = store.session_key, 0

    def _load(self, user: _User) -> dict | None:
        store = self._store(user.key)
        data = store.load()
        if not data:
            self._count("signed_out")
            self._sign_in(user)
            return None
        if data.get("n", -1) != user.n:
            self._count("stale")
        return data

    def _read(self, user: _User) -> None:
        self._load(user)

    def _write(self, user: _User) -> None:
        store = self._store(user.key)
        data = store.load()
        if not data:
            self._count("signed_out")
            self._sign_in(user)
            return
        if data.get("n", -1) != user.n:
            self._count("stale")
        store["n"] = user.n + 1
        store.save()
        user.n += 1

    def _sign_out(self, user: _User) -> None:
        self._store(user.key).delete()
        user.signed_out.append(user.key)

    def _read_signed_out(self, key: str) -> None:
        if self._store(key).load():
            self._count("resurrected")

    def _note_use(self, keys: list[str], thread: int) -> None:
        if self.back_at is None or thread in self._first_use:
            return
        now = time.monotonic()
        if now < self.back_at:
            return
        cache = caches["default"]
        servers = set()
        for key in keys:
            client = cache._cache._get_client(cache.make_and_validate_key(key))
            if client is not None:
                servers.add(tuple(client.server))
        if tuple(self.recovered_server) not in servers:
            return
        with self._lock:
            self._first_use[thread] = now
            waits = [t - self.back_at for t in self._first_use.values()]
            if len(self._first_use) == self.threads:
                self.outcome.cache_back = max(waits)

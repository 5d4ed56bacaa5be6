"""Sessions in the database, with their data cached in memcached or Flare under versioned keys.

Why a copy can never be stale or bring a signed-out session back
-----------------------------------------------------------------
The database row (``apps.accounts.models.Session``) is the truth. Every write
of a session gives its row a new random ``version`` and puts the data in the
cache under ``<key>.<version>``. Every read first asks the database for the
row's version (one primary-key lookup that does not carry the data), then
takes the data from the cache entry of exactly that version, and only on a
miss reads and decodes the data from the database.

- A cache entry is written once, with the data of its version, and never
  changed: whatever a cache node does (dies, hangs and wakes up, restarts
  empty, comes back as a promoted Flare slave holding old copies, serves a
  lagging asynchronous replica), the most it can return for ``<key>.<v>`` is
  the data of version ``v``, and ``v`` is only asked for while the row has it.
  So a read is never older than the database.
- Signing out deletes the row; rotating the key (sign-in) deletes the old row;
  an expired row is filtered out by its ``expire_date``. With no row there is
  no version to ask the cache for, so no copy can sign anyone in again, even
  when every cache write and delete failed during an outage. The store does
  not delete cache entries at all: superseded copies are unreachable and
  expire (``CACHE_TTL`` at most).
- Two requests saving the same session at once each write their own version;
  the row says which one won, and the loser's entry is never read.

What this costs, and what the cache is still worth: one small query per
request, on the primary (a replica could lag). It reads three short columns of
one row by primary key; on a hit the cache saves reading, transferring,
checking the signature of and decoding the data column, which grows with what
the session holds (CSRF token, OAuth request tokens, flash messages, the
signed-in user). The alternatives were weighed: a version carried in the
cookie or URL cannot stop a replayed old cookie after a sign-out that the cache
missed, and a cache epoch learnt by each process with some delay leaves a
window in which a node that woke up serves old data; both would need the same
query to be safe. BENCHMARKS.md has the numbers.

Failures: a cache error or timeout is a miss (the database answers) and is
not retried within the same store (one request): after one failure the rest
of the request goes to the database, so one request waits for the cache at
most once (``CACHE_TIMEOUT``). pymemcache's HashClient leaves a failing node
out for ``CACHE_DEAD_TIMEOUT`` (0.25 s by default), so the cache is used again
within about a second after it answers again. Only commands Flare implements
are sent: get, and set with a positive relative expiry (Flare answers a
negative expiry with ERROR).

When the database does not answer
----------------------------------
Beside each versioned copy, a save writes a pointer ``<key>.current`` holding
the version, origin, binding and expiry it has just written; signing out
overwrites the pointer with a "signed out" mark after deleting the row. The
pointer is read only when the database fails (``OperationalError`` or
``InterfaceError``, ``yubitter.outage``): the store then takes the copy the
pointer names, so a signed-in user stays signed in while the database is away.
With the database up, nothing above changes: the pointer is never read, the
row alone decides, so every guarantee of the versioned copies holds as before.
During an outage the copy is as old as the last save that reached the cache
(never older than the last save the database took), a signed-out mark keeps a
signed-out session out, and what the pointer cannot vouch for is not guessed:
no pointer, or no copy of its version, is the database error again, which the
page turns into a 503 (the site's error handler), never an anonymous
session that would replace the user's. Pointers are written by saves only (a
read that refilled the cache could put back a pointer a sign-out had just
marked). What is left: a sign-out whose mark was lost because the cache failed
at that moment leaves the old pointer, usable during a later database outage
until it expires; a pointer the cache evicted makes its session 503 during an
outage.

Saving never turns a page that has done its work into an error: when the
database fails at the save (the row cannot take the new version), the new data
still goes to the cache with its pointer, and the failure is logged
(``unsaved`` is set). The row keeps its old version, so once the database is
back the session is the one it last took: nobody is signed out, and at most
what the session gained during the outage (a flash message, a CSRF token made
then) is forgotten. A session created during an outage (no row) lives in the
cache only and is a fresh session once the database answers again.

Identity: the head query also reads the stamp of the session's user
(``IdentityStamp``, changed whenever the user, their X account or their
preferences change) as ``identity_stamp``, so ``apps.accounts.identity`` can
tell whether the copy of them kept in the session is current without a query
of its own. ``database_away`` says that this request's session came from the
pointer (the stamp is unknown then).

URL sessions: ``origin`` records whether a session was made for a cookie or
for a ``?sid=`` URL, and ``subscriber`` optionally binds it to a phone; the
store refuses (as "no session") a row whose origin or binding does not match
what the request offers (``apps.keitai.url_sessions`` decides both).
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.crypto import get_random_string

from yubitter.outage import DATABASE_AWAY

logger = logging.getLogger(__name__)

# A cookie-less phone carries the session id in every link of every page (about 50
# links on a 20-post page), so new ids are 25 characters of [a-z0-9]: 129 bits, as
# unguessable as Django's 32-character keys need to be. Not base64url: MariaDB's
# default collations compare keys without case. Ids of 32 made before stay valid;
# anything else (too long for a cache key, spaces, control characters) is no session.
KEY_LENGTH = 25
_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
_KEY_RE = re.compile(r"[a-z0-9]{25}|[a-z0-9]{32}")
# Superseded copies are unreachable; this only bounds the memory they hold.
CACHE_TTL = 60 * 60 * 24
# The pointer's value after a sign-out: this key is no session, database or not.
SIGNED_OUT = "signed-out"
# ``identity_stamp`` before a load, or when the database did not tell it.
UNKNOWN = object()


class SessionStore(DBStore):
    """Django's database store with a versioned, never-trusted-alone cache in front."""

    cache_key_prefix = "yb.sess."

    def __init__(self, session_key=None, *, origin=None, subscriber=""):
        from .models import Session

        self.origin = origin or Session.ORIGIN_COOKIE
        self.subscriber = subscriber or ""
        self._cache_failed = False
        self.identity_stamp = UNKNOWN
        # This request's session came from the pointer (the database did not answer),
        # and a save the database did not take.
        self.database_away = False
        self.unsaved = False
        # For measurements: keys the cache answered for (a hit, a miss or a stored
        # write), the cache calls that failed, and the seconds spent waiting for it.
        self.answered: list[str] = []
        self.cache_failures = 0
        self.cache_seconds = 0.0
        super().__init__(session_key)

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    @property
    def _cache(self):
        return caches[settings.SESSION_CACHE_ALIAS]

    def _validate_session_key(self, key):
        return isinstance(key, str) and _KEY_RE.fullmatch(key) is not None

    def _get_new_session_key(self):
        while True:
            key = get_random_string(KEY_LENGTH, _KEY_CHARS)
            if not self.exists(key):
                return key

    def _data_key(self, version: str) -> str:
        return f"{self.cache_key_prefix}{self.session_key}.{version}"

    def _pointer_key(self, session_key: str) -> str:
        return f"{self.cache_key_prefix}{session_key}.current"

    # --- the cache: every call is allowed to fail --------------------------------

    def _cache_get(self, key):
        if self._cache_failed:
            return None
        started = time.monotonic()
        try:
            value = self._cache.get(key)
        except Exception as exc:
            self._note_cache_failure("get", exc)
            return None
        finally:
            self.cache_seconds += time.monotonic() - started
        self.answered.append(key)
        return value

    def _cache_set(self, key, value, timeout) -> None:
        if self._cache_failed:
            return
        started = time.monotonic()
        try:
            self._cache.set(key, value, timeout)
        except Exception as exc:
            self._note_cache_failure("set", exc)
            return
        finally:
            self.cache_seconds += time.monotonic() - started
        self.answered.append(key)

    def _note_cache_failure(self, what, exc) -> None:
        self._cache_failed = True
        self.cache_failures += 1
        logger.warning("session cache %s failed (%s: %s)", what, type(exc).__name__, exc)

    def _cache_timeout(self, expire_date) -> int:
        remaining = int((expire_date - timezone.now()).total_seconds())
        return max(1, min(CACHE_TTL, remaining))

    # --- the database: the truth -------------------------------------------------

    def _live_rows(self):
        return self.model.objects.filter(
            session_key=self.session_key, expire_date__gt=timezone.now()
        )

    def _accepts(self, origin: str, subscriber: str, *, bind: bool = True) -> bool:
        """Whether this request may use a row made with ``origin``, bound to ``subscriber``."""
        if origin != self.origin:
            return False
        if subscriber:
            return subscriber == self.subscriber
        if self.subscriber and bind:
            # The first request that brings the phone's ID binds the session to it.
            self._live_rows().filter(subscriber="").update(subscriber=self.subscriber)
        return True

    def _head(self):
        from .models import IdentityStamp

        stamp = IdentityStamp.objects.filter(user_id=OuterRef("user_pk")).values("stamp")[:1]
        return (
            self._live_rows()
            .annotate(stamp=Subquery(stamp))
            .values_list("version", "origin", "subscriber", "stamp")
            .first()
        )

    def load(self):
        if self.session_key is None:
            return {}
        try:
            head = self._head()
            if head is None or not self._accepts(head[1], head[2]):
                self._session_key = None
                return {}
        except DATABASE_AWAY as exc:
            return self._load_without_database(exc)
        self.identity_stamp = head[3]
        data = self._cache_get(self._data_key(head[0]))
        if isinstance(data, dict):
            return data
        try:
            row = self._live_rows().only("session_data", "expire_date", "version").first()
        except DATABASE_AWAY as exc:
            return self._load_without_database(exc)
        if row is None:
            self._session_key = None
            return {}
        data = self.decode(row.session_data)
        self._cache_set(self._data_key(row.version), data, self._cache_timeout(row.expire_date))
        return data

    def _load_without_database(self, error):
        """The copy the pointer names, or ``error`` again when nothing can vouch for one."""
        self.database_away = True
        self.identity_stamp = UNKNOWN
        logger.warning("session read without the database (%s: %s)", type(error).__name__, error)
        pointer = self._cache_get(self._pointer_key(self.session_key))
        if pointer == SIGNED_OUT:
            self._session_key = None
            return {}
        if not (isinstance(pointer, list | tuple) and len(pointer) == 4):
            raise error
        version, origin, subscriber, expires_at = pointer
        if expires_at <= time.time() or not self._accepts(origin, subscriber, bind=False):
            self._session_key = None
            return {}
        data = self._cache_get(self._data_key(version))
        if not isinstance(data, dict):
            raise error
        return data

    def exists(self, session_key):
        try:
            return self.model.objects.filter(session_key=session_key).exists()
        except DATABASE_AWAY:
            # Only asked for a new random key (128 bits): a collision is not worth a 503.
            return False

    def create_model_instance(self, data):
        try:
            user_pk = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            user_pk = None
        return self.model(
            session_key=self._get_or_create_session_key(),
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
            version=secrets.token_hex(8),
            origin=self.origin,
            subscriber=self.subscriber,
            user_pk=user_pk,
        )

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        obj = self.create_model_instance(data)
        try:
            self._write_row(obj, must_create)
        except DATABASE_AWAY as exc:
            # The page has done its work: keep the data in the cache, log, go on.
            self.unsaved = True
            logger.warning("session saved to the cache only (%s: %s)", type(exc).__name__, exc)
        timeout = self._cache_timeout(obj.expire_date)
        self._cache_set(self._data_key(obj.version), data, timeout)
        pointer = (obj.version, obj.origin, obj.subscriber, obj.expire_date.timestamp())
        self._cache_set(self._pointer_key(obj.session_key), pointer, timeout)

    def _write_row(self, obj, must_create) -> None:
        # Django's DB store does exactly this write; only the object differs.
        from django.contrib.sessions.backends.base import CreateError, UpdateError
        from django.db import DatabaseError, IntegrityError, router, transaction

        using = router.db_for_write(self.model, instance=obj)
        try:
            with transaction.atomic(using=using):
                obj.save(force_insert=must_create, force_update=not must_create, using=using)
        except DATABASE_AWAY:
            raise
        except IntegrityError as exc:
            if must_create:
                raise CreateError from exc
            raise
        except DatabaseError as exc:
            if not must_create:
                raise UpdateError from exc
            raise

    def delete(self, session_key=None):
        # The row: without it no cached copy is ever read again while the database
        # answers. Then the pointer's mark, for a later outage. A database that does
        # not answer fails the sign-out (a 503): the user is told, not fooled.
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=session_key).delete()
        self._cache_set(self._pointer_key(session_key), SIGNED_OUT, CACHE_TTL)

    # The async API runs the same code (Django's async DB store would skip it).
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)

    async def acreate(self):
        return await sync_to_async(self.create)()

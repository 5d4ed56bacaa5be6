"""Sessions in a memcached-protocol store (memcached or Flare) backed by the database.

Django's cached_db engine plus what a store that can fail needs: a cache error is
a miss (the database answers), and a write the cache did not take removes the
cached copy so an older one cannot be served later. Only commands Flare
implements are used (get/set/delete with a positive expiry).
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    """cached_db that never lets a cache failure fail a request or leave a stale copy."""

    def _cache_get(self, key):
        try:
            return self._cache.get(key)
        except Exception:
            logger.warning("session cache get failed; reading the database", exc_info=True)
            return None

    def _cache_set(self, key, value, timeout) -> None:
        try:
            if self._cache.set(key, value, timeout) is False:
                raise RuntimeError("cache refused the write")
        except Exception:
            logger.warning("session cache set failed; dropping the cached copy", exc_info=True)
            self._cache_delete(key)

    def _cache_delete(self, key) -> None:
        try:
            self._cache.delete(key)
        except Exception:
            logger.error("session cache delete failed for a session", exc_info=True)

    def load(self):
        data = self._cache_get(self.cache_key)
        if data is None:
            s = self._get_session_from_db()
            if s:
                data = self.decode(s.session_data)
                self._cache_set(
                    self.cache_key, data, max(1, self.get_expiry_age(expiry=s.expire_date))
                )
            else:
                data = {}
        return data

    def exists(self, session_key):
        if session_key and self._cache_get(self.cache_key_prefix + session_key) is not None:
            return True
        return super(CachedDBStore, self).exists(session_key)

    def save(self, must_create=False):
        super(CachedDBStore, self).save(must_create)
        # A positive expiry always: Flare rejects 0 and negative ones.
        self._cache_set(self.cache_key, self._session, max(1, self.get_expiry_age()))

    def delete(self, session_key=None):
        super(CachedDBStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._cache_delete(self.cache_key_prefix + session_key)

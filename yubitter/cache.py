"""The memcached (or Flare) cache, with its connections kept from one request to the next.

Django's memcached backends disconnect every node when a request ends (the
``request_finished`` signal), so each request opened new TCP connections: with
the session and the read cache that was 0.3 ms of a page (bench_pages). Each
gunicorn thread has its own cache object (Django keeps them per thread), so a
kept connection is never shared. A node that died or restarted meanwhile fails
the next call on the old connection, which the session store and the read
cache treat as a miss (apps/accounts/session_store.py), and pymemcache
reconnects on the call after.
"""

from django.core.cache.backends.memcached import PyMemcacheCache


class KeptConnectionsPyMemcacheCache(PyMemcacheCache):
    """PyMemcacheCache that does not disconnect at the end of each request."""

    def close(self, **kwargs):
        """Keep the connections (Django calls this after every request)."""

"""Sessions in a real memcached process, backed by the database."""

import pytest
from django.core.cache import caches

from apps.accounts.sessions import SessionStore


@pytest.fixture
def memcached_sessions(settings, memcached_factory):
    proc, port = memcached_factory()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": f"127.0.0.1:{port}",
            "OPTIONS": {
                "connect_timeout": 0.2,
                "timeout": 0.3,
                "default_noreply": False,
                "retry_attempts": 1,
                "retry_timeout": 0,
                "dead_timeout": 5,
                "use_pooling": True,
            },
        }
    }
    settings.SESSION_ENGINE = "apps.accounts.sessions"
    yield proc
    caches["default"].close()


@pytest.mark.django_db
def test_session_lives_in_memcached_and_the_database(memcached_sessions):
    store = SessionStore()
    store["who"] = "demo"
    store.save()
    assert caches["default"].get(store.cache_key) == {"who": "demo"}
    assert SessionStore(store.session_key)["who"] == "demo"


@pytest.mark.django_db
def test_memcached_down_falls_back_to_the_database(memcached_sessions):
    store = SessionStore()
    store["who"] = "demo"
    store.save()
    memcached_sessions.kill()
    memcached_sessions.wait()
    again = SessionStore(store.session_key)
    assert again["who"] == "demo"
    again["who"] = "changed"
    again.save()  # must not raise with the cache gone
    assert SessionStore(store.session_key)["who"] == "changed"


@pytest.mark.django_db
def test_deleted_session_does_not_come_back(memcached_sessions):
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.save()
    key = store.session_key
    store.delete()
    assert caches["default"].get(SessionStore.cache_key_prefix + key) is None
    assert SessionStore(key).load() == {}


@pytest.mark.django_db
def test_failed_cache_write_leaves_no_stale_copy(memcached_sessions, monkeypatch):
    store = SessionStore()
    store["step"] = 1
    store.save()
    cache = caches["default"]

    def refuse(*args, **kwargs):
        raise ConnectionError("node went away")

    monkeypatch.setattr(cache, "set", refuse)
    store["step"] = 2
    store.save()
    monkeypatch.undo()
    assert cache.get(store.cache_key) is None
    assert SessionStore(store.session_key)["step"] == 2


@pytest.mark.django_db
def test_sign_in_and_out_through_memcached_sessions(memcached_sessions, signed_in):
    home = signed_in.get("/home/")
    assert home.status_code == 200
    key = signed_in.session.session_key
    assert caches["default"].get(SessionStore.cache_key_prefix + key) is not None
    out = signed_in.post("/logout/")
    assert out.status_code == 302
    assert caches["default"].get(SessionStore.cache_key_prefix + key) is None
    assert signed_in.get("/home/").status_code == 302

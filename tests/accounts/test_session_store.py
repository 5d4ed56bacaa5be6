"""The session store on a real memcached process: the database is the truth."""

import logging
import signal

import pytest
from django.core.cache import caches

from apps.accounts.models import Session
from apps.accounts.session_store import SessionStore
from tests.accounts.conftest import memcached_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def memcached_sessions(settings, memcached_factory):
    proc, port = memcached_factory()
    settings.CACHES = memcached_settings(f"127.0.0.1:{port}")
    yield proc
    caches["default"].close()


def _cached(store):
    version = Session.objects.get(session_key=store.session_key).version
    return caches["default"].get(store._data_key(version))


def test_session_lives_in_the_database_and_its_version_in_memcached(memcached_sessions):
    store = SessionStore()
    store["who"] = "demo"
    store.save()
    assert _cached(store) == {"who": "demo"}
    assert SessionStore(store.session_key)["who"] == "demo"


def test_every_write_gets_a_new_version(memcached_sessions):
    store = SessionStore()
    store["n"] = 1
    store.save()
    first = Session.objects.get(session_key=store.session_key).version
    store["n"] = 2
    store.save()
    second = Session.objects.get(session_key=store.session_key).version
    assert first != second
    assert caches["default"].get(store._data_key(first)) == {"n": 1}
    assert SessionStore(store.session_key)["n"] == 2


def test_a_cache_hit_reads_no_session_data_from_the_database(
    memcached_sessions, django_assert_num_queries
):
    store = SessionStore()
    store["who"] = "demo"
    store.save()
    with django_assert_num_queries(1) as queries:
        assert SessionStore(store.session_key)["who"] == "demo"
    assert "session_data" not in queries.captured_queries[0]["sql"]


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


def test_a_signed_out_session_never_comes_back_from_a_cached_copy(memcached_sessions):
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.save()
    key = store.session_key
    copy_key = store._data_key(Session.objects.get(session_key=key).version)
    store.delete()
    # The node kept its copy (the delete never reached it, as in a failover).
    assert caches["default"].get(copy_key) == {"_auth_user_id": "1"}
    assert SessionStore(key).load() == {}
    assert not SessionStore(key).exists(key)


def test_an_old_copy_is_never_read_after_a_write_the_cache_missed(memcached_sessions, monkeypatch):
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
    assert SessionStore(store.session_key)["step"] == 2


@pytest.mark.parametrize(
    "key", ["z" * 300, "a b" * 12, "abc\x00def" * 5, "あ" * 32, "A" * 32, "short"]
)
def test_a_session_id_that_cannot_be_a_cache_key_is_no_session(memcached_sessions, caplog, key):
    caplog.set_level(logging.DEBUG)
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None
    store["x"] = 1
    store.save()
    assert store.session_key != key and len(store.session_key) == 25
    assert not [r for r in caplog.records if r.exc_info], caplog.text


def test_a_hung_node_costs_one_request_one_timeout_at_most(memcached_sessions):
    store = SessionStore()
    store["who"] = "demo"
    store.save()
    key = store.session_key
    memcached_sessions.send_signal(signal.SIGSTOP)
    try:
        again = SessionStore(key)
        assert again["who"] == "demo"
        again["who"] = "changed"
        again.save()
    finally:
        memcached_sessions.send_signal(signal.SIGCONT)
    # The load's get timed out; the load's refill and the save did not wait again.
    assert again.cache_failures == 1
    assert again.cache_seconds < 0.5, again.cache_seconds
    assert SessionStore(key)["who"] == "changed"


def test_sign_in_and_out_through_memcached_sessions(memcached_sessions, signed_in):
    home = signed_in.get("/home/")
    assert home.status_code == 200
    key = signed_in.session.session_key
    row = Session.objects.get(session_key=key)
    assert caches["default"].get(SessionStore(key)._data_key(row.version)) is not None
    out = signed_in.post("/logout/")
    assert out.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert signed_in.get("/home/").status_code == 302


def test_new_ids_are_25_characters_and_ids_of_32_made_before_still_load(memcached_sessions):
    store = SessionStore()
    store["who"] = "demo"
    store.save()
    assert len(store.session_key) == 25
    assert store.session_key.isascii() and store.session_key.isalnum()
    assert store.session_key == store.session_key.lower()
    older = "0123456789abcdefghijklmnopqrstuv"
    Session.objects.filter(session_key=store.session_key).update(session_key=older)
    assert SessionStore(older)["who"] == "demo"

"""The read cache: fresh hits skip X, failures serve an older copy, accounts stay apart."""

import uuid

import pytest
from django.core.cache import caches

from apps.xapi import cache as read_cache
from apps.xapi import errors
from apps.xapi.cache import cached_read, forget

from .conftest import Reply

ME = "1072250532645998596"
HOME = f"/2/users/{ME}/timelines/reverse_chronological"
PAGE = {
    "data": [{"id": "20", "text": "newest &amp; best", "author_id": "1"}],
    "includes": {"users": [{"id": "1", "username": "a", "name": "A"}]},
    "meta": {"result_count": 1, "newest_id": "20", "oldest_id": "20"},
}
RATE_LIMITED = {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank"}


@pytest.fixture
def account_id():
    """An account id no other test uses, so no test sees another's pages."""
    return str(uuid.uuid4().int)[:19]


def read_home(xclient, account_id, ttl=None):
    return cached_read(
        account_id,
        "home",
        {"max_results": 20},
        lambda: xclient.home_timeline(ME, max_results=20),
        ttl=ttl,
    )


def test_a_fresh_copy_is_served_without_calling_x(stub, xclient, account_id):
    stub.route("GET", HOME, Reply(200, PAGE))
    first = read_home(xclient, account_id)
    second = read_home(xclient, account_id)
    assert len(stub.calls("GET", HOME)) == 1
    assert second.value == first.value
    assert second.value.items[0].display_text == "newest & best"
    assert second.fetched_at == first.fetched_at
    assert not second.stale and second.notice is None


def test_different_parameters_are_different_entries(stub, xclient, account_id):
    stub.route("GET", HOME, Reply(200, PAGE))
    cached_read(account_id, "home", {"pagination_token": None}, lambda: xclient.home_timeline(ME))
    cached_read(account_id, "home", {"pagination_token": "t2"}, lambda: xclient.home_timeline(ME))
    cached_read(account_id, "home", {"pagination_token": "t2"}, lambda: xclient.home_timeline(ME))
    assert len(stub.calls("GET", HOME)) == 2


def test_an_old_copy_is_refetched(stub, xclient, account_id):
    stub.route("GET", HOME, Reply(200, PAGE))
    read_home(xclient, account_id)
    again = read_home(xclient, account_id, ttl=0)
    assert len(stub.calls("GET", HOME)) == 2
    assert not again.stale


@pytest.mark.parametrize(
    ("reply", "cls"),
    [
        (Reply(429, RATE_LIMITED, {"x-rate-limit-reset": "1900000000"}), errors.RateLimited),
        (
            Reply(503, {"title": "Service Unavailable", "detail": "Service Unavailable"}),
            errors.Unavailable,
        ),
    ],
)
def test_an_older_copy_is_served_with_a_notice_when_x_fails(stub, xclient, account_id, reply, cls):
    stub.route("GET", HOME, Reply(200, PAGE), reply)
    first = read_home(xclient, account_id)
    served = read_home(xclient, account_id, ttl=0)
    assert len(stub.calls("GET", HOME)) == 2
    assert served.stale is True
    assert isinstance(served.notice, cls)
    assert served.value == first.value
    assert served.fetched_at == first.fetched_at


def test_an_older_copy_is_served_when_x_times_out(stub, xclient, account_id, settings):
    settings.X_READ_TIMEOUT = 0.2
    stub.route("GET", HOME, Reply(200, PAGE), Reply(200, PAGE, delay=1.0))
    read_home(xclient, account_id)
    served = read_home(xclient, account_id, ttl=0)
    assert served.stale and served.notice.timed_out


def test_without_a_copy_the_error_is_raised(stub, xclient, account_id):
    stub.route("GET", HOME, Reply(429, RATE_LIMITED))
    with pytest.raises(errors.RateLimited):
        read_home(xclient, account_id)


def test_other_errors_are_raised_even_with_a_copy(stub, xclient, account_id):
    stub.route(
        "GET",
        HOME,
        Reply(200, PAGE),
        Reply(401, {"title": "Unauthorized", "detail": "Unauthorized"}),
    )
    read_home(xclient, account_id)
    with pytest.raises(errors.TokenRevoked):
        read_home(xclient, account_id, ttl=0)


def test_forget_drops_one_accounts_pages_and_not_anothers(stub, xclient, account_id):
    other = account_id + "7"
    stub.route("GET", HOME, Reply(200, PAGE))
    read_home(xclient, account_id)
    read_home(xclient, other)
    assert len(stub.calls()) == 2
    forget(account_id)
    read_home(xclient, account_id)
    read_home(xclient, other)
    assert len(stub.calls()) == 3
    # And the refetched page is cached again under the new generation.
    read_home(xclient, account_id)
    assert len(stub.calls()) == 3


def test_forget_one_endpoint_keeps_the_others(stub, xclient, account_id):
    stub.route("GET", HOME, Reply(200, PAGE))

    def fetch():
        return xclient.home_timeline(ME)

    cached_read(account_id, "home", {}, fetch)
    cached_read(account_id, "mentions", {}, fetch)
    forget(account_id, "mentions")
    cached_read(account_id, "home", {}, fetch)
    cached_read(account_id, "mentions", {}, fetch)
    assert len(stub.calls()) == 3


def test_a_forgotten_page_is_not_served_as_stale_either(stub, xclient, account_id):
    stub.route("GET", HOME, Reply(200, PAGE), Reply(503, {"detail": "Service Unavailable"}))
    read_home(xclient, account_id)
    forget(account_id)
    with pytest.raises(errors.Unavailable):
        read_home(xclient, account_id)


def test_keys_are_per_account_ascii_and_short(account_id):
    key = read_cache.cache_key(account_id, "home", {"pagination_token": "é" * 500})
    assert key.startswith(f"xr:{account_id}:home:")
    assert key.isascii() and len(key) <= 250 and " " not in key
    odd = read_cache.cache_key("id with spaces/ü", "home", {})
    assert odd.isascii() and " " not in odd
    assert read_cache.cache_key(account_id + "1", "home", {}) != read_cache.cache_key(
        account_id, "home", {}
    )


class BrokenCache:
    """A cache whose every call fails, like memcached gone away mid-request."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionRefusedError("cache down")

        return fail


def test_a_cache_that_raises_is_a_miss(stub, xclient, account_id, monkeypatch):
    monkeypatch.setattr(read_cache, "_cache", BrokenCache)
    stub.route("GET", HOME, Reply(200, PAGE))
    first = read_home(xclient, account_id)
    second = read_home(xclient, account_id)
    assert first.value.items[0].id == "20" and not second.stale
    assert len(stub.calls()) == 2
    forget(account_id)  # must not raise either


def test_a_stopped_memcached_is_a_miss(stub, xclient, account_id, settings, closed_port):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": f"127.0.0.1:{closed_port}",
            "OPTIONS": {"connect_timeout": 0.2, "timeout": 0.2},
        }
    }
    stub.route("GET", HOME, Reply(200, PAGE))
    assert read_home(xclient, account_id).value.items[0].id == "20"
    assert read_home(xclient, account_id).value.items[0].id == "20"
    assert len(stub.calls()) == 2
    forget(account_id)


@pytest.mark.memcached
def test_pages_round_trip_through_real_memcached(
    stub, xclient, account_id, settings, memcached_factory
):
    _, port = memcached_factory()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": f"127.0.0.1:{port}",
            "OPTIONS": {"connect_timeout": 0.2, "timeout": 0.3},
        }
    }
    stub.route("GET", HOME, Reply(200, PAGE), Reply(429, RATE_LIMITED))
    first = read_home(xclient, account_id)
    assert read_home(xclient, account_id).value == first.value
    served = read_home(xclient, account_id, ttl=0)
    assert served.stale and isinstance(served.notice, errors.RateLimited)
    assert len(stub.calls()) == 2
    forget(account_id)
    with pytest.raises(errors.RateLimited):
        read_home(xclient, account_id)
    assert caches["default"].get(f"xg:{account_id}") is not None


def test_the_cache_format_is_part_of_the_key(account_id, monkeypatch):
    before = read_cache.cache_key(account_id, "home", {})
    monkeypatch.setattr(read_cache, "CACHE_FORMAT", read_cache.CACHE_FORMAT + 1)
    after = read_cache.cache_key(account_id, "home", {})
    assert before != after
    assert before.rsplit(":", 2)[0] == after.rsplit(":", 2)[0]  # same generations

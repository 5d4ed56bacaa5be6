"""The plumbing every service shares: freshness per endpoint, the cached read, the
write that drops the pages it changes, and pages made of two reads."""

from __future__ import annotations

from django.conf import settings

from .. import cache
from ..client import XClient
from ..errors import TokenRevoked, XError

# How long a page read from X counts as fresh, per endpoint, in seconds. None reads
# settings.X_READ_CACHE_TTL (the timelines people reload most).
READ_TTL: dict[str, int | None] = {
    "home": None,
    "mentions": None,
    "user_posts": 120,
    "list_posts": 60,
    "search": 60,
    "replies": 60,
    "post": 120,
    "user": 300,
    "followers": 300,
    "following": 300,
    "lists": 600,
    "list": 600,
    "dm": 30,
    "liked": 300,
}

# Every cached page that lists posts or shows a post's counts.
_POST_PAGES = (
    "home",
    "mentions",
    "user_posts",
    "list_posts",
    "search",
    "replies",
    "post",
)
# Which of the account's cached endpoints each write changes.
FORGETS: dict[str, tuple[str, ...]] = {
    "create_post": _POST_PAGES,
    "delete_post": _POST_PAGES,
    "retweet": _POST_PAGES,
    "unretweet": _POST_PAGES,
    "like": (*_POST_PAGES, "liked"),
    "unlike": (*_POST_PAGES, "liked"),
    # Follows change who is listed, whose posts reach home, and the profiles' counts.
    "follow": ("following", "followers", "home", "user"),
    "unfollow": ("following", "followers", "home", "user"),
    "send_dm": ("dm",),
}


def ttl_for(endpoint: str) -> int:
    """Seconds a cached page of `endpoint` counts as fresh."""
    ttl = READ_TTL[endpoint]
    return settings.X_READ_CACHE_TTL if ttl is None else ttl


def client_for(account) -> XClient:
    """An X client signed with the account's access token."""
    return XClient(account.token, account.token_secret, spender=account.x_user_id)


def read(account, endpoint: str, params: dict, fetch) -> cache.Cached:
    """`fetch()` through the account's cache, fresh for the endpoint's time."""
    return cache.cached_read(account.x_user_id, endpoint, params, fetch, ttl=ttl_for(endpoint))


def forget(account, write: str) -> None:
    """Drop the account's cached pages that `write` changes (`FORGETS`)."""
    for endpoint in FORGETS[write]:
        cache.forget(account.x_user_id, endpoint)


def write(account, name: str, call):
    """Run one write against X, then drop the cached pages it changes (`FORGETS`).

    A failed write raises X's typed error unchanged and leaves the cache alone.
    """
    result = call(client_for(account))
    forget(account, name)
    return result


def page_size(size: int | None = None) -> int:
    """Posts per page: the user's choice if given, else TIMELINE_PAGE_SIZE."""
    return size or settings.TIMELINE_PAGE_SIZE


def paged(account, endpoint, method, owner: str, owner_id, pagination_token, size):
    """One cached page of `method(owner_id, ...)`; `owner` names the id in the cache key."""
    size = page_size(size)
    return read(
        account,
        endpoint,
        {owner: str(owner_id), "max_results": size, "pagination_token": pagination_token},
        lambda: getattr(client_for(account), method)(
            owner_id, max_results=size, pagination_token=pagination_token
        ),
    )


def second_part(read_part):
    """Run the optional half of a page: (Cached or None, error or None).

    A revoked token still fails the page: the user has to sign in again.
    """
    try:
        return read_part(), None
    except TokenRevoked:
        raise
    except XError as exc:
        return None, exc


def combine(first: cache.Cached, second: cache.Cached | None, error: XError | None) -> dict:
    """The age, staleness and notice of a page made of `first` and `second`."""
    parts = [part for part in (first, second) if part is not None]
    notice = error or next((part.notice for part in parts if part.notice), None)
    return {
        "fetched_at": min(part.fetched_at for part in parts),
        "stale": any(part.stale for part in parts),
        "notice": notice,
    }

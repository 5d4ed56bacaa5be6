"""The account's own timelines (home, mentions) and search."""

from __future__ import annotations

from .. import cache
from ..errors import BadRequest
from ..types import Page
from .common import client_for, page_size, read


def home_page(
    account,
    *,
    pagination_token: str | None = None,
    until_id: str | None = None,
    size: int | None = None,
) -> cache.Cached[Page]:
    """One page of the home timeline (cached; stale with a notice when X fails)."""
    return _own_timeline(account, "home", "home_timeline", pagination_token, until_id, size)


def mentions_page(
    account,
    *,
    pagination_token: str | None = None,
    until_id: str | None = None,
    size: int | None = None,
) -> cache.Cached[Page]:
    """One page of posts mentioning the account (cached like `home_page`)."""
    return _own_timeline(account, "mentions", "mentions", pagination_token, until_id, size)


def _own_timeline(account, endpoint, method, pagination_token, until_id, size):
    size = page_size(size)
    return read(
        account,
        endpoint,
        {"max_results": size, "pagination_token": pagination_token, "until_id": until_id},
        lambda: getattr(client_for(account), method)(
            account.x_user_id,
            max_results=size,
            pagination_token=pagination_token,
            until_id=until_id,
        ),
    )


def search_page(
    account, query: str, *, next_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of recent posts matching `query`."""
    query = query.strip()
    if not query:
        raise BadRequest(None, "Type something to search for.")
    size = page_size(size)
    return read(
        account,
        "search",
        {"query": query, "max_results": size, "next_token": next_token},
        lambda: client_for(account).search_recent(query, max_results=size, next_token=next_token),
    )

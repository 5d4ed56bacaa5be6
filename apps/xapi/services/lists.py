"""Lists: the lists a user owns, one list, and a list's posts."""

from __future__ import annotations

from .. import cache
from ..types import Page, XList
from .common import client_for, paged, read


def owned_lists_page(
    account,
    user_id: str | None = None,
    *,
    pagination_token: str | None = None,
    size: int | None = None,
) -> cache.Cached[Page]:
    """One page of the lists a user (by default the account itself) owns (Page of XList)."""
    user_id = str(user_id or account.x_user_id)
    return paged(account, "lists", "owned_lists", "user_id", user_id, pagination_token, size)


def list_detail(account, list_id: str) -> cache.Cached[XList]:
    """One list by id (cached)."""
    return read(account, "list", {"id": str(list_id)}, lambda: client_for(account).list(list_id))


def list_posts_page(
    account, list_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of a list's posts."""
    return paged(account, "list_posts", "list_posts", "list_id", list_id, pagination_token, size)

"""What the views ask of X: cached reads and writes for one linked account.

`account` is anything with `x_user_id`, `token` and `token_secret` (the accounts
app's XAccount). Reads go through `cache.cached_read`, keyed by the X account;
writes go straight to X and then drop the account's cached pages.
"""

from __future__ import annotations

from django.conf import settings

from . import cache
from .client import XClient
from .errors import BadRequest
from .text import is_valid_post
from .types import Page, Post


def client_for(account) -> XClient:
    """An X client signed with the account's access token."""
    return XClient(account.token, account.token_secret)


def home_page(account, *, pagination_token: str | None = None) -> cache.Cached[Page]:
    """One page of the home timeline (cached; stale with a notice when X fails)."""
    size = settings.TIMELINE_PAGE_SIZE
    return cache.cached_read(
        account.x_user_id,
        "home",
        {"max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).home_timeline(
            account.x_user_id, max_results=size, pagination_token=pagination_token
        ),
    )


def mentions_page(account, *, pagination_token: str | None = None) -> cache.Cached[Page]:
    """One page of posts mentioning the account (cached like `home_page`)."""
    size = settings.TIMELINE_PAGE_SIZE
    return cache.cached_read(
        account.x_user_id,
        "mentions",
        {"max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).mentions(
            account.x_user_id, max_results=size, pagination_token=pagination_token
        ),
    )


def user_posts_page(
    account, user_id: str, *, pagination_token: str | None = None
) -> cache.Cached[Page]:
    """One page of a user's posts as this account sees them (cached)."""
    size = settings.TIMELINE_PAGE_SIZE
    return cache.cached_read(
        account.x_user_id,
        "user_posts",
        {"user_id": str(user_id), "max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).user_posts(
            user_id, max_results=size, pagination_token=pagination_token
        ),
    )


def post_detail(account, post_id: str) -> cache.Cached[Post]:
    """One post as this account sees it (cached)."""
    return cache.cached_read(
        account.x_user_id,
        "post",
        {"id": str(post_id)},
        lambda: client_for(account).post(post_id),
    )


def create_post(account, text: str, *, in_reply_to: str | None = None) -> Post:
    """Post for the account, then drop its cached pages so the new post shows."""
    if not is_valid_post(text):
        # Checked here too so a form that forgot to never costs a call to X.
        raise BadRequest(None, "The text is empty or longer than X allows.")
    post = client_for(account).create_post(text, in_reply_to=in_reply_to)
    cache.forget(account.x_user_id)
    return post


def delete_post(account, post_id: str) -> bool:
    """Delete one of the account's posts, then drop its cached pages."""
    deleted = client_for(account).delete_post(post_id)
    cache.forget(account.x_user_id)
    return deleted

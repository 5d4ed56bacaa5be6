"""Users: profiles with their posts, followers and following, follow and unfollow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import cache
from ..errors import XError
from ..types import FollowResult, Page, User
from .common import client_for, combine, paged, read, second_part, write


@dataclass(frozen=True, slots=True)
class ProfilePage:
    """A user's profile and one page of their posts.

    `posts` is None when X would not give them (a protected account, a failure with
    no cached copy); `notice` then says why. `stale`/`notice` also report a part
    served from an older copy while X failed. `fetched_at` is the older part's time.
    """

    user: User
    posts: Page | None
    fetched_at: datetime
    stale: bool = False
    notice: XError | None = None


def user_by_username(account, username: str) -> cache.Cached[User]:
    """One user by @name (cached; names are case-insensitive on X)."""
    name = username.lstrip("@")
    return read(
        account,
        "user",
        {"username": name.lower()},
        lambda: client_for(account).user_by_username(name),
    )


def users_lookup(account, ids) -> cache.Cached[Page]:
    """Several users by id in one call (cached; at most 100)."""
    ids = [str(i) for i in ids]
    return read(account, "user", {"ids": ids}, lambda: client_for(account).users(ids))


def user_posts_page(
    account, user_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of a user's posts as this account sees them (cached)."""
    return paged(account, "user_posts", "user_posts", "user_id", user_id, pagination_token, size)


def profile_page(
    account, username: str, *, pagination_token: str | None = None, size: int | None = None
) -> ProfilePage:
    """A profile by @name with a page of the user's posts (two calls cold, none warm)."""
    user = user_by_username(account, username)
    posts, error = second_part(
        lambda: user_posts_page(
            account, user.value.id, pagination_token=pagination_token, size=size
        )
    )
    return ProfilePage(
        user=user.value,
        posts=posts.value if posts is not None else None,
        **combine(user, posts, error),
    )


def followers_page(
    account, user_id: str, *, pagination_token: str | None = None
) -> cache.Cached[Page]:
    """One page of a user's followers (a Page of User)."""
    return paged(account, "followers", "followers", "user_id", user_id, pagination_token, None)


def following_page(
    account, user_id: str, *, pagination_token: str | None = None
) -> cache.Cached[Page]:
    """One page of the accounts a user follows (a Page of User)."""
    return paged(account, "following", "following", "user_id", user_id, pagination_token, None)


def follow(account, target_id: str) -> FollowResult:
    """Follow a user (a request if their account is protected)."""
    return write(account, "follow", lambda client: client.follow(account.x_user_id, target_id))


def unfollow(account, target_id: str) -> bool:
    """Stop following a user; True if X says so."""
    return write(account, "unfollow", lambda client: client.unfollow(account.x_user_id, target_id))

"""Users: lookups, followers and following, follow and unfollow."""

from __future__ import annotations

from collections.abc import Iterable

from ..fields import USER_FIELDS
from ..transport import Transport, batch, clamp, segment
from ..types import FollowResult, Page, User, parse_page, parse_user, parse_user_item

# X's limit for followers and following (xapi.md §2.1): 1-1000 per page.
_USERS_RANGE = (1, 1000)


class UserCalls(Transport):
    """Users by id or @name, who follows whom, and following."""

    def me(self) -> User:
        """The signed-in user."""
        return parse_user(self._single("/2/users/me", USER_FIELDS)["data"])

    def user_by_username(self, username: str) -> User:
        """A user by @name (without the @)."""
        path = f"/2/users/by/username/{segment(username.lstrip('@'))}"
        return parse_user(self._single(path, USER_FIELDS)["data"])

    def follow(self, user_id: str, target_id: str) -> FollowResult:
        """Follow `target_id`; a protected account gives `pending` (a follow request)."""
        path = f"/2/users/{segment(user_id)}/following"
        body = {"target_user_id": str(target_id)}
        data = self._write("POST", path, "following", body=body, action="follow")
        return FollowResult(bool(data["following"]), bool(data.get("pending_follow", False)))

    def unfollow(self, user_id: str, target_id: str) -> bool:
        """Stop following `target_id`; True if X says the user no longer follows."""
        path = f"/2/users/{segment(user_id)}/following/{segment(target_id)}"
        return not self._flag("DELETE", path, "following", action="unfollow")

    def _users_page(self, path: str, max_results: int, pagination_token: str | None) -> Page:
        params = {
            **USER_FIELDS,
            "max_results": clamp(max_results, _USERS_RANGE),
            "pagination_token": pagination_token,
        }
        return parse_page(self._json("GET", path, params=params), parse_user_item)

    def followers(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """One page of the accounts following `user_id` (a Page of User)."""
        path = f"/2/users/{segment(user_id)}/followers"
        return self._users_page(path, max_results, pagination_token)

    def following(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """One page of the accounts `user_id` follows (a Page of User)."""
        path = f"/2/users/{segment(user_id)}/following"
        return self._users_page(path, max_results, pagination_token)

    # --- user lookups in bulk ---------------------------------------------------------

    def users(self, ids: Iterable[str]) -> Page:
        """Several users by id (at most 100); missing ones come back in `Page.errors`."""
        ids = batch(ids)
        if not ids:
            return Page()
        body = self._json("GET", "/2/users", params={**USER_FIELDS, "ids": ids})
        return parse_page(body, parse_user_item)

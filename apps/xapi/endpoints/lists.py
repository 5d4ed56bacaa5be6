"""Lists: the lists a user owns, one list, and a list's posts."""

from __future__ import annotations

from ..fields import LIST_FIELDS
from ..transport import clamp, segment
from ..types import Page, XList, parse_list, parse_page
from .timelines import TimelineCalls

# X's limit for lists and list posts (xapi.md §2.1): 1-100.
_LISTS_RANGE = (1, 100)


class ListCalls(TimelineCalls):
    """Lists and their posts (read through the timeline helper)."""

    def owned_lists(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """The lists `user_id` owns (a Page of XList)."""
        params = {
            **LIST_FIELDS,
            "max_results": clamp(max_results, _LISTS_RANGE),
            "pagination_token": pagination_token,
        }
        path = f"/2/users/{segment(user_id)}/owned_lists"
        return parse_page(self._json("GET", path, params=params), parse_list)

    def list(self, list_id: str) -> XList:
        """One list by id."""
        body = self._single(f"/2/lists/{segment(list_id)}", LIST_FIELDS)
        return parse_list(body["data"], body.get("includes"))

    def list_posts(
        self, list_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """The posts of a list's members, newest first."""
        path = f"/2/lists/{segment(list_id)}/tweets"
        return self._timeline(path, _LISTS_RANGE, max_results, pagination_token, None)

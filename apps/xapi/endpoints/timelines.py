"""Pages of posts: the home timeline, mentions, a user's posts, search, a conversation."""

from __future__ import annotations

import re

from .. import errors
from ..fields import POST_FIELDS
from ..transport import Transport, clamp, segment
from ..types import Page, parse_page

# X's limits per endpoint (xapi.md §2.1): home 1-100, mentions and user posts 5-100,
# search 10-100.
_HOME_RANGE = (1, 100)
_LIST_RANGE = (5, 100)
_SEARCH_RANGE = (10, 100)
_POST_ID = re.compile(r"^[0-9]{1,19}$")


class TimelineCalls(Transport):
    """Timelines and searches, newest first, one page at a time."""

    def _timeline(
        self, path: str, bounds, max_results, pagination_token, since_id, until_id=None
    ) -> Page:
        params = {
            **POST_FIELDS,
            "max_results": clamp(max_results, bounds),
            "pagination_token": pagination_token,
            "since_id": since_id,
            "until_id": until_id,
        }
        return parse_page(self._json("GET", path, params=params))

    def home_timeline(
        self,
        user_id: str,
        *,
        max_results: int = 20,
        pagination_token: str | None = None,
        since_id: str | None = None,
        until_id: str | None = None,
    ) -> Page:
        """The user's home timeline, newest first (`user_id` must be the token's user).

        ``until_id`` gives only posts older than that id (an "older" cursor).
        """
        path = f"/2/users/{segment(user_id)}/timelines/reverse_chronological"
        return self._timeline(path, _HOME_RANGE, max_results, pagination_token, since_id, until_id)

    def mentions(
        self,
        user_id: str,
        *,
        max_results: int = 20,
        pagination_token: str | None = None,
        since_id: str | None = None,
        until_id: str | None = None,
    ) -> Page:
        """Posts mentioning the user, newest first (``until_id``: older than that id)."""
        path = f"/2/users/{segment(user_id)}/mentions"
        return self._timeline(path, _LIST_RANGE, max_results, pagination_token, since_id, until_id)

    def user_posts(
        self,
        user_id: str,
        *,
        max_results: int = 20,
        pagination_token: str | None = None,
        since_id: str | None = None,
    ) -> Page:
        """A user's own posts, newest first."""
        path = f"/2/users/{segment(user_id)}/tweets"
        return self._timeline(path, _LIST_RANGE, max_results, pagination_token, since_id)

    def liked_posts(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """Posts the user liked, most recently liked first (the post page's like state)."""
        path = f"/2/users/{segment(user_id)}/liked_tweets"
        return self._timeline(path, _LIST_RANGE, max_results, pagination_token, None)

    def search_recent(
        self,
        query: str,
        *,
        max_results: int = 20,
        next_token: str | None = None,
        since_id: str | None = None,
    ) -> Page:
        """Posts of the last 7 days matching `query`, newest first (10-100 per page)."""
        params = {
            **POST_FIELDS,
            "query": query,
            "max_results": clamp(max_results, _SEARCH_RANGE),
            "next_token": next_token,
            "since_id": since_id,
        }
        return parse_page(self._json("GET", "/2/tweets/search/recent", params=params))

    def conversation(
        self,
        conversation_id: str,
        *,
        max_results: int = 20,
        next_token: str | None = None,
        since_id: str | None = None,
    ) -> Page:
        """The posts of a conversation (replies in a thread) seen by recent search."""
        conversation_id = str(conversation_id)
        if not _POST_ID.match(conversation_id):
            # Only digits may go into the query: anything else would change the search.
            raise errors.BadRequest(None, "Not a post id.")
        return self.search_recent(
            f"conversation_id:{conversation_id}",
            max_results=max_results,
            next_token=next_token,
            since_id=since_id,
        )

"""Where a list page's "more" link goes, once the byte budget has chosen how many it shows.

X pages lists with opaque tokens. A phone may show only the first n items of one
X page; its "more" link then asks for the same X page (served from the read
cache) from item n on: ``?page=<token>&from=<n>``. Timelines go on with X's
``until_id`` instead (the last id shown), which new posts cannot shift.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

# No X page holds more items than this; a larger offset is not ours.
MAX_OFFSET = 1000


def token_param(request, name="page") -> str | None:
    """A paging token from the query string, or None when absent or malformed."""
    value = request.GET.get(name) or ""
    return value if 0 < len(value) <= 128 and value.isalnum() else None


def id_param(request, name) -> str | None:
    """An X id from the query string, or None when absent or malformed."""
    value = request.GET.get(name) or ""
    return value if 0 < len(value) <= 19 and value.isascii() and value.isdigit() else None


@dataclass(frozen=True, slots=True)
class Position:
    """Where in X's pages a list page starts: X's token and the items already shown."""

    token: str | None
    offset: int = 0

    @classmethod
    def of(cls, request) -> Position:
        raw = request.GET.get("from") or ""
        offset = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else 0
        return cls(token_param(request), min(offset, MAX_OFFSET))

    def rest(self, items: Sequence) -> Sequence:
        """The items of X's page this list page starts with."""
        return items[self.offset :]

    def more(self, total: int, next_token: str | None, query=()) -> Callable[[int], str | None]:
        """``more_url(count)``: after ``count`` shown items of an X page of ``total``."""

        def more_url(count: int) -> str | None:
            end = self.offset + count
            if end < total:
                params = [*query, *([("page", self.token)] if self.token else []), ("from", end)]
                return "?" + urlencode(params)
            if next_token:
                return "?" + urlencode([*query, ("page", next_token)])
            return None

        return more_url


def older_than_shown(
    items: Sequence, next_token: str | None, until: str | None = None
) -> Callable[[int], str | None]:
    """``more_url(count)`` for a timeline read with X's ``until_id`` = ``until`` (or none).

    Some posts shown: go on from the last one (``until`` = its id). All shown: X's
    next token, with the ``until`` it belongs to (a token continues its own query).
    """

    def more_url(count: int) -> str | None:
        if 0 < count < len(items):
            return "?" + urlencode({"until": items[count - 1].id})
        if next_token:
            return "?" + urlencode({"page": next_token, **({"until": until} if until else {})})
        return None

    return more_url

"""Timeline paging: opaque tokens, since_id/until_id, and the meta X reports."""

from datetime import datetime

from .problems import InvalidRequest
from .records import Post

_PREFIX = "7e1d"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
    return out or "0"


def encode_token(toward_older: bool, post_id: str) -> str:
    """An opaque token for the page after (older) or before (newer) ``post_id``."""
    return _PREFIX + _base36((int(post_id) << 1) | (0 if toward_older else 1))


def decode_token(token: str) -> tuple[bool, int]:
    """(toward_older, cursor id) from a token, or a 400 for anything else."""
    try:
        if not token.startswith(_PREFIX):
            raise ValueError(token)
        number = int(token[len(_PREFIX) :], 36)
    except ValueError:
        raise InvalidRequest(
            f"The `pagination_token` query parameter value [{token}] is not valid",
            {"pagination_token": [token]},
        ) from None
    return number & 1 == 0, number >> 1


def paginate(
    posts: list[Post],
    *,
    max_results: int,
    token: str | None = None,
    since_id: int | None = None,
    until_id: int | None = None,
    start_time: datetime | None = None,
    end_time: datetime | None = None,
) -> tuple[list[Post], dict]:
    """One page of ``posts`` (newest first) and its meta."""
    pool = [
        post
        for post in posts
        if (since_id is None or int(post.id) > since_id)
        and (until_id is None or int(post.id) < until_id)
        and (start_time is None or post.created_at >= start_time)
        and (end_time is None or post.created_at < end_time)
    ]
    if token:
        toward_older, cursor = decode_token(token)
        if toward_older:
            page = [post for post in pool if int(post.id) < cursor][:max_results]
        else:
            page = [post for post in pool if int(post.id) > cursor][-max_results:]
    else:
        page = pool[:max_results]
    meta: dict = {"result_count": len(page)}
    if page:
        newest, oldest = int(page[0].id), int(page[-1].id)
        meta["newest_id"], meta["oldest_id"] = page[0].id, page[-1].id
        if any(int(post.id) < oldest for post in pool):
            meta["next_token"] = encode_token(True, page[-1].id)
        if any(int(post.id) > newest for post in pool):
            meta["previous_token"] = encode_token(False, page[0].id)
    return page, meta


# --- pages of users, likes, Lists and DM events --------------------------------
# X's tokens differ by endpoint: followers and DMs use base32-looking tokens of at
# least 16 characters ("5CS0O0C6II61EZZZ"), owned_lists and muting a number of at
# most 19 digits, likes a base36 string. All are opaque to clients.
_B32 = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
_B36_PREFIX = "8q3k"


def _in_base(number: int, alphabet: str) -> str:
    out = ""
    while number:
        number, rest = divmod(number, len(alphabet))
        out = alphabet[rest] + out
    return out or alphabet[0]


def _bad_token(token: str, parameter: str) -> InvalidRequest:
    return InvalidRequest(
        f"The `{parameter}` query parameter value [{token}] is not valid", {parameter: [token]}
    )


def encode_cursor(style: str, toward_older: bool, key: str) -> str:
    """A token for the page after (older) or before (newer) the item with id ``key``."""
    number = (int(key) << 1) | (0 if toward_older else 1)
    if style == "base32":
        return _in_base(number, _B32).ljust(16, "Z") + "ZZZZ"
    return _B36_PREFIX + _in_base(number, _DIGITS)


def decode_cursor(style: str, token: str, parameter: str) -> tuple[bool, str]:
    """(toward_older, key) from a token made by ``encode_cursor``."""
    try:
        if style == "base32":
            if len(token) < 16 or not token.endswith("ZZZZ"):
                raise ValueError(token)
            number = int(token.rstrip("Z"), 32)
        else:
            if not token.startswith(_B36_PREFIX):
                raise ValueError(token)
            number = int(token[len(_B36_PREFIX) :], 36)
    except ValueError:
        raise _bad_token(token, parameter) from None
    return number & 1 == 0, str(number >> 1)


def paginate_items(
    items: list,
    *,
    max_results: int,
    token: str | None,
    style: str,
    parameter: str = "pagination_token",
) -> tuple[list, dict]:
    """One page of ``items`` (objects with an ``id``, in the endpoint's order) and its meta.

    ``style`` is "base32", "base36" (cursor tokens naming an item) or
    "numeric" (the offset of the page, as X's owned_lists and muting tokens).
    """
    if style == "numeric":
        start = 0
        if token:
            if not token.isdigit() or len(token) > 19 or int(token) >= max(len(items), 1):
                raise _bad_token(token, parameter)
            start = int(token)
        page = items[start : start + max_results]
        meta: dict = {"result_count": len(page)}
        if start + max_results < len(items):
            meta["next_token"] = str(start + max_results)
        if start > 0:
            meta["previous_token"] = str(max(0, start - max_results))
        return page, meta
    positions = {item.id: n for n, item in enumerate(items)}
    start, end = 0, max_results
    if token:
        toward_older, key = decode_cursor(style, token, parameter)
        if key not in positions:
            raise _bad_token(token, parameter)
        if toward_older:
            start = positions[key] + 1
            end = start + max_results
        else:
            end = positions[key]
            start = max(0, end - max_results)
    page = items[start:end]
    meta = {"result_count": len(page)}
    if page and end < len(items):
        meta["next_token"] = encode_cursor(style, True, page[-1].id)
    if page and start > 0:
        meta["previous_token"] = encode_cursor(style, False, page[0].id)
    return page, meta

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

"""One post, its conversation, and the writes on posts (post, delete, like, repost)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import cache
from ..errors import BadRequest, XError
from ..text import is_valid_post
from ..types import Page, Post
from .common import client_for, combine, forget, page_size, read, second_part, write


@dataclass(frozen=True, slots=True)
class PostPage:
    """A post and the other posts of its conversation.

    `replies` is None when the search for them failed (e.g. no search access);
    `notice` then holds the error, and the post is shown alone.
    """

    post: Post
    replies: Page | None
    fetched_at: datetime
    stale: bool = False
    notice: XError | None = None


def post_detail(account, post_id: str) -> cache.Cached[Post]:
    """One post as this account sees it (cached)."""
    return read(account, "post", {"id": str(post_id)}, lambda: client_for(account).post(post_id))


def replies_page(
    account, conversation_id: str, *, next_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of the posts in a conversation (found by recent search)."""
    size = page_size(size)
    return read(
        account,
        "replies",
        {"conversation_id": str(conversation_id), "max_results": size, "next_token": next_token},
        lambda: client_for(account).conversation(
            conversation_id, max_results=size, next_token=next_token
        ),
    )


def post_page(
    account, post_id: str, *, next_token: str | None = None, size: int | None = None
) -> PostPage:
    """A post with its conversation's other posts (two calls cold, none warm).

    A failure of the replies part (no search access, X down) does not fail the page.
    """
    post = post_detail(account, post_id)
    conversation_id = post.value.conversation_id or post.value.id
    replies, error = second_part(
        lambda: replies_page(account, conversation_id, next_token=next_token, size=size)
    )
    page = None
    if replies is not None:
        items = tuple(item for item in replies.value.items if item.id != post.value.id)
        page = _replace_items(replies.value, items)
    return PostPage(post=post.value, replies=page, **combine(post, replies, error))


def _replace_items(page: Page, items: tuple) -> Page:
    if len(items) == len(page.items):
        return page
    return Page(
        items=items,
        next_token=page.next_token,
        previous_token=page.previous_token,
        newest_id=page.newest_id,
        oldest_id=page.oldest_id,
        result_count=len(items),
        errors=page.errors,
    )


def create_post(
    account,
    text: str,
    *,
    in_reply_to: str | None = None,
    quote_of: str | None = None,
    media_ids: tuple[str, ...] | list[str] = (),
) -> Post:
    """Post for the account, then drop the cached pages the new post changes.

    `media_ids` are ids from `XClient.upload_media` (a post with media may have
    no text). X's errors come through unchanged (the outbox retries
    Unavailable/RateLimited).
    """
    if not is_valid_post(text) and not (media_ids and not text.strip()):
        # Checked here too so a form that forgot to never costs a call to X.
        raise BadRequest(None, "The text is empty or longer than X allows.")
    post = client_for(account).create_post(
        text, in_reply_to=in_reply_to, quote_of=quote_of, media_ids=media_ids
    )
    forget(account, "create_post")
    return post


def delete_post(account, post_id: str) -> bool:
    """Delete one of the account's posts, then drop the pages that showed it."""
    return write(account, "delete_post", lambda client: client.delete_post(post_id))


def like(account, post_id: str) -> bool:
    """Like a post; True if X says it is liked."""
    return write(account, "like", lambda client: client.like(account.x_user_id, post_id))


def unlike(account, post_id: str) -> bool:
    """Take back a like; True if X says it is gone."""
    return write(account, "unlike", lambda client: client.unlike(account.x_user_id, post_id))


def retweet(account, post_id: str) -> bool:
    """Repost a post; True if X says it is reposted."""
    return write(account, "retweet", lambda client: client.retweet(account.x_user_id, post_id))


def unretweet(account, post_id: str) -> bool:
    """Undo a repost of `post_id` (the original's id); True if X says it is undone."""
    return write(account, "unretweet", lambda client: client.unretweet(account.x_user_id, post_id))

"""What the views ask of X: cached reads and writes for one linked account.

`account` is anything with `x_user_id`, `token` and `token_secret` (the accounts
app's XAccount). Reads go through `cache.cached_read`, keyed by the X account, the
endpoint and the parameters, fresh for the endpoint's time in `READ_TTL`. Writes go
straight to X, raise X's typed errors unchanged, and then drop exactly the account's
cached pages they change (`FORGETS`), so a page view on a warm cache costs at most
one call to X.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from . import cache
from .client import XClient
from .errors import BadRequest, TokenRevoked, XError
from .text import is_valid_post
from .types import FollowResult, Page, Post, User, XList

# How long a page read from X counts as fresh, per endpoint, in seconds. None reads
# settings.X_READ_CACHE_TTL (the timelines people reload most).
READ_TTL: dict[str, int | None] = {
    "home": None,
    "mentions": None,
    "user_posts": 120,
    "list_posts": 60,
    "search": 60,
    "replies": 60,
    "post": 120,
    "liked": 120,
    "user": 300,
    "followers": 300,
    "following": 300,
    "lists": 600,
    "list": 600,
    "dm": 30,
}

# Every cached page that lists posts or shows a post's counts.
_POST_PAGES = (
    "home",
    "mentions",
    "user_posts",
    "list_posts",
    "search",
    "replies",
    "post",
    "liked",
)
# Which of the account's cached endpoints each write changes.
FORGETS: dict[str, tuple[str, ...]] = {
    "create_post": _POST_PAGES,
    "delete_post": _POST_PAGES,
    "retweet": _POST_PAGES,
    "unretweet": _POST_PAGES,
    "like": _POST_PAGES,
    "unlike": _POST_PAGES,
    # Follows change who is listed, whose posts reach home, and the profiles' counts.
    "follow": ("following", "followers", "home", "user"),
    "unfollow": ("following", "followers", "home", "user"),
    "send_dm": ("dm",),
}


def ttl_for(endpoint: str) -> int:
    """Seconds a cached page of `endpoint` counts as fresh."""
    ttl = READ_TTL[endpoint]
    return settings.X_READ_CACHE_TTL if ttl is None else ttl


def client_for(account) -> XClient:
    """An X client signed with the account's access token."""
    return XClient(account.token, account.token_secret)


def _read(account, endpoint: str, params: dict, fetch) -> cache.Cached:
    return cache.cached_read(account.x_user_id, endpoint, params, fetch, ttl=ttl_for(endpoint))


def _forget(account, write: str) -> None:
    for endpoint in FORGETS[write]:
        cache.forget(account.x_user_id, endpoint)


def _size(size: int | None = None) -> int:
    """Posts per page: the user's choice if given, else TIMELINE_PAGE_SIZE."""
    return size or settings.TIMELINE_PAGE_SIZE


# --- timelines ------------------------------------------------------------------------


def home_page(
    account,
    *,
    pagination_token: str | None = None,
    until_id: str | None = None,
    size: int | None = None,
) -> cache.Cached[Page]:
    """One page of the home timeline (cached; stale with a notice when X fails)."""
    return _own_timeline(account, "home", "home_timeline", pagination_token, until_id, size)


def mentions_page(
    account,
    *,
    pagination_token: str | None = None,
    until_id: str | None = None,
    size: int | None = None,
) -> cache.Cached[Page]:
    """One page of posts mentioning the account (cached like `home_page`)."""
    return _own_timeline(account, "mentions", "mentions", pagination_token, until_id, size)


def _own_timeline(account, endpoint, method, pagination_token, until_id, size):
    size = _size(size)
    return _read(
        account,
        endpoint,
        {"max_results": size, "pagination_token": pagination_token, "until_id": until_id},
        lambda: getattr(client_for(account), method)(
            account.x_user_id,
            max_results=size,
            pagination_token=pagination_token,
            until_id=until_id,
        ),
    )


def _paged(account, endpoint, method, owner: str, owner_id, pagination_token, size):
    """One cached page of `method(owner_id, ...)`; `owner` names the id in the cache key."""
    size = _size(size)
    return _read(
        account,
        endpoint,
        {owner: str(owner_id), "max_results": size, "pagination_token": pagination_token},
        lambda: getattr(client_for(account), method)(
            owner_id, max_results=size, pagination_token=pagination_token
        ),
    )


def user_posts_page(
    account, user_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of a user's posts as this account sees them (cached)."""
    return _paged(account, "user_posts", "user_posts", "user_id", user_id, pagination_token, size)


def liked_page(
    account,
    user_id: str | None = None,
    *,
    pagination_token: str | None = None,
    size: int | None = None,
) -> cache.Cached[Page]:
    """One page of the posts a user (by default the account's own) liked."""
    user_id = str(user_id or account.x_user_id)
    return _paged(account, "liked", "liked_posts", "user_id", user_id, pagination_token, size)


def list_posts_page(
    account, list_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of a list's posts."""
    return _paged(account, "list_posts", "list_posts", "list_id", list_id, pagination_token, size)


def search_page(
    account, query: str, *, next_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of recent posts matching `query`."""
    query = query.strip()
    if not query:
        raise BadRequest(None, "Type something to search for.")
    size = _size(size)
    return _read(
        account,
        "search",
        {"query": query, "max_results": size, "next_token": next_token},
        lambda: client_for(account).search_recent(query, max_results=size, next_token=next_token),
    )


def replies_page(
    account, conversation_id: str, *, next_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of the posts in a conversation (found by recent search)."""
    size = _size(size)
    return _read(
        account,
        "replies",
        {"conversation_id": str(conversation_id), "max_results": size, "next_token": next_token},
        lambda: client_for(account).conversation(
            conversation_id, max_results=size, next_token=next_token
        ),
    )


# --- single posts, users, lists -------------------------------------------------------


def post_detail(account, post_id: str) -> cache.Cached[Post]:
    """One post as this account sees it (cached)."""
    return _read(account, "post", {"id": str(post_id)}, lambda: client_for(account).post(post_id))


def user_detail(account, user_id: str) -> cache.Cached[User]:
    """One user by id (cached)."""
    return _read(account, "user", {"id": str(user_id)}, lambda: client_for(account).user(user_id))


def user_by_username(account, username: str) -> cache.Cached[User]:
    """One user by @name (cached; names are case-insensitive on X)."""
    name = username.lstrip("@")
    return _read(
        account,
        "user",
        {"username": name.lower()},
        lambda: client_for(account).user_by_username(name),
    )


def users_lookup(account, ids) -> cache.Cached[Page]:
    """Several users by id in one call (cached; at most 100)."""
    ids = [str(i) for i in ids]
    return _read(account, "user", {"ids": ids}, lambda: client_for(account).users(ids))


def followers_page(
    account, user_id: str, *, pagination_token: str | None = None
) -> cache.Cached[Page]:
    """One page of a user's followers (a Page of User)."""
    return _paged(account, "followers", "followers", "user_id", user_id, pagination_token, None)


def following_page(
    account, user_id: str, *, pagination_token: str | None = None
) -> cache.Cached[Page]:
    """One page of the accounts a user follows (a Page of User)."""
    return _paged(account, "following", "following", "user_id", user_id, pagination_token, None)


def owned_lists_page(
    account,
    user_id: str | None = None,
    *,
    pagination_token: str | None = None,
    size: int | None = None,
) -> cache.Cached[Page]:
    """One page of the lists a user (by default the account itself) owns (Page of XList)."""
    user_id = str(user_id or account.x_user_id)
    return _paged(account, "lists", "owned_lists", "user_id", user_id, pagination_token, size)


def list_detail(account, list_id: str) -> cache.Cached[XList]:
    """One list by id (cached)."""
    return _read(account, "list", {"id": str(list_id)}, lambda: client_for(account).list(list_id))


# --- direct messages ------------------------------------------------------------------


def dm_events_page(
    account, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """The account's recent messages in every conversation (a Page of DMEvent)."""
    size = _size(size)
    return _read(
        account,
        "dm",
        {"all": True, "max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).dm_events(max_results=size, pagination_token=pagination_token),
    )


def dm_conversation_with_page(
    account, participant_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of the one-to-one conversation with a user."""
    size = _size(size)
    return _read(
        account,
        "dm",
        {"with": str(participant_id), "max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).dm_conversation_with(
            participant_id, max_results=size, pagination_token=pagination_token
        ),
    )


def dm_conversation_page(
    account, conversation_id: str, *, pagination_token: str | None = None, size: int | None = None
) -> cache.Cached[Page]:
    """One page of a conversation by id."""
    size = _size(size)
    return _read(
        account,
        "dm",
        {"id": str(conversation_id), "max_results": size, "pagination_token": pagination_token},
        lambda: client_for(account).dm_conversation(
            conversation_id, max_results=size, pagination_token=pagination_token
        ),
    )


# --- pages made of two reads ----------------------------------------------------------


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


def _second_part(read):
    """Run the optional half of a page: (Cached or None, error or None).

    A revoked token still fails the page: the user has to sign in again.
    """
    try:
        return read(), None
    except TokenRevoked:
        raise
    except XError as exc:
        return None, exc


def _combine(first: cache.Cached, second: cache.Cached | None, error: XError | None):
    parts = [part for part in (first, second) if part is not None]
    notice = error or next((part.notice for part in parts if part.notice), None)
    return {
        "fetched_at": min(part.fetched_at for part in parts),
        "stale": any(part.stale for part in parts),
        "notice": notice,
    }


def profile_page(
    account, username: str, *, pagination_token: str | None = None, size: int | None = None
) -> ProfilePage:
    """A profile by @name with a page of the user's posts (two calls cold, none warm)."""
    user = user_by_username(account, username)
    posts, error = _second_part(
        lambda: user_posts_page(
            account, user.value.id, pagination_token=pagination_token, size=size
        )
    )
    return ProfilePage(
        user=user.value,
        posts=posts.value if posts is not None else None,
        **_combine(user, posts, error),
    )


def post_page(
    account, post_id: str, *, next_token: str | None = None, size: int | None = None
) -> PostPage:
    """A post with its conversation's other posts (two calls cold, none warm).

    A failure of the replies part (no search access, X down) does not fail the page.
    """
    post = post_detail(account, post_id)
    conversation_id = post.value.conversation_id or post.value.id
    replies, error = _second_part(
        lambda: replies_page(account, conversation_id, next_token=next_token, size=size)
    )
    page = None
    if replies is not None:
        items = tuple(item for item in replies.value.items if item.id != post.value.id)
        page = _replace_items(replies.value, items)
    return PostPage(post=post.value, replies=page, **_combine(post, replies, error))


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


# --- writes ---------------------------------------------------------------------------


def _write(account, write: str, call):
    """Run one write against X, then drop the cached pages it changes (`FORGETS`).

    A failed write raises X's typed error unchanged and leaves the cache alone.
    """
    result = call(client_for(account))
    _forget(account, write)
    return result


def create_post(
    account, text: str, *, in_reply_to: str | None = None, quote_of: str | None = None
) -> Post:
    """Post for the account, then drop the cached pages the new post changes.

    X's errors come through unchanged (the outbox retries Unavailable/RateLimited).
    """
    if not is_valid_post(text):
        # Checked here too so a form that forgot to never costs a call to X.
        raise BadRequest(None, "The text is empty or longer than X allows.")
    post = client_for(account).create_post(text, in_reply_to=in_reply_to, quote_of=quote_of)
    _forget(account, "create_post")
    return post


def delete_post(account, post_id: str) -> bool:
    """Delete one of the account's posts, then drop the pages that showed it."""
    return _write(account, "delete_post", lambda client: client.delete_post(post_id))


def like(account, post_id: str) -> bool:
    """Like a post; True if X says it is liked."""
    return _write(account, "like", lambda client: client.like(account.x_user_id, post_id))


def unlike(account, post_id: str) -> bool:
    """Take back a like; True if X says it is gone."""
    return _write(account, "unlike", lambda client: client.unlike(account.x_user_id, post_id))


def retweet(account, post_id: str) -> bool:
    """Repost a post; True if X says it is reposted."""
    return _write(account, "retweet", lambda client: client.retweet(account.x_user_id, post_id))


def unretweet(account, post_id: str) -> bool:
    """Undo a repost of `post_id` (the original's id); True if X says it is undone."""
    return _write(account, "unretweet", lambda client: client.unretweet(account.x_user_id, post_id))


def follow(account, target_id: str) -> FollowResult:
    """Follow a user (a request if their account is protected)."""
    return _write(account, "follow", lambda client: client.follow(account.x_user_id, target_id))


def unfollow(account, target_id: str) -> bool:
    """Stop following a user; True if X says so."""
    return _write(account, "unfollow", lambda client: client.unfollow(account.x_user_id, target_id))


# X takes up to 10,000 characters in a message.
MAX_DM_LENGTH = 10_000


def _check_dm(text: str) -> None:
    if not text.strip() or len(text) > MAX_DM_LENGTH:
        raise BadRequest(None, "The message is empty or longer than X allows.")


def send_dm(account, participant_id: str, text: str) -> tuple[str, str]:
    """Send a message to a user; returns (conversation id, event id).

    X's errors come through unchanged (the outbox retries Unavailable/RateLimited).
    """
    _check_dm(text)
    ids = client_for(account).send_dm(participant_id, text)
    _forget(account, "send_dm")
    return ids


def send_dm_to_conversation(account, conversation_id: str, text: str) -> tuple[str, str]:
    """Send a message into a conversation; returns (conversation id, event id)."""
    _check_dm(text)
    ids = client_for(account).send_dm_to_conversation(conversation_id, text)
    _forget(account, "send_dm")
    return ids

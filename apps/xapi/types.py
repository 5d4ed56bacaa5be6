"""What X returns, as small immutable values the templates can render.

`parse_post`, `parse_user` and `parse_page` turn X's v2 JSON (data/includes/meta/
errors) into these values. Post text stays exactly as X served it (HTML-escaped,
the index space of the entity offsets); `Post.display_text` is the plain text to
show. Control characters X passes through (a phone's ESC or SI in a name, bio or
message) are removed from every text shown (apps.keitai.characters); in a post's
own text, where removing them would move the entity offsets, the renderer does it.
Reference: shared/reference/xapi.md §2.0, §2.4 and §3.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from html import unescape
from typing import Any

from apps.keitai.characters import clean_text

from .errors import problem_suffix

# A retweet of a quote of a reply...: deeper levels are never rendered.
_MAX_DEPTH = 2
# X's text of a retweet: "RT @name: " and the original's text, cut at 140 (xapi.md §2.4).
_RT_PREFIX = re.compile(r"RT @(\w{1,15}): ")


@dataclass(frozen=True, slots=True)
class User:
    """An X account as shown beside a post or on a profile."""

    id: str
    username: str
    name: str
    profile_image_url: str | None = None
    verified: bool = False
    protected: bool = False
    description: str = ""
    public_metrics: dict = field(default_factory=dict)
    entities: dict = field(default_factory=dict)
    pinned_post_id: str | None = None
    location: str = ""
    url: str | None = None
    created_at: datetime | None = None
    # The signed-in account's relation ("following", "followed_by" ...); None: X did not say.
    connection_status: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Media:
    """A photo, video or GIF attached to a post."""

    media_key: str
    type: str
    url: str | None = None
    preview_image_url: str | None = None
    width: int | None = None
    height: int | None = None
    alt_text: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """One post, with what it retweets, quotes and shows already looked up.

    `text` is X's served text, still HTML-escaped, so `entities` offsets (code
    points) index it. A referenced post that X could not give us (deleted,
    protected) leaves `retweeted`/`quoted` None while `retweeted_id`/`quoted_id`
    still say it existed.
    """

    id: str
    text: str
    author: User | None = None
    created_at: datetime | None = None
    entities: dict = field(default_factory=dict)
    media: tuple[Media, ...] = ()
    retweeted: Post | None = None
    quoted: Post | None = None
    replied_to_id: str | None = None
    conversation_id: str | None = None
    in_reply_to_user_id: str | None = None
    public_metrics: dict = field(default_factory=dict)
    note_text: str | None = None
    note_entities: dict | None = None
    display_text_range: tuple[int, int] | None = None
    author_id: str | None = None
    retweeted_id: str | None = None
    quoted_id: str | None = None
    # The language X detected (a BCP 47 tag), None when X names none (und, zxx, q..).
    lang: str | None = None

    @property
    def is_retweet(self) -> bool:
        return self.retweeted_id is not None

    @property
    def display_text(self) -> str:
        """The whole text to show, unescaped.

        A retweet shows the original's full text, not X's "RT @x: …" cut at 140;
        a long post shows its note_tweet text, not the first ~280 characters.
        """
        if self.retweeted is not None:
            return self.retweeted.display_text
        return clean_text(unescape(self.note_text if self.note_text is not None else self.text))

    @property
    def shown(self) -> Post:
        """The post whose author, text and media a timeline shows (the original of a retweet).

        When X could not give the original (deleted, protected), it is rebuilt
        from X's "RT @name: text…", so the page shows @name's words once, not the
        reposter's name twice and the "RT @name:" prefix.
        """
        if self.retweeted is not None:
            return self.retweeted
        match = _RT_PREFIX.match(self.text) if self.retweeted_id is not None else None
        if match is None:
            return self
        return replace(
            self,
            author=User(id="", username=match.group(1), name=""),
            author_id=None,
            display_text_range=(match.end(), len(self.text)),
            retweeted_id=None,
        )


@dataclass(frozen=True, slots=True)
class ResourceError:
    """A partial error X sent with HTTP 200: one referenced item it could not give."""

    title: str = ""
    detail: str = ""
    resource_type: str | None = None
    resource_id: str | None = None
    parameter: str | None = None
    section: str | None = None
    problem_type: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list (timeline, mentions...) and the tokens to move along it."""

    items: tuple = ()
    next_token: str | None = None
    previous_token: str | None = None
    newest_id: str | None = None
    oldest_id: str | None = None
    result_count: int = 0
    errors: tuple[ResourceError, ...] = ()


@dataclass(frozen=True, slots=True)
class DMEvent:
    """One event of a direct-message conversation (a message, or someone joining/leaving).

    `sender` is looked up from `includes.users` (None if X did not send it);
    `referenced_post_ids` are posts linked in the message.
    """

    id: str
    event_type: str
    text: str = ""
    sender_id: str | None = None
    sender: User | None = None
    created_at: datetime | None = None
    dm_conversation_id: str | None = None
    referenced_post_ids: tuple[str, ...] = ()
    participant_ids: tuple[str, ...] = ()
    # urls, mentions, hashtags as in a post's entities (X sends a DM's at the top level).
    entities: dict = field(default_factory=dict)

    @property
    def display_text(self) -> str:
        """The message text to show, unescaped."""
        return clean_text(unescape(self.text))

    @property
    def as_post(self) -> Post:
        """The message as a post's text, so its t.co links render like a post's."""
        return Post(id=self.id, text=self.text, entities=self.entities)


@dataclass(frozen=True, slots=True)
class XList:
    """A list of accounts and, through `XClient.list_posts`, their posts."""

    id: str
    name: str
    description: str = ""
    owner_id: str | None = None
    member_count: int | None = None
    follower_count: int | None = None
    private: bool = False
    owner: User | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FollowResult:
    """What X says after a follow: now following, or a request waiting (protected account)."""

    following: bool
    pending: bool = False


class Includes:
    """`includes` indexed by id, read once per response."""

    __slots__ = ("users", "posts", "media")

    def __init__(self, includes: Mapping[str, Any] | None):
        includes = includes or {}
        # X's spec renamed includes.tweets to includes.posts (xapi.md §2.0): read both.
        posts = includes.get("tweets") or includes.get("posts") or ()
        self.users = _index(includes.get("users"), "id")
        self.posts = _index(posts, "id")
        self.media = _index(includes.get("media"), "media_key")


def _index(items, key: str) -> dict[str, dict]:
    return {str(item[key]): item for item in items or () if isinstance(item, dict) and key in item}


def parse_datetime(value: Any) -> datetime | None:
    """X's RFC 3339 timestamps ("2020-02-18T19:33:59.000Z") as aware datetimes."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def parse_user(obj: Mapping[str, Any]) -> User:
    """A User from X's user object."""
    status = obj.get("connection_status")
    return User(
        id=str(obj["id"]),
        username=clean_text(str(obj.get("username", ""))),
        name=clean_text(str(obj.get("name", ""))),
        profile_image_url=obj.get("profile_image_url") or None,
        verified=bool(obj.get("verified", False)),
        protected=bool(obj.get("protected", False)),
        description=clean_text(str(obj.get("description") or "")),
        public_metrics=dict(obj.get("public_metrics") or {}),
        entities=dict(obj.get("entities") or {}),
        # pinned_tweet_id was renamed pinned_post_id in SPEC167 (xapi.md §2.0): read both.
        pinned_post_id=_str_or_none(obj.get("pinned_tweet_id") or obj.get("pinned_post_id")),
        location=clean_text(str(obj.get("location") or "")),
        url=obj.get("url") or None,
        created_at=parse_datetime(obj.get("created_at")),
        connection_status=tuple(str(s) for s in status) if isinstance(status, list) else None,
    )


def parse_media(obj: Mapping[str, Any]) -> Media:
    """A Media from X's media object."""
    return Media(
        media_key=str(obj["media_key"]),
        type=str(obj.get("type", "")),
        url=obj.get("url") or None,
        preview_image_url=obj.get("preview_image_url") or None,
        width=obj.get("width"),
        height=obj.get("height"),
        alt_text=clean_text(str(obj.get("alt_text") or "")) or None,
    )


# X's "lang" is a BCP 47 tag, or und (undetermined), zxx (no text) or one of its own
# q.. codes (qme: media only, qht: hashtags only ...): those name no language.
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _language(value) -> str | None:
    if not isinstance(value, str) or not _LANG.fullmatch(value):
        return None
    if value in ("und", "zxx") or (len(value) == 3 and value.startswith("q")):
        return None
    return value


def parse_post(
    obj: Mapping[str, Any], includes: Mapping[str, Any] | Includes | None = None, *, _depth=0
) -> Post:
    """A Post from X's post object, resolving author, media and referenced posts."""
    inc = includes if isinstance(includes, Includes) else Includes(includes)
    refs: dict[str, str] = {}
    for ref in obj.get("referenced_tweets") or obj.get("referenced_posts") or ():
        if isinstance(ref, dict) and "type" in ref and "id" in ref:
            refs.setdefault(ref["type"], str(ref["id"]))

    def referenced(kind: str) -> Post | None:
        ref_id = refs.get(kind)
        if ref_id is None or _depth >= _MAX_DEPTH or ref_id not in inc.posts:
            return None
        return parse_post(inc.posts[ref_id], inc, _depth=_depth + 1)

    author_id = obj.get("author_id")
    author = inc.users.get(str(author_id)) if author_id is not None else None
    media_keys = (obj.get("attachments") or {}).get("media_keys") or ()
    note = obj.get("note_tweet") or obj.get("note_post") or None
    text_range = obj.get("display_text_range")
    return Post(
        id=str(obj["id"]),
        text=str(obj.get("text", "")),
        author=parse_user(author) if author else None,
        created_at=parse_datetime(obj.get("created_at")),
        entities=dict(obj.get("entities") or {}),
        media=tuple(parse_media(inc.media[key]) for key in media_keys if key in inc.media),
        retweeted=referenced("retweeted"),
        quoted=referenced("quoted"),
        replied_to_id=refs.get("replied_to"),
        conversation_id=_str_or_none(obj.get("conversation_id")),
        in_reply_to_user_id=_str_or_none(obj.get("in_reply_to_user_id")),
        public_metrics=dict(obj.get("public_metrics") or {}),
        note_text=note.get("text") if isinstance(note, dict) else None,
        note_entities=dict(note.get("entities") or {}) if isinstance(note, dict) else None,
        display_text_range=tuple(text_range[:2]) if text_range and len(text_range) >= 2 else None,
        author_id=_str_or_none(author_id),
        retweeted_id=refs.get("retweeted"),
        quoted_id=refs.get("quoted"),
        lang=_language(obj.get("lang")),
    )


def parse_resource_error(obj: Mapping[str, Any]) -> ResourceError:
    """A ResourceError from one item of X's `errors[]`."""
    return ResourceError(
        title=str(obj.get("title") or ""),
        detail=str(obj.get("detail") or obj.get("message") or ""),
        resource_type=obj.get("resource_type"),
        resource_id=_str_or_none(obj.get("resource_id") or obj.get("value")),
        parameter=obj.get("parameter"),
        section=obj.get("section"),
        problem_type=problem_suffix(obj.get("type")),
    )


def parse_page(
    body: Mapping[str, Any], item: Callable[[Mapping, Includes], Any] = parse_post
) -> Page:
    """A Page from a list response; an empty page (no `data`) gives no items."""
    inc = Includes(body.get("includes"))
    data = body.get("data") or ()
    if isinstance(data, dict):
        data = (data,)
    meta = body.get("meta") or {}
    items = tuple(item(obj, inc) for obj in data if isinstance(obj, dict) and "id" in obj)
    return Page(
        items=items,
        next_token=meta.get("next_token") or None,
        previous_token=meta.get("previous_token") or None,
        newest_id=_str_or_none(meta.get("newest_id")),
        oldest_id=_str_or_none(meta.get("oldest_id")),
        result_count=int(meta.get("result_count", len(items)) or 0),
        errors=tuple(
            parse_resource_error(e) for e in body.get("errors") or () if isinstance(e, dict)
        ),
    )


def parse_user_item(obj: Mapping[str, Any], includes: Includes | None = None) -> User:
    """`parse_page` item parser for lists of users."""
    return parse_user(obj)


def parse_dm_event(obj: Mapping[str, Any], includes: Mapping | Includes | None = None) -> DMEvent:
    """A DMEvent from X's dm_event object; the sender comes from `includes.users`."""
    inc = includes if isinstance(includes, Includes) else Includes(includes)
    sender_id = _str_or_none(obj.get("sender_id"))
    sender = inc.users.get(sender_id) if sender_id is not None else None
    refs = obj.get("referenced_tweets") or obj.get("referenced_posts") or ()
    return DMEvent(
        id=str(obj["id"]),
        event_type=str(obj.get("event_type") or "MessageCreate"),
        text=str(obj.get("text") or ""),
        sender_id=sender_id,
        sender=parse_user(sender) if sender else None,
        created_at=parse_datetime(obj.get("created_at")),
        dm_conversation_id=_str_or_none(obj.get("dm_conversation_id")),
        referenced_post_ids=tuple(
            str(ref["id"]) for ref in refs if isinstance(ref, dict) and "id" in ref
        ),
        participant_ids=tuple(str(i) for i in obj.get("participant_ids") or ()),
        entities=dict(obj.get("entities") or {k: obj[k] for k in _DM_ENTITIES if k in obj}),
    )


_DM_ENTITIES = ("urls", "mentions", "hashtags", "cashtags")


def parse_list(obj: Mapping[str, Any], includes: Mapping | Includes | None = None) -> XList:
    """An XList from X's list object; the owner comes from `includes.users`."""
    inc = includes if isinstance(includes, Includes) else Includes(includes)
    owner_id = _str_or_none(obj.get("owner_id"))
    owner = inc.users.get(owner_id) if owner_id is not None else None
    return XList(
        id=str(obj["id"]),
        name=clean_text(str(obj.get("name") or "")),
        description=clean_text(str(obj.get("description") or "")),
        owner_id=owner_id,
        member_count=_int_or_none(obj.get("member_count")),
        follower_count=_int_or_none(obj.get("follower_count")),
        private=bool(obj.get("private", False)),
        owner=parse_user(owner) if owner else None,
        created_at=parse_datetime(obj.get("created_at")),
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)

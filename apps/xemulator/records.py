"""The emulator's in-memory records: users, posts, media, OAuth consumers and tokens."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class User:
    """An X account, with the password its owner types on the authorize page."""

    id: str
    username: str
    name: str
    password: str
    created_at: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    profile_image_url: str = ""
    protected: bool = False
    verified: bool = False
    verified_type: str = "none"
    following: list[str] = field(default_factory=list)
    pinned_tweet_id: str | None = None
    listed_count: int = 0
    follow_requests: list[str] = field(default_factory=list)
    muting: list[str] = field(default_factory=list)


@dataclass
class Post:
    """A post as X stores it: raw text (escaped only when served) and its links."""

    id: str
    author_id: str
    text: str
    created_at: datetime
    conversation_id: str
    urls: list[dict] = field(default_factory=list)
    in_reply_to_user_id: str | None = None
    referenced: list[tuple[str, str]] = field(default_factory=list)
    media_keys: list[str] = field(default_factory=list)
    note_text: str | None = None
    note_urls: list[dict] = field(default_factory=list)
    lang: str = "en"
    like_count: int = 0
    impression_count: int = 0


@dataclass
class Media:
    """A photo, video or animated GIF attached to a post.

    ``local_name`` is the image under ``/_media/`` that stands in for its
    pbs.twimg.com URL when the state's ``media_base_url`` is set.
    """

    media_key: str
    type: str
    width: int
    height: int
    url: str | None = None
    preview_image_url: str | None = None
    alt_text: str | None = None
    duration_ms: int | None = None
    variants: list[dict] = field(default_factory=list)
    view_count: int | None = None
    local_name: str | None = None


@dataclass
class XList:
    """A List: a named, ordered group of member accounts owned by one user."""

    id: str
    name: str
    owner_id: str
    created_at: datetime
    description: str = ""
    private: bool = False
    member_ids: list[str] = field(default_factory=list)
    follower_count: int = 0


@dataclass
class DmEvent:
    """One event of a DM conversation (a message, or someone joining or leaving)."""

    id: str
    event_type: str
    conversation_id: str
    created_at: datetime
    sender_id: str | None = None
    text: str | None = None
    urls: list[dict] = field(default_factory=list)
    participant_ids: list[str] = field(default_factory=list)
    referenced_tweet_ids: list[str] = field(default_factory=list)


@dataclass
class Consumer:
    """A registered X app (consumer key and secret)."""

    key: str
    secret: str
    name: str


@dataclass
class RequestToken:
    """A temporary credential between request_token and access_token."""

    token: str
    secret: str
    consumer_key: str
    callback: str
    issued: float
    verifier: str | None = None
    user_id: str | None = None
    used: bool = False


@dataclass
class AccessToken:
    """A user's token for one app; X tokens never expire, they are revoked."""

    token: str
    secret: str
    consumer_key: str
    user_id: str
    revoked: bool = False

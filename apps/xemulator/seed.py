"""Deterministic seed data: the demo app and users, and a few days of posts.

The data lives in ``data/seed.json``; this module turns it into records. The
demo user (``demo`` / ``demo``) follows hanako, alice, bob, technews and carol,
so the home timeline holds more than three pages of 20; dave and stranger are
not followed and mostly @mention the demo user; himitsu is a protected account
(following it leaves a pending request). Every other user's password is its
username. Ids grow with time, so newest first is highest id first.

The demo user also owns two lists (one public, one private), has liked three
posts, and has DM conversations with hanako (Japanese, emoji, a post link),
with alice, and in a group with alice and bob; bob and carol have one of
their own.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .ids import snowflake
from .messages import dm_message, one_to_one_id
from .records import AccessToken, Consumer, DmEvent, Media, Post, User, XList
from .text import first_part, fits_one_post, retweet_text, tco_url, url_record

__all__ = [
    "DEMO_ACCESS_TOKEN",
    "DEMO_ACCESS_TOKEN_SECRET",
    "DEMO_CONSUMER_KEY",
    "DEMO_CONSUMER_SECRET",
    "DEMO_PASSWORD",
    "DEMO_USERNAME",
    "DEMO_USER_ID",
    "MISSING_POST_IDS",
    "SeedData",
    "build",
]

_DATA = json.loads((Path(__file__).with_name("data") / "seed.json").read_text(encoding="utf-8"))

DEMO_CONSUMER_KEY = "yubitter-demo-consumer-key-0001"
DEMO_CONSUMER_SECRET = "yubitter-demo-consumer-secret-for-the-local-emulator-only"
DEMO_CONSUMER_NAME = "yubitter (local demo)"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo"
SEED_BASE_TIME = datetime.fromisoformat(_DATA["base_time"])


def _joined(user: dict) -> datetime:
    return datetime.fromisoformat(user["created"]).replace(hour=9, tzinfo=UTC)


def _user_id(index: int, user: dict) -> str:
    return snowflake(_joined(user), index + 1)


DEMO_USER_ID = next(
    _user_id(i, u) for i, u in enumerate(_DATA["users"]) if u["username"] == DEMO_USERNAME
)

# A pre-issued token for the demo user, for scripts and benchmarks that skip the login.
DEMO_ACCESS_TOKEN = f"{DEMO_USER_ID}-yubitterDemoAccessTokenForLocalUse000001"
DEMO_ACCESS_TOKEN_SECRET = "yubitterDemoAccessTokenSecretForTheLocalEmulatorOnly01"

# Posts a seeded retweet and quote point at, deleted long ago: their expansion
# yields an ``errors[]`` item next to ``data``.
MISSING_POST_IDS = tuple(
    snowflake(SEED_BASE_TIME - timedelta(days=item["days_ago"]), item["sequence"])
    for item in _DATA["missing_posts"]
)


@dataclass
class SeedData:
    """Everything ``EmulatorState.reset()`` loads."""

    users: list[User]
    posts: list[Post]
    media: list[Media]
    consumers: list[Consumer]
    access_tokens: list[AccessToken]
    lists: list[XList] = field(default_factory=list)
    dm_events: list[DmEvent] = field(default_factory=list)
    dm_conversations: dict[str, list[str]] = field(default_factory=dict)
    likes: list[tuple[str, str]] = field(default_factory=list)


def _ago(hours: float = 0, days: float = 0) -> datetime:
    return SEED_BASE_TIME - timedelta(hours=hours, days=days)


def _users() -> list[User]:
    users = []
    for index, spec in enumerate(_DATA["users"]):
        username = spec["username"]
        vtype = spec.get("verified_type", "none")
        users.append(
            User(
                id=_user_id(index, spec),
                username=username,
                name=spec["name"],
                password=DEMO_PASSWORD if username == DEMO_USERNAME else username,
                created_at=_joined(spec),
                description=spec.get("description", ""),
                location=spec.get("location", ""),
                url=spec.get("url", ""),
                profile_image_url=(
                    f"https://pbs.twimg.com/profile_images/{index + 1}000/{username}_normal.jpg"
                ),
                protected=spec.get("protected", False),
                verified=vtype != "none",
                verified_type=vtype,
                following=list(spec["following"]),
                listed_count=index * 3,
            )
        )
    return users


def build() -> SeedData:
    """Build the seed afresh (same ids and texts every time)."""
    users = _users()
    by_name = {user.username: user for user in users}
    specs = sorted(_DATA["posts"], key=lambda s: -s["hours_ago"])
    ids = {
        spec["key"]: snowflake(_ago(spec["hours_ago"]), sequence)
        for sequence, spec in enumerate(specs)
    }
    posts: dict[str, Post] = {}
    media: list[Media] = []
    for spec in specs:
        post, post_media = _post(spec, ids[spec["key"]], by_name, posts)
        posts[spec["key"]] = post
        media.extend(post_media)
    for user, spec in zip(users, _DATA["users"], strict=True):
        if "pinned" in spec:
            user.pinned_tweet_id = ids[spec["pinned"]]
    likes = [(by_name[who].id, ids[key]) for who, key in _DATA["likes"]]
    for _liker, post_id in likes:
        next(p for p in posts.values() if p.id == post_id).like_count += 1
    conversations, dm_events = _dms(by_name, posts)
    demo = by_name[DEMO_USERNAME]
    return SeedData(
        users=users,
        posts=list(posts.values()),
        media=media,
        lists=_lists(by_name),
        dm_events=dm_events,
        dm_conversations=conversations,
        likes=likes,
        consumers=[Consumer(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_CONSUMER_NAME)],
        access_tokens=[
            AccessToken(DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET, DEMO_CONSUMER_KEY, demo.id)
        ],
    )


def _post(spec: dict, post_id: str, by_name: dict[str, User], posts: dict[str, Post]):
    """One seeded post (links, reply, retweet, quote, media) and its media records."""
    author = by_name[spec["author"]]
    names = {user.id: user.username for user in by_name.values()}
    text = spec.get("text", "")
    urls = [url_record(f"{spec['key']}:{i}", link) for i, link in enumerate(spec.get("links", []))]
    for i, record in enumerate(urls):
        text = text.replace(f"{{{i}}}", record["url"])
    likes = spec.get("likes", 0)
    post = Post(
        id=post_id,
        author_id=author.id,
        text=text,
        conversation_id=post_id,
        created_at=_ago(spec["hours_ago"]),
        lang=spec.get("lang", "en"),
        like_count=likes,
        impression_count=likes * 37 + 11,
    )
    if "reply_to" in spec:
        parent = posts[spec["reply_to"]]
        post.in_reply_to_user_id = parent.author_id
        post.conversation_id = parent.conversation_id
        post.referenced.append(("replied_to", parent.id))
    if "retweet" in spec:
        original = posts[spec["retweet"]]
        text = retweet_text(names[original.author_id], original.note_text or original.text)
        urls = [r for r in original.urls if r["url"] in text]
        post.referenced.append(("retweeted", original.id))
    elif "retweet_missing" in spec:
        missing = _DATA["missing_posts"][spec["retweet_missing"]]
        text = retweet_text(missing["author"], text)
        post.referenced.append(("retweeted", MISSING_POST_IDS[spec["retweet_missing"]]))
    if "quote" in spec or "quote_missing" in spec:
        if "quote" in spec:
            quoted = posts[spec["quote"]]
            quoted_name, target = names[quoted.author_id], quoted.id
        else:
            quoted_name = _DATA["missing_posts"][spec["quote_missing"]]["author"]
            target = MISSING_POST_IDS[spec["quote_missing"]]
        link = url_record(f"{spec['key']}:quote", f"https://x.com/{quoted_name}/status/{target}")
        text = f"{text} {link['url']}"
        urls.append(link)
        post.referenced.append(("quoted", target))
    media = []
    if spec.get("photos") or spec.get("video") or spec.get("gif"):
        kind = "video" if spec.get("video") else "animated_gif" if spec.get("gif") else "photo"
        files = spec.get("files", [])
        for i, alt in enumerate(spec.get("photos") or [kind]):
            local = files[i] if files else None
            media.append(_media(kind, post_id, i, alt if kind == "photo" else None, local))
            post.media_keys.append(media[-1].media_key)
        shown_as = "video" if kind == "video" else "photo"
        link = url_record(
            f"{spec['key']}:media", f"https://x.com/{spec['author']}/status/{post_id}/{shown_as}/1"
        )
        link["display_url"] = "pic.x.com/" + link["url"].rsplit("/", 1)[1]
        link["media_key"] = post.media_keys[0]
        text = f"{text} {link['url']}"
        urls.append(link)
    if not fits_one_post(text):
        post.note_text, post.note_urls = text, urls
        text = first_part(text)
        urls = [r for r in urls if r["url"] in text]
    post.text, post.urls = text, urls
    return post, media


def _media(
    kind: str, post_id: str, index: int, alt_text: str | None, local_name: str | None = None
) -> Media:
    media_id = str(int(post_id) + 1 + index)
    code = tco_url(f"media:{media_id}").rsplit("/", 1)[1]
    if kind == "photo":
        png = bool(local_name and local_name.endswith(".png"))
        return Media(
            media_key=f"3_{media_id}",
            type="photo",
            width=640 if png else 1200,
            height=480 if png else 900,
            url=f"https://pbs.twimg.com/media/{code}.{'png' if png else 'jpg'}",
            alt_text=alt_text,
            local_name=local_name,
        )
    if kind == "animated_gif":
        return Media(
            media_key=f"16_{media_id}",
            type="animated_gif",
            width=120,
            height=90,
            preview_image_url=f"https://pbs.twimg.com/tweet_video_thumb/{code}.jpg",
            variants=[
                {
                    "bit_rate": 0,
                    "content_type": "video/mp4",
                    "url": f"https://video.twimg.com/tweet_video/{code}.mp4",
                }
            ],
            local_name="anim.gif",
        )
    base = f"https://video.twimg.com/ext_tw_video/{media_id}/pu"
    return Media(
        media_key=f"7_{media_id}",
        type="video",
        width=1280,
        height=720,
        duration_ms=34875,
        preview_image_url=f"https://pbs.twimg.com/ext_tw_video_thumb/{media_id}/pu/img/{code}.jpg",
        variants=[
            {
                "bit_rate": 632000,
                "content_type": "video/mp4",
                "url": f"{base}/vid/640x360/{code}.mp4",
            },
            {"content_type": "application/x-mpegURL", "url": f"{base}/pl/{code}.m3u8"},
        ],
        view_count=27943,
        local_name="video-preview.jpg",
    )


def _lists(by_name: dict[str, User]) -> list[XList]:
    lists = []
    for n, spec in enumerate(_DATA["lists"]):
        when = _ago(days=spec["days_ago"])
        lists.append(
            XList(
                id=snowflake(when, 200 + n),
                name=spec["name"],
                owner_id=by_name[spec["owner"]].id,
                created_at=when,
                description=spec["description"],
                private=spec["private"],
                member_ids=[by_name[m].id for m in spec["members"]],
                follower_count=spec["followers"],
            )
        )
    return lists


_STATUS = re.compile(r"\{status:(\w+)\}")


def _dms(by_name: dict[str, User], posts: dict[str, Post]):
    names = {user.id: user.username for user in by_name.values()}

    def message_text(text: str) -> str:
        def link(match: re.Match) -> str:
            post = posts[match.group(1)]
            return f"https://x.com/{names[post.author_id]}/status/{post.id}"

        return _STATUS.sub(link, text)

    conversations: dict[str, list[str]] = {}
    events: list[DmEvent] = []
    sequence = 300
    for chat in _DATA["dm_conversations"]:
        first, second = (by_name[name].id for name in chat["between"])
        conversation = one_to_one_id(first, second)
        conversations[conversation] = [first, second]
        for message in chat["messages"]:
            when = _ago(message["hours_ago"])
            sequence += 1
            sender = by_name[message["from"]].id
            text = message_text(message["text"])
            events.append(dm_message(snowflake(when, sequence), conversation, sender, text, when))
    for n, group in enumerate(_DATA["dm_groups"]):
        created = _ago(group["hours_ago"])
        conversation = snowflake(created, 399 + 2 * n)
        members = [by_name[name].id for name in group["members"]]
        conversations[conversation] = members
        events.append(
            DmEvent(
                id=snowflake(created, 400 + 2 * n),
                event_type="ParticipantsJoin",
                conversation_id=conversation,
                created_at=created,
                sender_id=members[0],
                participant_ids=members,
            )
        )
        for message in group["messages"]:
            when = _ago(message["hours_ago"])
            sequence += 1
            sender = by_name[message["from"]].id
            text = message_text(message["text"])
            events.append(dm_message(snowflake(when, sequence), conversation, sender, text, when))
    return conversations, events

"""Deterministic seed data: the demo app and users, and a few days of posts.

The demo user (``demo`` / ``demo``) follows hanako, alice, bob, technews and
carol, so the home timeline holds more than three pages of 20; dave and
stranger are not followed and mostly @mention the demo user; himitsu is a
protected account (following it leaves a pending request). Every other
user's password is its username. Ids grow with time, so newest first is
highest id first.

The demo user also owns two lists (one public, one private), has liked three
posts, and has DM conversations with hanako (Japanese, emoji, a post link),
with alice, and in a group with alice and bob; bob and carol have one of
their own.
"""

import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .ids import snowflake
from .records import AccessToken, Consumer, DmEvent, Media, Post, User, XList
from .text import first_part, fits_one_post, retweet_text, shorten_links, tco_url, url_record

DEMO_CONSUMER_KEY = "yubitter-demo-consumer-key-0001"
DEMO_CONSUMER_SECRET = "yubitter-demo-consumer-secret-for-the-local-emulator-only"
DEMO_CONSUMER_NAME = "yubitter (local demo)"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo"
SEED_BASE_TIME = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

_USERS = [
    # username, name, created, description, location, url, verified type, following
    (
        "demo",
        "Demo User",
        (2019, 3, 1),
        "Trying yubitter on a flip phone. #keitai",
        "Tokyo",
        "",
        "none",
        ["hanako", "alice", "bob", "technews", "carol"],
    ),
    (
        "hanako",
        "花子",
        (2014, 5, 10),
        "東京在住。ラーメンと写真が好き📷 #ラーメン",
        "東京",
        "",
        "none",
        ["demo", "alice"],
    ),
    (
        "alice",
        "Alice Chen",
        (2012, 8, 1),
        "Python & Django. Opinions are <mine>.",
        "Osaka",
        "https://alice.example.org",
        "none",
        ["demo", "bob", "technews"],
    ),
    (
        "bob",
        "Bob Martin",
        (2016, 1, 20),
        "Coffee, bikes and old phones.",
        "Kyoto",
        "",
        "none",
        ["demo", "alice"],
    ),
    (
        "technews",
        "Tech News Daily",
        (2011, 6, 15),
        "Technology news, every day. $AAPL $TSLA More: https://technews.example.com/about",
        "",
        "https://technews.example.com",
        "business",
        [],
    ),
    (
        "carol",
        "Carol Díaz",
        (2018, 11, 2),
        "Designer. I like small screens.",
        "Madrid",
        "",
        "blue",
        ["demo"],
    ),
    ("dave", "Dave K", (2020, 2, 29), "Hot takes, mostly wrong.", "", "", "none", ["demo"]),
    ("stranger", "Sam Stranger", (2021, 7, 7), "", "", "", "none", ["demo"]),
    (
        "himitsu",
        "ひみつ🔒",
        (2022, 4, 1),
        "鍵アカです。フォローはリクエストしてね @hanako",
        "",
        "",
        "none",
        ["hanako"],
    ),
]
PROTECTED_USERNAMES = frozenset({"himitsu"})
DEMO_USER_ID = snowflake(datetime(2019, 3, 1, 9, tzinfo=UTC), 1)

# A pre-issued token for the demo user, for scripts and benchmarks that skip the login.
DEMO_ACCESS_TOKEN = f"{DEMO_USER_ID}-yubitterDemoAccessTokenForLocalUse000001"
DEMO_ACCESS_TOKEN_SECRET = "yubitterDemoAccessTokenSecretForTheLocalEmulatorOnly01"

# Posts a seeded retweet and quote point at, deleted long ago: their expansion
# yields an ``errors[]`` item next to ``data``.
MISSING_POST_IDS = (
    snowflake(SEED_BASE_TIME - timedelta(days=40), 77),
    snowflake(SEED_BASE_TIME - timedelta(days=41), 78),
)

_LONG_JA = (
    "長い投稿のテストです。今日は朝から雨が降っていて、駅まで歩くあいだに傘が二回も裏返って"
    "しまいました☔️ それでも電車の中でガラケーのことを考えていました。ボタンで文字を打つ感覚、"
    "小さな画面、パケット代を気にしながら読んだニュース。あの頃の工夫は今でも役に立つと思います。"
    "たとえば画像を小さくすること、ページを軽くすること、そして大事なことから先に表示すること。"
    "みなさんはどう思いますか？感想を聞かせてください🙏 詳しくはブログに書きました {0} #ガラケー"
)
_LONG_EN = (
    "I spent the weekend porting an old PHP gateway to Django & it was surprisingly "
    "pleasant: settings from the environment, a real test suite, and templates that still "
    "render on tiny screens. Notes here: {0}"
)
_FILLERS = {
    "demo": ["Checking the timeline from the train, note {n}.", "Day {n} of using a flip phone."],
    "hanako": ["今日の一枚 その{n} 📷", "おはようございます☀️ {n}日目", "カフェで作業中☕️ メモ{n}"],
    "alice": ["Django tip #{n}: read the release notes.", "Refactoring day {n}. Tests first."],
    "bob": ["Morning ride number {n} done 🚲", "Coffee {n} of the week."],
    "technews": ["Headline {n}: chip makers report earnings. #tech", "Briefing {n}: $AAPL, $TSLA"],
    "carol": ["Sketch {n}: buttons for small screens.", "Type specimen {n}, 12px is enough."],
    "dave": ["Hot take {n}: nobody needs more than 140 characters."],
    "stranger": ["Random thought {n}."],
    "himitsu": ["ないしょの話 その{n} 🤫"],
}
_MENTIONERS = ["dave", "stranger", "alice", "bob", "carol", "hanako", "technews"]
_MENTION_TEXTS = [
    "@demo have you tried the new gateway yet? ({n})",
    "@demo ガラケーから見えてる？ {n}",
    "Asking @demo about flip phones, part {n}",
    "@demo @alice lunch on Friday? {n}",
]


@dataclass
class _Spec:
    key: str
    author: str
    hours_ago: float
    text: str = ""
    links: list[str] = field(default_factory=list)
    reply_to: str | None = None
    quote: str | None = None
    quote_missing: int | None = None
    retweet: str | None = None
    retweet_missing: int | None = None
    photos: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    video: bool = False
    gif: bool = False
    lang: str = "en"
    likes: int = 0


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


def _specs() -> list[_Spec]:
    specs = [
        _Spec(
            "hanako_ramen",
            "hanako",
            2,
            "今日のお昼は渋谷でラーメン🍜✨ スープが最高でした！ #ラーメン #渋谷",
            lang="ja",
            likes=42,
        ),
        _Spec(
            "hanako_photo",
            "hanako",
            5,
            "夕焼けがきれい🌇 @demo も見た？",
            lang="ja",
            photos=["オレンジ色の夕焼けと東京タワー"],
            files=["sunset.jpg"],
            likes=120,
        ),
        _Spec(
            "hanako_long",
            "hanako",
            8,
            _LONG_JA,
            links=["https://hanako.example.jp/blog/keitai"],
            lang="ja",
            likes=15,
        ),
        _Spec(
            "alice_escape",
            "alice",
            1,
            "Tip: in templates write a && b, and remember 3 < 5 > 2. Docs: {0} #django @demo",
            links=["https://docs.djangoproject.com/en/5.2/ref/templates/builtins/"],
            likes=7,
        ),
        _Spec(
            "technews_cashtag",
            "technews",
            3,
            "Markets: $AAPL up 2% & $TSLA down <1% after earnings. Full story: {0} #markets",
            links=["https://technews.example.com/2026/11/markets-earnings-roundup"],
            likes=300,
        ),
        _Spec(
            "technews_video",
            "technews",
            6,
            "Watch: how feature phones are still used in Japan in 2026 #keitai",
            video=True,
        ),
        _Spec(
            "carol_png",
            "carol",
            7,
            "New button set, transparent background",
            photos=["A round blue button on a transparent background"],
            files=["alpha.png"],
            likes=18,
        ),
        _Spec("dave_gif", "dave", 12, "When the build finally passes", gif=True, likes=4),
        _Spec(
            "alice_long_en",
            "alice",
            30,
            _LONG_EN,
            links=["https://alice.example.org/notes/php-to-django"],
            likes=33,
        ),
        _Spec(
            "alice_photos",
            "alice",
            26,
            "Two views of Osaka castle 🏯",
            photos=["Osaka castle at dawn", "Osaka castle from the moat"],
            files=["castle.jpg", "castle.jpg"],
        ),
        _Spec("bob_rt_alice", "bob", 4, retweet="alice_long_en"),
        _Spec("carol_rt_hanako", "carol", 1.8, retweet="hanako_ramen"),
        _Spec(
            "bob_rt_missing",
            "bob",
            9,
            "Hot take: tabs are better than spaces. Fight me & see.",
            retweet_missing=0,
        ),
        _Spec(
            "carol_quote",
            "carol",
            2.5,
            "This is big news for $AAPL holders",
            quote="technews_cashtag",
        ),
        _Spec("alice_quote_missing", "alice", 10, "Great thread, worth reading", quote_missing=1),
        _Spec(
            "demo_reply_hanako",
            "demo",
            1.5,
            "@hanako いいね！どこのお店？",
            reply_to="hanako_ramen",
            lang="ja",
        ),
        _Spec(
            "hanako_reply_demo",
            "hanako",
            1.2,
            "@demo 道玄坂のお店だよ😊 また行こう！",
            reply_to="demo_reply_hanako",
            lang="ja",
        ),
        _Spec("demo_hello", "demo", 20, "Hello from yubitter! Posting from a flip phone 📱"),
        _Spec(
            "alice_reply_demo",
            "alice",
            19,
            "@demo Welcome! How is typing on the number keys?",
            reply_to="demo_hello",
        ),
    ]
    rng = random.Random(2026)
    for author, texts in _FILLERS.items():
        count = {"dave": 6, "stranger": 6, "himitsu": 3}.get(author, 12)
        for n in range(1, count + 1):
            specs.append(
                _Spec(
                    f"{author}_filler_{n}",
                    author,
                    round(rng.uniform(11, 230), 2),
                    texts[n % len(texts)].format(n=n),
                    lang="ja" if author == "hanako" else "en",
                    likes=rng.randint(0, 50),
                )
            )
    for n in range(1, 31):
        author = _MENTIONERS[n % len(_MENTIONERS)]
        reply_to = f"demo_filler_{n}" if n <= 12 and n % 3 == 0 else None
        hours_ago = round(rng.uniform(11, 230), 2)
        if reply_to:
            hours_ago = next(s.hours_ago for s in specs if s.key == reply_to) - 0.5
        specs.append(
            _Spec(
                f"mention_{n}",
                author,
                hours_ago,
                _MENTION_TEXTS[n % len(_MENTION_TEXTS)].format(n=n),
                reply_to=reply_to,
                lang="ja" if "ガラケー" in _MENTION_TEXTS[n % len(_MENTION_TEXTS)] else "en",
            )
        )
    return specs


def _users() -> list[User]:
    users = []
    for index, (username, name, created, desc, loc, url, vtype, following) in enumerate(_USERS):
        when = datetime(*created, 9, tzinfo=UTC)
        users.append(
            User(
                id=snowflake(when, index + 1),
                username=username,
                name=name,
                password=DEMO_PASSWORD if username == DEMO_USERNAME else username,
                created_at=when,
                description=desc,
                location=loc,
                url=url,
                profile_image_url=(
                    f"https://pbs.twimg.com/profile_images/{index + 1}000/{username}_normal.jpg"
                ),
                protected=username in PROTECTED_USERNAMES,
                verified=vtype != "none",
                verified_type=vtype,
                following=list(following),
                listed_count=index * 3,
            )
        )
    return users


def build() -> SeedData:
    """Build the seed afresh (same ids and texts every time)."""
    users = _users()
    by_name = {user.username: user for user in users}
    specs = sorted(_specs(), key=lambda s: -s.hours_ago)
    ids = {}
    for sequence, spec in enumerate(specs):
        ids[spec.key] = snowflake(SEED_BASE_TIME - timedelta(hours=spec.hours_ago), sequence)
    posts: dict[str, Post] = {}
    media: list[Media] = []
    for spec in specs:
        post_id, author = ids[spec.key], by_name[spec.author]
        text = spec.text
        urls = [url_record(f"{spec.key}:{i}", link) for i, link in enumerate(spec.links)]
        for i, record in enumerate(urls):
            text = text.replace(f"{{{i}}}", record["url"])
        post = Post(
            id=post_id,
            author_id=author.id,
            text=text,
            conversation_id=post_id,
            created_at=SEED_BASE_TIME - timedelta(hours=spec.hours_ago),
            lang=spec.lang,
            like_count=spec.likes,
            impression_count=spec.likes * 37 + 11,
        )
        if spec.reply_to:
            parent = posts[spec.reply_to]
            post.in_reply_to_user_id = parent.author_id
            post.conversation_id = parent.conversation_id
            post.referenced.append(("replied_to", parent.id))
        if spec.retweet or spec.retweet_missing is not None:
            if spec.retweet:
                original = posts[spec.retweet]
                original_author = next(u for u in users if u.id == original.author_id)
                text = retweet_text(original_author.username, original.note_text or original.text)
                target = original.id
                urls = [r for r in original.urls if r["url"] in text]
            else:
                text = retweet_text("dave", text)
                target = MISSING_POST_IDS[spec.retweet_missing]
            post.referenced.append(("retweeted", target))
        if spec.quote or spec.quote_missing is not None:
            if spec.quote:
                quoted = posts[spec.quote]
                quoted_name = next(u.username for u in users if u.id == quoted.author_id)
                target = quoted.id
            else:
                quoted_name, target = "dave", MISSING_POST_IDS[spec.quote_missing]
            link = url_record(f"{spec.key}:quote", f"https://x.com/{quoted_name}/status/{target}")
            text = f"{text} {link['url']}"
            urls.append(link)
            post.referenced.append(("quoted", target))
        if spec.photos or spec.video or spec.gif:
            kind = "video" if spec.video else "animated_gif" if spec.gif else "photo"
            items = spec.photos or [kind]
            for i, alt in enumerate(items):
                local = spec.files[i] if spec.files else None
                media.append(_media(kind, post_id, i, alt if kind == "photo" else None, local))
                post.media_keys.append(media[-1].media_key)
            shown_as = "video" if spec.video else "photo"
            link = url_record(
                f"{spec.key}:media", f"https://x.com/{spec.author}/status/{post_id}/{shown_as}/1"
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
        posts[spec.key] = post
    by_name["hanako"].pinned_tweet_id = ids["hanako_photo"]
    by_name["demo"].pinned_tweet_id = ids["demo_hello"]
    demo = by_name[DEMO_USERNAME]
    likes = [(by_name[who].id, ids[key]) for who, key in _LIKES]
    for _user_id, post_id in likes:
        next(p for p in posts.values() if p.id == post_id).like_count += 1
    conversations, dm_events = _dms(by_name, ids)
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


# (liker, post key), oldest like first.
_LIKES = [
    ("hanako", "demo_hello"),
    ("alice", "demo_hello"),
    ("demo", "technews_cashtag"),
    ("demo", "alice_escape"),
    ("demo", "hanako_ramen"),
]


def _lists(by_name: dict[str, User]) -> list[XList]:
    specs = [
        # owner, name, description, private, members, followers, days before the seed time
        (
            "demo",
            "Tokyo friends",
            "友達と東京のこと 🗼",
            False,
            ["hanako", "alice", "carol"],
            3,
            200,
        ),
        (
            "demo",
            "Tech & news",
            "Feeds I read on the train",
            True,
            ["technews", "alice", "dave"],
            0,
            100,
        ),
        ("alice", "Django folks", "People who ship Django", False, ["demo", "bob"], 12, 300),
        ("alice", "Gift ideas", "", True, ["carol"], 0, 50),
    ]
    lists = []
    for n, (owner, name, description, private, members, followers, days) in enumerate(specs):
        when = SEED_BASE_TIME - timedelta(days=days)
        lists.append(
            XList(
                id=snowflake(when, 200 + n),
                name=name,
                owner_id=by_name[owner].id,
                created_at=when,
                description=description,
                private=private,
                member_ids=[by_name[m].id for m in members],
                follower_count=followers,
            )
        )
    return lists


_STATUS_LINK = re.compile(r"^https?://(?:www\.)?(?:x|twitter)\.com/\w{1,15}/status/(\d{1,19})")


def dm_message(
    event_id: str, conversation_id: str, sender_id: str, text: str, when: datetime
) -> DmEvent:
    """A MessageCreate event; links become t.co links and post links references."""
    stored, urls = shorten_links(text, f"dm:{event_id}")
    referenced = [m.group(1) for r in urls if (m := _STATUS_LINK.match(r["expanded_url"]))]
    return DmEvent(
        id=event_id,
        event_type="MessageCreate",
        conversation_id=conversation_id,
        created_at=when,
        sender_id=sender_id,
        text=stored,
        urls=urls,
        referenced_tweet_ids=referenced,
    )


def one_to_one_id(first_id: str, second_id: str) -> str:
    """X's id of a 1:1 conversation: both user ids, lower first."""
    low, high = sorted((first_id, second_id), key=int)
    return f"{low}-{high}"


def _dms(by_name: dict[str, User], ids: dict[str, str]):
    ramen = f"https://x.com/hanako/status/{ids['hanako_ramen']}"
    tip = f"https://x.com/alice/status/{ids['alice_escape']}"
    chats = {
        ("demo", "hanako"): [
            (30, "hanako", "久しぶり！元気？😊"),
            (29.5, "demo", "元気だよ！ガラケーから返信してる📱"),
            (29, "hanako", "すごい！ボタンで文字打つの大変じゃない？😂"),
            (6, "demo", "慣れれば速いよ👍 今度ラーメン行こう🍜"),
            (5.5, "hanako", "行こう行こう！土曜日はどう？🗓️"),
            (1.6, "hanako", f"このお店だよ→ {ramen} 🍥✨"),
        ],
        ("demo", "alice"): [
            (50, "alice", f"Did you see my tip about && in templates? {tip}"),
            (49, "demo", "Yes! 3 < 5 > 2 made me laugh"),
            (3, "alice", "Ping me when the gateway is live & I'll try it."),
        ],
        ("bob", "carol"): [(8, "bob", "Bike ride tomorrow?"), (7.5, "carol", "Sure, 8am.")],
    }
    conversations: dict[str, list[str]] = {}
    events: list[DmEvent] = []
    sequence = 300
    for (first, second), messages in chats.items():
        conversation = one_to_one_id(by_name[first].id, by_name[second].id)
        conversations[conversation] = [by_name[first].id, by_name[second].id]
        for hours, sender, text in messages:
            when = SEED_BASE_TIME - timedelta(hours=hours)
            sequence += 1
            event_id = snowflake(when, sequence)
            events.append(dm_message(event_id, conversation, by_name[sender].id, text, when))
    created = SEED_BASE_TIME - timedelta(hours=40)
    group = snowflake(created, 399)
    members = [by_name[n].id for n in ("alice", "demo", "bob")]
    conversations[group] = members
    events.append(
        DmEvent(
            id=snowflake(created, 400),
            event_type="ParticipantsJoin",
            conversation_id=group,
            created_at=created,
            sender_id=members[0],
            participant_ids=members,
        )
    )
    for hours, sender, text in [(39, "bob", "Coffee on Friday? ☕"), (38, "alice", "I'm in.")]:
        when = SEED_BASE_TIME - timedelta(hours=hours)
        sequence += 1
        events.append(dm_message(snowflake(when, sequence), group, by_name[sender].id, text, when))
    return conversations, events

"""All the emulator knows, in memory and behind one lock: users, posts, OAuth, limits, faults.

Besides users and posts it keeps follows (and pending follow requests to
protected accounts), likes, mutes, Lists and DM conversations, the access
tier that decides which writes X allows, and ``media_base_url``, which makes
seeded media and avatars point at this emulator's ``/_media/`` images.
"""

import copy
import secrets
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from functools import lru_cache

from . import images, seed
from .faults import Fault
from .ids import snowflake
from .ratelimits import ENDPOINTS, RateLimiter, Window
from .records import AccessToken, Consumer, DmEvent, Media, Post, RequestToken, User, XList
from .text import mentioned_usernames, retweet_text, shorten_links, url_record

REQUEST_TOKEN_LIFETIME = 15 * 60
TIERS = ("enterprise", "self-serve")


@lru_cache(maxsize=1)
def _seed() -> seed.SeedData:
    return seed.build()


class EmulatorState:
    """The store one emulator serves; ``reset()`` puts the seed data back."""

    def __init__(self, media_base_url: str | None = None):
        self.lock = threading.RLock()
        # Where /_media/ images are served; kept across reset() (it belongs to the server).
        self.media_base_url = media_base_url
        self.reset()

    def reset(self) -> None:
        """Forget everything and load the seed again (faults and limits included)."""
        data = copy.deepcopy(_seed())
        with self.lock:
            self.users: dict[str, User] = {user.id: user for user in data.users}
            self.posts: dict[str, Post] = {post.id: post for post in data.posts}
            self.media: dict[str, Media] = {item.media_key: item for item in data.media}
            self.lists: dict[str, XList] = {item.id: item for item in data.lists}
            self.dm_events: dict[str, DmEvent] = {e.id: e for e in data.dm_events}
            self.dm_conversations: dict[str, list[str]] = dict(data.dm_conversations)
            # (user id, post id), oldest like first.
            self.likes: list[tuple[str, str]] = list(data.likes)
            # (follower id, followed username) → order of the follow, for follower lists.
            self.follow_order: dict[tuple[str, str], int] = {}
            for user in self.users.values():
                for username in user.following:
                    self.follow_order[(user.id, username)] = len(self.follow_order)
            self.tier = "enterprise"
            # Media upload (uploads.py): the bytes by /_media/ name; whether the app may upload.
            self.uploads: dict = {}
            self.media_upload_enrolled = True
            self.consumers: dict[str, Consumer] = {c.key: c for c in data.consumers}
            self.request_tokens: dict[str, RequestToken] = {}
            self.access_tokens: dict[str, AccessToken] = {t.token: t for t in data.access_tokens}
            self.nonces: dict[tuple, float] = {}
            self.rate_limits = RateLimiter()
            self.not_found_status = 200
            self.timestamp_lifetime = 600
            self.faults: list[Fault] = []
            # "GET /2/tweets/:id" → requests served since the last reset.
            self.request_counts: Counter[str] = Counter()
            self._release_hangs()

    # --- users and posts -------------------------------------------------------
    def user(self, user_id: str) -> User | None:
        """The user with ``user_id``, if any."""
        return self.users.get(user_id)

    def user_by_username(self, username: str) -> User | None:
        """The user called ``username`` (case-insensitive), if any."""
        wanted = username.lower()
        with self.lock:
            return next((u for u in self.users.values() if u.username.lower() == wanted), None)

    def user_ids_by_username(self) -> dict[str, str]:
        """Lower-cased username → id, for mention entities."""
        with self.lock:
            return {u.username.lower(): u.id for u in self.users.values()}

    def check_password(self, username: str, password: str) -> User | None:
        """The user if ``password`` is theirs (the authorize page's login)."""
        user = self.user_by_username(username)
        if user and secrets.compare_digest(user.password, password):
            return user
        return None

    def post(self, post_id: str) -> Post | None:
        """The post with ``post_id``, if it exists (deleted posts do not)."""
        return self.posts.get(post_id)

    def newest_first(self, keep) -> list[Post]:
        """Posts for which ``keep(post)`` is true, newest first."""
        with self.lock:
            found = [post for post in self.posts.values() if keep(post)]
        return sorted(found, key=lambda p: int(p.id), reverse=True)

    def home_posts(self, user_id: str) -> list[Post]:
        """The user's home timeline: own posts and those of followed accounts, newest first."""
        user = self.users[user_id]
        authors = {user_id} | {u.id for u in self.users.values() if u.username in user.following}
        return self.newest_first(lambda post: post.author_id in authors)

    def mention_posts(self, user_id: str) -> list[Post]:
        """Posts by others that @mention the user, newest first."""
        username = self.users[user_id].username.lower()
        return self.newest_first(
            lambda post: (
                post.author_id != user_id
                and username in mentioned_usernames(post.note_text or post.text)
            )
        )

    def authored_posts(self, user_id: str) -> list[Post]:
        """The user's own posts, retweets and replies, newest first."""
        return self.newest_first(lambda post: post.author_id == user_id)

    def _next_post_id(self) -> str:
        newest = max((int(i) for i in self.posts), default=0)
        return str(max(int(snowflake(datetime.now(UTC))), newest + 1))

    def can_see_posts_of(self, viewer_id: str, author_id: str) -> bool:
        """Protected accounts' posts are for themselves and their followers only."""
        author = self.users.get(author_id)
        if author is None or not author.protected or viewer_id == author_id:
            return True
        viewer = self.users.get(viewer_id)
        return viewer is not None and author.username in viewer.following

    def summoned(self, user_id: str, post: Post) -> bool:
        """Whether the author of ``post`` "engaged" ``user_id`` (2026 reply rule).

        True for one's own posts, posts that @mention the user, posts quoting
        one of the user's posts, and posts that reply to the user.
        """
        if post.author_id == user_id or post.in_reply_to_user_id == user_id:
            return True
        user = self.users.get(user_id)
        if user and user.username.lower() in mentioned_usernames(post.note_text or post.text):
            return True
        for kind, target in post.referenced:
            quoted = self.posts.get(target) if kind == "quoted" else None
            if quoted is not None and quoted.author_id == user_id:
                return True
        return False

    def create_post(
        self,
        author_id: str,
        text: str,
        *,
        reply_to: Post | None = None,
        quote_of: Post | None = None,
        media_keys: tuple[str, ...] = (),
    ) -> Post:
        """Store a new post; links in ``text`` become t.co links, as on X."""
        with self.lock:
            post_id = self._next_post_id()
            stored_text, urls = shorten_links(text, author_id)
            post = Post(
                id=post_id,
                author_id=author_id,
                text=stored_text,
                urls=urls,
                created_at=datetime.now(UTC),
                conversation_id=post_id,
                media_keys=list(media_keys),
                lang="ja" if any("\u3040" <= ch <= "\u9fff" for ch in text) else "en",
            )
            if reply_to is not None:
                post.in_reply_to_user_id = reply_to.author_id
                post.conversation_id = reply_to.conversation_id
                post.referenced.append(("replied_to", reply_to.id))
            if quote_of is not None:
                # X appends a link to the quoted post to the text it stores.
                quoted_name = self.users[quote_of.author_id].username
                link = url_record(
                    f"{post_id}:quote", f"https://x.com/{quoted_name}/status/{quote_of.id}"
                )
                post.text = f"{post.text} {link['url']}"
                post.urls.append(link)
                post.referenced.append(("quoted", quote_of.id))
            self.posts[post_id] = post
            return post

    def create_retweet(self, user_id: str, original: Post) -> Post:
        """Store a retweet of ``original`` by ``user_id`` (RT text cut to 140)."""
        with self.lock:
            author = self.users[original.author_id]
            post_id = self._next_post_id()
            text = retweet_text(author.username, original.note_text or original.text)
            post = Post(
                id=post_id,
                author_id=user_id,
                text=text,
                urls=[r for r in original.urls if r["url"] in text],
                created_at=datetime.now(UTC),
                conversation_id=post_id,
                referenced=[("retweeted", original.id)],
                lang=original.lang,
            )
            self.posts[post_id] = post
            return post

    def delete_post(self, post_id: str) -> bool:
        """Remove a post; True if it existed."""
        with self.lock:
            return self.posts.pop(post_id, None) is not None

    def retweet_by(self, user_id: str, source_id: str) -> Post | None:
        """The user's retweet of ``source_id``, if they retweeted it."""
        with self.lock:
            return next(
                (
                    post
                    for post in self.posts.values()
                    if post.author_id == user_id and ("retweeted", source_id) in post.referenced
                ),
                None,
            )

    def unretweet(self, user_id: str, source_id: str) -> bool:
        """Delete the user's retweet of ``source_id``; True if there was one."""
        with self.lock:
            retweet = self.retweet_by(user_id, source_id)
            return retweet is not None and self.delete_post(retweet.id)

    # --- likes -------------------------------------------------------------------
    def like(self, user_id: str, post_id: str) -> bool:
        """Like a post (again is a no-op); True if the like is new."""
        with self.lock:
            if (user_id, post_id) in self.likes:
                return False
            self.likes.append((user_id, post_id))
            self.posts[post_id].like_count += 1
            return True

    def unlike(self, user_id: str, post_id: str) -> bool:
        """Take a like back; True if there was one."""
        with self.lock:
            if (user_id, post_id) not in self.likes:
                return False
            self.likes.remove((user_id, post_id))
            if post_id in self.posts:
                self.posts[post_id].like_count = max(0, self.posts[post_id].like_count - 1)
            return True

    def liked_posts(self, user_id: str) -> list[Post]:
        """Posts the user liked that still exist, most recently liked first."""
        with self.lock:
            return [
                self.posts[post_id]
                for who, post_id in reversed(self.likes)
                if who == user_id and post_id in self.posts
            ]

    def liking_users(self, post_id: str) -> list[User]:
        """Users who liked the post, most recent like first."""
        with self.lock:
            return [self.users[who] for who, p in reversed(self.likes) if p == post_id]

    # --- follows and mutes -------------------------------------------------------
    def follow(self, user_id: str, target_id: str) -> tuple[bool, bool]:
        """Follow ``target_id``: (following, pending_follow); protected targets get a request."""
        with self.lock:
            user, target = self.users[user_id], self.users[target_id]
            if target.username in user.following:
                return True, False
            if target.protected:
                if user.username not in target.follow_requests:
                    target.follow_requests.append(user.username)
                return False, True
            user.following.append(target.username)
            self.follow_order[(user_id, target.username)] = len(self.follow_order) + 1
            return True, False

    def approve_follow_request(self, target_id: str, requester_id: str) -> None:
        """The protected account accepts a pending request (tests use it)."""
        with self.lock:
            target, requester = self.users[target_id], self.users[requester_id]
            if requester.username in target.follow_requests:
                target.follow_requests.remove(requester.username)
            if target.username not in requester.following:
                requester.following.append(target.username)
                self.follow_order[(requester_id, target.username)] = len(self.follow_order) + 1

    def unfollow(self, user_id: str, target_id: str) -> None:
        """Stop following (or withdraw a pending request)."""
        with self.lock:
            user, target = self.users[user_id], self.users[target_id]
            if target.username in user.following:
                user.following.remove(target.username)
            if user.username in target.follow_requests:
                target.follow_requests.remove(user.username)

    def following_of(self, user_id: str) -> list[User]:
        """Accounts the user follows, most recent follow first."""
        with self.lock:
            by_name = {u.username: u for u in self.users.values()}
            names = reversed(self.users[user_id].following)
            return [by_name[name] for name in names if name in by_name]

    def followers_of(self, user_id: str) -> list[User]:
        """Accounts following the user, most recent follow first."""
        with self.lock:
            username = self.users[user_id].username
            found = [u for u in self.users.values() if username in u.following]
            return sorted(
                found, key=lambda u: self.follow_order.get((u.id, username), 0), reverse=True
            )

    def mute(self, user_id: str, target_id: str) -> None:
        """Mute an account."""
        with self.lock:
            if target_id not in self.users[user_id].muting:
                self.users[user_id].muting.append(target_id)

    def unmute(self, user_id: str, target_id: str) -> None:
        """Unmute an account."""
        with self.lock:
            if target_id in self.users[user_id].muting:
                self.users[user_id].muting.remove(target_id)

    def muted_users(self, user_id: str) -> list[User]:
        """Muted accounts, most recently muted first."""
        with self.lock:
            return [self.users[i] for i in reversed(self.users[user_id].muting) if i in self.users]

    # --- lists -------------------------------------------------------------------
    def visible_list(self, list_id: str, viewer_id: str) -> XList | None:
        """The List, unless it is missing or someone else's private List."""
        found = self.lists.get(list_id)
        if found is None or (found.private and found.owner_id != viewer_id):
            return None
        return found

    def owned_lists(self, owner_id: str, viewer_id: str) -> list[XList]:
        """The owner's Lists the viewer may see, newest first."""
        with self.lock:
            found = [
                item
                for item in self.lists.values()
                if item.owner_id == owner_id and (not item.private or viewer_id == owner_id)
            ]
        return sorted(found, key=lambda item: int(item.id), reverse=True)

    def list_posts(self, found: XList, viewer_id: str) -> list[Post]:
        """Posts by the List's members, newest first."""
        members = set(found.member_ids)
        return self.newest_first(
            lambda p: p.author_id in members and self.can_see_posts_of(viewer_id, p.author_id)
        )

    # --- direct messages ---------------------------------------------------------
    def dm_events_of(self, user_id: str, conversation_id: str | None = None) -> list[DmEvent]:
        """Events of the user's conversations (or of one), newest first."""
        with self.lock:
            mine = {c for c, people in self.dm_conversations.items() if user_id in people}
            found = [
                event
                for event in self.dm_events.values()
                if event.conversation_id in mine
                and (conversation_id is None or event.conversation_id == conversation_id)
            ]
        return sorted(found, key=lambda e: int(e.id), reverse=True)

    def send_dm(self, sender_id: str, conversation_id: str, text: str) -> DmEvent:
        """Add a message to a conversation (a 1:1 one is created on first use)."""
        with self.lock:
            if conversation_id not in self.dm_conversations:
                self.dm_conversations[conversation_id] = conversation_id.split("-")
            newest = max((int(i) for i in [*self.dm_events, *self.posts]), default=0)
            now = datetime.now(UTC)
            event_id = str(max(int(snowflake(now, 1)), newest + 1))
            event = seed.dm_message(event_id, conversation_id, sender_id, text, now)
            self.dm_events[event_id] = event
            return event

    # --- access tier and local media ---------------------------------------------
    def set_tier(self, tier: str) -> None:
        """'enterprise' (everything allowed, the default) or 'self-serve' (X's 2026 limits)."""
        if tier not in TIERS:
            raise ValueError(f"tier must be one of {TIERS}")
        with self.lock:
            self.tier = tier

    @property
    def self_serve(self) -> bool:
        """Whether the 2026 self-serve restrictions apply."""
        return self.tier == "self-serve"

    def local_media_url(self, name: str | None) -> str | None:
        """``<media_base_url>/_media/<name>`` when local media is on, else None."""
        if not self.media_base_url or not name:
            return None
        return f"{self.media_base_url.rstrip('/')}/_media/{name}"

    def media_url(self, item: Media) -> str | None:
        """A photo's ``url``: pbs.twimg.com, or the local image when switched."""
        return (self.local_media_url(item.local_name) if item.type == "photo" else None) or item.url

    def preview_url(self, item: Media) -> str | None:
        """A video's or GIF's ``preview_image_url``, local when switched."""
        local = self.local_media_url(item.local_name) if item.type != "photo" else None
        return local or item.preview_image_url

    def profile_image_url(self, user: User) -> str:
        """A user's avatar URL, local when switched."""
        return self.local_media_url(images.avatar_name(user.username)) or user.profile_image_url

    # --- OAuth -----------------------------------------------------------------
    def add_consumer(self, key: str, secret: str, name: str = "test app") -> Consumer:
        """Register another app."""
        with self.lock:
            consumer = self.consumers[key] = Consumer(key, secret, name)
            return consumer

    def consumer(self, key: str) -> Consumer | None:
        """The app with consumer ``key``, if registered."""
        return self.consumers.get(key)

    def save_request_token(self, token: str, secret: str, consumer_key: str, callback: str):
        """Remember a freshly issued request token."""
        with self.lock:
            self.request_tokens[token] = RequestToken(
                token, secret, consumer_key, callback, issued=time.time()
            )

    def request_token(self, token: str) -> RequestToken | None:
        """A request token that is still usable (not used, not expired)."""
        with self.lock:
            record = self.request_tokens.get(token)
            if record is None or record.used:
                return None
            if time.time() - record.issued > REQUEST_TOKEN_LIFETIME:
                return None
            return record

    def authorize_request_token(self, token: str, verifier: str, user_id: str) -> None:
        """Record that ``user_id`` approved the request token, with its verifier."""
        with self.lock:
            record = self.request_tokens[token]
            record.verifier, record.user_id = verifier, user_id

    def use_request_token(self, token: str) -> None:
        """Spend a request token (exchanged or denied); it cannot be used again."""
        with self.lock:
            if token in self.request_tokens:
                self.request_tokens[token].used = True

    def access_token(self, token: str) -> AccessToken | None:
        """A live (not revoked) access token."""
        with self.lock:
            record = self.access_tokens.get(token)
            return None if record is None or record.revoked else record

    def save_access_token(self, record: AccessToken) -> None:
        """Remember an access token issued by the access_token endpoint."""
        with self.lock:
            self.access_tokens[record.token] = record

    def issue_access_token(
        self, user_id: str, consumer_key: str = seed.DEMO_CONSUMER_KEY
    ) -> AccessToken:
        """Issue a token for ``user_id`` directly, skipping the authorize page (for tests)."""
        token = AccessToken(
            token=f"{user_id}-{secrets.token_hex(20)}",
            secret=secrets.token_urlsafe(32).replace("-", "x").replace("_", "y"),
            consumer_key=consumer_key,
            user_id=user_id,
        )
        self.save_access_token(token)
        return token

    def revoke_access_token(self, token: str) -> bool:
        """Revoke a token (oauth/invalidate_token); True if it was live."""
        with self.lock:
            record = self.access_tokens.get(token)
            if record is None or record.revoked:
                return False
            record.revoked = True
            return True

    def use_nonce(self, key: tuple, timestamp: int) -> bool:
        """Record a nonce; False when it was seen before (a replay)."""
        now = time.time()
        with self.lock:
            if key in self.nonces:
                return False
            horizon = now - 2 * self.timestamp_lifetime
            if len(self.nonces) > 10000:
                self.nonces = {k: ts for k, ts in self.nonces.items() if ts >= horizon}
            self.nonces[key] = float(timestamp)
            return True

    # --- rate limits -----------------------------------------------------------
    def set_rate_limit(self, endpoint: str, limit: int) -> None:
        """Change a limit by endpoint name, template ('/2/tweets/:id') or path pattern."""
        if endpoint not in ENDPOINTS and not endpoint.startswith("/"):
            raise ValueError(f"unknown endpoint {endpoint!r}; one of {sorted(ENDPOINTS)}")
        with self.lock:
            self.rate_limits.overrides[endpoint] = limit

    def hit_rate_limit(self, token: str, endpoint: str, path: str) -> Window:
        """Count a request against its window."""
        with self.lock:
            return self.rate_limits.hit(token, endpoint, path)

    # --- lookups that miss -----------------------------------------------------
    def set_not_found_status(self, status: int) -> None:
        """HTTP status of a single lookup that finds nothing: 200 (X's classic) or 404."""
        if status not in (200, 404):
            raise ValueError("status must be 200 or 404")
        self.not_found_status = status

    # --- request counts ----------------------------------------------------------
    def count_request(self, method: str, template: str) -> None:
        """Count one request served for ``method`` on the route ``template``."""
        with self.lock:
            self.request_counts[f"{method} {template}"] += 1

    def request_stats(self) -> dict[str, int]:
        """Requests served per "METHOD /route/:template" since the last reset."""
        with self.lock:
            return dict(sorted(self.request_counts.items()))

    def clear_request_counts(self) -> None:
        """Start counting from zero."""
        with self.lock:
            self.request_counts = Counter()

    # --- faults ----------------------------------------------------------------
    def set_fault(
        self,
        pattern: str,
        *,
        status: int | None = None,
        latency: float = 0.0,
        hang: bool = False,
        method: str | None = None,
        times: int | None = None,
    ) -> Fault:
        """Make requests whose path matches ``pattern`` fail, slow down or hang."""
        fault = Fault(pattern, status, float(latency), bool(hang), method, times)
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every fault and let hanging requests go."""
        with self.lock:
            self.faults = []
            self._release_hangs()

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The first fault for this request, counting it against its ``times``."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times == 0:
                            self.faults.remove(fault)
                    return fault
        return None

    def wait_hang(self, seconds: float) -> None:
        """Block like a stuck upstream until ``seconds`` pass or hangs are released."""
        self._hang_release.wait(seconds)

    def _release_hangs(self) -> None:
        old = getattr(self, "_hang_release", None)
        self._hang_release = threading.Event()
        if old is not None:
            old.set()

    def release_hangs(self) -> None:
        """End every hanging request now (the server does this when it stops)."""
        with self.lock:
            self._release_hangs()


default_state = EmulatorState()

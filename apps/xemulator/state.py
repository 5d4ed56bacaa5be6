"""All the emulator knows, in memory and behind one lock: users, posts, OAuth, limits, faults."""

import copy
import secrets
import threading
import time
from datetime import UTC, datetime
from functools import lru_cache

from . import seed
from .faults import Fault
from .ids import snowflake
from .ratelimits import ENDPOINTS, RateLimiter, Window
from .records import AccessToken, Consumer, Media, Post, RequestToken, User
from .text import mentioned_usernames, retweet_text, shorten_links

REQUEST_TOKEN_LIFETIME = 15 * 60


@lru_cache(maxsize=1)
def _seed() -> seed.SeedData:
    return seed.build()


class EmulatorState:
    """The store one emulator serves; ``reset()`` puts the seed data back."""

    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Forget everything and load the seed again (faults and limits included)."""
        data = copy.deepcopy(_seed())
        with self.lock:
            self.users: dict[str, User] = {user.id: user for user in data.users}
            self.posts: dict[str, Post] = {post.id: post for post in data.posts}
            self.media: dict[str, Media] = {item.media_key: item for item in data.media}
            self.consumers: dict[str, Consumer] = {c.key: c for c in data.consumers}
            self.request_tokens: dict[str, RequestToken] = {}
            self.access_tokens: dict[str, AccessToken] = {t.token: t for t in data.access_tokens}
            self.nonces: dict[tuple, float] = {}
            self.rate_limits = RateLimiter()
            self.not_found_status = 200
            self.timestamp_lifetime = 600
            self.faults: list[Fault] = []
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

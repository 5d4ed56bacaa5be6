"""Per-user rate limits: a table per endpoint and 15-minute windows per (token, endpoint)."""

import time
from dataclasses import dataclass
from fnmatch import fnmatchcase

WINDOW_SECONDS = 15 * 60

# X behaviour: per-user limits per 15 minutes (OAuth 1.0a user context).
ENDPOINTS = {
    "users_me": ("GET", "/2/users/me", 75),
    "users_by_id": ("GET", "/2/users/:id", 900),
    "users_by_username": ("GET", "/2/users/by/username/:username", 900),
    "home_timeline": ("GET", "/2/users/:id/timelines/reverse_chronological", 180),
    "mentions": ("GET", "/2/users/:id/mentions", 300),
    "user_tweets": ("GET", "/2/users/:id/tweets", 900),
    "tweet_by_id": ("GET", "/2/tweets/:id", 900),
    "tweets_by_ids": ("GET", "/2/tweets", 5000),
    "create_tweet": ("POST", "/2/tweets", 100),
    "delete_tweet": ("DELETE", "/2/tweets/:id", 50),
    "users_by_ids": ("GET", "/2/users", 900),
    "users_by_usernames": ("GET", "/2/users/by", 900),
    "like_post": ("POST", "/2/users/:id/likes", 50),
    "unlike_post": ("DELETE", "/2/users/:id/likes/:tweet_id", 50),
    "liked_tweets": ("GET", "/2/users/:id/liked_tweets", 75),
    "liking_users": ("GET", "/2/tweets/:id/liking_users", 75),
    "retweet_post": ("POST", "/2/users/:id/retweets", 50),
    "unretweet_post": ("DELETE", "/2/users/:id/retweets/:source_tweet_id", 50),
    "follow_user": ("POST", "/2/users/:id/following", 50),
    "unfollow_user": ("DELETE", "/2/users/:source_user_id/following/:target_user_id", 50),
    "followers": ("GET", "/2/users/:id/followers", 300),
    "following": ("GET", "/2/users/:id/following", 300),
    "muting": ("GET", "/2/users/:id/muting", 15),
    "mute_user": ("POST", "/2/users/:id/muting", 50),
    "unmute_user": ("DELETE", "/2/users/:source_user_id/muting/:target_user_id", 50),
    "search_recent": ("GET", "/2/tweets/search/recent", 300),
    "dm_events": ("GET", "/2/dm_events", 15),
    "dm_conversation_with_events": (
        "GET",
        "/2/dm_conversations/with/:participant_id/dm_events",
        15,
    ),
    "dm_conversation_events": ("GET", "/2/dm_conversations/:id/dm_events", 15),
    "dm_send_with": ("POST", "/2/dm_conversations/with/:participant_id/messages", 15),
    "dm_send": ("POST", "/2/dm_conversations/:dm_conversation_id/messages", 15),
    "owned_lists": ("GET", "/2/users/:id/owned_lists", 15),
    "list_by_id": ("GET", "/2/lists/:id", 75),
    "list_tweets": ("GET", "/2/lists/:id/tweets", 900),
    # xapi.md §2.5: one-shot media upload, 500 per user per 15 minutes.
    "media_upload": ("POST", "/2/media/upload", 500),
}


@dataclass
class Window:
    """The state of one rate-limit window, as the x-rate-limit-* headers report it."""

    limit: int
    remaining: int
    reset: int
    exceeded: bool

    def headers(self) -> dict[str, str]:
        """The x-rate-limit-* response headers."""
        return {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(self.remaining),
            "x-rate-limit-reset": str(self.reset),
        }


class RateLimiter:
    """Counts requests per (token, endpoint); not thread-safe alone (the state locks)."""

    def __init__(self):
        self.overrides: dict[str, int] = {}
        self.counters: dict[tuple[str, str], list] = {}

    def limit_for(self, endpoint: str, path: str) -> int:
        """The limit of ``endpoint``, unless a test lowered it by name, template or path."""
        method, template, limit = ENDPOINTS[endpoint]
        for key, override in self.overrides.items():
            if key in (endpoint, template) or fnmatchcase(path, key):
                return override
        return limit

    def hit(self, token: str, endpoint: str, path: str, now: float | None = None) -> Window:
        """Count one request and report the window after it."""
        now = time.time() if now is None else now
        limit = self.limit_for(endpoint, path)
        counter = self.counters.get((token, endpoint))
        if counter is None or now >= counter[0] + WINDOW_SECONDS:
            counter = self.counters[(token, endpoint)] = [now, 0]
        counter[1] += 1
        reset = int(counter[0] + WINDOW_SECONDS)
        return Window(limit, max(0, limit - counter[1]), reset, counter[1] > limit)

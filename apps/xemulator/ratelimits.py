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

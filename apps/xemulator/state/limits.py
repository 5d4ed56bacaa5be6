"""What X allows and counts: the access tier, rate limits, requests served."""

from collections import Counter

from ..ratelimits import ENDPOINTS, RateLimiter, Window
from ..seed import SeedData
from .base import StatePart

# X's access since 2026-02-06: self-serve apps pay per use from prepaid credits;
# enterprise contracts keep likes, follows and quotes. "self-serve" names the first too.
TIERS = ("pay-per-use", "enterprise")
_ALIASES = {"self-serve": "pay-per-use"}


class LimitsPart(StatePart):
    """The access tier, the rate-limit windows, and request counts."""

    tier: str
    reply_refusal: str
    allowed_callbacks: list[str] | None
    rate_limits: RateLimiter
    # "GET /2/tweets/:id" → requests served since the last reset.
    request_counts: Counter[str]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.tier = "pay-per-use"
        # Which of X's two reply-rule bodies refuses a reply (problems.REPLY_REFUSALS).
        self.reply_refusal = "summoned"
        # The app's callback allow-list; None takes any http(s) callback.
        self.allowed_callbacks: list[str] | None = None
        self.rate_limits = RateLimiter()
        self.request_counts = Counter()

    def set_tier(self, tier: str) -> None:
        """'pay-per-use' (self-serve: X's 2026 rules and credits, the default) or 'enterprise'."""
        tier = _ALIASES.get(tier, tier)
        if tier not in TIERS:
            raise ValueError(f"tier must be one of {TIERS}")
        with self.lock:
            self.tier = tier

    @property
    def self_serve(self) -> bool:
        """Whether X's 2026 self-serve rules (and pay-per-use credits) apply."""
        return self.tier == "pay-per-use"

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

"""What a pay-per-use app has spent: its credit balance, what was charged, the ledger."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from .. import billing
from ..seed import SeedData
from .base import StatePart

# A new self-serve app's prepaid balance in the emulator: enough for every test's
# browsing; a test that wants the 402 sets a smaller one (/_emulator/credits).
STARTING_CREDITS_USD = 100.0


class BillingPart(StatePart):
    """Credits in millionths of a dollar, the resources already charged today, the ledger.

    X blocks a spent app until credits are added (the balance may go a little
    below zero first: the call that spends it is still served).
    """

    credits: int
    blocked: bool
    # (UTC day, kind, id) of every resource charged: read again that day, it is free.
    charged: set[tuple[str, str, str]]
    # "GET /2/tweets/:id" → {"calls", "resources", "micros"} charged since the last reset.
    ledger: dict[str, dict[str, int]]

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.credits = round(STARTING_CREDITS_USD * billing.MICROS)
        self.blocked = False
        self.charged = set()
        self.ledger = defaultdict(lambda: {"calls": 0, "resources": 0, "micros": 0})

    def credits_spent(self) -> bool:
        """Whether X answers 402 now (pay-per-use with the balance spent)."""
        with self.lock:
            return self.self_serve and self.blocked

    def add_credits(self, usd: float) -> None:
        """Buy credits: a positive balance unblocks the app."""
        with self.lock:
            self.credits += round(usd * billing.MICROS)
            self.blocked = self.credits <= 0

    def set_credits(self, usd: float) -> None:
        """Set the balance (tests: a nearly spent app)."""
        with self.lock:
            self.credits = round(usd * billing.MICROS)
            self.blocked = self.credits <= 0

    def charge(self, endpoint: str, route: str, payload: dict, body: dict, has_link) -> int:
        """Charge one successful call on pay-per-use access; the cost in millionths."""
        if not self.self_serve:
            return 0
        day = datetime.now(UTC).date().isoformat()
        with self.lock:
            cost = 0
            fresh = []
            for kind, resource_id in billing.resources(endpoint, body):
                key = (day, kind, resource_id)
                if key not in self.charged:
                    self.charged.add(key)
                    fresh.append(kind)
                    cost += billing.rate(kind)
            write = billing.write_rate(endpoint, payload, has_link)
            if write is not None:
                cost += billing.rate(write)
            entry = self.ledger[route]
            entry["calls"] += 1
            entry["resources"] += len(fresh)
            entry["micros"] += cost
            self.credits -= cost
            if self.credits <= 0:
                self.blocked = True
            return cost

    def billing_stats(self) -> dict:
        """The balance and the ledger, in dollars, for /_emulator/stats."""
        with self.lock:
            spent = sum(entry["micros"] for entry in self.ledger.values())
            return {
                "access": self.tier,
                "balance_usd": self.credits / billing.MICROS,
                "blocked": self.credits_spent(),
                "spent_usd": spent / billing.MICROS,
                "ledger": {
                    route: {
                        "calls": entry["calls"],
                        "resources": entry["resources"],
                        "usd": entry["micros"] / billing.MICROS,
                    }
                    for route, entry in sorted(self.ledger.items())
                },
            }

    def clear_ledger(self) -> None:
        """Start the ledger from zero (the balance and what was charged today stay)."""
        with self.lock:
            self.ledger.clear()

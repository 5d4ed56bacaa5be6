"""Injected faults: an X error status, added latency or a hang, on matching requests."""

from dataclasses import dataclass
from fnmatch import fnmatchcase

# Long enough to outlast any client read timeout; a hang also ends when the
# faults are cleared, the state is reset or the server stops.
HANG_SECONDS = 30.0
FAULT_STATUSES = frozenset({401, 403, 429, 500, 502, 503, 504})


@dataclass
class Fault:
    """One fault rule; ``times`` counts down the requests it may still hit (None: all)."""

    pattern: str
    status: int | None = None
    latency: float = 0.0
    hang: bool = False
    method: str | None = None
    times: int | None = None

    def __post_init__(self):
        if self.status is not None and self.status not in FAULT_STATUSES:
            raise ValueError(f"status must be one of {sorted(FAULT_STATUSES)}")
        if self.latency < 0:
            raise ValueError("latency must not be negative")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be at least 1")
        if self.method:
            self.method = self.method.upper()

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule applies to ``method path`` (fnmatch on the path)."""
        if self.method and self.method != method.upper():
            return False
        return fnmatchcase(path, self.pattern)

    def as_dict(self) -> dict:
        """The rule as the control API shows it."""
        return {
            "pattern": self.pattern,
            "status": self.status,
            "latency": self.latency,
            "hang": self.hang,
            "method": self.method,
            "times": self.times,
        }

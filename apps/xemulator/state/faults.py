"""Injected trouble: failing, slow or hanging requests, and how lookups miss."""

import threading

from ..faults import Fault
from ..seed import SeedData
from .base import StatePart


class FaultsPart(StatePart):
    """Fault rules, hanging requests, and the status of a lookup that misses."""

    faults: list[Fault]
    not_found_status: int

    def _load(self, data: SeedData) -> None:
        super()._load(data)
        self.not_found_status = 200
        self.faults = []
        self._release_hangs()

    def set_not_found_status(self, status: int) -> None:
        """HTTP status of a single lookup that finds nothing: 200 (X's classic) or 404."""
        if status not in (200, 404):
            raise ValueError("status must be 200 or 404")
        self.not_found_status = status

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

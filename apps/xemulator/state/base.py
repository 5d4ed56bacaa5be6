"""The base of every part of the emulator's state (see `store.EmulatorState`)."""

import threading

from ..seed import SeedData


class StatePart:
    """One kind of thing the emulator keeps: its records and the methods on them.

    `EmulatorState` combines the parts and holds the one lock they share. Each
    part puts its share of the seed (or an empty store) in place in `_load`,
    first calling ``super()._load(data)``, so one `reset()` loads every part. A
    new kind of store (uploaded media, say) is a new module with a new part,
    added to `EmulatorState`'s bases.
    """

    lock: threading.RLock

    def _load(self, data: SeedData) -> None:
        """Put this part's records in place (called by `reset()`, under the lock)."""

"""Small parsers for the figures UAs and headers carry, and the budget ceiling."""

from __future__ import annotations

KB = 1024
MODERN_BUDGET = 1024 * KB


def to_int(value: str | None) -> int | None:
    """A plain ASCII number, or None."""
    if value:
        value = value.strip()
        if value.isascii() and value.isdigit():
            return int(value)
    return None


def capped_budget(size: int) -> int:
    """A page budget from a figure the device sent, never above `MODERN_BUDGET`."""
    # A figure from the UA or a header can be spoofed; it only ever shrinks pages.
    return min(size, MODERN_BUDGET)


def pair(value: str | None, sep: str) -> tuple[int | None, int | None]:
    """Width and height from ``240,320`` or ``240*320``; (None, None) unless both are numbers.

    Half a size (``240,egg``) is no size: a page laid out for a guessed height is
    worse than one laid out for none.
    """
    if not value or sep not in value:
        return None, None
    first, _, second = value.partition(sep)
    width, height = to_int(first), to_int(second)
    if width is None or height is None:
        return None, None
    return width, height

"""Page byte budgets: how many list items fit the device, never cutting markup.

A page is measured after the whole response pipeline (inlined CSS, session id
in links, emoji and encoding): exactly what goes on the wire. Too big: fewer
items. Which count to try next is predicted from the measured sizes of the
items in the page (the ``{% fititem %}`` tag records them while rendering), so
a page that does not fit costs one or two more pipeline runs, not a bisection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from django.conf import settings

from .pipeline import transform
from .url_sessions import link_params

__all__ = ["Fitted", "Rendered", "fit_count", "measuring_params", "wire_bytes"]

# New session keys are 25 characters (apps.accounts.session_store); measure with one
# of that length when the session has no key yet (it gets one as the response goes out).
_PLACEHOLDER_KEY = "x" * 25
# A page of a single item shortened to this many characters, when even one is too big.
TRIMMED_TEXT = 70


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page's markup with the lengths of its items' markup, in order."""

    html: str
    item_sizes: Sequence[int]


@dataclass(frozen=True, slots=True)
class Fitted:
    """The page that fits: its markup, its bytes on the wire, items shown, text cut."""

    html: str
    body: bytes
    count: int
    trimmed: bool = False


def measuring_params(request) -> list[tuple[str, str]]:
    """The link parameters to measure with (a placeholder for a session not saved yet)."""
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    return link_params(request, session_key=key or _PLACEHOLDER_KEY)


def wire_bytes(request, html: str, params, host: str) -> bytes:
    """``html`` as this request's device receives it."""
    return transform(
        html,
        request.device,
        host=host,
        link_params=params,
        current_url=request.get_full_path(),
        language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
    )


def fit_count(
    render: Callable[[int, bool], Rendered],
    measure: Callable[[str], bytes],
    total: int,
    budget: int,
) -> Fitted:
    """The largest number of items (at least one) whose page fits ``budget`` bytes.

    ``render(count, trim)`` renders the page with the first ``count`` items;
    ``trim`` shortens item text, asked for only when one item alone is too big.
    """
    full = render(total, False)
    body = measure(full.html)
    if total == 0 or len(body) <= budget:
        return Fitted(full.html, body, total)
    sizes = list(full.item_sizes)[:total] if len(full.item_sizes) >= total else None
    frame = len(full.html) - sum(sizes) if sizes else 0
    prefix = [0, *accumulate(sizes)] if sizes else None
    ratio = len(body) / max(1, len(full.html))  # bytes on the wire per character of markup
    fits, over = 0, total
    best: Fitted | None = None
    while over - fits > 1:
        count = _predict(prefix, frame, ratio, budget, fits, over)
        page = render(count, False)
        body = measure(page.html)
        ratio = len(body) / max(1, len(page.html))
        if len(body) <= budget:
            fits, best = count, Fitted(page.html, body, count)
        else:
            over = count
    if best is None:
        page = render(1, True)
        best = Fitted(page.html, measure(page.html), 1, trimmed=True)
    return best


def _predict(prefix, frame, ratio, budget, fits, over) -> int:
    """The count to try next, strictly between ``fits`` and ``over``."""
    if prefix is None:
        return (fits + over) // 2
    count = fits + 1
    for candidate in range(fits + 1, over):
        if (frame + prefix[candidate]) * ratio <= budget:
            count = candidate
    return count

"""Page byte budgets: show as many items as fit the device, never cut markup.

A page is rendered whole, with a number of list items (posts), and measured
after the full response pipeline (inlined CSS, session id in links, emoji and
encoding), which is exactly what goes on the wire. Too big: fewer items, found
by bisection; the caller links on from the first item not shown.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from .pipeline import transform
from .url_sessions import link_params

__all__ = ["Fitted", "fit_items", "measured_body", "page_size"]

# Django session keys are 32 characters; measure with one of that length when
# the session has no key yet (it gets one as the response goes out).
_PLACEHOLDER_KEY = "x" * 32
# A str of n characters never takes more than 4n bytes; inlined styles at most
# double a page. Below budget / 8 characters, a page cannot be over budget.
_SAFE_RATIO = 8


class Fitted:
    """The rendered page that fits, how many items it holds, and whether text was cut."""

    __slots__ = ("html", "count", "trimmed")

    def __init__(self, html: str, count: int, trimmed: bool = False):
        self.html, self.count, self.trimmed = html, count, trimmed


def page_size(request, html: str) -> int:
    """Bytes ``html`` takes on the wire for this request's device."""
    device = request.device
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - DisallowedHost: measure without absolute links
        host = ""
    params = link_params(request, session_key=key or _PLACEHOLDER_KEY)
    body = transform(
        html,
        device,
        host=host,
        link_params=params,
        current_url=request.get_full_path(),
        language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
    )
    # The page that fits is usually the last one measured: the response pipeline
    # reuses these bytes instead of transforming the same page again.
    request.measured_page = (html, params, body)
    return len(body)


def measured_body(request, html: str, params) -> bytes | None:
    """The bytes ``page_size`` already made for exactly this page and these links."""
    memo = getattr(request, "measured_page", None)
    if memo is not None and memo[1] == params and memo[0] == html:
        return memo[2]
    return None


def fit_items(
    request, render: Callable[[int, bool], str], total: int, *, budget: int | None = None
) -> Fitted:
    """The largest number of items (at least one) whose page fits the budget.

    ``render(count, trim)`` renders the page with the first ``count`` items;
    ``trim`` asks for shortened item text, used only when a single item alone
    is over budget. ``budget`` defaults to the device's ``markup_budget``.
    """
    budget = request.device.markup_budget if budget is None else budget
    html = render(total, False)
    if total == 0 or len(html) * _SAFE_RATIO <= budget or page_size(request, html) <= budget:
        return Fitted(html, total)
    best: Fitted | None = None
    low, high = 1, total - 1
    while low <= high:
        middle = (low + high) // 2
        html = render(middle, False)
        if page_size(request, html) <= budget:
            best, low = Fitted(html, middle), middle + 1
        else:
            high = middle - 1
    if best is None:
        best = Fitted(render(1, True), 1, trimmed=True)
    return best

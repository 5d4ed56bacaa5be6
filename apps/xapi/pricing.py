"""What one call to X costs the site, priced with the configured rates (``X_PRICES``).

X bills a pay-per-use app per resource a read returns and per write request (X's
pricing page, "X API pay-per-usage pricing", 2026). The gateway prices each call
itself from the answer, so that the spending of every user and page is known
without asking X. Prices are in millionths of a US dollar (integers add up exactly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from twitter_text import extract_urls_with_indices

MICROS = 1_000_000

# A GET route (ids folded to :id) → the kind of resource it returns; first match wins.
_READS = (
    (re.compile(r"^/2/tweets/:id/liking_users$"), "user"),
    (re.compile(r"^/2/users/:id/(followers|following)$"), "follow"),
    (re.compile(r"^/2/users/:id/owned_lists$|^/2/lists/:id$"), "list"),
    (re.compile(r"^/2/dm_"), "dm_event"),
    (re.compile(r"^/2/users/:id/(tweets|mentions|liked_tweets|timelines/)"), "post"),
    (re.compile(r"^/2/tweets|^/2/lists/:id/tweets$"), "post"),
    (re.compile(r"^/2/users"), "user"),
)
_ID = re.compile(r"/\d[\d-]{2,}(?=/|$)")
_USERNAME = re.compile(r"^/2/users/by/username/[^/]+$")
# Writes (not GET): the rate of one request by route ("POST /2/tweets" by its text).
_WRITES = (
    (re.compile(r"^POST /2/users/:id/(likes|retweets|following|muting)$"), "interaction"),
    (re.compile(r"^POST /2/dm_conversations/"), "dm"),
    (re.compile(r"^POST /2/media/upload$"), "upload"),
    (re.compile(r"^DELETE "), "delete"),
)
_INCLUDED = {"users": "user", "tweets": "post", "posts": "post", "media": "media"}


@dataclass(frozen=True, slots=True)
class Price:
    """A call's price: ``micros`` for the write, plus the resources a read returned."""

    micros: int
    resources: tuple[tuple[str, str], ...] = ()


def rate(name: str) -> int:
    """The configured rate ``name`` in millionths of a dollar."""
    return round(settings.X_PRICES[name] * MICROS)


def usd(micros: int) -> float:
    """Millionths of a dollar as dollars."""
    return micros / MICROS


def route_of(path: str) -> str:
    """``path`` with ids (and a looked-up username) folded: one row per endpoint."""
    route = _ID.sub("/:id", path)
    return "/2/users/by/username/:username" if _USERNAME.match(route) else route


def read_kind(route: str) -> str | None:
    """What a GET of ``route`` ("/2/users/:id/followers") returns, priced per resource."""
    return next((kind for pattern, kind in _READS if pattern.search(route)), None)


def price(method: str, route: str, request_body, answer: dict | None) -> Price:
    """The price of one successful call; ``route`` has its ids folded to ``:id``."""
    if method == "GET":
        kind = read_kind(route)
        return Price(0, returned(kind, answer or {}) if kind else ())
    if method == "POST" and route == "/2/tweets":
        text = (request_body or {}).get("text") if isinstance(request_body, dict) else ""
        has_link = bool(text and extract_urls_with_indices(text))
        return Price(rate("create_post_url" if has_link else "create_post"))
    call = f"{method} {route}"
    name = next((name for pattern, name in _WRITES if pattern.search(call)), None)
    return Price(rate(name) if name else 0)


def returned(kind: str, answer: dict) -> tuple[tuple[str, str], ...]:
    """(kind, id) of each resource in ``data`` and ``includes``: what X charges for."""
    data = answer.get("data")
    rows = [(kind, item) for item in (data if isinstance(data, list) else [data])]
    includes = answer.get("includes")
    for key, items in includes.items() if isinstance(includes, dict) else ():
        if key in _INCLUDED and isinstance(items, list):
            rows += [(_INCLUDED[key], item) for item in items]
    out = []
    for what, item in rows:
        if isinstance(item, dict) and (item.get("id") or item.get("media_key")):
            out.append((what, str(item.get("id") or item.get("media_key"))))
    return tuple(out)

"""What X charges a pay-per-use app for one call, as X's pricing page describes it.

Sources: X's pricing page ("X API pay-per-usage pricing", 2026), the changelog of
2026-02-06 (pay-per-use credits replace the self-serve tiers) and of 2026-04-16
(likes, follows and quotes leave self-serve access). The rates are the gateway's
settings (``X_PRICES``, in US dollars), so the demo's X charges what the operator
configured. Reads are charged per resource returned (``data`` and ``includes``),
writes per request; failed requests cost nothing; the same resource read again
within one UTC day is not charged again.
"""

from __future__ import annotations

from django.conf import settings

MICROS = 1_000_000

# Endpoint (ratelimits.ENDPOINTS) → what its ``data`` items are, for reads.
READ_KINDS = {
    "users_me": "user",
    "users_by_id": "user",
    "users_by_username": "user",
    "users_by_ids": "user",
    "users_by_usernames": "user",
    "liking_users": "user",
    "muting": "user",
    "followers": "follow",
    "following": "follow",
    "home_timeline": "post",
    "mentions": "post",
    "user_tweets": "post",
    "tweet_by_id": "post",
    "tweets_by_ids": "post",
    "liked_tweets": "post",
    "search_recent": "post",
    "list_tweets": "post",
    "dm_events": "dm_event",
    "dm_conversation_with_events": "dm_event",
    "dm_conversation_events": "dm_event",
    "owned_lists": "list",
    "list_by_id": "list",
}
# Endpoint → the rate of one request, for writes ("create_tweet" is priced by its text).
WRITE_RATES = {
    "like_post": "interaction",
    "retweet_post": "interaction",
    "follow_user": "interaction",
    "mute_user": "interaction",
    "unlike_post": "delete",
    "unretweet_post": "delete",
    "unfollow_user": "delete",
    "unmute_user": "delete",
    "delete_tweet": "delete",
    "dm_send_with": "dm",
    "dm_send": "dm",
    # "Manage content" on the pricing page; the upload of a photo before its post.
    "media_upload": "upload",
}
# includes.<key> → the kind of resource, priced like the same kind in ``data``.
INCLUDED_KINDS = {"users": "user", "tweets": "post", "posts": "post", "media": "media"}


def rate(name: str) -> int:
    """One rate of ``settings.X_PRICES`` in millionths of a dollar."""
    return round(settings.X_PRICES[name] * MICROS)


def resources(endpoint: str, body: dict) -> list[tuple[str, str]]:
    """The (kind, id) of every resource a read returned, ``data`` first."""
    kind = READ_KINDS.get(endpoint)
    if kind is None:
        return []
    data = body.get("data")
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    found = [(kind, _id_of(item)) for item in items]
    for key, included in (body.get("includes") or {}).items():
        if key in INCLUDED_KINDS and isinstance(included, list):
            found += [(INCLUDED_KINDS[key], _id_of(item)) for item in included]
    return [(k, i) for k, i in found if i]


def _id_of(item) -> str:
    if not isinstance(item, dict):
        return ""
    return str(item.get("id") or item.get("media_key") or "")


def write_rate(endpoint: str, payload: dict, has_link) -> str | None:
    """The rate a write is charged at, or None when ``endpoint`` is not a write."""
    if endpoint == "create_tweet":
        text = payload.get("text") if isinstance(payload, dict) else None
        return "create_post_url" if isinstance(text, str) and has_link(text) else "create_post"
    return WRITE_RATES.get(endpoint)

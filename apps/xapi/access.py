"""What X lets this app do, by its access (``X_ACCESS``), so pages offer only that.

Since 2026-04-16 X refuses likes, follows and quote posts from self-serve
(pay-per-use) apps, and since 2026-02 it takes a reply only to a post that
mentions the user, is the user's own, or answers or quotes the user (xapi.md
§2.0). Enterprise access keeps everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .types import Post


def enterprise() -> bool:
    """Whether the app has X's enterprise access (everything allowed)."""
    return settings.X_ACCESS == "enterprise"


def may_reply(me: str, username: str, post: Post) -> bool:
    """Whether X takes a reply from ``me`` (X user id, @``username``) to ``post``."""
    if enterprise() or me in (post.author_id, post.in_reply_to_user_id):
        return True
    mentions = (post.note_entities or post.entities or {}).get("mentions") or ()
    named = {str(m.get("username", "")).lower() for m in mentions if isinstance(m, dict)}
    ids = {str(m.get("id", "")) for m in mentions if isinstance(m, dict)}
    if username.lower() in named or me in ids:
        return True
    quoted = post.quoted
    return quoted is not None and (quoted.author_id or "") == me


@dataclass(frozen=True, slots=True)
class Actions:
    """Which of a post's or profile's actions to offer (False: X would refuse it)."""

    like: bool
    follow: bool
    quote: bool
    reply: bool


def actions_for(account, post: Post | None = None) -> Actions:
    """The actions X allows ``account`` (an XAccount: x_user_id, screen_name) here."""
    full = enterprise()
    reply = post is not None and may_reply(account.x_user_id, account.screen_name or "", post)
    return Actions(like=full, follow=full, quote=full, reply=reply)

"""OAuth 1.0a credentials X hands out while signing a user in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RequestToken:
    """The temporary token of the first OAuth step."""

    token: str
    secret: str
    callback_confirmed: bool


@dataclass(frozen=True, slots=True)
class AccessToken:
    """A user's long-lived OAuth 1.0a token, with who they are."""

    token: str
    secret: str
    user_id: str
    screen_name: str

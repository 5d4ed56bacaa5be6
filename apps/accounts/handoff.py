"""Hand-off: a signed-in PC signs a phone in, by QR code or by a typed code.

Why: X's sign-in page needs TLS 1.2, which no i-mode, EZweb or SoftBank browser
speaks. The person signs in with X on a PC or smartphone; that page shows a QR
code of a one-time link and the same hand-off as a short code of digits.

The rules:

* The link carries ``secrets.token_urlsafe(24)`` (192 bits); the code has
  ``HANDOFF_CODE_DIGITS`` digits and is unique among pending hand-offs. Only
  keyed hashes (HMAC-SHA256 under SECRET_KEY) of either are stored, so a copy
  of the table signs nobody in, and a short code cannot be found from its hash
  without the key.
* Each works once (a conditional UPDATE, so two phones racing cannot both win),
  only for ``HANDOFF_TTL`` seconds, and only while the PC that started it is
  signed in (signing out there cancels it). Neither carries the PC's session id.
* Typed codes are guessable in principle, so attempts are counted per client
  and for the whole site (``apps.accounts.throttle``); over either limit, or
  when the cache cannot count, codes are refused without being checked.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import throttle
from .models import HandOff

_SALT = "apps.accounts.handoff"
LINK_TOKEN_BYTES = 24


class HandOffRefused(Exception):
    """The link or code is unknown, used, expired or cancelled."""


class TooManyAttempts(Exception):
    """Typed codes are refused for now (too many attempts, or they cannot be counted)."""


@dataclass(frozen=True)
class HandOffSecrets:
    """What the PC shows once: the link token and the typed code (never stored)."""

    handoff: HandOff
    link_token: str
    code: str


def secret_hash(kind: str, value: str) -> str:
    """The keyed hash stored for a hand-off secret or a session id (hex, 64 characters)."""
    return salted_hmac(f"{_SALT}.{kind}", value, algorithm="sha256").hexdigest()


def _pending(now=None):
    now = now or timezone.now()
    return HandOff.objects.filter(used_at=None, cancelled_at=None, expires_at__gt=now)


def _new_code() -> str:
    digits = settings.HANDOFF_CODE_DIGITS
    for _attempt in range(20):
        code = f"{secrets.randbelow(10**digits):0{digits}d}"
        if not _pending().filter(code_hash=secret_hash("code", code)).exists():
            return code
    # 20 collisions in a row means the code space is nearly full of pending codes.
    raise RuntimeError("no free hand-off code; raise HANDOFF_CODE_DIGITS")


@transaction.atomic
def handoff_start(*, user, origin_session_key: str) -> HandOffSecrets:
    """Start a hand-off for ``user`` from the PC session ``origin_session_key``.

    A hand-off the same PC left pending is cancelled: only the newest code works.
    """
    now = timezone.now()
    origin = secret_hash("session", origin_session_key)
    _pending(now).filter(user=user, origin_hash=origin).update(cancelled_at=now)
    link_token = secrets.token_urlsafe(LINK_TOKEN_BYTES)
    code = _new_code()
    handoff = HandOff.objects.create(
        user=user,
        link_hash=secret_hash("link", link_token),
        code_hash=secret_hash("code", code),
        origin_hash=origin,
        expires_at=now + timedelta(seconds=settings.HANDOFF_TTL),
    )
    return HandOffSecrets(handoff=handoff, link_token=link_token, code=code)


def handoff_pending(pk: int) -> HandOff | None:
    """The hand-off ``pk`` if it can still be used, else None."""
    return _pending().filter(pk=pk).first()


def handoff_for_link(link_token: str) -> HandOff | None:
    """The pending hand-off a link leads to (without using it), for the confirm page."""
    if not link_token or len(link_token) > 64:
        return None
    return (
        _pending().select_related("user").filter(link_hash=secret_hash("link", link_token)).first()
    )


def _redeem(**match) -> HandOff:
    now = timezone.now()
    candidate = _pending(now).filter(**match).order_by("pk").first()
    # The conditional UPDATE is the real check: of two phones racing, one wins.
    if candidate is None or not _pending(now).filter(pk=candidate.pk).update(used_at=now):
        raise HandOffRefused()
    candidate.used_at = now
    return candidate


def handoff_redeem_link(link_token: str) -> HandOff:
    """Use a hand-off by its link; raises ``HandOffRefused``."""
    if not link_token or len(link_token) > 64:
        raise HandOffRefused()
    return _redeem(link_hash=secret_hash("link", link_token))


def normalize_code(raw: str) -> str:
    """The digits of a typed code: fullwidth digits, spaces and hyphens allowed."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if ch not in " -\t")


def handoff_redeem_code(code: str, *, client: str) -> HandOff:
    """Use a hand-off by its typed code, counted against ``client``.

    Raises ``TooManyAttempts`` (over a limit, or the cache cannot count) before
    looking at the code, else ``HandOffRefused`` if it matches no pending hand-off.
    """
    window = settings.HANDOFF_CODE_WINDOW
    limits = [
        (
            f"handoff-code:from:{secret_hash('client', client)}",
            settings.HANDOFF_CODE_CLIENT_LIMIT,
        ),
        ("handoff-code:all", settings.HANDOFF_CODE_GLOBAL_LIMIT),
    ]
    try:
        if throttle.over_limit(limits, window=window):
            raise TooManyAttempts()
    except throttle.CounterUnavailable as exc:
        raise TooManyAttempts() from exc
    code = normalize_code(code)
    if len(code) != settings.HANDOFF_CODE_DIGITS or not code.isascii() or not code.isdigit():
        raise HandOffRefused()
    return _redeem(code_hash=secret_hash("code", code))


def handoff_cancel_from_session(session_key: str | None) -> int:
    """Cancel what the PC with this session left pending (it signs out); how many."""
    if not session_key:
        return 0
    return (
        _pending()
        .filter(origin_hash=secret_hash("session", session_key))
        .update(cancelled_at=timezone.now())
    )


def handoff_cancel_for_user(user) -> int:
    """Cancel every pending hand-off of ``user`` (signed out everywhere); how many."""
    return _pending().filter(user=user).update(cancelled_at=timezone.now())


def handoff_delete_old(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete hand-offs that ended more than ``older_than`` ago; how many."""
    deleted, _ = HandOff.objects.filter(expires_at__lt=timezone.now() - older_than).delete()
    return deleted

"""Phone sessions created by hand-offs: listed on the PC, signed out from there.

A row remembers the phone's session id (encrypted, to delete the session from
the store) and a keyed hash of it (to find the row again). The phone's session
holds the row's id, so ``PhoneSessionMiddleware`` can record when the phone was
last seen (at most one database write per phone every ``SEEN_EVERY`` seconds,
counted in the cache) and follow the session id when it changes.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from yubitter.outage import DATABASE_AWAY

from . import crypto
from .handoff import secret_hash
from .models import PhoneSession

logger = logging.getLogger(__name__)

# Keys in the phone's own session.
SESSION_ROW = "handoff_phone"
SESSION_KEY_HASH = "handoff_phone_key"
SEEN_EVERY = 300


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def device_label(device) -> str:
    """A short name for the phone, e.g. "docomo P903i" or "kaios KaiOS 2.5"."""
    if device is None:
        return "?"
    parts = [device.device_class]
    if device.model:
        parts.append(device.model)
    elif device.browser:
        parts.append(device.browser)
    return " ".join(parts)[:100]


def phone_session_record(request) -> PhoneSession:
    """Remember the signed-in phone's session (call right after it signed in)."""
    session = request.session
    if session.session_key is None:
        session.save()
    key = session.session_key
    row, _ = PhoneSession.objects.update_or_create(
        key_hash=secret_hash("session", key),
        defaults={
            "user": request.user,
            "session_key_encrypted": crypto.encrypt(key),
            "label": device_label(getattr(request, "device", None)),
            "last_seen_at": timezone.now(),
        },
    )
    session[SESSION_ROW] = row.pk
    session[SESSION_KEY_HASH] = row.key_hash
    return row


def _session_exists(row: PhoneSession) -> bool:
    try:
        return _store().exists(crypto.decrypt(row.session_key_encrypted))
    except crypto.DecryptionError:
        return False


def phone_sessions(user) -> list[PhoneSession]:
    """The user's phones that still hold a session (rows whose session ended are dropped)."""
    alive = []
    for row in PhoneSession.objects.filter(user=user).order_by("-created_at"):
        if _session_exists(row):
            alive.append(row)
        else:
            row.delete()
    return alive


def phone_session_end(row: PhoneSession) -> None:
    """Sign that phone out: delete its session from the store, then the row."""
    try:
        key = crypto.decrypt(row.session_key_encrypted)
    except crypto.DecryptionError:
        logger.error("phone session %s: its session id cannot be decrypted", row.pk)
    else:
        _store(key).delete(key)
    row.delete()


def phone_session_sign_out(*, user, pk: int) -> bool:
    """Sign out the user's phone ``pk``; False if there is no such phone."""
    row = PhoneSession.objects.filter(user=user, pk=pk).first()
    if row is None:
        return False
    phone_session_end(row)
    return True


def phone_sessions_end_all(user) -> int:
    """Sign out every phone of ``user`` that a hand-off signed in; how many."""
    rows = list(PhoneSession.objects.filter(user=user))
    for row in rows:
        phone_session_end(row)
    return len(rows)


def phone_session_forget(session) -> None:
    """The phone signed out by itself: drop its row."""
    pk = session.get(SESSION_ROW)
    if pk is not None:
        PhoneSession.objects.filter(pk=pk).delete()


class PhoneSessionMiddleware:
    """Record when a handed-off phone was last seen; follow its session id when it changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            self._follow(request)
        except DATABASE_AWAY as exc:
            # The page is done; this bookkeeping waits for the next request.
            logger.warning("phone session not updated: the database is away (%r)", exc)
        return response

    def _follow(self, request):
        session = getattr(request, "session", None)
        if (
            session is None
            or not getattr(request, "user", None)
            or not request.user.is_authenticated
        ):
            return
        pk = session.get(SESSION_ROW)
        if pk is None:
            return
        key = session.session_key
        if key and secret_hash("session", key) != session.get(SESSION_KEY_HASH):
            # The id changed (signed in again as the same user): the row follows it.
            new_hash = secret_hash("session", key)
            PhoneSession.objects.filter(pk=pk).update(
                key_hash=new_hash, session_key_encrypted=crypto.encrypt(key)
            )
            session[SESSION_KEY_HASH] = new_hash
        try:
            first_in_a_while = cache.add(f"phone-seen:{pk}", 1, timeout=SEEN_EVERY)
        except Exception:  # a cache failure only costs one write
            first_in_a_while = True
        if first_in_a_while:
            PhoneSession.objects.filter(pk=pk).update(last_seen_at=timezone.now())

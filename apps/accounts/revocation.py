"""Operators' measures on an account: sign a user out everywhere, cut the X link."""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.utils import timezone

from apps.xapi import errors
from apps.xapi.client import XClient

from . import crypto
from .handoff import handoff_cancel_for_user
from .models import XAccount
from .phone_sessions import phone_sessions_end_all

logger = logging.getLogger(__name__)


def _end_sessions_by_scan(user) -> int:
    """Delete the user's sessions found in the session table (the database is the truth)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    rows = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now())
    ended = 0
    for row in rows.iterator():
        data = row.get_decoded()
        if str(data.get(SESSION_KEY)) == str(user.pk) and data.get(HASH_SESSION_KEY):
            store_class(row.session_key).delete(row.session_key)
            ended += 1
    return ended


@transaction.atomic
def user_sign_out_everywhere(user) -> int:
    """End every session of ``user`` on every device; how many were deleted outright.

    Users who sign in with X have no password: giving them a new unusable one
    changes the hash every session of theirs carries, so Django drops each of
    them at its next request, wherever it is stored. A staff user with a real
    password keeps it, and their sessions are found in the session table.
    """
    handoff_cancel_for_user(user)
    ended = phone_sessions_end_all(user)
    if user.has_usable_password():
        return ended + _end_sessions_by_scan(user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return ended


def x_link_revoke(account: XAccount) -> bool:
    """Revoke the token at X (when X answers), forget it here, sign the user out.

    Returns whether X confirmed the revocation; the token is forgotten either way.
    """
    confirmed = False
    if not account.token_revoked:
        try:
            XClient(account.token, account.token_secret).invalidate_token()
            confirmed = True
        except (errors.XError, crypto.DecryptionError) as exc:
            logger.warning("X did not confirm revoking @%s: %r", account.screen_name, exc)
    account.token_encrypted = crypto.encrypt("")
    account.token_secret_encrypted = crypto.encrypt("")
    account.token_revoked = True
    account.save(update_fields=["token_encrypted", "token_secret_encrypted", "token_revoked"])
    user_sign_out_everywhere(account.user)
    return confirmed

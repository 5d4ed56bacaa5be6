"""Who is signed in, from the session: the user, their X account and preferences.

A signed-in request needs no query of its own for them. The session keeps a
copy (``IDENTITY``: the three rows' fields, the session's auth hash, and the
``IdentityStamp`` they were read under), written at the first request after
signing in and again whenever the stamp moves. The stamp changes, in the
database, with every save or delete of the user, their X account or their
preferences (``apps.accounts.signals``) and when a token is marked revoked
(``services.account_mark_revoked``, an UPDATE that sends no signal). The session
store reads the current stamp in the same query as the session's version, so:

- database up: the copy is used only when its stamp is the current one; else
  Django's own ``get_user`` reads the user (checking the session's auth hash and
  signing out a session whose user changed their password or was signed out
  everywhere), and the copy is made again. The stamp is read before the rows,
  and changed after them, so a copy can never carry a stamp newer than its data.
- database away (the store served the session from its pointer): the copy is
  used as it is, the last state this session saw; without one, the database
  error goes on to become a 503.

Staff with a usable password are always read from the database: their password
hash never goes into the session (or the cache the session lives in).
"""

from __future__ import annotations

import logging
import secrets
from functools import partial

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, router, transaction
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from yubitter.outage import DATABASE_AWAY

from .models import IdentityStamp, Preferences, XAccount
from .session_store import UNKNOWN

logger = logging.getLogger(__name__)

IDENTITY = "_yb_identity"


def identity_changed(user_id) -> None:
    """Give the user a new stamp: every session's copy of them is read again."""
    stamp = secrets.token_hex(8)
    updated = IdentityStamp.objects.filter(user_id=user_id).update(stamp=stamp)
    if not updated:
        try:
            IdentityStamp.objects.create(user_id=user_id, stamp=stamp)
        except IntegrityError:
            IdentityStamp.objects.filter(user_id=user_id).update(stamp=stamp)


def _first_stamp(user_id) -> str | None:
    """A stamp for a user who has none yet; None when a change made one meanwhile."""
    stamp = secrets.token_hex(8)
    try:
        with transaction.atomic():
            IdentityStamp.objects.create(user_id=user_id, stamp=stamp)
    except IntegrityError:
        return None
    return stamp


def _fields(obj) -> dict:
    values = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        values[field.attname] = None if value is None else field.value_to_string(obj)
    return values


def _restored(model, values: dict):
    fields = {f.attname: f for f in model._meta.concrete_fields}
    obj = model(
        **{
            name: None if value is None else fields[name].to_python(value)
            for name, value in values.items()
            if name in fields
        }
    )
    obj._state.adding = False
    obj._state.db = router.db_for_read(model)
    return obj


def identity_copy(user, stamp) -> dict | None:
    """What a session keeps of ``user`` (read from the database), or None for staff."""
    if user.has_usable_password():
        return None
    try:
        account = _fields(user.x_account)
    except XAccount.DoesNotExist:
        account = None
    try:
        prefs = _fields(user.preferences)
    except Preferences.DoesNotExist:
        prefs = None
    return {
        "stamp": stamp,
        "user": _fields(user),
        "hash": user.get_session_auth_hash(),
        "x_account": account,
        "preferences": prefs,
    }


def user_from_copy(copy: dict):
    """The user the copy describes, with their X account and preferences attached."""
    user_model = get_user_model()
    user = _restored(user_model, copy["user"])
    account = None
    if copy["x_account"] is not None:
        account = _restored(XAccount, copy["x_account"])
        XAccount._meta.get_field("user").set_cached_value(account, user)
    prefs = None
    if copy["preferences"] is not None:
        prefs = _restored(Preferences, copy["preferences"])
        Preferences._meta.get_field("user").set_cached_value(prefs, user)
    # None makes ``user.x_account`` raise DoesNotExist without asking the database.
    user_model._meta.get_field("x_account").set_cached_value(user, account)
    user_model._meta.get_field("preferences").set_cached_value(user, prefs)
    return user


def _usable_copy(session, user_id, *, any_stamp: bool):
    copy = session.get(IDENTITY)
    if not isinstance(copy, dict) or str(copy["user"].get("id")) != str(user_id):
        return None
    if not any_stamp and copy["stamp"] != getattr(session, "identity_stamp", UNKNOWN):
        return None
    if not constant_time_compare(session.get(HASH_SESSION_KEY) or "", copy["hash"]):
        return None
    user = user_from_copy(copy)
    return user if user.is_active else None


def user_from_session(request):
    """``request.user``: from the session's copy when it is current, else as Django reads it."""
    session = request.session
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
    except KeyError:
        return AnonymousUser()
    if session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    database_away = getattr(session, "database_away", False)
    user = _usable_copy(session, user_id, any_stamp=database_away)
    if user is not None:
        return user
    stamp = getattr(session, "identity_stamp", UNKNOWN)
    try:
        user = auth.get_user(request)
        copy = None
        if user.is_authenticated and stamp is not UNKNOWN:
            if stamp is None:
                # Read before the rows above: a change since then made one, or this is it.
                stamp = _first_stamp(user.pk)
                if stamp is None:
                    # Or the row does not name its user yet (saved before it could): save it.
                    session.modified = True
            copy = identity_copy(user, stamp) if stamp is not None else None
    except DATABASE_AWAY:
        # Gone between the session's query and this one: the last copy, if any.
        user = _usable_copy(session, user_id, any_stamp=True)
        if user is None:
            raise
        logger.warning("user %s read from the session's copy: the database is away", user_id)
        return user
    if copy is not None and session.get(IDENTITY) != copy:
        session[IDENTITY] = copy
    return user


def _user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = user_from_session(request)
    return request._cached_user


class SessionIdentityMiddleware(AuthenticationMiddleware):
    """Django's authentication middleware, with ``request.user`` from the session's copy."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(partial(_user, request))
        request.auser = partial(sync_to_async(_user), request)

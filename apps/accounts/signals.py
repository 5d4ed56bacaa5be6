"""What signing out means for hand-offs (the PC's pending ones end, a phone's row goes),
and what a change to a user, their X account or preferences means for the copies of them
that sessions keep (``apps.accounts.identity``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .handoff import handoff_cancel_from_session
from .identity import identity_changed
from .models import Preferences, XAccount
from .phone_sessions import phone_session_forget


@receiver(user_logged_out, dispatch_uid="accounts.handoff.signed_out")
def signed_out(sender, request, user, **kwargs):
    """Sent by ``auth.logout()`` before the session is flushed, so its id is still known."""
    session = getattr(request, "session", None)
    if session is None:
        return
    handoff_cancel_from_session(session.session_key)
    phone_session_forget(session)


def _user_of(instance):
    return instance.pk if isinstance(instance, get_user_model()) else instance.user_id


@receiver(post_save, dispatch_uid="accounts.identity.saved")
def identity_saved(sender, instance, raw=False, **kwargs):
    """A user, X account or preferences row changed: every session reads it again."""
    if raw or sender not in _identity_models():
        return
    identity_changed(_user_of(instance))


@receiver(post_delete, dispatch_uid="accounts.identity.deleted")
def identity_deleted(sender, instance, origin=None, **kwargs):
    """As for a save; a deleted user takes their stamp with them (no row to stamp)."""
    if sender not in _identity_models() or sender is get_user_model():
        return
    if isinstance(origin, get_user_model()) or getattr(origin, "model", None) is get_user_model():
        return
    identity_changed(_user_of(instance))


def _identity_models():
    return (get_user_model(), XAccount, Preferences)

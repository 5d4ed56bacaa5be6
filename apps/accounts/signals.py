"""What signing out means for hand-offs: the PC's pending ones end, a phone's row goes."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .handoff import handoff_cancel_from_session
from .phone_sessions import phone_session_forget


@receiver(user_logged_out, dispatch_uid="accounts.handoff.signed_out")
def signed_out(sender, request, user, **kwargs):
    """Sent by ``auth.logout()`` before the session is flushed, so its id is still known."""
    session = getattr(request, "session", None)
    if session is None:
        return
    handoff_cancel_from_session(session.session_key)
    phone_session_forget(session)

"""What the client does when something happens elsewhere: a user signing in with X.

The sign-in lives in apps.accounts, which knows nothing of the client (imports
point one way), so the client listens for Django's ``user_logged_in``.
"""

from django.contrib import messages
from django.utils.translation import gettext as _

from . import outbox


def send_writes_kept_for_sign_in(sender, request, user, **kwargs):
    """Send the posts and messages kept while X refused the old token, and say so."""
    if not hasattr(user, "x_account"):
        return
    sent = outbox.outbox_send_after_sign_in(user)
    if sent and request is not None:
        messages.success(request, _("What you wrote before signing in again is sent now."))

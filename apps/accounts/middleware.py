"""Account concerns on every request: the user's preferences, and a token X revoked."""

import zoneinfo

from django.conf import settings
from django.contrib import auth, messages
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.xapi import errors

from .preferences import preferences_for
from .services import account_mark_revoked


class PreferencesMiddleware:
    """Apply a signed-in user's language and time zone to the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            prefs = preferences_for(user)
            request.preferences = prefs
            try:
                timezone.activate(zoneinfo.ZoneInfo(prefs.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            if prefs.language:
                translation.activate(prefs.language)
                request.LANGUAGE_CODE = prefs.language
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class RevokedTokenMiddleware:
    """X no longer accepts the user's token: mark it, sign out, back to the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, errors.TokenRevoked):
            return None
        account = getattr(request.user, "x_account", None)
        if account is not None:
            account_mark_revoked(account)
        auth.logout(request)
        messages.error(request, _("X no longer accepts this sign-in. Please sign in again."))
        # What the user had just written (set by the view that met the refusal).
        if getattr(exception, "kept", False):
            messages.info(
                request, _("What you wrote is kept and will be sent as soon as you sign in again.")
            )
        elif getattr(exception, "unsent_text", ""):
            messages.info(
                request,
                _("Not sent; here is what you wrote: %(text)s") % {"text": exception.unsent_text},
            )
        return redirect(settings.LOGIN_URL)

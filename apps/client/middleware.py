"""Turn X API failures raised by a view into clear pages, never a 500."""

import logging
import zoneinfo

from django.contrib import auth, messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.services import account_mark_revoked
from apps.xapi import errors

from .preferences import preferences_for

logger = logging.getLogger(__name__)


class XErrorMiddleware:
    """Map the typed X errors to the 401/403/404/429/503 pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, errors.XError):
            return None
        if isinstance(exception, errors.TokenRevoked):
            account = getattr(request.user, "x_account", None)
            if account is not None:
                account_mark_revoked(account)
            auth.logout(request)
            messages.error(request, _("X no longer accepts this sign-in. Please sign in again."))
            return redirect("client:top")
        if isinstance(exception, errors.RateLimited):
            retry = exception.reset_at
            response = render(
                request, "429.html", {"reset_at": retry, "now": timezone.now()}, status=429
            )
            if retry is not None:
                seconds = max(0, int((retry - timezone.now()).total_seconds()))
                response["Retry-After"] = str(seconds)
            return response
        if isinstance(exception, errors.Unavailable):
            logger.warning("X unavailable: %r", exception)
            return render(request, "503.html", {"timed_out": exception.timed_out}, status=503)
        if isinstance(exception, errors.NotFound):
            return render(request, "404.html", status=404)
        if isinstance(exception, errors.Forbidden):
            return render(request, "403.html", {"reason": exception.reason}, status=403)
        logger.error("unexpected X error: %r", exception)
        return render(request, "503.html", {"timed_out": False}, status=503)


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

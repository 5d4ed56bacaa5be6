"""Turn X API failures, and a database that does not answer, raised by a view into clear
pages, never a 500."""

import logging

from django.shortcuts import render
from django.utils import timezone

from apps.xapi import errors, spending
from yubitter.outage import database_away

from .views.errors import database_away_page

logger = logging.getLogger(__name__)


class XErrorMiddleware:
    """Map the typed X errors to the 403/404/429/503 pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, errors.XError):
            return None
        if isinstance(exception, errors.TokenRevoked):
            return None  # apps.accounts.middleware.RevokedTokenMiddleware signs the user out
        if isinstance(exception, errors.RateLimited):
            retry = exception.reset_at
            response = render(
                request, "429.html", {"reset_at": retry, "now": timezone.now()}, status=429
            )
            if retry is not None:
                seconds = max(0, int((retry - timezone.now()).total_seconds()))
                response["Retry-After"] = str(seconds)
            return response
        if exception.no_credits:
            # No copy to show: the page says why X is not asked, not that X is down.
            return render(request, "503.html", {"no_credits": exception.no_credits}, status=503)
        if isinstance(exception, errors.Unavailable):
            logger.warning("X unavailable: %r", exception)
            return render(request, "503.html", {"timed_out": exception.timed_out}, status=503)
        if isinstance(exception, errors.NotFound):
            return render(request, "404.html", status=404)
        if isinstance(exception, errors.Forbidden):
            return render(request, "403.html", {"reason": exception.reason}, status=403)
        logger.error("unexpected X error: %r", exception)
        return render(request, "503.html", {"timed_out": False}, status=503)


class DatabaseAwayMiddleware:
    """A view that met a database that does not answer: a 503 page, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_away(exception):
            return None
        logger.warning("database away during %s %s: %r", request.method, request.path, exception)
        return database_away_page(request)


class XSpendPageMiddleware:
    """Name the page a request's calls to X are spent for (the dashboard's spending by page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        spending.spend_for(match.view_name if match is not None else request.path[:64])

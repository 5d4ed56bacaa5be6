"""Error pages: plain, small, and in the device's markup, charset and language.

They pass through the response pipeline like every other page. The 400, 500 and
database-away 503 pages are rendered without the request's context processors (no user, no
session, no database): what failed may be exactly those. A 500 page that still
cannot be rendered falls back to a fixed ASCII page every phone can read.
"""

import logging
import sys

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from apps.keitai.characters import clean_text
from apps.keitai.context_processors import device as device_context
from yubitter.outage import database_away

from ..forms import PostForm

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait when the database is away (a restart, a failover).
RETRY_AFTER = 5

_LAST_RESORT = (
    "<html><head><title>yubitter</title></head><body><p>Something went wrong on our side. "
    'Please go back and try again.</p><p><a href="/">yubitter</a></p></body></html>'
)


def _bare_page(request, template: str, response_class) -> HttpResponse:
    """``template`` with only the device's context: nothing that could fail again."""
    html = loader.get_template(template).render(device_context(request))
    return response_class(html)


def bad_request(request, exception=None):
    # Django's own needs the CSRF token, which fails before the session exists.
    return _bare_page(request, "400.html", HttpResponseBadRequest)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    if database_away(sys.exc_info()[1]):
        return database_away_page(request)
    try:
        return _bare_page(request, "500.html", HttpResponseServerError)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(_LAST_RESORT)


def database_away_page(request) -> HttpResponse:
    """503: the database does not answer and this page needs it; typed text shown back.

    Rendered like the 500 page (nothing that could fail again). Reached from
    ``server_error`` for a failure anywhere (a middleware reading the session
    included) and from ``DatabaseAwayMiddleware`` for one in a view.
    """
    try:
        text = clean_text(request.POST.get("text", "")) if request.method == "POST" else ""
    except Exception:  # noqa: BLE001 - unreadable input: the page without it
        text = ""
    try:
        html = loader.get_template("503_database.html").render(
            {**device_context(request), "text": text}
        )
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("the 503 page could not be rendered")
        html = _LAST_RESORT
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def csrf_failure(request, reason=""):
    """A form sent with an expired or missing token: say so, and give the text back.

    Happens when the session ended (signed out elsewhere, a phone that lost its
    session id) between showing a form and sending it. A post or message typed
    into it is shown again in a fresh form, to be sent with one more press.
    """
    text = clean_text(request.POST.get("text", "")) if request.method == "POST" else ""
    form = PostForm(
        initial={
            "text": text,
            "in_reply_to": request.POST.get("in_reply_to", ""),
            "quote_of": request.POST.get("quote_of", ""),
        }
    )
    return render(
        request,
        "403_csrf.html",
        {"form": form, "text": text, "action": request.path},
        status=403,
    )

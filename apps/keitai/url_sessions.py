"""Sessions for phones without cookies: the session id travels in the URL.

i-mode browser 1.0 (and au over HTTPS, EMOBILE) keeps no cookies, so the
session id goes into every same-site link and form action as a query
parameter (``KEITAI_SESSION_PARAM``, "sid" by default), like jpmobile's
trans_sid. It is read back only for those devices: a browser with cookies never
has its session taken from a URL. The rules from DESIGN.md apply: the id
changes at sign-in (Django's ``login()`` cycles the key and the pipeline writes
the new one), it never goes to another host, and every page is sent with
``Referrer-Policy: no-referrer``.

A session remembers how it was made (``origin``): an id from a URL is honoured
only for a session made for URLs, and a cookie only for one made for a cookie,
so an id a PC got as a cookie signs nobody in from a cookie-less phone, and a
URL id copied into a cookie does nothing. Where the carrier's gateway sends
the phone's subscriber ID (``subscriber.trusted_subscriber_id``), the URL
session is bound to a keyed hash of it: a leaked id is useless on another phone
or off the carrier's network. The session store enforces both
(``apps.accounts.session_store``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.crypto import salted_hmac

from .links import add_params
from .subscriber import trusted_subscriber_id

__all__ = ["KeitaiSessionMiddleware", "link_params", "session_param", "site_url"]

GUID_PARAM = ("guid", "ON")
ORIGIN_COOKIE = "cookie"
ORIGIN_URL = "url"
_BINDING_SALT = "yubitter.keitai.url_sessions.binding"


def session_param() -> str:
    """The query parameter name that carries the session id."""
    return getattr(settings, "KEITAI_SESSION_PARAM", "sid")


def _device(request):
    return getattr(request, "device", None)


def link_params(request, *, session_key: str | None = None) -> list[tuple[str, str]]:
    """The parameters every same-site URL needs for this request's device.

    ``session_key`` defaults to the request's current key; a view that needs a
    URL before the session was ever saved should call ``site_url`` instead.
    """
    device = _device(request)
    if device is None:
        return []
    params = []
    if device.needs_session_in_url:
        if session_key is None:
            session = getattr(request, "session", None)
            session_key = session.session_key if session is not None else None
        if session_key:
            params.append((session_param(), session_key))
    if device.needs_guid:
        params.append(GUID_PARAM)
    return params


def site_url(request, url: str) -> str:
    """``url`` (on this site) with the session id and ``guid=ON`` the device needs.

    For URLs handed to someone else that lead back here, such as the OAuth
    callback given to X: the session is saved first so that the id exists.
    """
    device = _device(request)
    if device is not None and device.needs_session_in_url:
        session = request.session
        if session.session_key is None:
            session.save()
    return add_params(url, link_params(request))


def subscriber_binding(request) -> str:
    """A keyed hash of the phone's trusted subscriber ID, or "" when there is none."""
    subscriber = trusted_subscriber_id(request)
    if subscriber is None:
        return ""
    value = f"{subscriber.carrier}:{subscriber.value}"
    return salted_hmac(_BINDING_SALT, value, algorithm="sha256").hexdigest()


class KeitaiSessionMiddleware(SessionMiddleware):
    """Django's session middleware, falling back to the URL for cookie-less devices."""

    def process_request(self, request):
        device = _device(request)
        if device is not None and device.needs_session_in_url:
            # The device cannot keep cookies: a cookie sent anyway is not ours.
            request.session = self.SessionStore(
                request.GET.get(session_param()) or None,
                origin=ORIGIN_URL,
                subscriber=subscriber_binding(request),
            )
        else:
            request.session = self.SessionStore(
                request.COOKIES.get(settings.SESSION_COOKIE_NAME), origin=ORIGIN_COOKIE
            )

    def process_response(self, request, response):
        response = super().process_response(request, response)
        device = _device(request)
        if device is not None and device.needs_session_in_url:
            # The id is in the URLs; a Set-Cookie would only be dropped or,
            # worse, kept by a gateway and shared.
            response.cookies.pop(settings.SESSION_COOKIE_NAME, None)
        return response

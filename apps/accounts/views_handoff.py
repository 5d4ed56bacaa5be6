"""Hand-off pages: the PC shows a QR code and a code; the phone opens or types it."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.keitai.links import add_params
from apps.keitai.subscriber import client_address, trusted_subscriber_id
from apps.keitai.url_sessions import link_params

from . import easy_login as easy
from . import handoff, phone_sessions, qr

# The PC's own session remembers the secrets of the hand-off it shows, for the
# QR image; they go when it is used, expires or is replaced.
_SHOWN = "handoff_shown"
_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _shown(request):
    """The hand-off this PC shows and its secrets, or (None, None) if none is usable."""
    shown = request.session.get(_SHOWN)
    if not shown:
        return None, None
    pending = handoff.handoff_pending(shown["id"])
    if pending is None or pending.user_id != request.user.pk:
        request.session.pop(_SHOWN, None)
        return None, None
    return pending, shown


def handoff_link_url(request, link_token: str) -> str:
    """The absolute one-time link; ``guid=ON`` so a docomo phone sends its ID."""
    url = request.build_absolute_uri(reverse("accounts:handoff_link", args=[link_token]))
    return add_params(url, [("guid", "ON")])


@login_required
@require_http_methods(["GET", "POST"])
def handoff_page(request):
    """Use yubitter on your phone: a QR code and a typed code, and the phones signed in."""
    if request.method == "POST":
        started = handoff.handoff_start(
            user=request.user, origin_session_key=request.session.session_key or ""
        )
        request.session[_SHOWN] = {
            "id": started.handoff.pk,
            "link": started.link_token,
            "code": started.code,
        }
        return redirect("accounts:handoff")
    pending, shown = _shown(request)
    context = {"pending": pending, "phones": phone_sessions.phone_sessions(request.user)}
    if pending is not None:
        code = shown["code"]
        context.update(
            {
                "link": handoff_link_url(request, shown["link"]),
                "code": " ".join(code[i : i + 4] for i in range(0, len(code), 4)),
                "minutes": max(
                    1, math.ceil((pending.expires_at - timezone.now()).total_seconds() / 60)
                ),
                "qr_url": add_params(
                    reverse("accounts:handoff_qr"), [*link_params(request), ("h", pending.pk)]
                ),
            }
        )
    return render(request, "accounts/handoff.html", context)


@login_required
def handoff_qr(request):
    """The QR code of the link this PC shows, as PNG (GIF for phones without PNG)."""
    pending, shown = _shown(request)
    if pending is None:
        raise Http404
    body, content_type = qr.qr_image(
        handoff_link_url(request, shown["link"]), device=getattr(request, "device", None)
    )
    response = HttpResponse(body, content_type=content_type)
    remaining = max(0, int((pending.expires_at - timezone.now()).total_seconds()))
    response["Cache-Control"] = f"private, max-age={remaining}"
    return response


@require_POST
@login_required
def phone_sign_out(request, pk):
    """Sign out one of the user's phones."""
    if phone_sessions.phone_session_sign_out(user=request.user, pk=pk):
        messages.info(request, _("That phone is signed out."))
    return redirect("accounts:handoff")


@require_http_methods(["GET", "POST"])
def handoff_link(request, token):
    """The phone opened the QR link: confirm, then sign in with its own new session."""
    if request.method == "GET":
        pending = handoff.handoff_for_link(token)
        if pending is None:
            return _gone(request)
        account = getattr(pending.user, "x_account", None)
        return render(request, "accounts/handoff_confirm.html", {"x_account": account})
    try:
        used = handoff.handoff_redeem_link(token)
    except handoff.HandOffRefused:
        return _gone(request)
    return _signed_in(request, used)


@require_http_methods(["GET", "POST"])
def handoff_code(request):
    """The phone types the code the PC shows."""
    if request.method == "GET":
        return render(request, "accounts/handoff_code.html", {})
    try:
        used = handoff.handoff_redeem_code(request.POST.get("code", ""), client=_client(request))
    except handoff.TooManyAttempts:
        error = _("Too many codes were tried. Please wait a few minutes, or scan the QR code.")
        return render(request, "accounts/handoff_code.html", {"error": error}, status=429)
    except handoff.HandOffRefused:
        error = _("That code is wrong or has expired. Check it on your PC, or start again there.")
        return render(request, "accounts/handoff_code.html", {"error": error}, status=400)
    return _signed_in(request, used)


def _client(request) -> str:
    """Who is trying codes: the phone's subscriber ID when believable, else its address.

    Carrier gateways put thousands of phones behind one address, so the ID,
    where there is one, keeps one phone's mistakes from locking out the others.
    """
    subscriber = trusted_subscriber_id(request)
    if subscriber is not None:
        return f"{subscriber.carrier}:{subscriber.value}"
    return f"addr:{client_address(request) or 'unknown'}"


def _gone(request):
    return render(request, "accounts/handoff_gone.html", {}, status=410)


def _signed_in(request, used):
    user = used.user
    if not user.is_active or not hasattr(user, "x_account"):
        return _gone(request)
    # login() gives this phone a new session id of its own; the PC's is never seen here.
    auth.login(request, user, backend=_BACKEND)
    phone_sessions.phone_session_record(request)
    subscriber = trusted_subscriber_id(request)
    if subscriber is not None and not easy.is_bound(
        user=user, carrier=subscriber.carrier, subscriber_id=subscriber.value
    ):
        messages.success(
            request, _("You are signed in. Turn on easy login to sign in with one click next time.")
        )
        return redirect("accounts:account")
    return redirect(settings.LOGIN_REDIRECT_URL)


def site_qr(request):
    """The QR code of the site's address, for the PC top page (signup from a phone)."""
    body, content_type = qr.qr_image(request.build_absolute_uri("/"), fmt="png")
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response

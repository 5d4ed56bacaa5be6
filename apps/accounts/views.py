"""Sign in with X (three-legged and PIN), sign out."""

import logging

from django import forms
from django.contrib import auth, messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.xapi import errors
from apps.xapi.client import XClient

from .services import account_link

logger = logging.getLogger(__name__)

_REQUEST_TOKEN = "oauth_request_token"


class PinForm(forms.Form):
    pin = forms.RegexField(
        regex=r"^\s*\d{4,10}\s*$",
        label=gettext_lazy("PIN"),
        error_messages={"invalid": gettext_lazy("Enter the digits X showed you.")},
    )


def login_start(request):
    """Ask X for a request token and send the phone to X's sign-in page."""
    callback = request.build_absolute_uri(reverse("accounts:callback"))
    try:
        request_token = XClient().fetch_request_token(callback)
    except errors.XError as exc:
        return _sign_in_failed(request, exc)
    request.session[_REQUEST_TOKEN] = [request_token.token, request_token.secret]
    return redirect(XClient().authorize_url(request_token.token, authenticate=True))


def login_callback(request):
    """Finish the three-legged flow: X sends the phone back here."""
    if "denied" in request.GET:
        request.session.pop(_REQUEST_TOKEN, None)
        messages.info(request, _("Sign-in was cancelled on X. Nothing was linked."))
        return redirect("client:top")
    stored = request.session.pop(_REQUEST_TOKEN, None)
    token = request.GET.get("oauth_token", "")
    verifier = request.GET.get("oauth_verifier", "")
    if not stored or stored[0] != token or not verifier:
        messages.error(request, _("That sign-in link has expired. Please sign in again."))
        return redirect("client:top")
    return _finish(request, stored, verifier)


def login_pin(request):
    """PIN sign-in: approve on any device, type the PIN here."""
    if request.method == "POST":
        form = PinForm(request.POST)
        stored = request.session.get(_REQUEST_TOKEN)
        if form.is_valid() and stored:
            request.session.pop(_REQUEST_TOKEN, None)
            return _finish(request, stored, form.cleaned_data["pin"].strip())
        if not stored:
            messages.error(request, _("That PIN request has expired. Please start again."))
            return redirect("accounts:pin")
        authorize_url = request.session.get("oauth_pin_url", "")
        return render(request, "accounts/pin.html", {"form": form, "authorize_url": authorize_url})
    try:
        request_token = XClient().fetch_request_token("oob")
    except errors.XError as exc:
        return _sign_in_failed(request, exc)
    request.session[_REQUEST_TOKEN] = [request_token.token, request_token.secret]
    authorize_url = XClient().authorize_url(request_token.token, authenticate=False)
    request.session["oauth_pin_url"] = authorize_url
    return render(request, "accounts/pin.html", {"form": PinForm(), "authorize_url": authorize_url})


@require_POST
def logout(request):
    """Sign out: the session is deleted everywhere and its id is never reused."""
    auth.logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("client:top")


def _finish(request, stored, verifier):
    try:
        access_token = XClient().fetch_access_token(stored[0], stored[1], verifier)
    except errors.OAuthFailed:
        messages.error(request, _("X did not accept that sign-in. Please try again."))
        return redirect("client:top")
    except errors.XError as exc:
        return _sign_in_failed(request, exc)
    account = account_link(access_token=access_token)
    # login() gives the session a new key, so an id seen before sign-in is worthless.
    auth.login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("client:home")


def _sign_in_failed(request, exc):
    logger.warning("sign-in with X failed: %r", exc)
    messages.error(request, _("X could not be reached to sign you in. Please try again later."))
    return redirect("client:top")

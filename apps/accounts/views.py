"""Sign in with X (three-legged and PIN), easy login with the phone's ID, sign out."""

import logging
import unicodedata

from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.keitai.subscriber import trusted_subscriber_id
from apps.keitai.url_sessions import site_url
from apps.xapi import errors

from . import easy_login as easy
from .services import sign_in_finish, sign_in_start, sign_in_start_pin

logger = logging.getLogger(__name__)

_REQUEST_TOKEN = "oauth_request_token"


class PinForm(forms.Form):
    pin = forms.RegexField(
        regex=r"^\s*[0-9０-９]{4,10}\s*$",
        label=gettext_lazy("PIN"),
        error_messages={"invalid": gettext_lazy("Enter the digits X showed you.")},
    )

    def clean_pin(self):
        # Phones often type fullwidth digits (０-９); X wants ASCII ones.
        return unicodedata.normalize("NFKC", self.cleaned_data["pin"]).strip()


def login_start(request):
    """Ask X for a request token and send the phone to X's sign-in page."""
    # A cookie-less phone comes back from X with its session id in this URL.
    callback = site_url(request, request.build_absolute_uri(reverse("accounts:callback")))
    try:
        started = sign_in_start(callback=callback)
    except errors.XError as exc:
        return _sign_in_failed(request, exc)
    request.session[_REQUEST_TOKEN] = [started.token, started.secret]
    return redirect(started.authorize_url)


def login_callback(request):
    """Finish the three-legged flow: X sends the phone back here."""
    if "denied" in request.GET:
        request.session.pop(_REQUEST_TOKEN, None)
        messages.info(request, _("Sign-in was cancelled on X. Nothing was linked."))
        return redirect(settings.LOGIN_URL)
    stored = request.session.pop(_REQUEST_TOKEN, None)
    token = request.GET.get("oauth_token", "")
    verifier = request.GET.get("oauth_verifier", "")
    if not stored or stored[0] != token or not verifier:
        messages.error(request, _("That sign-in link has expired. Please sign in again."))
        return redirect(settings.LOGIN_URL)
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
        started = sign_in_start_pin()
    except errors.XError as exc:
        return _sign_in_failed(request, exc)
    request.session[_REQUEST_TOKEN] = [started.token, started.secret]
    request.session["oauth_pin_url"] = started.authorize_url
    return render(
        request, "accounts/pin.html", {"form": PinForm(), "authorize_url": started.authorize_url}
    )


@require_POST
def logout(request):
    """Sign out: the session is deleted everywhere and its id is never reused."""
    auth.logout(request)
    messages.info(request, _("You are signed out."))
    return redirect(settings.LOGIN_URL)


@login_required
def account(request):
    """The account page: who is signed in, and easy login for this phone."""
    subscriber = trusted_subscriber_id(request)
    bound = subscriber is not None and easy.is_bound(
        user=request.user, carrier=subscriber.carrier, subscriber_id=subscriber.value
    )
    return render(
        request,
        "accounts/account.html",
        {
            "x_account": getattr(request.user, "x_account", None),
            "subscriber": subscriber,
            "bound": bound,
            "binding_count": request.user.subscriber_bindings.count(),
        },
    )


@require_POST
@login_required
def easy_login_bind(request):
    """Bind this phone's subscriber ID to the signed-in user."""
    subscriber = trusted_subscriber_id(request)
    if subscriber is None:
        messages.error(request, _("This phone did not send an ID that can be trusted."))
    else:
        easy.subscriber_bind(
            user=request.user, carrier=subscriber.carrier, subscriber_id=subscriber.value
        )
        messages.success(request, _("Easy login is on for this phone."))
    return redirect("accounts:account")


@require_POST
@login_required
def easy_login_unbind(request):
    """Forget every phone bound to the signed-in user."""
    easy.subscriber_unbind(user=request.user)
    messages.info(request, _("Easy login is off."))
    return redirect("accounts:account")


@require_POST
def easy_login(request):
    """One-click sign-in with the phone's subscriber ID, if it is bound."""
    subscriber = trusted_subscriber_id(request)
    user = None
    if subscriber is not None:
        user = easy.subscriber_user(carrier=subscriber.carrier, subscriber_id=subscriber.value)
    if user is None or not hasattr(user, "x_account"):
        messages.error(
            request, _("Easy login is not set up for this phone. Please sign in with X.")
        )
        return redirect(settings.LOGIN_URL)
    # login() gives the session a new key, as for the sign-in with X.
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(settings.LOGIN_REDIRECT_URL)


def _finish(request, stored, verifier):
    try:
        account = sign_in_finish(token=stored[0], secret=stored[1], verifier=verifier)
    except errors.OAuthFailed:
        messages.error(request, _("X did not accept that sign-in. Please try again."))
        return redirect(settings.LOGIN_URL)
    except errors.XError as exc:
        return _sign_in_failed(request, exc)
    # login() gives the session a new key, so an id seen before sign-in is worthless.
    auth.login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(settings.LOGIN_REDIRECT_URL)


def _sign_in_failed(request, exc):
    logger.warning("sign-in with X failed: %r", exc)
    if isinstance(exc, errors.CallbackRefused):
        messages.error(
            request,
            _("X refused this site's callback address; the operator must add it to the app."),
        )
        return redirect(settings.LOGIN_URL)
    messages.error(request, _("X could not be reached to sign you in. Please try again later."))
    return redirect(settings.LOGIN_URL)

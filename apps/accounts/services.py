"""Account services: signing in with X (callback and PIN flows), linking the X account
to a local user, and remembering a token X revoked."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.xapi.client import XClient
from apps.xapi.credentials import AccessToken

from .identity import identity_changed
from .models import XAccount


@transaction.atomic
def account_link(*, access_token: AccessToken, name: str = "") -> XAccount:
    """Create or refresh the local user and X account for an access token."""
    account = (
        XAccount.objects.select_for_update()
        .select_related("user")
        .filter(x_user_id=access_token.user_id)
        .first()
    )
    if account is None:
        user = get_user_model().objects.create_user(username=f"x{access_token.user_id}")
        user.set_unusable_password()
        user.save(update_fields=["password"])
        account = XAccount(user=user, x_user_id=access_token.user_id)
    account.screen_name = access_token.screen_name
    if name:
        account.name = name
    account.set_token(access_token.token, access_token.secret)
    account.save()
    return account


def account_mark_revoked(account: XAccount) -> None:
    """Remember that X no longer accepts this account's token."""
    XAccount.objects.filter(pk=account.pk).update(token_revoked=True)
    identity_changed(account.user_id)  # an UPDATE sends no signal


@dataclass(frozen=True, slots=True)
class SignInStarted:
    """A request token from X and the page where the person approves it."""

    token: str
    secret: str
    authorize_url: str


def sign_in_start(*, callback: str) -> SignInStarted:
    """Start the three-legged flow: X sends the phone back to ``callback``."""
    return _start(callback, authenticate=True)


def sign_in_start_pin() -> SignInStarted:
    """Start the PIN flow: approve on any device, X shows a PIN to type here."""
    return _start("oob", authenticate=False)


def _start(callback: str, *, authenticate: bool) -> SignInStarted:
    client = XClient()
    request_token = client.fetch_request_token(callback)
    return SignInStarted(
        request_token.token,
        request_token.secret,
        client.authorize_url(request_token.token, authenticate=authenticate),
    )


def sign_in_finish(*, token: str, secret: str, verifier: str) -> XAccount:
    """Trade the approved request token and its verifier (or PIN) for the linked account.

    Raises `errors.OAuthFailed` when X does not accept the verifier.
    """
    access_token = XClient().fetch_access_token(token, secret, verifier)
    return account_link(access_token=access_token)

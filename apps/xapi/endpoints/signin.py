"""The OAuth 1.0a sign-in steps (xapi.md §1): request token, approval, access token."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from .. import errors
from ..credentials import AccessToken, RequestToken
from ..transport import Transport


class SignInCalls(Transport):
    """The three steps of "Sign in with X" and revoking a token."""

    def fetch_request_token(self, callback: str) -> RequestToken:
        """Step 1: a request token for `callback` (a URL, or "oob" for the PIN flow)."""
        values = self._form("/oauth/request_token", self._auth(callback=callback))
        if not values.get("oauth_token") or not values.get("oauth_token_secret"):
            raise errors.OAuthFailed(200, "X sent no request token")
        confirmed = values.get("oauth_callback_confirmed") == "true"
        if not confirmed:
            # OAuth 1.0a: an unconfirmed callback means X did not take ours.
            raise errors.OAuthFailed(200, "X did not confirm the callback URL")
        return RequestToken(values["oauth_token"], values["oauth_token_secret"], confirmed)

    def authorize_url(
        self,
        request_token: RequestToken | str,
        *,
        authenticate: bool = True,
        force_login: bool = False,
    ) -> str:
        """Step 2: where to send the user to approve (authenticate = "Sign in with X")."""
        token = request_token.token if isinstance(request_token, RequestToken) else request_token
        query = {"oauth_token": token}
        if force_login:
            query["force_login"] = "true"
        page = "authenticate" if authenticate else "authorize"
        return f"{settings.X_AUTHORIZE_BASE_URL.rstrip('/')}/oauth/{page}?{urlencode(query)}"

    def fetch_access_token(
        self, request_token: str, request_secret: str, verifier: str
    ) -> AccessToken:
        """Step 3: trade the approved request token and verifier (or PIN) for an access token."""
        auth = self._auth(token=request_token, secret=request_secret, verifier=verifier)
        values = self._form("/oauth/access_token", auth)
        try:
            return AccessToken(
                token=values["oauth_token"],
                secret=values["oauth_token_secret"],
                user_id=values["user_id"],
                screen_name=values.get("screen_name", ""),
            )
        except KeyError as exc:
            raise errors.OAuthFailed(200, f"X sent no {exc.args[0]}") from exc

    def invalidate_token(self) -> None:
        """Revoke this client's access token at X (sign-out everywhere)."""
        self._send("POST", "/1.1/oauth/invalidate_token")

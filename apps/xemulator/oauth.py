"""OAuth 1.0a as X runs it, on oauthlib's server endpoints, answering with X's error bodies.

X behaviour: HMAC-SHA1 only; tokens contain '-' and are longer than oauthlib's
defaults allow; nonces may be 42 characters; a PIN (oob) verifier has 7 digits;
JSON and multipart bodies are not signed, form bodies are.
"""

import secrets
import string
from urllib.parse import parse_qsl, unquote

from django.http import HttpRequest, HttpResponse
from oauthlib.common import add_params_to_uri
from oauthlib.oauth1 import (
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
)
from oauthlib.oauth1.rfc5849.utils import parse_authorization_header

from . import problems
from .records import AccessToken
from .state import EmulatorState

_ALNUM = string.ascii_letters + string.digits
_DUMMY_SECRET = "dummy-secret-used-to-keep-timing-constant"

INVALID_VERIFIER = "Error processing your OAuth request: Invalid oauth_verifier parameter"
INVALID_REQUEST_TOKEN = "Invalid request token."
REQUEST_TOKEN_MISSING = "Request token missing"


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


def pin() -> str:
    """A 7-digit PIN, X's verifier for the oob flow."""
    return f"{secrets.randbelow(10**7):07d}"


def acceptable_callback(callback: str, allowed: list[str] | None = None) -> bool:
    """``oob``, or an http(s) URL on the app's allow-list (any, when there is none)."""
    if callback == "oob":
        return True
    if not callback.startswith(("http://", "https://")):
        return False
    return allowed is None or any(callback.startswith(url) for url in allowed)


class EmulatorValidator(RequestValidator):
    """oauthlib's questions answered from an EmulatorState; one instance per request.

    ``failures`` collects what failed, so the caller can pick X's error body.
    """

    safe_characters = set(_ALNUM + "-")
    client_key_length = (20, 80)
    request_token_length = (20, 80)
    access_token_length = (20, 80)
    nonce_length = (8, 64)
    verifier_length = (6, 64)
    enforce_ssl = False
    allowed_signature_methods = ("HMAC-SHA1",)
    dummy_client = "dummy-consumer-key-000000000000"
    dummy_request_token = "dummy-request-token-00000000000"
    dummy_access_token = "0-dummy-access-token-0000000000"

    def __init__(self, state: EmulatorState, user_id: str | None = None):
        super().__init__()
        self.state = state
        self.user_id = user_id
        self.failures: set[str] = set()

    @property
    def timestamp_lifetime(self):
        return self.state.timestamp_lifetime

    def _fail(self, what: str) -> bool:
        self.failures.add(what)
        return False

    # --- secrets -----------------------------------------------------------------
    def get_client_secret(self, client_key, request):
        consumer = self.state.consumer(client_key)
        return consumer.secret if consumer else _DUMMY_SECRET

    def get_request_token_secret(self, client_key, token, request):
        record = self.state.request_tokens.get(token)
        return record.secret if record else _DUMMY_SECRET

    def get_access_token_secret(self, client_key, token, request):
        record = self.state.access_tokens.get(token)
        return record.secret if record else _DUMMY_SECRET

    # --- realms (X has none) -------------------------------------------------------
    def get_default_realms(self, client_key, request):
        return []

    def get_realms(self, token, request):
        return []

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def verify_realms(self, token, realms, request):
        return True

    # --- checks --------------------------------------------------------------------
    def validate_client_key(self, client_key, request):
        return self.state.consumer(client_key) is not None or self._fail("client")

    def validate_timestamp_and_nonce(
        self, client_key, timestamp, nonce, request, request_token=None, access_token=None
    ):
        key = (client_key, timestamp, nonce, request_token or access_token or "")
        return self.state.use_nonce(key, int(timestamp)) or self._fail("nonce")

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        allowed = self.state.allowed_callbacks
        return acceptable_callback(redirect_uri, allowed) or self._fail("callback")

    def validate_request_token(self, client_key, token, request):
        record = self.state.request_token(token)
        ok = record is not None and record.consumer_key == client_key
        return ok or self._fail("request_token")

    def verify_request_token(self, token, request):
        return self.state.request_token(token) is not None or self._fail("request_token")

    def validate_verifier(self, client_key, token, verifier, request):
        record = self.state.request_token(token)
        ok = (
            record is not None
            and record.verifier is not None
            and record.user_id is not None
            and secrets.compare_digest(record.verifier, verifier)
        )
        return ok or self._fail("verifier")

    def validate_access_token(self, client_key, token, request):
        record = self.state.access_token(token)
        ok = record is not None and record.consumer_key == client_key
        return ok or self._fail("access_token")

    def get_redirect_uri(self, token, request):
        return self.state.request_tokens[token].callback

    # --- storage -------------------------------------------------------------------
    def save_request_token(self, token, request):
        self.state.save_request_token(
            token["oauth_token"],
            token["oauth_token_secret"],
            request.client_key,
            request.redirect_uri,
        )

    def save_verifier(self, token, verifier, request):
        self.state.authorize_request_token(token, verifier["oauth_verifier"], self.user_id)

    def invalidate_request_token(self, client_key, request_token, request):
        self.state.use_request_token(request_token)

    def save_access_token(self, token, request):
        record = self.state.request_tokens[request.resource_owner_key]
        self.state.save_access_token(
            AccessToken(
                token["oauth_token"],
                token["oauth_token_secret"],
                request.client_key,
                record.user_id,
            )
        )


def _signed_parts(request: HttpRequest) -> tuple[str, str, str, dict[str, str]]:
    """What the client signed: the absolute URL, method, form body only, headers."""
    headers = {}
    if "HTTP_AUTHORIZATION" in request.META:
        headers["Authorization"] = request.META["HTTP_AUTHORIZATION"]
    content_type = request.META.get("CONTENT_TYPE", "")
    body = ""
    if content_type:
        headers["Content-Type"] = content_type
        if content_type.startswith("application/x-www-form-urlencoded"):
            body = request.body.decode("utf-8", "replace")
    return request.build_absolute_uri(), request.method, body, headers


def _header_params(request: HttpRequest) -> dict[str, str]:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.lower().startswith("oauth "):
        return {}
    try:
        return {k: unquote(v) for k, v in parse_authorization_header(header)}
    except ValueError:
        return {}


def authenticate(request: HttpRequest, state: EmulatorState) -> AccessToken | None:
    """The access token a signed request carries, if signature, token and nonce are good."""
    validator = EmulatorValidator(state)
    uri, method, body, headers = _signed_parts(request)
    valid, signed = ResourceEndpoint(validator).validate_protected_resource_request(
        uri, method, body, headers
    )
    if not valid or signed is None:
        return None
    return state.access_token(signed.resource_owner_key)


def request_token_response(request: HttpRequest, state: EmulatorState) -> HttpResponse:
    """POST /oauth/request_token."""
    callback = _header_params(request).get("oauth_callback") or request.GET.get("oauth_callback")
    if callback and not acceptable_callback(callback, state.allowed_callbacks):
        return problems.v1_errors_response(
            403,
            415,
            "Callback URL not approved for this client application. Approved callback URLs "
            "can be adjusted in your application settings",
        )
    endpoint = RequestTokenEndpoint(EmulatorValidator(state))
    headers, body, status = endpoint.create_request_token_response(*_signed_parts(request))
    if status != 200:
        return problems.could_not_authenticate()
    return HttpResponse(body, content_type="text/html; charset=utf-8")


def approve(request: HttpRequest, state: EmulatorState, token: str, user_id: str):
    """Issue the verifier for an approved request token.

    Returns ``(redirect_url, None)`` for a callback, or ``(None, pin)`` for oob.
    """
    record = state.request_token(token)
    generator = pin if record and record.callback == "oob" else (lambda: _random(32))
    endpoint = AuthorizationEndpoint(EmulatorValidator(state, user_id), token_generator=generator)
    uri = add_params_to_uri(request.build_absolute_uri(request.path), [("oauth_token", token)])
    headers, body, status = endpoint.create_authorization_response(uri, "GET")
    if status == 302:
        return headers["Location"], None
    return None, dict(parse_qsl(body))["oauth_verifier"]


def deny_redirect(state: EmulatorState, token: str) -> str | None:
    """Spend a denied request token; where X sends the user (None for oob)."""
    record = state.request_token(token)
    state.use_request_token(token)
    if record is None or record.callback == "oob":
        return None
    return add_params_to_uri(record.callback, [("denied", token)])


def access_token_response(request: HttpRequest, state: EmulatorState) -> HttpResponse:
    """POST /oauth/access_token: the user's token as ``<user_id>-<40 alnum>``."""
    record = state.request_token(_header_params(request).get("oauth_token", ""))
    user = state.user(record.user_id) if record and record.user_id else None
    calls = iter([f"{user.id if user else 0}-{_random(40)}", _random(45)])
    validator = EmulatorValidator(state)
    endpoint = AccessTokenEndpoint(validator, token_generator=lambda: next(calls))
    credentials = {"user_id": user.id, "screen_name": user.username} if user else {}
    headers, body, status = endpoint.create_access_token_response(
        *_signed_parts(request), credentials=credentials
    )
    if status == 200:
        return HttpResponse(body, content_type="text/html; charset=utf-8")
    detail = dict(parse_qsl(body or "")).get("error_description", "")
    if "request_token" in validator.failures or "resource owner" in detail.lower():
        text = REQUEST_TOKEN_MISSING if "Missing" in detail else INVALID_REQUEST_TOKEN
        return problems.oauth_text_response(401, text)
    if "verifier" in validator.failures or "verifier" in detail.lower():
        return problems.oauth_text_response(401, INVALID_VERIFIER)
    return problems.could_not_authenticate()


def invalidate_token_response(request: HttpRequest, state: EmulatorState) -> HttpResponse:
    """POST /1.1/oauth/invalidate_token: revoke the token the request is signed with."""
    token = authenticate(request, state)
    if token is None:
        return problems.v1_errors_response(401, 89, "Invalid or expired token.")
    state.revoke_access_token(token.token)
    # X's docs show the placeholder {"access_token":"ACCESS_TOKEN"}: the revoked token.
    return problems.json_response({"access_token": token.token})

"""What every v2 endpoint shares: OAuth check, rate limit, X's headers and error envelopes."""

import json
import secrets
from functools import wraps

from django.http import HttpRequest, HttpResponse

from . import oauth
from .problems import (
    InvalidRequest,
    credits_depleted_response,
    invalid_request_response,
    problem_response,
)
from .ratelimits import ENDPOINTS
from .text import has_link

API_VERSION = "2.166"
ACCESS_LEVEL = "read-write-directmessages"


def add_x_headers(response: HttpResponse) -> HttpResponse:
    """Headers X puts on every v2 response."""
    response["api-version"] = API_VERSION
    response["x-access-level"] = ACCESS_LEVEL
    response["x-transaction-id"] = secrets.token_hex(8)
    response["cache-control"] = "no-cache, no-store, max-age=0"
    return response


def endpoint(name: str):
    """Wrap a view as the v2 endpoint ``name`` (a key of ``ratelimits.ENDPOINTS``).

    The view is called as ``view(request, state, token, **kwargs)`` and may raise
    InvalidRequest for X's 400 envelope. On pay-per-use access a spent balance
    answers 402 before the view runs, and a successful answer is charged.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            state = request.emulator_state
            token = oauth.authenticate(request, state)
            if token is None:
                return add_x_headers(problem_response(401))
            if state.credits_spent():
                return add_x_headers(credits_depleted_response())
            window = state.hit_rate_limit(token.token, name, request.path)
            if window.exceeded:
                response = problem_response(429)
            else:
                try:
                    response = view(request, state, token, **kwargs)
                except InvalidRequest as error:
                    response = invalid_request_response(error)
                if 200 <= response.status_code < 300:
                    _charge(request, state, name, response)
            for header, value in window.headers().items():
                response[header] = value
            return add_x_headers(response)

        wrapper.x_endpoint = name
        return wrapper

    return decorator


def _json_of(content: bytes) -> dict:
    try:
        value = json.loads(content or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _charge(request: HttpRequest, state, name: str, response: HttpResponse) -> None:
    """Charge a served call to the app's credits (pay-per-use access only)."""
    if not state.self_serve:
        return
    is_json = request.content_type == "application/json"
    payload = _json_of(request.body) if is_json else {}
    route = f"{request.method} {ENDPOINTS[name][1]}"
    state.charge(name, route, payload, _json_of(response.content), has_link)


def by_method(**views):
    """One URL, several endpoints told apart by HTTP method (GET=..., POST=...)."""

    def dispatch(request: HttpRequest, **kwargs) -> HttpResponse:
        view = views.get(request.method)
        if view is None:
            return add_x_headers(problem_response(404, "Sorry, that page does not exist."))
        return view(request, **kwargs)

    dispatch.x_endpoints = {
        method: view.x_endpoint for method, view in views.items() if hasattr(view, "x_endpoint")
    }
    return dispatch

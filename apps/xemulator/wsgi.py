"""The emulator as a WSGI app of its own: no gateway middleware, X-shaped failures."""

import logging
import re
import time

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.urls import Resolver404, ResolverMatch, resolve

from .faults import HANG_SECONDS
from .problems import json_response, problem_response, v1_errors_response
from .ratelimits import ENDPOINTS
from .state import EmulatorState, default_state
from .v2 import add_x_headers

logger = logging.getLogger(__name__)
URLCONF = "apps.xemulator.urls"
# Emulator-only paths: the test control API and the local images. Not X's, not counted.
UNCOUNTED_PREFIXES = ("/_emulator/", "/_media/")
UNMATCHED = "(no route)"


class EmulatorRequest(WSGIRequest):
    """A request whose Host is taken as sent: the emulator answers under any name."""

    def get_host(self):
        return self._get_raw_host()


def _fault_response(status: int, path: str) -> HttpResponse:
    if not path.startswith("/2/"):
        if status == 401:
            return v1_errors_response(401, 32, "Could not authenticate you.")
        if status == 429:
            return v1_errors_response(429, 88, "Rate limit exceeded")
        return problem_response(status)
    response = add_x_headers(problem_response(status))
    if status == 429:
        limit = next((limit for _m, template, limit in ENDPOINTS.values() if template == path), 15)
        response["x-rate-limit-limit"] = str(limit)
        response["x-rate-limit-remaining"] = "0"
        response["x-rate-limit-reset"] = str(int(time.time()) + 60)
    return response


def route_template(request: EmulatorRequest, match: ResolverMatch | None) -> str:
    """The route as X's docs write it ("/2/tweets/:id"), for counting requests."""
    if match is None:
        return UNMATCHED
    func = match.func
    name = getattr(func, "x_endpoint", None) or getattr(func, "x_endpoints", {}).get(request.method)
    if name is not None:
        return ENDPOINTS[name][1]
    if match.route.startswith("^"):  # a re_path: its regex says less than the path
        return request.path_info
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r":\1", match.route)


class EmulatorApp:
    """WSGI callable serving ``state`` (the module's default state unless given one)."""

    def __init__(self, state: EmulatorState | None = None):
        self.state = state or default_state

    def __call__(self, environ, start_response):
        try:
            request = EmulatorRequest(environ)
            request.emulator_state = self.state
            response = self.respond(request)
        except Exception:
            logger.exception("X emulator failed on %s", environ.get("PATH_INFO"))
            response = problem_response(500)
        body = response.content
        headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        response.close()
        return [body]

    def respond(self, request: EmulatorRequest) -> HttpResponse:
        """Count the request, apply any fault for it, then dispatch it."""
        path = request.path_info
        try:
            match = resolve(path, urlconf=URLCONF)
        except Resolver404:
            match = None
        if not path.startswith(UNCOUNTED_PREFIXES):
            self.state.count_request(request.method, route_template(request, match))
        if not path.startswith("/_emulator/"):
            fault = self.state.take_fault(request.method, path)
            if fault is not None:
                if fault.latency:
                    time.sleep(fault.latency)
                if fault.hang:
                    self.state.wait_hang(HANG_SECONDS)
                if fault.status:
                    return _fault_response(fault.status, path)
        if match is None:
            response = problem_response(404, "Sorry, that page does not exist.")
            return add_x_headers(response) if path.startswith("/2/") else response
        try:
            return match.func(request, *match.args, **match.kwargs)
        except Exception:
            logger.exception("X emulator view failed on %s %s", request.method, path)
            return json_response(
                {
                    "title": "Internal Server Error",
                    "detail": "Internal Server Error",
                    "type": "about:blank",
                    "status": 500,
                },
                500,
                "application/problem+json; charset=utf-8",
            )

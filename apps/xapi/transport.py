"""Talking to X: the pooled HTTP session, OAuth 1.0a signing, timeouts, and every
answer X gives turned into a value or an `errors.XError` subclass.

The endpoint calls (`endpoints/`) build on `Transport`; `client.XClient` puts them
together. Reference: shared/reference/xapi.md §1 (OAuth), §4 (errors).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import parse_qsl, quote

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from requests_oauthlib import OAuth1

from . import errors, ratelimit_state, spending

logger = logging.getLogger(__name__)

# X takes at most 100 ids or names in one lookup (xapi.md §2.1).
MAX_LOOKUP_IDS = 100

_session: requests.Session | None = None
_session_lock = threading.Lock()


def http_session() -> requests.Session:
    """The process's one pooled HTTP session to X, created on first use."""
    global _session
    if _session is None:
        with _session_lock:
            if _session is None:
                _session = _new_session()
    return _session


def _new_session() -> requests.Session:
    session = requests.Session()
    # max_retries=0: a POST that may have reached X is never sent twice; a failed
    # read falls back to the cache instead.
    adapter = HTTPAdapter(
        pool_connections=4, pool_maxsize=settings.X_POOL_SIZE, max_retries=0, pool_block=False
    )
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    # The session is shared by every user: a cookie X sets for one must never
    # be sent on another's call.
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session


def reset_http_session() -> None:
    """Close the pooled session (tests, or after a fork); the next call opens a new one."""
    global _session
    with _session_lock:
        if _session is not None:
            _session.close()
        _session = None


def join_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Query parameters with lists comma-joined: X rejects repeated keys (xapi.md §1.3)."""
    out = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            value = ",".join(str(v) for v in value)
        out[key] = str(value)
    return out


def segment(value: Any) -> str:
    """One path segment, quoted so an id from a URL cannot change the path."""
    return quote(str(value), safe="")


def clamp(value: int, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return max(low, min(high, int(value)))


def batch(values: Iterable[Any]) -> list[str]:
    """Ids or names for one lookup, duplicates dropped; X takes at most 100 (xapi.md §2.1)."""
    out = list(dict.fromkeys(str(v) for v in values if str(v)))
    if len(out) > MAX_LOOKUP_IDS:
        raise ValueError(f"at most {MAX_LOOKUP_IDS} ids per lookup")
    return out


class Transport:
    """Signed calls to X for one user (token + secret), or for the sign-in steps (no token)."""

    def __init__(
        self,
        token: str | None = None,
        token_secret: str | None = None,
        *,
        base_url: str | None = None,
        consumer_key: str | None = None,
        consumer_secret: str | None = None,
        spender: str | None = None,
    ):
        """``spender`` is the X account the calls' cost is recorded for ("app" if none)."""
        self.token = token
        self.spender = spender or "app"
        self.token_secret = token_secret
        self.base_url = (base_url or settings.X_API_BASE_URL).rstrip("/")
        self.consumer_key = consumer_key or settings.X_CONSUMER_KEY
        self.consumer_secret = consumer_secret or settings.X_CONSUMER_SECRET

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url} user_token={'yes' if self.token else 'no'}>"

    def _auth(self, *, token=None, secret=None, callback=None, verifier=None) -> OAuth1:
        # decoding=None keeps the Authorization header a str; with the default
        # ('utf-8') it is bytes, which some servers and adapters reject (xapi.md §1.6).
        return OAuth1(
            self.consumer_key,
            client_secret=self.consumer_secret,
            resource_owner_key=token,
            resource_owner_secret=secret,
            callback_uri=callback,
            verifier=verifier,
            decoding=None,
        )

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        files: Mapping[str, Any] | None = None,
        auth: OAuth1 | None = None,
        oauth_step: bool = False,
        expect: Iterable[int] = (200,),
        action: str | None = None,
    ) -> requests.Response:
        """Send one signed request; return the response or raise a typed error.

        `action` names what the user was doing ("like", "follow"...) so that a
        refusal can say it in plain words (`errors.Forbidden.reason`). Every v2
        call is priced and recorded (`spending`), and none is sent once a daily
        spending cap is reached (`errors.SpendCapReached`); the OAuth steps and
        signing out (not billed) always are.
        """
        billed = not oauth_step and path.startswith("/2/")
        if billed:
            spending.check_cap(self.spender)
        url = self.base_url + path
        if auth is None:
            auth = self._auth(token=self.token, secret=self.token_secret)
        kwargs: dict[str, Any] = {
            "params": join_params(params or {}),
            "auth": auth,
            "timeout": (settings.X_CONNECT_TIMEOUT, settings.X_READ_TIMEOUT),
            "allow_redirects": False,
        }
        if body is not None:
            kwargs["data"] = json.dumps(body, ensure_ascii=False).encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        if files is not None:
            kwargs["files"] = files  # multipart/form-data (media upload)
        started = time.monotonic()
        try:
            response = http_session().request(method, url, **kwargs)
        except requests.Timeout as exc:
            self._log(method, path, None, started)
            ratelimit_state.record_error()
            detail = f"X did not answer in time ({type(exc).__name__})"
            raise errors.Unavailable(None, detail, timed_out=True) from exc
        except requests.RequestException as exc:
            self._log(method, path, None, started)
            ratelimit_state.record_error()
            raise errors.Unavailable(None, f"Could not reach X ({type(exc).__name__})") from exc
        self._log(method, path, response.status_code, started)
        ratelimit_state.record_response(method, path, response.headers)
        if response.status_code not in expect:
            ratelimit_state.record_error()
            error = errors.error_for_response(
                response.status_code, response.text, response.headers, oauth_step=oauth_step
            )
            if isinstance(error, errors.Forbidden):
                error.action = action
            if isinstance(error, errors.CreditsExhausted):
                spending.note_credits_exhausted()
            raise error
        if billed:
            spending.record(self.spender, method, path, body, _answer_of(method, response))
        return response

    @staticmethod
    def _log(method: str, path: str, status: int | None, started: float) -> None:
        logger.debug(
            "X %s %s -> %s in %.0f ms",
            method,
            path,
            status if status is not None else "no answer",
            (time.monotonic() - started) * 1000,
        )

    def _json(self, method: str, path: str, **kwargs) -> dict:
        return self._decode(self._send(method, path, **kwargs))

    @staticmethod
    def _decode(response: requests.Response) -> dict:
        try:
            body = response.json()
        except ValueError as exc:
            raise errors.Unavailable(
                response.status_code, "X sent an answer that is not JSON", response.text[:300]
            ) from exc
        if not isinstance(body, dict):
            raise errors.Unavailable(response.status_code, "X sent an unexpected answer")
        return body

    def _form(self, path: str, auth: OAuth1) -> dict[str, str]:
        response = self._send("POST", path, auth=auth, oauth_step=True)
        text = response.text.strip()
        if text.startswith("{"):
            try:
                return {k: str(v) for k, v in json.loads(text).items()}
            except (ValueError, AttributeError):
                pass
        return dict(parse_qsl(text, keep_blank_values=True))

    def _single(self, path: str, params: Mapping[str, Any]) -> dict:
        """`{data, includes}` of a one-object lookup.

        X answers a missing id with HTTP 200 and only `errors` (newer: 404 with the
        same body); both are NotFound (xapi.md §4.1).
        """
        response = self._send("GET", path, params=params)
        body = self._decode(response)
        if not isinstance(body.get("data"), dict):
            raise _not_found(response)
        return body

    def _write(self, method: str, path: str, key: str, *, body=None, action: str) -> dict:
        """`data` of a like/retweet/follow write, which X answers with 200.

        A missing post or user comes back as HTTP 200 with only `errors` (or 404):
        NotFound, as for lookups (xapi.md §4.1).
        """
        response = self._send(method, path, body=body, action=action)
        answer = self._decode(response)
        data = answer.get("data")
        if isinstance(data, dict) and key in data:
            return data
        if answer.get("errors"):
            raise _not_found(response)
        raise errors.Unavailable(response.status_code, f"X sent no '{key}' in its answer")

    def _flag(self, method: str, path: str, key: str, *, body=None, action: str) -> bool:
        return bool(self._write(method, path, key, body=body, action=action)[key])


def _answer_of(method: str, response: requests.Response) -> dict | None:
    """A read's JSON answer, which says how many resources X charges for."""
    if method != "GET":
        return None
    try:
        answer = response.json()
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def _not_found(response: requests.Response) -> errors.NotFound:
    """X's answer naming no object (HTTP 200 or 404 with only `errors`) as NotFound."""
    parsed = errors.parse_error_body(response.text)
    return errors.NotFound(
        response.status_code,
        parsed.detail or "Not found",
        response.text,
        problem_type=parsed.problem_type,
    )

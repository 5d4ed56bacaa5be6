"""Typed errors for everything that can go wrong talking to X.

Views catch these classes, never HTTP status codes. `error_for_response` turns an
HTTP answer into the right class; `parse_error_body` reads any of X's error shapes
(reference: shared/reference/xapi.md §1.4 and §4).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from http import HTTPStatus
from urllib.parse import parse_qs

# Longest plain-text body kept as a detail; X's own messages are far shorter.
_MAX_TEXT_DETAIL = 300
_XML_ERROR = re.compile(r"<error\b[^>]*>(?P<message>.*?)</error>", re.S | re.I)
_XML_CODE = re.compile(r'<error\b[^>]*\bcode="(?P<code>\d+)"', re.I)


class XError(Exception):
    """Any failure talking to X; subclasses say which kind.

    `status` is the HTTP status (None when no answer came), `detail` X's reason in
    plain words, `body` the raw answer text, `problem_type` the last part of a v2
    problem type (e.g. "oauth1-permissions") or None, `codes` the v1.1 error codes.
    `no_credits` is "credits", "cap" (or "near" the cap) when the error is about money.
    """

    no_credits = ""

    def __init__(
        self,
        status: int | None = None,
        detail: str = "",
        body: str = "",
        *,
        problem_type: str | None = None,
        codes: tuple[int, ...] = (),
        messages: tuple[str, ...] = (),
    ):
        self.status = status
        self.detail = detail
        self.body = body
        self.problem_type = problem_type
        self.codes = codes
        self.messages = messages
        super().__init__(status, detail)

    def __str__(self) -> str:
        return f"{self.status} {self.detail}" if self.status else self.detail

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, detail={self.detail!r})"

    def __reduce__(self):
        # Errors travel inside cached values (notices); keep every attribute.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls, state):
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("status"), state.get("detail"))
    error.__dict__.update(state)
    return error


class TokenRevoked(XError):
    """X no longer accepts the user's access token (401 on a user call): sign in again."""


class Refused(XError):
    """X did not do what was asked, and the user stays signed in: the one thing a view
    catches to say why (every error but `TokenRevoked`, which signs the user out)."""


class OAuthFailed(Refused):
    """A sign-in step failed: bad verifier, unknown request token, bad consumer keys."""


class CallbackRefused(OAuthFailed):
    """403 code 415: the site's callback URL is not on the X app's allow-list (an
    operator's fix, not the user's)."""


class CreditsExhausted(Refused):
    """402: the app's prepaid X credits are spent; X blocks it until credits are added.

    Pages serve their cached copy; writes wait in the outbox until X takes them again.
    """

    no_credits = "credits"


class SpendCapReached(Refused):
    """The gateway's own daily spending cap (per user or overall) is reached: X was not
    asked. Treated like `CreditsExhausted`: cached pages, writes wait until tomorrow."""

    no_credits = "cap"


# What waits for money rather than failing: pages from the cache, writes in the outbox.
NO_CREDITS = (CreditsExhausted, SpendCapReached)


class RateLimited(Refused):
    """429: too many calls. `reset_at` (aware, UTC) says when to try again, if X told us."""

    def __init__(self, *args, reset_at: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reset_at = reset_at


class Unavailable(Refused):
    """X did not answer usefully: 5xx, refused connection, or a timeout (`timed_out`)."""

    def __init__(self, *args, timed_out: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.timed_out = timed_out


class NotFound(Refused):
    """The post or user does not exist (or is not visible to this user)."""


class Forbidden(Refused):
    """403: X refuses the action.

    `kind` names the refusal so a view can pick its message (see `FORBIDDEN_KINDS`);
    `reason` says it in plain words; `action` is what the gateway was doing
    ("like", "follow", "quote"...), set by the client, or None.
    """

    def __init__(self, *args, action: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    @property
    def kind(self) -> str:
        """One of FORBIDDEN_KINDS, read from X's answer."""
        return forbidden_kind(self)

    @property
    def reason(self) -> str:
        kind = self.kind
        if kind == "tier":
            what = _TIER_ACTIONS.get(getattr(self, "action", None) or "", "This action")
            return f"{what} is not available for this access tier."
        if kind == "reply-not-allowed" and not _OLDER_REPLY_RULE.search(self.detail):
            return REPLY_NOT_ALLOWED_REASON
        if kind == "quote-not-allowed":
            return QUOTE_NOT_ALLOWED_REASON
        return self.detail

    @property
    def is_duplicate(self) -> bool:
        """True when X refused a post because the same text was just posted."""
        return 187 in self.codes or "duplicate" in self.detail.lower()


# What a view can tell apart in a 403 (xapi.md §2.0 "2026 policy changes", §4.2):
#   reply-not-allowed  a reply to an author who did not mention or quote the user (2026)
#   quote-not-allowed  a quote X refused by the same rule (the newer body names both)
#   tier               likes, follows, quote posts... not in the app's access tier (2026)
#   duplicate          the same text was just posted
#   protected          a protected account's posts, or a post the user may not see
#   dm-not-allowed     the recipient does not accept messages from the user
#   permissions        a read-only app or token, or the wrong kind of authentication
#   other              anything else; `reason` carries X's words
FORBIDDEN_KINDS = (
    "reply-not-allowed",
    "quote-not-allowed",
    "tier",
    "duplicate",
    "protected",
    "dm-not-allowed",
    "permissions",
    "other",
)
REPLY_NOT_ALLOWED_REASON = "Replies are only allowed to posts whose author mentioned or quoted you."
QUOTE_NOT_ALLOWED_REASON = "Quoting is only allowed for posts that mention you or are yours."
_TIER_ACTIONS = {
    "like": "Liking posts",
    "unlike": "Removing likes",
    "follow": "Following accounts",
    "unfollow": "Unfollowing accounts",
    "quote": "Quoting posts",
    "retweet": "Reposting",
    "unretweet": "Undoing reposts",
    "search": "Search",
    "dm": "Direct messages",
    "media": "Uploading photos",
}
_REPLY_RULE = re.compile(
    r"reply to this conversation is not allowed|not been mentioned|"
    r"restricted who can reply|not allowed to reply|only reply to or quote|"
    r"where you are mentioned",
    re.I,
)
# The older body's own words, shown as they are; the newer one also names quotes.
_OLDER_REPLY_RULE = re.compile(r"reply to this conversation is not allowed", re.I)
# What the gateway does through POST /2/tweets (transport's `action`).
_CREATE_ACTIONS = ("post", "reply", "quote")
_TIER_WORDS = re.compile(
    r"access (tier|level)|self-serve|enterprise|client-not-enrolled|"
    r"subset of .*endpoints|appropriate level of api access|not available (for|on|to) "
    r"(your|this) (tier|plan|product)|removed from .*tiers",
    re.I,
)
_DM_WORDS = re.compile(
    r"cannot send (direct )?messages?|not (permitted|allowed) to send (a |this )?"
    r"(direct )?messages?|does not accept (direct )?messages",
    re.I,
)
_PROTECTED_WORDS = re.compile(r"protected|not authorized to see", re.I)
# v1.1 codes (xapi.md §4.1): 453 "access to a subset of endpoints", 433 reply
# restricted, 261 no write permission, 150/349 messages refused, 179 protected post.
_KIND_BY_CODE = {
    187: "duplicate",
    433: "reply-not-allowed",
    453: "tier",
    261: "permissions",
    150: "dm-not-allowed",
    349: "dm-not-allowed",
    179: "protected",
}
_KIND_BY_PROBLEM = {
    "client-forbidden": "tier",
    "oauth1-permissions": "permissions",
    "unsupported-authentication": "permissions",
    "not-authorized-for-resource": "protected",
}


def forbidden_kind(error: XError) -> str:
    """Which kind of refusal a 403 is: by its codes, problem type and title first, and
    only then by its words (X's wording changes; its types and titles less so)."""
    for code in error.codes:
        if code in _KIND_BY_CODE:
            return _KIND_BY_CODE[code]
    extra = _extra_words(error.body)
    action = getattr(error, "action", None)
    if extra.get("reason") == "official-client-forbidden":
        return "permissions"
    if error.problem_type in _KIND_BY_PROBLEM:
        return _KIND_BY_PROBLEM[error.problem_type]
    if extra.get("title") == "Authorization Error" and action in _CREATE_ACTIONS:
        # The newer reply-rule body (2026): its title, not its words, says what it is.
        return "quote-not-allowed" if action == "quote" else "reply-not-allowed"
    text = " ".join((error.detail, *error.messages, *extra.values()))
    if "duplicate" in error.detail.lower():
        return "duplicate"
    if _REPLY_RULE.search(text):
        return "quote-not-allowed" if action == "quote" else "reply-not-allowed"
    if _TIER_WORDS.search(text):
        return "tier"
    if _DM_WORDS.search(text):
        return "dm-not-allowed"
    if _PROTECTED_WORDS.search(text) or extra.get("title") == "Authorization Error":
        return "protected"
    if "permission" in text.lower():
        return "permissions"
    return "other"


def _extra_words(body: str) -> dict[str, str]:
    """The title, `reason` and `required_enrollment` of a problem body, if any (SPEC166
    ClientForbiddenProblem: reason client-not-enrolled | official-client-forbidden)."""
    try:
        parsed = json.loads(body or "")
    except ValueError:
        return {}
    if not isinstance(parsed, dict):
        return {}
    keys = ("title", "reason", "required_enrollment")
    return {key: parsed[key] for key in keys if isinstance(parsed.get(key), str)}


class BadRequest(Refused):
    """400: X rejected the parameters; `messages` lists each validation message."""


@dataclass(frozen=True, slots=True)
class ParsedError:
    """What `parse_error_body` found in an error answer."""

    detail: str = ""
    problem_type: str | None = None
    codes: tuple[int, ...] = ()
    messages: tuple[str, ...] = ()


def problem_suffix(type_uri: object) -> str | None:
    """The name at the end of a problem type URI, whichever host X used."""
    if not isinstance(type_uri, str) or "/problems/" not in type_uri:
        return None
    return type_uri.rstrip("/").rsplit("/", 1)[-1] or None


def parse_error_body(text: str) -> ParsedError:
    """Read X's reason from any of its error shapes.

    Handles the bare v2 problem, the 400 validation envelope, `errors[]` of
    resource problems, v1.1 `{"errors":[{"code","message"}]}`, the XML variant seen
    on /oauth, form-encoded `error_description`, and plain text.
    """
    text = (text or "").strip()
    if not text:
        return ParsedError()
    try:
        body = json.loads(text)
    except ValueError:
        return _parse_non_json(text)
    if not isinstance(body, dict):
        return ParsedError(detail=_shorten(text))
    return _parse_json(body)


def _parse_json(body: dict) -> ParsedError:
    items = [item for item in body.get("errors") or () if isinstance(item, dict)]
    codes = tuple(item["code"] for item in items if isinstance(item.get("code"), int))
    messages = tuple(
        str(item.get("message") or item.get("detail") or "")
        for item in items
        if item.get("message") or item.get("detail")
    )
    problem_type = problem_suffix(body.get("type"))
    if problem_type is None:
        problem_type = next(
            (problem_suffix(item.get("type")) for item in items if item.get("type")), None
        )
    detail = (
        body.get("detail")
        or (messages[0] if messages else "")
        or body.get("title")
        or body.get("error_description")
        or body.get("error")
        or ""
    )
    return ParsedError(
        detail=str(detail), problem_type=problem_type, codes=codes, messages=messages
    )


def _parse_non_json(text: str) -> ParsedError:
    match = _XML_ERROR.search(text)
    if match:
        code = _XML_CODE.search(text)
        return ParsedError(
            detail=unescape(match.group("message")).strip(),
            codes=(int(code.group("code")),) if code else (),
        )
    if text.lstrip().startswith("<"):
        # An HTML error page from a proxy says nothing useful to a phone user.
        return ParsedError()
    if "error=" in text and "\n" not in text:
        form = parse_qs(text)
        if "error" in form:
            detail = (form.get("error_description") or form["error"])[0]
            return ParsedError(detail=detail)
    return ParsedError(detail=_shorten(text))


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_TEXT_DETAIL else text[: _MAX_TEXT_DETAIL - 1] + "…"


def reset_time(headers) -> datetime | None:
    """When a rate limit ends, from X's headers (Unix seconds); None if not given.

    A spent 24-hour cap (x-user-limit-24hour-*, x-app-limit-24hour-*) outlasts the
    15-minute window, so the latest reset among the exhausted limits wins.
    """
    resets = []
    for prefix in ("x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour"):
        reset = headers.get(f"{prefix}-reset")
        if reset is None:
            continue
        remaining = headers.get(f"{prefix}-remaining")
        if prefix != "x-rate-limit" and remaining not in ("0", None):
            continue
        try:
            resets.append(datetime.fromtimestamp(int(float(reset)), tz=UTC))
        except (ValueError, OverflowError, OSError):
            continue
    return max(resets) if resets else None


def error_for_response(status: int, text: str, headers=None, *, oauth_step: bool = False) -> XError:
    """The typed error for an unsuccessful HTTP answer from X.

    `oauth_step` marks the request/access-token calls, where a refusal means the
    sign-in failed rather than that a stored token was revoked.
    """
    headers = headers or {}
    parsed = parse_error_body(text)
    detail = parsed.detail or _default_detail(status)
    kwargs = {
        "problem_type": parsed.problem_type,
        "codes": parsed.codes,
        "messages": parsed.messages,
    }
    if status == 429:
        return RateLimited(status, detail, text, reset_at=reset_time(headers), **kwargs)
    if status == 402 or parsed.problem_type == "credits-depleted":
        return CreditsExhausted(status, detail, text, **kwargs)
    if status >= 500:
        return Unavailable(status, detail, text, **kwargs)
    if oauth_step and status == 403 and 415 in parsed.codes:
        return CallbackRefused(status, detail, text, **kwargs)
    if oauth_step and 400 <= status < 500:
        return OAuthFailed(status, detail, text, **kwargs)
    cls = {400: BadRequest, 401: TokenRevoked, 403: Forbidden, 404: NotFound}.get(status, Refused)
    return cls(status, detail, text, **kwargs)


def _default_detail(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"

"""X's error bodies (v2 problems, v1.1 codes, OAuth plain text) and the responses carrying them."""

import json

from django.http import HttpResponse

PROBLEM_BASE = "https://api.twitter.com/2/problems/"
JSON = "application/json; charset=utf-8"
PROBLEM_JSON = "application/problem+json; charset=utf-8"

_TITLES = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

TEXT_TOO_LONG = (
    "Your Tweet text is too long. For more information on how Twitter determines text "
    "length see https://github.com/twitter/twitter-text."
)
DUPLICATE_CONTENT = "You are not allowed to create a Tweet with duplicate content."
# X behaviour (2026): replies need a "summon" by the author of the post replied to.
# Observed bodies quote title, detail and status; "type" was not captured, so the
# generic "about:blank" of X's other 403s is added (the spec requires a type).
REPLY_NOT_SUMMONED = (
    "Reply to this conversation is not allowed because you have not been mentioned or "
    "otherwise engaged by the author of the post you are replying to."
)
# Best known wording (a third-party stand-in, unverified against X).
REPLY_TO_DELETED = "The Tweet you are replying to has been deleted."
# Approximation: X removed follows, likes and quote posts from self-serve tiers in
# April 2026, but the exact refusal body was not found. This is a generic 403 problem.
NOT_IN_TIER = "{feature} is not available for this access tier (self-serve); it needs Enterprise."


# X behaviour (2026, xapi.md §4.2, observed): a pay-per-use app with no credits left.
CREDITS_DEPLETED = {
    "detail": "credits depleted",
    "status": 402,
    "title": "Payment Required",
    "type": "https://api.x.com/2/problems/credits-depleted",
}
# The newer reply-rule refusal (observed 2026), for replies and quotes alike.
REPLY_OR_QUOTE_NOT_ALLOWED = {
    "title": "Authorization Error",
    "detail": "You can only reply to or quote posts where you are mentioned or are the author.",
}
REPLY_REFUSALS = ("summoned", "authorization")


def credits_depleted_response() -> HttpResponse:
    """402: the app's prepaid balance is spent; X blocks it until credits are added."""
    return json_response(CREDITS_DEPLETED, 402, PROBLEM_JSON)


def reply_refused_response(body: str) -> HttpResponse:
    """403 for a reply the 2026 rule refuses, in one of the two bodies X has sent."""
    if body == "authorization":
        return json_response(
            {**REPLY_OR_QUOTE_NOT_ALLOWED, "type": "about:blank", "status": 403}, 403, PROBLEM_JSON
        )
    return problem_response(403, REPLY_NOT_SUMMONED)


def not_in_tier_response(feature: str) -> HttpResponse:
    """403 for a feature X no longer offers on self-serve access (approximated body)."""
    return problem_response(403, NOT_IN_TIER.format(feature=feature))


def forbidden_response() -> HttpResponse:
    """X's generic 403, e.g. for a path ``:id`` that is not the authenticated user."""
    return problem_response(403)


class InvalidRequest(Exception):
    """A 400 with X's validation envelope; each error names its parameters and a message."""

    def __init__(self, message: str, parameters: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = [{"parameters": parameters or {}, "message": message}]


def json_response(body: dict, status: int = 200, content_type: str = JSON) -> HttpResponse:
    """Compact JSON, UTF-8, non-ASCII kept as is (X does not \\u-escape)."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(data.encode(), status=status, content_type=content_type)


def problem(status: int, detail: str | None = None, title: str | None = None, **extra) -> dict:
    """A bare RFC 7807 problem as X sends for 401, 403, 429 and 5xx."""
    title = title or _TITLES.get(status, "Error")
    body = {"title": title, "detail": detail or title, "type": "about:blank", "status": status}
    body.update(extra)
    return body


def problem_response(status: int, detail: str | None = None, **extra) -> HttpResponse:
    """A bare problem with its HTTP status."""
    return json_response(problem(status, detail, **extra), status, PROBLEM_JSON)


def invalid_request_response(error: InvalidRequest) -> HttpResponse:
    """The 400 validation envelope."""
    body = {
        "errors": error.errors,
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": PROBLEM_BASE + "invalid-request",
    }
    return json_response(body, 400, PROBLEM_JSON)


def not_found_item(resource_type: str, parameter: str, value: str, section: str | None = None):
    """A resource-not-found item for ``errors[]``, as in partial responses."""
    item = {
        "value": value,
        "detail": f"Could not find {resource_type} with {parameter}: [{value}].",
        "title": "Not Found Error",
        "resource_type": resource_type,
        "parameter": parameter,
        "resource_id": value,
        "type": PROBLEM_BASE + "resource-not-found",
    }
    if section:
        item["section"] = section
    return item


def not_authorized_item(resource_type: str, parameter: str, value: str, section: str = "data"):
    """A not-authorized-for-resource item, e.g. a protected account's post."""
    name = "Tweet" if resource_type == "tweet" else resource_type
    return {
        "value": value,
        "detail": f"Sorry, you are not authorized to see the {name} with {parameter}: [{value}].",
        "title": "Authorization Error",
        "resource_type": resource_type,
        "parameter": parameter,
        "resource_id": value,
        "section": section,
        "type": PROBLEM_BASE + "not-authorized-for-resource",
    }


def v1_errors_response(status: int, code: int, message: str) -> HttpResponse:
    """The v1.1 envelope still used on /oauth/* and /1.1/*."""
    return json_response({"errors": [{"code": code, "message": message}]}, status)


def could_not_authenticate() -> HttpResponse:
    """401 code 32, what /oauth/request_token answers to a bad consumer or signature."""
    return v1_errors_response(401, 32, "Could not authenticate you.")


def oauth_text_response(status: int, text: str) -> HttpResponse:
    """The plain-text failures of /oauth/access_token."""
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def not_found_response(item: dict, status: int = 200) -> HttpResponse:
    """A single lookup that found nothing: X's classic 200 with only ``errors``, or a 404."""
    if status == 200:
        return json_response({"errors": [item]})
    body = {"errors": [item], **{k: v for k, v in item.items() if k != "section"}}
    return json_response(body, 404, PROBLEM_JSON)

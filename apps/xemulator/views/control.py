"""The test control API under /_emulator/: faults, reset, and what was posted.

POST /_emulator/faults takes the JSON ``{"pattern": "/2/tweets", "status": 503,
"latency": 0.5, "hang": false, "method": "POST", "times": 1}`` (all but
``pattern`` optional); DELETE /_emulator/faults clears them; POST
/_emulator/reset reloads the seed; GET /_emulator/posts?author=<username>
lists that user's posts, newest first, with their raw (unescaped) text.
POST /_emulator/tier takes ``{"tier": "pay-per-use"}`` (X's self-serve access
since 2026, the default, restored by reset; "self-serve" is the same) or
``{"tier": "enterprise"}``, and optionally ``"reply_refusal": "summoned"`` (the
default) or ``"authorization"``: which of X's two bodies refuses a reply; GET
shows both.
POST /_emulator/credits takes ``{"add": 5.0}`` (buy credits, in dollars: a
positive balance unblocks the app) or ``{"balance": 0.02}``; GET shows the
balance and the ledger.
POST /_emulator/callbacks takes ``{"allowed": ["https://site/login/callback/"]}``
(the app's callback allow-list; a URL starting with any entry passes) or
``{"allowed": null}`` (any http(s) callback, the default); GET shows it.
POST /_emulator/enrollment takes ``{"media_upload": false}`` (an app not enrolled
for media upload; true again, or a reset, restores it); GET shows it.
POST /_emulator/rate_limits takes ``{"endpoint": "home_timeline", "limit": 100000}``
(an endpoint name, template or path pattern, as `state.set_rate_limit`): load
benchmarks lift X's 15-minute limits with it; a reset restores them.
GET /_emulator/stats counts the X API requests served since the last reset,
per method and route (``{"requests": {"GET /2/tweets/:id": 3}, "total": 3}``)
and, under ``credits``, the pay-per-use balance and ledger (calls, resources
charged and dollars per route); DELETE /_emulator/stats sets the counts and the
ledger back to zero.
"""

import json

from ..ids import iso
from ..problems import REPLY_REFUSALS, json_response


def _error(message: str, status: int = 400):
    return json_response({"error": message}, status)


def faults(request):
    """GET lists, POST adds, DELETE clears the fault rules."""
    state = request.emulator_state
    if request.method == "DELETE":
        state.clear_faults()
        return json_response({"faults": []})
    if request.method == "GET":
        with state.lock:
            return json_response({"faults": [fault.as_dict() for fault in state.faults]})
    if request.method != "POST":
        return _error("method not allowed", 405)
    try:
        rule = json.loads(request.body or b"{}")
        fault = state.set_fault(
            rule["pattern"],
            status=rule.get("status"),
            latency=rule.get("latency") or 0.0,
            hang=bool(rule.get("hang")),
            method=rule.get("method"),
            times=rule.get("times"),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return _error(f"bad fault: {error}")
    return json_response({"fault": fault.as_dict()}, 201)


def reset(request):
    """POST: back to the seed data, no faults, default limits."""
    if request.method != "POST":
        return _error("method not allowed", 405)
    request.emulator_state.reset()
    return json_response({"reset": True})


def posts(request):
    """GET ?author=<username>: that user's posts as stored (all posts without author)."""
    state = request.emulator_state
    author = request.GET.get("author")
    if author:
        user = state.user_by_username(author)
        if user is None:
            return _error(f"no user {author!r}", 404)
        found = state.authored_posts(user.id)
    else:
        found = state.newest_first(lambda post: True)
    data = [
        {
            "id": post.id,
            "author_id": post.author_id,
            "text": post.text,
            "created_at": iso(post.created_at),
            "referenced_tweets": [{"type": t, "id": i} for t, i in post.referenced],
            "media_keys": list(post.media_keys),
        }
        for post in found
    ]
    return json_response({"data": data, "meta": {"result_count": len(data)}})


def tier(request):
    """GET shows, POST ``{"tier": ..., "reply_refusal": ...}`` sets the access tier."""
    state = request.emulator_state
    if request.method == "POST":
        try:
            rule = json.loads(request.body or b"{}")
            state.set_tier(rule["tier"])
            refusal = rule.get("reply_refusal", state.reply_refusal)
            if refusal not in REPLY_REFUSALS:
                raise ValueError(f"reply_refusal must be one of {REPLY_REFUSALS}")
            state.reply_refusal = refusal
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return _error(f"bad tier: {error}")
    elif request.method != "GET":
        return _error("method not allowed", 405)
    return json_response({"tier": state.tier, "reply_refusal": state.reply_refusal})


def rate_limits(request):
    """POST ``{"endpoint": ..., "limit": n}`` changes one 15-minute limit."""
    if request.method != "POST":
        return _error("method not allowed", 405)
    try:
        rule = json.loads(request.body or b"{}")
        limit = int(rule["limit"])
        if limit < 1:
            raise ValueError("limit must be at least 1")
        request.emulator_state.set_rate_limit(str(rule["endpoint"]), limit)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return _error(f"bad rate limit: {error}")
    return json_response({"endpoint": rule["endpoint"], "limit": limit})


def credits(request):
    """GET shows the balance and ledger; POST ``{"add": usd}`` or ``{"balance": usd}``."""
    state = request.emulator_state
    if request.method == "POST":
        try:
            rule = json.loads(request.body or b"{}")
            if "add" in rule:
                state.add_credits(float(rule["add"]))
            else:
                state.set_credits(float(rule["balance"]))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return _error(f"bad credits: {error}")
    elif request.method != "GET":
        return _error("method not allowed", 405)
    return json_response(state.billing_stats())


def callbacks(request):
    """GET shows, POST ``{"allowed": [...] | null}`` sets the app's callback allow-list."""
    state = request.emulator_state
    if request.method == "POST":
        try:
            allowed = json.loads(request.body or b"{}")["allowed"]
            if allowed is not None and not all(isinstance(url, str) for url in allowed):
                raise TypeError("allowed must be a list of URLs or null")
        except (ValueError, KeyError, TypeError) as error:
            return _error(f"bad callbacks: {error}")
        with state.lock:
            state.allowed_callbacks = None if allowed is None else list(allowed)
    elif request.method != "GET":
        return _error("method not allowed", 405)
    return json_response({"allowed": state.allowed_callbacks})


def enrollment(request):
    """GET shows, POST ``{"media_upload": false}`` sets what the app is enrolled for."""
    state = request.emulator_state
    if request.method == "POST":
        try:
            rule = json.loads(request.body or b"{}")
            enrolled = rule["media_upload"]
            if not isinstance(enrolled, bool):
                raise TypeError("media_upload must be true or false")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return _error(f"bad enrollment: {error}")
        with state.lock:
            state.media_upload_enrolled = enrolled
    elif request.method != "GET":
        return _error("method not allowed", 405)
    return json_response({"media_upload": state.media_upload_enrolled})


def stats(request):
    """GET counts the X API requests served per method and route; DELETE zeroes them."""
    state = request.emulator_state
    if request.method == "DELETE":
        state.clear_request_counts()
        state.clear_ledger()
    elif request.method != "GET":
        return _error("method not allowed", 405)
    counts = state.request_stats()
    return json_response(
        {"requests": counts, "total": sum(counts.values()), "credits": state.billing_stats()}
    )

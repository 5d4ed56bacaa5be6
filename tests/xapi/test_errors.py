"""X's error answers become typed errors carrying X's own reason."""

import json
import pickle
from datetime import UTC, datetime

import pytest

from apps.xapi import errors
from apps.xapi.errors import error_for_response, parse_error_body

from .conftest import load

BODIES = load("error-bodies.json")


def answer(name: str) -> tuple[int, str]:
    entry = BODIES[name]
    return entry["status"], json.dumps(entry["body"])


@pytest.mark.parametrize(
    ("name", "cls", "detail"),
    [
        ("v2_401_bad_or_missing_oauth", errors.TokenRevoked, "Unauthorized"),
        (
            "oauth_v1_style_401_invalid_or_expired_token",
            errors.TokenRevoked,
            "Invalid or expired token.",
        ),
        ("oauth_v1_style_401_bad_signature", errors.TokenRevoked, "Could not authenticate you."),
        (
            "v2_403_duplicate_post",
            errors.Forbidden,
            "You are not allowed to create a Tweet with duplicate content.",
        ),
        ("v2_429_rate_limited", errors.RateLimited, "Too Many Requests"),
        ("v2_429_usage_capped", errors.RateLimited, "Usage cap exceeded: Monthly product cap"),
        ("v2_402_credits_depleted_pay_per_use", errors.CreditsExhausted, "credits depleted"),
        (
            "v2_400_invalid_request_param",
            errors.BadRequest,
            "One or more parameters to your request was invalid.",
        ),
    ],
)
def test_recorded_error_bodies_map_to_the_right_class_with_xs_reason(name, cls, detail):
    status, text = answer(name)
    error = error_for_response(status, text)
    assert type(error) is cls
    assert error.status == status
    assert error.detail == detail
    assert error.body == text


def test_read_only_app_403_names_the_problem_and_reason():
    error = error_for_response(*answer("v2_403_oauth1_read_only_app"))
    assert isinstance(error, errors.Forbidden)
    assert error.problem_type == "oauth1-permissions"
    assert error.reason.startswith("Your client app is not configured")
    assert not error.is_duplicate


def test_problem_type_matches_on_the_api_x_com_host_too():
    body = dict(BODIES["v2_403_oauth1_read_only_app"]["body"])
    body["type"] = "https://api.x.com/2/problems/oauth1-permissions"
    error = error_for_response(403, json.dumps(body))
    assert error.problem_type == "oauth1-permissions"
    assert error_for_response(*answer("v2_402_credits_depleted_pay_per_use")).problem_type == (
        "credits-depleted"
    )


def test_duplicate_post_is_recognised_from_the_detail():
    error = error_for_response(*answer("v2_403_duplicate_post"))
    assert error.is_duplicate
    assert error.problem_type is None  # about:blank names no problem


def test_reply_not_allowed_403_without_type_keeps_the_reason():
    error = error_for_response(*answer("v2_403_reply_not_summoned_2026"))
    assert isinstance(error, errors.Forbidden)
    assert error.reason.startswith("Reply to this conversation is not allowed")


def test_validation_400_lists_each_message():
    error = error_for_response(*answer("v2_400_invalid_request_param"))
    assert error.problem_type == "invalid-request"
    assert error.messages == (
        "The `max_results` query parameter value [0] is not between 5 and 100",
    )


def test_v1_style_codes_are_kept():
    error = error_for_response(*answer("oauth_v1_style_401_invalid_or_expired_token"))
    assert error.codes == (89,)


def test_404_with_resource_errors_reads_the_detail_from_errors():
    body = {"errors": [BODIES["v2_200_not_found_single_lookup_historic"]["body"]["errors"][0]]}
    error = error_for_response(404, json.dumps(body))
    assert isinstance(error, errors.NotFound)
    assert error.detail == "Could not find user with username: [giggggfbgfb]."
    assert error.problem_type == "resource-not-found"


def test_plain_text_oauth_refusal_is_oauth_failed_on_a_sign_in_step():
    text = BODIES["oauth_access_token_401_bad_verifier"]["body_text"]
    error = error_for_response(401, text, oauth_step=True)
    assert isinstance(error, errors.OAuthFailed)
    assert error.detail == "Error processing your OAuth request: Invalid oauth_verifier parameter"


def test_callback_not_approved_xml_variant_is_read():
    entry = BODIES["oauth_request_token_403_callback_not_approved"]
    error = error_for_response(403, entry["body_xml_variant"], oauth_step=True)
    assert isinstance(error, errors.OAuthFailed)
    assert error.codes == (415,)
    assert error.detail.startswith("Callback URL not approved for this client application.")
    json_error = error_for_response(403, json.dumps(entry["body_json"]), oauth_step=True)
    assert json_error.detail == error.detail and json_error.codes == (415,)


def test_oauthlib_style_form_error_is_read():
    parsed = parse_error_body(
        "error=invalid_request&error_description=Missing+mandatory+OAuth+parameters."
    )
    assert parsed.detail == "Missing mandatory OAuth parameters."


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_unavailable_even_with_an_html_body(status):
    error = error_for_response(status, "<html><body><h1>Bad gateway</h1></body></html>")
    assert isinstance(error, errors.Unavailable)
    assert not error.timed_out
    assert error.detail in {
        "Internal Server Error",
        "Bad Gateway",
        "Service Unavailable",
        "Gateway Timeout",
    }


def test_rate_limit_reset_comes_from_the_header():
    error = error_for_response(
        429,
        answer("v2_429_rate_limited")[1],
        {
            "x-rate-limit-limit": "180",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": "1665183225",
        },
    )
    assert error.reset_at == datetime(2022, 10, 7, 22, 53, 45, tzinfo=UTC)


def test_a_spent_daily_cap_outlasts_the_15_minute_window():
    headers = {
        "x-rate-limit-remaining": "99",
        "x-rate-limit-reset": "1700000000",
        "x-user-limit-24hour-remaining": "0",
        "x-user-limit-24hour-reset": "1700050000",
    }
    assert error_for_response(429, "", headers).reset_at == datetime.fromtimestamp(1700050000, UTC)


def test_rate_limit_without_or_with_a_garbled_header_has_no_reset():
    assert error_for_response(429, "").reset_at is None
    assert error_for_response(429, "", {"x-rate-limit-reset": "soon"}).reset_at is None


def test_empty_or_strange_bodies_fall_back_to_the_status_phrase():
    assert error_for_response(403, "").detail == "Forbidden"
    assert error_for_response(404, "[1, 2]").detail == "[1, 2]"
    assert error_for_response(418, "").detail == "I'm a Teapot"
    assert type(error_for_response(418, "")) is errors.Refused


def test_errors_keep_their_attributes_through_pickle():
    error = error_for_response(429, "", {"x-rate-limit-reset": "1665183225"})
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is errors.RateLimited
    assert again.reset_at == error.reset_at
    assert again.detail == "Too Many Requests"
    timeout = pickle.loads(pickle.dumps(errors.Unavailable(None, "slow", timed_out=True)))
    assert timeout.timed_out and timeout.status is None


# --- kinds of 403 ---------------------------------------------------------------------

# SPEC166 ClientForbiddenProblem, with the words X used when an endpoint was outside
# the app's access level.
CLIENT_NOT_ENROLLED = {
    "client_id": "12345678",
    "detail": "You currently have access to a subset of X API V2 endpoints and limited v1.1 "
    "endpoints (e.g. media post, oauth) only. If you need access to this endpoint, you may "
    "need a different access level.",
    "registration_url": "https://developer.x.com/en/portal/product",
    "title": "Client Forbidden",
    "required_enrollment": "Appropriate Level of API Access",
    "reason": "client-not-enrolled",
    "type": "https://api.x.com/2/problems/client-forbidden",
}


def forbidden(body, action=None) -> errors.Forbidden:
    error = error_for_response(403, body if isinstance(body, str) else json.dumps(body))
    assert type(error) is errors.Forbidden
    error.action = action
    return error


def test_reply_not_summoned_is_its_own_kind_and_keeps_xs_words():
    error = error_for_response(*answer("v2_403_reply_not_summoned_2026"))
    assert error.kind == "reply-not-allowed"
    assert "not been mentioned" in error.reason
    assert not error.is_duplicate


def test_a_reply_refusal_in_other_words_gets_a_plain_reason():
    error = forbidden({"errors": [{"code": 433, "message": "The request is forbidden."}]})
    assert error.kind == "reply-not-allowed"
    assert error.reason == errors.REPLY_NOT_ALLOWED_REASON


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        ("like", "Liking posts is not available for this access tier."),
        ("follow", "Following accounts is not available for this access tier."),
        ("quote", "Quoting posts is not available for this access tier."),
        (None, "This action is not available for this access tier."),
    ],
)
def test_a_client_not_enrolled_refusal_is_tier_with_a_plain_reason(action, reason):
    error = forbidden(CLIENT_NOT_ENROLLED, action)
    assert error.problem_type == "client-forbidden"
    assert error.kind == "tier"
    assert error.reason == reason
    assert error.detail.startswith("You currently have access to a subset")


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Forbidden", "detail": "Likes are not available on the self-serve tiers."},
        {"title": "Forbidden", "detail": "This endpoint requires a different access tier."},
        {"errors": [{"code": 453, "message": "You currently have access to a subset of X API"}]},
    ],
)
def test_tier_refusals_are_recognised_in_several_shapes(body):
    assert forbidden(body).kind == "tier"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (BODIES["v2_403_duplicate_post"]["body"], "duplicate"),
        ({"errors": [{"code": 187, "message": "Status is a duplicate."}]}, "duplicate"),
        (BODIES["v2_403_oauth1_read_only_app"]["body"], "permissions"),
        (BODIES["v2_403_app_only_on_user_context_endpoint"]["body"], "permissions"),
        ({**CLIENT_NOT_ENROLLED, "reason": "official-client-forbidden"}, "permissions"),
        ({"detail": "Sorry, you are not authorized to see the user with id: [1].",
          "type": "https://api.twitter.com/2/problems/not-authorized-for-resource"}, "protected"),
        ({"title": "Forbidden", "detail": "This account's posts are protected."}, "protected"),
        ({"title": "Forbidden", "detail": "You cannot send messages to this user."},
         "dm-not-allowed"),
        ({"errors": [{"code": 349, "message": "You cannot send messages to this user."}]},
         "dm-not-allowed"),
        ({"title": "Forbidden", "detail": "Forbidden"}, "other"),
    ],
)  # fmt: skip
def test_forbidden_kinds_come_from_the_body(body, kind):
    error = forbidden(body)
    assert error.kind == kind
    assert kind in errors.FORBIDDEN_KINDS
    assert error.is_duplicate is (kind == "duplicate")


def test_an_empty_403_is_other_with_the_status_phrase():
    error = forbidden("")
    assert (error.kind, error.reason) == ("other", "Forbidden")


def test_kind_reason_and_action_survive_pickle():
    error = forbidden(CLIENT_NOT_ENROLLED, "like")
    again = pickle.loads(pickle.dumps(error))
    assert again.action == "like"
    assert (again.kind, again.reason) == ("tier", error.reason)


def test_every_error_but_a_revoked_token_is_a_refusal():
    refusals = [
        errors.OAuthFailed,
        errors.RateLimited,
        errors.Unavailable,
        errors.NotFound,
        errors.Forbidden,
        errors.BadRequest,
    ]
    assert all(issubclass(cls, errors.Refused) for cls in refusals)
    assert not issubclass(errors.TokenRevoked, errors.Refused)
    for status in (400, 403, 404, 418, 429, 500, 503):
        assert isinstance(error_for_response(status, ""), errors.Refused), status
    assert not isinstance(error_for_response(401, ""), errors.Refused)


# --- X as it is in 2026: 402, the newer reply-rule body, refusals by meaning first ------

NEWER_REPLY_RULE = {
    "title": "Authorization Error",
    "detail": "You can only reply to or quote posts where you are mentioned or are the author.",
}


def test_the_newer_reply_rule_body_is_a_reply_refusal_for_a_reply():
    error = forbidden(NEWER_REPLY_RULE, "reply")
    assert error.kind == "reply-not-allowed"
    assert error.reason == errors.REPLY_NOT_ALLOWED_REASON


def test_the_newer_reply_rule_body_is_a_quote_refusal_for_a_quote_and_never_says_reply():
    error = forbidden(NEWER_REPLY_RULE, "quote")
    assert error.kind == "quote-not-allowed"
    assert error.reason == errors.QUOTE_NOT_ALLOWED_REASON
    assert "repl" not in error.reason.lower()


def test_the_problem_type_wins_over_the_words():
    body = {
        "title": "Forbidden",
        "detail": "Reply to this conversation is not allowed; not authorized to see it.",
        "type": "https://api.x.com/2/problems/oauth1-permissions",
    }
    assert forbidden(body, "reply").kind == "permissions"


def test_an_authorization_error_title_outside_posting_is_protected():
    assert forbidden({"title": "Authorization Error", "detail": "Sorry."}, "like").kind == (
        "protected"
    )


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Payment Required", "detail": "credits depleted", "status": 402},
        {"title": "Payment Required", "detail": "Your enrolled account has no credits."},
        "",
    ],
)
def test_any_402_is_credits_exhausted_and_waits_for_money(body):
    error = error_for_response(402, json.dumps(body) if body else "")
    assert type(error) is errors.CreditsExhausted
    assert isinstance(error, errors.NO_CREDITS) and isinstance(error, errors.Refused)
    assert error.no_credits == "credits"


def test_a_credits_depleted_type_under_another_status_is_credits_exhausted():
    body = {"title": "Forbidden", "type": "https://api.x.com/2/problems/credits-depleted"}
    assert type(error_for_response(403, json.dumps(body))) is errors.CreditsExhausted


def test_a_callback_off_the_allow_list_is_a_callback_refusal_at_sign_in():
    text = json.dumps({"errors": [{"code": 415, "message": "Callback URL not approved"}]})
    assert type(error_for_response(403, text, oauth_step=True)) is errors.CallbackRefused
    assert type(error_for_response(403, text)) is errors.Forbidden

"""Follows and mutes: follow (a request for protected accounts), unfollow, the lists of both."""

from .. import v2
from ..pagination import paginate_items
from ..params import USER_PAGE_PARAMS, Query, check_body_id
from ..params import check_path_id as check_id
from ..present import Presenter
from ..problems import (
    InvalidRequest,
    forbidden_response,
    json_response,
    not_found_item,
    not_found_response,
    not_in_tier_response,
)
from .tweets import payload_of


def _missing_user(state, parameter, user_id):
    return not_found_response(not_found_item("user", parameter, user_id), state.not_found_status)


def _target(request, state, token, user_id):
    """(target id, None) from the body, or (None, error response)."""
    check_id("id", user_id)
    if user_id != token.user_id:
        return None, forbidden_response()
    target_id = check_body_id(payload_of(request), "target_user_id")
    if target_id == user_id:
        raise InvalidRequest(
            "$.target_user_id: must not be the authenticated user", {"target_user_id": [target_id]}
        )
    return target_id, None


@v2.endpoint("follow_user")
def follow(request, state, token, user_id):
    """POST /2/users/:id/following {"target_user_id"} (not on self-serve).

    → {"data":{"following":true,"pending_follow":false}}; a protected target
    gets a follow request instead: following false, pending_follow true.
    """
    Query(request, frozenset())
    target_id, refused = _target(request, state, token, user_id)
    if refused:
        return refused
    if state.self_serve:
        return not_in_tier_response("Following users")
    if state.user(target_id) is None:
        return _missing_user(state, "target_user_id", target_id)
    following, pending = state.follow(user_id, target_id)
    return json_response({"data": {"following": following, "pending_follow": pending}})


@v2.endpoint("unfollow_user")
def unfollow(request, state, token, source_id, target_id):
    """DELETE /2/users/:source_user_id/following/:target_user_id → {"data":{"following":false}}."""
    Query(request, frozenset())
    check_id("source_user_id", source_id)
    check_id("target_user_id", target_id)
    if source_id != token.user_id:
        return forbidden_response()
    if state.user(target_id) is None:
        return _missing_user(state, "target_user_id", target_id)
    state.unfollow(source_id, target_id)
    return json_response({"data": {"following": False}})


def _user_page(request, state, users, query, *, low, high, default, style):
    page, meta = paginate_items(
        users,
        max_results=query.max_results(low, high, default),
        token=query.get("pagination_token"),
        style=style,
    )
    body = Presenter(state, query, for_users=True).users_body(page)
    body["meta"] = meta
    return json_response(body)


@v2.endpoint("followers")
def followers(request, state, token, user_id):
    """GET /2/users/:id/followers (max_results 1-1000, default 100), newest follower first."""
    return _people(request, state, user_id, state.followers_of)


@v2.endpoint("following")
def following(request, state, token, user_id):
    """GET /2/users/:id/following (max_results 1-1000, default 100), newest follow first."""
    return _people(request, state, user_id, state.following_of)


def _people(request, state, user_id, people_of):
    query = Query(request, USER_PAGE_PARAMS)
    check_id("id", user_id)
    if state.user(user_id) is None:
        return _missing_user(state, "id", user_id)
    users = people_of(user_id)
    return _user_page(request, state, users, query, low=1, high=1000, default=100, style="base32")


@v2.endpoint("mute_user")
def mute(request, state, token, user_id):
    """POST /2/users/:id/muting {"target_user_id"} → {"data":{"muting":true}}."""
    Query(request, frozenset())
    target_id, refused = _target(request, state, token, user_id)
    if refused:
        return refused
    if state.user(target_id) is None:
        return _missing_user(state, "target_user_id", target_id)
    state.mute(user_id, target_id)
    return json_response({"data": {"muting": True}})


@v2.endpoint("unmute_user")
def unmute(request, state, token, source_id, target_id):
    """DELETE /2/users/:source_user_id/muting/:target_user_id → {"data":{"muting":false}}."""
    Query(request, frozenset())
    check_id("source_user_id", source_id)
    check_id("target_user_id", target_id)
    if source_id != token.user_id:
        return forbidden_response()
    state.unmute(source_id, target_id)
    return json_response({"data": {"muting": False}})


@v2.endpoint("muting")
def muting(request, state, token, user_id):
    """GET /2/users/:id/muting (only one's own; max_results 1-1000, default 100)."""
    query = Query(request, USER_PAGE_PARAMS)
    check_id("id", user_id)
    if user_id != token.user_id:
        return forbidden_response()
    users = state.muted_users(user_id)
    return _user_page(request, state, users, query, low=1, high=1000, default=100, style="numeric")

"""User lookups: me, by id, by username."""

import re

from .. import v2
from ..params import USER_PARAMS, Query, check_path_id
from ..present import Presenter
from ..problems import InvalidRequest, json_response, not_found_item, not_found_response

_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")


def _one(state, query, user):
    return json_response(Presenter(state, query, for_users=True).users_body([user], single=True))


@v2.endpoint("users_me")
def me(request, state, token):
    """GET /2/users/me: the token's user."""
    query = Query(request, USER_PARAMS)
    return _one(state, query, state.user(token.user_id))


@v2.endpoint("users_by_id")
def by_id(request, state, token, user_id):
    """GET /2/users/:id."""
    query = Query(request, USER_PARAMS)
    check_path_id("id", user_id)
    user = state.user(user_id)
    if user is None:
        return not_found_response(not_found_item("user", "id", user_id), state.not_found_status)
    return _one(state, query, user)


@v2.endpoint("users_by_username")
def by_username(request, state, token, username):
    """GET /2/users/by/username/:username."""
    query = Query(request, USER_PARAMS)
    if not _USERNAME.match(username):
        raise InvalidRequest(
            f"The `username` query parameter value [{username}] does not match "
            "^[A-Za-z0-9_]{1,15}$",
            {"username": [username]},
        )
    user = state.user_by_username(username)
    if user is None:
        item = not_found_item("user", "username", username)
        return not_found_response(item, state.not_found_status)
    return _one(state, query, user)

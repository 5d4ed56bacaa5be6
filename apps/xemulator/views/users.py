"""User lookups: me, by id, by username, and in batches by ids or usernames."""

import re

from .. import v2
from ..params import USER_PARAMS, Query, check_path_id
from ..present import Presenter
from ..problems import InvalidRequest, json_response, not_found_item, not_found_response

_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")


def _one(state, query, user, viewer=None):
    presenter = Presenter(state, query, for_users=True, viewer=viewer)
    return json_response(presenter.users_body([user], single=True))


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
    return _one(state, query, user, token.user_id)


_USERS_PARAMS = USER_PARAMS | {"ids"}
_BY_PARAMS = USER_PARAMS | {"usernames"}


def _many(state, query, found, missing):
    body = Presenter(state, query, for_users=True).users_body(found)
    errors = missing + body.pop("errors", [])
    if errors:
        body["errors"] = errors
    return json_response(body)


@v2.endpoint("users_by_ids")
def by_ids(request, state, token):
    """GET /2/users?ids= (1-100): found users in ``data``, missing ones in ``errors``."""
    query = Query(request, _USERS_PARAMS)
    wanted = list(dict.fromkeys(query.ids("ids")))
    found = [state.user(i) for i in wanted if state.user(i) is not None]
    missing = [not_found_item("user", "ids", i) for i in wanted if state.user(i) is None]
    return _many(state, query, found, missing)


@v2.endpoint("users_by_usernames")
def by_usernames(request, state, token):
    """GET /2/users/by?usernames= (1-100), with partial errors like /2/users."""
    query = Query(request, _BY_PARAMS)
    raw = query.get("usernames")
    if not raw:
        raise InvalidRequest(
            "The `usernames` query parameter can not be empty", {"usernames": [raw or ""]}
        )
    names = list(dict.fromkeys(raw.split(",")))
    if len(names) > 100:
        raise InvalidRequest(
            f"The number of values in the `usernames` query parameter list [{len(names)}] is "
            "not between 1 and 100",
            {"usernames": [raw]},
        )
    for name in names:
        if not _USERNAME.match(name):
            raise InvalidRequest(
                f"The `usernames` query parameter value [{name}] does not match "
                "^[A-Za-z0-9_]{1,15}$",
                {"usernames": [raw]},
            )
    found, missing = [], []
    for name in names:
        user = state.user_by_username(name)
        if user is None:
            missing.append(not_found_item("user", "usernames", name))
        elif user not in found:
            found.append(user)
    return _many(state, query, found, missing)

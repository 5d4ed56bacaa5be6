"""Lists: a user's owned Lists, one List, and a List's posts.

Another user's private List is reported as not found, as X hides it.
"""

from .. import v2
from ..pagination import paginate, paginate_items
from ..params import (
    LIST_EXPANSIONS,
    LIST_PARAMS,
    TWEET_PARAMS,
    Query,
    check_path_id,
)
from ..present import Presenter
from ..problems import json_response, not_found_item, not_found_response

_OWNED_PARAMS = LIST_PARAMS | {"max_results", "pagination_token"}
_TWEETS_PARAMS = TWEET_PARAMS | {"max_results", "pagination_token"}


def _missing(state, resource_type, parameter, value):
    item = not_found_item(resource_type, parameter, value)
    return not_found_response(item, state.not_found_status)


@v2.endpoint("owned_lists")
def owned(request, state, token, user_id):
    """GET /2/users/:id/owned_lists (max_results 1-100, default 100, numeric tokens)."""
    query = Query(request, _OWNED_PARAMS)
    check_path_id("id", user_id)
    if state.user(user_id) is None:
        return _missing(state, "user", "id", user_id)
    page, meta = paginate_items(
        state.owned_lists(user_id, token.user_id),
        max_results=query.max_results(1, 100, 100),
        token=query.get("pagination_token"),
        style="numeric",
    )
    body = Presenter(state, query, expansions=LIST_EXPANSIONS).lists_body(page)
    body["meta"] = meta
    return json_response(body)


@v2.endpoint("list_by_id")
def by_id(request, state, token, list_id):
    """GET /2/lists/:id."""
    query = Query(request, LIST_PARAMS)
    check_path_id("id", list_id)
    found = state.visible_list(list_id, token.user_id)
    if found is None:
        return _missing(state, "list", "id", list_id)
    presenter = Presenter(state, query, expansions=LIST_EXPANSIONS)
    return json_response(presenter.lists_body([found], single=True))


@v2.endpoint("list_tweets")
def tweets(request, state, token, list_id):
    """GET /2/lists/:id/tweets: the members' posts, newest first (1-100, default 100)."""
    query = Query(request, _TWEETS_PARAMS)
    check_path_id("id", list_id)
    found = state.visible_list(list_id, token.user_id)
    if found is None:
        return _missing(state, "list", "id", list_id)
    page, meta = paginate(
        state.list_posts(found, token.user_id),
        max_results=query.max_results(1, 100, 100),
        token=query.get("pagination_token"),
    )
    for key in ("newest_id", "oldest_id"):
        meta.pop(key, None)  # X's List timeline meta has counts and tokens only
    body = Presenter(state, query).tweets_body(page)
    body["meta"] = meta
    return json_response(body)

"""Timelines: home (reverse chronological), mentions and a user's posts."""

from .. import v2
from ..pagination import paginate
from ..params import PAGING_PARAMS, TWEET_PARAMS, Query, check_path_id
from ..present import Presenter
from ..problems import (
    json_response,
    not_authorized_item,
    not_found_item,
    not_found_response,
    problem_response,
)

_HOME_PARAMS = TWEET_PARAMS | PAGING_PARAMS | {"exclude"}
_MENTION_PARAMS = TWEET_PARAMS | PAGING_PARAMS
_EXCLUDE = frozenset({"replies", "retweets"})


def _page(request, state, posts, query, *, low, default):
    excluded = query.csv("exclude", _EXCLUDE)
    if "replies" in excluded:
        posts = [p for p in posts if not p.in_reply_to_user_id]
    if "retweets" in excluded:
        posts = [p for p in posts if not any(kind == "retweeted" for kind, _ in p.referenced)]
    page, meta = paginate(
        posts,
        max_results=query.max_results(low, 100, default),
        token=query.get("pagination_token"),
        since_id=query.snowflake("since_id"),
        until_id=query.snowflake("until_id"),
        start_time=query.time("start_time"),
        end_time=query.time("end_time"),
    )
    body = Presenter(state, query).tweets_body(page)
    body["meta"] = meta
    return json_response(body)


@v2.endpoint("home_timeline")
def home(request, state, token, user_id):
    """GET /2/users/:id/timelines/reverse_chronological (only for the token's own user)."""
    query = Query(request, _HOME_PARAMS)
    check_path_id("id", user_id)
    if user_id != token.user_id:
        return problem_response(
            403, "You are not permitted to access the reverse chronological timeline of this user."
        )
    return _page(request, state, state.home_posts(user_id), query, low=1, default=100)


def _user_or_errors(state, user_id):
    user = state.user(user_id)
    if user is None:
        item = not_found_item("user", "id", user_id)
        return None, not_found_response(item, state.not_found_status)
    return user, None


@v2.endpoint("mentions")
def mentions(request, state, token, user_id):
    """GET /2/users/:id/mentions."""
    query = Query(request, _MENTION_PARAMS)
    check_path_id("id", user_id)
    user, missing = _user_or_errors(state, user_id)
    if missing:
        return missing
    return _page(request, state, state.mention_posts(user.id), query, low=5, default=10)


@v2.endpoint("user_tweets")
def user_tweets(request, state, token, user_id):
    """GET /2/users/:id/tweets."""
    query = Query(request, _HOME_PARAMS)
    check_path_id("id", user_id)
    user, missing = _user_or_errors(state, user_id)
    if missing:
        return missing
    if not state.can_see_posts_of(token.user_id, user.id):
        # A protected account's posts, asked for by someone who does not follow it.
        return json_response({"errors": [not_authorized_item("user", "id", user_id)]})
    return _page(request, state, state.authored_posts(user.id), query, low=5, default=10)

"""Likes and retweets: write them as the authenticated user, read who liked what.

Since June 2024 likes are private on X: a user's liked posts are shown only to
that user, and a post's liking users only to its author. Other callers get an
empty page here (an approximation; X's exact answer was not recorded).
"""

from .. import v2
from ..pagination import paginate_items
from ..params import TWEET_PARAMS, USER_PAGE_PARAMS, Query, check_body_id
from ..params import check_path_id as check_id
from ..present import Presenter
from ..problems import (
    forbidden_response,
    json_response,
    not_found_item,
    not_found_response,
    not_in_tier_response,
)
from .tweets import payload_of

_LIKED_PARAMS = TWEET_PARAMS | {"max_results", "pagination_token"}


def _missing_post(state, parameter, post_id):
    return not_found_response(not_found_item("tweet", parameter, post_id), state.not_found_status)


@v2.endpoint("like_post")
def like(request, state, token, user_id):
    """POST /2/users/:id/likes {"tweet_id"} → {"data":{"liked":true}} (not on self-serve)."""
    Query(request, frozenset())
    check_id("id", user_id)
    if user_id != token.user_id:
        return forbidden_response()
    post_id = check_body_id(payload_of(request), "tweet_id")
    if state.self_serve:
        return not_in_tier_response("Liking posts")
    if state.post(post_id) is None:
        return _missing_post(state, "tweet_id", post_id)
    state.like(user_id, post_id)
    return json_response({"data": {"liked": True}})


@v2.endpoint("unlike_post")
def unlike(request, state, token, user_id, post_id):
    """DELETE /2/users/:id/likes/:tweet_id → {"data":{"liked":false}}."""
    Query(request, frozenset())
    check_id("id", user_id)
    check_id("tweet_id", post_id)
    if user_id != token.user_id:
        return forbidden_response()
    state.unlike(user_id, post_id)
    return json_response({"data": {"liked": False}})


@v2.endpoint("liked_tweets")
def liked_tweets(request, state, token, user_id):
    """GET /2/users/:id/liked_tweets (max_results 5-100, default 100)."""
    query = Query(request, _LIKED_PARAMS)
    check_id("id", user_id)
    if state.user(user_id) is None:
        return not_found_response(not_found_item("user", "id", user_id), state.not_found_status)
    posts = state.liked_posts(user_id) if user_id == token.user_id else []
    page, meta = paginate_items(
        posts,
        max_results=query.max_results(5, 100, 100),
        token=query.get("pagination_token"),
        style="base36",
    )
    body = Presenter(state, query).tweets_body(page)
    body["meta"] = meta
    return json_response(body)


@v2.endpoint("liking_users")
def liking_users(request, state, token, post_id):
    """GET /2/tweets/:id/liking_users (max_results 1-100, default 100)."""
    query = Query(request, USER_PAGE_PARAMS)
    check_id("id", post_id)
    post = state.post(post_id)
    if post is None:
        return _missing_post(state, "id", post_id)
    users = state.liking_users(post_id) if post.author_id == token.user_id else []
    page, meta = paginate_items(
        users,
        max_results=query.max_results(1, 100, 100),
        token=query.get("pagination_token"),
        style="base36",
    )
    body = Presenter(state, query, for_users=True).users_body(page)
    body["meta"] = meta
    return json_response(body)


@v2.endpoint("retweet_post")
def retweet(request, state, token, user_id):
    """POST /2/users/:id/retweets {"tweet_id"} → {"data":{"retweeted":true}}.

    The retweet is a post of its own ("RT @user: …" cut to 140), so it shows in
    timelines; retweeting again changes nothing.
    """
    Query(request, frozenset())
    check_id("id", user_id)
    if user_id != token.user_id:
        return forbidden_response()
    post_id = check_body_id(payload_of(request), "tweet_id")
    original = state.post(post_id)
    if original is None or not state.can_see_posts_of(user_id, original.author_id):
        return _missing_post(state, "tweet_id", post_id)
    with state.lock:
        made = state.retweet_by(user_id, post_id) or state.create_retweet(user_id, original)
    return json_response({"data": {"retweeted": made is not None}})


@v2.endpoint("unretweet_post")
def unretweet(request, state, token, user_id, post_id):
    """DELETE /2/users/:id/retweets/:source_tweet_id → {"data":{"retweeted":false}}."""
    Query(request, frozenset())
    check_id("id", user_id)
    check_id("source_tweet_id", post_id)
    if user_id != token.user_id:
        return forbidden_response()
    state.unretweet(user_id, post_id)
    return json_response({"data": {"retweeted": False}})

"""Recent search: GET /2/tweets/search/recent over the stored posts (see ``search.py``).

The 7-day window of the real endpoint is not applied: the seed posts have
fixed dates, and a demo run weeks later should still find them.
"""

from .. import v2
from ..pagination import paginate
from ..params import PAGING_PARAMS, TWEET_PARAMS, Query
from ..present import Presenter
from ..problems import InvalidRequest, json_response
from ..search import SearchQuery

_PARAMS = TWEET_PARAMS | PAGING_PARAMS | {"query", "next_token", "sort_order"}
_SORT_ORDERS = frozenset({"recency", "relevancy"})
MAX_QUERY_LENGTH = 512


@v2.endpoint("search_recent")
def recent(request, state, token):
    """GET /2/tweets/search/recent?query=… (max_results 10-100, default 10)."""
    query = Query(request, _PARAMS)
    text = query.get("query")
    if not text:
        raise InvalidRequest(
            "The `query` query parameter can not be empty", {"query": [text or ""]}
        )
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidRequest(
            f"The `query` query parameter value [{text}] is not between 1 and "
            f"{MAX_QUERY_LENGTH} characters",
            {"query": [text]},
        )
    query.csv("sort_order", _SORT_ORDERS)
    parsed = SearchQuery(text)
    with state.lock:
        users = dict(state.users)
        media = dict(state.media)
    matches = parsed.predicate(
        users, lambda post: {media[k].type for k in post.media_keys if k in media}
    )
    viewer = token.user_id
    posts = state.newest_first(
        lambda post: state.can_see_posts_of(viewer, post.author_id) and matches(post)
    )
    page, meta = paginate(
        posts,
        max_results=query.max_results(10, 100, 10),
        token=query.get("next_token") or query.get("pagination_token"),
        since_id=query.snowflake("since_id"),
        until_id=query.snowflake("until_id"),
        start_time=query.time("start_time"),
        end_time=query.time("end_time"),
    )
    meta.pop("previous_token", None)  # search pages forward only
    body = Presenter(state, query).tweets_body(page)
    body["meta"] = meta
    return json_response(body)

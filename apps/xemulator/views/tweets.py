"""Posts: lookup by id or ids, create, delete."""

import json

from .. import uploads, v2
from ..params import TWEET_PARAMS, Query, check_path_id
from ..present import Presenter
from ..problems import (
    DUPLICATE_CONTENT,
    REPLY_TO_DELETED,
    TEXT_TOO_LONG,
    InvalidRequest,
    json_response,
    not_authorized_item,
    not_found_item,
    not_found_response,
    not_in_tier_response,
    problem_response,
    reply_refused_response,
)
from ..text import escape, fits_one_post, shorten_links


@v2.endpoint("tweet_by_id")
def by_id(request, state, token, post_id):
    """GET /2/tweets/:id."""
    query = Query(request, TWEET_PARAMS)
    check_path_id("id", post_id)
    post = state.post(post_id)
    if post is None:
        return not_found_response(not_found_item("tweet", "id", post_id), state.not_found_status)
    if not state.can_see_posts_of(token.user_id, post.author_id):
        return json_response({"errors": [not_authorized_item("tweet", "id", post_id)]})
    return json_response(Presenter(state, query).tweets_body([post], single=True))


@v2.endpoint("tweets_by_ids")
def by_ids(request, state, token):
    """GET /2/tweets?ids=: found posts in ``data``, missing ones in ``errors`` (HTTP 200)."""
    query = Query(request, TWEET_PARAMS | {"ids"})
    wanted = list(dict.fromkeys(query.ids("ids")))
    found, missing = [], []
    for post_id in wanted:
        post = state.post(post_id)
        if post is None:
            missing.append(not_found_item("tweet", "ids", post_id))
        elif not state.can_see_posts_of(token.user_id, post.author_id):
            missing.append(not_authorized_item("tweet", "ids", post_id))
        else:
            found.append(post)
    body = Presenter(state, query).tweets_body(found)
    errors = missing + body.pop("errors", [])
    if errors:
        body["errors"] = errors
    return json_response(body)


def payload_of(request) -> dict:
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        raise InvalidRequest("Request body is not valid JSON.", {}) from None
    if not isinstance(payload, dict):
        raise InvalidRequest("$: array found, object expected", {"$": [str(payload)[:50]]})
    return payload


def _media_keys(state, payload, token_user_id: str) -> tuple[str, ...]:
    media = payload.get("media")
    if media is None:
        return ()
    ids = media.get("media_ids") if isinstance(media, dict) else None
    if not isinstance(ids, list) or not 1 <= len(ids) <= 4:
        raise InvalidRequest(
            f"$.media.media_ids: {type(ids).__name__} found, array expected",
            {"$.media.media_ids": [json.dumps(ids)]},
        )
    keys = []
    for media_id in ids:
        key = next((k for k in state.media if k.split("_", 1)[1] == str(media_id)), None)
        if key is None or not uploads.usable_by(state, key, token_user_id):
            raise InvalidRequest(
                "Your media IDs are invalid.", {"media.media_ids": [str(media_id)]}
            )
        keys.append(key)
    return tuple(keys)


def _referenced(state, payload, field: str, parameter: str):
    value = payload.get(field)
    if isinstance(value, dict):
        value = value.get("in_reply_to_tweet_id")
    if value is None:
        return None
    post = state.post(str(value))
    if post is None and field == "reply":
        raise InvalidRequest(REPLY_TO_DELETED, {parameter: [str(value)]})
    if post is None:
        raise InvalidRequest(
            f"The `{parameter}` value [{value}] refers to a Tweet that does not exist or has "
            "been deleted.",
            {parameter: [str(value)]},
        )
    return post


@v2.endpoint("create_tweet")
def create(request, state, token):
    """POST /2/tweets with a JSON body: text, reply.in_reply_to_tweet_id, quote_tweet_id.

    A quote gets a t.co link to the quoted post appended to its text. On the
    self-serve tier quotes are refused, and replies too unless the author of
    the post replied to engaged the replier (X's 2026 rules).
    """
    Query(request, frozenset())
    payload = payload_of(request)
    text = payload.get("text", "")
    if not isinstance(text, str):
        raise InvalidRequest(f"$.text: {type(text).__name__} found, string expected", {})
    media_keys = _media_keys(state, payload, token.user_id)
    reply_to = _referenced(state, payload, "reply", "reply.in_reply_to_tweet_id")
    quote_of = _referenced(state, payload, "quote_tweet_id", "quote_tweet_id")
    if not text.strip() and not media_keys:
        raise InvalidRequest("You must provide at least one of text or media.", {"text": [text]})
    if text.strip() and not fits_one_post(text):
        raise InvalidRequest(TEXT_TOO_LONG, {"text": [text]})
    if quote_of is not None and state.self_serve:
        if state.reply_refusal == "authorization":
            return reply_refused_response(state.reply_refusal)
        return not_in_tier_response("Quote posts")
    if reply_to is not None and state.self_serve and not state.summoned(token.user_id, reply_to):
        return reply_refused_response(state.reply_refusal)
    stored_text, _ = shorten_links(text, token.user_id)
    if any(p.text == stored_text for p in state.authored_posts(token.user_id)):
        return problem_response(403, DUPLICATE_CONTENT)
    post = state.create_post(
        token.user_id, text, reply_to=reply_to, quote_of=quote_of, media_keys=media_keys
    )
    data = {"id": post.id, "text": escape(post.text), "edit_history_tweet_ids": [post.id]}
    return json_response({"data": data}, status=201)


@v2.endpoint("delete_tweet")
def delete(request, state, token, post_id):
    """DELETE /2/tweets/:id: only the token user's own posts."""
    Query(request, frozenset())
    check_path_id("id", post_id)
    post = state.post(post_id)
    if post is None:
        return not_found_response(not_found_item("tweet", "id", post_id), state.not_found_status)
    if post.author_id != token.user_id:
        return problem_response(403, "You are not allowed to delete a Tweet that is not yours.")
    state.delete_post(post_id)
    return json_response({"data": {"deleted": True}})

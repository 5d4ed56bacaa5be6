"""The X API client: OAuth 1.0a sign-in and the v2 calls the gateway makes.

One pooled HTTP session per process, OAuth 1.0a signing per call, timeouts on
every call, and every failure turned into an `errors.XError` subclass.
Reference: shared/reference/xapi.md §1 (OAuth), §2 (endpoints), §4 (errors).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterable, Mapping
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from requests_oauthlib import OAuth1

from . import errors
from .types import (
    AccessToken,
    FollowResult,
    Page,
    Post,
    RequestToken,
    User,
    XList,
    parse_dm_event,
    parse_list,
    parse_page,
    parse_post,
    parse_user,
    parse_user_item,
)

logger = logging.getLogger(__name__)

# What a post needs to be rendered: author, retweeted/quoted originals with their
# authors and media, long-post text (xapi.md §2.1 "Suggested home-timeline call").
POST_FIELDS = {
    "expansions": (
        "author_id",
        "referenced_tweets.id",
        "referenced_tweets.id.author_id",
        "referenced_tweets.id.attachments.media_keys",
        "attachments.media_keys",
    ),
    "tweet.fields": (
        "created_at",
        "author_id",
        "conversation_id",
        "in_reply_to_user_id",
        "referenced_tweets",
        "entities",
        "attachments",
        "note_tweet",
        "public_metrics",
        "display_text_range",
    ),
    "user.fields": (
        "username",
        "name",
        "verified",
        "protected",
        "profile_image_url",
    ),
    "media.fields": ("type", "url", "preview_image_url", "width", "height", "alt_text"),
}
# What a profile or a user list shows (xapi.md §2.1 user.fields).
USER_FIELDS = {
    "user.fields": (
        "username",
        "name",
        "verified",
        "protected",
        "profile_image_url",
        "description",
        "public_metrics",
        "pinned_tweet_id",
        "entities",
        "location",
        "url",
        "created_at",
    ),
}
# A message with its sender looked up (xapi.md §2.1 dm_events; default fields are
# only id, event_type and text).
DM_FIELDS = {
    "dm_event.fields": (
        "id",
        "event_type",
        "text",
        "sender_id",
        "created_at",
        "dm_conversation_id",
        "referenced_tweets",
        "participant_ids",
        "attachments",
    ),
    "expansions": ("sender_id", "participant_ids"),
    "user.fields": USER_FIELDS["user.fields"],
}
LIST_FIELDS = {
    "list.fields": (
        "created_at",
        "description",
        "follower_count",
        "member_count",
        "owner_id",
        "private",
    ),
    "expansions": ("owner_id",),
    "user.fields": USER_FIELDS["user.fields"],
}
# X's limits per endpoint (xapi.md §2.1): home 1-100, mentions, user posts and likes
# 5-100, followers 1-1000, search 10-100, DMs, lists and list posts 1-100.
_HOME_RANGE = (1, 100)
_LIST_RANGE = (5, 100)
_USERS_RANGE = (1, 1000)
_SEARCH_RANGE = (10, 100)
_DM_RANGE = (1, 100)
_LISTS_RANGE = (1, 100)
_MAX_LOOKUP_IDS = 100
_POST_ID = re.compile(r"^[0-9]{1,19}$")

_session: requests.Session | None = None
_session_lock = threading.Lock()


def http_session() -> requests.Session:
    """The process's one pooled HTTP session to X, created on first use."""
    global _session
    if _session is None:
        with _session_lock:
            if _session is None:
                _session = _new_session()
    return _session


def _new_session() -> requests.Session:
    session = requests.Session()
    # max_retries=0: a POST that may have reached X is never sent twice; a failed
    # read falls back to the cache instead.
    adapter = HTTPAdapter(
        pool_connections=4, pool_maxsize=settings.X_POOL_SIZE, max_retries=0, pool_block=False
    )
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    # The session is shared by every user: a cookie X sets for one must never
    # be sent on another's call.
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session


def reset_http_session() -> None:
    """Close the pooled session (tests, or after a fork); the next call opens a new one."""
    global _session
    with _session_lock:
        if _session is not None:
            _session.close()
        _session = None


def _join(params: Mapping[str, Any]) -> dict[str, str]:
    """Query parameters with lists comma-joined: X rejects repeated keys (xapi.md §1.3)."""
    out = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            value = ",".join(str(v) for v in value)
        out[key] = str(value)
    return out


def _segment(value: Any) -> str:
    """One path segment, quoted so an id from a URL cannot change the path."""
    return quote(str(value), safe="")


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return max(low, min(high, int(value)))


class XClient:
    """X API calls for one user (token + secret), or for the sign-in steps (no token)."""

    def __init__(
        self,
        token: str | None = None,
        token_secret: str | None = None,
        *,
        base_url: str | None = None,
        consumer_key: str | None = None,
        consumer_secret: str | None = None,
    ):
        self.token = token
        self.token_secret = token_secret
        self.base_url = (base_url or settings.X_API_BASE_URL).rstrip("/")
        self.consumer_key = consumer_key or settings.X_CONSUMER_KEY
        self.consumer_secret = consumer_secret or settings.X_CONSUMER_SECRET

    def __repr__(self) -> str:
        return f"<XClient {self.base_url} user_token={'yes' if self.token else 'no'}>"

    # --- transport ---------------------------------------------------------------

    def _auth(self, *, token=None, secret=None, callback=None, verifier=None) -> OAuth1:
        # decoding=None keeps the Authorization header a str; with the default
        # ('utf-8') it is bytes, which some servers and adapters reject (xapi.md §1.6).
        return OAuth1(
            self.consumer_key,
            client_secret=self.consumer_secret,
            resource_owner_key=token,
            resource_owner_secret=secret,
            callback_uri=callback,
            verifier=verifier,
            decoding=None,
        )

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        auth: OAuth1 | None = None,
        oauth_step: bool = False,
        expect: Iterable[int] = (200,),
        action: str | None = None,
    ) -> requests.Response:
        """Send one signed request; return the response or raise a typed error.

        `action` names what the user was doing ("like", "follow"...) so that a
        refusal can say it in plain words (`errors.Forbidden.reason`).
        """
        url = self.base_url + path
        if auth is None:
            auth = self._auth(token=self.token, secret=self.token_secret)
        kwargs: dict[str, Any] = {
            "params": _join(params or {}),
            "auth": auth,
            "timeout": (settings.X_CONNECT_TIMEOUT, settings.X_READ_TIMEOUT),
            "allow_redirects": False,
        }
        if body is not None:
            kwargs["data"] = json.dumps(body, ensure_ascii=False).encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        started = time.monotonic()
        try:
            response = http_session().request(method, url, **kwargs)
        except requests.Timeout as exc:
            self._log(method, path, None, started)
            detail = f"X did not answer in time ({type(exc).__name__})"
            raise errors.Unavailable(None, detail, timed_out=True) from exc
        except requests.RequestException as exc:
            self._log(method, path, None, started)
            raise errors.Unavailable(None, f"Could not reach X ({type(exc).__name__})") from exc
        self._log(method, path, response.status_code, started)
        if response.status_code not in expect:
            error = errors.error_for_response(
                response.status_code, response.text, response.headers, oauth_step=oauth_step
            )
            if isinstance(error, errors.Forbidden):
                error.action = action
            raise error
        return response

    @staticmethod
    def _log(method: str, path: str, status: int | None, started: float) -> None:
        logger.debug(
            "X %s %s -> %s in %.0f ms",
            method,
            path,
            status if status is not None else "no answer",
            (time.monotonic() - started) * 1000,
        )

    def _json(self, method: str, path: str, **kwargs) -> dict:
        return self._decode(self._send(method, path, **kwargs))

    @staticmethod
    def _decode(response: requests.Response) -> dict:
        try:
            body = response.json()
        except ValueError as exc:
            raise errors.Unavailable(
                response.status_code, "X sent an answer that is not JSON", response.text[:300]
            ) from exc
        if not isinstance(body, dict):
            raise errors.Unavailable(response.status_code, "X sent an unexpected answer")
        return body

    def _form(self, path: str, auth: OAuth1) -> dict[str, str]:
        response = self._send("POST", path, auth=auth, oauth_step=True)
        text = response.text.strip()
        if text.startswith("{"):
            try:
                return {k: str(v) for k, v in json.loads(text).items()}
            except (ValueError, AttributeError):
                pass
        return dict(parse_qsl(text, keep_blank_values=True))

    def _single(self, path: str, params: Mapping[str, Any]) -> dict:
        """`{data, includes}` of a one-object lookup.

        X answers a missing id with HTTP 200 and only `errors` (newer: 404 with the
        same body); both are NotFound (xapi.md §4.1).
        """
        response = self._send("GET", path, params=params)
        body = self._decode(response)
        if not isinstance(body.get("data"), dict):
            parsed = errors.parse_error_body(response.text)
            raise errors.NotFound(
                response.status_code,
                parsed.detail or "Not found",
                response.text,
                problem_type=parsed.problem_type,
            )
        return body

    # --- OAuth 1.0a sign-in -----------------------------------------------------

    def fetch_request_token(self, callback: str) -> RequestToken:
        """Step 1: a request token for `callback` (a URL, or "oob" for the PIN flow)."""
        values = self._form("/oauth/request_token", self._auth(callback=callback))
        if not values.get("oauth_token") or not values.get("oauth_token_secret"):
            raise errors.OAuthFailed(200, "X sent no request token")
        confirmed = values.get("oauth_callback_confirmed") == "true"
        if not confirmed:
            # OAuth 1.0a: an unconfirmed callback means X did not take ours.
            raise errors.OAuthFailed(200, "X did not confirm the callback URL")
        return RequestToken(values["oauth_token"], values["oauth_token_secret"], confirmed)

    def authorize_url(
        self,
        request_token: RequestToken | str,
        *,
        authenticate: bool = True,
        force_login: bool = False,
    ) -> str:
        """Step 2: where to send the user to approve (authenticate = "Sign in with X")."""
        token = request_token.token if isinstance(request_token, RequestToken) else request_token
        query = {"oauth_token": token}
        if force_login:
            query["force_login"] = "true"
        page = "authenticate" if authenticate else "authorize"
        return f"{settings.X_AUTHORIZE_BASE_URL.rstrip('/')}/oauth/{page}?{urlencode(query)}"

    def fetch_access_token(
        self, request_token: str, request_secret: str, verifier: str
    ) -> AccessToken:
        """Step 3: trade the approved request token and verifier (or PIN) for an access token."""
        auth = self._auth(token=request_token, secret=request_secret, verifier=verifier)
        values = self._form("/oauth/access_token", auth)
        try:
            return AccessToken(
                token=values["oauth_token"],
                secret=values["oauth_token_secret"],
                user_id=values["user_id"],
                screen_name=values.get("screen_name", ""),
            )
        except KeyError as exc:
            raise errors.OAuthFailed(200, f"X sent no {exc.args[0]}") from exc

    def invalidate_token(self) -> None:
        """Revoke this client's access token at X (sign-out everywhere)."""
        self._send("POST", "/1.1/oauth/invalidate_token")

    # --- users ------------------------------------------------------------------

    def me(self) -> User:
        """The signed-in user."""
        return parse_user(self._single("/2/users/me", USER_FIELDS)["data"])

    def user(self, user_id: str) -> User:
        """A user by id."""
        return parse_user(self._single(f"/2/users/{_segment(user_id)}", USER_FIELDS)["data"])

    def user_by_username(self, username: str) -> User:
        """A user by @name (without the @)."""
        path = f"/2/users/by/username/{_segment(username.lstrip('@'))}"
        return parse_user(self._single(path, USER_FIELDS)["data"])

    # --- timelines ----------------------------------------------------------------

    def _timeline(
        self, path: str, bounds, max_results, pagination_token, since_id, until_id=None
    ) -> Page:
        params = {
            **POST_FIELDS,
            "max_results": _clamp(max_results, bounds),
            "pagination_token": pagination_token,
            "since_id": since_id,
            "until_id": until_id,
        }
        return parse_page(self._json("GET", path, params=params))

    def home_timeline(
        self,
        user_id: str,
        *,
        max_results: int = 20,
        pagination_token: str | None = None,
        since_id: str | None = None,
        until_id: str | None = None,
    ) -> Page:
        """The user's home timeline, newest first (`user_id` must be the token's user).

        ``until_id`` gives only posts older than that id (an "older" cursor).
        """
        path = f"/2/users/{_segment(user_id)}/timelines/reverse_chronological"
        return self._timeline(path, _HOME_RANGE, max_results, pagination_token, since_id, until_id)

    def mentions(
        self,
        user_id: str,
        *,
        max_results: int = 20,
        pagination_token: str | None = None,
        since_id: str | None = None,
        until_id: str | None = None,
    ) -> Page:
        """Posts mentioning the user, newest first (``until_id``: older than that id)."""
        path = f"/2/users/{_segment(user_id)}/mentions"
        return self._timeline(path, _LIST_RANGE, max_results, pagination_token, since_id, until_id)

    def user_posts(
        self,
        user_id: str,
        *,
        max_results: int = 20,
        pagination_token: str | None = None,
        since_id: str | None = None,
    ) -> Page:
        """A user's own posts, newest first."""
        path = f"/2/users/{_segment(user_id)}/tweets"
        return self._timeline(path, _LIST_RANGE, max_results, pagination_token, since_id)

    # --- posts ------------------------------------------------------------------

    def post(self, post_id: str) -> Post:
        """One post by id, with what it needs to be rendered."""
        body = self._single(f"/2/tweets/{_segment(post_id)}", POST_FIELDS)
        return parse_post(body["data"], body.get("includes"))

    def posts(self, ids: Iterable[str]) -> Page:
        """Several posts by id (at most 100); missing ones come back in `Page.errors`."""
        ids = [str(i) for i in ids]
        if not ids:
            return Page()
        if len(ids) > _MAX_LOOKUP_IDS:
            raise ValueError(f"at most {_MAX_LOOKUP_IDS} ids per lookup")
        return parse_page(self._json("GET", "/2/tweets", params={**POST_FIELDS, "ids": ids}))

    def create_post(
        self, text: str, *, in_reply_to: str | None = None, quote_of: str | None = None
    ) -> Post:
        """Post `text`, optionally as a reply or a quote; returns the new post (id, text)."""
        body: dict[str, Any] = {"text": text}
        if in_reply_to:
            body["reply"] = {"in_reply_to_tweet_id": str(in_reply_to)}
        if quote_of:
            body["quote_tweet_id"] = str(quote_of)
        # Quote posts left self-serve access in 2026 (xapi.md §2.0); replies need a summons.
        action = "quote" if quote_of else "reply" if in_reply_to else "post"
        answer = self._json("POST", "/2/tweets", body=body, expect=(200, 201), action=action)
        data = answer.get("data") or {}
        if "id" not in data:
            raise errors.Unavailable(201, "X accepted the post but sent no id")
        return Post(id=str(data["id"]), text=str(data.get("text", text)))

    def delete_post(self, post_id: str) -> bool:
        """Delete one of the user's posts; True if X says it is gone."""
        body = self._json("DELETE", f"/2/tweets/{_segment(post_id)}")
        return bool((body.get("data") or {}).get("deleted"))

    # --- likes and retweets -------------------------------------------------------------

    def _write(self, method: str, path: str, key: str, *, body=None, action: str) -> dict:
        """`data` of a like/retweet/follow write, which X answers with 200.

        A missing post or user comes back as HTTP 200 with only `errors` (or 404):
        NotFound, as for lookups (xapi.md §4.1).
        """
        response = self._send(method, path, body=body, action=action)
        answer = self._decode(response)
        data = answer.get("data")
        if isinstance(data, dict) and key in data:
            return data
        if answer.get("errors"):
            parsed = errors.parse_error_body(response.text)
            raise errors.NotFound(
                response.status_code,
                parsed.detail or "Not found",
                response.text,
                problem_type=parsed.problem_type,
            )
        raise errors.Unavailable(response.status_code, f"X sent no '{key}' in its answer")

    def _flag(self, method: str, path: str, key: str, *, body=None, action: str) -> bool:
        return bool(self._write(method, path, key, body=body, action=action)[key])

    def like(self, user_id: str, post_id: str) -> bool:
        """Like a post as the user (`user_id` must be the token's user); True if liked."""
        path = f"/2/users/{_segment(user_id)}/likes"
        return self._flag("POST", path, "liked", body={"tweet_id": str(post_id)}, action="like")

    def unlike(self, user_id: str, post_id: str) -> bool:
        """Take back a like; True if X says the post is no longer liked."""
        path = f"/2/users/{_segment(user_id)}/likes/{_segment(post_id)}"
        return not self._flag("DELETE", path, "liked", action="unlike")

    def liked_posts(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """Posts the user liked, most recently liked first."""
        path = f"/2/users/{_segment(user_id)}/liked_tweets"
        return self._timeline(path, _LIST_RANGE, max_results, pagination_token, None)

    def retweet(self, user_id: str, post_id: str) -> bool:
        """Repost a post as the user; True if X says it is reposted."""
        path = f"/2/users/{_segment(user_id)}/retweets"
        body = {"tweet_id": str(post_id)}
        return self._flag("POST", path, "retweeted", body=body, action="retweet")

    def unretweet(self, user_id: str, post_id: str) -> bool:
        """Undo a repost (`post_id` is the original's id); True if X says it is undone."""
        path = f"/2/users/{_segment(user_id)}/retweets/{_segment(post_id)}"
        return not self._flag("DELETE", path, "retweeted", action="unretweet")

    # --- follows ------------------------------------------------------------------------

    def follow(self, user_id: str, target_id: str) -> FollowResult:
        """Follow `target_id`; a protected account gives `pending` (a follow request)."""
        path = f"/2/users/{_segment(user_id)}/following"
        body = {"target_user_id": str(target_id)}
        data = self._write("POST", path, "following", body=body, action="follow")
        return FollowResult(bool(data["following"]), bool(data.get("pending_follow", False)))

    def unfollow(self, user_id: str, target_id: str) -> bool:
        """Stop following `target_id`; True if X says the user no longer follows."""
        path = f"/2/users/{_segment(user_id)}/following/{_segment(target_id)}"
        return not self._flag("DELETE", path, "following", action="unfollow")

    def _users_page(self, path: str, max_results: int, pagination_token: str | None) -> Page:
        params = {
            **USER_FIELDS,
            "max_results": _clamp(max_results, _USERS_RANGE),
            "pagination_token": pagination_token,
        }
        return parse_page(self._json("GET", path, params=params), parse_user_item)

    def followers(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """One page of the accounts following `user_id` (a Page of User)."""
        path = f"/2/users/{_segment(user_id)}/followers"
        return self._users_page(path, max_results, pagination_token)

    def following(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """One page of the accounts `user_id` follows (a Page of User)."""
        path = f"/2/users/{_segment(user_id)}/following"
        return self._users_page(path, max_results, pagination_token)

    # --- user lookups in bulk ---------------------------------------------------------

    def users(self, ids: Iterable[str]) -> Page:
        """Several users by id (at most 100); missing ones come back in `Page.errors`."""
        ids = _batch(ids)
        if not ids:
            return Page()
        body = self._json("GET", "/2/users", params={**USER_FIELDS, "ids": ids})
        return parse_page(body, parse_user_item)

    def users_by_usernames(self, names: Iterable[str]) -> Page:
        """Several users by @name (at most 100, with or without the @)."""
        names = _batch(name.lstrip("@") for name in names)
        if not names:
            return Page()
        body = self._json("GET", "/2/users/by", params={**USER_FIELDS, "usernames": names})
        return parse_page(body, parse_user_item)

    # --- search and conversations -----------------------------------------------------

    def search_recent(
        self,
        query: str,
        *,
        max_results: int = 20,
        next_token: str | None = None,
        since_id: str | None = None,
    ) -> Page:
        """Posts of the last 7 days matching `query`, newest first (10-100 per page)."""
        params = {
            **POST_FIELDS,
            "query": query,
            "max_results": _clamp(max_results, _SEARCH_RANGE),
            "next_token": next_token,
            "since_id": since_id,
        }
        return parse_page(self._json("GET", "/2/tweets/search/recent", params=params))

    def conversation(
        self,
        conversation_id: str,
        *,
        max_results: int = 20,
        next_token: str | None = None,
        since_id: str | None = None,
    ) -> Page:
        """The posts of a conversation (replies in a thread) seen by recent search."""
        conversation_id = str(conversation_id)
        if not _POST_ID.match(conversation_id):
            # Only digits may go into the query: anything else would change the search.
            raise errors.BadRequest(None, "Not a post id.")
        return self.search_recent(
            f"conversation_id:{conversation_id}",
            max_results=max_results,
            next_token=next_token,
            since_id=since_id,
        )

    # --- direct messages ----------------------------------------------------------------

    def _dm_page(self, path: str, max_results: int, pagination_token: str | None) -> Page:
        params = {
            **DM_FIELDS,
            "max_results": _clamp(max_results, _DM_RANGE),
            "pagination_token": pagination_token,
        }
        return parse_page(self._json("GET", path, params=params), parse_dm_event)

    def dm_events(self, *, max_results: int = 20, pagination_token: str | None = None) -> Page:
        """The user's recent direct-message events in every conversation, newest first."""
        return self._dm_page("/2/dm_events", max_results, pagination_token)

    def dm_conversation_with(
        self, participant_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """The one-to-one conversation with `participant_id`, newest first (Page of DMEvent)."""
        path = f"/2/dm_conversations/with/{_segment(participant_id)}/dm_events"
        return self._dm_page(path, max_results, pagination_token)

    def dm_conversation(
        self, conversation_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """A conversation by id ("low-high" user ids for one-to-one, a number for groups)."""
        path = f"/2/dm_conversations/{_segment(conversation_id)}/dm_events"
        return self._dm_page(path, max_results, pagination_token)

    def _send_message(self, path: str, text: str) -> tuple[str, str]:
        answer = self._json("POST", path, body={"text": text}, expect=(200, 201), action="dm")
        data = answer.get("data") or {}
        if "dm_conversation_id" not in data or "dm_event_id" not in data:
            raise errors.Unavailable(201, "X accepted the message but sent no ids")
        return str(data["dm_conversation_id"]), str(data["dm_event_id"])

    def send_dm(self, participant_id: str, text: str) -> tuple[str, str]:
        """Send `text` to one user; returns (conversation id, event id)."""
        path = f"/2/dm_conversations/with/{_segment(participant_id)}/messages"
        return self._send_message(path, text)

    def send_dm_to_conversation(self, conversation_id: str, text: str) -> tuple[str, str]:
        """Send `text` into an existing conversation; returns (conversation id, event id)."""
        path = f"/2/dm_conversations/{_segment(conversation_id)}/messages"
        return self._send_message(path, text)

    # --- lists --------------------------------------------------------------------------

    def owned_lists(
        self, user_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """The lists `user_id` owns (a Page of XList)."""
        params = {
            **LIST_FIELDS,
            "max_results": _clamp(max_results, _LISTS_RANGE),
            "pagination_token": pagination_token,
        }
        path = f"/2/users/{_segment(user_id)}/owned_lists"
        return parse_page(self._json("GET", path, params=params), parse_list)

    def list(self, list_id: str) -> XList:
        """One list by id."""
        body = self._single(f"/2/lists/{_segment(list_id)}", LIST_FIELDS)
        return parse_list(body["data"], body.get("includes"))

    def list_posts(
        self, list_id: str, *, max_results: int = 20, pagination_token: str | None = None
    ) -> Page:
        """The posts of a list's members, newest first."""
        path = f"/2/lists/{_segment(list_id)}/tweets"
        return self._timeline(path, _LISTS_RANGE, max_results, pagination_token, None)


def _batch(values: Iterable[Any]) -> list[str]:
    """Ids or names for one lookup, duplicates dropped; X takes at most 100 (xapi.md §2.1)."""
    out = list(dict.fromkeys(str(v) for v in values if str(v)))
    if len(out) > _MAX_LOOKUP_IDS:
        raise ValueError(f"at most {_MAX_LOOKUP_IDS} ids per lookup")
    return out

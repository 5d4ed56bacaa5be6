"""The client's HTTP protocol, against a real local HTTP server scripted per test."""

import json
import logging
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.xapi import errors
from apps.xapi.client import XClient, http_session
from apps.xapi.credentials import RequestToken
from apps.xapi.types import DMEvent, FollowResult, XList

from .conftest import Reply, load

ME = "1072250532645998596"
HOME = f"/2/users/{ME}/timelines/reverse_chronological"
UNAUTHORIZED = load("error-bodies.json")["v2_401_bad_or_missing_oauth"]["body"]


def oauth_params(seen) -> dict:
    header = seen.headers["authorization"]
    assert header.startswith("OAuth ")
    pairs = [p.strip().split("=", 1) for p in header[len("OAuth ") :].split(",")]
    return {k: v.strip('"') for k, v in pairs}


def test_home_timeline_asks_for_render_fields_with_comma_joined_lists(stub, xclient):
    body = load("docs-dd-retweet.json")
    stub.route("GET", HOME, Reply(200, {**body, "meta": {"result_count": 1, "next_token": "n1"}}))
    page = xclient.home_timeline(ME, max_results=20, pagination_token="p0")
    assert page.next_token == "n1"
    assert page.items[0].retweeted.author.username == "suhemparack"
    (seen,) = stub.calls("GET", HOME)
    # No repeated keys: X rejects them (xapi.md §1.3).
    assert all(len(values) == 1 for values in seen.query.values())
    assert seen.query["max_results"] == ["20"]
    assert seen.query["pagination_token"] == ["p0"]
    assert "since_id" not in seen.query
    expansions = seen.query["expansions"][0].split(",")
    assert {"author_id", "referenced_tweets.id", "referenced_tweets.id.author_id"} <= set(
        expansions
    )
    assert "attachments.media_keys" in expansions
    fields = seen.query["tweet.fields"][0].split(",")
    assert {"note_tweet", "entities", "created_at", "referenced_tweets"} <= set(fields)
    assert "profile_image_url" in seen.query["user.fields"][0]
    assert "preview_image_url" in seen.query["media.fields"][0]


def test_every_call_is_signed_with_the_users_token(stub, xclient):
    stub.route("GET", "/2/users/me", Reply(200, {"data": {"id": ME, "name": "T", "username": "t"}}))
    user = xclient.me()
    assert (user.id, user.username, user.name) == (ME, "t", "T")
    params = oauth_params(stub.calls()[0])
    assert params["oauth_consumer_key"] == "consumer-key-0001"
    assert params["oauth_token"] == "1072250532645998596-usertokenusertokenusertoken"
    assert params["oauth_signature_method"] == "HMAC-SHA1"
    assert params["oauth_version"] == "1.0"


@pytest.mark.parametrize(
    ("method", "low"), [("mentions", 5), ("user_posts", 5), ("home_timeline", 1)]
)
def test_max_results_is_clamped_to_xs_range(stub, xclient, method, low):
    path = {"mentions": f"/2/users/{ME}/mentions", "user_posts": f"/2/users/{ME}/tweets"}.get(
        method, HOME
    )
    stub.route("GET", path, Reply(200, {"meta": {"result_count": 0}}))
    getattr(xclient, method)(ME, max_results=1)
    getattr(xclient, method)(ME, max_results=500)
    assert [c.query["max_results"] for c in stub.calls("GET", path)] == [[str(low)], ["100"]]


def test_ids_from_urls_cannot_change_the_path(stub, xclient):
    stub.route("GET", "/2/tweets/..%2Fusers%2Fme", Reply(200, {"errors": [{"detail": "nope"}]}))
    with pytest.raises(errors.NotFound):
        xclient.post("../users/me")
    assert stub.calls()[0].path == "/2/tweets/..%2Fusers%2Fme"


def test_single_lookup_answered_with_only_errors_is_not_found(stub, xclient):
    body = load("error-bodies.json")["v2_200_not_found_single_lookup_historic"]["body"]
    stub.route("GET", "/2/users/by/username/giggggfbgfb", Reply(200, body))
    with pytest.raises(errors.NotFound) as caught:
        xclient.user_by_username("@giggggfbgfb")
    assert caught.value.detail == "Could not find user with username: [giggggfbgfb]."
    assert caught.value.status == 200


def test_create_post_sends_a_json_body_and_reads_the_201(stub, xclient):
    stub.route(
        "POST",
        "/2/tweets",
        Reply(201, {"data": {"id": "1456012973835788293", "text": "テスト &amp; test"}}),
    )
    post = xclient.create_post("テスト & test", in_reply_to="42", quote_of="43")
    assert post.id == "1456012973835788293"
    assert post.display_text == "テスト & test"
    (seen,) = stub.calls("POST", "/2/tweets")
    assert seen.headers["content-type"] == "application/json"
    assert json.loads(seen.body) == {
        "text": "テスト & test",
        "reply": {"in_reply_to_tweet_id": "42"},
        "quote_tweet_id": "43",
    }
    assert "oauth_signature" in oauth_params(seen)


def test_delete_post(stub, xclient):
    stub.route("DELETE", "/2/tweets/77", Reply(200, {"data": {"deleted": True}}))
    assert xclient.delete_post("77") is True


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, UNAUTHORIZED, errors.TokenRevoked),
        (403, load("error-bodies.json")["v2_403_oauth1_read_only_app"]["body"], errors.Forbidden),
        (
            404,
            {"title": "Not Found Error", "detail": "Could not find tweet with id: [1]."},
            errors.NotFound,
        ),
        (400, load("error-bodies.json")["v2_400_invalid_request_param"]["body"], errors.BadRequest),
        (
            500,
            {"title": "Internal Server Error", "detail": "Internal Server Error", "status": 500},
            errors.Unavailable,
        ),
        (
            503,
            {"title": "Service Unavailable", "detail": "Service Unavailable", "status": 503},
            errors.Unavailable,
        ),
    ],
)
def test_http_failures_become_typed_errors(stub, xclient, status, body, cls):
    stub.route("GET", "/2/tweets/1", Reply(status, body))
    with pytest.raises(cls) as caught:
        xclient.post("1")
    assert caught.value.status == status
    assert caught.value.detail == body["detail"]


def test_429_carries_the_reset_time(stub, xclient):
    reset = int(time.time()) + 600
    stub.route(
        "GET",
        HOME,
        Reply(
            429,
            load("error-bodies.json")["v2_429_rate_limited"]["body"],
            {
                "x-rate-limit-limit": "180",
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(reset),
            },
        ),
    )
    with pytest.raises(errors.RateLimited) as caught:
        xclient.home_timeline(ME)
    assert caught.value.reset_at == datetime.fromtimestamp(reset, UTC)


def test_read_timeout_is_unavailable_and_timed_out(stub, xclient, settings):
    settings.X_READ_TIMEOUT = 0.2
    stub.route("GET", HOME, Reply(200, {"meta": {"result_count": 0}}, delay=1.0))
    started = time.monotonic()
    with pytest.raises(errors.Unavailable) as caught:
        xclient.home_timeline(ME)
    assert caught.value.timed_out is True
    assert caught.value.status is None
    assert time.monotonic() - started < 0.9


def test_connection_refused_is_unavailable_not_timed_out(closed_port):
    client = XClient("t", "s", base_url=f"http://127.0.0.1:{closed_port}")
    with pytest.raises(errors.Unavailable) as caught:
        client.me()
    assert caught.value.timed_out is False


def test_a_200_that_is_not_json_is_unavailable(stub, xclient):
    stub.route("GET", HOME, Reply(200, text="<html>captive portal</html>"))
    with pytest.raises(errors.Unavailable):
        xclient.home_timeline(ME)


def test_one_pooled_connection_serves_consecutive_calls(stub, xclient):
    stub.route("GET", "/2/users/me", Reply(200, {"data": {"id": ME, "name": "T", "username": "t"}}))
    other = XClient("other-token", "other-secret", base_url=stub.base_url)
    xclient.me()
    other.me()
    xclient.me()
    assert len({c.client_port for c in stub.calls()}) == 1
    assert http_session() is http_session()


def test_pool_size_comes_from_settings(stub, settings):
    from apps.xapi.client import reset_http_session

    settings.X_POOL_SIZE = 3
    reset_http_session()
    adapter = http_session().get_adapter(stub.base_url)
    assert adapter._pool_maxsize == 3
    assert adapter.max_retries.total == 0


def test_a_cookie_set_for_one_user_is_never_sent_for_another(stub, xclient):
    stub.route(
        "GET",
        "/2/users/me",
        Reply(
            200,
            {"data": {"id": ME, "name": "T", "username": "t"}},
            {"Set-Cookie": "guest_id=v1%3A1; Path=/"},
        ),
    )
    xclient.me()
    XClient("other-token", "other-secret", base_url=stub.base_url).me()
    assert all("cookie" not in c.headers for c in stub.calls())


def test_a_failed_post_is_not_retried(stub, xclient):
    stub.route("POST", "/2/tweets", Reply(503, {"detail": "Service Unavailable"}))
    with pytest.raises(errors.Unavailable):
        xclient.create_post("hello")
    assert len(stub.calls("POST", "/2/tweets")) == 1


def test_calls_are_logged_with_method_path_status_and_duration(stub, xclient, caplog):
    stub.route("GET", "/2/users/me", Reply(200, {"data": {"id": ME, "name": "T", "username": "t"}}))
    with caplog.at_level(logging.DEBUG, logger="apps.xapi.transport"):
        xclient.me()
    (record,) = [
        r for r in caplog.records if r.name == "apps.xapi.transport" and "GET" in r.getMessage()
    ]
    assert record.getMessage().startswith("X GET /2/users/me -> 200 in ")
    assert "usertoken" not in record.getMessage()


# --- OAuth sign-in steps ------------------------------------------------------------


def test_request_token_sends_the_callback_and_checks_confirmation(stub):
    stub.route(
        "POST",
        "/oauth/request_token",
        Reply(
            200,
            text="oauth_token=Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik"
            "&oauth_token_secret=Kd75W&oauth_callback_confirmed=true",
        ),
    )
    client = XClient(base_url=stub.base_url)
    token = client.fetch_request_token("https://gw.example/login/callback/")
    assert token == RequestToken("Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik", "Kd75W", True)
    params = oauth_params(stub.calls()[0])
    assert params["oauth_callback"] == "https%3A%2F%2Fgw.example%2Flogin%2Fcallback%2F"
    assert "oauth_token" not in params


def test_request_token_without_callback_confirmation_fails(stub):
    stub.route(
        "POST", "/oauth/request_token", Reply(200, text="oauth_token=a&oauth_token_secret=b")
    )
    with pytest.raises(errors.OAuthFailed):
        XClient(base_url=stub.base_url).fetch_request_token("oob")


def test_request_token_with_bad_consumer_keys_is_oauth_failed(stub):
    body = load("error-bodies.json")["oauth_v1_style_401_bad_signature"]["body"]
    stub.route("POST", "/oauth/request_token", Reply(401, body))
    with pytest.raises(errors.OAuthFailed) as caught:
        XClient(base_url=stub.base_url).fetch_request_token("oob")
    assert caught.value.detail == "Could not authenticate you."
    assert caught.value.codes == (32,)


def test_access_token_signs_the_verifier_and_reads_the_user(stub):
    stub.route(
        "POST",
        "/oauth/access_token",
        Reply(
            200,
            text="oauth_token=6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY"
            "&oauth_token_secret=2EEf&user_id=6253282&screen_name=xapi",
        ),
    )
    token = XClient(base_url=stub.base_url).fetch_access_token("req-token", "req-secret", "4868795")
    assert token.token == "6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY"
    assert (token.secret, token.user_id, token.screen_name) == ("2EEf", "6253282", "xapi")
    params = oauth_params(stub.calls()[0])
    assert params["oauth_verifier"] == "4868795"
    assert params["oauth_token"] == "req-token"


def test_a_bad_verifier_is_oauth_failed_with_xs_plain_text_reason(stub):
    text = load("error-bodies.json")["oauth_access_token_401_bad_verifier"]["body_text"]
    stub.route("POST", "/oauth/access_token", Reply(401, text=text))
    with pytest.raises(errors.OAuthFailed) as caught:
        XClient(base_url=stub.base_url).fetch_access_token("t", "s", "0000000")
    assert caught.value.detail == text


def test_authorize_url_uses_the_browser_facing_host(settings):
    settings.X_AUTHORIZE_BASE_URL = "https://x.example"
    client = XClient(base_url="http://127.0.0.1:1")
    url = client.authorize_url(RequestToken("abc", "s", True))
    assert url == "https://x.example/oauth/authenticate?oauth_token=abc"
    url = client.authorize_url("abc", authenticate=False, force_login=True)
    parts = urlsplit(url)
    assert parts.path == "/oauth/authorize"
    assert parse_qs(parts.query) == {"oauth_token": ["abc"], "force_login": ["true"]}


def test_invalidate_token_posts_to_the_v11_endpoint(stub, xclient):
    stub.route("POST", "/1.1/oauth/invalidate_token", Reply(200, {"access_token": "ACCESS_TOKEN"}))
    xclient.invalidate_token()
    assert oauth_params(stub.calls()[0])["oauth_token"].startswith(ME)


# --- likes, retweets, follows ---------------------------------------------------------


def recorded(cassette: str, index: int):
    """(method, path, JSON request body, status, response body) of one recorded call."""
    interaction = load(cassette)[index]
    request, response = interaction["request"], interaction["response"]
    return (
        request["method"],
        urlsplit(request["uri"]).path,
        request.get("body"),
        response["status"]["code"],
        response["body"],
    )


@pytest.mark.parametrize(
    ("cassette", "index", "call", "expected"),
    [
        ("test_client_like_and_unlike.json", 0, lambda c: c.like(ME, "1293593516040269825"), True),
        ("test_client_like_and_unlike.json", 1, lambda c: c.unlike(ME, "1293593516040269825"),
         True),
        ("test_client_retweet_and_unretweet.json", 0,
         lambda c: c.retweet(ME, "1415348607813832708"), True),
        ("test_client_retweet_and_unretweet.json", 1,
         lambda c: c.unretweet(ME, "1415348607813832708"), True),
        ("test_client_follow_and_unfollow_user.json", 1, lambda c: c.unfollow(ME, "17874544"),
         True),
    ],
)  # fmt: skip
def test_writes_send_xs_recorded_requests_and_read_its_answers(
    stub, xclient, cassette, index, call, expected
):
    # The cassettes were recorded as the tweepy test account, which is ME.
    method, path, body, status, answer = recorded(cassette, index)
    stub.route(method, path, Reply(status, answer))
    assert call(xclient) is expected
    (seen,) = stub.calls()
    assert (seen.method, seen.path) == (method, path)
    if body is None:
        assert seen.body == b""
    else:
        assert seen.headers["content-type"] == "application/json"
        assert json.loads(seen.body) == body
    assert "oauth_signature" in oauth_params(seen)


def test_follow_reads_following_and_pending(stub, xclient):
    method, path, body, status, answer = recorded("test_client_follow_and_unfollow_user.json", 0)
    stub.route(method, path, Reply(status, answer))
    result = xclient.follow(ME, "17874544")
    assert (result.following, result.pending) == (True, False)
    assert json.loads(stub.calls()[0].body) == {"target_user_id": "17874544"}
    stub.route(method, path, Reply(200, {"data": {"following": False, "pending_follow": True}}))
    assert xclient.follow(ME, "17874544") == FollowResult(following=False, pending=True)


def test_a_write_answered_without_its_flag_is_unavailable(stub, xclient):
    stub.route("POST", f"/2/users/{ME}/likes", Reply(200, {"data": {}}))
    with pytest.raises(errors.Unavailable):
        xclient.like(ME, "1")


TIER_REFUSAL = {
    "title": "Client Forbidden",
    "detail": "You currently have access to a subset of X API V2 endpoints and limited v1.1 "
    "endpoints only. If you need access to this endpoint, you may need a different access level.",
    "reason": "client-not-enrolled",
    "registration_url": "https://developer.x.com/en/portal/product",
    "type": "https://api.x.com/2/problems/client-forbidden",
}


@pytest.mark.parametrize(
    ("method", "path", "call", "reason"),
    [
        ("POST", f"/2/users/{ME}/likes", lambda c: c.like(ME, "5"), "Liking posts"),
        ("POST", f"/2/users/{ME}/following", lambda c: c.follow(ME, "6"), "Following accounts"),
        ("POST", "/2/tweets", lambda c: c.create_post("look", quote_of="7"), "Quoting posts"),
    ],
)
def test_tier_refusals_are_forbidden_with_a_plain_reason(stub, xclient, method, path, call, reason):
    stub.route(method, path, Reply(403, TIER_REFUSAL))
    with pytest.raises(errors.Forbidden) as caught:
        call(xclient)
    assert caught.value.kind == "tier"
    assert caught.value.reason == f"{reason} is not available for this access tier."
    assert caught.value.status == 403


def test_a_reply_to_an_author_who_did_not_mention_us_is_reply_not_allowed(stub, xclient):
    body = load("error-bodies.json")["v2_403_reply_not_summoned_2026"]["body"]
    stub.route("POST", "/2/tweets", Reply(403, body))
    with pytest.raises(errors.Forbidden) as caught:
        xclient.create_post("@a hi", in_reply_to="42")
    assert caught.value.kind == "reply-not-allowed"
    assert caught.value.action == "reply"
    assert caught.value.reason == body["detail"]


def test_a_duplicate_post_is_still_recognised(stub, xclient):
    body = load("error-bodies.json")["v2_403_duplicate_post"]["body"]
    stub.route("POST", "/2/tweets", Reply(403, body))
    with pytest.raises(errors.Forbidden) as caught:
        xclient.create_post("again")
    assert caught.value.is_duplicate and caught.value.kind == "duplicate"


# --- user pages and lookups -----------------------------------------------------------


def test_followers_page_asks_for_profile_fields_and_passes_the_token(stub, xclient):
    method, path, _, status, answer = recorded("test_client_get_users_followers.json", 0)
    stub.route(method, path, Reply(status, answer))
    page = xclient.followers("783214", max_results=20, pagination_token="5CS0O0C6II61EZZZ")
    assert len(page.items) == 100 and page.items[1].username == "jonahqiu1"
    assert page.next_token == "5CS0O0C6II61EZZZ"
    (seen,) = stub.calls()
    assert seen.query["max_results"] == ["20"]
    assert seen.query["pagination_token"] == ["5CS0O0C6II61EZZZ"]
    fields = set(seen.query["user.fields"][0].split(","))
    assert {
        "description",
        "public_metrics",
        "profile_image_url",
        "protected",
        "verified",
        "pinned_tweet_id",
        "entities",
    } <= fields


def test_following_uses_its_own_path_and_clamps_to_1000(stub, xclient):
    stub.route("GET", f"/2/users/{ME}/following", Reply(200, {"meta": {"result_count": 0}}))
    assert xclient.following(ME, max_results=5000).items == ()
    assert xclient.following(ME, max_results=0).items == ()
    assert [c.query["max_results"] for c in stub.calls()] == [["1000"], ["1"]]


def test_users_by_id_are_comma_joined_and_capped_at_100(stub, xclient):
    stub.route("GET", "/2/users", Reply(200, {"data": [{"id": "1", "username": "a", "name": "A"}]}))
    assert [u.username for u in xclient.users(["1", "2", "1"]).items] == ["a"]
    (by_id,) = stub.calls()
    assert by_id.query["ids"] == ["1,2"]
    assert "profile_image_url" in by_id.query["user.fields"][0]
    with pytest.raises(ValueError):
        xclient.users(str(i) for i in range(101))
    assert xclient.users([]).items == ()
    assert len(stub.calls()) == 1


# --- search and conversations ---------------------------------------------------------


def test_search_recent_clamps_to_ten_and_sends_next_token(stub, xclient):
    _, path, _, _, answer = recorded("test_client_search_recent_tweets.json", 0)
    stub.route("GET", path, Reply(200, answer))
    page = xclient.search_recent("tweepy", max_results=5, next_token="b26v", since_id="9")
    assert page.next_token == "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul"
    assert len(page.items) == 10
    xclient.search_recent("tweepy", max_results=1000)
    first, second = stub.calls()
    assert first.query["query"] == ["tweepy"]
    assert first.query["max_results"] == ["10"]
    assert first.query["next_token"] == ["b26v"]
    assert first.query["since_id"] == ["9"]
    assert "pagination_token" not in first.query
    assert "author_id" in first.query["expansions"][0].split(",")
    assert second.query["max_results"] == ["100"]
    assert "next_token" not in second.query


def test_conversation_searches_by_conversation_id(stub, xclient):
    stub.route("GET", "/2/tweets/search/recent", Reply(200, {"meta": {"result_count": 0}}))
    assert xclient.conversation("1296887091901718529").items == ()
    assert stub.calls()[0].query["query"] == ["conversation_id:1296887091901718529"]


def test_conversation_refuses_ids_that_would_change_the_query(stub, xclient):
    with pytest.raises(errors.BadRequest):
        xclient.conversation("1 OR from:someone")
    assert stub.calls() == []


# --- direct messages ------------------------------------------------------------------


def test_send_dm_posts_the_recorded_body_and_returns_both_ids(stub, xclient):
    method, path, body, status, answer = recorded("test_manage_and_lookup_direct_messages.json", 0)
    stub.route(method, path, Reply(status, answer))
    ids = xclient.send_dm("750362064426721281", "Testing 1")
    assert ids == ("750362064426721281-1072250532645998596", "1585800613253812228")
    assert json.loads(stub.calls()[0].body) == body == {"text": "Testing 1"}


def test_a_refused_dm_is_forbidden_dm_not_allowed(stub, xclient):
    stub.route(
        "POST",
        "/2/dm_conversations/with/5/messages",
        Reply(403, {"title": "Forbidden", "detail": "You cannot send messages to this user."}),
    )
    with pytest.raises(errors.Forbidden) as caught:
        xclient.send_dm("5", "hi")
    assert caught.value.kind == "dm-not-allowed"
    assert caught.value.action == "dm"


@pytest.mark.parametrize(
    ("index", "call"),
    [
        (3, lambda c: c.dm_events(pagination_token="18LAA5G1SL0NR5OG")),
        (5, lambda c: c.dm_conversation_with("750362064426721281")),
    ],
)
def test_dm_pages_ask_for_fields_and_senders(stub, xclient, index, call):
    method, path, _, status, answer = recorded("test_manage_and_lookup_direct_messages.json", index)
    stub.route(method, path, Reply(status, answer))
    page = call(xclient)
    assert page.result_count == len(page.items) == (0 if index == 3 else 2)
    (seen,) = stub.calls()
    assert seen.path == path
    assert set(seen.query["expansions"][0].split(",")) == {"sender_id", "participant_ids"}
    assert {"sender_id", "created_at", "dm_conversation_id", "text"} <= set(
        seen.query["dm_event.fields"][0].split(",")
    )
    assert "username" in seen.query["user.fields"][0]
    assert seen.query["max_results"] == ["20"]


def test_dm_pages_are_dm_events_with_senders(stub, xclient):
    stub.route(
        "GET",
        "/2/dm_conversations/with/5/dm_events",
        Reply(
            200,
            {
                "data": [
                    {"id": "9", "event_type": "MessageCreate", "text": "hi", "sender_id": "5",
                     "dm_conversation_id": "5-" + ME, "created_at": "2026-11-20T12:00:00.000Z"}
                ],
                "includes": {"users": [{"id": "5", "username": "hanako", "name": "花子"}]},
                "meta": {"result_count": 1},
            },
        ),
    )  # fmt: skip
    (event,) = xclient.dm_conversation_with("5").items
    assert isinstance(event, DMEvent)
    assert (event.sender.name, event.dm_conversation_id) == ("花子", f"5-{ME}")


# --- lists ----------------------------------------------------------------------------


def test_owned_lists_ask_for_list_fields(stub, xclient):
    method, path, _, status, answer = recorded("test_client_get_owned_lists.json", 0)
    stub.route(method, path, Reply(status, answer))
    page = xclient.owned_lists("783214", max_results=500)
    assert [lst.name for lst in page.items][:2] == ["Tweets by Twitter", "Interests on Twitter"]
    (seen,) = stub.calls()
    assert seen.query["max_results"] == ["100"]
    assert set(seen.query["list.fields"][0].split(",")) >= {
        "description",
        "member_count",
        "follower_count",
        "owner_id",
        "private",
    }
    assert seen.query["expansions"] == ["owner_id"]


def test_one_list_and_its_posts(stub, xclient):
    stub.route(
        "GET",
        "/2/lists/84839422",
        Reply(
            200,
            {
                "data": {"id": "84839422", "name": "Official Twitter Accounts",
                         "owner_id": "783214", "member_count": 126, "private": False},
                "includes": {"users": [{"id": "783214", "username": "Twitter", "name": "Twitter"}]},
            },
        ),
    )  # fmt: skip
    _, path, _, _, answer = recorded("test_client_get_list_tweets.json", 0)
    stub.route("GET", path, Reply(200, answer))
    xlist = xclient.list("84839422")
    assert isinstance(xlist, XList)
    assert (xlist.name, xlist.member_count, xlist.owner.username) == (
        "Official Twitter Accounts",
        126,
        "Twitter",
    )
    page = xclient.list_posts("84839422", pagination_token="tok")
    assert len(page.items) == 97
    seen = stub.calls("GET", path)[0]
    assert seen.query["pagination_token"] == ["tok"]
    assert "note_tweet" in seen.query["tweet.fields"][0]


def test_a_missing_list_is_not_found(stub, xclient):
    item = load("error-bodies.json")["v2_200_not_found_single_lookup_historic"]["body"]["errors"][0]
    stub.route("GET", "/2/lists/1", Reply(200, {"errors": [{**item, "resource_type": "list"}]}))
    with pytest.raises(errors.NotFound):
        xclient.list("1")


def test_a_write_on_a_missing_post_answered_with_only_errors_is_not_found(stub, xclient):
    item = load("error-bodies.json")["v2_200_not_found_single_lookup_historic"]["body"]["errors"][0]
    body = {"errors": [{**item, "detail": "Could not find tweet with tweet_id: [1]."}]}
    stub.route("POST", f"/2/users/{ME}/likes", Reply(200, body))
    with pytest.raises(errors.NotFound) as caught:
        xclient.like(ME, "1")
    assert caught.value.detail == "Could not find tweet with tweet_id: [1]."

"""The client's HTTP protocol, against a real local HTTP server scripted per test."""

import json
import logging
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.xapi import errors
from apps.xapi.client import XClient, http_session
from apps.xapi.types import RequestToken

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


def test_posts_lookup_joins_ids_and_keeps_partial_errors(stub, xclient):
    partial = load("error-bodies.json")["v2_200_partial_errors_batch"]["body"]
    stub.route("GET", "/2/tweets", Reply(200, partial))
    page = xclient.posts(["1", "2"])
    assert [p.id for p in page.items] == ["1"]
    assert page.errors[0].resource_id == "2"
    assert stub.calls()[0].query["ids"] == ["1,2"]
    assert xclient.posts([]).items == ()
    assert len(stub.calls()) == 1


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
    with caplog.at_level(logging.DEBUG, logger="apps.xapi.client"):
        xclient.me()
    (record,) = [
        r for r in caplog.records if r.name == "apps.xapi.client" and "GET" in r.getMessage()
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

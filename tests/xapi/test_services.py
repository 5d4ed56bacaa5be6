"""The functions views call: cached reads per account, writes that drop the cache."""

import json
import uuid
from types import SimpleNamespace

import pytest

from apps.xapi import errors, services

from .conftest import Reply

PAGE = {
    "data": [{"id": "20", "text": "hello", "author_id": "1"}],
    "includes": {"users": [{"id": "1", "username": "a", "name": "A"}]},
    "meta": {"result_count": 1, "next_token": "next20"},
}


@pytest.fixture
def account(stub, settings):
    """A linked account (duck-typed like accounts.XAccount) whose X is the stub."""
    settings.X_API_BASE_URL = stub.base_url
    settings.TIMELINE_PAGE_SIZE = 15
    return SimpleNamespace(
        x_user_id=str(uuid.uuid4().int)[:19], token="acct-token", token_secret="acct-secret"
    )


def test_home_page_reads_once_then_from_the_cache(stub, account):
    path = f"/2/users/{account.x_user_id}/timelines/reverse_chronological"
    stub.route("GET", path, Reply(200, PAGE))
    first = services.home_page(account)
    again = services.home_page(account)
    assert first.value.items[0].text == "hello" and first.value.next_token == "next20"
    assert again.value == first.value
    (seen,) = stub.calls("GET", path)
    assert seen.query["max_results"] == ["15"]
    assert 'oauth_token="acct-token"' in seen.headers["authorization"]


def test_the_next_page_is_its_own_read(stub, account):
    path = f"/2/users/{account.x_user_id}/timelines/reverse_chronological"
    stub.route("GET", path, Reply(200, PAGE))
    services.home_page(account)
    services.home_page(account, pagination_token="next20")
    calls = stub.calls("GET", path)
    assert len(calls) == 2
    assert calls[1].query["pagination_token"] == ["next20"]


def test_mentions_page_uses_the_mentions_endpoint(stub, account):
    path = f"/2/users/{account.x_user_id}/mentions"
    stub.route("GET", path, Reply(200, {"meta": {"result_count": 0}}))
    page = services.mentions_page(account).value
    assert page.items == () and page.result_count == 0
    assert stub.calls("GET", path)[0].query["max_results"] == ["15"]


def test_a_post_drops_the_cached_home_page(stub, account):
    path = f"/2/users/{account.x_user_id}/timelines/reverse_chronological"
    stub.route("GET", path, Reply(200, PAGE))
    stub.route("POST", "/2/tweets", Reply(201, {"data": {"id": "21", "text": "reply"}}))
    services.home_page(account)
    post = services.create_post(account, "reply", in_reply_to="20")
    services.home_page(account)
    assert post.id == "21"
    assert len(stub.calls("GET", path)) == 2
    body = json.loads(stub.calls("POST", "/2/tweets")[0].body)
    assert body == {"text": "reply", "reply": {"in_reply_to_tweet_id": "20"}}


def test_an_overlong_post_never_reaches_x(stub, account):
    with pytest.raises(errors.BadRequest):
        services.create_post(account, "あ" * 141)
    assert stub.calls() == []


def test_a_refused_post_keeps_the_cache(stub, account):
    path = f"/2/users/{account.x_user_id}/timelines/reverse_chronological"
    stub.route("GET", path, Reply(200, PAGE))
    stub.route(
        "POST",
        "/2/tweets",
        Reply(403, {"detail": "You are not allowed to create a Tweet with duplicate content."}),
    )
    services.home_page(account)
    with pytest.raises(errors.Forbidden) as caught:
        services.create_post(account, "again")
    assert caught.value.is_duplicate
    services.home_page(account)
    assert len(stub.calls("GET", path)) == 1


def test_post_detail_and_user_posts_are_cached_per_account(stub, account):
    stub.route(
        "GET", "/2/tweets/20", Reply(200, {"data": PAGE["data"][0], "includes": PAGE["includes"]})
    )
    stub.route("GET", "/2/users/1/tweets", Reply(200, PAGE))
    assert services.post_detail(account, "20").value.author.username == "a"
    services.post_detail(account, "20")
    assert services.user_posts_page(account, "1").value.items[0].id == "20"
    services.user_posts_page(account, "1")
    assert len(stub.calls()) == 2


def test_client_for_signs_with_the_accounts_token(account):
    client = services.client_for(account)
    assert (client.token, client.token_secret) == ("acct-token", "acct-secret")


# --- every read cached per endpoint; writes forget what they change ---------------------

USER = {"id": "1", "username": "a", "name": "A", "public_metrics": {"followers_count": 3}}
POST = {"id": "20", "text": "hello", "author_id": "1", "conversation_id": "20"}
REPLY = {"id": "22", "text": "@a yes", "author_id": "1", "conversation_id": "20"}
USERS_PAGE = {"data": [USER], "meta": {"result_count": 1}}
LISTS_PAGE = {"data": [{"id": "7", "name": "Friends"}], "meta": {"result_count": 1}}
DM_PAGE = {
    "data": [{"id": "30", "event_type": "MessageCreate", "text": "yo", "sender_id": "1"}],
    "includes": {"users": [USER]},
    "meta": {"result_count": 1},
}
SEARCH = "/2/tweets/search/recent"


class Clock:
    """Stands in for the read cache's clock so a test can let time pass."""

    def __init__(self):
        self.now = 1_900_000_000.0

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from apps.xapi import cache

    fake = Clock()
    monkeypatch.setattr(cache, "time", fake)
    return fake


def route_everything(stub, me):
    """Answers for every read the services make, for the account `me`."""
    stub.route("GET", f"/2/users/{me}/timelines/reverse_chronological", Reply(200, PAGE))
    stub.route("GET", f"/2/users/{me}/mentions", Reply(200, PAGE))
    stub.route("GET", "/2/users/1/tweets", Reply(200, PAGE))
    stub.route("GET", "/2/lists/7/tweets", Reply(200, PAGE))
    stub.route("GET", SEARCH, Reply(200, {"data": [POST, REPLY], "includes": PAGE["includes"]}))
    stub.route("GET", "/2/tweets/20", Reply(200, {"data": POST, "includes": PAGE["includes"]}))
    stub.route("GET", "/2/users/by/username/a", Reply(200, {"data": USER}))
    stub.route("GET", "/2/users", Reply(200, USERS_PAGE))
    stub.route("GET", "/2/users/1/followers", Reply(200, USERS_PAGE))
    stub.route("GET", "/2/users/1/following", Reply(200, USERS_PAGE))
    stub.route("GET", f"/2/users/{me}/owned_lists", Reply(200, LISTS_PAGE))
    stub.route("GET", "/2/lists/7", Reply(200, {"data": LISTS_PAGE["data"][0]}))
    stub.route("GET", "/2/dm_events", Reply(200, DM_PAGE))
    stub.route("GET", "/2/dm_conversations/with/1/dm_events", Reply(200, DM_PAGE))


# name: (read, the cache endpoint, its freshness in seconds; None = X_READ_CACHE_TTL)
READS = {
    "home": (lambda a: services.home_page(a), None),
    "mentions": (lambda a: services.mentions_page(a), None),
    "user_posts": (lambda a: services.user_posts_page(a, "1"), 120),
    "list_posts": (lambda a: services.list_posts_page(a, "7"), 60),
    "search": (lambda a: services.search_page(a, "ramen"), 60),
    "replies": (lambda a: services.replies_page(a, "20"), 60),
    "post": (lambda a: services.post_detail(a, "20"), 120),
    "user_by_name": (lambda a: services.user_by_username(a, "@a"), 300),
    "users": (lambda a: services.users_lookup(a, ["1", "2"]), 300),
    "followers": (lambda a: services.followers_page(a, "1"), 300),
    "following": (lambda a: services.following_page(a, "1"), 300),
    "lists": (lambda a: services.owned_lists_page(a), 600),
    "list": (lambda a: services.list_detail(a, "7"), 600),
    "dm": (lambda a: services.dm_events_page(a), 30),
    "dm_with": (lambda a: services.dm_conversation_with_page(a, "1"), 30),
}


def refetched(stub, account) -> set[str]:
    """Run every read once; the names of those that had to ask X."""
    asked = set()
    for name, (read, _) in READS.items():
        before = len(stub.calls())
        read(account)
        if len(stub.calls()) > before:
            asked.add(name)
    return asked


def other_account():
    return SimpleNamespace(
        x_user_id=str(uuid.uuid4().int)[:19], token="other-token", token_secret="other-secret"
    )


def test_every_read_asks_x_once_then_serves_the_cache(stub, account):
    route_everything(stub, account.x_user_id)
    assert refetched(stub, account) == set(READS)
    assert refetched(stub, account) == set()
    assert len(stub.calls()) == len(READS)


def test_the_read_functions_return_typed_values(stub, account):
    route_everything(stub, account.x_user_id)
    assert services.user_by_username(account, "a").value.public_metrics["followers_count"] == 3
    assert services.followers_page(account, "1").value.items[0].username == "a"
    assert services.owned_lists_page(account).value.items[0].name == "Friends"
    assert services.list_detail(account, "7").value.name == "Friends"
    (event,) = services.dm_events_page(account).value.items
    assert (event.text, event.sender.username) == ("yo", "a")
    search = stub.calls("GET", SEARCH)
    services.replies_page(account, "20")
    services.search_page(account, " ramen ")
    queries = [c.query["query"][0] for c in stub.calls("GET", SEARCH)[len(search) :]]
    assert queries == ["conversation_id:20", "ramen"]


@pytest.mark.parametrize("name", list(READS))
def test_each_endpoint_stays_fresh_for_its_own_time(stub, account, clock, settings, name):
    settings.X_READ_CACHE_TTL = 45
    route_everything(stub, account.x_user_id)
    read, ttl = READS[name]
    ttl = 45 if ttl is None else ttl
    read(account)
    clock.now += ttl - 1
    read(account)
    assert len(stub.calls()) == 1
    clock.now += 2
    read(account)
    assert len(stub.calls()) == 2


def test_the_ttl_table_is_what_the_services_use(settings):
    settings.X_READ_CACHE_TTL = 7
    assert services.ttl_for("home") == services.ttl_for("mentions") == 7
    assert (services.ttl_for("post"), services.ttl_for("user"), services.ttl_for("dm")) == (
        120,
        300,
        30,
    )
    assert (services.ttl_for("lists"), services.ttl_for("search")) == (600, 60)


POST_PAGES = {"home", "mentions", "user_posts", "list_posts", "search", "replies", "post"}
FOLLOW_PAGES = {"home", "followers", "following", "user_by_name", "users"}
DM_PAGES = {"dm", "dm_with"}


@pytest.mark.parametrize(
    ("write", "method", "path", "answer", "changed"),
    [
        (lambda a: services.create_post(a, "hi"), "POST", "/2/tweets",
         Reply(201, {"data": {"id": "40", "text": "hi"}}), POST_PAGES),
        (lambda a: services.create_post(a, "@a yes", in_reply_to="20"), "POST", "/2/tweets",
         Reply(201, {"data": {"id": "41", "text": "@a yes"}}), POST_PAGES),
        (lambda a: services.delete_post(a, "40"), "DELETE", "/2/tweets/40",
         Reply(200, {"data": {"deleted": True}}), POST_PAGES),
        (lambda a: services.like(a, "20"), "POST", "/2/users/{me}/likes",
         Reply(200, {"data": {"liked": True}}), POST_PAGES),
        (lambda a: services.unlike(a, "20"), "DELETE", "/2/users/{me}/likes/20",
         Reply(200, {"data": {"liked": False}}), POST_PAGES),
        (lambda a: services.retweet(a, "20"), "POST", "/2/users/{me}/retweets",
         Reply(200, {"data": {"retweeted": True}}), POST_PAGES),
        (lambda a: services.unretweet(a, "20"), "DELETE", "/2/users/{me}/retweets/20",
         Reply(200, {"data": {"retweeted": False}}), POST_PAGES),
        (lambda a: services.follow(a, "1"), "POST", "/2/users/{me}/following",
         Reply(200, {"data": {"following": True, "pending_follow": False}}), FOLLOW_PAGES),
        (lambda a: services.unfollow(a, "1"), "DELETE", "/2/users/{me}/following/1",
         Reply(200, {"data": {"following": False}}), FOLLOW_PAGES),
        (lambda a: services.send_dm(a, "1", "yo"), "POST", "/2/dm_conversations/with/1/messages",
         Reply(201, {"data": {"dm_conversation_id": "1-2", "dm_event_id": "31"}}), DM_PAGES),
    ],
)  # fmt: skip
def test_a_write_forgets_exactly_the_pages_it_changes(
    stub, account, write, method, path, answer, changed
):
    other = other_account()
    route_everything(stub, account.x_user_id)
    route_everything(stub, other.x_user_id)
    stub.route(method, path.format(me=account.x_user_id), answer)
    refetched(stub, account)
    refetched(stub, other)
    write(account)
    assert len(stub.calls(method, path.format(me=account.x_user_id))) == 1
    assert refetched(stub, account) == changed
    assert refetched(stub, other) == set()


@pytest.mark.parametrize(
    ("write", "method", "path", "reply", "cls"),
    [
        (lambda a: services.create_post(a, "hi"), "POST", "/2/tweets",
         Reply(503, {"title": "Service Unavailable", "detail": "Service Unavailable"}),
         errors.Unavailable),
        (lambda a: services.create_post(a, "hi"), "POST", "/2/tweets",
         Reply(429, {"title": "Too Many Requests", "detail": "Too Many Requests"},
               {"x-rate-limit-reset": "1900000000"}), errors.RateLimited),
        (lambda a: services.send_dm(a, "1", "yo"), "POST", "/2/dm_conversations/with/1/messages",
         Reply(503, {"title": "Service Unavailable", "detail": "Service Unavailable"}),
         errors.Unavailable),
        (lambda a: services.send_dm(a, "1", "yo"), "POST", "/2/dm_conversations/with/1/messages",
         Reply(429, {"title": "Too Many Requests", "detail": "Too Many Requests"}),
         errors.RateLimited),
        (lambda a: services.like(a, "20"), "POST", "/2/users/{me}/likes",
         Reply(403, {"title": "Client Forbidden", "detail": "Needs a different access level.",
                     "type": "https://api.x.com/2/problems/client-forbidden"}),
         errors.Forbidden),
    ],
)  # fmt: skip
def test_failed_writes_raise_xs_typed_error_unchanged_and_keep_the_cache(
    stub, account, write, method, path, reply, cls
):
    route_everything(stub, account.x_user_id)
    stub.route(method, path.format(me=account.x_user_id), reply)
    refetched(stub, account)
    with pytest.raises(cls) as caught:
        write(account)
    assert type(caught.value) is cls
    assert caught.value.status == reply.status
    if cls is errors.RateLimited and "x-rate-limit-reset" in reply.headers:
        assert caught.value.reset_at.timestamp() == 1_900_000_000
    assert refetched(stub, account) == set()


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001])
def test_an_empty_or_overlong_dm_never_reaches_x(stub, account, text):
    with pytest.raises(errors.BadRequest):
        services.send_dm(account, "1", text)
    assert stub.calls() == []


def test_a_quote_goes_through_the_service(stub, account):
    stub.route("POST", "/2/tweets", Reply(201, {"data": {"id": "42", "text": "see"}}))
    assert services.create_post(account, "see", quote_of="20").id == "42"
    assert json.loads(stub.calls()[0].body) == {"text": "see", "quote_tweet_id": "20"}


def test_an_empty_search_never_reaches_x(stub, account):
    with pytest.raises(errors.BadRequest):
        services.search_page(account, "  ")
    assert stub.calls() == []


# --- pages made of two reads ----------------------------------------------------------


def test_profile_page_is_two_calls_cold_and_none_warm(stub, account):
    route_everything(stub, account.x_user_id)
    page = services.profile_page(account, "a")
    assert page.user.username == "a"
    assert [p.id for p in page.posts.items] == ["20"]
    assert not page.stale and page.notice is None
    assert [c.path for c in stub.calls()] == ["/2/users/by/username/a", "/2/users/1/tweets"]
    again = services.profile_page(account, "A")
    assert again == page
    assert len(stub.calls()) == 2


def test_profile_next_page_is_one_call(stub, account):
    route_everything(stub, account.x_user_id)
    services.profile_page(account, "a")
    services.profile_page(account, "a", pagination_token="next20")
    calls = stub.calls()
    assert len(calls) == 3
    assert calls[-1].query["pagination_token"] == ["next20"]


def test_profile_of_a_protected_user_shows_the_user_with_a_notice(stub, account):
    route_everything(stub, account.x_user_id)
    stub.route(
        "GET",
        "/2/users/1/tweets",
        Reply(403, {"title": "Forbidden", "detail": "Sorry, you are not authorized to see this."}),
    )
    page = services.profile_page(account, "a")
    assert page.user.id == "1" and page.posts is None
    assert isinstance(page.notice, errors.Forbidden) and page.notice.kind == "protected"


def test_post_page_is_two_calls_cold_none_warm_and_leaves_the_post_out_of_replies(stub, account):
    route_everything(stub, account.x_user_id)
    page = services.post_page(account, "20")
    assert page.post.id == "20"
    assert [p.id for p in page.replies.items] == ["22"]
    assert page.replies.result_count == 1
    assert page.notice is None
    assert len(stub.calls()) == 2
    assert stub.calls("GET", SEARCH)[0].query["query"] == ["conversation_id:20"]
    assert services.post_page(account, "20") == page
    assert len(stub.calls()) == 2


def test_replies_of_a_reply_come_from_its_conversation(stub, account):
    route_everything(stub, account.x_user_id)
    stub.route("GET", "/2/tweets/22", Reply(200, {"data": REPLY}))
    page = services.post_page(account, "22")
    assert [p.id for p in page.replies.items] == ["20"]
    assert stub.calls("GET", SEARCH)[0].query["query"] == ["conversation_id:20"]


@pytest.mark.parametrize(
    ("reply", "cls"),
    [
        (Reply(403, {"title": "Client Forbidden", "detail": "You need a different access level.",
                     "reason": "client-not-enrolled",
                     "type": "https://api.x.com/2/problems/client-forbidden"}), errors.Forbidden),
        (Reply(503, {"title": "Service Unavailable", "detail": "Service Unavailable"}),
         errors.Unavailable),
        (Reply(429, {"title": "Too Many Requests", "detail": "Too Many Requests"}),
         errors.RateLimited),
        (Reply(400, {"title": "Invalid Request", "detail": "One or more parameters was invalid."}),
         errors.BadRequest),
    ],
)  # fmt: skip
def test_a_failed_replies_search_does_not_fail_the_post_page(stub, account, reply, cls):
    route_everything(stub, account.x_user_id)
    stub.route("GET", SEARCH, reply)
    page = services.post_page(account, "20")
    assert page.post.text == "hello"
    assert page.replies is None
    assert isinstance(page.notice, cls)
    assert page.notice.status == reply.status


def test_a_revoked_token_still_fails_the_post_page(stub, account):
    route_everything(stub, account.x_user_id)
    stub.route("GET", SEARCH, Reply(401, {"title": "Unauthorized", "detail": "Unauthorized"}))
    with pytest.raises(errors.TokenRevoked):
        services.post_page(account, "20")


def test_a_missing_post_fails_the_post_page_without_searching(stub, account):
    route_everything(stub, account.x_user_id)
    stub.route("GET", "/2/tweets/20", Reply(404, {"title": "Not Found Error", "detail": "gone"}))
    with pytest.raises(errors.NotFound):
        services.post_page(account, "20")
    assert stub.calls("GET", SEARCH) == []


def test_a_stale_part_makes_the_page_stale_with_its_notice(stub, account, clock):
    route_everything(stub, account.x_user_id)
    first = services.post_page(account, "20")
    clock.now += 121  # the post is no longer fresh; the replies (60 s) neither
    stub.route("GET", "/2/tweets/20", Reply(503, {"detail": "Service Unavailable"}))
    page = services.post_page(account, "20")
    assert page.stale and isinstance(page.notice, errors.Unavailable)
    assert page.post == first.post
    assert page.fetched_at == first.fetched_at
    assert page.replies == first.replies


def test_after_a_post_the_home_page_view_costs_one_call(stub, account):
    route_everything(stub, account.x_user_id)
    stub.route("POST", "/2/tweets", Reply(201, {"data": {"id": "41", "text": "x"}}))
    services.home_page(account)
    services.profile_page(account, "a")
    services.create_post(account, "x")
    before = len(stub.calls())
    services.home_page(account)
    assert len(stub.calls()) == before + 1
    services.profile_page(account, "a")  # the user is still fresh; only the posts are asked
    assert len(stub.calls()) == before + 2
    assert stub.calls()[-1].path == "/2/users/1/tweets"

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

"""The client against the X emulator over HTTP: the OAuth dance and the v2 calls."""

import html
import re
import time
import uuid
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.xapi import cache, errors, services
from apps.xapi.client import XClient
from apps.xemulator.seed import DEMO_USER_ID, MISSING_POST_IDS
from tests.conftest import approve_on_emulator

CALLBACK = "http://gateway.test/login/callback/"


def callback_query(answer) -> dict[str, str]:
    location = answer.headers["Location"]
    assert location.startswith(CALLBACK), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def all_home_posts(client, pages=3):
    posts, token = [], None
    for _ in range(pages):
        page = client.home_timeline(DEMO_USER_ID, max_results=20, pagination_token=token)
        posts.extend(page.items)
        token = page.next_token
        if token is None:
            break
    return posts


# --- OAuth 1.0a -------------------------------------------------------------------


def test_three_legged_sign_in_gives_a_working_access_token(emulator):
    client = XClient()
    request_token = client.fetch_request_token(CALLBACK)
    assert request_token.callback_confirmed
    answer = approve_on_emulator(client.authorize_url(request_token))
    query = callback_query(answer)
    assert query["oauth_token"] == request_token.token
    access = client.fetch_access_token(
        request_token.token, request_token.secret, query["oauth_verifier"]
    )
    assert access.user_id == DEMO_USER_ID
    assert access.screen_name == "demo"
    assert access.token.startswith(f"{DEMO_USER_ID}-")
    me = XClient(access.token, access.secret).me()
    assert (me.id, me.username) == (DEMO_USER_ID, "demo")


def test_pin_sign_in_reads_the_pin_from_the_authorize_page(emulator):
    client = XClient()
    request_token = client.fetch_request_token("oob")
    answer = approve_on_emulator(client.authorize_url(request_token, authenticate=False))
    assert answer.status_code == 200
    pin = re.search(r'id="pin"[^>]*>\s*([0-9]+)\s*<', answer.text).group(1)
    access = client.fetch_access_token(request_token.token, request_token.secret, pin)
    assert access.screen_name == "demo"


def test_denied_sign_in_comes_back_with_denied(emulator):
    client = XClient()
    request_token = client.fetch_request_token(CALLBACK)
    query = callback_query(approve_on_emulator(client.authorize_url(request_token), deny=True))
    assert query == {"denied": request_token.token}


def test_a_wrong_verifier_is_oauth_failed(emulator):
    client = XClient()
    request_token = client.fetch_request_token(CALLBACK)
    approve_on_emulator(client.authorize_url(request_token))
    with pytest.raises(errors.OAuthFailed):
        client.fetch_access_token(request_token.token, request_token.secret, "0000000")


def test_a_wrong_consumer_secret_is_oauth_failed(emulator):
    client = XClient(consumer_secret="not-the-demo-secret")
    with pytest.raises(errors.OAuthFailed) as caught:
        client.fetch_request_token(CALLBACK)
    assert caught.value.status == 401


def test_an_invalidated_token_is_token_revoked(demo_client, emulator):
    client = XClient()
    request_token = client.fetch_request_token(CALLBACK)
    query = callback_query(approve_on_emulator(client.authorize_url(request_token)))
    access = client.fetch_access_token(
        request_token.token, request_token.secret, query["oauth_verifier"]
    )
    user_client = XClient(access.token, access.secret)
    user_client.invalidate_token()
    with pytest.raises(errors.TokenRevoked):
        user_client.me()
    assert demo_client.me().username == "demo"  # other tokens are untouched


# --- v2 reads -----------------------------------------------------------------------


def test_home_timeline_pages_forward_without_repeats(demo_client):
    first = demo_client.home_timeline(DEMO_USER_ID, max_results=20)
    assert len(first.items) == 20
    assert first.next_token
    second = demo_client.home_timeline(
        DEMO_USER_ID, max_results=20, pagination_token=first.next_token
    )
    assert second.items
    assert not {p.id for p in first.items} & {p.id for p in second.items}
    ids = [int(p.id) for p in first.items + second.items]
    assert ids == sorted(ids, reverse=True)
    assert all(p.author is not None and p.created_at is not None for p in first.items)


def test_retweets_show_the_full_original_and_missing_ones_are_partial_errors(demo_client):
    posts = all_home_posts(demo_client)
    retweets = [p for p in posts if p.is_retweet]
    assert retweets
    rebuilt = [p for p in retweets if p.retweeted is not None]
    assert rebuilt
    for post in rebuilt:
        assert post.text.startswith("RT @")
        assert not post.display_text.startswith("RT @")
        assert post.retweeted.author is not None
        assert post.text.startswith(f"RT @{post.retweeted.author.username}: ")
    missing = [p for p in retweets if p.retweeted_id in MISSING_POST_IDS]
    assert missing and all(p.retweeted is None for p in missing)


def test_partial_errors_reach_the_page(demo_client):
    errors_seen = []
    token = None
    for _ in range(5):
        page = demo_client.home_timeline(DEMO_USER_ID, max_results=100, pagination_token=token)
        errors_seen.extend(page.errors)
        token = page.next_token
        if not token:
            break
    assert {e.resource_id for e in errors_seen} & set(MISSING_POST_IDS)
    assert all(e.problem_type for e in errors_seen)


def test_escaped_text_is_kept_and_entities_index_it(demo_client):
    posts = all_home_posts(demo_client)
    escaped = [p for p in posts if not p.is_retweet and not p.note_text and "&amp;" in p.text]
    assert escaped
    for post in escaped:
        assert post.display_text == html.unescape(post.text)
        assert "&" in post.display_text and "&amp;" not in post.display_text
    for post in posts:
        for url in post.entities.get("urls", ()):
            assert post.text[url["start"] : url["end"]] == url["url"]


def test_long_posts_and_media_come_through(demo_client):
    posts = all_home_posts(demo_client, pages=5)
    shown = [p.shown for p in posts]
    long_posts = [p for p in shown if p.note_text]
    assert long_posts
    for post in long_posts:
        served = html.unescape(post.text)
        assert len(post.display_text) > len(served)
        assert post.display_text.startswith(served[:20])
    with_media = [p for p in shown if p.media]
    assert with_media
    assert {m.type for p in with_media for m in p.media} <= {"photo", "video", "animated_gif"}
    for media in (m for p in with_media for m in p.media):
        # A photo is shown from its own URL; a video or GIF from its preview image.
        shown_from = media.url if media.type == "photo" else media.preview_image_url
        assert shown_from and shown_from.startswith("http"), media


def test_mentions_clamp_to_five_and_mention_the_user(demo_client):
    page = demo_client.mentions(DEMO_USER_ID, max_results=1)
    assert 1 <= len(page.items) <= 5
    assert all("@demo" in p.display_text.lower() for p in page.items)


def test_user_lookups(demo_client):
    hanako = demo_client.user_by_username("hanako")
    assert hanako.name == "花子"
    posts = demo_client.user_posts(hanako.id, max_results=5)
    assert posts.items and all(p.author_id == hanako.id for p in posts.items)


@pytest.mark.parametrize("status", [200, 404])
def test_a_missing_post_is_not_found_whichever_way_x_says_it(demo_client, emulator, status):
    emulator.state.set_not_found_status(status)
    with pytest.raises(errors.NotFound) as caught:
        demo_client.post(MISSING_POST_IDS[0])
    assert MISSING_POST_IDS[0] in caught.value.detail


def test_unknown_username_is_not_found(demo_client):
    with pytest.raises(errors.NotFound):
        demo_client.user_by_username("nobody_here_9")


# --- v2 writes ----------------------------------------------------------------------


def test_create_look_up_and_delete_a_post(demo_client):
    text = f"テスト & <test> {uuid.uuid4().hex[:8]}"
    created = demo_client.create_post(text)
    assert created.display_text == text
    fetched = demo_client.post(created.id)
    assert fetched.display_text == text
    assert fetched.text != text  # served escaped
    assert fetched.author.username == "demo"
    home = demo_client.home_timeline(DEMO_USER_ID, max_results=5)
    assert home.items[0].id == created.id
    assert demo_client.delete_post(created.id) is True
    with pytest.raises(errors.NotFound):
        demo_client.post(created.id)


def test_a_reply_points_at_its_parent(demo_client):
    parent = demo_client.home_timeline(DEMO_USER_ID, max_results=5).items[0]
    reply = demo_client.create_post("@x hi", in_reply_to=parent.id)
    fetched = demo_client.post(reply.id)
    assert fetched.replied_to_id == parent.id
    demo_client.delete_post(reply.id)


# --- faults -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [(401, errors.TokenRevoked), (429, errors.RateLimited), (500, errors.Unavailable),
     (503, errors.Unavailable)],
)  # fmt: skip
def test_injected_statuses_become_typed_errors(demo_client, emulator, status, cls):
    emulator.state.set_fault("/2/users/*/timelines/*", status=status)
    with pytest.raises(cls) as caught:
        demo_client.home_timeline(DEMO_USER_ID)
    assert caught.value.status == status
    assert caught.value.detail


def test_a_spent_rate_limit_gives_the_reset_time(demo_client, emulator):
    emulator.state.set_rate_limit("home_timeline", 1)
    demo_client.home_timeline(DEMO_USER_ID)
    with pytest.raises(errors.RateLimited) as caught:
        demo_client.home_timeline(DEMO_USER_ID)
    reset = caught.value.reset_at
    assert reset is not None
    assert 0 < reset.timestamp() - time.time() <= 15 * 60 + 5


def test_a_hanging_x_is_unavailable_after_the_read_timeout(demo_client, emulator, settings):
    settings.X_READ_TIMEOUT = 0.3
    emulator.state.set_fault("/2/users/me", hang=True)
    started = time.monotonic()
    with pytest.raises(errors.Unavailable) as caught:
        demo_client.me()
    assert caught.value.timed_out
    assert time.monotonic() - started < 2


def test_the_cached_home_page_is_served_stale_while_x_is_down(emulator, settings):
    from apps.xemulator.seed import DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET

    account = SimpleNamespace(
        x_user_id=DEMO_USER_ID, token=DEMO_ACCESS_TOKEN, token_secret=DEMO_ACCESS_TOKEN_SECRET
    )
    cache.forget(DEMO_USER_ID)
    fresh = services.home_page(account)
    assert fresh.value.items and not fresh.stale
    emulator.state.set_fault("/2/users/*/timelines/*", status=503)
    cache.forget(DEMO_USER_ID, "mentions")  # another endpoint: home stays cached
    assert services.home_page(account) == fresh
    settings.X_READ_CACHE_TTL = 0  # the copy is no longer fresh: X is asked and fails
    stale = services.home_page(account)
    assert stale.stale and isinstance(stale.notice, errors.Unavailable)
    assert stale.notice.status == 503
    assert stale.value == fresh.value
    assert stale.fetched_at == fresh.fetched_at

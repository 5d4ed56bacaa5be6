"""Likes, retweets, follows, search, DMs and lists against the X emulator over HTTP."""

import uuid
from types import SimpleNamespace

import pytest

from apps.xapi import errors, services
from apps.xapi.types import DMEvent, FollowResult, User, XList
from apps.xemulator.seed import DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET, DEMO_USER_ID


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


@pytest.fixture
def hanako(demo_client) -> User:
    return demo_client.user_by_username("hanako")


@pytest.fixture
def account(emulator):
    """The demo user as a linked account, with a cache no other test shares."""
    return SimpleNamespace(
        x_user_id=DEMO_USER_ID, token=DEMO_ACCESS_TOKEN, token_secret=DEMO_ACCESS_TOKEN_SECRET
    )


def someone_elses_post(client, username="technews"):
    """A post by `username` that does not mention the demo user."""
    author = client.user_by_username(username)
    posts = client.user_posts(author.id, max_results=20).items
    return next(p for p in posts if not p.is_retweet and "@demo" not in p.display_text.lower())


# --- likes ----------------------------------------------------------------------------


def test_like_counts_on_the_post_and_unlike_takes_it_back(demo_client, x_enterprise):
    post = someone_elses_post(demo_client, "bob")
    before = demo_client.post(post.id).public_metrics["like_count"]
    assert demo_client.like(DEMO_USER_ID, post.id) is True
    assert demo_client.post(post.id).public_metrics["like_count"] == before + 1
    assert demo_client.unlike(DEMO_USER_ID, post.id) is True
    assert demo_client.post(post.id).public_metrics["like_count"] == before


def test_liking_a_missing_post_is_not_found(demo_client, x_enterprise):
    with pytest.raises(errors.NotFound):
        demo_client.like(DEMO_USER_ID, "1")


# --- retweets -------------------------------------------------------------------------


def test_a_retweet_reaches_home_and_unretweet_removes_it(demo_client):
    post = someone_elses_post(demo_client)
    assert demo_client.retweet(DEMO_USER_ID, post.id) is True
    top = demo_client.home_timeline(DEMO_USER_ID, max_results=5).items[0]
    assert top.retweeted_id == post.id
    assert top.author.username == "demo"
    assert top.retweeted.display_text == post.display_text
    assert demo_client.unretweet(DEMO_USER_ID, post.id) is True
    home = demo_client.home_timeline(DEMO_USER_ID, max_results=20).items
    assert all(p.retweeted_id != post.id or p.author.username != "demo" for p in home)


# --- follows --------------------------------------------------------------------------


def test_follow_lists_both_ways_and_unfollow_undoes_it(demo_client, x_enterprise):
    dave = demo_client.user_by_username("dave")
    following = {u.username for u in demo_client.following(DEMO_USER_ID, max_results=100).items}
    assert "dave" not in following and "hanako" in following
    assert demo_client.follow(DEMO_USER_ID, dave.id) == FollowResult(following=True, pending=False)
    following = {u.username for u in demo_client.following(DEMO_USER_ID, max_results=100).items}
    assert "dave" in following
    followers = demo_client.followers(dave.id, max_results=100).items
    assert "demo" in {u.username for u in followers}
    assert demo_client.unfollow(DEMO_USER_ID, dave.id) is True
    followers = demo_client.followers(dave.id, max_results=100).items
    assert "demo" not in {u.username for u in followers}


def test_following_a_protected_account_is_a_pending_request(demo_client, x_enterprise):
    himitsu = demo_client.user_by_username("himitsu")
    assert himitsu.protected
    assert demo_client.follow(DEMO_USER_ID, himitsu.id) == FollowResult(
        following=False, pending=True
    )


def test_user_pages_carry_profile_fields_and_page_without_repeats(demo_client, hanako):
    first = demo_client.followers(hanako.id, max_results=1)
    assert len(first.items) == 1 and first.next_token
    second = demo_client.followers(hanako.id, max_results=1, pagination_token=first.next_token)
    assert second.items and second.items[0].id != first.items[0].id
    everyone = demo_client.followers(hanako.id, max_results=1000).items
    assert {first.items[0].id, second.items[0].id} <= {u.id for u in everyone}
    assert all(u.username and u.name and u.profile_image_url for u in everyone)
    assert all("followers_count" in u.public_metrics for u in everyone)


# --- user lookups in bulk -------------------------------------------------------------


def test_bulk_user_lookups_keep_the_order_and_report_the_missing(demo_client, hanako):
    page = demo_client.users([hanako.id, DEMO_USER_ID, "9"])
    assert [u.username for u in page.items] == ["hanako", "demo"]
    assert [e.resource_id for e in page.errors] == ["9"]


# --- search and conversations ---------------------------------------------------------


def test_search_recent_finds_a_new_post_and_pages_at_ten(demo_client):
    word = f"yubi{uuid.uuid4().hex[:10]}"
    created = demo_client.create_post(f"searching for {word}")
    found = demo_client.search_recent(word, max_results=1)
    assert [p.id for p in found.items] == [created.id]
    assert found.items[0].author.username == "demo"
    everything = demo_client.search_recent("@demo", max_results=1)
    assert len(everything.items) == 10 and everything.next_token
    more = demo_client.search_recent("@demo", max_results=10, next_token=everything.next_token)
    assert more.items and not {p.id for p in more.items} & {p.id for p in everything.items}


def test_conversation_finds_the_replies_to_a_post(demo_client):
    root = demo_client.create_post(unique("thread start"))
    reply = demo_client.create_post(unique("@demo first reply"), in_reply_to=root.id)
    deeper = demo_client.create_post(unique("@demo and another"), in_reply_to=reply.id)
    page = demo_client.conversation(root.id)
    ids = {p.id for p in page.items}
    assert {reply.id, deeper.id} <= ids
    assert all(p.conversation_id == root.id for p in page.items)


# --- 2026 access rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (lambda c, post: c.like(DEMO_USER_ID, post.id), "Liking posts"),
        (lambda c, post: c.follow(DEMO_USER_ID, post.author_id), "Following accounts"),
        (lambda c, post: c.create_post(unique("look"), quote_of=post.id), "Quoting posts"),
    ],
)
def test_self_serve_refuses_likes_follows_and_quotes_in_plain_words(
    demo_client, emulator, call, reason
):
    post = someone_elses_post(demo_client, "dave")
    emulator.state.set_tier("self-serve")
    with pytest.raises(errors.Forbidden) as caught:
        call(demo_client, post)
    assert caught.value.kind == "tier"
    assert caught.value.reason == f"{reason} is not available for this access tier."
    emulator.state.set_tier("enterprise")
    assert call(demo_client, post)  # the same call is fine with enterprise access


def test_self_serve_still_posts_and_retweets(demo_client, emulator):
    emulator.state.set_tier("self-serve")
    created = demo_client.create_post(unique("plain post"))
    assert demo_client.post(created.id).author.username == "demo"
    original = someone_elses_post(demo_client)
    assert demo_client.retweet(DEMO_USER_ID, original.id) is True
    top = demo_client.home_timeline(DEMO_USER_ID, max_results=5).items[0]
    assert top.retweeted_id == original.id and top.author.username == "demo"


def test_a_reply_to_an_author_who_never_mentioned_us_is_reply_not_allowed(demo_client, emulator):
    post = someone_elses_post(demo_client)
    emulator.state.set_tier("self-serve")
    with pytest.raises(errors.Forbidden) as caught:
        demo_client.create_post("@technews nice", in_reply_to=post.id)
    assert caught.value.kind == "reply-not-allowed"
    assert "not been mentioned" in caught.value.reason
    mention = demo_client.mentions(DEMO_USER_ID, max_results=5).items[0]
    reply = demo_client.create_post(unique("thanks"), in_reply_to=mention.id)
    assert demo_client.post(reply.id).replied_to_id == mention.id


# --- direct messages ------------------------------------------------------------------


def test_dm_events_come_with_their_senders(demo_client, hanako):
    events = demo_client.dm_events(max_results=100).items
    assert events and all(isinstance(e, DMEvent) for e in events)
    messages = [e for e in events if e.event_type == "MessageCreate"]
    assert all(e.sender is not None and e.sender.id == e.sender_id for e in messages)
    assert all(e.created_at is not None and e.dm_conversation_id for e in messages)
    stamps = [e.created_at for e in events]
    assert stamps == sorted(stamps, reverse=True)
    with_hanako = demo_client.dm_conversation_with(hanako.id, max_results=100).items
    assert {e.sender.username for e in with_hanako} == {"demo", "hanako"}
    assert any("ラーメン" in e.display_text for e in with_hanako)
    linked = [e for e in with_hanako if e.referenced_post_ids]
    assert linked and demo_client.post(linked[0].referenced_post_ids[0]).author.username == (
        "hanako"
    )


def test_send_a_dm_then_send_again_into_the_same_conversation(demo_client):
    bob = demo_client.user_by_username("bob")
    text = unique("テスト & <dm> 📱")
    conversation_id, event_id = demo_client.send_dm(bob.id, text)
    low, high = sorted((DEMO_USER_ID, bob.id), key=int)
    assert conversation_id == f"{low}-{high}"
    newest = demo_client.dm_conversation_with(bob.id, max_results=5).items[0]
    assert (newest.id, newest.display_text, newest.sender_id) == (event_id, text, DEMO_USER_ID)
    again, second_id = demo_client.send_dm(bob.id, "and again")
    assert again == conversation_id and second_id != event_id
    newest = demo_client.dm_conversation_with(bob.id, max_results=5).items[0]
    assert (newest.id, newest.text) == (second_id, "and again")


# --- lists ----------------------------------------------------------------------------


def test_owned_lists_a_list_and_its_posts(demo_client):
    owned = demo_client.owned_lists(DEMO_USER_ID).items
    assert all(isinstance(x, XList) for x in owned)
    by_name = {x.name: x for x in owned}
    assert {"Tokyo friends", "Tech & news"} <= set(by_name)
    tokyo = by_name["Tokyo friends"]
    assert (tokyo.private, tokyo.member_count, tokyo.owner_id) == (False, 3, DEMO_USER_ID)
    assert by_name["Tech & news"].private is True
    assert tokyo.owner is not None and tokyo.owner.username == "demo"
    assert demo_client.list(tokyo.id) == tokyo
    posts = demo_client.list_posts(tokyo.id, max_results=20)
    authors = {p.author.username for p in posts.items}
    assert posts.items and authors <= {"hanako", "alice", "carol"}


def test_someone_elses_private_list_stays_hidden(demo_client):
    alice = demo_client.user_by_username("alice")
    names = {x.name for x in demo_client.owned_lists(alice.id).items}
    assert "Django folks" in names and "Gift ideas" not in names
    with pytest.raises(errors.NotFound):
        demo_client.list("1")


# --- the services against the emulator ------------------------------------------------


def test_a_reply_shows_on_the_post_page_at_once(account, demo_client):
    root = demo_client.create_post(unique("what do you think?"))
    before = services.post_page(account, root.id)
    assert before.post.id == root.id and before.replies.items == ()
    reply = services.create_post(account, unique("@demo I agree"), in_reply_to=root.id)
    after = services.post_page(account, root.id)
    assert [p.id for p in after.replies.items] == [reply.id]
    assert after.notice is None


def test_a_like_shows_in_the_posts_count_at_once(account, demo_client, x_enterprise):
    post = someone_elses_post(demo_client, "carol")
    before = services.post_detail(account, post.id).value.public_metrics["like_count"]
    services.like(account, post.id)
    after = services.post_detail(account, post.id).value.public_metrics["like_count"]
    assert after == before + 1


def test_a_sent_dm_shows_in_the_conversation_at_once(account, hanako):
    services.dm_conversation_with_page(account, hanako.id)
    text = unique("また明日")
    services.send_dm(account, hanako.id, text)
    newest = services.dm_conversation_with_page(account, hanako.id).value.items[0]
    assert newest.text == text


def test_profile_page_from_the_emulator(account):
    page = services.profile_page(account, "hanako")
    assert page.user.name == "花子"
    assert page.posts.items and all(p.author_id == page.user.id for p in page.posts.items)
    assert page.notice is None

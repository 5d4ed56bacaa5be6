"""Every list page fits a 5 KB phone and pages on without skipping or repeating an item.

A docomo mova phone whose cache is 5 KB (``c5`` in its User-Agent) walks each
list page by its "more" link to the end; every page is at most 5 KB on the
wire, well formed, and the items seen, in order, are the emulator's own.
"""

import dataclasses
import re
from html import unescape
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client

from apps.keitai.detect import detect
from apps.xapi import services
from tests.keitai.phone import UAS, Phone, assert_well_formed, is_chtml, page_text, post_ids

pytestmark = pytest.mark.django_db

BUDGET = 5 * 1024
PHONE = UAS["docomo-mova-5k"]
MAX_PAGES = 80


def _more(response) -> str | None:
    found = re.search(r'<a href="([^"]+)" accesskey="6"', page_text(response))
    return unescape(found.group(1)) if found else None


def _people(response):
    # C-HTML has no classes: an item is a bare div that starts with the link.
    mark = "<div>" if is_chtml(response) else '<div class="person">'
    return re.findall(re.escape(mark) + r'<a [^>]*href="/u/(\w+)/', page_text(response))


def _conversations(response):
    """Each conversation's newest message, its first words (the test's all differ)."""
    if is_chtml(response):
        # A conversation starts with its link, or with a bare name (a group).
        pattern = r'<div>(?:<a href="/dm/[^"]+">[^<]*</a>|[^<\s][^<]*)[^<]*<div>(.*?)</div>'
    else:
        pattern = r'<div class="conversation">.*?<div class="text">(.*?)</div>'
    return [text[:12] for text in re.findall(pattern, page_text(response), re.S)]


def _list_ids(response):
    mark = "<div>" if is_chtml(response) else '<div class="list">'
    return re.findall(re.escape(mark) + r'<a [^>]*href="/lists/(\d+)/', page_text(response))


def _messages(response):
    return re.findall(r"<div[^>]*>(msg-\d+)</div>", page_text(response))


def _replies_to(post_id):
    """The replies shown under a post (in C-HTML the post itself also follows a rule)."""
    return lambda response: [found for found in post_ids(response) if found != post_id]


def _session_url(url, signed_in_page) -> str:
    """``url`` with the session id a cookie-less phone carries in its links."""
    found = re.search(r"[?&;]sid=(\w+)", page_text(signed_in_page))
    if not found:
        return url
    return url + ("&" if "?" in url else "?") + urlencode({"sid": found.group(1)})


def walk(phone, url, extract, *, budget=None):
    """Follow "more" from ``url`` to the end: (items in order, number of pages)."""
    seen, pages = [], 0
    while url:
        page = phone.get(url)
        assert page.status_code == 200, (url, page.status_code)
        if budget is not None:
            assert len(page.content) <= budget, (url, len(page.content))
            assert int(page["Content-Length"]) == len(page.content)
            assert_well_formed(page)
        shown = extract(page)
        assert shown, f"{url} shows nothing"
        seen += shown
        pages += 1
        assert pages <= MAX_PAGES, "the more links go round in circles"
        more = _more(page)
        url = urljoin(urlsplit(url).path, more) if more else None
    return seen, pages


@pytest.fixture
def data(emulator):
    """More of everything than a 5 KB page holds."""
    state = emulator.state
    demo = state.user_by_username("demo")
    others = [u for u in state.users.values() if u.id != demo.id and not u.protected]
    for user in others:
        state.follow(user.id, demo.id)
        state.follow(demo.id, user.id)
    friend = others[0]
    for n in range(30):
        sender = demo.id if n % 2 else friend.id
        state.send_dm(sender, _one_to_one(demo, friend), f"msg-{n:03d}")
    for user in others[1:]:
        state.send_dm(user.id, _one_to_one(demo, user), f"hello from {user.username}")
    own = state.owned_lists(demo.id, demo.id)
    for n in range(40):
        copy = dataclasses.replace(own[0], id=str(3000000000000000000 + n), name=f"list {n}")
        state.lists[copy.id] = copy
    target = state.authored_posts(demo.id)[0]
    for n in range(24):
        state.create_post(others[n % len(others)].id, f"@demo reply {n}", reply_to=target)
    return {"state": state, "demo": demo, "friend": friend, "post": target, "list": own[0]}


def _one_to_one(one, other) -> str:
    """X's id of a conversation between two people: both ids, smaller first."""
    return "-".join(sorted([one.id, other.id], key=int))


def _pages(data):
    state, demo = data["state"], data["demo"]
    return {
        "home": ("/home/", post_ids, len(state.home_posts(demo.id))),
        "mentions": ("/mentions/", post_ids, len(state.mention_posts(demo.id))),
        "search": ("/search/?q=demo", post_ids, None),
        "profile": ("/u/demo/", post_ids, [p.id for p in state.authored_posts(demo.id)]),
        "followers": (
            "/u/demo/followers/",
            _people,
            [u.username for u in state.followers_of(demo.id)],
        ),
        "following": (
            "/u/demo/following/",
            _people,
            [u.username for u in state.following_of(demo.id)],
        ),
        "lists": ("/lists/", _list_ids, [x.id for x in state.owned_lists(demo.id, demo.id)]),
        "list timeline": (
            f"/lists/{data['list'].id}/",
            post_ids,
            len(state.list_posts(data["list"], demo.id)),
        ),
        "replies": (f"/p/{data['post'].id}/", _replies_to(data["post"].id), None),
        "messages": ("/dm/", _conversations, None),
        "conversation": (
            f"/dm/{data['friend'].username}/",
            _messages,
            [f"msg-{n:03d}" for n in reversed(range(30))],
        ),
    }


PAGES = [
    "home",
    "mentions",
    "search",
    "profile",
    "followers",
    "following",
    "lists",
    "list timeline",
    "replies",
    "messages",
    "conversation",
]
# Pages whose items the test made more than 5 KB of: they must split.
SPLIT = {"home", "mentions", "search", "lists", "list timeline", "replies", "conversation"}


@pytest.mark.parametrize("name", PAGES)
def test_a_list_page_fits_5_kb_and_pages_on_without_gaps_or_repeats(client, data, name):
    assert detect(PHONE, {}).markup_budget == BUDGET
    url, extract, expected = _pages(data)[name]
    phone = Phone(client, PHONE)
    seen, pages = walk(phone, _session_url(url, phone.sign_in()), extract, budget=BUDGET)
    reference = Phone(Client(), UAS["smartphone"])
    reference.sign_in()
    everything, _ = walk(reference, url, extract)
    # The same sequence: nothing skipped, nothing twice (a post and a repost of it
    # show the same post, so ids may repeat in the data itself).
    assert seen == everything, "the phone saw other items than a large screen"
    if isinstance(expected, int):
        assert len(seen) == expected
    elif expected is not None:
        assert seen == expected
    if name in SPLIT:
        assert pages >= 2, f"{name}: {len(seen)} items on one 5 KB page"


def test_the_lists_page_says_when_it_is_an_older_copy(signed_in, emulator, monkeypatch):
    monkeypatch.setitem(services.READ_TTL, "lists", 0)
    fresh = signed_in.get("/lists/")
    assert fresh.status_code == 200 and b'class="notice"' not in fresh.content
    emulator.state.set_fault("/2/users/*/owned_lists", status=429)
    stale = signed_in.get("/lists/")
    assert stale.status_code == 200
    assert b"X is busy; this copy is from" in stale.content
    assert b"Fresh posts after" in stale.content, "the notice's reset time reaches the page"
    assert _list_ids(stale) == _list_ids(fresh) and _list_ids(fresh)

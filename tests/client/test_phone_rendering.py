"""What a first-time user saw on a 240x320 phone: cut posts, quotes, reposts, actions, images.

Each test is one complaint from the screenshots: a long post cut mid-word with
no mark, a quoted post's raw t.co link, a repost naming the reposter twice,
"Like" beside "Unlike", a "bigger" image smaller than its thumbnail, and
access-key labels broken after "]".
"""

import re

import pytest
import requests

from apps.xemulator.text import first_part
from tests.keitai.phone import UAS, Phone, page_text, same_site

pytestmark = pytest.mark.django_db


def _post(emulator, starts: str):
    return next(p for p in emulator.state.posts.values() if (p.text or "").startswith(starts))


def _block(page: str, post_id: str) -> str:
    """The timeline markup of the post whose own link is /p/<post_id>/."""
    blocks = re.split(r'(?=<div class="post")', page)
    return next(block for block in blocks if f'href="/p/{post_id}/"' in block)


def _calls(emulator) -> int:
    return requests.get(emulator.base_url + "/_emulator/stats", timeout=5).json()["total"]


LONG = (
    "Porting a gateway from PHP taught me patience: carriers, encodings, pictographs, "
    "session ids in every link, pages under ten kilobytes. "
) * 4


def _long_post(emulator):
    """A long post of alice's, as X stores one: the whole text and its first part."""
    alice = emulator.state.user_by_username("alice")
    post = emulator.state.create_post(alice.id, LONG)
    # X cuts the first part wherever 280 weighted characters end: here inside a word.
    cut = next(i for i in range(len(first_part(LONG)), 0, -1) if LONG[i - 1 : i + 1].isalpha())
    post.note_text, post.text = LONG, LONG[:cut]
    return post


def test_a_long_post_on_the_timeline_ends_with_an_ellipsis_and_a_link_between_words(
    signed_in, emulator
):
    long = _long_post(emulator)
    block = _block(page_text(signed_in.get("/home/")), long.id)
    match = re.search(r"(\S+)… <a href=\"/p/(\d+)/\">more</a></div>", block)
    assert match, block
    assert match.group(2) == long.id
    last_word = match.group(1)
    # The word before "…" is a whole word of the post, not the start of one.
    assert re.search(rf"(^|\s){re.escape(last_word)}\s", long.note_text), last_word
    whole = page_text(signed_in.get(f"/p/{long.id}/"))
    assert "more</a>" not in whole.split('<div class="actions"')[0]


def test_a_quoted_posts_links_are_links(signed_in, emulator):
    quote = _post(emulator, "This is big news")
    block = _block(page_text(signed_in.get("/home/")), quote.id)
    quoted = block.split('<div class="quote"', 1)[1]
    assert "t.co/" not in quoted
    assert '<a href="/exit/?to=' in quoted and '<a href="/search/?q=%24AAPL">$AAPL</a>' in quoted
    detail = page_text(signed_in.get(f"/p/{quote.id}/"))
    assert '<a href="/exit/?to=' in detail.split('<div class="quote"', 1)[1]


def test_a_repost_whose_original_is_gone_shows_the_original_author_once(signed_in, emulator):
    repost = _post(emulator, "RT @dave: Hot take")
    block = _block(page_text(signed_in.get("/home/")), repost.id)
    assert block.count("Reposted by Bob") == 1
    assert "RT @dave" not in block and ">Bob<" not in block
    assert "@dave" in block and "Hot take: tabs are better than spaces." in block
    detail = page_text(signed_in.get(f"/p/{repost.id}/"))
    assert "RT @dave" not in detail and "@dave" in detail


def _actions(page) -> set[str]:
    actions = page_text(page).split('<div class="actions">', 1)[1].split("</div>", 1)[0]
    return set(re.findall(r'action="/p/\d+/(\w+)/"', actions))


def test_the_post_page_offers_only_the_like_and_repost_actions_that_apply(
    signed_in, emulator, x_enterprise
):
    post = _post(emulator, "夕焼けがきれい")
    demo = emulator.state.user_by_username("demo")
    assert (demo.id, post.id) not in emulator.state.likes
    page = f"/p/{post.id}/"
    assert _actions(signed_in.get(page)) == {"like", "repost"}
    assert signed_in.post(f"{page}like/").status_code == 302
    assert _actions(signed_in.get(page)) == {"unlike", "repost"}
    assert signed_in.post(f"{page}repost/").status_code == 302
    assert _actions(signed_in.get(page)) == {"unlike", "unrepost"}
    # A warm cache: the page costs no call to X at all.
    before = _calls(emulator)
    assert _actions(signed_in.get(page)) == {"unlike", "unrepost"}
    assert _calls(emulator) - before <= 1
    assert signed_in.post(f"{page}unlike/").status_code == 302
    assert signed_in.post(f"{page}unrepost/").status_code == 302
    assert _actions(signed_in.get(page)) == {"like", "repost"}


def test_when_x_will_not_say_both_actions_are_offered(signed_in, emulator, x_enterprise):
    post = _post(emulator, "今日のお昼は")
    emulator.state.set_fault("/2/users/*/liked_tweets", status=503)
    assert _actions(signed_in.get(f"/p/{post.id}/")) == {"like", "unlike", "repost", "unrepost"}


_IMAGE = re.compile(r'(?:<a href="/img/[^/"]+/(\d+)/[^"]*"[^>]*>)?<img src="/img/[^/"]+/(\d+)/')


def _image_widths(page):
    """(width of the linked larger image or None, width of the thumbnail) per image."""
    pairs = _IMAGE.findall(page_text(page))
    return [(int(big) if big else None, int(small)) for big, small in pairs]


@pytest.mark.parametrize(
    ("profile", "expected"),
    [("docomo-mova", [(None, 96)]), ("docomo-foma", [(176, 120)]), ("smartphone", [(240, 120)])],
)
def test_the_larger_image_is_larger_than_the_thumbnail_or_not_offered(
    client, emulator, profile, expected
):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    sunset = _post(emulator, "夕焼け")
    page = phone.get(same_site(home, f"/p/{sunset.id}/"))
    assert _image_widths(page) == expected


def test_access_key_labels_do_not_break(signed_in, emulator):
    post = _post(emulator, "今日のお昼は")
    page = page_text(signed_in.get(f"/p/{post.id}/"))
    links = re.findall(r"<a [^>]*accesskey=[^>]*>", page)
    assert len(links) >= 5
    assert all("white-space:nowrap" in link for link in links), links

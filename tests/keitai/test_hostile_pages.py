"""Hostile text in, well-formed pages out: XML for every XHTML profile, C-HTML for mova.

Text a phone types (ESC, SI, BS from an input method; "<" in a search) and text
X returns (a name, bio or post holding control characters and <&>) must never
make a page unreadable. The conftest hook checks every page of every test;
here the worst inputs are sent on purpose and the pages checked explicitly.
"""

import re

import pytest
import requests

from apps.keitai.conformance import chtml_problems, xml_problem
from tests.keitai.phone import UAS, Phone, page_text, same_site

pytestmark = pytest.mark.django_db

XML_PROFILES = ["docomo-foma", "docomo-2.0", "au", "softbank", "kaios", "w3m", "smartphone"]
CHTML_PROFILES = ["docomo-mova", "willcom"]
CONTROLS = "\x1b\x0f\x08\x00\x7f"
# Bytes no page may hold: C0 controls other than tab/LF/CR (never a Shift_JIS trail byte).
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _hostile_x(emulator) -> str:
    """hanako's name and bio, and a new post of hers, full of what breaks XML."""
    state = emulator.state
    hanako = state.user_by_username("hanako")
    hanako.name = "Hana\x1bko <&> \x0f"
    hanako.description = "bio \x08 with <b>bold</b> & \x1b[31mred\x1b[0m"
    hanako.location = "Tokyo\x0b\x85<&>"
    post = state.create_post(hanako.id, "ctrl \x1b[31m red \x0f <&> end\x07")
    return post.id


def _check(page, profile):
    assert page.status_code == 200, (page.status_code, page_text(page)[:300])
    assert not _RAW_CONTROL.search(page.content), page.content[:400]
    text = page_text(page)
    if profile in CHTML_PROFILES:
        assert chtml_problems(text) == []
    else:
        assert xml_problem(text) is None


@pytest.mark.parametrize("profile", XML_PROFILES + CHTML_PROFILES)
def test_x_text_with_control_characters_and_markup_gives_readable_pages(client, emulator, profile):
    post_id = _hostile_x(emulator)
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    _check(home, profile)
    assert "ctrl [31m red  &lt;&amp;&gt; end" in page_text(home)
    for path in ("/u/hanako/", f"/p/{post_id}/", "/u/hanako/followers/"):
        page = phone.get(same_site(home, path))
        _check(page, profile)
    profile_page = phone.get(same_site(home, "/u/hanako/"))
    text = page_text(profile_page)
    assert "Hanako &lt;&amp;&gt;" in text and "&lt;b&gt;bold&lt;/b&gt; &amp; [31mred" in text


@pytest.mark.parametrize("profile", XML_PROFILES + CHTML_PROFILES)
def test_a_search_for_angle_brackets_is_echoed_escaped(client, emulator, profile):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    search = same_site(home, "/search/")
    joiner = "&" if "?" in search else "?"
    page = phone.get(f"{search}{joiner}q=3+%3C+5+%3E+%26+%22x%22+%1B")
    _check(page, profile)
    assert 'value="3 &lt; 5 &gt; &amp; &quot;x&quot;' in page_text(page)


def _posted(emulator):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    answer.raise_for_status()
    return [item["text"] for item in answer.json()["data"]]


@pytest.mark.parametrize("profile", ["docomo-foma", "docomo-mova", "au", "softbank", "smartphone"])
def test_control_characters_typed_into_a_post_never_reach_x_or_a_page(client, emulator, profile):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    done = phone.submit(home, "/post/", text=f"a{CONTROLS}b\r\nc\rd\te <&>")
    assert done.status_code == 302, page_text(done)
    assert _posted(emulator)[0] == "ab\nc\nd\te <&>"
    _check(phone.get(done["Location"]), profile)


@pytest.mark.parametrize("profile", ["docomo-foma", "softbank", "smartphone"])
def test_control_characters_typed_into_a_message_never_reach_x(client, emulator, profile):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    conversation = phone.get(same_site(home, "/dm/hanako/"))
    _check(conversation, profile)
    done = phone.submit(conversation, "/dm/hanako/", text=f"hi{CONTROLS} <there>")
    assert done.status_code == 302, page_text(done)
    texts = [event.text for event in emulator.state.dm_events.values() if event.text]
    assert "hi <there>" in texts
    _check(phone.get(done["Location"]), profile)


@pytest.mark.parametrize("profile", ["docomo-foma", "smartphone"])
def test_a_refused_post_shows_the_typed_text_without_control_characters(client, emulator, profile):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    page = phone.submit(home, "/post/", text=f"x{CONTROLS}" + "y" * 300)
    assert page.status_code == 400
    assert not _RAW_CONTROL.search(page.content)
    assert xml_problem(page_text(page)) is None
    assert "x" + "y" * 300 in page_text(page)

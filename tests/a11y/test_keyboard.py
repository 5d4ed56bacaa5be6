"""A keyboard alone, in Chromium: Tab and Enter through sign-in, reading, posting and DMs.

Each step asserts where focus lands. Access keys themselves cannot be pressed here:
Chromium takes no synthetic Alt+key as an access key, so the keys' targets and hints are
checked in the markup (tests/client/test_accessibility.py) and this walk uses Tab and Enter.
"""

import pytest
import requests

from tests.a11y.conftest import PROFILES, new_device_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused(page) -> str:
    """The focused element: its tag and accessible text (or value, or aria-label)."""
    return page.evaluate(
        """() => { const e = document.activeElement;
        return (e.tagName.toLowerCase() + ' ' + (e.getAttribute('aria-label') || e.value
            || e.textContent)).trim(); }"""
    )


def _tab(page, times: int = 1) -> str:
    for _ in range(times):
        page.keyboard.press("Tab")
    return _focused(page)


def test_sign_in_read_post_and_message_with_the_keyboard(gateway, x_enterprise, axe_browser):
    emulator = x_enterprise
    page = new_device_page(axe_browser, next(p for p in PROFILES if p.name == "kaios-en"))
    page.goto(gateway + "/")
    assert _tab(page) == "a yubitter"
    assert _tab(page) == "a [5]Sign in with X"
    page.keyboard.press("Enter")
    page.wait_for_url(emulator.base_url + "/**")
    page.fill("#username", "demo")
    page.fill("#password", "demo")
    page.keyboard.press("Enter")
    page.wait_for_url(gateway + "/home/")

    # Reading: the skip link first, then the page's heading's form, then the first post.
    assert _tab(page) == "a [#]Menu"
    assert _tab(page) == "a yubitter"
    assert _tab(page) == "textarea"
    assert _tab(page) == "input Post"
    author = _tab(page)
    assert author.startswith("a ") and author != "a [#]Menu"
    post_link = _tab(page)
    assert post_link.startswith(f"a Post by {author[2:]}, ")
    page.keyboard.press("Enter")
    page.wait_for_url("**/p/*/")
    assert page.locator("h1").inner_text() == f"Post by {author[2:]}"

    # The skip link, first on every page, moves focus to the menu: the next Tab is [1]Home.
    assert _tab(page) == "a [#]Menu"
    page.keyboard.press("Enter")
    assert _tab(page) == "a [1]Home"

    # Posting: [2]Post is the next Tab in the menu; the form's field comes after the skip
    # link and the home link, and the Tab after it is [9]Post.
    assert _tab(page) == "a [2]Post"
    page.keyboard.press("Enter")
    page.wait_for_url(gateway + "/post/")
    assert _tab(page, 3) == "textarea"
    page.keyboard.type("Typed with a keyboard only")
    assert _tab(page) == "input [9]Post"
    page.keyboard.press("Enter")
    page.wait_for_url(gateway + "/home/")
    posted = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5).json()
    assert posted["data"][0]["text"] == "Typed with a keyboard only"

    # Messages: skip to the menu, five Tabs to [*]Messages, then the first conversation.
    assert _tab(page) == "a [#]Menu"
    page.keyboard.press("Enter")
    assert _tab(page, 5) == "a [*]Messages"
    page.keyboard.press("Enter")
    page.wait_for_url(gateway + "/dm/")
    assert _tab(page, 3).startswith("a ")  # [#]Menu, yubitter, the first conversation
    page.keyboard.press("Enter")
    page.wait_for_url(gateway + "/dm/*/")
    assert _tab(page, 3).startswith("a @")  # the heading's link to the other person
    assert _tab(page) == "textarea"
    page.keyboard.type("Sent with Tab and Enter")
    assert _tab(page) == "input [9]Send"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Message sent." in page.locator(".messages").inner_text()
    page.context.close()

"""A docomo FOMA phone's 240x320 screen in Chromium, in Japanese: what a first-time user sees.

Screenshots of the home timeline and a post page go to test-artifacts/; the
access-key labels of the post page ("[5]引用", "[7]いいね") must each stay on one line.
"""

import shutil

import pytest

from tests.e2e.test_chromium import CHROMIUM_ARGS, UA

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_chromium"),
]


@pytest.fixture
def screen():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            user_agent=UA,
            viewport={"width": 240, "height": 320},
            java_script_enabled=False,
            locale="ja-JP",
            extra_http_headers={"Accept-Language": "ja"},
        )
        yield context.new_page()
        context.close()
        browser.close()


def _one_line(page, selector) -> bool:
    """The element's text takes one line (its box is no taller than one line of text)."""
    box = page.locator(selector).first.bounding_box()
    line = page.locator("div.header a").first.bounding_box()  # "yubitter": one line
    return box is not None and box["height"] <= line["height"] * 1.5


def test_home_and_post_page_at_240x320(gateway, emulator, x_enterprise, screen, artifacts):
    page = screen
    page.goto(gateway + "/")
    page.click("a[accesskey='5']")
    page.fill("#username", "demo")
    page.fill("#password", "demo")
    page.click("button[name=allow]")
    assert "/home/" in page.url
    page.screenshot(path=artifacts / "screen-240-home.png", full_page=True)
    quote = next(p for p in emulator.state.posts.values() if p.text.startswith("This is big"))
    page.goto(page.url.replace("/home/", f"/p/{quote.id}/"))
    page.screenshot(path=artifacts / "screen-240-post.png", full_page=True)
    for key in ("5", "7", "8"):
        assert _one_line(
            page, f"div.actions a[accesskey='{key}'], div.actions input[accesskey='{key}']"
        ), key

"""Headless Chromium as a docomo FOMA phone that refuses cookies: the session lives in URLs."""

import shutil

import pytest
import requests

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_chromium"),
]

UA = "DoCoMo/2.0 P903i(c100;TB;W24H12)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def phone_page():
    """A page in a 240x320 context with a docomo UA that keeps no cookies.

    Every response, redirects included, is recorded with its Set-Cookie header
    (``page.responses``); ``page.drop_cookies()`` empties the jar after each
    step, as a phone without cookies would, and returns what was in it.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            user_agent=UA, viewport={"width": 240, "height": 320}, java_script_enabled=False
        )
        page = context.new_page()
        page.responses = []
        page.on(
            "response",
            lambda response: page.responses.append(
                (response.url, response.status, response.header_value("set-cookie"))
            ),
        )

        def drop_cookies():
            jar = context.cookies()
            context.clear_cookies()
            return jar

        page.drop_cookies = drop_cookies
        yield page
        context.close()
        browser.close()


def _posted(emulator):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    return [item["text"] for item in answer.json()["data"]]


def test_cookie_less_docomo_in_chromium(gateway, emulator, phone_page, artifacts):
    page = phone_page
    jars = []
    page.goto(gateway + "/")
    jars.append(page.drop_cookies())
    assert page.evaluate("document.contentType") == "application/xhtml+xml"
    assert page.evaluate("document.characterSet") == "Shift_JIS"
    page.screenshot(path=artifacts / "chromium-docomo-1-top.png")
    page.click("a[accesskey='5']")  # Sign in with X
    jars.append(page.drop_cookies())
    assert page.url.startswith(emulator.base_url) and "sid=" not in page.url
    page.fill("#username", "demo")
    page.fill("#password", "demo")
    page.screenshot(path=artifacts / "chromium-docomo-2-authorize.png")
    page.click("button[name=allow]")
    jars.append(page.drop_cookies())
    assert page.url.startswith(gateway + "/home/?sid=") and "guid=ON" in page.url
    assert page.locator("div.post").count() >= 5
    assert "花子" in page.content()
    page.screenshot(path=artifacts / "chromium-docomo-3-home.png", full_page=True)

    text = "Chromiumから投稿☀ 晴れ"
    page.fill("form.quickpost textarea", text)
    page.click("form.quickpost input[type=submit]")
    jars.append(page.drop_cookies())
    assert page.url.startswith(gateway + "/home/?sid=")
    assert _posted(emulator)[0] == text
    # Back on home the sun is docomo's pictograph F89F (Chromium shows it as U+E63E).
    assert "Chromiumから投稿\ue63e 晴れ" in page.content()
    page.screenshot(path=artifacts / "chromium-docomo-4-posted.png", full_page=True)

    page.click("form.logout input[type=submit]")
    jars.append(page.drop_cookies())
    assert page.locator("a[accesskey='5']").count() == 1  # back on the top page
    page.screenshot(path=artifacts / "chromium-docomo-5-signed-out.png")

    assert jars == [[]] * len(jars)
    seen = [(url, status) for url, status, _ in page.responses]
    assert any(url.startswith(gateway + "/login/callback/?sid=") and s == 302 for url, s in seen)
    assert any(url.startswith(gateway + "/home/?sid=") and s == 200 for url, s in seen)
    assert [(url, c) for url, _, c in page.responses if url.startswith(gateway) and c] == []

"""A person on a KaiOS phone uses the whole site by clicking, with JavaScript off.

One walkthrough in headless Chromium against the live gateway and the X
emulator: sign in on X's authorize page, read, reply, like, repost, quote,
follow and unfollow, search, send a message, change settings, delete a post
and sign out. Every step is a click or a form fill on what the page shows
(only the first page is opened by URL), and every step leaves a screenshot in
test-artifacts/walkthrough/.
"""

import re
import shutil
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.utils import translation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_chromium"),
]

# A JioPhone (KaiOS 2.5): 240x320, a keypad, cookies, no need for JavaScript here.
UA = (
    "Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) "
    "Gecko/48.0 Firefox/48.0 KAIOS/2.5"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
POST_LINK = re.compile(r"/p/(\d+)/$")


@pytest.fixture
def kaios_page():
    """A 240x320 KaiOS page with JavaScript disabled."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            user_agent=UA,
            viewport={"width": 240, "height": 320},
            java_script_enabled=False,
            locale="en-US",
        )
        context.set_default_timeout(5_000)
        page = context.new_page()
        yield page
        context.close()
        browser.close()


@pytest.fixture
def shots(artifacts):
    """``shots(page, name)`` saves the page as NN-name.png, numbered in order.

    It also checks that the page has no script at all: nothing can depend on it.
    """
    folder = artifacts / "walkthrough"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    taken = []

    def shot(page, name):
        assert page.locator("script, [onclick], [onsubmit]").count() == 0, page.url
        taken.append(name)
        page.screenshot(path=folder / f"{len(taken):02d}-{name}.png", full_page=True)

    return shot


def _posts_by(emulator, username):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author={username}", timeout=5)
    return answer.json()["data"]


def _post_id(url):
    match = POST_LINK.search(url.split("?")[0])
    assert match, url
    return match.group(1)


def _japanese_catalogue_compiled() -> bool:
    return any(
        (Path(folder) / "ja" / "LC_MESSAGES" / "django.mo").exists()
        for folder in settings.LOCALE_PATHS
    )


def _message(page):
    return page.locator(".messages").inner_text()


def test_walkthrough_on_a_kaios_phone_without_javascript(
    gateway, emulator, x_enterprise, kaios_page, shots
):
    page = kaios_page
    page.goto(gateway + "/")
    shots(page, "top")

    # Sign in: the gateway sends us to X's authorize page; approve there.
    page.get_by_role("link", name="Sign in with X").click()
    assert page.url.startswith(emulator.base_url)
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("demo")
    shots(page, "authorize")
    page.get_by_role("button", name="Authorize app").click()
    assert page.url.startswith(gateway + "/home/")
    assert page.locator("div.post").count() == 20
    assert "@hanako" in page.content()
    shots(page, "home")

    # Open one of hanako's posts by its time link.
    hanakos = page.locator("div.post").filter(has_text="@hanako").filter(has_not_text="Reposted")
    hanakos.first.locator("a.meta").click()
    target = _post_id(page.url)
    assert page.locator("div.post.detail").count() == 1
    assert "@hanako" in page.locator("div.post.detail").inner_text()
    shots(page, "post")

    # Reply with the form under the post.
    reply = "@hanako おいしそう！🍜"
    send = page.get_by_role("button", name="[9]Reply")
    page.locator("form", has=send).locator("textarea").fill(reply)
    send.click()
    assert _post_id(page.url) == target, "back on the post after replying"
    assert "Posted." in _message(page)
    mine = _posts_by(emulator, "demo")
    assert any(
        p["text"] == reply and {"type": "replied_to", "id": target} in p["referenced_tweets"]
        for p in mine
    ), mine[:3]
    shots(page, "replied")

    # Like and repost with the buttons on the post page.
    page.get_by_role("button", name="[7]Like").click()
    assert "Liked" in _message(page)
    shots(page, "liked")
    page.get_by_role("button", name="[8]Repost").click()
    assert "Reposted" in _message(page)
    shots(page, "reposted")

    # Quote it.
    page.get_by_role("link", name="[5]Quote").click()
    assert "/quote/" in page.url
    shots(page, "quote-form")
    quote = "これは名言 #ガラケー"
    page.locator("textarea[name=text]").fill(quote)
    page.get_by_role("button", name="[9]Post").click()
    assert page.url.startswith(gateway + "/home/")
    assert "Posted." in _message(page)
    quoted = [p for p in _posts_by(emulator, "demo") if p["text"].startswith(quote)]
    assert quoted and {"type": "quoted", "id": target} in quoted[0]["referenced_tweets"]
    shots(page, "quoted")

    # A profile: someone from the mentions, reached through their post's page.
    page.get_by_role("link", name="[3]Mentions").click()
    shots(page, "mentions")
    page.locator("div.post").filter(has_text="@stranger").first.locator("a.meta").click()
    page.locator("div.post.detail a.name").click()
    assert "/u/stranger/" in page.url
    assert "@stranger" in page.locator("h1").inner_text()
    shots(page, "profile")
    page.get_by_role("button", name="Follow", exact=True).click()
    assert "You follow @stranger." in _message(page)
    shots(page, "followed")
    page.get_by_role("button", name="Unfollow").click()
    assert "You no longer follow @stranger." in _message(page)
    shots(page, "unfollowed")

    # Search for a Japanese hashtag.
    page.get_by_role("link", name="Search").click()
    page.locator("input[name=q]").fill("#ラーメン")
    page.get_by_role("button", name="Search").click()
    assert page.locator("div.post").count() >= 1
    assert "ラーメン" in page.locator("div.post").first.inner_text()
    shots(page, "search")

    # Messages: open the conversation with hanako and send one with an emoji.
    page.get_by_role("link", name="Messages").click()
    assert page.locator("div.conversation").count() >= 2
    shots(page, "messages")
    page.get_by_role("link", name="花子").click()
    assert page.url.split("?")[0].endswith("/dm/hanako/")
    assert "久しぶり！元気？😊" in page.content()
    shots(page, "conversation")
    message = "土曜日OK！🍜🎉"
    page.locator("textarea[name=text]").fill(message)
    page.get_by_role("button", name="[9]Send").click()
    assert "Message sent." in _message(page)
    assert message in page.locator("div.dm.mine").first.inner_text()
    shots(page, "message-sent")

    # Settings, through the account page: 5 posts a page, in Japanese.
    page.get_by_role("link", name="Account", exact=True).click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Posts per page").fill("5")
    page.get_by_label("Language").select_option("ja")
    shots(page, "settings")
    page.get_by_role("button", name="[9]Save").click()
    assert page.locator("html").get_attribute("lang") == "ja"
    page.locator("a[accesskey='1']").click()  # [1] Home, in whatever language
    assert page.url.startswith(gateway + "/home/")
    assert page.locator("div.post").count() == 5
    assert page.locator("html").get_attribute("lang") == "ja"
    if _japanese_catalogue_compiled():
        with translation.override("ja"):
            home_word = translation.gettext("Home")
        assert home_word != "Home" and home_word in page.locator(".nav").inner_text()
    shots(page, "home-ja")

    # Delete the quote: it is on top of home; its page offers Delete, which asks first.
    page.locator("div.post").filter(has_text=quote).first.locator("a.meta").click()
    own = _post_id(page.url)
    assert own == quoted[0]["id"]
    page.locator("div.actions a[href*='/delete/']").click()
    assert quote in page.locator("div.post").inner_text()
    shots(page, "delete-confirm")
    page.locator("form[action*='/delete/'] input[type=submit]").click()
    assert page.locator(".messages .success").count() == 1  # "Deleted.", in Japanese
    assert not [p for p in _posts_by(emulator, "demo") if p["id"] == own]
    shots(page, "deleted")

    # Sign out: back on the top page, with the way in and without the menu.
    page.locator("form.logout input[type=submit]").click()
    assert page.locator("a[accesskey='5']").count() == 1
    assert page.locator(".nav, form.logout").count() == 0
    shots(page, "signed-out")

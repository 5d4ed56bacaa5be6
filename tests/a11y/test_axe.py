"""Every page in four profiles (KaiOS 240x320, iPhone; English, Japanese): 0 axe violations.

The gateway runs as a live server with the X emulator on enterprise access (so every
action button is shown). Pages are reached the way a person reaches them: signed out
first, then signed in through X's authorize page, then by following links.
"""

import re

import pytest
import requests

from tests.a11y.conftest import PROFILES, axe_violations, new_device_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_axe"),
]


def sign_in(page, gateway):
    page.goto(gateway + "/")
    page.locator("a[href^='/login/']").first.click()
    page.fill("#username", "demo")
    page.fill("#password", "demo")
    page.click("button[name=allow]")
    assert page.url.startswith(gateway + "/home/"), page.url


def first_href(page, pattern: str) -> str:
    """The first link on the page whose path matches ``pattern``."""
    for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"):
        if re.search(pattern, href):
            return href
    raise AssertionError(f"no link matching {pattern} on {page.url}")


def audit_pages(page, gateway, emulator):
    """Visit every page and yield (name, url) once each is loaded."""
    for path in ("/", "/login/pin/", "/h/"):
        page.goto(gateway + path)
        yield path, page.url
    sign_in(page, gateway)
    home = page.url
    yield "home", home
    for path in (
        "/mentions/",
        "/post/",
        "/search/",
        "/search/?q=%23ラーメン",
        "/dm/",
        "/lists/",
        "/settings/",
        "/keys/",
        "/outbox/",
        "/account/",
        "/account/phone/",
        "/account/mail/",
        "/exit/",
        "/no-such-page/",
        "/u/stranger/",
        "/u/stranger/followers/",
        "/u/stranger/following/",
    ):
        page.goto(gateway + path)
        yield path, page.url
    page.goto(gateway + "/post/")
    page.locator("form[action='/post/'] input[type=submit]").click()
    yield "post, failed", page.url
    page.goto(home)
    post = first_href(page, r"/p/\d+/$")
    page.goto(post)
    yield "post", post
    page.goto(first_href(page, r"/p/\d+/quote/$"))
    yield "quote", page.url
    mine = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5).json()[
        "data"
    ]
    page.goto(f"{gateway}/p/{mine[0]['id']}/")
    yield "own post", page.url
    page.goto(f"{gateway}/p/{mine[0]['id']}/delete/")
    yield "delete", page.url
    page.goto(gateway + "/dm/")
    page.goto(first_href(page, r"/dm/\w+/$"))
    yield "conversation", page.url
    page.goto(gateway + "/lists/")
    page.goto(first_href(page, r"/lists/\d+/$"))
    yield "list", page.url


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_every_page_has_no_axe_violations(profile, gateway, x_enterprise, axe_browser):
    page = new_device_page(axe_browser, profile)
    found = {}
    visited = 0
    for name, url in audit_pages(page, gateway, x_enterprise):
        visited += 1
        violations = axe_violations(page, profile)
        if violations:
            found[f"{name} ({url})"] = violations
    page.context.close()
    assert visited >= 25
    report = "\n".join(
        f"{page_name}: {line}" for page_name, lines in found.items() for line in lines
    )
    assert found == {}, report

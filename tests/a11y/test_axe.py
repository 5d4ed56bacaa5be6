"""Every page in four profiles (KaiOS 240x320, iPhone; English, Japanese): 0 axe violations.

The gateway runs as a live server with the X emulator on enterprise access (so every
action button is shown). Pages are reached the way a person reaches them: signed out
first, then signed in through X's authorize page, then by following links.
"""

import re

import pytest
import requests
from django.db import OperationalError

from apps.client import outbox
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
    page.goto(gateway + "/dm/")
    page.goto(first_href(page, r"/dm/group/\d+/$"))
    yield "group conversation", page.url
    page.goto(gateway + "/lists/")
    page.goto(first_href(page, r"/lists/\d+/$"))
    yield "list", page.url


SEARCH = "/2/tweets/search/recent"


def submit_form(page, action: str, fields: dict[str, str]):
    """Send a form the page does not have (JavaScript is on in these contexts, for axe)."""
    page.evaluate(
        """([action, fields]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement("input");
                input.type = "hidden";
                input.name = name;
                input.value = value;
                form.appendChild(input);
            }
            const send = document.createElement("input");
            send.type = "submit";
            send.id = "send-made-form";
            form.appendChild(send);
            document.body.appendChild(form);
        }""",
        [action, fields],
    )
    page.click("#send-made-form")


def status_of(page) -> int:
    """The HTTP status of the page as loaded (after any redirect)."""
    return page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")


def audit_refusals(page, gateway, emulator, settings, monkeypatch):
    """The error, kept-write and hand-off pages, each reached as a user meets it."""
    sign_in(page, gateway)
    for status in (403, 429, 503):
        emulator.state.set_fault(SEARCH, status=status)
        page.goto(f"{gateway}/search/?q=asked{status}")
        emulator.state.clear_faults()
        assert status_of(page) == status, page.content()
        yield f"{status} from X", page.url
    page.goto(gateway + "/post/")
    submit_form(page, "/post/", {"csrfmiddlewaretoken": "x" * 64, "text": "typed"})
    assert status_of(page) == 403, page.content()
    yield "403, expired form", page.url
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    submit_form(page, "/login/pin/", {f"f{i}": "x" for i in range(20)})
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    assert status_of(page) == 400, page.content()
    yield "400", page.url
    settings.ROOT_URLCONF = "tests.client.urls_failing"
    page.goto(gateway + "/fails/")
    settings.ROOT_URLCONF = "yubitter.urls"
    assert status_of(page) == 500, page.content()
    yield "500", page.url
    emulator.state.set_fault("/2/tweets", status=503, method="POST")
    page.goto(gateway + "/post/")
    page.fill("form[action='/post/'] textarea", "X is away")
    page.locator("form[action='/post/'] input[type=submit]").click()
    assert status_of(page) == 503, page.content()
    yield "post kept", page.url

    def database_away(**write):
        raise OperationalError("the database is away")

    monkeypatch.setattr(outbox, "outbox_keep", database_away)
    page.goto(gateway + "/post/")
    page.fill("form[action='/post/'] textarea", "X and the database are away")
    page.locator("form[action='/post/'] input[type=submit]").click()
    assert status_of(page) == 503, page.content()
    yield "write spooled", page.url
    settings.SPOOL_DIR = settings.SPOOL_DIR + "/not-a-folder"
    with open(settings.SPOOL_DIR, "w") as blocker:
        blocker.write("the spool cannot be made here")
    page.goto(gateway + "/post/")
    page.fill("form[action='/post/'] textarea", "nowhere to keep it")
    page.locator("form[action='/post/'] input[type=submit]").click()
    assert status_of(page) == 503, page.content()
    yield "503, database away", page.url
    emulator.state.clear_faults()
    monkeypatch.undo()
    page.goto(gateway + "/account/phone/")
    page.locator("form[action='/account/phone/'] input[type=submit]").click()
    assert status_of(page) == 200, page.content()
    yield "hand-off code shown", page.url
    link = page.locator("p.url").inner_text().strip()
    page.goto(link)
    assert status_of(page) == 200, page.content()
    yield "hand-off confirmation", page.url
    page.goto(gateway + "/h/")
    page.fill("input[name=code]", "0000 0000")
    page.locator("form[action='/h/'] input[type=submit]").click()
    assert status_of(page) == 400, page.content()
    yield "hand-off code refused", page.url
    page.goto(gateway + "/h/no-such-link/")
    assert status_of(page) == 410, page.content()
    yield "hand-off gone", page.url


def audit(page, profile, pages) -> tuple[int, dict[str, list[str]]]:
    """How many pages were audited, and each page's violations."""
    found = {}
    visited = 0
    for name, url in pages:
        visited += 1
        violations = axe_violations(page, profile)
        if violations:
            found[f"{name} ({url})"] = violations
    page.context.close()
    return visited, found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page_name}: {line}" for page_name, lines in found.items() for line in lines)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_every_page_has_no_axe_violations(profile, gateway, x_enterprise, axe_browser):
    page = new_device_page(axe_browser, profile)
    visited, found = audit(page, profile, audit_pages(page, gateway, x_enterprise))
    assert visited >= 25
    assert found == {}, report(found)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_error_kept_and_handoff_pages_have_no_axe_violations(
    profile, gateway, x_enterprise, axe_browser, settings, monkeypatch
):
    page = new_device_page(axe_browser, profile)
    pages = audit_refusals(page, gateway, x_enterprise, settings, monkeypatch)
    visited, found = audit(page, profile, pages)
    assert visited == 13
    assert found == {}, report(found)

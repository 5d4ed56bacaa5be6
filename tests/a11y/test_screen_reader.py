"""What a screen reader is given: the accessibility tree of the home and a post page.

Playwright's ``aria_snapshot`` of each page, as KaiOS in English, is matched against
a reviewed expectation in tests/a11y/expected/ (times and post ids written as <time>
and <id>, image proxy signatures and the emulator's port: the parts that change from run
to run). A change to the pages' structure
shows here as a diff to review; the file is rewritten with YUBITTER_ARIA_UPDATE=1.
"""

import os
import re
from pathlib import Path

import pytest

from tests.a11y.conftest import PROFILES, new_device_page
from tests.a11y.test_axe import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = Path(__file__).resolve().parent / "expected"
_VARYING = [
    (
        re.compile(r"\b\d{4}/\d{1,2}/\d{1,2}\b|\b\d{1,2}/\d{1,2} \d\d:\d\d\b|\b\d{1,2}[mh]\b"),
        "<time>",
    ),
    (re.compile(r"\b\d\d:\d\d\b"), "<time>"),
    (re.compile(r"\b\d{15,19}\b"), "<id>"),
    (re.compile(r"/img/[^/]+/"), "/img/<signature>/"),
    (re.compile(r"127\.0\.0\.1:\d+"), "<emulator>"),
    (re.compile(r"page=[A-Za-z0-9]+"), "page=<token>"),
    (re.compile(r"sid=[a-z0-9]+"), "sid=<sid>"),
]


def _normalised(snapshot: str) -> str:
    for pattern, placeholder in _VARYING:
        snapshot = pattern.sub(placeholder, snapshot)
    return snapshot.strip() + "\n"


def _matches_expectation(name: str, snapshot: str):
    path = EXPECTED / f"{name}.aria.yml"
    if os.environ.get("YUBITTER_ARIA_UPDATE"):
        path.write_text(snapshot)
    assert path.exists(), f"{path.name} missing: run once with YUBITTER_ARIA_UPDATE=1 and review it"
    assert snapshot == path.read_text()


def test_home_and_post_page_accessibility_trees_match_the_reviewed_ones(
    gateway, x_enterprise, axe_browser
):
    profile = next(p for p in PROFILES if p.name == "kaios-en")
    page = new_device_page(axe_browser, profile)
    sign_in(page, gateway)
    home = _normalised(page.locator("body").aria_snapshot())
    # What the reviewed tree promises, said outright as well.
    assert home.index('link "[#]Menu"') < home.index('heading "Home" [level=1]')
    assert home.count("- article:") == 20 and "- navigation:" in home and "- main:" in home
    _matches_expectation("home", home)
    post = next(p for p in x_enterprise.state.posts.values() if p.text.startswith("夕焼けがきれい"))
    page.goto(f"{gateway}/p/{post.id}/")
    detail = _normalised(page.locator("body").aria_snapshot())
    assert 'heading "Post by 花子" [level=1]' in detail
    _matches_expectation("post", detail)
    page.context.close()

"""axe-core (the npm package in this folder, installed by make test) run in Debian's Chromium.

The pages themselves carry no script: Playwright adds axe.min.js to the loaded page
and calls ``axe.run`` with the WCAG 2.1 A and AA rules (and WCAG 2.2's target size
on touch devices).
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_chromium import CHROMIUM_ARGS

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass(frozen=True)
class Profile:
    """A device and language the pages are audited in."""

    name: str
    user_agent: str
    width: int
    height: int
    language: str
    touch: bool


KAIOS_UA = (
    "Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) "
    "Gecko/48.0 Firefox/48.0 KAIOS/2.5"
)
IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
PROFILES = [
    Profile("kaios-en", KAIOS_UA, 240, 320, "en", touch=False),
    Profile("kaios-ja", KAIOS_UA, 240, 320, "ja", touch=False),
    Profile("iphone-en", IPHONE_UA, 390, 844, "en", touch=True),
    Profile("iphone-ja", IPHONE_UA, 390, 844, "ja", touch=True),
]


@pytest.fixture
def installed_axe():
    """axe-core from tests/a11y/package-lock.json; missing, the test fails (make test has it)."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: npm ci --prefix tests/a11y (make test runs it)")
    return AXE


@pytest.fixture
def axe_browser(installed_axe):
    """Debian's Chromium (each profile gets a context of its own)."""
    from playwright.sync_api import sync_playwright

    if shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed (make test installs it)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def new_device_page(browser, profile: Profile, *, javascript: bool = True):
    """A page as the profile's device, in its language (JavaScript on only for axe itself)."""
    context = browser.new_context(
        user_agent=profile.user_agent,
        viewport={"width": profile.width, "height": profile.height},
        has_touch=profile.touch,
        is_mobile=profile.touch,
        java_script_enabled=javascript,
        locale="ja-JP" if profile.language == "ja" else "en-US",
        extra_http_headers={"Accept-Language": profile.language},
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def axe_violations(page, profile: Profile) -> list[str]:
    """axe's violations of the loaded page, one line each (rule, impact, first targets)."""
    page.add_script_tag(path=str(AXE))
    tags = WCAG_TAGS + (["wcag22aa"] if profile.touch else [])
    options = "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}"
    result = page.evaluate(f"tags => axe.run(document, {options})", tags)
    return [
        f"{v['id']} ({v['impact']}): "
        + "; ".join(
            " ".join(node["target"]) + " " + node.get("failureSummary", "").replace("\n", " ")[:160]
            for node in v["nodes"][:3]
        )
        for v in result["violations"]
    ]


@pytest.fixture
def gateway(live_server, emulator):
    """The gateway's base URL, talking to a fresh emulator."""
    return live_server.url

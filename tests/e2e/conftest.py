"""Browsers against the gateway running as a live server, with the X emulator."""

import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots and page dumps go (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def gateway(live_server, emulator):
    """The gateway's base URL, talking to a fresh emulator."""
    return live_server.url


@pytest.fixture
def chromium():
    """Debian's Chromium (one browser; each test page gets a context of its own)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.test_chromium import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def pc_browser(chromium):
    """A desktop Chromium page (cookies on; the pages need no JavaScript)."""
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def installed_chromium():
    """Debian's Chromium; missing, the test fails (make test installs it), it never skips."""
    if shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed (make test installs it)")


@pytest.fixture
def installed_w3m():
    """w3m; missing, the test fails (make test installs it), it never skips."""
    if shutil.which("w3m") is None:
        pytest.fail("w3m is not installed (make test installs it)")

"""No sideways scrolling: pages fit a 240-pixel KaiOS screen and a 320-pixel one at 200% zoom.

At 200% zoom a 320-pixel screen lays a page out in 160 CSS pixels (WCAG 1.4.10 Reflow);
long URLs (the PIN page's authorize address, the exit page's link) wrap, and text areas
and fields shrink to the screen.
"""

import pytest

from apps.client.rendering import exit_url
from tests.a11y.conftest import PROFILES, new_device_page
from tests.a11y.test_axe import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_URL = "https://example.com/" + "a-very-long-path-without-spaces" * 12 + "?q=" + "x" * 80


def _overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [240, 160], ids=["240px", "320px-at-200pct"])
def test_no_page_scrolls_sideways(width, gateway, x_enterprise, axe_browser):
    kaios = next(p for p in PROFILES if p.name == "kaios-en")
    page = new_device_page(axe_browser, kaios)
    page.set_viewport_size({"width": width, "height": 320})
    widths = {}
    page.goto(gateway + "/login/pin/")
    widths["pin"] = _overflow(page)
    sign_in(page, gateway)
    widths["home"] = _overflow(page)
    for name, path in [
        ("exit", exit_url(LONG_URL)),
        ("post form", "/post/"),
        ("search", "/search/?q=%23django"),
        ("messages", "/dm/hanako/"),
        ("settings", "/settings/"),
    ]:
        page.goto(gateway + path)
        widths[name] = _overflow(page)
    page.context.close()
    assert widths == dict.fromkeys(widths, 0)

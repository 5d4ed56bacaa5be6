"""Hand-off end to end: a PC in Chromium shows the QR code, a cookie-less docomo phone reads it.

The QR code is decoded from a screenshot of the image as Chromium drew it (what a
phone camera would see), with zxing-cpp. The typed-code path runs in w3m.
"""

import io
import re
from urllib.parse import urlencode, urljoin

import pytest
import requests
import zxingcpp
from PIL import Image

from tests.conftest import approve_on_emulator
from tests.e2e.test_chromium import UA as FOMA_UA
from tests.e2e.test_w3m import UA as MOVA_UA
from tests.e2e.test_w3m import _form, w3m

# The typed code's refusal, as w3m shows it (apps/accounts/views_handoff.py).
CODE_REFUSED = "wrong or has expired"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_chromium"),
]


@pytest.fixture
def docomo_phone(chromium):
    """A docomo FOMA page without cookies: ``drop_cookies()`` empties the jar after each step."""
    context = chromium.new_context(
        user_agent=FOMA_UA, viewport={"width": 240, "height": 320}, java_script_enabled=False
    )
    page = context.new_page()

    def drop_cookies():
        jar = context.cookies()
        context.clear_cookies()
        return jar

    page.drop_cookies = drop_cookies
    yield page
    context.close()


def sign_in_in_chromium(page, gateway):
    page.goto(gateway + "/")
    page.click("a[accesskey='5']")  # Sign in with X
    page.fill("#username", "demo")
    page.fill("#password", "demo")
    page.click("button[name=allow]")
    assert page.url.startswith(gateway + "/home/")


def qr_from_screen(page, selector) -> str:
    """Decode the QR code as drawn on screen (a screenshot of the element)."""
    shot = page.locator(selector).screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert len(found) == 1, found
    return found[0].text


def test_pc_shows_a_qr_code_and_a_cookie_less_docomo_phone_signs_in_with_it(
    gateway, emulator, pc_browser, docomo_phone, artifacts
):
    pc = pc_browser
    sign_in_in_chromium(pc, gateway)
    pc.goto(gateway + "/account/phone/")
    pc.click("input[type=submit][accesskey='5']")  # Show a code for my phone
    assert pc.locator("p.qr img").count() == 1
    pc.screenshot(path=artifacts / "chromium-handoff-1-pc.png", full_page=True)
    link = qr_from_screen(pc, "p.qr img")
    assert link.startswith(gateway + "/h/") and link.endswith("?guid=ON")
    pc_cookies = {c["value"] for c in pc.context.cookies()}
    assert not any(value in link for value in pc_cookies)

    phone = docomo_phone
    jars = []
    phone.goto(link)
    jars.append(phone.drop_cookies())
    assert "@demo" in phone.content()
    phone.screenshot(path=artifacts / "chromium-handoff-2-phone-confirm.png")
    phone.click("input[type=submit][accesskey='5']")
    jars.append(phone.drop_cookies())
    assert phone.url.startswith(gateway + "/home/?sid=") and "guid=ON" in phone.url
    assert phone.locator("div.post").count() >= 5
    phone.screenshot(path=artifacts / "chromium-handoff-3-phone-home.png", full_page=True)
    assert jars == [[]] * len(jars)
    phone_sid = re.search(r"sid=([a-z0-9]+)", phone.url).group(1)
    assert phone_sid not in pc_cookies

    # The link is spent: opening it again shows that it ended.
    phone.goto(link)
    assert "ended" in phone.content()

    # The PC lists the phone and signs it out.
    pc.goto(gateway + "/account/phone/")
    assert "docomo P903i" in pc.content()
    pc.screenshot(path=artifacts / "chromium-handoff-4-pc-phones.png", full_page=True)
    pc.click("ul.phones input[type=submit]")
    assert "docomo P903i" not in pc.content()
    phone.goto(f"{gateway}/home/?sid={phone_sid}&guid=ON")
    assert phone.locator("div.post").count() == 0
    assert phone.locator("a[accesskey='5']").count() == 1  # the top page's sign-in


def test_the_pc_top_page_shows_the_site_as_a_qr_code(gateway, pc_browser):
    pc_browser.goto(gateway + "/")
    assert qr_from_screen(pc_browser, "p.qr img") == gateway + "/"


def pc_signed_in_over_http(gateway):
    """A PC as a plain HTTP client: sign in with X through the emulator's page."""
    pc = requests.Session()
    start = pc.get(gateway + "/login/", allow_redirects=False, timeout=10)
    answer = approve_on_emulator(start.headers["Location"])
    home = pc.get(answer.headers["Location"], timeout=10)
    assert home.url.startswith(gateway + "/home/"), home.url
    return pc


def _csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_mova_phone_in_w3m_types_the_code(gateway, emulator, tmp_path, artifacts):
    pc = pc_signed_in_over_http(gateway)
    page = pc.get(gateway + "/account/phone/", timeout=10).text
    shown = pc.post(gateway + "/account/phone/", data={"csrfmiddlewaretoken": _csrf(page)})
    code = re.search(r'class="handoff-code">([0-9 ]+)<', shown.text).group(1)

    top = w3m(gateway + "/", source=True)
    action, fields = _form(top, "/h/")
    assert "sid=" in action and "guid=ON" in action
    fields["code"] = code  # typed as shown, with its space
    home = w3m(urljoin(gateway, action), post=urlencode(fields).encode(), tmp_path=tmp_path)
    (artifacts / "w3m-handoff-home.txt").write_text(home, encoding="utf-8")
    assert "@hanako" in home and "[1]" in home

    # The same code again, typed on another phone, signs nobody in.
    top = w3m(gateway + "/", source=True)
    action, fields = _form(top, "/h/")
    fields["code"] = code
    again = w3m(urljoin(gateway, action), post=urlencode(fields).encode(), tmp_path=tmp_path)
    assert "@hanako" not in again
    assert CODE_REFUSED in again
    assert MOVA_UA.startswith("DoCoMo/1.0")

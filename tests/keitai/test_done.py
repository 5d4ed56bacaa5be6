"""The carrier-aware issue's finish line: each kind of device signs in, reads, posts with
emoji and signs out, over real HTTP to the X emulator."""

from html import unescape

import pytest
import requests

from apps.keitai.encoding import encode_for_device
from tests.keitai.phone import UAS, Phone, encode_form, form_with_action, page_text, post_ids

pytestmark = pytest.mark.django_db

TEXT = "桜が満開🌸 晴れ☀️"


@pytest.mark.parametrize(
    ("profile", "charset", "emoji"),
    [
        ("docomo-mova", "cp932", "docomo"),  # i-mode browser 1.0: no cookies, 240 px
        ("docomo-foma", "cp932", "docomo"),
        ("au", "cp932", "au"),
        ("softbank", "utf-8", "softbank"),
        ("kaios", "utf-8", None),
        ("w3m", "utf-8", None),
    ],
)
def test_device_signs_in_reads_posts_with_emoji_and_signs_out(
    client, emulator, profile, charset, emoji
):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    assert post_ids(home), "the home timeline shows posts"
    assert charset.replace("cp932", "shift_jis") in home["Content-Type"].lower()
    if not phone.device.cookies:
        assert "sid=" in page_text(home) and not client.cookies

    # The phone sends what its keyboard makes: carrier pictograph bytes on keitai.
    form = form_with_action(home, "/post/")
    body = encode_for_device(TEXT, charset, emoji)
    fields = [*form["fields"].items(), ("text", body)]
    done = phone.post(unescape(form["action"]), encode_form(fields))
    assert done.status_code == 302, page_text(done)
    posted = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5).json()
    assert posted["data"][0]["text"] == TEXT

    back = phone.get(done["Location"])
    assert back.status_code == 200
    out = phone.submit(back, "/logout/")
    assert out.status_code == 302
    again = phone.get(
        "/home/" + ("?" + done["Location"].split("?", 1)[1] if "?" in done["Location"] else "")
    )
    assert again.status_code == 302, "signed out: home asks to sign in again"

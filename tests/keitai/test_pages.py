"""Real pages per device class: media type, doctype, charset, emoji bytes, no script."""

import re

import pytest

from apps.keitai.encoding import encode_for_device
from tests.keitai.phone import UAS, Phone, assert_well_formed, page_text, parse

pytestmark = pytest.mark.django_db

I_XHTML = "-//i-mode group (ja)//DTD XHTML i-XHTML(Locale/Ver.=ja/1.0) 1.0//EN"
CHTML = "-//W3C//DTD Compact HTML 1.0 Draft//EN"
OPENWAVE = "-//OPENWAVE//DTD XHTML 1.0//EN"
JPHONE = "-//J-PHONE//DTD XHTML Basic 1.0 Plus//EN"
XHTML1 = "-//W3C//DTD XHTML 1.0 Transitional//EN"

# (profile, Content-Type, doctype public id, XML declaration's encoding or None)
EXPECTED = [
    ("docomo-mova", "text/html; charset=Shift_JIS", CHTML, None),
    ("docomo-foma", "application/xhtml+xml; charset=Shift_JIS", I_XHTML, "Shift_JIS"),
    ("docomo-2.0", "application/xhtml+xml; charset=Shift_JIS", I_XHTML, "Shift_JIS"),
    ("au", "text/html; charset=Shift_JIS", OPENWAVE, "Shift_JIS"),
    ("softbank", "text/html; charset=UTF-8", JPHONE, "UTF-8"),
    ("willcom", "text/html; charset=Shift_JIS", CHTML, None),
    ("kaios", "text/html; charset=UTF-8", XHTML1, "UTF-8"),
    ("w3m", "text/html; charset=UTF-8", XHTML1, "UTF-8"),
    ("smartphone", "text/html; charset=UTF-8", XHTML1, "UTF-8"),
]

RAMEN = "ラーメン🍜✨ スープが最高でした！"  # one of hanako's seeded posts


@pytest.mark.parametrize(("profile", "content_type", "doctype", "xml_encoding"), EXPECTED)
def test_top_page_has_the_document_shape_of_the_device(
    client, profile, content_type, doctype, xml_encoding
):
    page = Phone(client, UAS[profile]).get("/")
    text = page_text(page)
    assert page.status_code == 200
    assert page["Content-Type"] == content_type
    assert int(page["Content-Length"]) == len(page.content)
    assert f'PUBLIC "{doctype}"' in text.split("<html", 1)[0]
    if xml_encoding:
        assert text.startswith(f'<?xml version="1.0" encoding="{xml_encoding}"?>')
    else:
        assert text.startswith("<!DOCTYPE HTML")
    meta = re.search(r'<meta http-equiv="Content-Type" content="([^"]+)"', text)
    assert meta and meta.group(1) == content_type
    assert "<script" not in text.lower()
    assert_well_formed(page)


@pytest.mark.parametrize(
    ("profile", "codec", "emoji_set", "first_byte"),
    [("docomo-foma", "cp932", "docomo", (0xF8, 0xF9)), ("au", "cp932", "au", range(0xF3, 0xF8))],
)
def test_home_page_is_cp932_with_carrier_emoji_bytes(
    client, emulator, profile, codec, emoji_set, first_byte
):
    home = Phone(client, UAS[profile]).sign_in()
    expected = encode_for_device(RAMEN, codec, emoji_set)
    emoji_bytes = expected[len("ラーメン".encode(codec)) :][:4]
    assert emoji_bytes[0] in first_byte and emoji_bytes[2] in first_byte, emoji_bytes
    assert expected in home.content
    assert RAMEN.encode("utf-8") not in home.content
    assert home.content.decode("cp932").count("〓") == 0


def test_softbank_gets_utf8_with_its_private_use_emoji(client, emulator):
    home = Phone(client, UAS["softbank"]).sign_in()
    text = home.content.decode("utf-8")
    assert "ラーメン\ue340\ue32e スープ" in text  # SoftBank's ramen and sparkles
    assert "🍜" not in text


@pytest.mark.parametrize("profile", ["smartphone", "kaios"])
def test_modern_devices_keep_unicode_emoji(client, emulator, profile):
    home = Phone(client, UAS[profile]).sign_in()
    assert RAMEN in home.content.decode("utf-8")


def test_text_browsers_get_emoji_as_words(client, emulator):
    home = Phone(client, UAS["w3m"]).sign_in()
    text = home.content.decode("utf-8")
    assert "ラーメン[" in text and "🍜" not in text


@pytest.mark.parametrize("profile", ["docomo-foma", "au", "smartphone"])
def test_no_page_has_script_and_every_page_says_no_referrer(client, emulator, profile):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    pages = [home]
    for path in ("/mentions/", "/post/", "/account/", "/login/pin/"):
        links, _ = parse(home)
        link = next((link for link in links if link.split("?")[0] == path), path)
        pages.append(phone.get(link))
    for page in pages:
        assert page.status_code == 200, page
        assert "<script" not in page_text(page).lower()
        assert page["Referrer-Policy"] == "no-referrer"

"""What phones type arrives as Unicode; bytes that cannot be read are said so, not posted."""

from html import unescape

import pytest
import requests
from django.http import HttpResponse
from django.test import RequestFactory

from apps.keitai.encoding import encode_for_device
from apps.keitai.middleware import DeviceMiddleware
from tests.keitai.phone import UAS, Phone, encode_form, form_with_action, page_text

pytestmark = pytest.mark.django_db


def _posted(emulator):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    answer.raise_for_status()
    return [item["text"] for item in answer.json()["data"]]


def _post_bytes(phone, home, text_bytes: bytes):
    form = form_with_action(home, "/post/")
    fields = [*form["fields"].items(), ("text", text_bytes)]
    return phone.post(unescape(form["action"]), encode_form(fields))


@pytest.mark.parametrize(
    ("profile", "emoji_set"), [("docomo-foma", "docomo"), ("au", "au"), ("willcom", "text")]
)
def test_cp932_post_with_carrier_emoji_reaches_x_as_unicode(client, emulator, profile, emoji_set):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    text = "晴れ☀️のち雨☔ 〜ガラケーから〜"
    body = encode_for_device(text, "cp932", emoji_set)
    if emoji_set != "text":
        # The phone really sends its pictograph bytes, not Unicode or text.
        assert "☀" not in body.decode("cp932", "replace") and len(body) < 40
    done = _post_bytes(phone, home, body)
    assert done.status_code == 302, page_text(done)
    expected = text if emoji_set != "text" else None
    posted = _posted(emulator)[0]
    if expected:
        assert posted == expected
    else:
        assert posted.startswith("晴れ[") and "〜ガラケーから〜" in posted


def test_docomo_pictograph_bytes_become_the_right_emoji(client, emulator):
    phone = Phone(client, UAS["docomo-foma"])
    home = phone.sign_in()
    # docomo F89F sun, F8A0 cloud, 82A0 あ (JIS), F9B0 "OK" (EmojiSources.txt)
    done = _post_bytes(phone, home, b"\xf8\x9f\xf8\xa0\x82\xa0\xf9\xb0")
    assert done.status_code == 302
    assert _posted(emulator)[0] == "☀️☁️あ🆗"


def test_broken_shift_jis_gives_a_clear_message_and_the_text_back(client, emulator):
    phone = Phone(client, UAS["docomo-foma"])
    home = phone.sign_in()
    before = _posted(emulator)
    # "あいう" then a lone lead byte and an undefined byte, then "えお".
    page = _post_bytes(phone, home, b"\x82\xa0\x82\xa2\x82\xa4\xff\x85\x82\xa6\x82\xa8")
    text = page.content.decode("cp932")
    assert page.status_code == 400
    assert (
        "Some characters could not be read (shown as 〓 or ?). "
        "Check the text below and send it again." in " ".join(text.split())
    )
    assert "あいう" in text and "えお" in text
    assert _posted(emulator) == before


def test_query_string_in_cp932_is_decoded_before_views_see_it():
    seen = {}

    def view(request):
        seen["q"] = request.GET["q"]
        seen["ok"] = request.input_ok
        return HttpResponse("")

    request = RequestFactory().get(
        "/search/", QUERY_STRING="q=%83%89%81%5B%83%81%83%93%F6%60", HTTP_USER_AGENT=UAS["au"]
    )
    DeviceMiddleware(view)(request)
    # au F660 is the sun pictograph.
    assert seen == {"q": "ラーメン☀️", "ok": True}


def test_references_a_browser_wrote_for_missing_characters_are_undone():
    from apps.keitai.encoding import unescape_browser_references as undo

    # ☀ and 🍜 are not in Shift_JIS: a browser wrote those; A and あ are, so a person did.
    assert undo("晴れ&#9728; &#x1F35C; &#65; &#12354;", "cp932") == "晴れ☀ 🍜 &#65; &#12354;"
    assert undo("&#9728;", "utf-8") == "&#9728;"


def test_image_format_and_width_follow_the_device():
    from apps.keitai.context_processors import best_image_format, thumb_width
    from apps.keitai.detect import detect

    assert best_image_format(detect("DoCoMo/1.0/P501i/c5/TB/W20H10").image_formats) == "gif"
    assert best_image_format(detect(UAS["docomo-foma"]).image_formats) == "jpeg"
    assert best_image_format(detect("UP.Browser/3.04-KCTA UP.Link/3.4.5.9").image_formats) == "png"
    assert best_image_format(detect(UAS["w3m"]).image_formats) is None
    assert thumb_width(detect(UAS["docomo-foma"])) == 232  # P903i: 240 px wide


def test_a_null_origin_from_a_no_referrer_page_still_needs_the_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    phone = Phone(strict, UAS["docomo-2.0"])
    top = phone.get("/")
    assert top["Referrer-Policy"] == "no-referrer"
    form = form_with_action(top, "/login/easy/")
    action = unescape(form["action"])
    extra = {"HTTP_USER_AGENT": UAS["docomo-2.0"]}
    body = encode_form(list(form["fields"].items()))
    kind = "application/x-www-form-urlencoded"
    with_token = strict.generic("POST", action, body, kind, HTTP_ORIGIN="null", **extra)
    assert with_token.status_code == 302  # on to the top page with "not set up"
    no_token = strict.generic("POST", action, b"", kind, HTTP_ORIGIN="null", **extra)
    assert no_token.status_code == 403
    foreign = strict.generic(
        "POST", action, body, kind, HTTP_ORIGIN="https://evil.example", **extra
    )
    assert foreign.status_code == 403

"""Refusals and failures in the device's markup, charset and language, with a way back.

A form sent with an expired token gets the gateway's page (not Django's English
one) with the typed text in a fresh form; the 400 and 500 pages reach a phone in
its own charset and document type; the 500 page survives its own template failing.
"""

import pytest
import requests
from django.template import loader

from apps.keitai.conformance import chtml_problems, xml_problem
from apps.keitai.markup import document_for
from tests.keitai.phone import UAS, Phone, page_text

pytestmark = pytest.mark.django_db

FOMA = UAS["docomo-foma"]
JA = {"HTTP_ACCEPT_LANGUAGE": "ja"}


def _posted(emulator):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    answer.raise_for_status()
    return [item["text"] for item in answer.json()["data"]]


def _expire_the_token(client):
    # What a session that ended between showing the form and sending it looks like.
    client.handler.enforce_csrf_checks = True


@pytest.mark.parametrize("profile", ["docomo-foma", "docomo-mova", "au", "smartphone"])
def test_an_expired_form_gives_the_text_back_in_the_devices_page(client, emulator, profile):
    phone = Phone(client, UAS[profile], **JA)
    home = phone.sign_in()
    _expire_the_token(client)
    refused = phone.submit(home, "/post/", csrfmiddlewaretoken="x" * 64, text="電車から投稿 <&>")
    assert refused.status_code == 403
    assert refused["Content-Type"] == document_for(phone.device).content_type_header
    text = page_text(refused)
    assert "もう一度送信してください" in text  # Japanese, in the device's charset
    assert "Forbidden" not in text and "CSRF" not in text
    assert "電車から投稿 &lt;&amp;&gt;</textarea>" in text
    # The fresh form with its fresh token (the textarea's text, as the phone sends it).
    again = phone.submit(refused, "/post/", text="電車から投稿 <&>")
    assert again.status_code == 302, page_text(again)
    assert _posted(emulator)[0] == "電車から投稿 <&>"


def test_an_expired_form_when_signed_out_shows_the_text_and_the_way_back(client, emulator):
    phone = Phone(client, FOMA, **JA)
    top = phone.get("/")
    assert top.status_code == 200
    _expire_the_token(client)
    refused = phone.post("/dm/hanako/", b"text=%82%A0&csrfmiddlewaretoken=old")  # "あ"
    assert refused.status_code == 403
    text = page_text(refused)
    assert refused["Content-Type"] == "application/xhtml+xml; charset=Shift_JIS"
    assert xml_problem(text) is None
    assert "yubitterに戻る" in text
    assert '<div class="text">あ</div>' in text  # what was typed, to copy after signing in


@pytest.mark.parametrize(
    ("profile", "content_type"),
    [
        ("docomo-foma", "application/xhtml+xml; charset=Shift_JIS"),
        ("docomo-mova", "text/html; charset=Shift_JIS"),
        ("au", "text/html; charset=Shift_JIS"),
    ],
)
def test_too_many_fields_give_a_400_page_the_phone_can_read(
    client, emulator, settings, profile, content_type
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    phone = Phone(client, UAS[profile], **JA)
    body = "&".join(f"f{i}=x" for i in range(20)).encode()
    page = phone.post("/login/pin/", body)
    assert page.status_code == 400
    assert page["Content-Type"] == content_type
    text = page_text(page)
    assert "読み取れませんでした" in text
    if profile == "docomo-mova":
        assert chtml_problems(text) == []
    else:
        assert text.startswith('<?xml version="1.0" encoding="Shift_JIS"?>')
        assert xml_problem(text) is None


@pytest.fixture
def failing_view(client, settings):
    settings.ROOT_URLCONF = "tests.client.urls_failing"
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("profile", "content_type"),
    [
        ("docomo-foma", "application/xhtml+xml; charset=Shift_JIS"),
        ("docomo-mova", "text/html; charset=Shift_JIS"),
        ("softbank", "text/html; charset=UTF-8"),
    ],
)
def test_a_failing_view_gives_a_500_page_in_the_devices_charset(
    failing_view, profile, content_type
):
    page = Phone(failing_view, UAS[profile], **JA).get("/fails/")
    assert page.status_code == 500
    assert page["Content-Type"] == content_type
    text = page_text(page)
    assert "エラーが発生しました" in text
    assert (chtml_problems(text) == []) if profile == "docomo-mova" else xml_problem(text) is None


def test_the_500_page_survives_its_own_template_failing(failing_view, monkeypatch):
    real = loader.get_template

    def broken(name, *args, **kwargs):
        if name == "500.html":
            raise RuntimeError("the template store is gone too")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(loader, "get_template", broken)
    page = Phone(failing_view, FOMA).get("/fails/")
    assert page.status_code == 500
    assert "Something went wrong on our side" in page_text(page)

"""The posting-address page: the address with a mailto: link, rotation, notice choices."""

import re

import pytest

from apps.accounts.models import XAccount
from apps.mailgate.addresses import address_lookup
from apps.mailgate.models import PostingAddress

from .conftest import parse_notices

pytestmark = pytest.mark.django_db


def _address(page: str) -> str:
    return re.search(r'href="mailto:([^"]+)"', page).group(1)


def test_account_page_links_to_the_posting_address(signed_in):
    assert "/account/mail/" in signed_in.get("/account/").content.decode()


def test_address_is_shown_with_mailto_and_finds_the_user(signed_in, settings):
    settings.MAIL_DOMAIN = "post.example.jp"
    page = signed_in.get("/account/mail/").content.decode()
    address = _address(page)
    assert address.endswith("@post.example.jp") and address in page
    user = XAccount.objects.get(screen_name="demo").user
    assert address_lookup(address).user == user
    assert address_lookup(address.upper()).user == user, "phones may change the case"
    stored = PostingAddress.objects.get()
    assert address.split("@")[0] not in stored.token_hash + stored.token_encrypted
    assert signed_in.get("/account/mail/").content.decode().count(address) >= 1
    assert _address(signed_in.get("/account/mail/").content.decode()) == address


def test_rotating_makes_the_old_address_unknown_and_mails_the_new_one(
    signed_in, settings, smtp_sink
):
    settings.MAIL_DOMAIN = "post.example.jp"
    old = _address(signed_in.get("/account/mail/").content.decode())
    PostingAddress.objects.update(notice_address="me@docomo.ne.jp")
    assert signed_in.post("/account/mail/rotate/").status_code == 302
    new = _address(signed_in.get("/account/mail/").content.decode())
    assert new != old
    assert address_lookup(old) is None and address_lookup(new) is not None
    (notice,) = parse_notices(smtp_sink.wait())
    assert new in notice.text


def test_rotate_needs_post(signed_in):
    assert signed_in.get("/account/mail/rotate/").status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/account/mail/").status_code == 302


def test_turning_on_mentions_starts_from_now(signed_in):
    signed_in.get("/account/mail/")
    answer = signed_in.post("/account/mail/", {"notify_results": "on", "notify_mentions": "on"})
    assert answer.status_code == 302
    stored = PostingAddress.objects.get()
    assert stored.notify_mentions and not stored.notify_dms and stored.notices_since


@pytest.mark.parametrize(
    "agent",
    ["DoCoMo/2.0 N03B(c500;TB;W24H16)", "KDDI-SA31 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0", None],
)
def test_page_is_well_formed_xml_for_phones(signed_in, agent):
    from xml.etree import ElementTree

    headers = {"HTTP_USER_AGENT": agent} if agent else {}
    page = signed_in.get("/account/mail/", **headers)
    assert page.status_code == 200
    body = page.content
    if b"<!DOCTYPE" in body:
        body = body[body.index(b"<html") :]
    charset = page["Content-Type"].split("charset=")[-1]
    ElementTree.fromstring(body.decode(charset).encode("utf-8"))

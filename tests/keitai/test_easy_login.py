"""Easy login: the subscriber ID is believed only from the carrier's gateway."""

import logging
from html import unescape

import pytest
from django.test import Client

from apps.accounts.models import SubscriberBinding
from tests.keitai.phone import UAS, Phone, encode_form, form_with_action, page_text, parse

pytestmark = pytest.mark.django_db

DOCOMO_GATEWAY = "210.153.84.7"  # in docomo's published ranges
AU_GATEWAY = "111.107.116.9"
GUID = "A1b2C3d"
SUBNO = "05001234567890_mj.ezweb.ne.jp"


def _bind(phone):
    account = phone.get(_link(phone.sign_in(), "/account/"))
    return phone.submit(account, "/account/easy-login/bind/")


def _link(page, path):
    links, _ = parse(page)
    return unescape(next(link for link in links if link.split("?")[0] == path))


def _easy_login(client, ua, **headers):
    phone = Phone(client, ua, **headers)
    top = phone.get("/")
    return phone, phone.submit(top, "/login/easy/")


def test_subscriber_id_from_a_carrier_gateway_binds_and_signs_in(client, emulator):
    headers = {"REMOTE_ADDR": DOCOMO_GATEWAY, "HTTP_X_DCMGUID": GUID}
    phone = Phone(client, UAS["docomo-foma"], **headers)
    done = _bind(phone)
    assert done.status_code == 302
    binding = SubscriberBinding.objects.get()
    assert binding.carrier == "docomo" and GUID not in binding.id_hash
    assert len(binding.id_hash) == 64
    # Another visit from the same phone, not signed in: one click.
    phone, signed = _easy_login(Client(), UAS["docomo-foma"], **headers)
    assert signed.status_code == 302 and "/home/" in signed["Location"]
    home = phone.get(signed["Location"])
    assert home.status_code == 200 and "@hanako" in page_text(home)


def test_trusted_proxy_header_gives_the_address_when_configured(client, emulator, settings):
    settings.KEITAI_CLIENT_ADDRESS_HEADER = "X-Real-IP"
    headers = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": AU_GATEWAY, "HTTP_X_UP_SUBNO": SUBNO}
    assert _bind(Phone(client, UAS["au"], **headers)).status_code == 302
    assert SubscriberBinding.objects.filter(carrier="au").count() == 1
    _, signed = _easy_login(Client(), UAS["au"], **headers)
    assert "/home/" in signed["Location"]
    # Without the setting, the same header is just something the client said.
    settings.KEITAI_CLIENT_ADDRESS_HEADER = ""
    _, refused = _easy_login(Client(), UAS["au"], **headers)
    assert "/home/" not in refused["Location"]


def test_spoofed_subscriber_id_from_elsewhere_is_ignored_and_logged(client, emulator, caplog):
    # Bound for real first, then someone sends the same ID from a random address.
    good = {"REMOTE_ADDR": DOCOMO_GATEWAY, "HTTP_X_DCMGUID": GUID}
    assert _bind(Phone(client, UAS["docomo-foma"], **good)).status_code == 302
    spoofed = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_DCMGUID": GUID}
    with caplog.at_level(logging.WARNING, logger="apps.keitai.subscriber"):
        phone, refused = _easy_login(Client(), UAS["docomo-foma"], **spoofed)
    assert refused.status_code == 302 and "/home/" not in refused["Location"]
    assert phone.get(refused["Location"]).status_code == 200
    assert any("X-DCMGUID" in r.message and "203.0.113.5" in r.message for r in caplog.records)
    # The header of another carrier's phone from docomo's gateway is not believed either.
    wrong = {"REMOTE_ADDR": DOCOMO_GATEWAY, "HTTP_X_UP_SUBNO": SUBNO}
    _, refused = _easy_login(Client(), UAS["au"], **wrong)
    assert "/home/" not in refused["Location"]


def test_spoofed_header_cannot_bind(client, emulator):
    spoofed = {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_DCMGUID": GUID}
    phone = Phone(client, UAS["docomo-foma"], **spoofed)
    account = phone.get(_link(phone.sign_in(), "/account/"))
    assert "/account/easy-login/bind/" not in page_text(account)
    # Posting to the bind URL anyway (with a valid token) binds nothing.
    logout = form_with_action(account, "/logout/")
    action = unescape(logout["action"]).replace("/logout/", "/account/easy-login/bind/")
    done = phone.post(action, encode_form(list(logout["fields"].items())))
    assert done.status_code == 302
    assert not SubscriberBinding.objects.exists()


def test_unbind_turns_easy_login_off(client, emulator):
    headers = {"REMOTE_ADDR": DOCOMO_GATEWAY, "HTTP_X_DCMGUID": GUID}
    phone = Phone(client, UAS["docomo-foma"], **headers)
    done = _bind(phone)
    account = phone.get(done["Location"])
    assert phone.submit(account, "/account/easy-login/unbind/").status_code == 302
    assert not SubscriberBinding.objects.exists()
    _, refused = _easy_login(Client(), UAS["docomo-foma"], **headers)
    assert "/home/" not in refused["Location"]


def test_bind_and_easy_login_need_post_and_csrf(client, emulator):
    headers = {"REMOTE_ADDR": DOCOMO_GATEWAY, "HTTP_X_DCMGUID": GUID}
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.get("/login/easy/", HTTP_USER_AGENT=UAS["docomo-foma"]).status_code == 405
    no_token = csrf_client.post("/login/easy/", {}, HTTP_USER_AGENT=UAS["docomo-foma"], **headers)
    assert no_token.status_code == 403


def test_easy_login_off_ignores_even_a_carrier_gateway(client, emulator, settings):
    headers = {"REMOTE_ADDR": DOCOMO_GATEWAY, "HTTP_X_DCMGUID": GUID}
    assert _bind(Phone(client, UAS["docomo-foma"], **headers)).status_code == 302
    settings.KEITAI_EASY_LOGIN = False
    _, refused = _easy_login(Client(), UAS["docomo-foma"], **headers)
    assert "/home/" not in refused["Location"]

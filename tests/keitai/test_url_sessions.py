"""Session id in URLs for cookie-less phones, guid=ON for docomo, never off the site."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.test import Client

from apps.accounts.models import Session
from tests.conftest import approve_on_emulator
from tests.keitai.phone import UAS, Phone, page_text, parse

pytestmark = pytest.mark.django_db

SID = re.compile(r"[?&]sid=([a-z0-9]{25})(?:&|$)")


def _same_site(url):
    # The exit page is ours, but it is where the phone leaves: no id, no guid.
    # Proxied images are public and cacheable: no id either.
    return url.startswith(("/", "?")) and not url.startswith(("/exit/", "/img/"))


def _urls(page):
    links, forms = parse(page)
    # "#nav" (the skip link) stays in the page: it carries no session.
    urls = [unescape(u) for u in links] + [unescape(f["action"]) for f in forms]
    return [u for u in urls if not u.startswith("#")]


def test_cookie_less_docomo_carries_session_and_guid_and_rotates_at_sign_in(client, emulator):
    phone = Phone(client, UAS["docomo-foma"])
    top = phone.get("/")
    assert "sessionid" not in top.cookies and not top.cookies
    before = {SID.search(u).group(1) for u in _urls(top) if _same_site(u)}
    assert len(before) == 1, _urls(top)
    login = phone.get(next(u for u in _urls(top) if u.startswith("/login/?")))
    authorize = login["Location"]
    assert authorize.startswith(emulator.base_url)
    assert "sid=" not in authorize and "guid=" not in authorize
    home = phone.sign_in()
    urls = _urls(home)
    same = [u for u in urls if _same_site(u)]
    assert same and all("guid=ON" in u for u in same)
    after = {SID.search(u).group(1) for u in same}
    assert len(after) == 1 and after != before, "login() must give a new id"
    assert not home.cookies
    # The same URL without the id is a stranger.
    assert phone.get("/home/?guid=ON").status_code == 302
    # Exit and external links never carry the id.
    for url in urls:
        if not _same_site(url):
            assert "sid=" not in url


def test_the_callback_given_to_x_leads_back_into_the_same_session(client, emulator):
    phone = Phone(client, UAS["docomo-foma"])
    top = phone.get("/")
    login_url = next(u for u in _urls(top) if u.startswith("/login/?"))
    sid = SID.search(login_url).group(1)
    start = phone.get(login_url)
    callback = approve_on_emulator(start["Location"]).headers["Location"]
    assert f"sid={sid}" in callback and "guid=ON" in callback


def test_docomo_browser_2_has_cookies_so_only_guid(client, emulator):
    home = Phone(client, UAS["docomo-2.0"]).sign_in()
    same = [u for u in _urls(home) if _same_site(u)]
    assert all("guid=ON" in u and "sid=" not in u for u in same)
    assert settings.SESSION_COOKIE_NAME in client.cookies


@pytest.mark.parametrize("profile", ["au", "softbank", "smartphone", "w3m"])
def test_devices_with_cookies_get_clean_urls(client, emulator, profile):
    home = Phone(client, UAS[profile]).sign_in()
    text = page_text(home)
    assert "sid=" not in text and "guid=ON" not in text


def test_emobile_has_no_cookies_so_session_but_no_guid(client):
    top = Phone(client, UAS["emobile"]).get("/")
    same = [u for u in _urls(top) if _same_site(u)]
    assert same and all(SID.search(u) and "guid=" not in u for u in same)


def test_a_browser_with_cookies_never_takes_its_session_from_the_url(client, emulator):
    phone = Phone(client, UAS["docomo-foma"])
    home = phone.sign_in()
    sid = SID.search(_urls(home)[0]).group(1)
    thief = Client()
    assert thief.get(f"/home/?sid={sid}", HTTP_USER_AGENT=UAS["smartphone"]).status_code == 302
    assert phone.get(f"/home/?sid={sid}&guid=ON").status_code == 200


def test_sign_out_ends_the_url_session(client, emulator):
    phone = Phone(client, UAS["docomo-foma"])
    home = phone.sign_in()
    sid = SID.search(_urls(home)[0]).group(1)
    done = phone.submit(home, "/logout/")
    assert done.status_code == 302
    assert f"sid={sid}" not in done["Location"]
    assert phone.get(f"/home/?sid={sid}&guid=ON").status_code == 302


def test_exit_links_carry_no_session_id(client, emulator):
    # Old browsers send a Referer whatever the page says: a session id in the
    # exit page's own URL would reach the site the phone goes on to.
    phone = Phone(client, UAS["docomo-foma"])
    home = phone.sign_in()
    exits = [u for u in _urls(home) if u.startswith("/exit/")]
    assert exits
    assert all("sid=" not in u for u in exits), exits
    page = phone.get(exits[0])
    assert page.status_code == 200
    assert "sid=" not in page_text(page)


def test_image_links_carry_no_session_id(client, emulator):
    # The proxied image is public and cacheable: its URL must not hold a session.
    phone = Phone(client, UAS["docomo-foma"])
    home = phone.sign_in()
    query = _urls(home)[0].split("?", 1)[1]  # this phone's sid and guid=ON
    profile = phone.get(f"/u/carol/?{query}")
    text = page_text(profile)
    images = [u for u in _urls(profile) if u.startswith("/img/")]
    assert images and "<img" in text
    assert all("sid=" not in u for u in images), images


DOCOMO_GATEWAY = "210.153.84.7"  # in docomo's published ranges


def _sid(page):
    return SID.search(next(u for u in _urls(page) if _same_site(u))).group(1)


@pytest.mark.parametrize("ua", ["docomo-foma", "docomo-mova", "emobile"])
def test_an_id_made_for_a_cookie_is_never_honoured_from_a_url(client, emulator, ua):
    # A PC signs in with a cookie; its id typed into a cookie-less phone's URL is nothing.
    pc = Client()
    Phone(pc, UAS["smartphone"]).sign_in()
    cookie_id = pc.cookies[settings.SESSION_COOKIE_NAME].value
    assert pc.get("/home/", HTTP_USER_AGENT=UAS["smartphone"]).status_code == 200
    phone = Phone(client, UAS[ua])
    assert phone.get(f"/home/?sid={cookie_id}&guid=ON").status_code == 302
    # ... and the PC is still signed in: the refusal deleted nothing.
    assert pc.get("/home/", HTTP_USER_AGENT=UAS["smartphone"]).status_code == 200


def test_an_id_made_for_a_url_does_nothing_as_a_cookie(client, emulator):
    sid = _sid(Phone(client, UAS["docomo-foma"]).sign_in())
    pc = Client()
    pc.cookies[settings.SESSION_COOKIE_NAME] = sid
    assert pc.get("/home/", HTTP_USER_AGENT=UAS["smartphone"]).status_code == 302
    assert Phone(client, UAS["docomo-foma"]).get(f"/home/?sid={sid}&guid=ON").status_code == 200


def test_a_url_session_is_bound_to_the_phone_that_the_carrier_names(client, emulator):
    owner = Phone(client, UAS["docomo-foma"], REMOTE_ADDR=DOCOMO_GATEWAY, HTTP_X_DCMGUID="A1b2C3d")
    sid = _sid(owner.sign_in())
    url = f"/home/?sid={sid}&guid=ON"
    other = Phone(
        Client(), UAS["docomo-foma"], REMOTE_ADDR=DOCOMO_GATEWAY, HTTP_X_DCMGUID="Z9y8X7w"
    )
    assert other.get(url).status_code == 302
    no_id = Phone(Client(), UAS["docomo-foma"], REMOTE_ADDR=DOCOMO_GATEWAY)
    assert no_id.get(url).status_code == 302
    # Off the carrier's network the header means nothing, so neither does the id.
    elsewhere = Phone(
        Client(), UAS["docomo-foma"], REMOTE_ADDR="203.0.113.5", HTTP_X_DCMGUID="A1b2C3d"
    )
    assert elsewhere.get(url).status_code == 302
    assert owner.get(url).status_code == 200


def test_a_url_session_made_before_the_phone_sent_its_id_is_bound_by_the_first_that_does(
    client, emulator
):
    # The typed-in top page has no guid=ON, so docomo sends no ID yet.
    bare = Phone(client, UAS["docomo-foma"], REMOTE_ADDR=DOCOMO_GATEWAY)
    sid = _sid(bare.get("/"))
    first = Phone(
        Client(), UAS["docomo-foma"], REMOTE_ADDR=DOCOMO_GATEWAY, HTTP_X_DCMGUID="A1b2C3d"
    )
    assert Session.objects.get(session_key=sid).subscriber == ""
    assert first.get(f"/?sid={sid}&guid=ON").status_code == 200
    assert Session.objects.get(session_key=sid).subscriber != ""
    second = Phone(
        Client(), UAS["docomo-foma"], REMOTE_ADDR=DOCOMO_GATEWAY, HTTP_X_DCMGUID="Z9y8X7w"
    )
    top = second.get(f"/?sid={sid}&guid=ON")
    assert _sid(top) != sid, "another phone must get a session of its own"

"""Sign in with X over real HTTP to the emulator: approve, deny, PIN, revoked token."""

import re

import pytest
import requests

from apps.accounts.models import XAccount
from tests.conftest import approve_on_emulator

pytestmark = pytest.mark.django_db


def test_three_legged_sign_in_links_the_account(signed_in):
    account = XAccount.objects.get(screen_name="demo")
    assert account.user.is_authenticated
    assert not account.token_revoked
    assert re.fullmatch(r"\d+-[A-Za-z0-9]+", account.token)
    home = signed_in.get("/home/")
    assert home.status_code == 200
    assert b"post" in home.content


def test_sign_in_rotates_the_session_key(client, emulator):
    client.get("/")
    start = client.get("/login/")
    before = client.session.session_key
    answer = approve_on_emulator(start["Location"])
    callback = answer.headers["Location"]
    client.get(callback[callback.index("/login/callback/") :])
    assert client.session.session_key and client.session.session_key != before


def test_denied_on_x_links_nothing(client, emulator):
    start = client.get("/login/")
    answer = approve_on_emulator(start["Location"], deny=True)
    callback = answer.headers["Location"]
    assert "denied=" in callback
    page = client.get(callback[callback.index("/login/callback/") :], follow=True)
    assert page.status_code == 200
    assert "Sign-in was cancelled on X. Nothing was linked." in page.content.decode()
    assert not XAccount.objects.exists()
    assert client.get("/home/").status_code == 302


def test_callback_with_a_forged_token_is_refused(client, emulator):
    client.get("/login/")
    page = client.get("/login/callback/?oauth_token=forged&oauth_verifier=123", follow=True)
    assert page.status_code == 200
    assert not XAccount.objects.exists()


def test_pin_sign_in(client, emulator):
    page = client.get("/login/pin/")
    assert page.status_code == 200
    authorize_url = re.search(r'<a href="([^"]+oauth/authorize[^"]*)"', page.content.decode())
    assert authorize_url
    answer = approve_on_emulator(authorize_url.group(1).replace("&amp;", "&"))
    pin_page = (
        answer.text
        if answer.status_code == 200
        else requests.get(answer.headers["Location"], timeout=5).text
    )
    pin = re.search(r'id="pin"[^>]*>\s*(\d+)\s*<', pin_page).group(1)
    done = client.post("/login/pin/", {"pin": pin})
    assert done.status_code == 302 and done["Location"].endswith("/home/")
    assert XAccount.objects.filter(screen_name="demo").exists()


def test_wrong_pin_is_refused_without_linking(client, emulator):
    client.get("/login/pin/")
    done = client.post("/login/pin/", {"pin": "0000000"}, follow=True)
    assert done.status_code == 200
    assert not XAccount.objects.exists()


def test_revoked_token_leads_back_to_sign_in(signed_in, emulator):
    account = XAccount.objects.get(screen_name="demo")
    emulator.state.revoke_access_token(account.token)
    page = signed_in.get("/home/")
    assert page.status_code == 302 and page["Location"] == "/"
    account.refresh_from_db()
    assert account.token_revoked
    assert signed_in.get("/home/").status_code == 302


def test_sign_out_needs_post_and_ends_the_session(signed_in):
    assert signed_in.get("/logout/").status_code == 405
    assert signed_in.post("/logout/").status_code == 302
    assert signed_in.get("/home/").status_code == 302


def test_the_account_page_links_to_profile_settings_and_outbox(signed_in):
    page = signed_in.get("/account/").content.decode()
    assert 'href="/u/demo/"' in page
    assert 'href="/settings/"' in page and 'href="/outbox/"' in page
    home = signed_in.get("/home/").content.decode()
    assert 'href="/settings/"' not in home, "those links are for the account page only"

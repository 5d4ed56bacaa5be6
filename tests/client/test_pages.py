"""The timeline pages over real HTTP to the emulator."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _posts(page):
    return re.findall(r'<div class="post"', page.content.decode())


def _older_link(page):
    found = re.search(r'href="\?page=([A-Za-z0-9]+)"[^>]*accesskey="6"', page.content.decode())
    return found and found.group(1)


def test_top_page_offers_sign_in(client):
    page = client.get("/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'href="/login/"' in body and 'href="/login/pin/"' in body
    assert "<script" not in body


def test_pages_need_sign_in(client):
    for path in ("/home/", "/mentions/", "/post/"):
        assert client.get(path).status_code == 302


def test_home_shows_twenty_posts_and_pages_through_three_pages(signed_in):
    seen = []
    page = signed_in.get("/home/")
    for _ in range(3):
        assert page.status_code == 200
        assert len(_posts(page)) == 20
        seen.append(page.content)
        token = _older_link(page)
        assert token, "an older page must be offered"
        page = signed_in.get(f"/home/?page={token}")
    assert len(set(seen)) == 3
    newer = re.search(r'href="\?page=([A-Za-z0-9]+)"[^>]*accesskey="4"', page.content.decode())
    assert newer


def test_home_page_has_inlined_css_and_no_script(signed_in):
    body = signed_in.get("/home/").content.decode()
    assert 'class="post" style="' in body
    # A modern browser's <style> (static/screen.css) is in the head; the body's CSS is inlined.
    assert "<style" not in body.split("<body")[1] and "<script" not in body
    assert body.startswith("<?xml")


def test_mentions_page(signed_in):
    page = signed_in.get("/mentions/")
    assert page.status_code == 200
    assert len(_posts(page)) >= 5
    assert "@demo" in page.content.decode()


def test_home_page_text_is_not_double_escaped(signed_in):
    body = "".join(signed_in.get(f"/home/{q}").content.decode() for q in ("",))
    assert "&amp;amp;" not in body and "&amp;lt;" not in body


def test_bad_page_token_is_ignored(signed_in):
    assert signed_in.get("/home/?page=%3Cscript%3E").status_code == 200


def test_unknown_address_gets_the_404_page(client):
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    body = " ".join(page.content.decode().split())
    assert "Not found</h1>" in body
    assert "There is nothing at this address, or X no longer has it." in body

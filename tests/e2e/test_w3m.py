"""w3m as an i-mode phone without cookies: sign in through X's page, read, sign out."""

import re
import subprocess
from html import unescape
from urllib.parse import urlencode, urljoin

import pytest
import requests

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_w3m"),
]

# mova C-HTML phone: text/html in Shift_JIS, no cookies, guid=ON.
UA = "DoCoMo/1.0/P503i/c10/TB/W20H10"


def w3m(url, *, source=False, post=None, tmp_path=None):
    """One w3m run with cookies off; returns the page (dump as UTF-8, or raw source)."""
    args = ["w3m", "-o", "use_cookie=0", "-o", "accept_cookie=0", "-o", f"user_agent={UA}"]
    args += ["-o", "accept_language=en"]  # the English pages the assertions read
    if post is not None:
        body = tmp_path / "post.txt"
        body.write_bytes(post)
        args += ["-post", str(body)]
    args += ["-dump_source"] if source else ["-dump", "-O", "UTF-8", "-cols", "60"]
    done = subprocess.run([*args, url], capture_output=True, timeout=30, check=True)
    return done.stdout.decode("cp932" if source else "utf-8", "replace")


def _links(source):
    return [unescape(h) for h in re.findall(r'<a href="([^"]+)"', source)]


def _form(source, action_part):
    for form in re.finditer(r"<form([^>]*)>(.*?)</form>", source, re.S):
        action = unescape(re.search(r'action="([^"]*)"', form.group(1)).group(1))
        if action_part in action:
            fields = dict(
                re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2))
            )
            return action, fields
    raise AssertionError(f"no form for {action_part}")


def test_w3m_without_cookies_signs_in_reads_and_signs_out(gateway, emulator, tmp_path, artifacts):
    top = w3m(gateway + "/")
    assert "yubitter" in top and "Sign in with X" in top
    assert "set-cookie" not in {
        k.lower()
        for k in requests.get(gateway + "/", headers={"User-Agent": UA}, timeout=5).headers
    }
    source = w3m(gateway + "/", source=True)
    login = next(link for link in _links(source) if link.startswith("/login/?"))
    assert "sid=" in login and "guid=ON" in login

    # The gateway sends w3m to X's authorize page (the emulator's plain HTML form).
    authorize = w3m(urljoin(gateway, login), source=True)
    assert "Authorize" in authorize
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', authorize).group(1))
    token = re.search(r'name="oauth_token" value="([^"]+)"', authorize).group(1)
    body = urlencode(
        {"oauth_token": token, "username": "demo", "password": "demo", "allow": "1"}
    ).encode()
    # Approving redirects to our callback (with the session id), then to home.
    home_source = w3m(urljoin(emulator.base_url, action), source=True, post=body, tmp_path=tmp_path)
    (artifacts / "w3m-after-authorize.html").write_text(home_source, encoding="utf-8")
    home_link = next(link for link in _links(home_source) if link.startswith("/home/?"))
    assert "sid=" in home_link and "guid=ON" in home_link
    assert home_link.split("sid=")[1][:32] != login.split("sid=")[1][:32], "id rotated"
    home = w3m(urljoin(gateway, home_link))
    (artifacts / "w3m-home.txt").write_text(home, encoding="utf-8")
    assert "@hanako" in home and "[1]" in home
    assert len(re.findall(r"@\w+", home)) >= 3

    # Sign out: a POST form carrying the session id and CSRF token.
    action, fields = _form(home_source, "/logout/")
    out = w3m(urljoin(gateway, action), post=urlencode(fields).encode(), tmp_path=tmp_path)
    assert "You are signed out." in out
    # The old id is worth nothing now.
    again = w3m(urljoin(gateway, home_link))
    assert "@hanako" not in again and "Sign in with X" in again

"""A scripted phone on Django's test client: its UA and headers on every request,
links and forms read from the page, the session id carried only in URLs when the
phone has no cookies (its cookie jar is emptied after every response)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urlsplit

from apps.keitai.detect import detect
from tests.conftest import approve_on_emulator

UAS = {
    "docomo-mova": "DoCoMo/1.0/P503i/c10/TB/W20H10",
    "docomo-mova-5k": "DoCoMo/1.0/P503i/c5/TB/W20H10",
    "docomo-foma": "DoCoMo/2.0 P903i(c100;TB;W24H12)",
    "docomo-2.0": "DoCoMo/2.0 P07A3(c500;TB;W24H15)",
    "au": "KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0",
    "softbank": "SoftBank/1.0/910T/TJ001/SN000000000000000 Browser/NetFront/3.3 "
    "Profile/MIDP-2.0 Configuration/CLDC-1.1",
    "willcom": "Mozilla/3.0(WILLCOM;KYOCERA/WX310K/2;1.2.2.16.000000/0.1/C100) Opera 7.0",
    "emobile": "emobile/1.0.0 (H11T; like Gecko; Wireless) NetFront/3.4",
    "kaios": "Mozilla/5.0 (Mobile; Nokia_8110_4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
    "w3m": "w3m/0.5.3+git20230121",
    "smartphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form":
            self._form = {"action": values.get("action", ""), "fields": {}}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and values.get("name"):
            if values.get("type") in ("hidden", "text", None):
                self._form["fields"][values["name"]] = values.get("value") or ""

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def page_text(response) -> str:
    """The response body decoded with the charset its Content-Type declares."""
    charset = response["Content-Type"].partition("charset=")[2] or "utf-8"
    return response.content.decode("cp932" if charset.lower() == "shift_jis" else charset)


def parse(response):
    """(links, forms) of a page; forms are dicts of action and input fields."""
    parser = _Forms()
    parser.feed(page_text(response))
    return parser.links, parser.forms


def form_with_action(response, fragment: str) -> dict:
    _, forms = parse(response)
    found = [form for form in forms if fragment in form["action"]]
    assert found, f"no form posting to {fragment!r}"
    return found[0]


def encode_form(fields: list[tuple[str, bytes | str]]) -> bytes:
    """An x-www-form-urlencoded body from already-encoded values."""
    parts = []
    for name, value in fields:
        raw = value.encode("ascii") if isinstance(value, str) else value
        parts.append(f"{name}={quote_from_bytes(raw, safe='')}")
    return "&".join(parts).encode("ascii")


def local(url: str) -> str:
    """Path and query of a URL the gateway gave (absolute for keitai)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Phone:
    """Django's test client dressed as one device."""

    def __init__(self, client, ua: str, **headers):
        self.client = client
        self.ua = ua
        self.headers = headers
        self.device = detect(ua, headers)

    def _extra(self):
        return {"HTTP_USER_AGENT": self.ua, **self.headers}

    def _after(self, response):
        if not self.device.cookies:
            # A phone without cookies keeps none, whatever the server sends.
            self.client.cookies.clear()
        return response

    def get(self, url: str):
        return self._after(self.client.get(local(url), **self._extra()))

    def post(self, url: str, body: bytes):
        return self._after(
            self.client.generic(
                "POST",
                local(url),
                body,
                content_type="application/x-www-form-urlencoded",
                **self._extra(),
            )
        )

    def submit(self, response, action_fragment: str, **values):
        """Fill in and send a form of ``response`` (values as str, encoded like the phone)."""
        form = form_with_action(response, action_fragment)
        codec = "cp932" if self.device.charset == "cp932" else "utf-8"
        fields = [(k, v.encode(codec)) for k, v in {**form["fields"], **values}.items()]
        return self.post(unescape(form["action"]), encode_form(fields))

    def sign_in(self):
        """The whole sign-in with X from the top page; returns the home page."""
        top = self.get("/")
        links, _ = parse(top)
        login = next(link for link in links if link.startswith("/login/?") or link == "/login/")
        start = self.get(login)
        assert start.status_code == 302, start
        answer = approve_on_emulator(start["Location"])
        assert answer.status_code == 302, answer.text
        done = self.get(answer.headers["Location"])
        assert done.status_code == 302 and "/home/" in done["Location"], done
        home = self.get(done["Location"])
        assert home.status_code == 200
        return home


_CHTML_DOCTYPE = "-//W3C//DTD Compact HTML 1.0 Draft//EN"


def is_chtml(response) -> bool:
    """The page is Compact HTML (no classes: apps/keitai/chtml.py marks posts and errors)."""
    return _CHTML_DOCTYPE in page_text(response)[:200]


def same_site(page, path: str) -> str:
    """``path`` with the query the page's own links carry (the session id, guid=ON)."""
    links, _ = parse(page)
    own = next((link for link in links if link.startswith("/") and "?" in link), None)
    return path + ("?" + unescape(own.split("?", 1)[1]) if own else "")


def post_ids(response) -> list[str]:
    """Ids of the posts shown, in order (from their detail links)."""
    text = page_text(response)
    if is_chtml(response):
        # Each post follows a rule: the first post link after each <hr>.
        found = (re.search(r'href="/p/(\d+)/', chunk) for chunk in text.split("<hr>")[1:])
        return [match.group(1) for match in found if match]
    return re.findall(r'<div class="post"[^>]*>.*?href="/p/(\d+)/', text, re.S)


def shows_error(response) -> bool:
    """The page shows an error message (a class in XHTML, a leading "! " in C-HTML)."""
    if is_chtml(response):
        return re.search(r"<(p|div)>! ", page_text(response)) is not None
    return 'class="error"' in page_text(response)


_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "param"}


class _Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass  # <br /> and friends: opened and closed at once

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def assert_well_formed(response):
    """XHTML parses as XML (in the charset it declares); C-HTML has balanced tags."""
    import xml.etree.ElementTree as ET

    text = page_text(response)
    if text.startswith("<?xml"):
        # expat reads no Shift_JIS: parse the decoded text without the declaration.
        ET.fromstring(text.split("?>", 1)[1])
    checker = _Balance()
    checker.feed(text)
    checker.close()
    assert not checker.errors and not checker.stack, (checker.errors, checker.stack)

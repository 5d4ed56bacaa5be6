"""Bad input from any device, signed in or not: a clear page, never a 500, nothing lost.

Every URL is tried with odd methods, odd query strings, odd form bodies and odd
device headers, while X answers normally, oddly, slowly or not at all. Each
request must give a page that is not a 500 and carries no traceback; a form
that refuses what was typed shows the typed text again.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import quote_from_bytes

import pytest
import requests
from django.core.signals import got_request_exception

from apps.client.models import OutboxItem
from apps.keitai.detect import detect
from apps.xapi.text import weighted_length
from tests.conftest import approve_on_emulator
from tests.keitai.phone import UAS, local, page_text, shows_error

pytestmark = pytest.mark.django_db

DEVICES = {
    "docomo-mova": (UAS["docomo-mova"], {}),
    "au": (UAS["au"], {}),
    "softbank": (UAS["softbank"], {}),
    "kaios": (UAS["kaios"], {}),
    "smartphone": (UAS["smartphone"], {}),
    "w3m": (UAS["w3m"], {}),
    "empty-ua": ("", {}),
    "5kb-ua": ("Mozilla/5.0 (" + "x" * 5 * 1024 + ")", {}),
    "au-absurd-headers": (
        UAS["au"],
        {
            "HTTP_X_UP_DEVCAP_SCREENPIXELS": "abc",
            "HTTP_X_UP_DEVCAP_MAX_PDU": "-1",
            "HTTP_X_UP_DEVCAP_SCREENDEPTH": "x,y",
            "HTTP_X_UP_DEVCAP_ISCOLOR": "2",
        },
    ),
    "softbank-absurd-headers": (
        UAS["softbank"],
        {
            "HTTP_X_JPHONE_DISPLAY": "99999999*0",
            "HTTP_X_JPHONE_COLOR": "Cabc",
            "HTTP_X_JPHONE_MSNAME": "\u00ff" * 300,
        },
    ),
}


@pytest.fixture(autouse=True)
def _short_pages(settings):
    # Fewer posts per page: the same code paths, in less time.
    settings.TIMELINE_PAGE_SIZE = 5


_SID = re.compile(r"[?&]sid=([A-Za-z0-9]+)")


@dataclass
class Visitor:
    """Django's test client as one device; the session id rides in URLs when it must."""

    client: object
    ua: str
    headers: dict
    sid: str | None = None
    errors: list = field(default_factory=list)

    def __post_init__(self):
        self.device = detect(self.ua, self.headers)
        self.client.raise_request_exception = False
        self.codec = "cp932" if self.device.charset == "cp932" else "utf-8"

    def request(self, method, path, query="", body=b"", content_type=None, **extra):
        params = [query] if query else []
        if self.sid:
            params.append(f"sid={self.sid}")
        url = path + ("?" + "&".join(params) if params else "")
        seen = []

        def caught(sender, request=None, **kwargs):
            seen.append(repr(sys.exc_info()[1]))

        got_request_exception.connect(caught)
        try:
            response = self.client.generic(
                method,
                url,
                body,
                content_type=content_type or "application/x-www-form-urlencoded",
                HTTP_USER_AGENT=self.ua,
                **self.headers,
                **extra,
            )
        finally:
            got_request_exception.disconnect(caught)
        if not self.device.cookies:
            self.client.cookies.clear()
            if self.sid is None:
                found = _SID.search(response.get("Location", "")) or _SID.search(
                    response.content.decode("latin-1")
                )
                self.sid = found.group(1) if found else None
        problem = _problem(response)
        if problem or seen:
            self.errors.append(f"{method} {url[:160]}: {problem or ''} {' '.join(seen)[:400]}")
        return response

    def get(self, path, query=""):
        return self.request("GET", path, query)

    def post(self, path, fields, query=""):
        return self.request("POST", path, query, encode(fields, self.codec))

    def sign_in(self):
        start = self.get("/login/")
        assert start.status_code == 302, start
        answer = approve_on_emulator(start["Location"])
        assert answer.status_code == 302, answer.text
        done = self.client.get(
            local(answer.headers["Location"]), HTTP_USER_AGENT=self.ua, **self.headers
        )
        assert done.status_code == 302 and "/home/" in done["Location"], done
        if not self.device.cookies:
            self.client.cookies.clear()
            self.sid = _SID.search(done["Location"]).group(1)
        home = self.get("/home/")
        assert home.status_code == 200, home
        return home


def _problem(response) -> str | None:
    if response.status_code == 500:
        return "status 500"
    body = response.content
    # Django's own error page, ours (templates/500.html), a debug traceback; not
    # X's "Internal Server Error", which a page may quote as X's reason.
    if any(mark in body for mark in (b"Traceback", b"Server Error (500)", b"on our side")):
        return "traceback in page"
    return None


def encode(fields, codec="utf-8") -> bytes:
    """An urlencoded body: str values as a browser sends them in the device's charset."""
    parts = []
    for name, value in fields:
        raw = value if isinstance(value, bytes) else value.encode(codec, "xmlcharrefreplace")
        parts.append(f"{name}={quote_from_bytes(raw, safe='')}")
    return "&".join(parts).encode("ascii")


def visitor(client, device, *, signed_in) -> Visitor:
    ua, headers = DEVICES[device]
    person = Visitor(client, ua, dict(headers))
    if signed_in:
        person.sign_in()
    return person


@pytest.fixture
def ids(emulator):
    state = emulator.state
    demo = next(u for u in state.users.values() if u.username == "demo")
    own = max(p.id for p in state.posts.values() if p.author_id == demo.id)
    other = max(p.id for p in state.posts.values() if p.author_id != demo.id)
    xlist = next(item.id for item in state.lists.values() if item.owner_id == demo.id)
    return {"own": own, "post": other, "list": xlist}


ROUTES = [
    "/",
    "/home/",
    "/mentions/",
    "/post/",
    "/p/{post}/",
    "/p/{post}/quote/",
    "/p/{post}/like/",
    "/p/{post}/unlike/",
    "/p/{post}/repost/",
    "/p/{post}/unrepost/",
    "/p/{own}/delete/",
    "/u/hanako/",
    "/u/hanako/followers/",
    "/u/hanako/following/",
    "/u/hanako/follow/",
    "/u/hanako/unfollow/",
    "/search/",
    "/dm/",
    "/dm/hanako/",
    "/lists/",
    "/lists/{list}/",
    "/settings/",
    "/exit/",
    "/outbox/",
    "/outbox/1/send/",
    "/outbox/1/discard/",
    "/login/",
    "/login/callback/",
    "/login/pin/",
    "/login/easy/",
    "/account/",
    "/account/easy-login/bind/",
    "/account/easy-login/unbind/",
    "/img/abc/100/gif/",
    "/logout/",
]

# Every route with every method and odd query: a cookie-less Shift_JIS phone and a
# smartphone; the other devices get fewer methods or a sample of routes.
EVERY = ["docomo-mova", "smartphone"]
SAMPLE_ROUTES = [
    "/",
    "/home/",
    "/post/",
    "/p/{post}/",
    "/u/hanako/",
    "/search/",
    "/dm/hanako/",
    "/lists/{list}/",
    "/settings/",
    "/login/pin/",
    "/account/",
]

# Routes that read their query string; the rest get a few odd ones only.
QUERY_ROUTES = [
    "/",
    "/home/",
    "/mentions/",
    "/p/{post}/",
    "/u/hanako/",
    "/u/hanako/followers/",
    "/search/",
    "/dm/",
    "/dm/hanako/",
    "/lists/",
    "/lists/{list}/",
    "/exit/",
    "/login/",
    "/login/callback/",
    "/img/abc/100/gif/",
]
PAGING_QUERIES = [
    "page=" + "a" * 300,
    "page=%E3%81%82%E3%81%84",
    "page=abc%00def",
    "page=%FF%FE",
    "until=abc",
    "until=" + "9" * 30,
    "until=%EF%BC%91%EF%BC%92",  # fullwidth digits
    "page=a&page=b&until=1&until=x",
]
SEARCH_QUERIES = [
    "q=",
    "q=" + "a" * 600,
    "q=%ff%fe",
    "q=%82",
    "q=%00",
    "q=a&q=b",
    "q=%E3%81%82&page=%ff",
]
OTHER_QUERIES = [
    "to=%ff&to=javascript:alert(1)",
    "u=%ff&to=" + "x" * 3000,
    "oauth_token=%ff&oauth_verifier=%00&denied=%ff",
    "oauth_token=&oauth_verifier=" + "v" * 2000,
]
ANY_QUERIES = [
    "sid=%00&sid=&guid=%ff",
    "sid=" + "z" * 5000,
    "%ff=%fe&&&=&=",
    "a" * 5000,
]
BAD_QUERIES = PAGING_QUERIES + SEARCH_QUERIES + OTHER_QUERIES + ANY_QUERIES
FEW_QUERIES = ["page=%FF%FE&until=abc&q=%82", "sid=%E3%81%82&" + "b" * 3000]

METHODS = ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "POST"]


def _routes(ids, routes=ROUTES):
    return [route.format(**ids) for route in routes]


# Between them, the two phones that get every route try every method.
EVERY_METHODS = {
    "docomo-mova": ["HEAD", "DELETE", "PATCH", "POST"],
    "smartphone": ["HEAD", "PUT", "OPTIONS", "POST"],
}


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("signed", [True, False], ids=["signed-in", "anonymous"])
def test_every_url_with_every_method(client, emulator, ids, device, signed):
    person = visitor(client, device, signed_in=signed)
    if device in EVERY:
        methods = EVERY_METHODS[device] if signed else ["HEAD"]
        plan = [(route, methods) for route in _routes(ids)]
    else:
        plan = [(route, ["POST"] if signed else []) for route in _routes(ids, SAMPLE_ROUTES)]
    for route, methods in plan:
        for method in methods:
            person.request(method, route)
        person.get(route)
    assert not person.errors, "\n".join(person.errors)


# The routes that read page= or until=.
PAGED_ROUTES = [
    "/home/",
    "/mentions/",
    "/p/{post}/",
    "/u/hanako/",
    "/u/hanako/followers/",
    "/search/",
    "/dm/",
    "/dm/hanako/",
    "/lists/",
    "/lists/{list}/",
]


@pytest.mark.parametrize("device", list(DEVICES))
def test_every_get_url_with_bad_query_strings(client, emulator, ids, device):
    person = visitor(client, device, signed_in=True)
    if device in EVERY:
        plan = [(route, PAGING_QUERIES) for route in _routes(ids, PAGED_ROUTES)]
        plan += [(route, ANY_QUERIES) for route in _routes(ids, QUERY_ROUTES)[::2]]
        plan += [("/search/", SEARCH_QUERIES), ("/exit/", OTHER_QUERIES)]
        plan += [("/login/callback/", OTHER_QUERIES), ("/img/abc/100/gif/", OTHER_QUERIES)]
        plan += [(route, FEW_QUERIES) for route in _routes(ids) if route != "/logout/"]
    elif device in ("au", "softbank"):
        plan = [("/home/", PAGING_QUERIES + ANY_QUERIES), ("/search/", SEARCH_QUERIES)]
        plan += [("/dm/hanako/", PAGING_QUERIES), ("/login/callback/", OTHER_QUERIES)]
    else:
        plan = [("/home/", PAGING_QUERIES), ("/search/", SEARCH_QUERIES)]
    for route, queries in plan:
        for query in queries:
            if query.startswith("sid=") and person.sid:
                continue  # a signed-in phone without cookies keeps its own
            person.get(route, query)
    assert not person.errors, "\n".join(person.errors)


@pytest.mark.parametrize("device", list(DEVICES))
def test_anonymous_odd_query_strings(client, emulator, ids, device):
    person = visitor(client, device, signed_in=False)
    plan = [(route, FEW_QUERIES) for route in _routes(ids, SAMPLE_ROUTES)]
    if device in EVERY:
        plan += [(route, FEW_QUERIES) for route in _routes(ids)]
        plan += [(route, ["sid=%00&guid=ON", "sid=" + "z" * 5000]) for route in _routes(ids)]
    for route, queries in plan:
        for query in queries:
            person.get(route, query)
    assert not person.errors, "\n".join(person.errors)


PATHS = [
    "/p/0/",
    "/p/9999999999999999999/",
    "/p/99999999999999999999/",
    "/p/0/quote/",
    "/p/9999999999999999999/quote/",
    "/p/0/delete/",
    "/p/{post}/delete/",
    "/lists/0/",
    "/lists/9999999999999999999/",
    "/u/nobody_here/",
    "/u/_/",
    "/u/himitsu/",
    "/u/nobody_here/followers/",
    "/u/himitsu/following/",
    "/dm/nobody_here/",
    "/dm/demo/",
    "/outbox/0/send/",
    "/outbox/99999999999999999999/send/",
    "/outbox/99999999999999999999/discard/",
    "/img/x/99999999999999999999/gif/",
    "/img/x/0/zzz/",
    "/p/%E3%81%82/",
    "/u/%FF/",
    "/%00/",
    "/u/hanako/%2e%2e/",
]
WRITES = [
    "/p/0/like/",
    "/p/9999999999999999999/repost/",
    "/u/nobody_here/follow/",
    "/u/himitsu/follow/",
    "/u/nobody_here/unfollow/",
    "/p/0/delete/",
    "/p/9999999999999999999/unlike/",
    "/dm/nobody_here/",
    "/dm/demo/",
]


@pytest.mark.parametrize("device", ["docomo-mova", "smartphone", "empty-ua"])
def test_bad_path_ids(client, emulator, ids, device):
    person = visitor(client, device, signed_in=True)
    for path in PATHS:
        person.get(path.format(**ids))
    for path in WRITES:
        person.post(path, [("text", "hello")])
    assert not person.errors, "\n".join(person.errors)


# The space: a byte no Shift_JIS lead byte takes as its second half.
KEEP_BEFORE, KEEP_AFTER = "残す", " keep"

# (label, bytes for a cp932 phone, bytes for a UTF-8 one): what goes between the markers.
BAD_TEXT = [
    ("sjis-lone-lead", b"\x82", b"\xff\xfe"),
    ("sjis-bad-trail", b"\x82\x20\x82\x80\xa0\xfd\xff", b"\xc3\x28\xed\xa0\x80"),
    ("nul-and-controls", b"\x00\x01\x1b[31m\x7f", b"\x00\x01\x1b[31m\x7f"),
    ("surrogate-refs", b"&#xD800;&#55296;&#x110000;&#0;", b"&#xD800;&#55296;&#x110000;&#0;"),
    ("emoji-refs", b"&#x1F600;&#128512;&#x200D;", b"&#x1F600;&#128512;&#x200D;"),
]


def _value(device_codec, bad):
    return KEEP_BEFORE.encode(device_codec) + bad + KEEP_AFTER.encode(device_codec)


def _kept(response, person) -> bool:
    text = unescape(page_text(response))
    return KEEP_BEFORE in text and KEEP_AFTER in text


FORMS = {
    "post": ("/post/", "text", {"in_reply_to": "", "quote_of": ""}),
    "reply": ("/post/", "text", {"in_reply_to": "{post}"}),
    "quote": ("/post/", "text", {"quote_of": "{post}"}),
    "dm": ("/dm/hanako/", "text", {}),
    "settings": (
        "/settings/",
        "time_zone",
        {"posts_per_page": "20", "language": "ja", "show_images": "on", "show_avatars": ""},
    ),
    "pin": ("/login/pin/", "pin", {}),
}


@pytest.mark.parametrize("device", ["docomo-mova", "softbank", "smartphone"])
@pytest.mark.parametrize("form", list(FORMS))
def test_broken_bytes_in_every_form_field(client, emulator, ids, device, form):
    person = visitor(client, device, signed_in=True)
    path, name, others = FORMS[form]
    others = {k: v.format(**ids) for k, v in others.items()}
    lost = []
    for label, sjis, utf8 in BAD_TEXT:
        bad = sjis if person.codec == "cp932" else utf8
        if form == "pin":
            person.get(path)
        fields = [(name, _value(person.codec, bad)), *others.items()]
        response = person.post(path, fields)
        if form == "settings":
            continue  # choices, not typed text
        if response.status_code == 400 or form == "pin" and response.status_code == 200:
            if not _kept(response, person):
                lost.append(f"{label}: typed text not shown again")
        # The hidden and other fields broken too: refused with a reason, the text kept.
        for other in others:
            typed = KEEP_BEFORE + KEEP_AFTER
            response = person.post(path, [(name, typed), *others.items(), (other, bad)])
            if response.status_code == 400 and not (
                shows_error(response) and _kept(response, person)
            ):
                lost.append(f"{label} in {other}: refused without a reason or the text")
    assert not person.errors, "\n".join(person.errors)
    assert not lost, lost


@pytest.mark.parametrize("device", ["docomo-mova", "au", "softbank", "smartphone"])
def test_broken_bytes_in_search(client, emulator, device):
    person = visitor(client, device, signed_in=True)
    lost = []
    for label, sjis, utf8 in BAD_TEXT:
        bad = sjis if person.codec == "cp932" else utf8
        response = person.get("/search/", encode([("q", _value(person.codec, bad))]).decode())
        if not _kept(response, person):
            lost.append(f"{label}: query not shown again")
    too_long = KEEP_BEFORE + "a" * 520 + KEEP_AFTER
    response = person.get("/search/", encode([("q", too_long)], person.codec).decode())
    if not _kept(response, person) or not shows_error(response):
        lost.append("too long: query not shown again with the reason")
    for query in ["q=" + "%E3%81%82" * 600, "q=a&q=%ff&q=" + "b" * 600, "q=%20%20&page=%ff"]:
        person.get("/search/", query)
    assert not person.errors, "\n".join(person.errors)
    assert not lost, lost


def _pin(person):
    page = person.get("/login/pin/")
    url = re.search(r'<a href="([^"]+oauth/authorize[^"]*)"', page_text(page)).group(1)
    answer = approve_on_emulator(unescape(url))
    pin_page = (
        answer.text
        if answer.status_code == 200
        else requests.get(answer.headers["Location"], timeout=5).text
    )
    return re.search(r'id="pin"[^>]*>\s*(\d+)\s*<', pin_page).group(1)


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("device", ["docomo-mova", "au", "softbank", "smartphone"])
@pytest.mark.parametrize("spelling", ["ascii", "fullwidth", "spaced-fullwidth"])
def test_pin_in_fullwidth_digits_signs_in(client, emulator, device, spelling):
    person = visitor(client, device, signed_in=False)
    pin = _pin(person)
    typed = {
        "ascii": pin,
        "fullwidth": pin.translate(FULLWIDTH),
        "spaced-fullwidth": "\u3000" + pin.translate(FULLWIDTH) + " ",
    }[spelling]
    done = person.post("/login/pin/", [("pin", typed)])
    assert not person.errors, person.errors
    assert done.status_code == 302 and "/home/" in done["Location"], page_text(done)[:400]


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one ZWJ sequence: 2
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"  # 2
THUMBS = "\U0001f44d\U0001f3fd"  # with a skin tone: 2
# 280 as X weighs it (emoji sequences and CJK 2, ASCII 1), not 280 code points.
EXACTLY_280 = FAMILY * 5 + RAINBOW_FLAG * 3 + THUMBS * 2 + "漢字かな" * 30 + "a" * 20


@pytest.mark.parametrize("device", ["docomo-foma", "au", "softbank", "smartphone"])
@pytest.mark.parametrize("extra", ["", "b", "あ"], ids=["280", "281", "282"])
def test_weighted_length_at_the_limit(client, emulator, device, extra):
    text = EXACTLY_280 + extra
    assert weighted_length(EXACTLY_280) == 280 and len(EXACTLY_280) != 280
    person = Visitor(client, UAS[device], {})
    person.sign_in()
    response = person.post("/post/", [("text", text), ("in_reply_to", ""), ("quote_of", "")])
    assert not person.errors, person.errors
    if not extra:
        assert response.status_code == 302, page_text(response)[:600]
        assert EXACTLY_280 in {post.text for post in emulator.state.posts.values()}
    else:
        assert response.status_code == 400
        shown = unescape(page_text(response))
        # What the phone can show of it comes back: the CJK and the ASCII at least.
        assert "漢字かな" * 30 + "a" * 20 + extra in shown


SETTINGS_VALUES = [
    ("posts_per_page", ["-1", "0", "99999999999999999999", "１０", "1e3", "10.5", "", "%ff"]),
    ("time_zone", ["Mars/Olympus", "../../etc/passwd", "", "UTC" * 100, "asia/tokyo"]),
    ("language", ["xx", "", "ja" * 50, "EN"]),
    ("show_images", ["maybe", "", "on", "0"]),
    ("show_avatars", ["%00", "true", "False"]),
]


@pytest.mark.parametrize("device", ["docomo-mova", "smartphone"])
def test_settings_with_absurd_values(client, emulator, device):
    person = visitor(client, device, signed_in=True)
    good = {"posts_per_page": "20", "time_zone": "Asia/Tokyo", "language": "ja"}
    for name, values in SETTINGS_VALUES:
        for value in values:
            person.post("/settings/", [*{**good, name: value}.items()])
    # Repeated keys and no fields at all.
    person.post("/settings/", [("posts_per_page", "5"), ("posts_per_page", "abc")])
    person.post("/settings/", [])
    for route in ["/home/", "/mentions/", "/settings/", "/u/hanako/"]:
        person.get(route)
    assert not person.errors, "\n".join(person.errors)


FORM_URLS = ["/post/", "/dm/hanako/", "/settings/", "/login/pin/", "/p/{post}/like/", "/logout/"]


@pytest.mark.parametrize("device", ["docomo-mova", "au", "smartphone"])
def test_odd_bodies_to_every_form(client, emulator, ids, device, settings):
    person = visitor(client, device, signed_in=True)
    big = b"text=" + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    many = b"&".join(b"f%d=1" % i for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5))
    boundary = "BoUnDaRy"
    text = "マルチパート keep".encode(person.codec)
    multipart = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n'.encode()
        + text
        + b"\x82\r\n"
        + f'--{boundary}\r\nContent-Disposition: form-data; name="pin"\r\n\r\n12\r\n'.encode()
        + f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + b"\xff\xd8\xff" * 100
        + f"\r\n--{boundary}--\r\n".encode()
    )
    bodies = [
        (big, None),
        (many, None),
        (multipart, f"multipart/form-data; boundary={boundary}"),
        (b"--broken\r\n\r\n", f"multipart/form-data; boundary={boundary}"),
        (b"--x", "multipart/form-data"),
        (b'{"text": "json"}', "application/json"),
        (b"text=plain", "text/plain; charset=x-unknown"),
        (b"text=%82%a0", "application/x-www-form-urlencoded; charset=bogus"),
        (b"\xff\xfe\x00t\x00e\x00x\x00t", "application/x-www-form-urlencoded"),
        (b"", None),
    ]
    too_many = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5))
    for route in ["/home/", "/search/", "/p/{post}/"]:
        assert person.get(route.format(**ids), too_many).status_code == 400
    person.get("/", too_many)
    person.request("POST", "/post/", too_many, b"text=hi")
    for route in FORM_URLS:
        for body, content_type in bodies:
            if route == "/login/pin/":
                person.get(route)
            response = person.request(
                "POST", route.format(**ids), body=body, content_type=content_type
            )
            if body in (big, many) and route in ("/post/", "/dm/hanako/", "/settings/"):
                assert response.status_code == 400, (route, body[:20], response)
    assert not person.errors, "\n".join(person.errors)


@pytest.mark.parametrize("device", ["docomo-mova", "au", "softbank"])
@pytest.mark.parametrize("form", ["post", "reply", "quote", "dm"])
def test_unreadable_bytes_are_not_sent_but_given_back(client, emulator, ids, device, form):
    """Bytes that are no character: X gets nothing, the phone gets its text and the reason."""
    person = visitor(client, device, signed_in=True)
    path, name, others = FORMS[form]
    others = {k: v.format(**ids) for k, v in others.items()}
    posts, dms = len(emulator.state.posts), len(emulator.state.dm_events)
    bad = b"\x82" if person.codec == "cp932" else b"\xff\xfe"
    response = person.post(path, [(name, _value(person.codec, bad)), *others.items()])
    assert not person.errors, person.errors
    assert response.status_code == 400
    assert _kept(response, person)
    assert shows_error(response)
    assert (len(emulator.state.posts), len(emulator.state.dm_events)) == (posts, dms)


READ_ROUTES = [
    "/home/",
    "/mentions/",
    "/p/{post}/",
    "/p/{post}/quote/",
    "/p/{own}/delete/",
    "/u/hanako/",
    "/u/hanako/following/",
    "/search/?q=ramen",
    "/dm/",
    "/dm/hanako/",
    "/lists/",
    "/lists/{list}/",
    "/outbox/",
    "/login/",
    "/login/pin/",
]
WRITE_ROUTES = [
    "/p/{post}/like/",
    "/p/{post}/unrepost/",
    "/u/hanako/follow/",
    "/p/{own}/delete/",
    "/outbox/1/send/",
]


def _sweep(person, ids, state, label):
    """Every page and every write; what was typed is sent, kept or shown again."""
    for route in READ_ROUTES:
        path, _, query = route.format(**ids).partition("?")
        person.get(path, query)
    for route in WRITE_ROUTES:
        person.post(route.format(**ids), [])
    lost = []
    for form in ("post", "reply", "quote", "dm"):
        path, name, others = FORMS[form]
        typed = f"{label} {form} 晴れ"
        fields = [(name, typed), *{k: v.format(**ids) for k, v in others.items()}.items()]
        response = person.post(path, fields)
        shown = unescape(page_text(response)) if response.status_code != 302 else ""
        kept = OutboxItem.objects.filter(text=typed).exists()
        sent = any(typed in post.text for post in state.posts.values()) or any(
            getattr(event, "text", None) == typed for event in state.dm_events.values()
        )
        if not (typed in shown or kept or sent):
            lost.append(f"{form}: {response.status_code} {response.get('Location', '')}")
    return lost


@pytest.mark.parametrize(
    ("fault", "device"),
    [
        (fault, device)
        for fault in ("503", "unreachable")
        for device in ("docomo-mova", "smartphone")
    ]
    + [(fault, "au") for fault in ("500", "429", "self-serve")]
    + [(fault, "w3m") for fault in ("504", "slow")],
)
def test_x_failing_every_way(client, emulator, ids, device, fault, settings):
    person = visitor(client, device, signed_in=True)
    if fault.isdigit():
        emulator.state.set_fault("/2/*", status=int(fault))
    elif fault == "slow":
        settings.X_READ_TIMEOUT = 0.1
        emulator.state.set_fault("/2/users/*", hang=True)
    elif fault == "self-serve":
        emulator.state.set_tier("self-serve")
    else:
        settings.X_API_BASE_URL = "http://127.0.0.1:9"
        settings.X_AUTHORIZE_BASE_URL = "http://127.0.0.1:9"
    lost = _sweep(person, ids, emulator.state, fault)
    for pk in OutboxItem.objects.values_list("pk", flat=True):
        person.post(f"/outbox/{pk}/send/", [])  # X still failing: it stays kept
    person.get("/outbox/")
    emulator.state.clear_faults()
    emulator.state.set_tier("enterprise")
    assert not person.errors, "\n".join(person.errors)
    assert not lost, lost


def _empty_x(state, ids):
    """X with nothing to show: no posts, messages, lists or followers."""
    with state.lock:
        state.posts.clear()
        state.dm_events.clear()
        state.dm_conversations.clear()
        state.lists.clear()
        state.likes.clear()


def _holes_in_x(state, ids):
    """Posts whose quoted, replied-to or reposted post, or whose author, X no longer has."""
    with state.lock:
        for post_id in sorted(state.posts)[::3]:
            if post_id not in (ids["own"], ids["post"]):
                del state.posts[post_id]
        for user_id, user in list(state.users.items()):
            if user.username in ("alice", "bob", "technews"):
                del state.users[user_id]


@pytest.mark.parametrize("device", ["docomo-mova", "kaios"])
@pytest.mark.parametrize("odd", [_empty_x, _holes_in_x], ids=["empty", "partial"])
def test_x_answering_oddly_but_validly(client, emulator, ids, device, odd):
    person = visitor(client, device, signed_in=True)
    odd(emulator.state, ids)
    statuses = {}
    for route in READ_ROUTES + ["/search/?q=the", "/u/alice/", "/dm/alice/", "/p/{own}/"]:
        path, _, query = route.format(**ids).partition("?")
        statuses[route] = person.get(path, query).status_code
    person.get("/home/", "until=1")
    lost = _sweep(person, ids, emulator.state, odd.__name__)
    assert not person.errors, "\n".join(person.errors)
    assert not lost, lost
    assert statuses["/home/"] == statuses["/mentions/"] == 200, statuses


@pytest.mark.parametrize("device", ["docomo-mova"])
def test_odd_session_ids_with_memcached_sessions(
    client, emulator, device, settings, memcached_factory
):
    """Session ids from URLs become memcached keys: too long, NUL or non-ASCII is a miss."""
    _, port = memcached_factory()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": f"127.0.0.1:{port}",
            "KEY_PREFIX": "robust",
        }
    }
    settings.SESSION_ENGINE = "apps.accounts.session_store"
    person = visitor(client, device, signed_in=False)
    for query in ["sid=%00", "sid=" + "z" * 300, "sid=%E3%81%82" * 20, "sid=a%20b%0Ac"]:
        person.sid = None
        person.get("/", query)
        person.get("/home/", query)
        person.request("POST", "/logout/", query)
    person.sid = None
    person.sign_in()
    assert person.get("/home/").status_code == 200
    assert not person.errors, "\n".join(person.errors)


@pytest.mark.parametrize("device", ["au", "smartphone"])
def test_a_megabyte_post_is_refused_quickly(client, emulator, device):
    """Under the upload limit but far over any post: no worker timeout, the reason shown."""
    person = visitor(client, device, signed_in=True)
    started = time.monotonic()
    response = person.post("/post/", [("text", KEEP_BEFORE + "a" * 1_000_000 + KEEP_AFTER)])
    assert time.monotonic() - started < 3
    assert response.status_code == 400
    assert shows_error(response) and _kept(response, person)
    assert not person.errors, person.errors

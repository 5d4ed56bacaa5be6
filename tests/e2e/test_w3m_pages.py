"""Every page of the client read in w3m as a cookie-less i-mode phone.

One sign-in (through X's authorize page, like test_w3m), then each page is
dumped with the session id in its URL. Each page is a subtest of its own, so a
failure names the page; they share the one session to stay fast.

For every page: the gateway answers with the expected status (no redirect back
to sign-in), the dump is not empty and holds the page's key text, no markup
leaks into the text (``<div``, ``&amp;``), there is no server error, and every
POST form carries the session id and a CSRF token so it can be sent without
JavaScript or cookies.
"""

import re
import subprocess
from html import unescape
from urllib.parse import quote, urlencode, urljoin

import pytest
import requests

from apps.client.rendering import exit_url
from apps.keitai.detect import detect

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("installed_w3m"),
]

# mova C-HTML phone: text/html in Shift_JIS, no cookies, guid=ON.
UA = "DoCoMo/1.0/P503i/c10/TB/W20H10"
CHARSET = "cp932"
LEAKS = re.compile(r"</?(?:div|span|p|a|br|form|input|h1|h2|hr|html|body)\b|&amp;|&lt;/?\w", re.I)
FAILURES = ("Server Error", "Traceback", "Internal Server Error")
BUDGET = detect(UA).markup_budget
# Known to be over the phone's page budget; see test_settings_fits_the_phones_budget.
OVER_BUDGET: set[str] = set()


def w3m(url, *, source=False, post=None, tmp_path=None):
    """One w3m run with cookies off; the dump as UTF-8 text, or the raw source."""
    args = [
        "w3m",
        "-o",
        "use_cookie=0",
        "-o",
        "accept_cookie=0",
        "-o",
        f"user_agent={UA}",
        "-o",
        "accept_language=en",
    ]
    if post is not None:
        body = tmp_path / "post.txt"
        body.write_bytes(post)
        args += ["-post", str(body)]
    args += ["-dump_source"] if source else ["-dump", "-O", "UTF-8", "-cols", "60"]
    done = subprocess.run([*args, url], capture_output=True, timeout=30, check=True)
    return done.stdout.decode(CHARSET if source else "utf-8", "replace")


def _sign_in(gateway, emulator, tmp_path):
    """Sign in as demo through X's authorize page; return the session id."""
    source = w3m(gateway + "/", source=True)
    login = next(
        unescape(h) for h in re.findall(r'<a href="([^"]+)"', source) if h.startswith("/login/?")
    )
    authorize = w3m(urljoin(gateway, login), source=True)
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', authorize).group(1))
    token = re.search(r'name="oauth_token" value="([^"]+)"', authorize).group(1)
    body = urlencode(
        {"oauth_token": token, "username": "demo", "password": "demo", "allow": "1"}
    ).encode()
    home = w3m(urljoin(emulator.base_url, action), source=True, post=body, tmp_path=tmp_path)
    sid = re.search(r'href="/home/\?[^"]*sid=([0-9a-z]+)', home)
    assert sid, home[:2000]
    return sid.group(1)


def _posts_by(emulator, username):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author={username}", timeout=5)
    return answer.json()["data"]


def _plain(text):
    """The first words of a post, before any link, emoji or line break."""
    return re.match(r"[\w #@、。！？!?,.ー\-]{6,}", text).group(0)[:12].strip()


def _pages(gateway, emulator, sid):
    """(name, path, key texts, expected status) for every page a person reads."""
    post = next(
        p
        for p in _posts_by(emulator, "hanako")
        if not p["referenced_tweets"] and re.match(r"[\w ]{6,}", p["text"])
    )
    with_sid = f"sid={sid}&guid=ON"
    lists = w3m(f"{gateway}/lists/?{with_sid}", source=True)
    list_id = re.search(r'href="/lists/(\d+)/\?[^"]*"[^>]*>Tokyo friends<', lists).group(1)
    ramen = quote("#ラーメン".encode(CHARSET))
    return [
        ("home", "/home/", ["Home", "@hanako"], 200),
        ("mentions", "/mentions/", ["Mentions", "@stranger"], 200),
        ("post", f"/p/{post['id']}/", ["@hanako", _plain(post["text"]), "Reply"], 200),
        ("profile", "/u/hanako/", ["花子", "@hanako", "followers"], 200),
        ("followers", "/u/demo/followers/", ["Followers", "@hanako"], 200),
        ("following", "/u/demo/following/", ["Following", "@technews"], 200),
        ("search", f"/search/?q={ramen}", ["Search", "ラーメン", "@hanako"], 200),
        ("dm-list", "/dm/", ["Messages", "@hanako", "@alice"], 200),
        ("dm-conversation", "/dm/hanako/", ["@hanako", "このお店だよ"], 200),
        ("lists", "/lists/", ["Lists", "Tokyo friends", "Tech & news"], 200),
        ("list", f"/lists/{list_id}/", ["Tokyo friends", "@"], 200),
        ("settings", "/settings/", ["Settings", "Posts per page", "Time zone"], 200),
        ("outbox", "/outbox/", ["Outbox", "Nothing waiting."], 200),
        ("account", "/account/", ["Account", "Signed in as @demo"], 200),
        ("exit", exit_url("https://example.com/a?b=1&c=2"), ["example.com", "b=1&c=2"], 200),
        ("post-form", "/post/", ["Post"], 200),
        ("not-found", "/u/nobody_here_x/", ["Not found"], 404),
    ]


def _with_sid(path, sid):
    return path + ("&" if "?" in path else "?") + f"sid={sid}&guid=ON"


def _post_forms_without_session(source, sid):
    """POST forms that could not be sent by a phone without cookies."""
    broken = []
    for form in re.finditer(r"<form([^>]*)>(.*?)</form>", source, re.S | re.I):
        attrs, body = form.group(1), form.group(2)
        if 'method="post"' not in attrs.lower():
            continue
        action = unescape(re.search(r'action="([^"]*)"', attrs).group(1))
        if f"sid={sid}" not in action or "csrfmiddlewaretoken" not in body:
            broken.append(action)
        if not re.search(r'type="submit"', body):
            broken.append(f"{action} (no submit button)")
    return broken


def test_every_page_reads_in_w3m(gateway, emulator, tmp_path, artifacts, subtests):
    sid = _sign_in(gateway, emulator, tmp_path)
    dumps = artifacts / "w3m-pages"
    dumps.mkdir(exist_ok=True)
    http = requests.Session()
    http.headers["User-Agent"] = UA
    for name, path, keys, status in _pages(gateway, emulator, sid):
        with subtests.test(page=name):
            url = urljoin(gateway, _with_sid(path, sid))
            answer = http.get(url, allow_redirects=False, timeout=10)
            assert answer.status_code == status, (answer.status_code, answer.headers)
            assert not answer.cookies, "a cookie-less phone is sent no cookies"
            if name not in OVER_BUDGET:
                assert len(answer.content) <= BUDGET, (len(answer.content), BUDGET)
            dump = w3m(url)
            (dumps / f"{name}.txt").write_text(dump, encoding="utf-8")
            assert dump.strip(), "empty page"
            missing = [key for key in keys if key not in dump]
            assert not missing, f"missing {missing} in:\n{dump}"
            leak = LEAKS.search(dump)
            assert leak is None, (
                f"markup leaks: {dump[max(0, leak.start() - 40) : leak.end() + 40]}"
            )
            assert not [word for word in FAILURES if word in dump], dump
            source = answer.content.decode(CHARSET, "replace")
            assert "&amp;amp;" not in source
            assert _post_forms_without_session(source, sid) == []


def test_settings_fits_the_phones_budget(gateway, emulator, tmp_path):
    sid = _sign_in(gateway, emulator, tmp_path)
    answer = requests.get(
        urljoin(gateway, _with_sid("/settings/", sid)),
        headers={"User-Agent": UA},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 200
    assert len(answer.content) <= BUDGET, (len(answer.content), BUDGET)

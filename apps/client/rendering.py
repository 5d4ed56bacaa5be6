"""Post text as HTML: X's entities become links, everything else is escaped once.

X serves `text` HTML-escaped (&amp; &lt; &gt;) and its entity offsets are code
points into that escaped text (X API behaviour, xapi.md §3). So the text is cut
at the offsets first, each plain run is unescaped and then escaped again for our
page, and each entity becomes a link: mentions to profiles, hashtags and cashtags
to search, URLs to the exit page (never straight out, so no session id or
Referer leaves with them). The t.co link X appends for attached media or a quoted
post is dropped: the media and the quote are shown on their own.
"""

import re
from functools import cache
from html import unescape
from urllib.parse import quote, urlencode

from django.core import signing
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_MEDIA_LINK = re.compile(r"/status/\d+/(photo|video)/\d+$")
_EXIT_SALT = "yubitter.client.exit"


# Placeholders that fit the routes' converters (user names; numeric ids).
_SLOTS = ("slot_8d1f", "9090909090909090909")


@cache
def _url_pattern(name: str, prefix: str) -> tuple[str, str]:
    # reverse() costs ~40 µs and a timeline page needs dozens; fill a pattern instead.
    for slot in _SLOTS:
        try:
            return reverse(name, args=[slot]), slot
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


def path_for(name: str, arg: str) -> str:
    """reverse(name, args=[arg]) for our one-argument routes, from a cached pattern."""
    pattern, slot = _url_pattern(name, get_script_prefix())
    return pattern.replace(slot, quote(str(arg), safe=""))


def exit_url(url: str) -> str:
    """Our exit page for an outside link, signed so it cannot be made to name any URL."""
    token = signing.Signer(salt=_EXIT_SALT).sign(url)
    return reverse("client:exit") + "?" + urlencode({"to": token})


def exit_target(token: str) -> str | None:
    """The URL an exit-page token names, or None when it was not made by us."""
    try:
        url = signing.Signer(salt=_EXIT_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return url if url.startswith(("https://", "http://")) else None


def render_text(post, *, full: bool = False) -> SafeString:
    """The post's text as safe HTML with links; `full` uses the long-post text."""
    if full and post.note_text is not None:
        text, entities = post.note_text, post.note_entities or {}
        start = 0
    else:
        text, entities = post.text, post.entities or {}
        start = post.display_text_range[0] if post.display_text_range else 0
    spans = _spans(post, entities)
    out = []
    cursor = start
    for begin, end, html in spans:
        if begin < cursor or end > len(text):
            continue  # overlapping or out of range: keep the text as text
        out.append(_plain(text[cursor:begin]))
        out.append(html)
        cursor = end
    out.append(_plain(text[cursor:]))
    return mark_safe("".join(out).strip())


def _plain(run: str) -> str:
    return escape(unescape(run)).replace("\n", "<br />")


def _spans(post, entities) -> list[tuple[int, int, str]]:
    spans = []
    for item in entities.get("urls") or ():
        spans.append((item["start"], item["end"], _url_link(post, item)))
    for item in entities.get("mentions") or ():
        username = item.get("username", "")
        href = path_for("client:profile", username)
        spans.append((item["start"], item["end"], f'<a href="{href}">@{escape(username)}</a>'))
    for kind, sign in (("hashtags", "#"), ("cashtags", "$")):
        for item in entities.get(kind) or ():
            tag = item.get("tag", "")
            href = reverse("client:search") + "?q=" + quote(sign + tag)
            spans.append((item["start"], item["end"], f'<a href="{href}">{sign}{escape(tag)}</a>'))
    return sorted(spans)


def _url_link(post, item) -> str:
    expanded = item.get("expanded_url") or item.get("url") or ""
    if item.get("media_key") or _MEDIA_LINK.search(expanded):
        return ""
    if post.quoted_id and expanded.rstrip("/").endswith(f"/status/{post.quoted_id}"):
        return ""
    shown = item.get("display_url") or expanded
    # rel="noreferrer": the exit page's URL gets no session id (apps/keitai/links.py).
    return f'<a href="{escape(exit_url(expanded))}" rel="noreferrer">{escape(shown)}</a>'

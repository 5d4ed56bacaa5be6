"""Post text as HTML: X's entities become links, everything else is escaped once.

X serves `text` HTML-escaped (&amp; &lt; &gt;) and its entity offsets are code
points (X API behaviour, xapi.md §3). X does not document whether they index the
escaped text or the unescaped one, so each entity is checked against the text it
should cover (its t.co link, @name or #tag) at both readings and the one that fits
is used. The text is cut at the offsets first, each plain run is unescaped and
then escaped again for our page, and each entity becomes a link: mentions to
profiles, hashtags and cashtags to search, URLs to the exit page (never straight
out, so no session id or Referer leaves with them). The t.co link X appends for
attached media or a quoted post is dropped: the media and the quote are shown on
their own.
"""

import re
from functools import cache
from html import unescape
from urllib.parse import quote, urlencode

from django.core import signing
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from apps.keitai.characters import clean_text

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


@cache
def _fixed_path(name: str, prefix: str) -> str:
    return reverse(name)


def fixed_path(name: str) -> str:
    """reverse(name) for a route without arguments, once per process (and script prefix)."""
    return _fixed_path(name, get_script_prefix())


def path_for(name: str, arg: str) -> str:
    """reverse(name, args=[arg]) for our one-argument routes, from a cached pattern."""
    pattern, slot = _url_pattern(name, get_script_prefix())
    return pattern.replace(slot, quote(str(arg), safe=""))


def exit_url(url: str) -> str:
    """Our exit page for an outside link, signed so it cannot be made to name any URL."""
    token = signing.Signer(salt=_EXIT_SALT).sign(url)
    return fixed_path("client:exit") + "?" + urlencode({"to": token})


def exit_target(token: str) -> str | None:
    """The URL an exit-page token names, or None when it was not made by us."""
    try:
        url = signing.Signer(salt=_EXIT_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return url if url.startswith(("https://", "http://")) else None


def render_text(post, *, full: bool = False, limit: int | None = None) -> SafeString:
    """The post's text as safe HTML with links; `full` uses the long-post text.

    A long post shown without `full`, or a text longer than `limit` characters,
    is cut at a word boundary and ends with "…" and a link to the whole post.
    """
    if full and post.note_text is not None:
        text, entities = post.note_text, post.note_entities or {}
        start = 0
    else:
        text, entities = post.text, post.entities or {}
        start = post.display_text_range[0] if post.display_text_range else 0
    # (html, plain text or None for a link, visible length)
    pieces: list[tuple[str, str | None, int]] = []
    cursor = start
    for begin, end, html, shown in _spans(post, entities, text):
        if begin < cursor or end > len(text):
            continue  # overlapping or out of range: keep the text as text
        pieces.append(_plain_piece(text[cursor:begin]))
        pieces.append((html, None, shown))
        cursor = end
    pieces.append(_plain_piece(text[cursor:]))
    # X gives a long post's first part as its text; the rest is on the post page.
    cut = not full and post.note_text is not None and post.note_text != post.text
    next_char = ""
    if cut:
        pieces, next_char = _first_part(pieces, post)
    if limit is not None and sum(piece[2] for piece in pieces) > limit:
        pieces, next_char = _cut(pieces, limit)
        cut = True
    html = "".join(piece[0] for piece in pieces).strip()
    if cut:
        html = _end_of_cut(html, pieces, next_char, post)
    return mark_safe(html)


def _plain_piece(run: str) -> tuple[str, str, int]:
    # Control characters go here, not when X's text is parsed: the entity offsets index it.
    return _plain_piece_from(clean_text(unescape(run)))


def _plain(plain: str) -> str:
    return escape(plain).replace("\n", "<br />")


def _first_part(pieces, post):
    """X's first part without a trailing "…", and the character the whole text goes on with."""
    head = post.text.rstrip().removesuffix("…").rstrip()
    # The first part is a prefix of the whole text in X's escaped form; if not
    # (X changed how it cuts), assume the cut is inside a word.
    prefix = post.note_text.startswith(head)
    next_char = post.note_text[len(head) : len(head) + 1] if prefix else "x"
    last = (pieces[-1][1] or "").rstrip().removesuffix("…").rstrip()
    return [*pieces[:-1], _plain_piece_from(last)], next_char


def _plain_piece_from(plain: str) -> tuple[str, str, int]:
    return _plain(plain), plain, len(plain)


def _cut(pieces, limit: int):
    """At most `limit` visible characters of the pieces; a link is kept whole or left out."""
    kept, used = [], 0
    for html, plain, shown in pieces:
        if used + shown <= limit:
            kept.append((html, plain, shown))
            used += shown
            continue
        if plain is not None:
            room = limit - used
            kept.append(_plain_piece_from(plain[:room]))
            return kept, plain[room : room + 1]
        return kept, " "  # a link that does not fit: the cut is between words
    return kept, ""


# Latin letters and digits: a cut between two of them is inside a word. Between
# kana or kanji any cut is fine (Japanese has no spaces between words).
_WORD_END = re.compile(r"[0-9A-Za-z\u00c0-\u024f'’-]+$")


def _end_of_cut(html: str, pieces, next_char: str, post) -> str:
    last = pieces[-1][1] if pieces and pieces[-1][1] is not None else None
    if last is not None and next_char and next_char.isalnum() and _WORD_END.search(last):
        trimmed = _WORD_END.sub("", last).rstrip()
        if trimmed or len(pieces) > 1:
            html = "".join(piece[0] for piece in pieces[:-1]) + _plain(trimmed)
            html = html.strip()
    more = escape(gettext("more"))
    return f'{html.rstrip()}… <a href="{path_for("client:post_detail", post.id)}">{more}</a>'


def _spans(post, entities, text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, html, visible length) of each entity X marked in the text."""
    escaped_at = _escaped_offsets(text)
    spans = []

    def add(item, covers: str, html: str, shown: int) -> None:
        start, end = _aligned(text, item["start"], item["end"], covers, escaped_at)
        spans.append((start, end, html, shown))

    for item in entities.get("urls") or ():
        html, shown = _url_link(post, item)
        add(item, item.get("url") or "", html, shown)
    for item in entities.get("mentions") or ():
        username = item.get("username", "")
        href = path_for("client:profile", username)
        link = f'<a href="{href}">@{escape(username)}</a>'
        add(item, "@" + username, link, len(username) + 1)
    for kind, sign in (("hashtags", "#"), ("cashtags", "$")):
        for item in entities.get(kind) or ():
            tag = item.get("tag", "")
            href = fixed_path("client:search") + "?q=" + quote(sign + tag)
            link = f'<a href="{href}">{sign}{escape(tag)}</a>'
            add(item, sign + tag, link, len(tag) + 1)
    return sorted(spans)


_ESCAPE = re.compile(r"&(?:amp|lt|gt);")


def _escaped_offsets(text: str) -> list[int] | None:
    """Where each code point of the unescaped text starts in X's escaped ``text``
    (and one past the end), or None when nothing in it is escaped."""
    if "&" not in text:
        return None
    offsets, at = [], 0
    for match in _ESCAPE.finditer(text):
        offsets.extend(range(at, match.start() + 1))
        at = match.end()
    offsets.extend(range(at, len(text) + 1))
    return offsets


def _covers(run: str, token: str) -> bool:
    """Whether ``run`` of the text is ``token`` (the sign of @name or #tag may be full-width)."""
    if token.startswith(("@", "#", "$")):
        return len(run) == len(token) and run[1:].lower() == token[1:].lower()
    return run == token


def _aligned(text, start: int, end: int, token: str, escaped_at) -> tuple[int, int]:
    """The entity's offsets in ``text``: as given when they fit, else read as offsets
    into the unescaped text (X does not say which it uses)."""
    if escaped_at is None or not token or _covers(text[start:end], token):
        return start, end
    if 0 <= start <= end < len(escaped_at):
        moved = escaped_at[start], escaped_at[end]
        if _covers(text[moved[0] : moved[1]], token):
            return moved
    return start, end


def _url_link(post, item) -> tuple[str, int]:
    expanded = item.get("expanded_url") or item.get("url") or ""
    if item.get("media_key") or _MEDIA_LINK.search(expanded):
        return "", 0
    if post.quoted_id and expanded.rstrip("/").endswith(f"/status/{post.quoted_id}"):
        return "", 0
    shown = item.get("display_url") or expanded
    # rel="noreferrer": the exit page's URL gets no session id (apps/keitai/links.py).
    link = f'<a href="{escape(exit_url(expanded))}" rel="noreferrer">{escape(shown)}</a>'
    return link, len(shown)

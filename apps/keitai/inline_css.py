"""Inline the one stylesheet into style= attributes (old phones ignore <style>).

css-inline parses as HTML5 and would drop an XML prolog and an XHTML doctype, so
only the body is inlined and the head is kept byte for byte; void elements are
written back in XML form and "<" and ">" in attribute values (which the HTML5
serialiser leaves raw: ``value="3 < 5"``) escaped again, so XHTML stays well formed.
"""

import re
from functools import cache

import css_inline
from django.conf import settings

_BODY = re.compile(r"(<body[^>]*>)(.*)(</body>)", re.DOTALL | re.IGNORECASE)
# Quoted values may hold ">" (html5ever does not escape it in attributes).
_VOID = re.compile(
    r"<(br|hr|img|input|meta|link)"
    r"((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>",
    re.IGNORECASE,
)


# A start tag as the HTML5 serialiser writes it: every value double-quoted, '"'
# escaped in it, "<" and ">" not; text always has them escaped, so the first
# raw "<" followed by a letter starts a tag.
_START_TAG = re.compile(r'<[A-Za-z][^\s/>]*(?:\s+[^\s=>/]+(?:="[^"]*")?)*\s*/?>')
_ANGLES = re.compile(r'="([^"]*[<>][^"]*)"')


def _escape_angles(match: re.Match) -> str:
    return '="' + match.group(1).replace("<", "&lt;").replace(">", "&gt;") + '"'


def _escape_tag(match: re.Match) -> str:
    tag = match.group()
    return _ANGLES.sub(_escape_angles, tag) if ("<" in tag[1:] or ">" in tag[:-1]) else tag


# css-inline writes "color: #666;font-size: small;"; every byte counts on a 5 KB phone.
_STYLE = re.compile(r' style="([^"]*)"')
_DECLARATION_SPACE = re.compile(r"\s*([:;])\s*")


def _compact_style(match: re.Match) -> str:
    return ' style="' + _DECLARATION_SPACE.sub(r"\1", match.group(1)).rstrip(";") + '"'


@cache
def stylesheet() -> str:
    """The site stylesheet, read once per process."""
    return settings.INLINE_STYLESHEET.read_text(encoding="utf-8")


@cache
def screen_stylesheet() -> str:
    """The stylesheet modern browsers get in a <style> element, comments dropped, read once."""
    css = settings.SCREEN_STYLESHEET.read_text(encoding="utf-8")
    return " ".join(re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL).split())


def inline_page(html: str) -> str:
    """Return the page with the stylesheet's rules moved into style= attributes."""
    return _rewrite_body(html, stylesheet())


def normalize_page(html: str) -> str:
    """Return the page's body re-serialised as XHTML without adding any style.

    For devices that apply no CSS: the bytes of style= attributes would be
    wasted, but bare attributes and HTML-style void tags (Django's form
    widgets, ``linebreaksbr``) still need their XML form.
    """
    return _rewrite_body(html, "")


def _rewrite_body(html: str, css: str) -> str:
    match = _BODY.search(html)
    if match is None:
        return html
    body = css_inline.inline_fragment(match.group(2), css)
    body = _START_TAG.sub(_escape_tag, body)
    body = _VOID.sub(r"<\1\2 />", body)
    if css:
        body = _STYLE.sub(_compact_style, body)
    return html[: match.start(2)] + body + html[match.end(2) :]

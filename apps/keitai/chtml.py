"""Compact HTML for phones that read nothing else (i-mode browser 1.0 on mova, WILLCOM).

The templates write XHTML for every device. A C-HTML phone gets the body
re-serialised with only the elements and attributes Compact HTML has:
``<span>``, ``<label>`` and the like are unwrapped (their text stays),
``class``, ``style``, ``lang``, ``rel``... are dropped, and empty elements are
written the HTML way (``<br>``, not ``<br />``). The document's head comes
from ``keitai/base_chtml.html``, already in that form. Two classes keep a
meaning without CSS: an error message starts with "! " (no colour on these
screens) and each post is preceded by a rule (no border).

The sets are Compact HTML 1.0 (W3C NOTE-compactHTML-19980209, §3.3 "Detail
definition") plus what i-mode HTML 1.0-3.0 added to form fields (``istyle``,
the input mode). Layout-only additions of later versions (``font``,
``marquee``, ``blink``) are left out: the gateway does not use them.
"""

from __future__ import annotations

import re

import nh3

__all__ = ["ALLOWED", "INPUT_TYPES", "to_chtml"]

ALLOWED: dict[str, frozenset[str]] = {
    name: frozenset(attributes)
    for name, attributes in {
        "a": {"name", "href", "accesskey"},
        "base": {"href"},
        "blockquote": set(),
        "body": set(),
        "br": {"clear"},
        "center": set(),
        "dd": set(),
        "dir": set(),
        "div": {"align"},
        "dl": set(),
        "dt": set(),
        "form": {"action", "method", "enctype"},
        "h1": {"align"},
        "h2": {"align"},
        "h3": {"align"},
        "h4": {"align"},
        "h5": {"align"},
        "h6": {"align"},
        "head": set(),
        "hr": {"align", "size", "width", "noshade"},
        "html": set(),
        "img": {"src", "align", "width", "height", "hspace", "vspace", "alt", "border"},
        "input": {"type", "name", "size", "maxlength", "accesskey", "value", "checked", "istyle"},
        "li": {"type", "value"},
        "menu": set(),
        "meta": {"http-equiv", "content"},
        "ol": {"type", "start"},
        "option": {"selected", "value"},
        "p": {"align"},
        "plaintext": set(),
        "pre": set(),
        "select": {"name", "size", "multiple"},
        "textarea": {"name", "rows", "cols", "accesskey", "istyle"},
        "title": set(),
        "ul": set(),
    }.items()
}
INPUT_TYPES = frozenset({"text", "password", "checkbox", "radio", "hidden", "submit", "reset"})

# Only what can appear in a body: the head and the document element come from the template.
_BODY_TAGS = frozenset(ALLOWED) - {"html", "head", "body", "title", "meta", "base"}
_BODY = re.compile(r"(<body[^>]*>)(.*)(</body>)", re.DOTALL | re.IGNORECASE)
_ERROR = re.compile(r'<(p|div)\b[^>]*\bclass="(?:[^"]*\s)?error(?:\s[^"]*)?"[^>]*>')
_POST = re.compile(r'<div\b[^>]*\bclass="(?:[^"]*\s)?post(?:\s[^"]*)?"')


def to_chtml(html: str) -> str:
    """``html`` with its body reduced to Compact HTML."""
    match = _BODY.search(html)
    if match is None:
        return html
    body = _ERROR.sub(lambda m: m.group() + "! ", match.group(2))
    body = _POST.sub(lambda m: "<hr>" + m.group(), body)
    body = nh3.clean(
        body,
        tags=set(_BODY_TAGS),
        # "*": no attribute on every element (ammonia's default allows lang and title).
        attributes={"*": set()} | {tag: set(ALLOWED[tag]) for tag in _BODY_TAGS if ALLOWED[tag]},
        link_rel=None,
        strip_comments=True,
    )
    return html[: match.start()] + "<body>" + body + "</body>" + html[match.end() :]

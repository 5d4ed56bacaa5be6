"""Whether a page is what its document type says: XML for XHTML, Compact HTML for C-HTML.

The response pipeline makes pages right by construction; these checks prove
it. With ``KEITAI_CHECK_MARKUP`` on (the test settings), the response pipeline
runs them on every page it sends and raises ``MarkupError`` for a bad one, so
every page any test renders is checked, for every device profile.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.parsers import expat

from .chtml import ALLOWED, INPUT_TYPES

__all__ = ["MarkupError", "chtml_problems", "xml_problem"]

_PROLOG = re.compile(r"\A\s*(?:<\?xml[^>]*\?>)?\s*(?:<!DOCTYPE[^>]*>)?\s*", re.IGNORECASE)


class MarkupError(Exception):
    """A page that is not what its document type promises."""


def xml_problem(text: str) -> str | None:
    """Why ``text`` (a decoded XHTML page) is not well-formed XML, or None.

    The XML declaration and doctype are cut off first: expat reads no Shift_JIS,
    and without the DTD an entity other than XML's five (``&nbsp;``) is an
    error, as it is for a phone that does not read the DTD either.
    """
    parser = expat.ParserCreate("utf-8")
    try:
        parser.Parse(_PROLOG.sub("", text, count=1).encode("utf-8", "surrogatepass"), True)
    except expat.ExpatError as exc:
        lines = text.splitlines()
        near = ""
        if exc.lineno - 1 < len(lines):
            near = lines[exc.lineno - 1][max(0, exc.offset - 60) : exc.offset + 60]
        return f"{exc}: {near!r}"
    return None


class _CompactHTML(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        allowed = ALLOWED.get(tag)
        if allowed is None:
            self.problems.append(f"<{tag}> is not Compact HTML")
            return
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"<{tag} {name}> is not Compact HTML")
            elif tag == "input" and name == "type" and (value or "").lower() not in INPUT_TYPES:
                self.problems.append(f'<input type="{value}"> is not Compact HTML')

    def handle_startendtag(self, tag, attrs):
        self.problems.append(f"<{tag} /> is XML syntax, not Compact HTML")
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in ALLOWED:
            self.problems.append(f"</{tag}> is not Compact HTML")


def chtml_problems(text: str) -> list[str]:
    """Elements, attributes and syntax in ``text`` that Compact HTML does not have."""
    checker = _CompactHTML()
    checker.feed(text)
    checker.close()
    return checker.problems

"""Inline the one stylesheet into style= attributes (old phones ignore <style>).

css-inline parses as HTML5 and would drop an XML prolog and an XHTML doctype, so
only the body is inlined and the head is kept byte for byte; void elements are
written back in XML form so XHTML stays well formed.
"""

import re
from functools import cache

import css_inline
from django.conf import settings

_BODY = re.compile(r"(<body[^>]*>)(.*)(</body>)", re.DOTALL | re.IGNORECASE)
_VOID = re.compile(r"<(br|hr|img|input|meta|link)(\b[^>]*?)\s*/?>", re.IGNORECASE)


@cache
def stylesheet() -> str:
    """The site stylesheet, read once per process."""
    return settings.INLINE_STYLESHEET.read_text(encoding="utf-8")


def inline_page(html: str) -> str:
    """Return the page with the stylesheet's rules moved into style= attributes."""
    match = _BODY.search(html)
    if match is None:
        return html
    body = css_inline.inline_fragment(match.group(2), stylesheet())
    body = _VOID.sub(r"<\1\2 />", body)
    return html[: match.start(2)] + body + html[match.end(2) :]

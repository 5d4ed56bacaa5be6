"""Same-site links and form actions that carry extra query parameters.

Cookie-less phones need the session id in every URL that leads back to the
site, and docomo phones need ``guid=ON`` there to send their i-mode ID. The
rewrite works on the rendered page, so every template (including ones written
later by someone who never heard of trans-sid) is covered, and it never touches
a link that leaves the site: the session id must not leak to another host. Nor
does it touch a link marked ``rel="noreferrer"`` (the exit page): old browsers
send the Referer anyway, so the page the phone leaves from must not have the id.

The page is tokenised with the standard library's HTML parser; only the start
tags of ``<a>`` and ``<form>`` are rebuilt, the rest of the page is copied byte
for byte, so text, comments and attribute order elsewhere stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["add_params", "is_same_site", "rewrite_links"]

_LOCAL_SCHEMES = ("http", "https")
_NEWLINE = re.compile("\n")
# Browsers drop tabs and newlines from URLs and read "\\" as "/" ("/\\x.com/" is
# x.com); old ones differ. A URL holding any of them never counts as ours.
_AMBIGUOUS = re.compile(r"[\x00-\x1f\x7f\\]")


def is_same_site(url: str, host: str) -> bool:
    """True if ``url`` leads back to ``host`` (relative, or absolute to the same host)."""
    url = url.strip()
    if not url or url.startswith("#") or _AMBIGUOUS.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in _LOCAL_SCHEMES and parts.netloc.lower() == host.lower()
    # "//other.example/" is protocol-relative: another host unless it names ours.
    if url.startswith("//"):
        return parts.netloc.lower() == host.lower()
    return True


def add_params(url: str, params: Sequence[tuple[str, str]]) -> str:
    """``url`` with ``params`` set in its query (replacing values of the same names)."""
    if not params:
        return url
    parts = urlsplit(url)
    names = {name for name, _ in params}
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in names
    ]
    query.extend(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    out = [f"<{tag}"]
    for name, value in attrs:
        # A bare attribute (C-HTML's utn, HTML's required) keeps its XML form.
        out.append(f' {name}="{escape(name if value is None else value)}"')
    out.append(" />" if closed else ">")
    return "".join(out)


def _hidden_inputs(params: Sequence[tuple[str, str]]) -> str:
    return "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}" />'
        for name, value in params
    )


class _Rewriter(HTMLParser):
    def __init__(self, html: str, host: str, params, current_url: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.host = host
        self.params = list(params)
        self.current_url = current_url
        self.edits: list[tuple[int, int, str]] = []
        self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(html))]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        self._rewrite(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self._rewrite(tag, attrs, closed=True)

    def _rewrite(self, tag, attrs, *, closed):
        if tag == "a":
            key = "href"
        elif tag == "form":
            key = "action"
        else:
            return
        values = dict(attrs)
        if tag == "a" and "noreferrer" in (values.get("rel") or "").lower().split():
            return
        url = values.get(key)
        method = (values.get("method") or "get").lower()
        if tag == "form" and not url:
            # A form without an action posts back to the page it is on.
            url = self.current_url
            attrs = [*attrs, ("action", url)]
        if url is None or not is_same_site(url, self.host):
            return
        new_attrs = [(n, add_params(v, self.params) if n == key else v) for n, v in attrs]
        text = self.get_starttag_text() or ""
        start = self._offset()
        replacement = _start_tag(tag, new_attrs, closed)
        if tag == "form" and method == "get" and not closed:
            # A GET form replaces the action's query with its fields: carry
            # the parameters as hidden fields as well.
            replacement += _hidden_inputs(self.params)
        self.edits.append((start, start + len(text), replacement))


def rewrite_links(
    html: str, *, host: str, params: Sequence[tuple[str, str]], current_url: str = ""
) -> str:
    """Add ``params`` to every same-site ``<a href>`` and ``<form action>`` in ``html``.

    ``host`` is the site's own host (``request.get_host()``); links to any other
    host, ``mailto:``/``tel:`` links and fragments are left alone.
    """
    if not params or ("<a" not in html and "<form" not in html):
        return html
    parser = _Rewriter(html, host, params, current_url)
    parser.feed(html)
    parser.close()
    if not parser.edits:
        return html
    out, last = [], 0
    for start, end, replacement in parser.edits:
        out.append(html[last:start])
        out.append(replacement)
        last = end
    out.append(html[last:])
    return "".join(out)

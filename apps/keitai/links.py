"""Same-site links and form actions that carry extra query parameters.

Cookie-less phones need the session id in every URL that leads back to the
site, and docomo phones need ``guid=ON`` there to send their i-mode ID. The
rewrite works on the rendered page, so every template (including ones written
later by someone who never heard of trans-sid) is covered, and it never touches
a link that leaves the site: the session id must not leak to another host. Nor
does it touch a link marked ``rel="noreferrer"`` (the exit page): old browsers
send the Referer anyway, so the page the phone leaves from must not have the id.

One regular expression finds the start tags of ``<a>`` and ``<form>`` (the
standard library's HTML parser took 3 to 5 ms a page for the same); only those
are rebuilt, the rest of the page is copied byte for byte, so text, comments and
attribute order elsewhere stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["add_params", "is_same_site", "rewrite_links"]

_LOCAL_SCHEMES = ("http", "https")
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
    return _with_params(url, params, urlencode(params))


def _with_params(url: str, params: Sequence[tuple[str, str]], encoded: str) -> str:
    """``add_params`` with the parameters' query string (``encoded``) made once per page."""
    if "?" not in url and "#" not in url:
        return f"{url}?{encoded}"  # most links: nothing to replace
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


# The page is read as a sequence of what the rewrite must see: comments and the
# content of script/style (skipped, as an HTML parser skips them) and the start
# tags of <a> and <form>, quoted values allowed to hold ">". Pages reach this
# step well formed (text has "<" escaped), so no other "<a" or "<form" exists.
_TOKENS = re.compile(
    r"<!--.*?-->"
    r"|<(?:script|style)(?=[\s/>]).*?</(?:script|style)\s*>"
    r"|<(a|form)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = re.compile(
    r"""([^\s/>=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""",
)


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """The attributes of a start tag's text after its name: names lower-cased, values read."""
    attrs: list[tuple[str, str | None]] = []
    for match in _ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), None)
        attrs.append((name.lower(), None if value is None else unescape(value)))
    return attrs


def _rewrite_tag(tag, attrs, closed, params, encoded, host, current_url) -> str | None:
    """The new start tag (with hidden fields for a GET form), or None to leave it."""
    key = "href" if tag == "a" else "action"
    values = dict(attrs)
    if tag == "a" and "noreferrer" in (values.get("rel") or "").lower().split():
        return None
    url = values.get(key)
    method = (values.get("method") or "get").lower()
    if tag == "form" and not url:
        # A form without an action posts back to the page it is on.
        url = current_url
        attrs = [*attrs, ("action", url)]
    if url is None or not is_same_site(url, host):
        return None
    new_attrs = [(n, _with_params(v, params, encoded) if n == key else v) for n, v in attrs]
    replacement = _start_tag(tag, new_attrs, closed)
    if tag == "form" and method == "get" and not closed:
        # A GET form replaces the action's query with its fields: carry
        # the parameters as hidden fields as well.
        replacement += _hidden_inputs(params)
    return replacement


def rewrite_links(
    html: str, *, host: str, params: Sequence[tuple[str, str]], current_url: str = ""
) -> str:
    """Add ``params`` to every same-site ``<a href>`` and ``<form action>`` in ``html``.

    ``host`` is the site's own host (``request.get_host()``); links to any other
    host, ``mailto:``/``tel:`` links and fragments are left alone.
    """
    if not params or ("<a" not in html and "<form" not in html):
        return html
    params = list(params)
    encoded = urlencode(params)
    out, last = [], 0
    for match in _TOKENS.finditer(html):
        tag = match.group(1)
        if tag is None:
            continue  # a comment, a script or a style
        inner = match.group(2)
        closed = inner.endswith("/")
        attrs = _attributes(inner[:-1] if closed else inner)
        replacement = _rewrite_tag(tag.lower(), attrs, closed, params, encoded, host, current_url)
        if replacement is not None:
            out.append(html[last : match.start()])
            out.append(replacement)
            last = match.end()
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)

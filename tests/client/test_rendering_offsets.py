"""Entity offsets into X's escaped text or into the unescaped one render the same links.

X serves post and DM text HTML-escaped and does not document which text its v2
entity offsets index; the renderer must be right either way.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from apps.client.rendering import exit_target, render_text
from apps.xapi.types import parse_post

pytestmark = pytest.mark.urls("yubitter.urls")

ESCAPED = "Tom &amp; Jerry &lt;3 https://t.co/AbCdEf1234 @hanako #桜"
UNESCAPED = "Tom & Jerry <3 https://t.co/AbCdEf1234 @hanako #桜"
LINK = "https://t.co/AbCdEf1234"


def _entities(text: str) -> dict:
    """Entities with offsets counted in ``text`` (code points)."""
    url, mention, tag = text.index(LINK), text.index("@hanako"), text.index("#桜")
    return {
        "urls": [
            {
                "start": url,
                "end": url + len(LINK),
                "url": LINK,
                "expanded_url": "https://example.com/tom?a=1&b=2",
                "display_url": "example.com/tom?a=1&b=2",
            }
        ],
        "mentions": [{"start": mention, "end": mention + 7, "username": "hanako"}],
        "hashtags": [{"start": tag, "end": tag + 2, "tag": "桜"}],
    }


def _render(entities: dict) -> str:
    return render_text(parse_post({"id": "1", "text": ESCAPED, "entities": entities}))


def test_offsets_into_the_escaped_and_the_unescaped_text_render_the_same_links():
    on_escaped = _render(_entities(ESCAPED))
    on_unescaped = _render(_entities(UNESCAPED))
    assert _entities(ESCAPED)["urls"][0]["start"] != _entities(UNESCAPED)["urls"][0]["start"]
    assert on_escaped == on_unescaped
    assert on_escaped.startswith("Tom &amp; Jerry &lt;3 <a href=")
    assert ' <a href="/u/hanako/">@hanako</a> ' in on_escaped
    assert on_escaped.endswith('<a href="/search/?q=%23%E6%A1%9C">#桜</a>')
    assert ">example.com/tom?a=1&amp;b=2</a>" in on_escaped
    href = on_escaped.split('href="')[1].split('"')[0].replace("&amp;", "&")
    token = parse_qs(urlsplit(href).query)["to"][0]
    assert exit_target(token) == "https://example.com/tom?a=1&b=2"

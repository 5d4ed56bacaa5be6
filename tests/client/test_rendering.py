"""Post text rendering against X's real payload shapes (escaped text, code-point offsets)."""

import json
from pathlib import Path

import pytest

from apps.client.rendering import exit_target, render_text
from apps.xapi.types import parse_page, parse_post

DATA = Path(__file__).resolve().parents[1] / "xapi" / "data"

pytestmark = pytest.mark.urls("yubitter.urls")


def _post(text, entities=None, **extra):
    return parse_post({"id": "1", "text": text, "entities": entities or {}, **extra})


def test_escaped_text_is_escaped_once():
    html = render_text(_post('a &amp; b &lt;c&gt; "q"'))
    assert html == "a &amp; b &lt;c&gt; &quot;q&quot;"


def test_mention_at_start_and_hashtag_at_end_use_code_point_offsets():
    text = "@hanako 花見🌸 &amp; #桜"
    # code points: "@hanako" 0-7, "#桜" starts after "花見🌸 &amp; " on the escaped text
    tag_start = text.index("#桜")
    post = _post(
        text,
        {
            "mentions": [{"start": 0, "end": 7, "username": "hanako"}],
            "hashtags": [{"start": tag_start, "end": tag_start + 2, "tag": "桜"}],
        },
    )
    html = render_text(post)
    assert html.startswith('<a href="/u/hanako/">@hanako</a> 花見🌸 &amp; ')
    assert html.endswith('<a href="/search/?q=%23%E6%A1%9C">#桜</a>')


def test_cashtag_links_to_search():
    post = _post("buy $XYZ now", {"cashtags": [{"start": 4, "end": 8, "tag": "XYZ"}]})
    assert '<a href="/search/?q=%24XYZ">$XYZ</a>' in render_text(post)


def test_url_goes_through_a_signed_exit_page_showing_display_url():
    url = "https://t.co/abc"
    post = _post(
        f"see {url}",
        {
            "urls": [
                {
                    "start": 4,
                    "end": 4 + len(url),
                    "url": url,
                    "expanded_url": "https://example.com/a?b=1&c=2",
                    "display_url": "example.com/a?b=1…",
                }
            ]
        },
    )
    html = str(render_text(post))
    assert ">example.com/a?b=1…</a>" in html
    href = html.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert href.startswith("/exit/?to=")
    from urllib.parse import parse_qs, urlsplit

    token = parse_qs(urlsplit(href).query)["to"][0]
    assert exit_target(token) == "https://example.com/a?b=1&c=2"
    assert exit_target(token + "x") is None


def test_media_and_quote_links_are_dropped():
    text = "pic https://t.co/m1 and https://t.co/q1"
    post = _post(
        text,
        {
            "urls": [
                {
                    "start": 4,
                    "end": 19,
                    "url": "https://t.co/m1",
                    "expanded_url": "https://x.com/a/status/5/photo/1",
                    "display_url": "pic.x.com/m1",
                },
                {
                    "start": 24,
                    "end": 39,
                    "url": "https://t.co/q1",
                    "expanded_url": "https://x.com/b/status/77",
                    "display_url": "x.com/b/status/77",
                },
            ]
        },
        referenced_tweets=[{"type": "quoted", "id": "77"}],
    )
    assert render_text(post) == "pic  and"


def test_recorded_home_timeline_renders_without_double_escaping():
    recorded = json.loads((DATA / "test_client_get_home_timeline.json").read_text())
    page = parse_page(recorded[0]["response"]["body"])
    assert len(page.items) > 50
    assert any("&amp;" in post.text for post in page.items)
    for post in page.items:
        html = str(render_text(post))
        assert "&amp;amp;" not in html and "&amp;lt;" not in html
        if "&amp;" in post.text:
            assert "&amp;" in html
            assert html.count("&amp;") == post.text.count("&amp;")

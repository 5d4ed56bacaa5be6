"""The link rewrite: same-site links and forms get parameters, nothing else changes."""

import pytest

from apps.keitai.links import add_params, is_same_site, rewrite_links

HOST = "gw.example.jp"
PARAMS = [("sid", "abc123"), ("guid", "ON")]


@pytest.mark.parametrize(
    ("url", "same"),
    [
        ("/home/", True),
        ("?page=2", True),
        ("post/", True),
        ("http://gw.example.jp/home/", True),
        ("https://GW.example.jp/x", True),
        ("http://x.com/oauth/authorize?t=1", False),
        ("//x.com/", False),
        # Browsers drop tabs and newlines and read "\\" as "/" (old ones, as part of
        # a user name): none of these surely stays on the site.
        ("/\\x.com/", False),
        ("\\\\x.com/", False),
        ("/\t/x.com/", False),
        ("/\n/x.com/", False),
        ("https://gw.example.jp\\@x.com/", False),
        ("mailto:a@example.jp", False),
        ("tel:0120000000", False),
        ("#top", False),
        ("", False),
    ],
)
def test_same_site(url, same):
    assert is_same_site(url, HOST) is same


def test_add_params_replaces_old_values_and_keeps_the_rest():
    url = add_params("/home/?page=ab&sid=old&guid=ON", PARAMS)
    assert url == "/home/?page=ab&sid=abc123&guid=ON"


def test_only_same_site_links_and_forms_are_rewritten():
    html = (
        '<p>a &amp; b <a href="/home/" accesskey="1">home</a> '
        '<a href="https://x.com/i/flow?x=1&amp;y=2">X</a> <a href="#n">n</a>'
        '<form action="/post/" method="post"><input type="hidden" name="t" value="v" /></form>'
        '<form action="/search/" method="get"><input type="text" name="q" /></form>'
        '<!-- <a href="/comment/"> --></p>'
    )
    out = rewrite_links(html, host=HOST, params=PARAMS)
    assert '<a href="/home/?sid=abc123&amp;guid=ON" accesskey="1">home</a>' in out
    assert '<a href="https://x.com/i/flow?x=1&amp;y=2">X</a>' in out
    assert '<a href="#n">n</a>' in out
    assert '<form action="/post/?sid=abc123&amp;guid=ON" method="post">' in out
    # A GET form drops its action's query: the parameters ride as hidden fields too.
    assert (
        '<form action="/search/?sid=abc123&amp;guid=ON" method="get">'
        '<input type="hidden" name="sid" value="abc123" />'
        '<input type="hidden" name="guid" value="ON" />'
    ) in out
    assert '<!-- <a href="/comment/"> -->' in out
    assert out.replace("?sid=abc123&amp;guid=ON", "").count("sid") == 1  # the hidden field


def test_rewrite_keeps_non_ascii_text_and_positions_across_lines():
    html = "<p>絵文字☀️\n改行</p>\n<a\n href='/p/1/'>一</a>\n<a href=\"/p/2/\">二</a>"
    out = rewrite_links(html, host=HOST, params=[("sid", "k")])
    assert out == '<p>絵文字☀️\n改行</p>\n<a href="/p/1/?sid=k">一</a>\n<a href="/p/2/?sid=k">二</a>'


def test_no_params_means_the_page_is_untouched():
    html = '<a href="/x">x</a>'
    assert rewrite_links(html, host=HOST, params=[]) is html


def test_quoted_angle_brackets_upper_case_and_self_closing_tags_are_read_as_tags():
    html = (
        '<A HREF="/u/a/" title="a > b">a</A><abbr title="x">x</abbr>'
        "<a href='/p/1/' />"
        '<script>var a = "<a href=\\"/s/\\">";</script><style>a { color: red }</style>'
    )
    out = rewrite_links(html, host=HOST, params=[("sid", "k")])
    assert out == (
        '<a href="/u/a/?sid=k" title="a &gt; b">a</A><abbr title="x">x</abbr>'
        '<a href="/p/1/?sid=k" />'
        '<script>var a = "<a href=\\"/s/\\">";</script><style>a { color: red }</style>'
    )


def test_a_link_that_leaves_with_rel_noreferrer_or_a_form_without_action():
    html = (
        '<a href="/exit/?to=x" rel="nofollow noreferrer">out</a>'
        '<form method="post"><input type="submit" /></form>'
    )
    out = rewrite_links(html, host=HOST, params=PARAMS, current_url="/p/5/?q=1")
    assert out == (
        '<a href="/exit/?to=x" rel="nofollow noreferrer">out</a>'
        '<form method="post" action="/p/5/?q=1&amp;sid=abc123&amp;guid=ON">'
        '<input type="submit" /></form>'
    )

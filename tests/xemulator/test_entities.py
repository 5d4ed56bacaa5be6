"""Served text: HTML-escaped, entity offsets in code points of the escaped text, RT cut at 140."""

import html

from apps.xemulator import seed
from apps.xemulator.text import retweet_text

HOME = f"/2/users/{seed.DEMO_USER_ID}/timelines/reverse_chronological"


def _by_text(state, start):
    return next(p for p in state.posts.values() if p.text.startswith(start))


def test_text_is_escaped_and_offsets_index_the_escaped_text(demo, state):
    post = _by_text(state, "Tip: in templates")
    data = demo.get(f"/2/tweets/{post.id}", **{"tweet.fields": "entities"}).json()["data"]
    text = data["text"]
    assert "a &amp;&amp; b" in text and "3 &lt; 5 &gt; 2" in text and '"' not in text
    assert html.unescape(text) == post.text
    url = data["entities"]["urls"][0]
    assert text[url["start"] : url["end"]] == url["url"]
    assert url["url"].startswith("https://t.co/")
    assert url["expanded_url"] == "https://docs.djangoproject.com/en/5.2/ref/templates/builtins/"
    mention = data["entities"]["mentions"][0]
    assert text[mention["start"] : mention["end"]] == "@demo"
    assert mention["id"] == seed.DEMO_USER_ID
    tag = data["entities"]["hashtags"][0]
    assert text[tag["start"] : tag["end"]] == "#django"
    # On the unescaped text the same offsets would miss: 4 escapes sit before the link.
    assert post.text[url["start"] : url["end"]] != url["url"]


def test_every_entity_on_the_home_timeline_slices_out_of_the_served_text(demo):
    data = demo.get(HOME, max_results=100, **{"tweet.fields": "entities"}).json()["data"]
    checked = 0
    for post in data:
        text, found = post["text"], post.get("entities", {})
        for url in found.get("urls", []):
            assert text[url["start"] : url["end"]] == url["url"]
        for mention in found.get("mentions", []):
            assert text[mention["start"] : mention["end"]] == "@" + mention["username"]
        for tag in found.get("hashtags", []):
            assert text[tag["start"] : tag["end"]] == "#" + tag["tag"]
        for tag in found.get("cashtags", []):
            assert text[tag["start"] : tag["end"]] == "$" + tag["tag"]
        checked += sum(len(v) for v in found.values())
    assert checked > 50


def test_japanese_hashtags_are_counted_in_code_points_after_emoji(demo, state):
    post = _by_text(state, "今日のお昼は渋谷")
    data = demo.get(f"/2/tweets/{post.id}", **{"tweet.fields": "entities"}).json()["data"]
    tags = data["entities"]["hashtags"]
    assert [t["tag"] for t in tags] == ["ラーメン", "渋谷"]
    assert tags[0]["start"] == post.text.index("#ラーメン")  # code points, not UTF-16 units
    assert tags[0]["start"] != len(post.text[: tags[0]["start"]].encode("utf-16-le")) // 2


def test_cashtags_and_escaped_ampersand_and_less_than(demo, state):
    post = _by_text(state, "Markets:")
    data = demo.get(f"/2/tweets/{post.id}", **{"tweet.fields": "entities"}).json()["data"]
    assert [c["tag"] for c in data["entities"]["cashtags"]] == ["AAPL", "TSLA"]
    assert "&amp; $TSLA down &lt;1%" in data["text"]


def test_long_retweet_is_cut_to_140_code_points_with_an_ellipsis(demo, state):
    original = _by_text(state, "I spent the weekend porting")
    retweet = _by_text(state, "RT @alice:")
    data = demo.get(
        f"/2/tweets/{retweet.id}",
        **{"tweet.fields": "entities,referenced_tweets", "expansions": "referenced_tweets.id"},
    ).json()
    text = data["data"]["text"]
    assert html.unescape(text) == retweet_text("alice", original.text)
    assert len(html.unescape(text)) == 140 and text.endswith("…")
    assert html.unescape(text)[:-1] == f"RT @alice: {original.text}"[:139].rstrip()
    assert len(text) > 140  # "&" was escaped after the cut
    assert data["data"]["entities"]["mentions"][0] == {
        "start": 3,
        "end": 9,
        "username": "alice",
        "id": state.user_by_username("alice").id,
    }
    assert data["includes"]["tweets"][0]["text"] == html.escape(original.text, quote=False)


def test_short_retweet_keeps_the_whole_text():
    assert retweet_text("hanako", "短い") == "RT @hanako: 短い"
    cut = retweet_text("bob", "word " * 40)
    assert cut.endswith("word…") and len(cut) == 139  # the space before the cut is dropped


def test_state_can_add_a_retweet_of_a_long_post(demo, state):
    long_post = next(p for p in state.posts.values() if p.note_text)
    retweet = state.create_retweet(seed.DEMO_USER_ID, long_post)
    served = demo.get(f"/2/tweets/{retweet.id}").json()["data"]["text"]
    assert served.startswith("RT @hanako: 長い投稿") and served.endswith("…")
    assert len(served) == 140

"""Recent search: the query subset, retweets left out of keyword queries, paging, 400s."""

import html
import re

import pytest

SEARCH = "/2/tweets/search/recent"
FIELDS = {"tweet.fields": "author_id,referenced_tweets,lang,conversation_id"}


def _search(client, query, **params):
    response = client.get(SEARCH, query=query, max_results=100, **FIELDS, **params)
    assert response.status_code == 200, response.text
    return response.json()


def _texts(body):
    return [html.unescape(p["text"]) for p in body.get("data", [])]


def _ids(state, keep):
    return [p.id for p in state.newest_first(keep)]


def _has_word(post, word):
    text = post.note_text or post.text
    return re.search(rf"(?<![A-Za-z0-9_]){word}(?![A-Za-z0-9_])", text, re.IGNORECASE) is not None


def _kinds(post):
    return {kind for kind, _ in post.referenced}


def test_words_are_anded_case_insensitively_on_whole_words(demo, state):
    body = _search(demo, "DJANGO tip")
    expected = _ids(
        state,
        lambda p: _has_word(p, "django") and _has_word(p, "tip") and "retweeted" not in _kinds(p),
    )
    assert len(expected) == 7
    assert [p["id"] for p in body["data"]] == expected
    assert _search(demo, "djang") == {"meta": {"result_count": 0}}


def test_phrase_or_and_negation(demo, state):
    phrase = _texts(_search(demo, '"flip phone"'))
    assert phrase and all("flip phone" in t.lower() for t in phrase)
    either = _search(demo, "castle OR ラーメン")
    assert any("castle" in t for t in _texts(either)) and any(
        "ラーメン" in t for t in _texts(either)
    )
    with_ramen = _texts(_search(demo, "今日"))
    without = _texts(_search(demo, "今日 -ラーメン"))
    assert len(without) == len(with_ramen) - 1 == 5
    assert all("今日" in t and "ラーメン" not in t for t in without)
    grouped = _texts(_search(demo, "(castle OR Markets) -castle"))
    assert grouped and all(t.startswith("Markets:") for t in grouped)


def test_japanese_words_match_inside_text(demo, state):
    texts = _texts(_search(demo, "夕焼け"))
    assert texts == ["夕焼けがきれい🌇 @demo も見た？ " + texts[0].rsplit(" ", 1)[1]]


def test_from_to_mention_hashtag_lang(demo, state):
    hanako = state.user_by_username("hanako")
    body = _search(demo, "from:hanako")
    assert {p["author_id"] for p in body["data"]} == {hanako.id}
    assert body["meta"]["result_count"] == len(state.authored_posts(hanako.id))
    to_demo = _search(demo, "to:demo")
    assert to_demo["data"] and all(
        state.post(p["id"]).in_reply_to_user_id == state.user_by_username("demo").id
        for p in to_demo["data"]
    )
    mentions = _texts(_search(demo, "@alice"))
    assert mentions and all("@alice" in t.lower() for t in mentions)
    tags = _texts(_search(demo, "#ラーメン"))
    assert len(tags) == 1 and tags[0].startswith("今日のお昼は渋谷")
    english = _search(demo, "from:hanako lang:en")
    assert {p["lang"] for p in english["data"]} == {"en"}
    japanese = _search(demo, "from:hanako lang:ja")
    assert {p["lang"] for p in japanese["data"]} == {"ja"}
    assert len(english["data"]) + len(japanese["data"]) == body["meta"]["result_count"]
    assert _search(demo, "from:hanako lang:fr") == {"meta": {"result_count": 0}}


def test_keyword_queries_leave_out_retweets_unless_asked(demo, state):
    keyword = _search(demo, "weekend porting")
    assert all("referenced_tweets" not in p for p in keyword["data"])
    asked = _search(demo, "weekend porting is:retweet")
    assert [p["referenced_tweets"][0]["type"] for p in asked["data"]] == ["retweeted"]
    by_author = _search(demo, "from:bob is:retweet")
    assert by_author["meta"]["result_count"] == 2
    no_retweets = _search(demo, "from:bob -is:retweet")
    kinds = {r["type"] for p in no_retweets["data"] for r in p.get("referenced_tweets", [])}
    assert no_retweets["data"] and kinds == {"replied_to"}


def test_has_media_and_links(demo, state):
    media = _search(demo, "from:alice has:media")
    assert [state.post(p["id"]).media_keys != [] for p in media["data"]] == [True]
    links = _search(demo, "from:technews has:links")
    assert links["meta"]["result_count"] == 2
    images = _search(demo, "from:carol has:images", **{"expansions": "attachments.media_keys"})
    assert images["includes"]["media"][0]["type"] == "photo"


def test_conversation_id_finds_a_posts_replies(demo, state):
    root = next(p for p in state.posts.values() if p.text.startswith("今日のお昼は渋谷"))
    data = demo.get(f"/2/tweets/{root.id}", **{"tweet.fields": "conversation_id"}).json()
    assert data["data"]["conversation_id"] == root.id
    thread = _search(demo, f"conversation_id:{root.id}")
    texts = _texts(thread)
    assert texts[0].startswith("@demo 道玄坂") and texts[1].startswith("@hanako いいね")
    assert texts[-1].startswith("今日のお昼は渋谷")
    assert {p["conversation_id"] for p in thread["data"]} == {root.id}
    replies = _search(demo, f"conversation_id:{root.id} is:reply")
    assert replies["meta"]["result_count"] == 2


def test_paging_with_next_token_and_pagination_token(demo, state):
    expected = _ids(
        state,
        lambda p: (
            p.lang == "en" and not _kinds(p) & {"retweeted", "quoted"} and _has_word(p, "day")
        ),
    )
    assert len(expected) > 10
    first = demo.get(SEARCH, query="day lang:en -is:quote", max_results=10).json()
    assert first["meta"]["result_count"] == 10
    assert "previous_token" not in first["meta"]
    second = demo.get(
        SEARCH,
        query="day lang:en -is:quote",
        max_results=10,
        next_token=first["meta"]["next_token"],
    ).json()
    same = demo.get(
        SEARCH,
        query="day lang:en -is:quote",
        max_results=10,
        pagination_token=first["meta"]["next_token"],
    ).json()
    assert second == same
    got = [p["id"] for p in first["data"] + second["data"]]
    assert got == expected[: len(got)] and len(got) == min(20, len(expected))
    assert "newest_id" in second["meta"] and "oldest_id" in second["meta"]


def test_default_max_results_is_ten_and_range_is_checked(demo):
    assert demo.get(SEARCH, query="demo").json()["meta"]["result_count"] == 10
    for value in ("9", "101"):
        bad = demo.get(SEARCH, query="demo", max_results=value)
        assert bad.status_code == 400
        assert bad.json()["errors"][0]["message"] == (
            f"The `max_results` query parameter value [{value}] is not between 10 and 100"
        )


def test_since_id_and_until_id(demo, state):
    everything = _search(demo, "from:alice")["data"]
    middle = everything[3]["id"]
    newer = _search(demo, "from:alice", since_id=middle)["data"]
    older = _search(demo, "from:alice", until_id=middle)["data"]
    assert [p["id"] for p in newer] == [p["id"] for p in everything[:3]]
    assert [p["id"] for p in older] == [p["id"] for p in everything[4:]]


def test_protected_accounts_are_hidden_from_non_followers(demo, client_for, state):
    assert _search(demo, "ないしょ") == {"meta": {"result_count": 0}}
    assert _search(client_for("himitsu"), "ないしょ")["meta"]["result_count"] == 3
    hanako = state.user_by_username("hanako")
    state.follow(hanako.id, state.user_by_username("himitsu").id)
    assert _search(client_for("hanako"), "ないしょ") == {"meta": {"result_count": 0}}
    state.approve_follow_request(state.user_by_username("himitsu").id, hanako.id)
    assert _search(client_for("hanako"), "ないしょ")["meta"]["result_count"] == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "lang:en",
            "There were errors processing your request: is/has/lang cannot be used as a "
            "standalone operator (at position 1)",
        ),
        (
            "-cats",
            "There were errors processing your request: Rules must contain at least one "
            "positive, non-stopword clause (at position 1)",
        ),
        (
            "the",
            "There were errors processing your request: Rules must contain at least one "
            "positive, non-stopword clause (at position 1)",
        ),
        (
            "cats and dogs",
            "There were errors processing your request: Ambiguous use of and as a keyword. "
            'Use a space to logically join two clauses, or "and" to find occurrences of and in '
            "text (at position 6)",
        ),
        (
            "filter:replies cats",
            "There were errors processing your request: Reference to invalid operator 'filter'. "
            "Operator is not available in current product or product packaging.",
        ),
        (
            "cats has:polls",
            "There were errors processing your request: Reference to invalid operator "
            "'has:polls'. Operator is not available in current product or product packaging.",
        ),
        (
            "(cats OR dogs",
            "There were errors processing your request: Missing closing parenthesis "
            "(at position 1)",
        ),
        ("cats)", "There were errors processing your request: missing EOF at ')' (at position 5)"),
        (
            'say "hello',
            "There were errors processing your request: no viable alternative at character "
            "'\"' (at position 5)",
        ),
    ],
)
def test_bad_queries_get_xs_validation_envelope(demo, query, message):
    response = demo.get(SEARCH, query=query)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"parameters": {"query": [query]}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def test_missing_query_and_unknown_parameter(demo):
    missing = demo.get(SEARCH)
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["message"] == "The `query` query parameter can not be empty"
    assert demo.get(SEARCH, query="demo", colour="red").status_code == 400
    assert demo.get(SEARCH, query="x" * 513).status_code == 400

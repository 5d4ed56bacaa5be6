"""Posting: X's weighted count, and the text is never lost."""

import re
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _posted_texts(emulator):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    answer.raise_for_status()
    body = answer.json()
    items = body.get("data", body) if isinstance(body, dict) else body
    return [item["text"] for item in items]


def test_cjk_and_emoji_post_reaches_x(signed_in, emulator):
    text = "今日は晴れ☀️ 花見に行きます🌸 #yubitter"
    done = signed_in.post("/post/", {"text": text})
    assert done.status_code == 302 and done["Location"] == "/home/"
    assert text in _posted_texts(emulator)
    home = signed_in.get("/home/", follow=True).content.decode()
    assert "花見に行きます" in home


def test_140_kanji_fit_but_141_do_not(signed_in, emulator):
    assert signed_in.post("/post/", {"text": "字" * 140}).status_code == 302
    too_long = signed_in.post("/post/", {"text": "漢" * 141})
    body = too_long.content.decode()
    assert too_long.status_code == 400
    assert "漢" * 141 in body, "the text must come back in the form"
    assert "282" in body and "280" in body
    assert "漢" * 141 not in _posted_texts(emulator)


def test_url_counts_23(signed_in, emulator):
    text = "a" * 256 + " https://example.com/" + "x" * 200
    assert signed_in.post("/post/", {"text": text}).status_code == 302


def test_empty_post_is_refused_with_a_message(signed_in):
    page = signed_in.post("/post/", {"text": "   "})
    assert page.status_code == 400
    assert b'class="error"' in page.content


KEPT = "Your text is kept and will be sent when X takes it again."


@pytest.mark.parametrize(
    ("status", "expected", "message"),
    [(503, 503, "X did not answer in time."), (500, 503, "X did not answer in time.")],
)
def test_post_refused_by_x_keeps_the_text(signed_in, emulator, status, expected, message):
    emulator.state.set_fault("/2/tweets", status=status, method="POST")
    text = "消えないでほしい文章 keep me"
    page = signed_in.post("/post/", {"text": text})
    body = page.content.decode()
    assert page.status_code == expected
    assert text in body
    assert f"{message} {KEPT}" in body
    emulator.state.clear_faults()
    assert text not in _posted_texts(emulator)


def test_post_rate_limited_by_x_keeps_the_text_and_says_when(signed_in, emulator):
    emulator.state.set_fault("/2/tweets", status=429, method="POST")
    text = "消えないでほしい文章 keep me"
    before = timezone.now()
    page = signed_in.post("/post/", {"text": text})
    after = timezone.now()
    body = page.content.decode()
    assert page.status_code == 429
    assert text in body
    # The emulator's 429 says X takes posts again 60 s on (x-rate-limit-reset).
    said = re.search(
        r"X says you are posting too fast; it takes posts again after (\d\d:\d\d)\. "
        + re.escape(KEPT),
        body,
    )
    assert said, body
    earliest, latest = before + timedelta(seconds=59), after + timedelta(seconds=61)
    assert said[1] in {timezone.localtime(t).strftime("%H:%M") for t in (earliest, latest)}
    emulator.state.clear_faults()
    assert text not in _posted_texts(emulator)


def test_post_when_x_hangs_times_out_and_keeps_the_text(signed_in, emulator, settings):
    settings.X_READ_TIMEOUT = 0.5
    emulator.state.set_fault("/2/tweets", hang=True, method="POST")
    text = "待ちきれない投稿"
    page = signed_in.post("/post/", {"text": text})
    assert page.status_code == 503
    body = page.content.decode()
    assert text in body
    assert f"X did not answer in time. {KEPT}" in body


def test_duplicate_post_shows_xs_reason(signed_in, emulator):
    assert signed_in.post("/post/", {"text": "same words twice"}).status_code == 302
    again = signed_in.post("/post/", {"text": "same words twice"})
    body = again.content.decode()
    assert again.status_code == 400
    assert "duplicate" in body and "same words twice" in body

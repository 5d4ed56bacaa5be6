"""The rules that turn a mail's subject and body into a post's text."""

import pytest

from apps.mailgate.compose import post_text


@pytest.mark.parametrize(
    ("subject", "body", "text"),
    [
        ("件名", "本文", "件名\n本文"),
        ("", "本文だけ", "本文だけ"),
        ("件名だけ", "", "件名だけ"),
        ("Re:", "reply body", "reply body"),
        ("無題", "本文", "本文"),
        ("(件名なし)", "本文", "本文"),
        ("今日は晴れ", "今日は晴れ\nでした", "今日は晴れ\nでした"),
        ("s", "body\n-- \nTaro\n090-0000-0000", "s\nbody"),
        ("s", "body\n--\nsignature", "s\nbody"),
        ("", "body\n\nSent from my iPhone", "body"),
        ("", "本文\r\n\r\niPhoneから送信\r\n", "本文"),
        ("", "本文\n\nAndroidから送信\n", "本文"),
        ("", "body\n\nGet Outlook for iOS", "body"),
        (
            "",
            "Sent from my iPhone is how it starts\nreally",
            "Sent from my iPhone is how it starts\nreally",
        ),
        ("", "new\n\nOn Mon, 1 Jan 2024, someone wrote:\n> old", "new"),
        ("", "new\n\n-----Original Message-----\nold", "new"),
        ("", "新しい\n\n----- 転送メッセージ -----\n古い", "新しい"),
        ("", "a\n\n\n\n\nb", "a\n\nb"),
        ("", "ｶ\u3099", "ｶ\u3099"),
        ("", "か\u3099", "が"),
    ],
)
def test_post_text(subject, body, text):
    assert post_text(subject, body) == text

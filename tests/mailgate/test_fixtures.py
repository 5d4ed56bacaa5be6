"""Every carrier fixture mail parses to the text and attachments jpmobile's specs assert.

Expected emoji: jpmobile's internal codes (mail-fixtures table; SoftBank = PUA + 0x1000)
turned into the Unicode our carrier tables give, written out here so a table change
shows up as a failure.
"""

import base64
from pathlib import Path

import pytest

from apps.mailgate.message import parse_mail, take_base64_bodies

DATA = Path(__file__).parent / "data"
UNIT = DATA / "jpmobile-spec-unit"
RAILS = DATA / "jpmobile-rails-fixtures"

# (file, subject, text the body starts with, [(content type, file name, bytes)] of
# non-decoration attachments, carrier)
CASES = [
    # docomo &#xe676; (karaoke) and &#xe6e2; (keycap 1)
    (UNIT / "docomo-emoji.eml", "題名🎤", "本文1️⃣\nFor docomo", [], "docomo"),
    (UNIT / "docomo-jis.eml", "テスト", "テスト本文", [], "docomo"),
    # docomo &#xe6ec; (heart), &#xe72d; (crying face); decomail HTML is not the body
    (UNIT / "docomo-gmail-sjis.eml", "テスト❤️", "テストです😭", [], "docomo"),
    (RAILS / "docomo-gmail-sjis.eml", "テスト❤️", "テストです😭", [], "docomo"),
    # docomo decomail: inline GIF referenced by cid: is decoration, not a photo
    (UNIT / "docomo-decomail.eml", "テスト", "テストです", [], "docomo"),
    # au mail JIS &#xe503; and &#xe522;
    (UNIT / "au-emoji.eml", "題名🎤", "本文1️⃣\nFor au", [], "au"),
    (RAILS / "au-emoji2.eml", "題名💨", "本文😃", [], "au"),
    (UNIT / "au-emoji5.eml", "テスト💙OKよー", "テスト本文🍻", [], "au"),
    (UNIT / "au-email.eml", "※本文はこのままで送信してね", "本文1️⃣", [], "au"),
    # au decomail &#xe4f4; / &#xe595;
    (UNIT / "au-decomail.eml", "テスト💨", "テストです❤️", [], "au"),
    (UNIT / "au-decomail2.eml", "Fwd: 【NurseryMail】日日", "iPhoneから送信", [], "au"),
    # au photo: &#xe481; in the subject, &#xe4f4; in the body, 86,412-byte JPEG
    (
        UNIT / "au-attached.eml",
        "題名x⚠️",
        "カレンダーだ💨",
        [("image/jpeg", "20098calendar01.jpg", 86412)],
        "au",
    ),
    (
        UNIT / "au-kigou.eml",
        "test",
        "、。，．・：？！゛゜´｀¨＾￣＿ヽヾゝゞ〃仝々〆〇ー―‐",
        [],
        "au",
    ),
    (UNIT / "bounce_with_utf8_part.eml", "Fwd: 【NurseryMail】日日", "iPhoneから送信", [], "au"),
    # SoftBank Shift_JIS &#xf03c; / &#xf21c;, and the same as UTF-8 private use
    (UNIT / "softbank-emoji.eml", "題名🎤", "本文1️⃣\nFor softbank", [], "softbank"),
    (UNIT / "softbank-emoji-utf8.eml", "題名🎤", "本文1️⃣\nFor softbank", [], "softbank"),
    # SoftBank &#xf221;&#xf223;&#xf221; (keycaps 6 8 6) and &#xf018; (soccer ball)
    (UNIT / "softbank-gmail-sjis.eml", "テスト6️⃣8️⃣6️⃣", "テストです⚽", [], "softbank"),
    (RAILS / "softbank-gmail-sjis.eml", "テスト6️⃣8️⃣6️⃣", "テストです⚽", [], "softbank"),
    (UNIT / "softbank-gmail-utf8.eml", "テストです6️⃣", "テストです8️⃣", [], "softbank"),
    (RAILS / "softbank-gmail-utf8.eml", "テストです6️⃣", "テストです8️⃣", [], "softbank"),
    (UNIT / "softbank-blank.eml", None, "", [], "softbank"),
    # iPhone: UTF-8, CP932 (NEC ㈱), ISO-2022-JP with half-width kana and NEC row 13
    (RAILS / "iphone-message.eml", "iPhone au メッセージ", "%[園児名]%の%[保護者名]% 様", [], "au"),
    (UNIT / "iphone-mail3.eml", "Re: 【NKSC】test", "iPhoneから送信○◎", [], "au"),
    (UNIT / "iphone-cp932.eml", "Re: 【NKSC】test", "テストです。㈱", [], "au"),
    (UNIT / "iphone-jis.eml", None, "(=ﾟωﾟ)ﾉ", [], "softbank"),
    (UNIT / "iphone-circled-numbers-in-jis.eml", "テスト①", "丸数字のテストです②ⅱ", [], "softbank"),
    (UNIT / "iphone-unicode-emoji.eml", "絵文字🎅", "🎄❣", [], "softbank"),
    # PC mail: a subject folded over several ISO-2022-JP encoded words
    (
        UNIT / "pc-mail-single.eml",
        "タイトルの長いメールの場合の対処を実装するためのテストケースとしてのメールに"
        "含まれている件名であるサブジェクト部分",
        "本文です",
        [],
        None,
    ),
    (
        UNIT / "pc-mail-multi.eml",
        "タイトルの長いメールの場合の対処を実装するためのテストケースとしてのメールに"
        "含まれている件名であるサブジェクト部分",
        "本文です",
        [("message/rfc822", "pc-mail.eml", 0)],
        None,
    ),
    (
        UNIT / "pc-mail-attached-without-subject.eml",
        "",
        "本文です",
        [("image/gif", "Transparent.gif", 42)],
        None,
    ),
    (RAILS / "non-jp.eml", "BBC NEWS", "Paris Hilton Scandal.", [], None),
    (
        RAILS / "no-from.eml",
        "ID:20035 Never be ripped off by a doctor again",
        "The ultimate",
        [],
        None,
    ),
]


@pytest.mark.parametrize(
    ("path", "subject", "text", "attachments", "carrier"),
    CASES,
    ids=[f"{case[0].parent.name[9:13]}-{case[0].stem}" for case in CASES],
)
def test_fixture_parses_to_text_and_attachments(path, subject, text, attachments, carrier):
    mail = parse_mail(path.read_bytes())
    assert mail.carrier == carrier
    assert mail.subject == subject
    assert mail.text.strip().startswith(text), mail.text[:80]
    # iphone-mail3 really has three broken UTF-8 sequences (a mailer cut characters).
    assert mail.text.count("\ufffd") == (3 if path.name == "iphone-mail3.eml" else 0)
    got = [(a.content_type, a.filename, len(a.data)) for a in mail.attachments if not a.decoration]
    assert got == attachments


def test_every_fixture_mail_is_in_the_table():
    covered = {case[0].name for case in CASES}
    missing = sorted({p.name for p in DATA.glob("*/*.eml")} - covered)
    # The one left out is a bounce; it has its own test with the loop rules.
    assert missing == ["bounced-jp.eml"]


def test_au_photo_is_the_jpeg_intact():
    mail = parse_mail((UNIT / "au-attached.eml").read_bytes())
    (photo,) = mail.photos
    assert photo.data[:4] == b"\xff\xd8\xff\xe0" and photo.data[6:10] == b"JFIF"


def test_decomail_html_is_used_only_without_a_text_part():
    mail = parse_mail((UNIT / "au-decomail.eml").read_bytes())
    assert mail.html and "テストです" in mail.html
    assert mail.text.strip() == "テストです❤️"
    html_only = (
        b"From: a@docomo.ne.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=Shift_JIS\r\n\r\n"
        b"<html><body><p>\x83e\x83X\x83g\xf8\x9f</p><br>2<style>p{}</style></body></html>"
    )
    assert parse_mail(html_only).text == "テスト☀️\n\n2"


def test_raw_utf8_file_name_and_an_octet_stream_photo():
    raw = (
        b'From: a@i.softbank.jp\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhi\r\n"
        b"--b\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="\xe5\x86\x99\xe7\x9c\x9f.JPG"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n--b--\r\n"
    )
    mail = parse_mail(raw)
    (photo,) = mail.photos
    assert photo.filename == "写真.JPG" and photo.data == b"\xff\xd8\xff\xe0\x00\x10"


def test_rfc2231_file_name_in_iso_2022_jp():
    raw = (
        b'From: a@ezweb.ne.jp\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
        b"--b\r\nContent-Type: image/jpeg\r\n"
        b"Content-Disposition: attachment; filename*=iso-2022-jp''%1B%24B%3CL%3F%3F%1B%28B.jpg\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n--b--\r\n"
    )
    (photo,) = parse_mail(raw).photos
    assert photo.filename == "写真.jpg"


def _big_mail(text_part: bytes) -> tuple[bytes, bytes]:
    """A mail over TAKE_FROM_BYTES with ``text_part``, a base64 PNG part and a text part
    that says base64 but is not; (raw, the PNG's bytes)."""
    blob = bytes(range(256)) * 400  # 100 KB
    photo = base64.encodebytes(blob).replace(b"\n", b"\r\n")
    raw = (
        b'From: a@gmail.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\n" + text_part + b"--b\r\nContent-Type: image/png\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b"X-Other: after the encoding\r\n\r\n" + photo + b"\r\n--b\r\n"
        b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"not base64: kept as it is\r\n--b--\r\n"
    )
    return raw, blob


def test_a_big_mail_parses_the_same_with_its_base64_bodies_decoded_first():
    """Large base64 bodies are decoded before parsing (speed): the same result."""
    text = base64.encodebytes("本文です☀️".encode()).replace(b"\n", b"\r\n")
    raw, blob = _big_mail(
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: BASE64\r\n"
        b"\r\n" + text
    )
    source, bodies = take_base64_bodies(raw)
    assert len(source) < 1000 < len(raw)
    assert sorted(bodies.values(), key=len) == ["本文です☀️".encode(), blob]
    assert b"\r\nnot base64: kept as it is\r\n" in source
    mail = parse_mail(raw)
    assert mail.text == "本文です☀️"
    assert [a.data for a in mail.attachments] == [blob]
    assert mail.defects == 0


def test_a_big_mail_whose_text_quotes_a_base64_part_keeps_its_text():
    """A header-like line in a text body is not a part: the text comes through whole."""
    quoted = b"Forwarded:\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJD\r\n\r\nend\r\n"
    raw, blob = _big_mail(b"Content-Type: text/plain; charset=us-ascii\r\n\r\n" + quoted)
    mail = parse_mail(raw)
    assert mail.text == quoted.decode().removesuffix("\r\n")
    assert [a.data for a in mail.attachments] == [blob]


def test_a_big_mail_with_broken_base64_parses_as_it_came():
    """Base64 the standard library would decode with a defect is left to it."""
    raw, blob = _big_mail(b"Content-Type: text/plain\r\n\r\nhi\r\n")
    broken = raw.replace(b"AAECAwQF", b"AAEC AwQF", 1)
    assert broken != raw
    source, bodies = take_base64_bodies(broken)
    assert bodies == {} and source == broken
    assert len(parse_mail(broken).attachments[0].data) > 0

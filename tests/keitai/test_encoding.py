"""Response encoding and form decoding at the device edge (apps/keitai/encoding.py)."""

from urllib.parse import quote_from_bytes

import pytest
from django.core.exceptions import TooManyFieldsSent

from apps.keitai.emoji import GETA, carrier_table, emoji_sources, fully_qualified
from apps.keitai.encoding import (
    DecodeResult,
    decode_from_device,
    default_charset,
    encode_for_device,
    normalize_charset,
    parse_form,
)


def _hex(text):
    return " ".join(f"U+{ord(c):04X}" for c in text)


# SoftBank Shift_JIS pictographs are what its mail uses; its pages are UTF-8.
@pytest.mark.parametrize("carrier", ["docomo", "au", "softbank"])
def test_every_emoji_sources_row_round_trips_through_shift_jis_bytes(carrier):
    failures, checked = [], 0
    for seq, codes in emoji_sources():
        if carrier not in codes:
            continue
        checked += 1
        data = encode_for_device(f"a{seq}b", "cp932", carrier)
        result = decode_from_device(data, "cp932", carrier)
        expected = b"a" + codes[carrier] + b"b"
        if data != expected or result != (f"a{fully_qualified(seq)}b", True, 0):
            failures.append(f"{_hex(seq)}: {data.hex()} (want {expected.hex()}) -> {result}")
    assert failures == [], f"{len(failures)} rows fail:\n" + "\n".join(failures)
    assert checked == {"docomo": 244, "au": 633, "softbank": 469}[carrier]


@pytest.mark.parametrize("carrier", ["softbank", "docomo", "au"])
def test_every_emoji_sources_row_round_trips_through_utf8_private_use(carrier):
    table = carrier_table(carrier)
    failures = []
    for seq, codes in emoji_sources():
        if carrier not in codes:
            continue
        pua = table.sjis_to_pua[codes[carrier]]
        data = encode_for_device(seq, "utf-8", carrier)
        result = decode_from_device(data, "UTF-8", carrier)
        if data != pua.encode() or result.text != fully_qualified(seq):
            failures.append(f"{_hex(seq)}: {data!r} -> {result}")
    assert failures == [], "\n".join(failures)


def test_docomo_bytes_agree_with_pythons_cp932_but_au_and_softbank_do_not():
    # emoji.md: cp932's linear user-defined area happens to be docomo's mapping.
    docomo, au, softbank = (carrier_table(c) for c in ("docomo", "au", "softbank"))
    assert all(sjis.decode("cp932") == pua for sjis, pua in docomo.sjis_to_pua.items())
    assert sum(sjis.decode("cp932") == pua for sjis, pua in au.sjis_to_pua.items()) == 333
    assert sum(sjis.decode("cp932") == pua for sjis, pua in softbank.sjis_to_pua.items()) == 0


def test_cp932_form_with_docomo_emoji_decodes_to_unicode():
    # 今日は晴れ<docomo sun F89F><docomo heart F991>
    body = (
        b"status=" + quote_from_bytes("今日は晴れ".encode("cp932") + b"\xf8\x9f\xf9\x91").encode()
    )
    form = parse_form(body + b"&submit=%93%8A%8De", "Shift_JIS", "docomo")
    assert form == ([("status", "今日は晴れ\u2600\ufe0f\u2764\ufe0f"), ("submit", "投稿")], True)


def test_cp932_form_with_au_emoji_decodes_to_unicode():
    # au sun F660, flag of Japan F6A5, keycap 1 F6FB, musical note F7EE. Read
    # with Python's cp932, F7EE would be U+E5D1: au's MAHJONG TILE RED DRAGON.
    body = b"status=%82%A0%F6%60%F6%A5%F6%FB%F7%EE+ok"
    form = parse_form(body, "cp932", "au")
    assert form.ok
    assert form.fields == [
        ("status", "あ\u2600\ufe0f\U0001f1ef\U0001f1f51\ufe0f\u20e3\U0001f3b5 ok")
    ]


def test_the_same_bytes_mean_different_emoji_per_carrier():
    data = b"\xf7\x6a"  # au: TRADE MARK SIGN, SoftBank: TELEVISION
    assert decode_from_device(data, "cp932", "au").text == "\u2122\ufe0f"
    assert decode_from_device(data, "cp932", "softbank").text == "\U0001f4fa"
    assert decode_from_device(data, "cp932", "docomo").text == GETA


def test_softbank_baby_symbol_shift_jis_is_f77a():
    assert encode_for_device("\U0001f6bc", "cp932", "softbank") == b"\xf7\x7a"
    assert decode_from_device(b"\xf7\x7a", "cp932", "softbank").text == "\U0001f6bc"
    assert encode_for_device("\U0001f4fa", "cp932", "softbank") == b"\xf7\x6a"


def test_softbank_utf8_form_decodes_private_use_emoji():
    form = parse_form(b"q=%E6%99%B4%EE%81%8A%EE%84%BA", "utf-8", "softbank")
    assert form == ([("q", "晴\u2600\ufe0f\U0001f6bc")], True)


def test_broken_shift_jis_keeps_the_valid_text_and_reports_it():
    # 0x82 0x20: a lead byte without its trail byte; 0xFF: never valid.
    result = decode_from_device(b"abc\x82 def\xf8\x9f\xff\x82", "cp932", "docomo")
    assert result == DecodeResult("abc\ufffd def\u2600\ufe0f\ufffd", False, 3)
    form = parse_form(b"status=%82%A0%82&x=1", "cp932", "docomo")
    assert form == ([("status", "あ\ufffd"), ("x", "1")], False)


def test_broken_utf8_is_reported_like_broken_shift_jis():
    result = decode_from_device("晴れ".encode() + b"\xe6\x99" + b"!", "utf-8", None)
    assert result == DecodeResult("晴れ\ufffd!", False, 2)
    assert decode_from_device(b"\xed\xa0\x80", "utf-8", None).ok is False


def test_unknown_user_defined_bytes_become_geta_not_garbage():
    # F040 is in CP932's user-defined area but no carrier's pictograph.
    assert decode_from_device(b"x\xf0\x40y", "cp932", "docomo") == ("x〓y", True, 0)
    # IBM extension kanji live in rows FA-FC and stay kanji for docomo/au.
    assert decode_from_device("髙".encode("cp932"), "cp932", "au").text == "髙"


def test_wave_dash_survives_the_round_trip():
    data = encode_for_device("10時〜12時", "Shift_JIS", "docomo")
    assert data == "10時～12時".encode("cp932")
    assert decode_from_device(data, "Shift_JIS", "docomo").text == "10時〜12時"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("café", "cafe"),  # accents dropped rather than lost
        ("𠮷野家", "吉野家"),
        ("—", "―"),
        ("¥500", "￥500"),
        ("ℌ\u00a0x", "H x"),
        ("か\u3099", "が"),  # decomposed kana composed first
        ("한국", "〓〓"),  # no Hangul in CP932
        ("ไทย", "〓〓〓"),
        ("Привет αβ", "Привет αβ"),  # JIS X 0208 has Cyrillic and Greek
        ("a\u200bb\ufeffc", "abc"),  # invisible format characters
        ("\udc80", "〓"),  # a lone surrogate never raises
        ("\ue63e", "〓"),  # raw private-use text is not a pictograph
    ],
)
def test_characters_cp932_lacks_get_a_readable_substitute(text, expected):
    data = encode_for_device(text, "cp932", "docomo")
    assert data == expected.encode("cp932")
    assert b"&#" not in data


def test_unknown_emoji_reach_the_phone_as_text_in_its_charset():
    text = "\U0001fae0 \U0001f468\u200d\U0001f469\u200d\U0001f467 \u2600\ufe0f"
    docomo = encode_for_device(text, "cp932", "docomo")
    assert docomo == "[溶けている顔] [家族 男性 女性 女の子] ".encode("cp932") + b"\xf8\x9f"
    en = encode_for_device(text, "cp932", "au", language="en")
    assert en == b"[melting face] [family man woman girl] \xf6\x60"
    willcom = encode_for_device(text, "cp932", "willcom")
    assert willcom == "[溶けている顔] [家族 男性 女性 女の子] [太陽]".encode("cp932")
    for data in (docomo, en, willcom):
        assert b"&#" not in data
        assert "\ufffd" not in data.decode("cp932")


def test_modern_devices_get_plain_utf8():
    text = "晴れ\u2600\ufe0f \U0001f1ef\U0001f1f5 \U0001fae0"
    assert encode_for_device(text, "utf-8", None) == text.encode()
    assert decode_from_device(text.encode(), "utf-8", None) == (text, True, 0)


def test_shift_jis_without_a_carrier_still_gets_text_emoji():
    assert encode_for_device("\u2600", "cp932", None) == "[太陽]".encode("cp932")
    assert encode_for_device("\u2600", "euc-jp", "docomo") == "[太陽]".encode("euc-jp")


def test_pictograph_bytes_decode_through_the_carriers_table():
    # The cp932 codec alone reads au's musical note F7EE as U+E5D1, au's code
    # for MAHJONG TILE RED DRAGON; the carrier's table gives the note.
    assert b"\xf7\xee".decode("cp932") == "\ue5d1"
    assert decode_from_device(b"\x82\xa0\xf7\xee", "cp932", "au") == ("あ\U0001f3b5", True, 0)
    assert decode_from_device("晴\ue04a".encode(), "utf-8", "softbank").text == "晴\u2600\ufe0f"


def test_parse_form_follows_djangos_urlencoded_rules():
    form = parse_form(b"a=1&&b=&c&d=x+y%2Bz&a=2", "cp932", "docomo")
    assert form == ([("a", "1"), ("b", ""), ("c", ""), ("d", "x y+z"), ("a", "2")], True)
    # WSGI hands QUERY_STRING over as latin-1 text.
    query = "q=" + quote_from_bytes("検索".encode("cp932") + b"\xf8\x9f")
    assert parse_form(query, "Shift_JIS", "docomo").fields == [("q", "検索\u2600\ufe0f")]
    assert parse_form(b"", "cp932", "docomo") == ([], True)


def test_parse_form_refuses_too_many_fields():
    assert len(parse_form(b"a=1&b=2", "utf-8", None, max_fields=2).fields) == 2
    with pytest.raises(TooManyFieldsSent):
        parse_form(b"a=1&b=2&c=3", "utf-8", None, max_fields=2)


def test_charset_names():
    assert default_charset("docomo") == "cp932"
    assert default_charset("au") == "cp932"
    assert default_charset("willcom") == "cp932"
    assert default_charset("softbank") == "utf-8"
    assert default_charset(None) == "utf-8"
    assert normalize_charset("Shift_JIS") == "cp932"
    assert normalize_charset("Windows-31J") == "cp932"
    assert normalize_charset("UTF8") == "utf-8"
    assert normalize_charset("base64", "au") == "cp932"  # not a text encoding
    assert normalize_charset("no-such-charset", "softbank") == "utf-8"
    assert normalize_charset(None, "docomo") == "cp932"


def test_empty_input():
    assert encode_for_device("", "cp932", "docomo") == b""
    assert decode_from_device(b"", "cp932", "docomo") == ("", True, 0)

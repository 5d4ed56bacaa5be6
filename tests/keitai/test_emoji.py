"""Carrier pictographs <-> Unicode emoji (apps/keitai/emoji.py)."""

import emoji as emoji_lib
import pytest

from apps.keitai.emoji import (
    GETA,
    PICTOGRAPH_CARRIERS,
    carrier_table,
    carrier_to_unicode,
    emoji_sources,
    emoji_text,
    fully_qualified,
    unicode_to_carrier,
)


def _hex(text):
    return " ".join(f"U+{ord(c):04X}" for c in text)


def _strip_vs(text):
    return text.replace("\ufe0f", "").replace("\ufe0e", "")


# Rows of EmojiSources.txt naming each carrier (counts also in shared emoji.md).
EXPECTED_ROWS = {"docomo": 244, "au": 633, "softbank": 469}


@pytest.mark.parametrize("carrier", PICTOGRAPH_CARRIERS)
def test_every_emoji_sources_row_round_trips_through_private_use(carrier):
    table = carrier_table(carrier)
    failures, checked = [], 0
    for seq, codes in emoji_sources():
        if carrier not in codes:
            continue
        checked += 1
        pua = table.sjis_to_pua[codes[carrier]]
        out = unicode_to_carrier(seq, carrier)
        back = carrier_to_unicode(out, carrier)
        fq_out = unicode_to_carrier(fully_qualified(seq), carrier)
        if out != pua or fq_out != pua or back != fully_qualified(seq) or _strip_vs(back) != seq:
            failures.append(f"{_hex(seq)}: -> {_hex(out)} (want {_hex(pua)}) -> {_hex(back)}")
    assert failures == [], f"{len(failures)} rows fail:\n" + "\n".join(failures)
    assert checked == EXPECTED_ROWS[carrier]


def test_emoji_sources_has_no_many_to_one_rows():
    # EmojiSources.txt lists only round-trip equivalents: each carrier code is in
    # one row. Many-to-one only comes from presentation selectors and skin
    # tones, which the next test pins down.
    for carrier in PICTOGRAPH_CARRIERS:
        codes = [c[carrier] for _, c in emoji_sources() if carrier in c]
        assert len(codes) == len(set(codes)), carrier
    assert len(emoji_sources()) == 722


@pytest.mark.parametrize(
    ("variants", "carrier", "pua", "back"),
    [
        (["\u2600", "\u2600\ufe0f", "\u2600\ufe0e"], "docomo", "\ue63e", "\u2600\ufe0f"),
        (["1\u20e3", "1\ufe0f\u20e3"], "au", "\ue522", "1\ufe0f\u20e3"),
        (
            ["\U0001f44d", "\U0001f44d\U0001f3fd", "\U0001f44d\U0001f3ff"],
            "docomo",
            "\ue727",
            "\U0001f44d",
        ),
    ],
)
def test_many_to_one_inputs_come_back_in_one_form(variants, carrier, pua, back):
    for variant in variants:
        assert unicode_to_carrier(variant, carrier) == pua, _hex(variant)
    assert carrier_to_unicode(pua, carrier) == back


def test_incoming_pictographs_become_fully_qualified_emoji():
    assert carrier_to_unicode("晴れ\ue63e", "docomo") == "晴れ\u2600\ufe0f"
    assert carrier_to_unicode("\ue488", "au") == "\u2600\ufe0f"
    assert carrier_to_unicode("\ue04a", "softbank") == "\u2600\ufe0f"
    assert carrier_to_unicode("\ue6e2", "docomo") == "1\ufe0f\u20e3"
    assert carrier_to_unicode("\ue50b", "softbank") == "\U0001f1ef\U0001f1f5"


def test_same_code_point_means_different_emoji_per_carrier():
    # The au and SoftBank ranges overlap.
    assert carrier_to_unicode("\ue522", "au") == "1\ufe0f\u20e3"
    assert carrier_to_unicode("\ue522", "softbank") == "\U0001f420"
    assert carrier_to_unicode("\ue488", "au") == "\u2600\ufe0f"
    assert carrier_to_unicode("\ue488", "softbank") == GETA  # not a SoftBank code


def test_softbank_baby_symbol_uses_corrected_shift_jis_code():
    # emoji.md: jpmobile's softbank.rb has E13A => F76A; EmojiSources gives F77A.
    table = carrier_table("softbank")
    assert unicode_to_carrier("\U0001f6bc", "softbank") == "\ue13a"
    assert table.pua_to_sjis["\ue13a"] == b"\xf7\x7a"
    assert table.sjis_text(b"\xf7\x7a") == "\U0001f6bc"
    # F76A is TELEVISION (E12A) and only that.
    assert table.pua_to_sjis["\ue12a"] == b"\xf7\x6a"
    assert table.sjis_text(b"\xf7\x6a") == "\U0001f4fa"
    assert sum(1 for code in table.pua_to_sjis.values() if code == b"\xf7\x6a") == 1


@pytest.mark.parametrize(
    ("carrier", "pua", "expected"),
    [
        ("docomo", "\ue6d1", "[iモード]"),
        ("docomo", "\ue70c", "[iアプリ]"),
        ("docomo", "\ue6df", "\u27bf"),  # free dial, as emoji4unicode maps it
        ("softbank", "\ue211", "\u27bf"),
        ("au", "\ueb81", "[Cメール]"),
        ("au", "\uea9d", "[EZナビ]"),
        ("softbank", "\ue254", GETA),  # no equivalent anywhere
        ("docomo", "\ue000", GETA),  # not a docomo code at all
        ("au", "\uf8ff", GETA),
        ("willcom", "\ue63e", GETA),  # no pictographs on WILLCOM
    ],
)
def test_carrier_only_and_unknown_pictographs_stay_visible(carrier, pua, expected):
    assert carrier_to_unicode(f"a{pua}b", carrier) == f"a{expected}b"


def test_free_dial_round_trips_for_docomo_and_softbank():
    assert unicode_to_carrier("\u27bf", "docomo") == "\ue6df"
    assert unicode_to_carrier("\u27bf", "softbank") == "\ue211"
    assert unicode_to_carrier("\u27bf", "au") == "[ダブルループ]"


def test_every_carrier_code_has_a_visible_unicode_side():
    for carrier in PICTOGRAPH_CARRIERS:
        table = carrier_table(carrier)
        for pua in table.pua_to_sjis:
            text = table.pua_text(pua)
            assert text and "\ufffd" not in text
            assert not any("\ue000" <= c <= "\uf8ff" for c in text), (carrier, _hex(pua))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("\U0001fae0", "ja", "[溶けている顔]"),
        ("\U0001fae0", "en", "[melting face]"),
        ("\U0001fae0", "en-US", "[melting face]"),
        ("\U0001fae0", "xx", "[melting face]"),
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", "ja", "[家族 男性 女性 女の子]"),
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", "en", "[family man woman girl]"),
        ("\U0001f1ef\U0001f1f5", "ja", "[旗 日本]"),  # docomo has no flags
        ("\U0001f1e6\U0001f1ec", "en", "[Antigua and Barbuda]"),  # no bare "&" in markup
        ("\u2600\ufe0f", "ja", "\ue63e"),
        ("\u203c\ufe0f", "ja", "\ue704"),
    ],
)
def test_emoji_docomo_lacks_become_readable_text(text, language, expected):
    assert unicode_to_carrier(f"x{text}y", "docomo", language=language) == f"x{expected}y"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u203c", "!!"),  # text-style symbol: its compatibility form
        ("\u2122", "TM"),
        ("\u2642", "\u2642"),  # in JIS X 0208, left as text
        ("\u2600", "[太陽]"),
        ("1\ufe0f\u20e3", "[囲み数字 1]"),
        ("\U0001f1ef", GETA),  # lone regional indicator
        ("\ufe0f\u200d", ""),  # stray selectors and joiners
        ("\ue63e", GETA),  # raw private-use text never passes as a pictograph
        ("2\u20e3x", "[囲み数字 2]x"),
        ("12:30 #tag *", "12:30 #tag *"),
    ],
)
def test_text_only_devices_get_text(text, expected):
    assert unicode_to_carrier(text, "willcom") == expected
    assert unicode_to_carrier(text, "text") == expected


def test_every_unicode_emoji_has_a_clean_fallback_in_japanese_and_english():
    bad = []
    for em in emoji_lib.EMOJI_DATA:
        for language in ("ja", "en"):
            out = unicode_to_carrier(em, "text", language=language)
            if (
                not out
                or "&" in out
                or "<" in out
                or "\ufffd" in out
                or any(c in emoji_lib.EMOJI_DATA and c not in "♀♂" for c in out)
                or any(c in "\ufe0f\u200d" or "\ue000" <= c <= "\uf8ff" for c in out)
            ):
                bad.append(f"{language} {_hex(em)} -> {out!r}")
    assert bad == [], "\n".join(bad[:50])


def test_modern_devices_keep_unicode():
    text = "晴れ\u2600\ufe0f \U0001f468\u200d\U0001f469\u200d\U0001f467 \ue63e"
    assert unicode_to_carrier(text, None) is text
    assert unicode_to_carrier(text, "unicode") is text
    assert carrier_to_unicode(text, None) is text


def test_text_without_emoji_is_returned_unchanged():
    text = "今日は 12:30 に #集合 です。★☆♪→ (*^_^*)"
    for carrier in (*PICTOGRAPH_CARRIERS, "willcom"):
        assert unicode_to_carrier(text, carrier) == text


def test_emoji_text_is_cached_and_stable():
    assert emoji_text("\u2600", "ja") == "[太陽]"
    assert emoji_text("\u2600", "ja") == "[太陽]"

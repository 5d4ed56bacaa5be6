"""Mail bytes -> str for every carrier: ISO-2022-JP (with au pictographs), Shift_JIS, UTF-8.

What phones send (reference: mail-fixtures, jpmobile's carrier mails):

* docomo: Shift_JIS (really CP932, pictographs at F89F-F9FC) or ISO-2022-JP;
* au: ISO-2022-JP, pictographs as extra two-byte JIS codes in rows 0x75-0x7B
  inside ``ESC $ B``, which no standard codec knows;
* SoftBank: Shift_JIS (pictographs at F741-FBDE) or UTF-8 with SoftBank's
  private-use characters;
* iPhone Mail labels text ISO-2022-JP and still puts half-width katakana
  (``ESC ( I``) and NEC row 13 (①, Ⅱ) in it, as Microsoft's CP50220 does;
* everyone else: UTF-8, sometimes an 8-bit charset with no label at all.

ISO-2022-JP is decoded by turning each JIS code into its Shift_JIS code (a fixed
arithmetic mapping) and au pictographs into au's Shift_JIS pictograph codes, then
decoding the whole as Shift_JIS with ``apps.keitai.encoding``, which knows every
carrier's pictographs and CP932's extra rows. Nothing here raises: bytes that
make no character become U+FFFD.
"""

from __future__ import annotations

import codecs
import functools
from pathlib import Path

from apps.keitai.emoji import AU, carrier_table, carrier_to_unicode
from apps.keitai.encoding import CP932, decode_from_device

DATA_DIR = Path(__file__).resolve().parent / "data"

JIS = "iso-2022-jp"
_JIS_LABELS = frozenset(
    {
        "iso-2022-jp",
        "iso-2022-jp-1",
        "iso-2022-jp-2",
        "iso-2022-jp-3",
        "iso-2022-jp-ms",
        "iso-2022-jp-ext",
        "csiso2022jp",
        "cp50220",
        "cp50221",
        "cp50222",
        "jis",
        "x-iso-2022-jp",
    }
)
_SJIS_LABELS = frozenset(
    {
        "shift_jis",
        "shift-jis",
        "sjis",
        "x-sjis",
        "cp932",
        "ms932",
        "windows-31j",
        "csshiftjis",
        "ms_kanji",
        "shift_jisx0213",
        "x-sjis-docomo",
        "x-sjis-kddi",
        "x-sjis-softbank",
    }
)
_ESC = 0x1B


def _label_key(label: str) -> str:
    return label.replace("-", "").replace("_", "")


_JIS_KEYS = frozenset(_label_key(x) for x in _JIS_LABELS)
_SJIS_KEYS = frozenset(_label_key(x) for x in _SJIS_LABELS)
_SO, _SI = 0x0E, 0x0F


@functools.cache
def au_mail_codes() -> dict[int, bytes]:
    """au mail JIS code -> au's Shift_JIS pictograph code (jpmobile's AU_EMAILJIS table)."""
    table = carrier_table(AU)
    codes = {}
    with open(DATA_DIR / "au-mail-jis-to-pua.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("au_mail_jis"):
                continue
            jis, pua = line.split()
            codes[int(jis, 16)] = table.pua_to_sjis[chr(int(pua, 16))]
    return codes


def _jis_to_sjis(b1: int, b2: int) -> bytes:
    """One JIS X 0208 code (rows 0x21-0x7E) as its Shift_JIS/CP932 bytes."""
    s1 = ((b1 - 0x21) >> 1) + 0x81
    if s1 > 0x9F:
        s1 += 0x40
    if b1 & 1:
        s2 = b2 + 0x1F + (1 if b2 >= 0x60 else 0)
    else:
        s2 = b2 + 0x7E
    return bytes((s1, s2))


def jis_to_sjis(data: bytes, carrier: str | None) -> bytes:
    """Transcode ISO-2022-JP (CP50220 variants, au pictographs) to Shift_JIS bytes.

    au's pictograph rows overlap the NEC-selected IBM rows that CP50220 puts at
    0x79-0x7C, so they are read as pictographs only in mail from an au phone.
    """
    au_codes = au_mail_codes() if carrier == AU else {}
    out = bytearray()
    mode = "ascii"
    shifted_from = None
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == _ESC and i + 2 < n:
            seq = data[i + 1 : i + 3]
            if seq in (b"$B", b"$@"):
                mode, i = "kanji", i + 3
                continue
            if seq == b"$(" and i + 3 < n:
                # ESC $ ( D (JIS X 0212) or ESC $ ( Q (JIS X 0213): decoded as JIS X 0208,
                # the best a Shift_JIS reader can do; unknown codes become U+FFFD below.
                mode, i = "kanji", i + 4
                continue
            if seq in (b"(B", b"(J", b"(H"):
                mode, i = "ascii", i + 3
                continue
            if seq == b"(I":
                mode, i = "kana", i + 3
                continue
        if b == _SO:
            shifted_from, mode, i = mode, "kana", i + 1
            continue
        if b == _SI:
            mode, shifted_from, i = shifted_from or "ascii", None, i + 1
            continue
        if b in (0x0A, 0x0D):
            out.append(b)
            i += 1
            continue
        if mode == "kanji" and 0x21 <= b <= 0x7E and i + 1 < n and 0x21 <= data[i + 1] <= 0x7E:
            code = (b << 8) | data[i + 1]
            out += au_codes.get(code) or _jis_to_sjis(b, data[i + 1])
            i += 2
            continue
        if mode == "kana" and 0x21 <= b <= 0x5F:
            out.append(b + 0x80)
        else:
            # ASCII, or a stray 8-bit byte some mailers leave in "ISO-2022-JP" text.
            out.append(b)
        i += 1
    return bytes(out)


def charset_kind(label: str | None) -> str | None:
    """Which decoder a charset label needs: "jis", "sjis", "utf-8", a codec name, or None."""
    if not label:
        return None
    name = label.strip().strip('"').lower()
    key = _label_key(name)
    if key in _JIS_KEYS:
        return "jis"
    if key in _SJIS_KEYS:
        return "sjis"
    if key in ("utf8", "unicode11utf8"):
        return "utf-8"
    try:
        "".encode(name)  # refuses bytes-to-bytes codecs such as base64
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, charset: str | None, carrier: str | None) -> str:
    """Decode a mail's header or body bytes into Unicode, carrier pictographs to emoji.

    ``charset`` is the label the mail gave (or None); ``carrier`` the sender's
    carrier ("docomo", "au", "softbank") or None, which decides what pictograph
    bytes mean. Unlabelled or wrongly labelled 8-bit text is guessed: UTF-8 if it
    decodes, else Shift_JIS.
    """
    if not data:
        return ""
    kind = charset_kind(charset)
    if kind in (None, "ascii", "us-ascii", "jis") and _ESC not in data and _has_8bit(data):
        kind = _guess_8bit(data)
    elif kind is None:
        kind = "jis" if _ESC in data else "utf-8"
    if kind == "jis":
        return decode_from_device(jis_to_sjis(data, carrier), CP932, carrier).text
    if kind == "sjis":
        return decode_from_device(data, CP932, carrier).text
    if kind == "utf-8":
        return carrier_to_unicode(data.decode("utf-8", "replace"), carrier)
    return data.decode(kind, "replace")


def _has_8bit(data: bytes) -> bool:
    return any(b > 0x7F for b in data)


def _guess_8bit(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "sjis"
    return "utf-8"

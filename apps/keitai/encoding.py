"""Bytes <-> str at the edges: responses in the device's charset, form input from it.

docomo, au and WILLCOM pages are Shift_JIS, which in practice means Microsoft's
CP932 (NEC/IBM rows, the user-defined area where the carriers put pictographs);
SoftBank 3G pages are UTF-8 (keitai-web-facts, "Cross-carrier cheat sheet").

Python's cp932 codec maps the user-defined area F040-F9FC linearly onto
U+E000-U+E757. That happens to be docomo's own assignment, but not au's or
SoftBank's, so pictograph bytes are always translated here through the carrier
tables and never left to the codec.

Nothing here raises on bad data: unencodable characters get a readable
substitute or "〓", undecodable bytes become U+FFFD and are counted.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from typing import NamedTuple
from urllib.parse import unquote_to_bytes

from django.core.exceptions import TooManyFieldsSent

from .emoji import (
    GETA,
    PICTOGRAPH_CARRIERS,
    TEXT_ONLY,
    carrier_table,
    carrier_to_unicode,
    normalize_carrier,
    unicode_to_carrier,
)

CP932 = "cp932"
UTF8 = "utf-8"

_CHARSET_ALIASES = {
    "cp932": CP932,
    "ms932": CP932,
    "windows-31j": CP932,
    "shift-jis": CP932,
    "shiftjis": CP932,
    "sjis": CP932,
    "x-sjis": CP932,
    "csshiftjis": CP932,
    "ms-kanji": CP932,
    "utf-8": UTF8,
    "utf8": UTF8,
}

_SHIFT_JIS_CARRIERS = frozenset({"docomo", "au", "willcom"})


class DecodeResult(NamedTuple):
    """Decoded form text; ``ok`` is False when bytes had to be replaced."""

    text: str
    ok: bool
    bad_bytes: int


def default_charset(carrier: str | None) -> str:
    """The charset to talk to a carrier's handsets in: "cp932" or "utf-8"."""
    return CP932 if normalize_carrier(carrier) in _SHIFT_JIS_CARRIERS else UTF8


def normalize_charset(charset: str | None, carrier: str | None = None) -> str:
    """A Python codec name for a charset label; unknown labels fall back per carrier."""
    if not charset:
        return default_charset(carrier)
    label = charset.strip().lower().replace("_", "-")
    if label in _CHARSET_ALIASES:
        return _CHARSET_ALIASES[label]
    try:
        "".encode(label)  # also refuses bytes-to-bytes codecs such as base64
        return codecs.lookup(label).name
    except LookupError:
        return default_charset(carrier)


# --- encoding ---------------------------------------------------------------

# Characters Python's cp932 lacks but a Japanese reader expects as the CP932
# look-alike (the same substitutions jpmobile makes in Jpmobile::Util).
_CP932_SUBSTITUTES = {
    "\u2014": "\u2015",  # EM DASH -> HORIZONTAL BAR (JIS 1-29)
    "\u2013": "-",
    "\u203e": "\uffe3",  # OVERLINE -> FULLWIDTH MACRON
    "\u00a5": "\uffe5",  # YEN SIGN -> FULLWIDTH YEN SIGN
    "\u00a6": "\uffe4",
    "\u00b7": "\u30fb",  # MIDDLE DOT -> KATAKANA MIDDLE DOT
    "\u2022": "\u30fb",
    "\U00020bb7": "\u5409",  # tsuchi-yoshi, common in names -> 吉
}
_COMBINING_RE = re.compile("[\u0300-\u036f\u3099\u309a]")
_PUA_RE = re.compile("[\ue000-\uf8ff]")
_PUA_SPLIT_RE = re.compile("([\ue000-\uf8ff])")


@functools.lru_cache(maxsize=4096)
def _cp932_substitute(ch: str) -> str:
    """What to send for one character CP932 cannot encode."""
    if ch in _CP932_SUBSTITUTES:
        return _CP932_SUBSTITUTES[ch]
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return ""  # variation selectors, joiners, bidi marks: nothing to show
    if category == "Cs" or _PUA_RE.match(ch):
        return GETA
    for candidate in (
        unicodedata.normalize("NFKC", ch),
        "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)),
    ):
        if candidate and candidate != ch and _encodable(candidate, CP932):
            return candidate
    return GETA


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return not _PUA_RE.search(text)


def _readable_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    if exc.encoding.replace("_", "").lower() == CP932:
        return "".join(_cp932_substitute(ch) for ch in bad), exc.end
    out = []
    for ch in bad:
        sub = _cp932_substitute(ch)
        out.append(sub if _encodable(sub, exc.encoding) else "?")
    return "".join(out), exc.end


codecs.register_error("keitai.readable", _readable_fallback)


def encode_for_device(
    text: str, charset: str | None, carrier: str | None, *, language: str = "ja"
) -> bytes:
    """Encode a response body for a device: carrier emoji, then its charset.

    ``charset`` "cp932"/"Shift_JIS" gives Shift_JIS with the carrier's
    pictograph bytes (docomo F89F..., au F340..., SoftBank F741... for mail);
    "utf-8" gives UTF-8 with the carrier's private-use characters (SoftBank
    pages) or plain Unicode for ``carrier`` None. Emoji the device lacks become
    text in ``language``.

    No numeric character references are emitted: docomo reads a decimal
    reference as a Shift_JIS code (``&#63647;`` is its F89F sun, "携帯の文字コード
    と絵文字の基礎知識", Encode::JP::Mobile), and jpmobile's left-over ``&#x...;``
    references show as garbage on phones. Unencodable characters get a
    compatibility form (é -> e, ℌ -> H) or "〓".
    """
    if not text:
        return b""
    codec = normalize_charset(charset, carrier)
    name = normalize_carrier(carrier)
    if codec != UTF8 and (name is None or (codec != CP932 and name in PICTOGRAPH_CARRIERS)):
        # Legacy charsets have no Unicode emoji, and pictograph bytes are only
        # defined for Shift_JIS: use text.
        name = TEXT_ONLY
    converted = unicode_to_carrier(text, name, language=language)
    if codec == UTF8:
        return converted.encode(UTF8, "keitai.readable")
    if _COMBINING_RE.search(converted):
        # Decomposed kana/accents (か + U+3099) would otherwise lose their marks.
        converted = unicodedata.normalize("NFC", converted)
    table = carrier_table(name) if codec == CP932 else None
    if table is None or _PUA_RE.search(converted) is None:
        return converted.encode(codec, "keitai.readable")
    stand_ins = _cp932_stand_ins(table.name)
    if stand_ins is not None:
        if stand_ins:
            converted = _PUA_RE.sub(lambda m: stand_ins.get(m.group(), m.group()), converted)
        return converted.encode(CP932, "keitai.readable")
    out = []
    # re.split with a group alternates text, pictograph, text, ...
    for i, part in enumerate(_PUA_SPLIT_RE.split(converted)):
        if i % 2:
            out.append(table.pua_to_sjis.get(part) or GETA.encode(CP932))
        elif part:
            out.append(part.encode(codec, "keitai.readable"))
    return b"".join(out)


@functools.cache
def _cp932_stand_ins(carrier: str) -> dict[str, str] | None:
    """Per pictograph, the character Python's cp932 encodes to the carrier's bytes.

    Lets a whole page be encoded in one codec call; empty for docomo, whose
    codes are cp932's own. None when some code has no such character
    (SoftBank's FA/FB rows are NEC/IBM duplicates in cp932).
    """
    table = carrier_table(carrier)
    stand_ins = {}
    for pua, code in table.pua_to_sjis.items():
        try:
            char = code.decode(CP932)
        except UnicodeDecodeError:
            return None
        if char.encode(CP932) != code:
            return None
        if char != pua:
            stand_ins[pua] = char
    return stand_ins


# --- decoding ---------------------------------------------------------------


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    # Lone surrogates U+DC00+byte: they cannot come out of a successful decode,
    # so they can be counted and collapsed to U+FFFD afterwards, thread-safely.
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("keitai.mark", _mark_bad_bytes)

_BAD_RE = re.compile("[\udc00-\udcff]+")

# Shift_JIS taken apart into runs of ordinary characters (ASCII, half-width
# kana, JIS X 0208 and NEC rows), double-byte codes in rows F0-FC (user-defined
# area and IBM extensions, where the carriers put pictographs), and bytes that
# start no valid character. 0x80, 0xA0 and 0xFD-0xFF are not characters in any
# carrier's Shift_JIS although Python's cp932 gives them code points.
_SJIS_RE = re.compile(
    rb"(?P<run>(?:[\x00-\x7f\xa1-\xdf]|[\x81-\x9f\xe0-\xef][\x40-\x7e\x80-\xfc])+)"
    rb"|(?P<ext>[\xf0-\xfc][\x40-\x7e\x80-\xfc])"
    rb"|(?P<bad>[\x80-\xff])"
)

# A keitai's 0x8160 is JIS X 0208 WAVE DASH; cp932 calls it FULLWIDTH TILDE
# (jpmobile maps it back the same way in Jpmobile::Util).
_WAVE_DASH = str.maketrans({"\uff5e": "\u301c"})


def _decode_sjis(data: bytes, carrier: str | None) -> str:
    table = carrier_table(carrier)
    parts = []
    for m in _SJIS_RE.finditer(data):
        chunk = m.group()
        if m.lastgroup == "run":
            parts.append(chunk.decode(CP932, "keitai.mark"))
        elif m.lastgroup == "ext":
            text = table.sjis_text(chunk) if table is not None else None
            if text is None:
                text = chunk.decode(CP932, "keitai.mark")
                if _PUA_RE.match(text):
                    text = GETA  # user-defined area, not one of this carrier's pictographs
            parts.append(text)
        else:
            parts.append(chr(0xDC00 + chunk[0]))
    return "".join(parts).translate(_WAVE_DASH)


def decode_from_device(data: bytes, charset: str | None, carrier: str | None) -> DecodeResult:
    """Decode bytes a phone sent (form field, query value) into Unicode text.

    Carrier pictographs become Unicode emoji; each run of undecodable bytes
    becomes one U+FFFD, and ``ok`` is False so the caller can say so and show
    the rest of what was typed.
    """
    if not data:
        return DecodeResult("", True, 0)
    data = bytes(data)
    codec = normalize_charset(charset, carrier)
    if codec == CP932:
        text = _decode_sjis(data, carrier)
    else:
        text = carrier_to_unicode(data.decode(codec, "keitai.mark"), carrier)
    bad = sum(len(run) for run in _BAD_RE.findall(text))
    if bad:
        text = _BAD_RE.sub("\ufffd", text)
    return DecodeResult(text, bad == 0, bad)


class ParsedForm(NamedTuple):
    """Form fields in order, as (name, value) pairs, and whether all decoded cleanly."""

    fields: list[tuple[str, str]]
    ok: bool


def parse_form(
    body: bytes | str,
    charset: str | None,
    carrier: str | None,
    *,
    max_fields: int | None = None,
) -> ParsedForm:
    """Parse an application/x-www-form-urlencoded body or a query string.

    Percent-decodes each name and value to bytes first, then decodes them with
    ``decode_from_device``, so carrier pictograph bytes are never seen by a
    generic codec. A str is taken as WSGI's latin-1 view of the bytes
    (``environ["QUERY_STRING"]``). More than ``max_fields`` fields raises
    Django's TooManyFieldsSent, as Django's own parser does.
    """
    if isinstance(body, str):
        try:
            body = body.encode("latin-1")
        except UnicodeEncodeError:
            body = body.encode(UTF8, "surrogateescape")
    if not body:
        return ParsedForm([], True)
    if max_fields is not None and body.count(b"&") + 1 > max_fields:
        chunks = [c for c in body.split(b"&") if c]
        if len(chunks) > max_fields:
            raise TooManyFieldsSent(
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
            )
    fields, ok = [], True
    for chunk in body.split(b"&"):
        if not chunk:
            continue
        raw_name, _, raw_value = chunk.partition(b"=")
        name = decode_from_device(_unquote(raw_name), charset, carrier)
        value = decode_from_device(_unquote(raw_value), charset, carrier)
        ok = ok and name.ok and value.ok
        fields.append((name.text, value.text))
    return ParsedForm(fields, ok)


def _unquote(raw: bytes) -> bytes:
    return unquote_to_bytes(raw.replace(b"+", b" "))


# HTML numeric character references, as browsers write them into a form posted
# in a legacy charset for characters it lacks (WHATWG "HTML form submission").
_NCR_RE = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,6})|([0-9]{1,7}));")


def unescape_browser_references(text: str, charset: str | None) -> str:
    """Turn ``&#9728;`` back into ☀ when ``charset`` could not have carried it.

    A modern browser wearing a keitai UA (an emulator, a PC simulator) posts
    characters the page's Shift_JIS lacks as numeric references. Only those are
    undone: a reference to a character the charset has cannot have come from
    the browser, so the person typed it and it stays as typed.
    """
    if "&#" not in text:
        return text
    codec = normalize_charset(charset)
    if codec == UTF8:
        return text

    def replace(match: re.Match) -> str:
        value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF or value < 0x20:
            return match.group()
        char = chr(value)
        if _encodable(char, codec):
            return match.group()
        return char

    return _NCR_RE.sub(replace, text)

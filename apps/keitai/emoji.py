"""Carrier pictographs <-> standard Unicode emoji, for the two edges of a request.

Inside the app every emoji is a standard Unicode sequence. Japanese carrier phones
instead use their own private-use code points (docomo U+E63E-E757, au U+E468-EB88,
SoftBank U+E001-E53E); the ranges overlap, so a code point only means something
together with the carrier it came from.

``carrier`` arguments name the emoji set of the device:

* ``"docomo"``, ``"au"``, ``"softbank"``: that carrier's pictographs;
* any other name (``"willcom"``, ``"emobile"``, ``"text"``): no pictographs, emoji
  become readable text such as ``[太陽]``;
* ``None`` or ``"unicode"``: modern devices, Unicode is kept as it is.

Mapping policy:

* Only the round-trip equivalents of Unicode's EmojiSources.txt are used both ways
  (plus U+27BF for docomo/SoftBank "free dial", as jpmobile and emoji4unicode map it).
  jpmobile's "similar" fallbacks are not used: a readable name says more than a
  look-alike picture.
* Incoming pictographs become fully-qualified emoji (U+2600 -> U+2600 U+FE0F) so
  modern screens show them as emoji; outgoing lookups ignore U+FE0E/U+FE0F.
* Carrier-only pictographs (i-mode logo, EZweb services) become short labels;
  an unknown private-use character becomes GETA "〓" (U+3013), the Japanese
  convention for "a character that cannot be shown", never dropped silently.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import emoji as emoji_lib

DOCOMO = "docomo"
AU = "au"
SOFTBANK = "softbank"
PICTOGRAPH_CARRIERS = (DOCOMO, AU, SOFTBANK)
TEXT_ONLY = "text"

GETA = "\u3013"

DATA_DIR = Path(__file__).resolve().parent / "data" / "emoji"

_ALIASES = {
    "docomo": DOCOMO,
    "imode": DOCOMO,
    "i-mode": DOCOMO,
    "au": AU,
    "kddi": AU,
    "ezweb": AU,
    "softbank": SOFTBANK,
    "vodafone": SOFTBANK,
    "unicode": None,
    "": None,
}

_PUA_RE = re.compile("[\ue000-\uf8ff]")
_KEYCAP_BASES = frozenset("0123456789#*")
_KEYCAP_TAIL = frozenset("\ufe0f\u20e3")
_EMOJI_PLANE_LO, _EMOJI_PLANE_HI = "\U0001f000", "\U0001faff"
_VS_RE = re.compile("[\ufe0e\ufe0f]")
_SKIN_TONE_RE = re.compile("[\U0001f3fb-\U0001f3ff]")
# Pieces with no meaning of their own once an emoji sequence is taken apart.
_INVISIBLE = frozenset("\ufe0e\ufe0f\u200d\u20e3") | frozenset(
    chr(c) for c in range(0xE0020, 0xE0080)
)


def normalize_carrier(carrier: str | None) -> str | None:
    """The emoji set name for a carrier/device value: a carrier, "text", or None."""
    if carrier is None:
        return None
    key = str(carrier).strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    return key


@dataclass
class CarrierTable:
    """One carrier's pictographs: private-use code point <-> Unicode <-> Shift_JIS."""

    name: str
    to_unicode: dict[str, str] = field(default_factory=dict)
    from_unicode: dict[str, str] = field(default_factory=dict)
    sjis_to_pua: dict[bytes, str] = field(default_factory=dict)
    pua_to_sjis: dict[str, bytes] = field(default_factory=dict)

    def pua_text(self, pua: str) -> str:
        """The Unicode (or label) for one private-use character of this carrier."""
        return self.to_unicode.get(pua, GETA)

    def sjis_text(self, code: bytes) -> str | None:
        """The Unicode (or label) for two Shift_JIS bytes, None if not a pictograph."""
        pua = self.sjis_to_pua.get(code)
        return None if pua is None else self.pua_text(pua)


@dataclass
class _Tables:
    carriers: dict[str, CarrierTable]
    emoji_sources: list[tuple[str, dict[str, bytes]]]
    known: frozenset[str]
    max_len: int
    cluster_re: re.Pattern[str]


def _read_rows(name: str) -> list[list[str]]:
    rows = []
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows[1:]  # header row


def _read_emoji_sources() -> list[tuple[str, dict[str, bytes]]]:
    rows = []
    with open(DATA_DIR / "EmojiSources.txt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            seq, *codes = line.split(";")
            text = "".join(chr(int(cp, 16)) for cp in seq.split())
            by_carrier = {
                carrier: bytes.fromhex(code)
                for carrier, code in zip(PICTOGRAPH_CARRIERS, codes, strict=True)
                if code
            }
            rows.append((text, by_carrier))
    return rows


def fully_qualified(seq: str) -> str:
    """The emoji-presentation form of a sequence (adds U+FE0F where Unicode wants it)."""
    data = emoji_lib.EMOJI_DATA
    fq = emoji_lib.STATUS["fully_qualified"]
    if data.get(seq, {}).get("status") == fq:
        return seq
    candidate = seq[:1] + "\ufe0f" + seq[1:]
    if data.get(candidate, {}).get("status") == fq:
        return candidate
    return seq


@functools.cache
def _tables() -> _Tables:
    carriers = {name: CarrierTable(name) for name in PICTOGRAPH_CARRIERS}
    for sjis, pua in _read_rows("docomo-sjis-to-pua.tsv"):
        carriers[DOCOMO].sjis_to_pua[bytes.fromhex(sjis)] = chr(int(pua, 16))
    for sjis, pua in _read_rows("au-sjis-to-pua.tsv"):
        carriers[AU].sjis_to_pua[bytes.fromhex(sjis)] = chr(int(pua, 16))
    for pua, sjis in _read_rows("softbank-pua-to-sjis.tsv"):
        carriers[SOFTBANK].sjis_to_pua[bytes.fromhex(sjis)] = chr(int(pua, 16))
    for table in carriers.values():
        table.pua_to_sjis = {pua: sjis for sjis, pua in table.sjis_to_pua.items()}

    emoji_sources = _read_emoji_sources()
    for seq, codes in emoji_sources:
        for carrier, sjis in codes.items():
            table = carriers[carrier]
            pua = table.sjis_to_pua[sjis]
            table.from_unicode[seq] = pua
            table.to_unicode[pua] = fully_qualified(seq)
    for carrier, pua_hex, replacement in _read_rows("carrier-extras.tsv"):
        table, pua = carriers[carrier], chr(int(pua_hex, 16))
        if replacement.startswith("U+"):
            seq = chr(int(replacement[2:], 16))
            table.from_unicode.setdefault(seq, pua)
            table.to_unicode[pua] = fully_qualified(seq)
        else:
            table.to_unicode[pua] = replacement

    known = set(emoji_lib.EMOJI_DATA)
    known.update(seq for seq, _ in emoji_sources)
    starts = {seq[0] for seq in known} - _KEYCAP_BASES
    astral = {c for c in starts if ord(c) > 0xFFFF}
    if not all(_EMOJI_PLANE_LO <= c <= _EMOJI_PLANE_HI for c in astral):
        raise ValueError("emoji outside U+1F000-U+1FAFF: widen the cluster pattern")
    single = (starts - astral) | set("\ufe0e\ufe0f\u20e3\u200d")
    # One match = a run of emoji material, found by a single character class so
    # that re can scan for it quickly; _split_cluster takes the run apart by the
    # longest known sequence. Astral emoji go in as one range: re tests a class
    # holding astral characters item by item, and 1,265 items made every kanji
    # slow. Keycap bases (digits, #, *) are picked up in unicode_to_carrier.
    cluster_re = re.compile(
        "["
        + "".join(re.escape(c) for c in sorted(single))
        + f"\ue000-\uf8ff{_EMOJI_PLANE_LO}-{_EMOJI_PLANE_HI}\U000e0020-\U000e007f]+"
    )
    return _Tables(
        carriers=carriers,
        emoji_sources=emoji_sources,
        known=frozenset(known),
        max_len=max(len(k) for k in known),
        cluster_re=cluster_re,
    )


def carrier_table(carrier: str | None) -> CarrierTable | None:
    """The pictograph table for an emoji set, or None if it has no pictographs."""
    return _tables().carriers.get(normalize_carrier(carrier) or "")


def emoji_sources() -> list[tuple[str, dict[str, bytes]]]:
    """EmojiSources.txt rows: (Unicode sequence, {carrier: Shift_JIS bytes})."""
    return _tables().emoji_sources


def carrier_to_unicode(text: str, carrier: str | None) -> str:
    """Replace a carrier's private-use pictographs in ``text`` with Unicode emoji.

    For text that arrived as UTF-8 (SoftBank, FOMA UTF-8 forms) or was decoded
    with a carrier table. Unknown private-use characters become "〓".
    """
    name = normalize_carrier(carrier)
    if name is None or not text or _PUA_RE.search(text) is None:
        return text
    table = _tables().carriers.get(name)
    if table is None:
        return _PUA_RE.sub(GETA, text)
    return _PUA_RE.sub(lambda m: table.pua_text(m.group()), text)


def unicode_to_carrier(text: str, carrier: str | None, *, language: str = "ja") -> str:
    """Replace Unicode emoji with the carrier's pictographs or a readable text.

    Emoji the carrier has (keycaps, flags, with or without U+FE0F) become its
    private-use character; others become their name in ``language``, e.g.
    "[太陽]" / "[sun]". Stray private-use characters become "〓" so that they can
    never show as the wrong pictograph. ``None``/"unicode" returns ``text`` as is.
    """
    name = normalize_carrier(carrier)
    if name is None or not text:
        return text
    tables = _tables()
    if tables.cluster_re.search(text) is None:
        return text
    lang = _language(language)
    out, pos = [], 0
    for m in tables.cluster_re.finditer(text):
        start = m.start()
        if start > pos and text[start] in _KEYCAP_TAIL and text[start - 1] in _KEYCAP_BASES:
            start -= 1
        out.append(text[pos:start])
        out.append(_convert_cluster(text[start : m.end()], name, lang))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _language(language: str | None) -> str:
    lang = (language or "ja").lower().replace("_", "-").split("-")[0]
    return lang if lang in emoji_lib.LANGUAGES else "en"


def _split_cluster(cluster: str) -> list[str]:
    tables = _tables()
    pieces, i, n = [], 0, len(cluster)
    while i < n:
        for length in range(min(tables.max_len, n - i), 0, -1):
            if cluster[i : i + length] in tables.known:
                break
        pieces.append(cluster[i : i + length])
        i += length
    return pieces


@functools.lru_cache(maxsize=8192)
def _convert_cluster(cluster: str, carrier: str, language: str) -> str:
    table = _tables().carriers.get(carrier)
    return "".join(_convert_piece(piece, table, language) for piece in _split_cluster(cluster))


def _convert_piece(piece: str, table: CarrierTable | None, language: str) -> str:
    if piece in _INVISIBLE:
        return ""
    if _PUA_RE.fullmatch(piece):
        return GETA
    if table is not None:
        key = _VS_RE.sub("", piece)
        pua = table.from_unicode.get(key)
        if pua is None and _SKIN_TONE_RE.search(key):
            # Keitai pictographs have no skin tones: show the base emoji.
            pua = table.from_unicode.get(_SKIN_TONE_RE.sub("", key))
        if pua is not None:
            return pua
    return emoji_text(piece, language)


@functools.lru_cache(maxsize=4096)
def emoji_text(piece: str, language: str = "ja") -> str:
    """A short readable stand-in for one emoji, e.g. "[太陽]", "!!", or "〓"."""
    data = emoji_lib.EMOJI_DATA
    if piece not in data and _VS_RE.sub("", piece) not in data:
        # Not an emoji (e.g. EN SPACE from EmojiSources): ordinary text, unless
        # it is a lone regional indicator, which no phone font has.
        return GETA if "\U0001f1e6" <= piece[:1] <= "\U0001f1ff" else piece
    bare = _VS_RE.sub("", piece)
    if len(bare) == 1 and data.get(bare, {}).get("status") != emoji_lib.STATUS["fully_qualified"]:
        # Text-style symbols: keep them as text when a Japanese phone font has
        # them (♂, ♀), or use their compatibility form (‼ -> !!, ™ -> TM).
        if _in_cp932(bare):
            return bare
        compat = unicodedata.normalize("NFKC", bare)
        if compat != bare and _in_cp932(compat):
            return compat
    for lang in (_language(language), "en"):
        name = emoji_lib.demojize(piece, language=lang, delimiters=("[", "]"))
        if name != piece and "[" in name:
            # "&" only occurs in English flag names; a bare one would break XHTML.
            return name.replace("_", " ").replace("&", "and")
    return GETA


def _in_cp932(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return not _PUA_RE.search(text)

"""The request headers that change a profile, read from any spelling of their names."""

from __future__ import annotations

from collections.abc import Mapping

# Only these headers change a profile; they (with the UA) form the cache key.
_HEADERS = (
    "x-up-devcap-screenpixels",
    "x-up-devcap-screendepth",
    "x-up-devcap-iscolor",
    "x-up-devcap-max-pdu",
    "x-jphone-display",
    "x-jphone-color",
    "x-jphone-msname",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
)
# Positions in the tuple `relevant_headers` returns.
SCREENPIXELS = 0
SCREENDEPTH = 1
ISCOLOR = 2
MAX_PDU = 3
JDISPLAY = 4
JCOLOR = 5
MSNAME = 6
CH_MOBILE = 7
CH_PLATFORM = 8
NO_HEADERS: tuple[str | None, ...] = (None,) * len(_HEADERS)

# Header name -> index, in the spellings seen most (as sent, Django's META).
_KEY_INDEX: dict[str, int] = {
    key: i
    for i, name in enumerate(_HEADERS)
    for key in (name, name.upper(), name.title(), "HTTP_" + name.upper().replace("-", "_"))
}
# Header names seen in other spellings, normalised once (-1: not relevant).
_SEEN_KEYS: dict[str, int] = {}
_SEEN_KEYS_MAX = 4096


def _header_index(key: str) -> int:
    idx = _KEY_INDEX.get(key)
    if idx is not None:
        return idx
    idx = _SEEN_KEYS.get(key)
    if idx is None:
        norm = key.lower().replace("_", "-")
        if norm.startswith("http-"):
            norm = norm[5:]
        idx = _HEADERS.index(norm) if norm in _HEADERS else -1
        if len(_SEEN_KEYS) < _SEEN_KEYS_MAX:
            _SEEN_KEYS[key] = idx
    return idx


def relevant_headers(headers: Mapping[str, str] | None) -> tuple[str | None, ...]:
    """The values of the headers that matter, by position (None where absent)."""
    if not headers:
        return NO_HEADERS
    values: list[str | None] = list(NO_HEADERS)
    for key, value in headers.items():
        if not isinstance(key, str):
            continue
        idx = _header_index(key)
        if idx >= 0 and value is not None:
            values[idx] = str(value).strip()
    return tuple(values)

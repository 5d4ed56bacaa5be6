"""Characters no page may carry: control codes, and what XML 1.0 forbids.

A phone's input method can put ESC, SI, BS... into a text field (old J-PHONE
"web code" pictographs were ``ESC $ G ! SI``), and X passes such characters
through in posts, names and bios. XML 1.0 §2.2 allows only tab, LF and CR of
the C0 range, and no U+FFFE/U+FFFF or lone surrogates; one such character
makes a docomo i-XHTML page (``application/xhtml+xml``) unreadable. C1
controls (U+0080-U+009F) and DEL are allowed by XML 1.0 but "discouraged"
(§2.2) and mean nothing in text, so they go too. Tab and newline stay; CR and
CRLF become LF, as a browser submits a textarea's line breaks.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "strip_controls"]

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n?")


def strip_controls(text: str) -> str:
    """``text`` without the characters above (CR kept: markup may hold it)."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def clean_text(text: str) -> str:
    """Typed or received text to keep: line breaks as LF, no control characters."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    return strip_controls(text)

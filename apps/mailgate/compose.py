"""A mail's subject and body -> the text of one post.

The rules, in order:

1. Line ends become "\\n"; the text is NFC-normalised (decomposed kana from
   some mailers would otherwise count double on X).
2. Everything from a signature separator line on is dropped: "-- " (RFC 3676
   §4.3), or "--" alone, which many phones send after trimming the space.
3. Footers that phones and mail apps add at the end are dropped, repeatedly,
   while the last non-blank line is one of ``FOOTERS`` ("Sent from my iPhone",
   "iPhoneから送信", "Androidから送信", ...). A footer in the middle of the text
   stays: a person may have written it.
4. A forwarded or quoted tail ("Begin forwarded message:", "-----Original
   Message-----", "----- 転送メッセージ -----", a block of "> " lines) is dropped.
5. The subject comes first, then a line break and the body. A subject that is
   empty, a bare reply/forward prefix ("Re:", "Fwd:") or a phone's "no subject"
   placeholder ("無題", "(件名なし)") is left out; so is a subject the body
   starts with (phones that copy the first line into the subject).
6. Blank lines are collapsed to one and the whole is trimmed.
"""

from __future__ import annotations

import re
import unicodedata

FOOTERS = (
    r"sent from my (iphone|ipad|ipod( touch)?|android( phone| device)?|mobile|smartphone)",
    r"sent from (my )?(samsung|galaxy|xperia|pixel|huawei|xiaomi)( mobile| device)?.*",
    r"sent from (yahoo mail|mail for windows|outlook|gmail)( for (ios|android|iphone))?.*",
    r"get outlook for (ios|android)",
    r"sent with (gmail|proton ?mail|spark).*",
    r"(iphone|ipad|android|ドコモメール|auメール|docomo mail|au mail)から送信",
    r"(iphone|ipad|android)から送信しました",
    r"(my )?softbank (mail|messages?)",
    r"-+\s*(docomo|au|softbank|y!mobile|ymobile|willcom)\s*-*",
)
_FOOTER_RE = re.compile(r"^\s*(?:" + "|".join(FOOTERS) + r")\s*$", re.I)
_SIGNATURE_RE = re.compile(r"^--[ \t]*$")
_FORWARD_RE = re.compile(
    r"^\s*(begin forwarded message:|-{2,}\s*(original message|forwarded message|"
    r"転送メッセージ|元のメッセージ)\s*-{2,}|on .{4,120} wrote:|.{2,80}さんは書きました:)\s*$",
    re.I,
)
_EMPTY_SUBJECTS = re.compile(
    r"^\s*((re|fw|fwd|aw|tr)\s*[:：]\s*)*(無題|件名なし|\(件名なし\)|（件名なし）|no subject|"
    r"\(no subject\)|untitled)?\s*$",
    re.I,
)


def post_text(subject: str | None, body: str) -> str:
    """The post text for a mail's subject and body, by the rules above."""
    body = _trim_body(_normal(body))
    subject = " ".join(_normal(subject or "").split())
    if _EMPTY_SUBJECTS.match(subject) or (subject and body.startswith(subject)):
        subject = ""
    text = f"{subject}\n{body}" if subject and body else subject or body
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _normal(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _trim_body(body: str) -> str:
    lines = [line.rstrip() for line in body.split("\n")]
    for i, line in enumerate(lines):
        if _SIGNATURE_RE.match(line) or _FORWARD_RE.match(line):
            lines = lines[:i]
            break
    while True:
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and (_FOOTER_RE.match(lines[-1]) or lines[-1].lstrip().startswith(">")):
            lines.pop()
            continue
        break
    return "\n".join(lines).strip()

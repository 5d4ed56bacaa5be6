"""One received mail taken apart: sender, subject, text, images, in Unicode.

Headers are read raw and decoded here (RFC 2047 encoded words, RFC 2231 file
names, raw 8-bit and raw JIS bytes) with ``charsets.decode_text``, because the
standard library's own decoding does not know carrier pictographs. The body is
the first text/plain part; a decomail's HTML is used only when there is no text
part. Images a decomail's HTML shows inline (``cid:``) are decoration, not photos.
Parsing never raises: a broken mail gives what could be read and ``defects``.
"""

from __future__ import annotations

import binascii
import html
import re
import secrets
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from apps.keitai.emoji import carrier_to_unicode

from .carriers import carrier_of
from .charsets import decode_text

_IMAGE_NAMES = (".jpg", ".jpeg", ".png", ".gif", ".heic", ".heif", ".webp")
# Parts deeper than this are not looked at (a hostile mail can nest thousands).
MAX_DEPTH = 12


class MalformedMail(ValueError):
    """A mail too broken to take apart at all."""


@dataclass(frozen=True)
class Attachment:
    """A non-text part: its decoded bytes, type and file name."""

    content_type: str
    data: bytes
    filename: str | None = None
    decoration: bool = False

    @property
    def is_image(self) -> bool:
        # Some phones label photos application/octet-stream; the name still says .jpg.
        if self.content_type.startswith("image/"):
            return True
        name = (self.filename or "").lower()
        return self.content_type == "application/octet-stream" and name.endswith(_IMAGE_NAMES)


@dataclass
class ParsedMail:
    """What a mail says, in Unicode."""

    sender: str
    carrier: str | None
    subject: str | None
    text: str
    html: str | None
    attachments: list[Attachment] = field(default_factory=list)
    message_id: str = ""
    defects: int = 0
    headers: Message | None = None

    @property
    def photos(self) -> list[Attachment]:
        """Images sent as photos (not decomail decoration), in mail order."""
        return [a for a in self.attachments if a.is_image and not a.decoration]


def parse_mail(raw: bytes, *, carrier: str | None = None) -> ParsedMail:
    """Parse raw RFC 5322 bytes (an mbox "From " line first is fine).

    Pictographs are read as the carrier of the From address, or ``carrier`` if given.
    """
    msg, bodies = _parse(raw)
    sender = _address(header_raw(msg, "From"))
    carrier = carrier or carrier_of(sender)
    subject_raw = header_raw(msg, "Subject")
    subject = None if subject_raw is None else decode_header_text(subject_raw, carrier)
    leaves = list(_leaves(msg, 0))
    text_part = _first(leaves, "text/plain")
    html_part = _first(leaves, "text/html")
    html_text = _part_text(html_part, carrier, bodies) if html_part is not None else None
    if text_part is not None:
        text = _part_text(text_part, carrier, bodies)
    elif html_text is not None:
        text = html_to_text(html_text)
    else:
        text = ""
    referenced = set(re.findall(r"cid:([^\"'\s>)]+)", html_text or "", re.I))
    attachments = [
        _attachment(part, carrier, referenced, bodies)
        for part in leaves
        if part is not text_part and part is not html_part and not _extra_text(part)
    ]
    defects = len(msg.defects) + sum(len(p.defects) for p in leaves)
    return ParsedMail(
        sender=sender,
        carrier=carrier,
        subject=subject,
        text=text,
        html=html_text,
        attachments=attachments,
        message_id=(header_raw(msg, "Message-ID") or "").strip()[:255],
        defects=defects,
        headers=msg,
    )


def _parse(raw: bytes) -> tuple[Message, dict[str, bytes]]:
    """The parsed mail, and the bodies decoded before parsing (by the token left in their place)."""
    source, bodies = take_base64_bodies(raw)
    msg = _parse_bytes(source)
    if bodies and not _tokens_in_place(msg, bodies):
        return _parse_bytes(raw), {}
    return msg, bodies


def _parse_bytes(raw: bytes) -> Message:
    try:
        return BytesParser(policy=policy.compat32).parsebytes(raw)
    except RecursionError as exc:  # the standard parser recurses per nested multipart
        raise MalformedMail("the mail's parts are nested too deeply") from exc


# The standard parser works line by line in Python: a 3 MB photo is 56,000 base64
# lines and most of a second. So in a big mail each base64 body is decoded here, in C,
# and replaced by a short random token; the part whose whole payload is that token
# gets the decoded bytes. A body runs to the next line starting "--" (base64 has no
# "-"), and is taken only when it is well-formed base64, which the standard library
# would decode to the same bytes without a defect. The result is used only when every
# token ended up alone in a base64 part: anything else (a text that quotes a MIME
# header, a "--" line that was not a boundary) is parsed as it came.
TAKE_FROM_BYTES = 64 * 1024
# How far after a part's encoding header the blank line before its body may come.
HEADER_WINDOW = 16 * 1024
_CTE = b"content-transfer-encoding:"


def take_base64_bodies(raw: bytes) -> tuple[bytes, dict[str, bytes]]:
    """``raw`` with its base64 bodies replaced by tokens, and {token: decoded bytes}."""
    if len(raw) < TAKE_FROM_BYTES:
        return raw, {}  # small mails parse quickly as they are
    lowered = raw.lower()
    pieces, bodies, pos = [], {}, 0
    at = lowered.find(_CTE)
    while at >= 0:
        line_end = lowered.find(b"\n", at)
        if line_end < 0:
            break
        resume = line_end
        start = _body_start(lowered, line_end)
        value = lowered[at + len(_CTE) : line_end].strip()
        if value == b"base64" and lowered[at - 1 : at] in (b"\n", b"") and start >= 0:
            end = lowered.find(b"\n--", start - 1)
            end = len(raw) if end < 0 else end + 1
            decoded = _strict_base64(raw[start:end])
            if decoded:
                token = f"yubitter{secrets.token_hex(12)}"
                bodies[token] = decoded
                pieces += [raw[pos:start], token.encode(), b"\r\n"]
                pos = end
            resume = end
        at = lowered.find(_CTE, resume)
    pieces.append(raw[pos:])
    return b"".join(pieces), bodies


def _body_start(lowered: bytes, line_end: int) -> int:
    """Where the body starts of the part with a header line ending at ``line_end`` (or -1)."""
    window = line_end + HEADER_WINDOW
    found = [
        (blank, blank + len(needle))
        for needle in (b"\n\r\n", b"\n\n")
        if (blank := lowered.find(needle, line_end, window)) >= 0
    ]
    return min(found)[1] if found else -1


def _strict_base64(body: bytes) -> bytes | None:
    """The decoded bytes of base64 lines, or None unless they are strictly well-formed."""
    try:
        # Line breaks out as the standard library takes them out (bytes.splitlines).
        return binascii.a2b_base64(body.translate(None, b"\r\n"), strict_mode=True)
    except binascii.Error:
        return None


def _tokens_in_place(msg: Message, bodies: dict[str, bytes]) -> bool:
    """Whether each token is the whole payload of one base64 part, as it was put there."""
    found, stack = 0, [msg]
    while stack:
        part = stack.pop()
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend(payload)
        elif isinstance(payload, str) and payload.strip() in bodies:
            if str(part.get("Content-Transfer-Encoding", "")).strip().lower() != "base64":
                return False
            found += 1
    return found == len(bodies)


def header_raw(msg: Message, name: str) -> str | None:
    """The first raw value of a header, unfolded, or None if it is missing."""
    wanted = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            return re.sub(r"\r?\n[ \t]", " ", str(value)).strip()
    return None


def decode_header_text(raw: str, carrier: str | None) -> str:
    """Decode a header's value: encoded words, raw 8-bit or raw JIS, pictographs to emoji."""
    if _has_surrogates(raw):
        return decode_text(raw.encode("ascii", "surrogateescape"), None, carrier).strip()
    try:
        parts = decode_header(raw)
    except Exception:  # a malformed encoded word: keep the raw text
        parts = [(raw, None)]
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            try:
                chunk = chunk.encode("ascii", "surrogateescape")
            except UnicodeEncodeError:  # already text (a parameter the parser decoded)
                out.append(carrier_to_unicode(chunk, carrier))
                continue
        out.append(decode_text(chunk, charset, carrier))
    return "".join(out).strip()


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def _address(raw: str | None) -> str:
    if not raw:
        return ""
    if _has_surrogates(raw):
        raw = raw.encode("ascii", "surrogateescape").decode("ascii", "replace")
    addresses = [addr for _, addr in getaddresses([raw]) if "@" in addr]
    if addresses:
        return addresses[0].strip().lower()
    return parseaddr(raw)[1].strip().lower()


def _leaves(part: Message, depth: int):
    """The non-multipart parts, in order; attached mails (message/rfc822) are one leaf."""
    if depth > MAX_DEPTH:
        return
    if part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list):
        for sub in part.get_payload():
            yield from _leaves(sub, depth + 1)
    else:
        yield part


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disposition == "attachment"


def _extra_text(part: Message) -> bool:
    """A second text part shown inline (decomail tails, empty parts): not an attachment."""
    return part.get_content_maintype() == "text" and not _is_attachment(part)


def _first(leaves: list[Message], content_type: str) -> Message | None:
    for part in leaves:
        if part.get_content_type() == content_type and not _is_attachment(part):
            return part
    return None


def _payload(part: Message, bodies: dict[str, bytes]) -> bytes:
    payload = part.get_payload()
    if bodies and isinstance(payload, str):
        taken = bodies.get(payload.strip())
        if taken is not None:
            return taken
    try:
        data = part.get_payload(decode=True)
    except Exception:  # broken base64/quoted-printable: what could be read is lost
        return b""
    return data if isinstance(data, bytes) else b""


def _part_text(part: Message, carrier: str | None, bodies: dict[str, bytes]) -> str:
    return decode_text(_payload(part, bodies), part.get_content_charset(), carrier)


def _attachment(
    part: Message, carrier: str | None, referenced: set[str], bodies: dict[str, bytes]
) -> Attachment:
    content_id = (part.get("Content-ID") or "").strip().strip("<>")
    return Attachment(
        content_type=part.get_content_type(),
        data=_payload(part, bodies),
        filename=_filename(part, carrier),
        decoration=bool(content_id) and content_id in referenced and not _is_attachment(part),
    )


def _filename(part: Message, carrier: str | None) -> str | None:
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = header_raw(part, header)
        if raw and _has_surrogates(raw):
            # Raw 8-bit in the header (phones send UTF-8 or Shift_JIS names unencoded);
            # the standard parser would turn each byte into U+FFFD.
            found = re.search(rf'\b{param}\s*=\s*"?([^";]+)"?', decode_header_text(raw, carrier))
            if found:
                return found.group(1).strip() or None
            continue
        try:
            value = part.get_param(param, header=header)
        except Exception:
            continue
        if value is None:
            continue
        if isinstance(value, tuple):  # RFC 2231: (charset, language, percent-decoded text)
            charset, _, text = value
            return decode_text(text.encode("raw-unicode-escape"), charset, carrier) or None
        return decode_header_text(str(value), carrier) or None
    return None


class _TextExtractor(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "blockquote"})
    _SKIP = frozenset({"style", "script", "head", "title"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BREAKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in ("p", "div"):
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of a decomail's HTML (tags dropped, line breaks kept)."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:
        return html.unescape(re.sub(r"<[^>]*>", "", markup))
    text = "".join(parser.out)
    return re.sub(r"[ \t]*\n[ \t]*", "\n", text).strip()

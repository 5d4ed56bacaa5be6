"""Mail out in the encoding each phone reads, through Django's mail backend (EMAIL_URL).

* docomo and SoftBank addresses: Shift_JIS, 8bit, with the carrier's pictograph
  bytes (jpmobile-features §9; ``apps.keitai.encoding.encode_for_device``);
* au addresses: ISO-2022-JP, 7bit, pictographs as au's mail JIS codes inside
  ``ESC $ B`` (the inverse of what au phones send, ``charsets.au_mail_codes``);
* other ``.jp`` addresses: ISO-2022-JP, emoji as readable names ([太陽]);
* everyone else: UTF-8, emoji as they are.

Subjects are RFC 2047 encoded words of at most 15 characters each, each one a
complete ISO-2022-JP/Shift_JIS sequence, as Japanese mailers fold them. Every
mail carries the loop header and ``Auto-Submitted: auto-generated`` (RFC 3834),
so our own notices are never taken as posts or answered by auto-responders.
"""

from __future__ import annotations

import base64
import functools
import re
from email import policy
from email.charset import BASE64, Charset
from email.generator import BytesGenerator
from email.message import Message
from email.utils import formatdate, make_msgid
from io import BytesIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from apps.keitai.emoji import AU, DOCOMO, SOFTBANK, TEXT_ONLY, unicode_to_carrier
from apps.keitai.encoding import CP932, encode_for_device

from .carriers import carrier_of, is_japanese
from .charsets import au_mail_codes
from .loops import LOOP_HEADER, loop_header_value

SHIFT_JIS = "Shift_JIS"
ISO_2022_JP = "ISO-2022-JP"
UTF_8 = "UTF-8"
_PUA_SPLIT_RE = re.compile("([\ue000-\uf8ff])")
_SUBJECT_CHUNK = 15


def mail_encoding(address: str) -> tuple[str, str | None]:
    """(charset, emoji set) for mail to ``address``."""
    carrier = carrier_of(address)
    if carrier in (DOCOMO, SOFTBANK):
        return SHIFT_JIS, carrier
    if carrier == AU:
        return ISO_2022_JP, AU
    if is_japanese(address):
        return ISO_2022_JP, TEXT_ONLY
    return UTF_8, None


@functools.cache
def _au_pua_to_jis() -> dict[str, bytes]:
    from apps.keitai.emoji import carrier_table

    by_sjis = {sjis: pua for pua, sjis in carrier_table(AU).pua_to_sjis.items()}
    return {by_sjis[sjis]: code.to_bytes(2, "big") for code, sjis in au_mail_codes().items()}


def encode_jis(text: str, emoji_set: str | None) -> bytes:
    """ISO-2022-JP bytes; au pictographs as mail JIS codes, other emoji as names."""
    converted = unicode_to_carrier(text, emoji_set or TEXT_ONLY)
    codes = _au_pua_to_jis() if emoji_set == AU else {}
    out = []
    for i, part in enumerate(_PUA_SPLIT_RE.split(converted)):
        if i % 2:
            code = codes.get(part)
            out.append(b"\x1b$B" + code + b"\x1b(B" if code else "〓".encode("iso2022_jp"))
        elif part:
            out.append(part.encode("iso2022_jp", "keitai.readable"))
    return b"".join(out)


def encode_body(text: str, charset: str, emoji_set: str | None) -> bytes:
    """The bytes of ``text`` in a mail charset with the given emoji set."""
    if charset == SHIFT_JIS:
        return encode_for_device(text, CP932, emoji_set)
    if charset == ISO_2022_JP:
        return encode_jis(text, emoji_set)
    return text.encode("utf-8")


def encode_subject(subject: str, charset: str, emoji_set: str | None) -> str:
    """An RFC 2047 Subject value, one complete encoded word per 15 characters."""
    subject = " ".join(subject.split())
    if subject.isascii():
        return subject
    words = []
    for start in range(0, len(subject), _SUBJECT_CHUNK):
        chunk = encode_body(subject[start : start + _SUBJECT_CHUNK], charset, emoji_set)
        words.append(f"=?{charset}?B?{base64.b64encode(chunk).decode('ascii')}?=")
    return " ".join(words)


class _Mail(Message):
    """A MIME message that serialises with a chosen line ending, as Django's backends ask."""

    def as_bytes(self, unixfrom=False, policy_=None, linesep="\n"):
        out = BytesIO()
        BytesGenerator(
            out, mangle_from_=False, policy=policy.compat32.clone(linesep=linesep)
        ).flatten(self, unixfrom=unixfrom)
        return out.getvalue()


def build_message(*, to: str, subject: str, body: str, from_email: str | None = None) -> Message:
    """The MIME message for one notice to ``to`` in that address's encoding."""
    charset, emoji_set = mail_encoding(to)
    body = body.replace("\r\n", "\n").strip() + "\n"
    msg = _Mail()
    msg["From"] = from_email or settings.MAIL_NOTICE_FROM
    msg["To"] = to
    msg["Subject"] = encode_subject(subject, charset, emoji_set)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=settings.MAIL_DOMAIN)
    msg["MIME-Version"] = "1.0"
    msg["Auto-Submitted"] = "auto-generated"
    msg[LOOP_HEADER] = loop_header_value()
    data = encode_body(body, charset, emoji_set)
    if charset == UTF_8:
        utf8 = Charset("utf-8")
        utf8.body_encoding = BASE64
        msg.set_payload(body, utf8)
        return msg
    msg["Content-Type"] = f"text/plain; charset={charset}"
    if charset == ISO_2022_JP:
        msg["Content-Transfer-Encoding"] = "7bit"
    else:
        msg["Content-Transfer-Encoding"] = "8bit"
    msg.set_payload(data.decode("ascii", "surrogateescape"))
    return msg


class PrebuiltEmail(EmailMessage):
    """A Django EmailMessage whose MIME message was built in a carrier's encoding."""

    def __init__(self, built: Message, to: str):
        super().__init__(from_email=built["From"], to=[to])
        self._built = built

    def message(self, *args, **kwargs):
        return self._built


def send_mail(*, to: str, subject: str, body: str) -> bool:
    """Send one mail in ``to``'s encoding; False (logged by the caller) if it failed."""
    built = build_message(to=to, subject=subject, body=body)
    return bool(get_connection(fail_silently=False).send_messages([PrebuiltEmail(built, to)]))

"""Test mails as each kind of phone writes them."""

import base64
from email.utils import make_msgid


def carrier_mail(
    *,
    to: str,
    sender: str,
    subject: bytes = b"",
    subject_charset: str = "",
    body: bytes,
    charset: str,
    cte: str = "7bit",
    headers: dict | None = None,
    photo: bytes | None = None,
    photo_name: str = "photo.jpg",
) -> bytes:
    """Raw mail bytes; subject and body are already in the carrier's charset."""
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Message-ID: {make_msgid(domain='phone.example')}",
        "MIME-Version: 1.0",
    ]
    if subject:
        word = base64.b64encode(subject).decode()
        lines.append(f"Subject: =?{subject_charset or charset}?B?{word}?=")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if cte == "base64":
        body = base64.encodebytes(body).replace(b"\n", b"\r\n")
    text_part = [
        f"Content-Type: text/plain; charset={charset}",
        f"Content-Transfer-Encoding: {cte}",
    ]
    if photo is None:
        head = "\r\n".join(lines + text_part).encode()
        return head + b"\r\n\r\n" + body + b"\r\n"
    boundary = "----=_phone_boundary"
    lines.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
    out = "\r\n".join(lines).encode() + b"\r\n\r\n"
    out += f"--{boundary}\r\n".encode() + "\r\n".join(text_part).encode() + b"\r\n\r\n"
    out += body + b"\r\n"
    out += f"--{boundary}\r\n".encode()
    out += (
        f'Content-Type: image/jpeg; name="{photo_name}"\r\n'
        f'Content-Disposition: attachment; filename="{photo_name}"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode()
    out += base64.encodebytes(photo).replace(b"\n", b"\r\n") + f"--{boundary}--\r\n".encode()
    return out

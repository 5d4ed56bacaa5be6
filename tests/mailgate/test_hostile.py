"""Hostile mail: a clear refusal or a drop, never a crash, nothing half-stored or posted."""

import os
import smtplib
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command

from apps.client.models import OutboxItem
from apps.mailgate.models import MailLog

from .conftest import parse_notices, posted
from .mails import carrier_mail

pytestmark = pytest.mark.django_db(transaction=True)


def _pipe(raw, to, sender="someone@docomo.ne.jp"):
    from apps.mailgate.management.commands.receive_mail import Command

    command, out = Command(), StringIO()
    command.stdin = BytesIO(raw)
    with pytest.raises(SystemExit) as exited:
        call_command(command, recipient=to, sender=sender, stdout=out, stderr=out)
    return exited.value.code, out.getvalue()


def test_binary_garbage_is_refused_not_posted(poster, emulator, smtp_sink):
    garbage = os.urandom(40_000)
    code, out = _pipe(garbage, poster.address)
    assert code == 0 and "refused" in out
    log = MailLog.objects.get()
    assert log.result == MailLog.Result.REFUSED and log.size == 40_000
    assert not OutboxItem.objects.exists()
    assert not posted(emulator)[0]["text"].startswith(garbage[:4].decode("latin-1"))


def test_garbage_after_headers_is_refused_and_the_sender_told(poster, emulator, smtp_sink):
    raw = b"From: me@docomo.ne.jp\r\nSubject: x\r\n\r\n" + bytes(range(256)) * 40
    code, out = _pipe(raw, poster.address)
    assert code == 0 and "refused" in out
    (notice,) = parse_notices(smtp_sink.wait())
    assert "could not be read" in notice.text
    assert not OutboxItem.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        # multipart without a boundary
        b"From: a@gmail.com\r\nContent-Type: multipart/mixed\r\n\r\nbroken one\r\n",
        # a boundary that never closes, and base64 that is not base64
        b'From: a@gmail.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"!!!not base64 at all\r\n--b\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8",
        # a charset nobody knows and an encoded word that is cut off
        b"From: a@gmail.com\r\nSubject: =?x-unknown?B?q\r\nContent-Type: text/plain; "
        b"charset=x-klingon\r\n\r\nplain words\r\n",
        # headers only, no body at all
        b"From: a@gmail.com\r\nSubject: only a subject",
        # 2,000 nested multiparts
        b'From: a@gmail.com\r\nContent-Type: multipart/mixed; boundary="0"\r\n\r\n'
        + b"".join(
            f'--{n}\r\nContent-Type: multipart/mixed; boundary="{n + 1}"\r\n\r\n'.encode()
            for n in range(2000)
        )
        + b"deep text\r\n",
    ],
    ids=["no-boundary", "unclosed-bad-base64", "unknown-charset", "no-body", "deep-nesting"],
)
def test_malformed_mime_gets_an_answer_and_never_crashes(poster, emulator, raw):
    code, out = _pipe(raw, poster.address)
    assert code == 0, out
    log = MailLog.objects.get()
    assert log.result in (MailLog.Result.POSTED, MailLog.Result.REFUSED), log.reason
    if log.result == MailLog.Result.POSTED:
        assert OutboxItem.objects.get().status == OutboxItem.Status.SENT


def test_a_30_mb_mail_is_refused_over_lmtp(poster, emulator, lmtp_server):
    line = b"A" * 998 + b"\r\n"
    raw = carrier_mail(
        to=poster.address, sender="a@docomo.ne.jp", body=line * 30_000, charset="us-ascii"
    )
    assert len(raw) > 30_000_000
    with smtplib.LMTP(lmtp_server.hostname, lmtp_server.port) as client:
        client.ehlo_or_helo_if_needed()
        assert client.mail("a@docomo.ne.jp")[0] == 250
        assert client.rcpt(poster.address)[0] == 250
        assert client.data(raw)[0] == 552
    assert not OutboxItem.objects.exists()
    code, _ = _pipe(raw, poster.address)
    assert code == 73


def test_a_hundred_attachments_are_refused_with_the_reason(poster, emulator, smtp_sink):
    boundary = "many"
    parts = [f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n本文\r\n".encode()]
    for n in range(100):
        parts.append(
            f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
            f'Content-Disposition: attachment; filename="f{n}.bin"\r\n\r\nxx\r\n'.encode()
        )
    raw = (
        (
            "From: me@docomo.ne.jp\r\nSubject: many\r\n"
            f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
        ).encode()
        + b"".join(parts)
        + f"--{boundary}--\r\n".encode()
    )
    code, _ = _pipe(raw, poster.address)
    assert code == 0
    log = MailLog.objects.get()
    assert log.result == MailLog.Result.REFUSED and "attachments" in log.reason
    (notice,) = parse_notices(smtp_sink.wait())
    assert "attachments" in notice.text and "本文" in notice.text
    assert not OutboxItem.objects.exists() and not posted(emulator, "many\n本文")


def test_a_forged_from_never_authorises(poster, emulator, settings):
    """The user's own From address, to a token that is not theirs: refused, nothing posted."""
    from apps.mailgate.models import PostingAddress

    PostingAddress.objects.update(notice_address="owner@docomo.ne.jp")
    forged = carrier_mail(
        to=f"{'b' * 20}@{settings.MAIL_DOMAIN}",
        sender="owner@docomo.ne.jp",
        body=b"forged",
        charset="us-ascii",
    )
    code, _ = _pipe(forged, f"{'b' * 20}@{settings.MAIL_DOMAIN}", sender="owner@docomo.ne.jp")
    assert code == 67
    other_domain = poster.address.replace(settings.MAIL_DOMAIN, "evil.example")
    assert _pipe(forged, other_domain)[0] == 67
    assert not OutboxItem.objects.exists() and not posted(emulator, "forged")


def test_a_loop_of_auto_replies_ends_at_once(poster, emulator, smtp_sink):
    """Our notice bounced back, and twenty vacation replies: all dropped, nothing answered."""
    raw = carrier_mail(to=poster.address, sender="me@gmail.com", body=b"first", charset="us-ascii")
    assert _pipe(raw, poster.address)[0] == 0
    ((_, _, notice),) = smtp_sink.wait()
    # the notice itself comes back to the posting address (a forwarding rule, a bounce)
    assert _pipe(notice, poster.address, sender="me@gmail.com")[0] == 0
    for n in range(20):
        reply = carrier_mail(
            to=poster.address,
            sender="me@gmail.com",
            subject=b"Out of office",
            body=f"away {n}".encode(),
            charset="us-ascii",
            headers={"Auto-Submitted": "auto-replied", "In-Reply-To": "<x@y>"},
        )
        assert _pipe(reply, poster.address)[0] == 0
    results = list(MailLog.objects.order_by("pk").values_list("result", flat=True))
    assert results == ["posted"] + ["dropped"] * 21
    assert len(smtp_sink.wait(timeout=0.5)) == 1, "only the first mail was answered"
    assert len(posted(emulator, "first")) == 1

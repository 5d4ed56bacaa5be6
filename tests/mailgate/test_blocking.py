"""Blocked senders: their mail reaches the gate, is logged, and is never posted or answered."""

import smtplib

import pytest

from apps.mailgate.blocking import sender_block, sender_blocked
from apps.mailgate.models import BlockedSender, MailLog

from .conftest import posted
from .mails import carrier_mail

pytestmark = pytest.mark.django_db(transaction=True)


def _send(server, raw, to, sender):
    with smtplib.LMTP(server.hostname, server.port) as client:
        client.ehlo_or_helo_if_needed()
        return client.sendmail(sender, [to], raw)


@pytest.mark.parametrize(
    ("pattern", "sender"),
    [
        ("spam@docomo.ne.jp", "spam@docomo.ne.jp"),
        ("SPAM@docomo.ne.jp", "Spammer <spam@DOCOMO.ne.jp>"),
        ("@bad.example", "anyone@bad.example"),
    ],
)
def test_a_blocked_senders_mail_is_logged_and_dropped(
    poster, emulator, lmtp_server, smtp_sink, pattern, sender
):
    BlockedSender.objects.create(pattern=pattern)
    raw = carrier_mail(to=poster.address, sender=sender, body=b"buy now", charset="us-ascii")
    assert _send(lmtp_server, raw, poster.address, "bounce@elsewhere.example") == {}
    log = MailLog.objects.get()
    assert log.result == MailLog.Result.REFUSED and log.reason == "blocked sender"
    assert posted(emulator, "buy now") == []
    assert smtp_sink.messages == []  # never answered


def test_the_envelope_sender_is_checked_too(poster, emulator, lmtp_server, smtp_sink):
    sender_block("relay@bad.example")
    raw = carrier_mail(
        to=poster.address, sender="friend@ok.example", body=b"hi", charset="us-ascii"
    )
    _send(lmtp_server, raw, poster.address, "relay@bad.example")
    assert MailLog.objects.get().reason == "blocked sender"
    assert posted(emulator, "hi") == []


def test_other_senders_still_post(poster, emulator, lmtp_server, smtp_sink):
    sender_block("@bad.example")
    raw = carrier_mail(
        to=poster.address, sender="me@docomo.ne.jp", body=b"hello", charset="us-ascii"
    )
    _send(lmtp_server, raw, poster.address, "me@docomo.ne.jp")
    assert MailLog.objects.get().result == MailLog.Result.POSTED
    assert len(posted(emulator, "hello")) == 1


def test_only_addresses_can_be_blocked():
    assert sender_block("") is None and sender_block("MAILER-DAEMON") is None
    assert sender_blocked("", "no address at all") is None

"""Mail to a posting address becomes a post on X (the emulator), over real LMTP and the pipe."""

import smtplib
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from apps.client.models import OutboxItem
from apps.mailgate.addresses import address_rotate
from apps.mailgate.carriers import carrier_of
from apps.mailgate.message import parse_mail
from apps.mailgate.models import MailLog

from .conftest import posted
from .mails import carrier_mail

pytestmark = pytest.mark.django_db(transaction=True)


def _lmtp(server, raw, to, sender="someone@docomo.ne.jp"):
    with smtplib.LMTP(server.hostname, server.port) as client:
        client.ehlo_or_helo_if_needed()
        return client.sendmail(sender, [to], raw)


def _pipe(raw, to, sender="someone@docomo.ne.jp"):
    out, err = StringIO(), StringIO()
    command = _command()
    command.stdin = BytesIO(raw)
    with pytest.raises(SystemExit) as exited:
        call_command(command, recipient=to, sender=sender, stdout=out, stderr=err)
    return exited.value.code, out.getvalue() + err.getvalue()


def _command():
    from apps.mailgate.management.commands.receive_mail import Command

    return Command()


PHONE_MAILS = [
    # docomo: Shift_JIS with docomo's sun F89F and keycap-1 F987
    ("user@docomo.ne.jp", "shift_jis", "8bit", b"\x83e\x83X\x83g\xf8\x9f", "テスト☀️"),
    # au: ISO-2022-JP with the au mail JIS code for "sun" (7541 -> E488)
    ("user@ezweb.ne.jp", "iso-2022-jp", "7bit", b"\x1b$B%F%9%H\x1b(B\x1b$Bu\x41\x1b(B", "テスト☀️"),
    # SoftBank: Shift_JIS with SoftBank's sun F98B
    ("user@softbank.ne.jp", "shift_jis", "8bit", b"\x83e\x83X\x83g\xf9\x8b", "テスト☀️"),
    # SoftBank UTF-8 private use U+E04A (sun)
    ("user@i.softbank.jp", "utf-8", "base64", "テスト\ue04a".encode(), "テスト☀️"),
    # Gmail/Android: UTF-8 with a Unicode emoji
    ("user@gmail.com", "utf-8", "base64", "テスト☀️".encode(), "テスト☀️"),
]


@pytest.mark.parametrize(("sender", "charset", "cte", "body", "text"), PHONE_MAILS)
def test_each_carriers_mail_becomes_a_post_over_lmtp(
    poster, emulator, lmtp_server, smtp_sink, sender, charset, cte, body, text
):
    unique = f"{sender.split('@')[1]} {text}"
    raw = carrier_mail(
        to=poster.address,
        sender=sender,
        subject=unique.encode("utf-8"),
        subject_charset="utf-8",
        body=body + b"\r\n-- \r\nsignature",
        charset=charset,
        cte=cte,
    )
    assert _lmtp(lmtp_server, raw, poster.address, sender) == {}
    assert len(posted(emulator, f"{unique}\n{text}")) == 1
    log = MailLog.objects.get()
    assert log.result == MailLog.Result.POSTED and log.sender == sender
    assert log.user == poster.user and log.address.user == poster.user
    assert poster.token not in log.reason + log.sender + log.message_id
    # The result comes back by mail, in the sender's encoding, with the link.
    (mail_from, rcpt, content), *_ = smtp_sink.wait()
    assert rcpt == [sender]
    notice = parse_mail(content, carrier=carrier_of(sender))
    assert f"\n{text}" in notice.text.replace("\r\n", "\n")
    assert "/p/" in notice.text


def test_unknown_and_rotated_addresses_are_refused_with_550(poster, emulator, lmtp_server):
    old = poster.address
    address_rotate(poster.user)
    raw = carrier_mail(to=old, sender="a@docomo.ne.jp", body=b"hello", charset="us-ascii")
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _lmtp(lmtp_server, raw, old)
    assert refused.value.recipients[old][0] == 550
    code, _ = _pipe(raw, old)
    assert code == 67
    assert not posted(emulator, "hello")


def test_over_the_size_limit_is_refused_with_552(poster, emulator, lmtp_server, settings):
    settings.MAIL_MAX_BYTES = 20_000
    raw = carrier_mail(
        to=poster.address,
        sender="a@docomo.ne.jp",
        body=(b"x" * 70 + b"\r\n") * 400,
        charset="us-ascii",
    )
    # A client that declares the size is refused at MAIL FROM (SIZE, RFC 1870)...
    with pytest.raises(smtplib.SMTPSenderRefused) as refused:
        _lmtp(lmtp_server, raw, poster.address)
    assert refused.value.smtp_code == 552
    # ...and one that does not, after the data.
    with smtplib.LMTP(lmtp_server.hostname, lmtp_server.port) as client:
        client.ehlo_or_helo_if_needed()
        assert client.mail("a@docomo.ne.jp")[0] == 250
        assert client.rcpt(poster.address)[0] == 250
        assert client.data(raw)[0] == 552
    code, message = _pipe(raw, poster.address)
    assert code == 73 and "552" in message
    assert not OutboxItem.objects.exists()


@pytest.mark.parametrize(
    ("headers", "envelope_sender", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, "a@docomo.ne.jp", "Auto-Submitted: auto-replied"),
        ({"Precedence": "bulk"}, "a@docomo.ne.jp", "Precedence: bulk"),
        ({"Precedence": "junk"}, "a@docomo.ne.jp", "Precedence: junk"),
        ({"Precedence": "list"}, "a@docomo.ne.jp", "Precedence: list"),
        ({}, "", "null return path"),
        ({}, "MAILER-DAEMON@mx.example", "mail system sender"),
        ({"X-Yubitter-Loop": "post.example.jp"}, "a@docomo.ne.jp", "our own mail"),
    ],
)
def test_automatic_mail_is_dropped_not_posted_not_answered(
    poster, emulator, lmtp_server, smtp_sink, headers, envelope_sender, reason
):
    raw = carrier_mail(
        to=poster.address,
        sender="a@docomo.ne.jp",
        body=b"I am away until Monday",
        charset="us-ascii",
        headers=headers,
    )
    assert _lmtp(lmtp_server, raw, poster.address, envelope_sender) == {}
    log = MailLog.objects.get()
    assert (log.result, log.reason) == (MailLog.Result.DROPPED, reason)
    assert not posted(emulator, "I am away until Monday")
    assert not OutboxItem.objects.exists()
    assert smtp_sink.wait(timeout=0.5) == []


def test_the_bounce_fixture_is_dropped(poster, emulator):
    from pathlib import Path

    raw = (Path(__file__).parent / "data/jpmobile-rails-fixtures/bounced-jp.eml").read_bytes()
    code, out = _pipe(raw, poster.address, sender="MAILER-DAEMON")
    assert code == 0 and "dropped" in out
    assert MailLog.objects.get().result == MailLog.Result.DROPPED


def test_the_same_mail_delivered_twice_is_posted_once(poster, emulator):
    raw = carrier_mail(
        to=poster.address, sender="a@gmail.com", body=b"once only", charset="us-ascii"
    )
    assert _pipe(raw, poster.address)[0] == 0
    assert _pipe(raw, poster.address)[0] == 0
    assert len(posted(emulator, "once only")) == 1
    assert list(MailLog.objects.values_list("result", flat=True).order_by("pk")) == [
        "posted",
        "dropped",
    ]


def test_database_down_is_a_temporary_failure(poster, emulator):
    raw = carrier_mail(to=poster.address, sender="a@gmail.com", body=b"db down", charset="us-ascii")

    def refuse(execute, sql, params, many, context):
        raise OperationalError("server has gone away")

    with connection.execute_wrapper(refuse):
        code, message = _pipe(raw, poster.address)
    assert code == 75 and "451" in message
    assert not OutboxItem.objects.exists()
    assert _pipe(raw, poster.address)[0] == 0, "Postfix's retry goes through"
    assert len(posted(emulator, "db down")) == 1


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ({"status": 503}, "X down"),
        ({"status": 429}, "rate-limited"),
        ({"status": 500}, "X error"),
    ],
)
def test_x_failing_keeps_the_post_and_send_outbox_posts_it_once(
    poster, emulator, smtp_sink, fault, why
):
    text = f"outage post {why}"
    emulator.state.set_fault("/2/tweets", method="POST", **fault)
    raw = carrier_mail(
        to=poster.address, sender="a@ezweb.ne.jp", body=text.encode(), charset="iso-2022-jp"
    )
    code, out = _pipe(raw, poster.address)
    assert code == 0 and "kept" in out
    item = OutboxItem.objects.get()
    assert item.text == text and item.status == OutboxItem.Status.PENDING
    (_, rcpt, content), *_ = smtp_sink.wait()
    assert rcpt == ["a@ezweb.ne.jp"] and b"charset=ISO-2022-JP" in content
    assert text in parse_mail(content, carrier="au").text

    emulator.state.clear_faults()
    OutboxItem.objects.update(next_attempt_at="2000-01-01T00:00:00Z")
    call_command("send_outbox", stdout=StringIO())
    call_command("send_outbox", stdout=StringIO())
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT
    assert len(posted(emulator, text)) == 1
    # The sender learns it landed, once.
    call_command("mail_notices", stdout=StringIO())
    call_command("mail_notices", stdout=StringIO())
    messages = smtp_sink.wait(2)
    assert len(messages) == 2
    landed = parse_mail(messages[1][2], carrier="au").text
    assert text in landed and f"/p/{item.sent_id}/" in landed
    assert MailLog.objects.get().result == MailLog.Result.POSTED


def test_x_timing_out_keeps_the_post_and_it_lands_once(poster, emulator, settings):
    import time

    settings.X_READ_TIMEOUT = 0.3
    emulator.state.set_fault("/2/tweets", method="POST", latency=0.8, times=1)
    raw = carrier_mail(to=poster.address, sender="a@gmail.com", body=b"slow X", charset="us-ascii")
    assert _pipe(raw, poster.address)[0] == 0
    time.sleep(1.0)  # the emulator finishes the post the gateway gave up waiting for
    item = OutboxItem.objects.get()
    assert item.outcome_unknown
    OutboxItem.objects.update(next_attempt_at="2000-01-01T00:00:00Z")
    call_command("send_outbox", stdout=StringIO())
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT
    assert len(posted(emulator, "slow X")) == 1


def test_revoked_token_keeps_the_post(poster, emulator):
    from apps.accounts.models import XAccount

    XAccount.objects.update(token_revoked=True)
    raw = carrier_mail(
        to=poster.address, sender="a@gmail.com", body=b"after revoke", charset="us-ascii"
    )
    code, out = _pipe(raw, poster.address)
    assert code == 0 and "kept" in out
    item = OutboxItem.objects.get()
    assert item.status == OutboxItem.Status.PENDING and "Sign in" in item.last_error
    assert not posted(emulator, "after revoke")


def test_too_many_posts_an_hour_are_refused_with_the_text_back(
    poster, emulator, smtp_sink, settings
):
    settings.MAIL_POSTS_PER_HOUR = 2
    for n in range(3):
        raw = carrier_mail(
            to=poster.address, sender="a@gmail.com", body=f"post {n}".encode(), charset="us-ascii"
        )
        assert _pipe(raw, poster.address)[0] == 0
    assert [len(posted(emulator, f"post {n}")) for n in range(3)] == [1, 1, 0]
    last = MailLog.objects.order_by("-pk").first()
    assert last.result == MailLog.Result.REFUSED and "this hour" in last.reason
    notices = [parse_mail(content) for _, _, content in smtp_sink.wait(3)]
    assert "post 2" in notices[-1].text and "this hour" in notices[-1].text

"""Photos by mail: the first image becomes the post's photo, on storage and on X, never lost."""

import smtplib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.client.models import OutboxItem
from apps.mailgate.models import MailLog
from apps.photos.models import Photo
from tests.photos.images import jpeg_with_exif, png_bomb
from tests.photos.s3 import MotoServer, s3_storages

from .conftest import parse_notices, posted
from .mails import carrier_mail
from .test_receive import _pipe

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURE = Path(__file__).parent / "data/jpmobile-spec-unit/au-attached.eml"


@pytest.fixture
def disk_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


def _media_of(emulator, text):
    (post,) = posted(emulator, text)
    return post["media_keys"]


def test_the_au_fixture_photo_becomes_the_posts_photo(poster, emulator, lmtp_server, disk_storage):
    # Stored with bare LF line ends, as in an mbox; over LMTP lines end in CRLF.
    raw = FIXTURE.read_bytes().replace(b"\n", b"\r\n")
    with smtplib.LMTP(lmtp_server.hostname, lmtp_server.port) as client:
        assert client.sendmail("ogawa@ezweb.ne.jp", [poster.address], raw) == {}
    (media_key,) = _media_of(emulator, "題名x⚠️\nカレンダーだ💨")
    assert media_key in emulator.state.media
    photo = Photo.objects.get()
    assert photo.owner == poster.user
    assert OutboxItem.objects.get().photo == photo
    assert any(disk_storage.rglob("original.*")), "the original is on storage"


@pytest.mark.parametrize(
    ("sender", "charset", "body", "text"),
    [
        ("p@docomo.ne.jp", "shift_jis", b"\x8e\xca\x90\x5e\xf8\x9f", "写真☀️"),
        ("p@softbank.ne.jp", "utf-8", "写真\ue04a".encode(), "写真☀️"),
        ("p@gmail.com", "utf-8", "写真☀️".encode(), "写真☀️"),
    ],
)
def test_each_carriers_photo_mail_is_posted_with_the_photo(
    poster, emulator, lmtp_server, disk_storage, sender, charset, body, text
):
    raw = carrier_mail(
        to=poster.address,
        sender=sender,
        body=body,
        charset=charset,
        cte="base64",
        photo=jpeg_with_exif(),
        photo_name="写真.jpg",
    )
    with smtplib.LMTP(lmtp_server.hostname, lmtp_server.port) as client:
        assert client.sendmail(sender, [poster.address], raw) == {}
    assert len(_media_of(emulator, text)) == 1
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (600, 800), "turned upright by EXIF orientation 6"


@pytest.fixture(scope="module")
def moto():
    server = MotoServer().start()
    server.create_bucket()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("sender", "charset", "cte", "body", "text", "notice_charset"),
    [
        # au: ISO-2022-JP with the au mail JIS sun (7541)
        (
            "p@ezweb.ne.jp",
            "iso-2022-jp",
            "7bit",
            b"\x1b$B<L??\x1b(B\x1b$Bu\x41\x1b(B",
            "写真☀️",
            b"charset=ISO-2022-JP",
        ),
        # docomo: Shift_JIS with docomo's sun F89F
        (
            "p@docomo.ne.jp",
            "shift_jis",
            "8bit",
            b"\x8e\xca\x90\x5e\xf8\x9f",
            "写真☀️",
            b"charset=Shift_JIS",
        ),
        # SoftBank: Shift_JIS with SoftBank's sun F98B
        (
            "p@softbank.ne.jp",
            "shift_jis",
            "8bit",
            b"\x8e\xca\x90\x5e\xf9\x8b",
            "写真☀️",
            b"charset=Shift_JIS",
        ),
        # iPhone: UTF-8 with a Unicode emoji
        ("p@icloud.com", "utf-8", "base64", "写真☀️".encode(), "写真☀️", b'charset="utf-8"'),
    ],
)
def test_each_carriers_photo_mail_lands_on_x_and_s3_and_the_result_comes_back_in_its_encoding(
    poster,
    emulator,
    lmtp_server,
    smtp_sink,
    settings,
    moto,
    sender,
    charset,
    cte,
    body,
    text,
    notice_charset,
):
    settings.STORAGES = s3_storages(settings, moto.endpoint)
    raw = carrier_mail(
        to=poster.address,
        sender=sender,
        body=body,
        charset=charset,
        cte=cte,
        photo=jpeg_with_exif(),
        photo_name="写真.jpg",
    )
    with smtplib.LMTP(lmtp_server.hostname, lmtp_server.port) as client:
        assert client.sendmail(sender, [poster.address], raw) == {}
    # On X: the post, with the photo as its media.
    (media_key,) = _media_of(emulator, text)
    assert media_key in emulator.state.media
    # On S3: the original and every variant, under the photo's key.
    photo = Photo.objects.get()
    stored = [key for key in moto.keys() if key.startswith(f"photos/{photo.key}/")]
    assert len(stored) == 1 + photo.variants.count() == 8
    # The result by mail, in the sender's carrier's encoding, with the post's link.
    ((_, rcpt, content),) = smtp_sink.wait()
    assert rcpt == [sender] and notice_charset in content
    (notice,) = parse_notices([(None, rcpt, content)])
    assert text in notice.text and "/p/" in notice.text


def test_photo_storage_down_is_a_temporary_failure_then_posted_once(poster, emulator, settings):
    moto = MotoServer().start()
    try:
        moto.create_bucket()
        settings.STORAGES = s3_storages(settings, moto.endpoint)
        raw = carrier_mail(
            to=poster.address,
            sender="p@gmail.com",
            body=b"s3 outage",
            charset="us-ascii",
            photo=jpeg_with_exif(),
        )
        moto.stop()
        code, message = _pipe(raw, poster.address)
        assert code == 75 and "451" in message
        assert not OutboxItem.objects.exists() and not Photo.objects.exists()
        assert not posted(emulator, "s3 outage")
        moto.start()
        moto.create_bucket()
        assert _pipe(raw, poster.address)[0] == 0, "Postfix's retry"
        assert len(_media_of(emulator, "s3 outage")) == 1
        assert any(key.endswith(".jpg") or key.endswith(".jpeg") for key in moto.keys())
    finally:
        moto.stop()


def test_x_down_keeps_text_and_photo_and_send_outbox_posts_them_once(
    poster, emulator, disk_storage, smtp_sink
):
    emulator.state.set_fault("/2/media/upload*", status=503)
    raw = carrier_mail(
        to=poster.address,
        sender="p@docomo.ne.jp",
        body=b"photo later",
        charset="us-ascii",
        photo=jpeg_with_exif(),
    )
    code, out = _pipe(raw, poster.address)
    assert code == 0 and "kept" in out
    item = OutboxItem.objects.get()
    assert item.photo is not None and item.status == OutboxItem.Status.PENDING
    (notice,) = parse_notices(smtp_sink.wait())
    assert "photo later" in notice.text
    emulator.state.clear_faults()
    OutboxItem.objects.update(next_attempt_at="2000-01-01T00:00:00Z")
    call_command("send_outbox", stdout=StringIO())
    call_command("send_outbox", stdout=StringIO())
    assert len(_media_of(emulator, "photo later")) == 1
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT


def test_a_decompression_bomb_is_refused_and_nothing_is_stored(
    poster, emulator, disk_storage, smtp_sink
):
    raw = carrier_mail(
        to=poster.address,
        sender="p@docomo.ne.jp",
        body=b"bomb",
        charset="us-ascii",
        photo=png_bomb(),
        photo_name="bomb.png",
    )
    code, out = _pipe(raw, poster.address)
    assert code == 0 and "refused" in out
    assert not Photo.objects.exists() and not OutboxItem.objects.exists()
    assert not posted(emulator, "bomb")
    assert not [p for p in disk_storage.rglob("*") if p.is_file()]
    log = MailLog.objects.get()
    assert log.result == MailLog.Result.REFUSED
    (notice,) = parse_notices(smtp_sink.wait())
    assert "bomb" in notice.text and log.reason in notice.text

"""Admin for mail and photos: rotate a posting address, block a sender, photos with thumbnails."""

import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from PIL import Image

from apps.accounts.models import XAccount
from apps.mailgate.addresses import address_get_or_create, address_lookup, posting_address
from apps.mailgate.models import BlockedSender, MailLog
from apps.photos.services import store_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(django_user_model):
    user = django_user_model.objects.create_user("operator", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _action(client, model, action, pks):
    url = reverse(f"admin:{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_rotate_a_posting_address(staff_client, signed_in, settings, mailoutbox):
    settings.MAIL_DOMAIN = "post.example.jp"
    user = XAccount.objects.get(screen_name="demo").user
    stored = address_get_or_create(user)
    stored.notice_address = "demo@docomo.ne.jp"
    stored.save()
    old = posting_address(stored)
    assert address_lookup(old) is not None
    _action(staff_client, "mailgate_postingaddress", "rotate_addresses", [stored.pk])
    stored.refresh_from_db()
    assert address_lookup(old) is None
    assert address_lookup(posting_address(stored)).pk == stored.pk
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["demo@docomo.ne.jp"]
    assert "Rotated" in LogEntry.objects.get(object_id=str(stored.pk)).get_change_message()


def test_block_a_sender_from_the_mail_log(staff_client):
    log = MailLog.objects.create(
        sender="Spammer <spam@bad.example>", result=MailLog.Result.UNKNOWN, reason="unknown address"
    )
    page = _action(staff_client, "mailgate_maillog", "block_senders", [log.pk])
    assert page.status_code == 302
    assert list(BlockedSender.objects.values_list("pattern", flat=True)) == ["spam@bad.example"]
    assert "Blocked sender" in LogEntry.objects.get().get_change_message()
    listing = staff_client.get(reverse("admin:mailgate_blockedsender_changelist"))
    assert "spam@bad.example" in listing.content.decode()


def test_photos_with_their_variants_as_thumbnails(
    staff_client, django_user_model, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    owner = django_user_model.objects.create_user("x42")
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(buffer, format="JPEG")
    photo = store_photo(user=owner, data=buffer.getvalue(), filename="red.jpg")
    listing = staff_client.get(reverse("admin:photos_photo_changelist"), {"q": "x42"})
    html = listing.content.decode()
    thumb = re.search(r'<img src="(/ph/[^"]+/120\.\w+)"', html).group(1)
    image = staff_client.get(thumb)
    assert image.status_code == 200
    assert Image.open(io.BytesIO(image.content)).width == 120
    detail = staff_client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content
    assert detail.decode().count('<img src="/ph/') == photo.variants.count()
    # Deleting here would orphan the files: not offered.
    assert (
        staff_client.post(reverse("admin:photos_photo_delete", args=[photo.pk])).status_code == 403
    )


def test_dashboard_mail_figures(staff_client):
    for result in ("posted", "posted", "refused", "unknown", "dropped"):
        MailLog.objects.create(sender="a@b.example", result=result)
    html = staff_client.get(reverse("admin:dashboard")).content.decode()
    cell = lambda name: re.search(rf'<td id="{name}">(.*?)</td>', html).group(1)  # noqa: E731
    assert cell("mail-received") == "5"
    assert cell("posts-mail") == "2"
    assert cell("mail-refused") == "2"

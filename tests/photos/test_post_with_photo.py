"""A stored photo posted to X (the emulator over HTTP): as media, or as a link when refused."""

import re
import time
from types import SimpleNamespace

import pytest
import requests

from apps.photos import services
from apps.xapi import errors
from apps.xemulator.seed import DEMO_USER_ID
from tests.keitai.phone import UAS, page_text

from . import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(emulator):
    token = emulator.state.issue_access_token(DEMO_USER_ID)
    return SimpleNamespace(
        x_user_id=DEMO_USER_ID, token=token.token, token_secret=token.secret, pk=1
    )


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("poster")


def test_a_photo_goes_to_x_as_media_of_the_post(account, user, emulator):
    photo = services.store_photo(user=user, data=images.camera_jpeg(size=(1600, 1200)))
    result = services.post_with_photo(account, "夕焼け", photo)
    assert result.attached and result.linked_url is None
    stored = emulator.state.post(result.post.id)
    assert stored.text == "夕焼け" and len(stored.media_keys) == 1
    media = emulator.state.media[stored.media_keys[0]]
    assert (media.width, media.height) == (photo.width, photo.height)
    assert emulator.state.uploads[media.local_name].data == photo.original_bytes()
    # Uploaded, not linked: $0.005 + $0.015, where a post with a link costs $0.200.
    ledger = emulator.state.billing_stats()["ledger"]
    assert ledger["POST /2/media/upload"]["usd"] + ledger["POST /2/tweets"]["usd"] == 0.02


def test_a_photo_uploaded_while_stored_is_posted_without_reading_it_back(account, user, emulator):
    from apps.photos import storage
    from apps.photos.errors import StorageUnavailable

    photo = services.store_photo(
        user=user, data=images.camera_jpeg(size=(1600, 1200)), upload_for=account
    )
    original = photo.original_bytes()
    # Gone from the store: a post that read it back would fail.
    storage.photo_storage().delete(photo.original_name)
    result = services.post_with_photo(account, "保存中に送信", photo)
    assert result.attached
    (media_key,) = emulator.state.post(result.post.id).media_keys
    assert emulator.state.uploads[emulator.state.media[media_key].local_name].data == original
    # The early upload serves one post; the next one reads the store again.
    with pytest.raises(StorageUnavailable):
        services.post_with_photo(account, "二度目", photo)


def test_an_early_upload_x_refused_comes_through_as_at_posting_time(account, user, emulator):
    emulator.state.set_fault("/2/media/upload", status=503, times=1)
    photo = services.store_photo(
        user=user, data=images.plain_jpeg(size=(640, 480)), upload_for=account
    )
    deadline = time.monotonic() + 10
    while not _uploads_seen(emulator) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _uploads_seen(emulator) == 1, "uploaded while stored, before any post"
    with pytest.raises(errors.Unavailable):
        services.post_with_photo(account, "あとで", photo)
    # Kept and tried again later: uploaded then.
    assert services.post_with_photo(account, "あとで", photo).attached
    assert _uploads_seen(emulator) == 2


def _uploads_seen(emulator) -> int:
    counts = emulator.state.request_stats()
    return sum(n for route, n in counts.items() if route.endswith("/2/media/upload"))


def test_when_x_refuses_media_the_post_links_the_photo_page(account, user, emulator, settings):
    settings.SITE_URL = "https://yubitter.jp"
    requests.post(
        emulator.base_url + "/_emulator/enrollment", json={"media_upload": False}, timeout=5
    )
    photo = services.store_photo(user=user, data=images.plain_jpeg(size=(640, 480)))
    result = services.post_with_photo(account, "夕焼け", photo)
    assert not result.attached
    assert result.linked_url == f"https://yubitter.jp/ph/{photo.key}/"
    stored = emulator.state.post(result.post.id)
    assert stored.media_keys == []
    assert stored.text.startswith("夕焼け https://t.co/")  # X shortens the link
    assert stored.urls[0]["expanded_url"] == result.linked_url


def test_x_down_comes_through_so_the_caller_keeps_the_post(account, user, emulator):
    emulator.state.set_fault("/2/media/upload", status=503)
    photo = services.store_photo(user=user, data=images.plain_jpeg(size=(640, 480)))
    with pytest.raises(errors.Unavailable):
        services.post_with_photo(account, "あとで", photo)
    assert not [p for p in emulator.state.posts.values() if p.text == "あとで"]


def test_the_posted_photo_shows_in_the_gateways_timeline(site_urls, signed_in, emulator):
    from apps.accounts.models import XAccount

    account = XAccount.objects.get()
    photo = services.store_photo(user=account.user, data=images.plain_jpeg(size=(1200, 900)))
    result = services.post_with_photo(account, "ゲートウェイから写真", photo)
    assert result.attached
    home = signed_in.get("/home/", HTTP_USER_AGENT=UAS["smartphone"])
    text = page_text(home)
    assert "ゲートウェイから写真" in text
    thumbs = re.findall(r'<img src="(/img/[^"]+)"', text)
    uploaded = [src for src in thumbs if "upload-" in src]
    assert uploaded, thumbs
    image = signed_in.get(uploaded[0].replace("&amp;", "&"))
    assert image.status_code == 200 and image["Content-Type"].startswith("image/")

"""A stored photo posted to X (the emulator over HTTP): as media, or as a link when refused."""

import re
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

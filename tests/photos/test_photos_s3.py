"""Photos on S3 (moto's server over HTTP): upload, variants, pages per device, S3 down."""

import io
import re
import socket
import threading

import pytest
from PIL import Image

from apps.keitai.detect import detect
from apps.photos import services, storage
from apps.photos.errors import StorageUnavailable
from apps.photos.models import OrphanFile, Photo, PhotoVariant
from tests.keitai.phone import UAS, assert_well_formed, page_text

from . import images
from .s3 import BUCKET, s3_storages
from .stored import assert_no_metadata

pytestmark = pytest.mark.django_db

PHONES = {
    **UAS,
    "docomo-502i-gif-only": "DoCoMo/1.0/D502i/c10",
    "au-wap1-png-only": "UP.Browser/3.04-TS13 UP.Link/3.4.08",
}


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("s3-photographer")


def test_a_photo_and_its_variants_are_private_objects_under_its_key(s3_storage, user):
    photo = services.store_photo(user=user, data=images.camera_jpeg(size=(1600, 1200)))
    keys = s3_storage.keys()
    assert len(keys) == 8 and all(key.startswith(f"photos/{photo.key}/") for key in keys)
    assert set(keys) == {photo.original_name, *(v.name for v in photo.variants.all())}
    client = s3_storage.client()
    for key in keys:
        body = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert_no_metadata(body)
        grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
        assert all(g["Grantee"].get("URI") is None for g in grants), "no public grant"
    assert Image.open(io.BytesIO(photo.original_bytes())).size == (1200, 1600)


@pytest.mark.parametrize(
    ("ua", "width", "fmt", "larger"),
    [
        ("docomo-foma", 120, "jpeg", 240),
        ("docomo-502i-gif-only", 120, "gif", 240),
        ("au", 120, "jpeg", 240),
        ("au-wap1-png-only", 120, "png", 240),
        ("kaios", 240, "jpeg", 480),
        ("smartphone", 240, "jpeg", 480),
    ],
)
def test_the_photo_page_shows_the_variant_for_the_device(
    client, s3_storage, user, site_urls, ua, width, fmt, larger
):
    user_agent = PHONES[ua]
    photo = services.store_photo(user=user, data=images.jpeg_with_exif(size=(1200, 900)))
    device = detect(user_agent)
    response = client.get(photo.page_url(), HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, noimageindex"
    assert_well_formed(response)
    assert len(response.content) <= device.markup_budget
    text = page_text(response)
    ext = {"gif": "gif", "jpeg": "jpg", "png": "png"}[fmt]
    shown = re.search(r'<img src="([^"]+)"', text).group(1)
    assert shown == f"/ph/{photo.key}/{width}.{ext}"
    assert f'href="/ph/{photo.key}/{larger}.{ext}"' in text
    image = client.get(shown, HTTP_USER_AGENT=user_agent)
    assert image.status_code == 200 and image["Content-Type"] == f"image/{fmt}"
    assert Image.open(io.BytesIO(image.content)).width == width
    assert "immutable" in image["Cache-Control"] and image["X-Robots-Tag"] == "noindex"


def test_a_text_browser_gets_a_link_to_the_photo_only(client, s3_storage, user, site_urls):
    photo = services.store_photo(user=user, data=images.plain_jpeg(size=(800, 600)))
    text = page_text(client.get(photo.page_url(), HTTP_USER_AGENT=UAS["w3m"]))
    assert "<img" not in text and f'href="/ph/{photo.key}/480.jpg"' in text


def test_unknown_keys_and_variants_are_not_found(client, s3_storage, user, site_urls):
    photo = services.store_photo(user=user, data=images.plain_jpeg(size=(300, 200)))
    assert client.get("/ph/AAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
    assert client.get("/ph/../").status_code == 404
    assert client.get(f"/ph/{photo.key}/480.gif").status_code == 404
    assert client.get(f"/ph/{photo.key}/999.jpg").status_code == 404
    assert client.get(f"/ph/{photo.key[:-1]}x/120.jpg").status_code == 404


def _no_partial_photo(moto):
    assert Photo.objects.count() == 0 and PhotoVariant.objects.count() == 0


def test_s3_down_is_storage_unavailable_then_a_retry_stores_the_photo_once(s3_storage, user, moto):
    data = images.plain_jpeg(size=(1000, 750))
    moto.stop()
    try:
        with pytest.raises(StorageUnavailable):
            services.store_photo(user=user, data=data)
        _no_partial_photo(moto)
        assert OrphanFile.objects.count() == 0
    finally:
        moto.start()
    moto.create_bucket()
    assert moto.keys() == []
    photo = services.store_photo(user=user, data=data)
    again = services.store_photo(user=user, data=data)
    assert again.pk == photo.pk and Photo.objects.count() == 1
    assert len(moto.keys()) == 8


class _Silent:
    """A TCP server that accepts connections and never answers (an S3 that hangs)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


def test_s3_timing_out_is_storage_unavailable_and_nothing_is_kept(settings, user, s3_storage):
    silent = _Silent()
    try:
        settings.STORAGES = s3_storages(settings, f"http://127.0.0.1:{silent.port}")
        with pytest.raises(StorageUnavailable):
            services.store_photo(user=user, data=images.plain_jpeg(size=(400, 300)))
    finally:
        silent.close()
    assert Photo.objects.count() == 0


def test_an_unreadable_store_gives_the_page_a_503_not_a_500(client, s3_storage, user, site_urls):
    photo = services.store_photo(user=user, data=images.plain_jpeg(size=(400, 300)))
    variant = photo.variants.get(width=120, format="jpeg")
    s3_storage.client().delete_object(Bucket=BUCKET, Key=variant.name)
    response = client.get(variant.url())
    assert response.status_code == 503
    with pytest.raises(StorageUnavailable):
        storage.read(variant.name)

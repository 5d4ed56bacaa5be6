"""Hostile or broken images sent as photos: refused with a reason, fast, nothing stored."""

import io
import time

import pytest
from PIL import Image

from apps.photos import services
from apps.photos.errors import PhotoRefused
from apps.photos.models import Photo

from . import images
from .stored import assert_no_metadata, near, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("mallory")


def _refused(user, data, code):
    started = time.monotonic()
    with pytest.raises(PhotoRefused) as caught:
        services.store_photo(user=user, data=data)
    elapsed = time.monotonic() - started
    assert caught.value.code == code, caught.value
    assert str(caught.value.message)  # something to tell the person
    assert Photo.objects.count() == 0
    return caught.value, elapsed


def test_a_decompression_bomb_is_refused_before_decoding(user):
    bomb = images.png_bomb(side=20_000)  # 400 megapixels in about 50 KB
    assert len(bomb) < 100_000
    error, _ = _refused(user, bomb, "too_large")
    assert "megapixels" in str(error.message)


def test_a_png_with_huge_dimensions_in_its_header_is_refused(user):
    _refused(user, images.png_declaring(60_000, 60_000), "too_large")


def test_a_header_just_over_our_own_limit_is_refused_by_our_check(user, settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    # 1001x1000 is far below Pillow's own bomb limit: only our header check stops it.
    error, _ = _refused(user, images.png_declaring(1001, 1000), "too_large")
    assert "1001x1000" in str(error)


def test_a_30_mb_file_is_refused_without_being_parsed(user):
    data = images.plain_jpeg(size=(64, 64)) + b"\x00" * (30 * 1024 * 1024)
    error, _ = _refused(user, data, "too_big")
    assert "MB" in str(error.message)


def test_a_truncated_jpeg_is_refused_as_broken(user):
    whole = images.plain_jpeg(size=(800, 600))
    _refused(user, whole[: len(whole) // 2], "broken")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00" * 1000,
        bytes(range(256)) * 64,
        b"<html><body>not an image</body></html>",
        b"%PDF-1.7\n" + b"x" * 500,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    ],
    ids=["empty", "zeros", "bytes", "html", "pdf", "png-magic-only"],
)
def test_binary_garbage_is_refused_as_not_an_image(user, data):
    _refused(user, data, "not_image")


def test_a_gif_with_ten_thousand_frames_is_stored_as_its_first_picture(user):
    gif = images.gif_with_frames(10_000)
    started = time.monotonic()
    photo = services.store_photo(user=user, data=gif)
    elapsed = time.monotonic() - started
    print(f"10,000-frame GIF stored in {elapsed * 1000:.0f} ms")
    assert (photo.width, photo.height) == (40, 30)
    for data in stored_files(photo).values():
        image = Image.open(io.BytesIO(data))
        assert getattr(image, "n_frames", 1) == 1


def test_gps_and_every_other_exif_field_are_gone_from_every_stored_file(user):
    source = images.camera_jpeg(size=(1200, 900))
    assert b"SERIAL-0042" in source and Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)
    photo = services.store_photo(user=user, data=source)
    files = stored_files(photo)
    assert len(files) == 8
    for data in files.values():
        assert_no_metadata(data)


def test_orientation_6_is_applied_to_the_stored_original_and_variants(user):
    photo = services.store_photo(user=user, data=images.jpeg_with_exif(size=(800, 600)))
    assert (photo.width, photo.height) == (600, 800)
    for data in stored_files(photo).values():
        image = Image.open(io.BytesIO(data)).convert("RGB")
        width, height = image.size
        assert height > width
        # Stored top-left red quadrant, once turned 90° clockwise, is top-right.
        assert near(image.getpixel((width * 3 // 4, height // 4)), images.RED)
        assert near(image.getpixel((width // 4, height // 4)), images.BLUE)

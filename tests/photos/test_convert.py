import io
import time

import pytest
from PIL import Image

from apps.photos.convert import make_variant
from apps.photos.errors import BadUpstream, ImageTooLarge

from . import images


def _open(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected, strict=True))


@pytest.mark.parametrize(("fmt", "pil_format"), [("gif", "GIF"), ("jpeg", "JPEG"), ("png", "PNG")])
def test_jpeg_is_turned_upright_resized_and_stripped(fmt, pil_format):
    source = images.jpeg_with_exif(size=(800, 600), orientation=6)
    assert _open(source).getexif().get_ifd(0x8825), "the source must carry GPS to test stripping"

    out = _open(make_variant(source, width=120, fmt=fmt))

    assert out.format == pil_format
    assert out.size == (120, 160)  # 600×800 once upright
    assert len(out.getexif()) == 0
    assert "exif" not in out.info and "icc_profile" not in out.info
    rgb = out.convert("RGB")
    # Orientation 6: the stored top-left (red) quadrant is shown top-right.
    assert _near(rgb.getpixel((90, 40)), images.RED)
    assert _near(rgb.getpixel((30, 40)), images.BLUE)
    assert _near(rgb.getpixel((90, 120)), images.BLUE)


def test_no_exif_bytes_survive_in_any_format():
    source = images.jpeg_with_exif()
    for fmt in ("gif", "jpeg", "png"):
        data = make_variant(source, width=240, fmt=fmt)
        assert b"Exif" not in data and b"yubitter-test-camera" not in data


@pytest.mark.parametrize("fmt", ["gif", "jpeg", "png"])
def test_icc_profiles_and_comments_are_not_passed_on(fmt):
    source = images.jpeg_with_profile_and_comment()
    assert {"icc_profile", "comment"} <= set(_open(source).info)
    data = make_variant(source, width=120, fmt=fmt)
    assert not {"icc_profile", "comment"} & set(_open(data).info)
    assert b"yubitter-test-comment" not in data


def test_jpeg_output_is_baseline_not_progressive():
    out = _open(make_variant(images.plain_jpeg(), width=240, fmt="jpeg"))
    assert out.size == (240, 180)
    assert "progressive" not in out.info and "progression" not in out.info


def test_alpha_is_flattened_on_white_for_jpeg_and_gif_and_kept_in_png():
    source = images.png_with_alpha(size=(400, 300))
    for fmt in ("jpeg", "gif"):
        out = _open(make_variant(source, width=120, fmt=fmt)).convert("RGB")
        assert out.size == (120, 90)
        assert _near(out.getpixel((10, 45)), (255, 255, 255), tolerance=8)
        assert _near(out.getpixel((110, 45)), images.GREEN)
    png = _open(make_variant(source, width=120, fmt="png"))
    assert png.mode == "P"  # palette PNG
    rgba = png.convert("RGBA")
    assert rgba.getpixel((10, 45))[3] == 0
    assert rgba.getpixel((110, 45))[3] >= 250 and _near(rgba.getpixel((110, 45)), images.GREEN)


def test_animated_gif_becomes_its_first_frame():
    source = images.animated_gif()
    assert _open(source).n_frames == 3
    out = _open(make_variant(source, width=96, fmt="gif"))
    assert getattr(out, "n_frames", 1) == 1
    assert out.size == (96, 64)
    assert _near(out.convert("RGB").getpixel((48, 32)), images.RED)


def test_webp_is_accepted_as_input():
    out = _open(make_variant(images.webp(size=(640, 480)), width=320, fmt="jpeg"))
    assert (out.format, out.size) == ("JPEG", (320, 240))


def test_small_images_are_never_upscaled():
    out = _open(make_variant(images.plain_jpeg(size=(64, 48)), width=480, fmt="png"))
    assert out.size == (64, 48)


def test_very_tall_images_are_bounded_to_four_times_the_width():
    out = _open(make_variant(images.plain_jpeg(size=(100, 1000)), width=120, fmt="jpeg"))
    assert out.size == (48, 480)


def test_a_byte_budget_lowers_jpeg_quality_until_it_fits():
    source = images.jpeg_with_exif(size=(1200, 900), orientation=1)
    full = make_variant(source, width=480, fmt="jpeg")
    smallest = make_variant(source, width=480, fmt="jpeg", max_bytes=1)
    assert len(smallest) < len(full)
    budget = (len(full) + len(smallest)) // 2
    fitted = make_variant(source, width=480, fmt="jpeg", max_bytes=budget)
    assert len(fitted) <= budget
    assert _open(fitted).size == (480, 360)


def test_too_many_pixels_are_refused():
    with pytest.raises(ImageTooLarge):
        make_variant(images.plain_jpeg(size=(400, 300)), width=120, fmt="jpeg", max_pixels=100_000)


@pytest.mark.parametrize("size", [(6000, 5000), (100_000, 100_000)])
def test_a_decompression_bomb_is_refused_before_decoding(size):
    bomb = images.png_declaring(*size)
    assert len(bomb) < 200
    started = time.monotonic()
    with pytest.raises(ImageTooLarge):
        make_variant(bomb, width=120, fmt="gif")
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>not an image</body></html>",
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        images.plain_jpeg()[:600],  # cut off mid-stream
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",
    ],
)
def test_anything_but_a_whole_image_is_refused(data):
    with pytest.raises(BadUpstream):
        make_variant(data, width=120, fmt="jpeg")

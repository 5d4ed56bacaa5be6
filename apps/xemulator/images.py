"""Small real images for ``GET /_media/<name>``, drawn with Pillow.

In production every photo and avatar comes from pbs.twimg.com, which tests
cannot reach. When the state's ``media_base_url`` is set, seeded media and
profile images point here instead, so an image proxy can be tested end to end
against real bytes: a JPEG whose EXIF orientation must be applied, a PNG with
an alpha channel, an animated GIF and a 48×48 avatar per user.
"""

import hashlib
import io
import re
from functools import lru_cache

from PIL import Image, ImageDraw

EXIF_ORIENTATION = 0x0112
_AVATAR = re.compile(r"^avatar-([A-Za-z0-9_]{1,15})\.jpg$")


def _gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _jpeg(image: Image.Image, orientation: int | None = None) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation is not None:
        exif[EXIF_ORIENTATION] = orientation
    image.save(out, "JPEG", quality=70, exif=exif.tobytes())
    return out.getvalue()


def sunset_jpeg() -> bytes:
    """Shown as 1200×900, stored as 900×1200 with EXIF orientation 6 (rotate 90° clockwise).

    The red square sits top-left once the orientation is applied; a proxy that
    ignores EXIF shows a portrait picture with the square top-right.
    """
    shown = _gradient((1200, 900), (255, 140, 40), (90, 30, 120))
    draw = ImageDraw.Draw(shown)
    draw.rectangle((0, 0, 149, 149), fill=(220, 0, 0))
    draw.polygon([(520, 900), (600, 250), (680, 900)], fill=(230, 60, 20))
    stored = shown.transpose(Image.Transpose.ROTATE_90)
    return _jpeg(stored, orientation=6)


def castle_jpeg() -> bytes:
    """A plain 1200×900 JPEG (orientation 1)."""
    image = _gradient((1200, 900), (120, 170, 230), (40, 90, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((450, 350, 750, 800), fill=(235, 235, 225))
    draw.polygon([(420, 360), (600, 200), (780, 360)], fill=(40, 80, 60))
    return _jpeg(image, orientation=1)


def video_preview_jpeg() -> bytes:
    """A 1280×720 still, the preview of the seeded video."""
    image = _gradient((1280, 720), (20, 20, 30), (60, 60, 90))
    ImageDraw.Draw(image).polygon([(560, 240), (560, 480), (760, 360)], fill=(250, 250, 250))
    return _jpeg(image)


def alpha_png() -> bytes:
    """A 640×480 RGBA PNG: a round button on a fully transparent background."""
    image = Image.new("RGBA", (640, 480), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((160, 80, 480, 400), fill=(30, 144, 255, 255))
    draw.ellipse((260, 180, 380, 300), fill=(255, 255, 255, 128))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def animated_gif() -> bytes:
    """A 120×90 GIF of 4 frames, 200 ms each, looping."""
    frames = []
    for n, colour in enumerate([(255, 0, 0), (0, 160, 0), (0, 0, 255), (240, 200, 0)]):
        frame = Image.new("RGB", (120, 90), (255, 255, 255))
        ImageDraw.Draw(frame).rectangle((n * 25, 20, n * 25 + 40, 70), fill=colour)
        frames.append(frame.convert("P", palette=Image.Palette.ADAPTIVE))
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


def avatar_jpeg(username: str) -> bytes:
    """A 48×48 avatar (X's ``_normal`` size) in a colour derived from the username."""
    digest = hashlib.sha1(username.lower().encode()).digest()
    image = Image.new("RGB", (48, 48), tuple(64 + b % 160 for b in digest[:3]))
    ImageDraw.Draw(image).text((17, 16), username[:1].upper(), fill=(255, 255, 255))
    return _jpeg(image)


_FIXED = {
    "sunset.jpg": ("image/jpeg", sunset_jpeg),
    "castle.jpg": ("image/jpeg", castle_jpeg),
    "video-preview.jpg": ("image/jpeg", video_preview_jpeg),
    "alpha.png": ("image/png", alpha_png),
    "anim.gif": ("image/gif", animated_gif),
}
NAMES = tuple(_FIXED)


@lru_cache(maxsize=64)
def image(name: str) -> tuple[str, bytes] | None:
    """(content type, bytes) of a served image, or None for an unknown name."""
    if name in _FIXED:
        content_type, draw = _FIXED[name]
        return content_type, draw()
    match = _AVATAR.match(name)
    if match:
        return "image/jpeg", avatar_jpeg(match.group(1))
    return None


def avatar_name(username: str) -> str:
    """The /_media/ name of a user's avatar."""
    return f"avatar-{username}.jpg"


def warm() -> None:
    """Draw the fixed images now, so the first request does not pay for it."""
    for name in NAMES:
        image(name)

"""Turn the bytes someone sent into a photo we can keep: checked, upright, without metadata.

The order matters for hostile input (bombs, huge headers, garbage):
1. the byte count, before anything parses the data;
2. the format, sniffed by Pillow from the bytes among JPEG, PNG, GIF, WebP
   and HEIF (never from a file name or a declared type);
3. the pixel count from the header, before any pixel is decoded (Pillow's own
   DecompressionBombError is caught too);
4. decoding the first frame only (an animated GIF becomes its first picture),
   with the EXIF orientation applied and every piece of metadata dropped (EXIF
   with GPS and serial numbers, XMP, ICC, comments): only pixels are kept;
5. the original re-encoded (JPEG, or PNG for images with transparency, PNGs and
   GIFs), at most MAX_SIDE pixels on its long side and within X's 5 MB image
   limit (xapi.md §2.5), and the variants made from the decoded picture.
"""

import io
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from . import convert
from .errors import PhotoRefused

pillow_heif.register_heif_opener()

INPUT_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "HEIF")
# Sources whose original is kept as PNG (lossless) when it fits X's limit.
_LOSSLESS_SOURCES = ("PNG", "GIF")
# Width → formats. Phones that show only GIF or PNG are classic keitai with screens
# of at most 240 px and small per-image limits, so 480 px is made in JPEG only.
VARIANTS = {120: ("gif", "jpeg", "png"), 240: ("gif", "jpeg", "png"), 480: ("jpeg",)}
VARIANT_WIDTHS = tuple(sorted(VARIANTS))
# Shrinking 2048 px to 480 with a box filter first, down to 1.5 times the width, costs
# a third of the plain Lanczos resize and changes pixels by under 1 level in 255.
VARIANT_REDUCING_GAP = 1.5
# How much below MAX_SIDE a reduced-scale JPEG decode may come out.
DRAFT_SLACK = 0.9
ORIGINAL_JPEG_QUALITIES = (90, 85, 80, 70, 60, 50)
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000
# X serves photos at most 2048 px wide in its "large" size; phones get 480 at most.
DEFAULT_MAX_SIDE = 2048
# X's image limit for media upload (xapi.md §2.5, DOCS media introduction).
DEFAULT_ORIGINAL_MAX_BYTES = 5 * 1024 * 1024


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default) or default)


@dataclass(frozen=True)
class EncodedVariant:
    """One variant's bytes and size."""

    width: int
    fmt: str
    pixel_width: int
    pixel_height: int
    data: bytes


@dataclass(frozen=True)
class Normalized:
    """A photo ready to store: its original and every variant, as bytes."""

    original: bytes
    fmt: str
    width: int
    height: int
    variants: tuple[EncodedVariant, ...]


def open_checked(data: bytes) -> Image.Image:
    """The image in `data`, opened but not decoded; PhotoRefused if it may not be decoded."""
    max_bytes = _limit("PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(data) > max_bytes:
        raise PhotoRefused(
            f"{len(data)} bytes is over {max_bytes}",
            format_lazy(_("The photo is too big (at most {mb} MB)."), mb=max_bytes // 2**20),
            code="too_big",
        )
    if not data:
        raise PhotoRefused("no data", _("The photo is empty."), code="not_image")
    try:
        image = Image.open(io.BytesIO(data), formats=INPUT_FORMATS)
    except Image.DecompressionBombError as exc:
        raise _too_large(str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise PhotoRefused(
            f"not an image: {exc!r}",
            _("This file is not a photo (JPEG, PNG, GIF or HEIC)."),
            code="not_image",
        ) from exc
    columns, rows = image.size
    if columns < 1 or rows < 1:
        raise PhotoRefused("empty image", _("The photo is broken."), code="broken")
    if columns * rows > _limit("PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS):
        raise _too_large(f"{columns}x{rows}")
    return image


def _too_large(detail: str) -> PhotoRefused:
    pixels = _limit("PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    return PhotoRefused(
        detail,
        format_lazy(
            _("The photo has too many pixels (at most {mp} megapixels)."), mp=pixels // 10**6
        ),
        code="too_large",
    )


def _decoded(image: Image.Image) -> Image.Image:
    """The first frame, upright and without metadata, at most MAX_SIDE on its long side."""
    max_side = _limit("PHOTO_MAX_SIDE", DEFAULT_MAX_SIDE)
    columns, rows = convert.shown_size(image)
    scale = min(1.0, max_side / max(columns, rows))
    try:
        if scale < 1 and image.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that is still nearly
            # MAX_SIDE: a camera's 4000 px become 2000 for a quarter of the work.
            near = scale * DRAFT_SLACK
            image.draft(None, (round(image.size[0] * near), round(image.size[1] * near)))
        picture = convert.upright(image)
        if max(picture.size) > max_side:
            picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    except Image.DecompressionBombError as exc:
        raise _too_large(str(exc)) from exc
    except Exception as exc:
        # Pillow reports broken input with many exception types (OSError for a
        # truncated file, SyntaxError, struct.error, EOFError...).
        raise PhotoRefused(
            f"cannot decode: {exc!r}",
            _("The photo is broken or incomplete."),
            code="broken",
        ) from exc
    return picture


def _original(picture: Image.Image, source_format: str) -> tuple[bytes, str]:
    """The original's bytes and format ("jpeg" or "png"), within X's size limit."""
    max_bytes = _limit("PHOTO_ORIGINAL_MAX_BYTES", DEFAULT_ORIGINAL_MAX_BYTES)
    if source_format in _LOSSLESS_SOURCES or picture.mode == "RGBA":
        out = io.BytesIO()
        picture.save(out, "PNG", compress_level=6)
        if out.tell() <= max_bytes:
            return out.getvalue(), "png"
    flat = convert.on_white(picture)
    data = b""
    for quality in ORIGINAL_JPEG_QUALITIES:
        out = io.BytesIO()
        flat.save(out, "JPEG", quality=quality, optimize=False, progressive=False)
        data = out.getvalue()
        if len(data) <= max_bytes:
            return data, "jpeg"
    # Still over at the lowest quality: a smaller picture will fit.
    smaller = flat.copy()
    while len(data) > max_bytes and max(smaller.size) > 256:
        smaller.thumbnail((smaller.width * 3 // 4, smaller.height * 3 // 4))
        out = io.BytesIO()
        smaller.save(out, "JPEG", quality=ORIGINAL_JPEG_QUALITIES[-1])
        data = out.getvalue()
    return data, "jpeg"


def _variants(picture: Image.Image) -> tuple[EncodedVariant, ...]:
    made = []
    # Widest first, each made from the one before: less resampling work.
    base = picture
    for width in sorted(VARIANT_WIDTHS, reverse=True):
        base = convert.scaled(base, width, reducing_gap=VARIANT_REDUCING_GAP)
        palettes = {}  # GIF and PNG of one width share their 256 colours
        for fmt in VARIANTS[width]:
            data = convert.encode(base, fmt, optimize=False, palettes=palettes)
            made.append(EncodedVariant(width, fmt, base.width, base.height, data))
    return tuple(sorted(made, key=lambda v: (v.width, v.fmt)))


def normalize(data: bytes) -> Normalized:
    """Check `data` and make the photo's original and variants; PhotoRefused if it will not do."""
    image = open_checked(data)
    source_format = image.format
    picture = _decoded(image)
    original, fmt = _original(picture, source_format)
    return Normalized(original, fmt, picture.width, picture.height, _variants(picture))

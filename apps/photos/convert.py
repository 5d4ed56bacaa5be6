"""Turn a fetched image into a small variant a phone can show.

Input must be a JPEG, PNG, GIF or WebP that Pillow identifies; its declared
size is checked before any pixel is decoded. Output is GIF, JPEG or PNG at the
requested width (never wider than the source), upright (EXIF orientation
applied) and without metadata (no EXIF, GPS, ICC profile or comments).
"""

import io

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from .errors import BadUpstream, ImageTooLarge

INPUT_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
CONTENT_TYPES = {"gif": "image/gif", "jpeg": "image/jpeg", "png": "image/png"}
DEFAULT_MAX_PIXELS = 24_000_000
JPEG_QUALITIES = (70, 60, 50, 40, 30)
PALETTE_COLOURS = (256, 128, 64, 32)
# Very tall strips would blow a phone's page budget at full width.
MAX_ASPECT = 4
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def make_variant(
    data: bytes,
    *,
    width: int,
    fmt: str,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int | None = None,
) -> bytes:
    """The encoded variant of the image in `data`; ImageRefused if it cannot be made."""
    try:
        # formats= keeps Pillow from trying every decoder it has (EPS would run Ghostscript).
        image = Image.open(io.BytesIO(data), formats=INPUT_FORMATS)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise BadUpstream(f"not an image: {exc}") from exc
    columns, rows = image.size
    if columns < 1 or rows < 1:
        raise BadUpstream("empty image")
    if columns * rows > max_pixels:
        raise ImageTooLarge(f"{columns}x{rows} is over {max_pixels} pixels")
    try:
        picture = _upright_and_small(image, width)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except Exception as exc:
        # Pillow reports broken input with many exception types (OSError,
        # SyntaxError, struct.error, EOFError...); all mean "unusable upstream image".
        raise BadUpstream(f"cannot decode: {exc!r}") from exc
    return encode(picture, fmt, max_bytes)


def _target_size(columns: int, rows: int, width: int) -> tuple[int, int]:
    scale = min(1.0, width / columns, (width * MAX_ASPECT) / rows)
    return max(1, round(columns * scale)), max(1, round(rows * scale))


def shown_size(image: Image.Image) -> tuple[int, int]:
    """(width, height) once the EXIF orientation is applied, read without decoding."""
    columns, rows = image.size
    if image.getexif().get(ExifTags.Base.Orientation, 1) in _ROTATED:
        return rows, columns
    return columns, rows


def _upright_and_small(image: Image.Image, width: int) -> Image.Image:
    size = _target_size(*shown_size(image), width)
    if image.format == "JPEG":
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: far less work for a thumbnail.
        rotated = image.getexif().get(ExifTags.Base.Orientation, 1) in _ROTATED
        image.draft(None, size[::-1] if rotated else size)
    return scaled(upright(image), width)


def upright(image: Image.Image) -> Image.Image:
    """The first frame decoded, EXIF orientation applied, as RGB or RGBA, without metadata."""
    image = ImageOps.exif_transpose(image)  # also decodes (the first frame only)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.info = {}
    return image


def scaled(image: Image.Image, width: int, *, reducing_gap: float = 3.0) -> Image.Image:
    """An upright image resized to `width` (never wider than it is, never over MAX_ASPECT).

    Pillow first shrinks by a whole factor with a box filter while the image stays
    `reducing_gap` times the target size; lower is faster (Pillow's documentation:
    3.0 is almost the same as without, 2.0 and less differs a little).
    """
    size = _target_size(*image.size, width)
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=reducing_gap)
        image.info = {}
    return image


def on_white(image: Image.Image) -> Image.Image:
    """An RGBA image flattened onto white (JPEG and GIF have no real transparency)."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _save(image: Image.Image, pil_format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, pil_format, **options)
    return out.getvalue()


def encode(
    image: Image.Image,
    fmt: str,
    max_bytes: int | None = None,
    *,
    optimize: bool = True,
    palettes: dict | None = None,
) -> bytes:
    """Encode, stepping quality (JPEG) or colours (GIF, PNG) down until `max_bytes` fits.

    `optimize=False` skips the slow extra compression passes of GIF and PNG (a few
    per cent bigger, several times faster), for images made in bulk. `palettes`, one
    dict per source image shared between calls, keeps the colour-reduced pictures,
    so the GIF and the PNG of an opaque image are quantised once.
    """
    palettes = {} if palettes is None else palettes
    attempts = []
    if fmt == "jpeg":
        flat = on_white(image)
        # Baseline (not progressive): many feature phones cannot decode progressive JPEG.
        attempts = [
            lambda q=quality: _save(flat, "JPEG", quality=q, optimize=True, progressive=False)
            for quality in JPEG_QUALITIES
        ]
    elif fmt == "gif":
        # GIF transparency is one colour; phones show a white-flattened image more reliably.
        flat = on_white(image)
        attempts = [
            lambda n=colours: _save(_palette(flat, n, palettes), "GIF", optimize=optimize)
            for colours in PALETTE_COLOURS
        ]
    elif fmt == "png":
        # 8-bit palette PNG: a third of truecolour's bytes, and older au phones
        # reduce to 256 colours anyway.
        attempts = [
            lambda n=colours: _save(_palette(image, n, palettes), "PNG", optimize=optimize)
            for colours in PALETTE_COLOURS
        ]
    else:
        raise ValueError(f"unknown output format {fmt!r}")
    data = b""
    for attempt in attempts:
        data = attempt()
        if max_bytes is None or len(data) <= max_bytes:
            break
    return data


def _palette(image: Image.Image, colours: int, palettes: dict) -> Image.Image:
    # Keyed by mode: the one source is either itself (opaque, RGB) or, for GIF, its
    # flattened RGB copy beside the RGBA original the PNG keeps.
    key = (image.mode, colours)
    if key not in palettes:
        palettes[key] = _quantized(image, colours)
    return palettes[key]


def _quantized(image: Image.Image, colours: int) -> Image.Image:
    method = Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT
    quantized = image.quantize(colors=colours, method=method)
    quantized.info = {}
    return quantized

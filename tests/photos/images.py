"""Images the tests serve, generated with Pillow (no binary fixtures in the repo)."""

import io
import struct
import zlib

from PIL import ExifTags, Image, ImageCms

RED = (220, 20, 20)
BLUE = (20, 20, 220)
GREEN = (20, 200, 20)


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def quadrant_picture(size=(800, 600)) -> Image.Image:
    """Blue with a red top-left quadrant, so rotation shows where red ends up."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1] // 2))
    return image


def jpeg_with_exif(size=(800, 600), orientation=6, gps=True) -> bytes:
    """A JPEG whose EXIF says "rotate 90° clockwise to display" and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "yubitter-test-camera"
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(
            {
                ExifTags.GPS.GPSLatitudeRef: "N",
                ExifTags.GPS.GPSLatitude: (35.0, 39.0, 29.0),
                ExifTags.GPS.GPSLongitudeRef: "E",
                ExifTags.GPS.GPSLongitude: (139.0, 44.0, 28.0),
            }
        )
    return _encode(quadrant_picture(size), "JPEG", quality=90, exif=exif.tobytes())


def jpeg_with_profile_and_comment(size=(300, 200)) -> bytes:
    """A JPEG carrying an ICC profile and a comment, both of which must not be passed on."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _encode(
        quadrant_picture(size), "JPEG", icc_profile=profile, comment=b"yubitter-test-comment"
    )


def plain_jpeg(size=(1200, 900), quality=90) -> bytes:
    return _encode(quadrant_picture(size), "JPEG", quality=quality)


def png_with_alpha(size=(400, 300)) -> bytes:
    """Transparent left half, opaque green right half."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((*GREEN, 255), (size[0] // 2, 0, size[0], size[1]))
    return _encode(image, "PNG")


def animated_gif(size=(300, 200)) -> bytes:
    """Three frames: red, green, blue."""
    frames = [Image.new("RGB", size, colour) for colour in (RED, GREEN, BLUE)]
    return _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def webp(size=(640, 480)) -> bytes:
    return _encode(quadrant_picture(size), "WEBP", quality=80)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height`: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )

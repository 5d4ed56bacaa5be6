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


def _png(header: bytes, pixels: bytes) -> bytes:
    """A PNG file from its IHDR fields and compressed pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height`: a decompression bomb's calling card."""

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return _png(header, zlib.compress(b"\x00" * 1024, 9))


def camera_exif(orientation: int) -> Image.Exif:
    """What a phone camera writes: orientation, make, body serial number and GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "yubitter-test-camera"
    exif[ExifTags.Base.BodySerialNumber] = "SERIAL-0042-YUBITTER"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (35.0, 39.0, 29.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (139.0, 44.0, 28.0),
        }
    )
    return exif


def camera_jpeg(size=(4000, 3000), orientation=6, seed=1, quality=85) -> bytes:
    """A camera-like JPEG: noisy pixels (hard to compress), EXIF with GPS, serial and orientation.

    The red top-left quadrant makes rotation visible, as in `quadrant_picture`.
    """
    import random

    rng = random.Random(seed)
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).convert("RGB")
    picture = Image.blend(quadrant_picture(size), noise, 0.12)
    return _encode(picture, "JPEG", quality=quality, exif=camera_exif(orientation).tobytes())


def gif_with_frames(count: int, size=(40, 30)) -> bytes:
    """An animated GIF of `count` one-pixel frames, written byte by byte (GIF89a).

    Cheap to make and small, but a decoder that walks every frame pays for all.
    """
    header = b"GIF89a" + struct.pack("<HHBBB", *size, 0x80, 0, 0) + bytes([255, 0, 0, 0, 0, 255])
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    frame = (
        b"\x21\xf9\x04\x00\x02\x00\x00\x00"  # graphic control: 20 ms
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0)  # a 1x1 image at 0,0
        + b"\x02\x02\x44\x01\x00"  # LZW: clear, pixel 0, end
    )
    return header + loop + frame * count + b"\x3b"


def heic(size=(640, 480)) -> bytes:
    """A HEIC photo (what iPhones send), written with pillow-heif."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return _encode(quadrant_picture(size), "HEIF", quality=80)


def png_bomb(side=20_000) -> bytes:
    """A real decompression bomb: a `side`×`side` all-black PNG, a few hundred KB of zlib."""

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return _png(header, pixels)

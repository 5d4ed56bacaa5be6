"""Helpers to look at what a stored photo left in its storage."""

import io

from PIL import ExifTags, Image

from apps.photos.models import Photo
from apps.photos.storage import photo_storage


def stored_files(photo: Photo) -> dict[str, bytes]:
    """Every file of `photo` (the original and each variant) by storage name."""
    storage = photo_storage()
    names = [photo.original_name, *(v.name for v in photo.variants.all())]
    files = {}
    for name in names:
        with storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return files


def assert_no_metadata(data: bytes) -> None:
    """No EXIF (so no GPS, serial, orientation), XMP, ICC profile or comment in `data`."""
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    assert len(exif) == 0, dict(exif)
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "icc_profile", "comment", "xmp", "XML:com.adobe.xmp"} & set(image.info)
    for marker in (b"Exif", b"yubitter-test-camera", b"SERIAL-0042", b"GPS"):
        assert marker not in data


def near(colour, expected, tolerance=60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected, strict=True))

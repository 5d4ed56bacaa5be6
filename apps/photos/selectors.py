"""Reads for photo pages: a photo by its key, and the variants a device should get."""

import re
from dataclasses import dataclass

from apps.keitai.context_processors import best_image_format, thumb_width

from .models import EXTENSIONS, Photo, PhotoVariant

# What services.new_key makes (token_urlsafe): checked before the database is asked.
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,43}$")
_FORMAT_BY_EXTENSION = {ext: fmt for fmt, ext in EXTENSIONS.items()}


def photo_by_key(key: str) -> Photo | None:
    """The photo with this key, or None (a malformed key never reaches the database)."""
    if not _KEY.match(key):
        return None
    return Photo.objects.filter(key=key).first()


def variant_by_path(key: str, width: int, extension: str) -> PhotoVariant | None:
    """The variant `/ph/<key>/<width>.<ext>` names, or None."""
    fmt = _FORMAT_BY_EXTENSION.get(extension)
    if fmt is None or not _KEY.match(key):
        return None
    return (
        PhotoVariant.objects.select_related("photo")
        .filter(photo__key=key, width=width, format=fmt)
        .first()
    )


@dataclass(frozen=True)
class ShownPhoto:
    """What a photo page shows a device: an inline variant and a larger one to link to."""

    photo: Photo
    shown: PhotoVariant | None
    larger: PhotoVariant | None


def for_device(photo: Photo, device) -> ShownPhoto:
    """The variant that fits `device`'s screen in a format it displays, and the next larger.

    The format is the one the image proxy picks (JPEG, else PNG, else GIF); a
    device that shows no images gets no inline one, only a link to the largest JPEG.
    """
    fmt = best_image_format(device.image_formats)
    in_format = sorted(
        (v for v in photo.variants.all() if v.format == (fmt or "jpeg")), key=lambda v: v.width
    )
    if not in_format:
        return ShownPhoto(photo, None, None)
    if fmt is None:
        return ShownPhoto(photo, None, in_format[-1])
    fitting = [v for v in in_format if v.width <= thumb_width(device)]
    shown = fitting[-1] if fitting else in_format[0]
    larger = next((v for v in in_format if v.width > shown.width), None)
    return ShownPhoto(photo, shown, larger)

"""Images uploaded through X's media upload, kept in the emulator's memory.

An accepted upload becomes a photo ``Media`` record (so ``POST /2/tweets``
with ``media.media_ids`` attaches it and timelines show it) and its bytes are
served under ``/_media/upload-<id>.<ext>`` when local media is on, as the
seeded images are. Limits and types follow xapi.md §2.5: images up to 5 MB,
the one-shot upload takes images only.
"""

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

from PIL import Image, UnidentifiedImageError

from .ids import snowflake
from .records import Media
from .text import tco_url

MAX_IMAGE_BYTES = 5 * 1024 * 1024
EXPIRES_AFTER_SECS = 86400
# Pillow's name → (media type, file extension). X converts other image types.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
    "BMP": ("image/bmp", "bmp"),
    "TIFF": ("image/tiff", "tiff"),
}
_sequence = count()


class UploadRefused(ValueError):
    """The bytes are not an image X would take (the message is X-like wording)."""


@dataclass
class Upload:
    """One uploaded image: who uploaded it, its bytes and media type."""

    owner_id: str
    content_type: str
    data: bytes


def local_name(media_id: str, extension: str) -> str:
    """The /_media/ name an uploaded image is served under."""
    return f"upload-{media_id}.{extension}"


def accept_image(state, owner_id: str, data: bytes) -> Media:
    """Store an uploaded image in `state`; its Media record, or UploadRefused."""
    if not data:
        raise UploadRefused("media: The media file is empty.")
    if len(data) > MAX_IMAGE_BYTES:
        raise UploadRefused(f"media: File size exceeds {MAX_IMAGE_BYTES} bytes.")
    try:
        image = Image.open(io.BytesIO(data), formats=tuple(IMAGE_FORMATS))
        width, height = image.size
        image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise UploadRefused("media: Unsupported or invalid image.") from None
    content_type, extension = IMAGE_FORMATS[image.format]
    media_id = snowflake(datetime.now(UTC), next(_sequence))
    name = local_name(media_id, extension)
    code = tco_url(f"media:{media_id}").rsplit("/", 1)[1]
    item = Media(
        media_key=f"3_{media_id}",
        type="photo",
        width=width,
        height=height,
        url=f"https://pbs.twimg.com/media/{code}.{extension}",
        local_name=name,
    )
    with state.lock:
        state.media[item.media_key] = item
        state.uploads[name] = Upload(owner_id, content_type, data)
    return item


def uploaded(state, name: str) -> tuple[str, bytes] | None:
    """(media type, bytes) of an uploaded image served as `name`, if any."""
    upload = state.uploads.get(name)
    return (upload.content_type, upload.data) if upload else None


def usable_by(state, media_key: str, user_id: str) -> bool:
    """Whether `user_id` may attach the media: seeded media, or an image they uploaded.

    X: media ids "must belong to the posting user" (xapi.md §2.5).
    """
    item = state.media.get(media_key)
    upload = state.uploads.get(item.local_name) if item and item.local_name else None
    return upload is None or upload.owner_id == user_id

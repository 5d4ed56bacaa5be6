"""X's media upload (v2, one-shot): the bytes of one image in, X's media id out.

``POST /2/media/upload`` with a multipart body: ``media`` (the file) and
``media_category`` (required: ``tweet_image``), per X's OpenAPI spec 2.166
(MediaUploadRequestOneShot) and xapi.md §2.5. Multipart bodies are not part of
the OAuth 1.0a signature (xapi.md §1.6). The answer is ``{"data": {"id",
"media_key", "size", "expires_after_secs"}}``; uploads seen in 2025 came
without the ``data`` wrapper, so both are read. The id goes into
``POST /2/tweets`` as ``media.media_ids`` (strings) within 24 hours.
"""

from __future__ import annotations

import re

from .. import errors
from ..transport import Transport

UPLOAD_PATH = "/2/media/upload"
# The one-shot upload takes images only (spec: MediaUploadRequestOneShot.media_type).
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff")
# X's image limit (xapi.md §2.5; DOCS media introduction): 5 MB.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
_MEDIA_ID = re.compile(r"^[0-9]{1,19}$")
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class MediaCalls(Transport):
    """Media upload."""

    def upload_media(self, data: bytes, media_type: str, *, category: str = "tweet_image") -> str:
        """Upload one image (JPEG, PNG...) for the user; X's media id (a string of digits).

        ValueError for a type the one-shot upload does not take or an empty or
        over-limit file (checked here so a refusal costs no call); X's refusals are
        the usual typed errors, a tier without media being Forbidden with kind
        "tier" and action "media".
        """
        if media_type not in IMAGE_TYPES:
            raise ValueError(f"X's one-shot upload takes images, not {media_type!r}")
        if not data or len(data) > MAX_IMAGE_BYTES:
            raise ValueError(
                f"an image for X must be 1 to {MAX_IMAGE_BYTES} bytes, not {len(data)}"
            )
        name = f"photo.{_EXTENSIONS.get(media_type, 'img')}"
        response = self._send(
            "POST",
            UPLOAD_PATH,
            files={
                "media": (name, data, media_type),
                "media_category": (None, category),
                "media_type": (None, media_type),
            },
            expect=(200, 201),
            action="media",
        )
        body = self._decode(response)
        item = body.get("data") if isinstance(body.get("data"), dict) else body
        media_id = str(item.get("id") or item.get("media_id_string") or "")
        if not _MEDIA_ID.match(media_id):
            raise errors.Unavailable(response.status_code, "X took the image but sent no media id")
        return media_id

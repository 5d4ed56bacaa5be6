"""Why an image was refused, and what the person is told.

The image proxy's refusals carry an HTTP status and a short public phrase; the
detailed reason (the exception message) is only logged, never sent to the
phone. A stored photo (``services.store_photo``) fails with PhotoRefused (the
image itself will never do: `message` says why, in the person's language) or
StorageUnavailable (the store is down: try again later, nothing was kept).
"""

from django.utils.translation import gettext_lazy as _


class ImageRefused(Exception):
    """The proxy will not serve this image."""

    status = 502
    phrase = "image unavailable"
    code = "unavailable"


class ForbiddenSource(ImageRefused):
    """The URL, host or address is not one the proxy may fetch."""

    status = 403
    phrase = "forbidden"
    code = "forbidden"


class SourceNotFound(ImageRefused):
    """The upstream says the image does not exist."""

    status = 404
    phrase = "not found"
    code = "not_found"


class ImageTooLarge(ImageRefused):
    """Too many bytes or pixels, or a decompression bomb."""

    status = 413
    phrase = "image too large"
    code = "too_large"


class BadUpstream(ImageRefused):
    """The upstream failed, redirected, was too slow or sent no usable image."""

    status = 502
    phrase = "bad upstream image"
    code = "bad_upstream"


BY_CODE = {cls.code: cls for cls in (ForbiddenSource, SourceNotFound, ImageTooLarge, BadUpstream)}


class PhotoError(Exception):
    """A photo could not be stored; `message` is for the person who sent it."""

    code = "error"
    message = _("The photo could not be stored.")

    def __init__(self, detail: str = "", message=None, *, code: str | None = None):
        super().__init__(detail or str(self.message))
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code


class PhotoRefused(PhotoError):
    """The data is not an image we take (not an image, broken, a bomb, over a limit).

    Sending the same data again will not help. `code` says which kind:
    "not_image", "broken", "too_big" (bytes), "too_large" (pixels or a bomb).
    """

    code = "refused"
    message = _("This file is not a photo yubitter can use.")


class StorageUnavailable(PhotoError):
    """The photo store (S3 or the disk) failed or timed out; nothing was kept. Retry later."""

    code = "storage"
    message = _("Photos cannot be stored right now. Please try again later.")

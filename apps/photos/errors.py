"""Why the image proxy refused an image, and what the phone is told.

Each refusal carries an HTTP status and a short public phrase; the detailed
reason (the exception message) is only logged, never sent to the phone.
"""


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

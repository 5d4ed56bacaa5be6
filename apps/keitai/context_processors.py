"""What templates know about the device: its profile, document shape and images."""

from __future__ import annotations

from .detect import detect_request
from .inline_css import screen_stylesheet
from .markup import document_for

# Preference when a device shows several formats: small photos, then lossless.
_IMAGE_PREFERENCE = ("jpeg", "png", "gif")
_MAX_THUMB_WIDTH = 480
_DEFAULT_KEITAI_WIDTH = 120
_DEFAULT_WIDTH = 240
_MARGIN = 8


def best_image_format(formats: tuple[str, ...]) -> str | None:
    """The format to ask the image proxy for: JPEG, else PNG, else GIF; None for none."""
    for name in _IMAGE_PREFERENCE:
        if name in formats:
            return name
    return None


def thumb_width(device) -> int:
    """Pixel width for an inline image: the screen less a margin, within bounds."""
    if device.screen_width:
        return max(48, min(device.screen_width - _MARGIN, _MAX_THUMB_WIDTH))
    return _DEFAULT_KEITAI_WIDTH if device.is_keitai else _DEFAULT_WIDTH


def device(request):
    """What templates know of the device: its profile, document, screen CSS and image size."""
    dev = getattr(request, "device", None)
    if dev is None:
        dev = request.device = detect_request(request)
    document = document_for(dev)
    return {
        "device": dev,
        "keitai_document": document,
        "screen_css": screen_stylesheet() if document.landmarks else "",
        "image_format": best_image_format(dev.image_formats),
        "thumb_width": thumb_width(dev),
    }

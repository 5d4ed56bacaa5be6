"""The image proxy endpoint: a signed link in, a small image (or a short refusal) out."""

import logging

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from . import signing
from .errors import ImageRefused
from .proxy import fetch_variant

logger = logging.getLogger(__name__)

CACHE_CONTROL = "public, max-age=86400"


def _refusal(status: int, phrase: str) -> HttpResponse:
    response = HttpResponse(f"{phrase}\n", status=status, content_type="text/plain; charset=utf-8")
    response["Content-Length"] = str(len(response.content))
    return response


@require_safe
def image(request, signature: str, width: int, fmt: str):
    """Serve the signed variant of the image at `?u=`."""
    source_url = request.GET.get("u", "")
    if not signing.verify(signature, source_url, width=width, fmt=fmt):
        return _refusal(403, "forbidden")
    try:
        variant = fetch_variant(source_url, width, fmt)
    except ImageRefused as refused:
        logger.info("image proxy refused %s: %s", source_url, refused)
        return _refusal(refused.status, refused.phrase)
    except Exception:
        # Bad input must never become a 500 (DESIGN.md, security rules).
        logger.exception("image proxy failed on %s", source_url)
        return _refusal(502, "image unavailable")
    response = HttpResponse(variant.data, content_type=variant.content_type)
    response["Content-Length"] = str(len(variant.data))
    response["Cache-Control"] = CACHE_CONTROL
    return response

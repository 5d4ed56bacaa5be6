"""The image proxy endpoint (a signed link in, a small image out) and the photo pages."""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors, signing, storage
from .errors import ImageRefused, StorageUnavailable
from .proxy import fetch_variant

logger = logging.getLogger(__name__)

CACHE_CONTROL = "public, max-age=86400"
PHOTO_CACHE_CONTROL = "public, max-age=604800, immutable"


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


@require_safe
def photo(request, key: str):
    """A photo's page: the variant that fits the phone, and a link to a larger one."""
    found = selectors.photo_by_key(key)
    if found is None:
        raise Http404("no such photo")
    shown = selectors.for_device(found, request.device)
    response = render(request, "photos/photo.html", {"shown": shown})
    # Reachable by its key alone: whoever has the link may look, search engines need not.
    response["X-Robots-Tag"] = "noindex, noimageindex"
    return response


@require_safe
def photo_image(request, key: str, width: int, ext: str):
    """One variant's bytes, read from the photo store."""
    variant = selectors.variant_by_path(key, width, ext)
    if variant is None:
        return _refusal(404, "not found")
    try:
        data = storage.read(variant.name)
    except StorageUnavailable:
        return _refusal(503, "photo unavailable, try again later")
    response = HttpResponse(data, content_type=variant.content_type)
    response["Content-Length"] = str(len(data))
    # The URL is unguessable and its bytes never change.
    response["Cache-Control"] = PHOTO_CACHE_CONTROL
    response["X-Robots-Tag"] = "noindex"
    return response

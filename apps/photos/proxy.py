"""Thumbnails of X media for phones: fetch once, convert, keep the variant.

`fetch_variant` is the one entry point. A variant made once is kept in the
default storage (the file system, or S3 in production), so each source image
is fetched from X once per width and format; a refusal is remembered briefly
in the cache so a broken link on a busy page is not re-fetched on every view.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import convert
from .errors import BY_CODE, ImageRefused
from .fetch import fetch_image
from .signing import FORMATS, WIDTHS

logger = logging.getLogger(__name__)

STORAGE_PREFIX = "photos/proxy"
EXTENSIONS = {"gif": "gif", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class Variant:
    """A ready-to-send image: its bytes and Content-Type."""

    data: bytes
    content_type: str


def variant_key(source_url: str, width: int, fmt: str) -> str:
    """The storage name of one variant of one source image."""
    digest = hashlib.sha256(f"{source_url}|{width}|{fmt}".encode()).hexdigest()
    return f"{STORAGE_PREFIX}/{digest[:2]}/{digest}.{EXTENSIONS[fmt]}"


def _refusal_key(storage_key: str) -> str:
    return "photos:refused:" + storage_key.rsplit("/", 1)[-1]


def fetch_variant(source_url: str, width: int, fmt: str) -> Variant:
    """The `width`-pixel `fmt` variant of `source_url`, from storage or made now.

    Raises ImageRefused (with the HTTP status to answer) when the source may not
    be fetched or is not a usable image; ValueError for a width or format
    outside the allowed sets.
    """
    if width not in WIDTHS or fmt not in FORMATS:
        raise ValueError(f"no variant {width}/{fmt}")
    key = variant_key(source_url, width, fmt)
    content_type = convert.CONTENT_TYPES[fmt]
    stored = _read_stored(key)
    if stored is not None:
        return Variant(stored, content_type)
    refused = cache.get(_refusal_key(key))
    if refused in BY_CODE:
        raise BY_CODE[refused]("refused recently (cached)")
    try:
        source = fetch_image(source_url)
        data = convert.make_variant(
            source,
            width=width,
            fmt=fmt,
            max_pixels=getattr(settings, "IMAGE_PROXY_MAX_PIXELS", convert.DEFAULT_MAX_PIXELS),
            max_bytes=getattr(settings, "IMAGE_PROXY_MAX_VARIANT_BYTES", None) or None,
        )
    except ImageRefused as exc:
        ttl = getattr(settings, "IMAGE_PROXY_REFUSAL_TTL", 60)
        if ttl and exc.code in BY_CODE:
            cache.set(_refusal_key(key), exc.code, ttl)
        raise
    _store(key, data)
    return Variant(data, content_type)


def _read_stored(key: str) -> bytes | None:
    try:
        with default_storage.open(key, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None
    except Exception:
        # The store is an optimisation: when it is down, make the variant again.
        logger.exception("reading stored image variant %s failed", key)
        return None


def _store(key: str, data: bytes) -> None:
    try:
        saved = default_storage.save(key, ContentFile(data))
        if saved != key:
            # Another request stored the same variant first; keep one copy.
            default_storage.delete(saved)
    except Exception:
        logger.exception("storing image variant %s failed", key)

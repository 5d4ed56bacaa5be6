"""Signed proxy URLs: only images the gateway itself linked can be fetched.

A page links ``/img/<signature>/<width>/<fmt>/?u=<source>``; the signature is an
HMAC-SHA256 over (width, format, source URL) keyed from SECRET_KEY with the salt
below, so a phone cannot make the proxy fetch other URLs or other sizes.
"""

import base64
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "yubitter.photos.proxy"
# A fixed set bounds how many variants one source can produce (and be stored).
WIDTHS = (48, 96, 120, 176, 240, 320, 480)
FORMATS = ("gif", "jpeg", "png")
FORMAT_ALIASES = {"jpg": "jpeg"}
# 128 of the 256 bits: short enough for keitai page budgets, far beyond guessing.
SIGNATURE_BYTES = 16


def signature(source_url: str, *, width: int, fmt: str, secret: str | None = None) -> str:
    """The URL-safe signature of one variant of one source image."""
    mac = salted_hmac(SALT, f"{width}|{fmt}|{source_url}", secret=secret, algorithm="sha256")
    return base64.urlsafe_b64encode(mac.digest()[:SIGNATURE_BYTES]).decode().rstrip("=")


def verify(sig: str, source_url: str, *, width: int, fmt: str) -> bool:
    """Whether `sig` was made by this site (current key or a fallback) for this variant."""
    if width not in WIDTHS or fmt not in FORMATS or not source_url:
        return False
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    # Check every key so the time taken does not tell which one matched.
    matched = False
    for secret in secrets:
        expected = signature(source_url, width=width, fmt=fmt, secret=secret)
        matched |= constant_time_compare(expected, sig)
    return matched


def normalize_format(fmt: str) -> str:
    """The canonical name of an output format ("jpg" → "jpeg"); ValueError if unknown."""
    fmt = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    return fmt


def fit_width(width: int) -> int:
    """The largest allowed width that is not wider than `width` (at least the smallest)."""
    fitting = [allowed for allowed in WIDTHS if allowed <= int(width)]
    return fitting[-1] if fitting else WIDTHS[0]


def signed_image_url(source_url: str, *, width: int, fmt: str) -> str:
    """The gateway path that serves `source_url` as a `width`-pixel-wide `fmt` image."""
    if width not in WIDTHS:
        raise ValueError(f"width {width} is not one of {WIDTHS}")
    fmt = normalize_format(fmt)
    path = reverse(
        "photos:image",
        kwargs={
            "signature": signature(source_url, width=width, fmt=fmt),
            "width": width,
            "fmt": fmt,
        },
    )
    # ":" and "/" are legal in a query (RFC 3986 §3.4) and keep the link short.
    return f"{path}?u={quote(source_url, safe=':/')}"

"""The dispatcher: ask each carrier family in turn, then mark crawlers.

Crawlers are reported as ``device_class="crawler"`` but keep the profile of the
UA they wear (a Googlebot-Mobile in a docomo UA gets docomo's markup, charset and
budgets), so indexed pages look like the phone's; they never get ``guid=ON`` or
a subscriber-ID header name, and never a session id in URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from ..device import Device
from .au import au
from .crawlers import is_crawler
from .docomo import docomo
from .emobile import emobile
from .headers import relevant_headers
from .modern import modern
from .softbank import softbank
from .willcom import willcom

MAX_UA_LENGTH = 1024


def detect(
    user_agent: str | None,
    headers: Mapping[str, str] | None = None,
    *,
    is_secure: bool = False,
) -> Device:
    """Profile the device that sent ``user_agent`` and ``headers``.

    ``headers`` may use the names as sent (any case) or ``request.META`` keys
    (``HTTP_X_UP_DEVCAP_SCREENPIXELS``). ``is_secure`` is whether the request
    came over HTTPS (au keeps a different cookie jar there).
    """
    # Real UAs stay well below this; a longer one is cut so that matching time
    # and the cache's memory stay bounded whatever a client sends.
    ua = (user_agent or "")[:MAX_UA_LENGTH]
    return detect_cached(ua, relevant_headers(headers), bool(is_secure))


def detect_request(request) -> Device:
    """``detect()`` for a Django request."""
    meta = request.META
    return detect(meta.get("HTTP_USER_AGENT", ""), meta, is_secure=request.is_secure())


@lru_cache(maxsize=4096)
def detect_cached(ua: str, hv: tuple[str | None, ...], is_secure: bool) -> Device:
    """The profile for a cut UA and its relevant header values (see `headers`)."""
    device = (
        docomo(ua)
        or au(ua, hv, is_secure)
        or softbank(ua, hv)
        or willcom(ua)
        or emobile(ua)
        or modern(ua, hv)
    )
    if is_crawler(ua):
        device = replace(
            device, device_class="crawler", needs_guid=False, subscriber_id_header=None
        )
    return device

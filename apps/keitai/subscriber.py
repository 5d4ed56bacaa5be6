"""The phone's subscriber ID, only when it can be believed.

X-DCMGUID (docomo, needs ``guid=ON``), X-UP-SUBNO (au), X-JPHONE-UID
(SoftBank) and X-EM-UID (EMOBILE) are added by the carrier's gateway; anyone
else can send them too. They are trusted only when the client address is one
of that carrier's gateway addresses (``ipranges``) and that address is known
the way the deployment says (``KEITAI_CLIENT_ADDRESS_HEADER``: empty means the
socket's REMOTE_ADDR; a header name means the one value the trusted reverse
proxy in front of the gateway writes, e.g. ``X-Real-IP``).
"""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

from django.conf import settings

from .ipranges import is_carrier_address

__all__ = ["SubscriberId", "client_address", "trusted_subscriber_id"]

logger = logging.getLogger(__name__)

# Real values: docomo 7 alphanumerics, au "05001234567890_xx.ezweb.ne.jp",
# SoftBank 16 alphanumerics; anything else is noise or a probe.
_VALUE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{3,63}$")


class SubscriberId(NamedTuple):
    """A carrier subscriber ID that came through the carrier's gateway."""

    carrier: str
    value: str


def client_address(request) -> str | None:
    """The client's address, as the deployment says to learn it."""
    header = getattr(settings, "KEITAI_CLIENT_ADDRESS_HEADER", "") or ""
    if not header:
        return request.META.get("REMOTE_ADDR") or None
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    # X-Forwarded-For style lists: the trusted proxy appends the address it
    # saw, so only the last entry is its own word.
    value = raw.rsplit(",", 1)[-1].strip()
    return value or None


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def trusted_subscriber_id(request) -> SubscriberId | None:
    """The subscriber ID of this request's phone, or None if absent or not believable.

    A header that arrives from outside the carrier's gateway ranges is ignored
    and logged: it is either a misconfigured proxy or someone trying IDs.
    """
    if not getattr(settings, "KEITAI_EASY_LOGIN", True):
        return None
    device = getattr(request, "device", None)
    if device is None or not device.subscriber_id_header or not device.carrier:
        return None
    value = request.META.get(_meta_key(device.subscriber_id_header), "").strip()
    if not value:
        return None
    address = client_address(request)
    if not address or not is_carrier_address(device.carrier, address):
        logger.warning(
            "ignoring %s from %s: not a %s gateway address",
            device.subscriber_id_header,
            address or "an unknown address",
            device.carrier,
        )
        return None
    if not _VALUE_RE.match(value):
        logger.warning("ignoring a malformed %s from %s", device.subscriber_id_header, address)
        return None
    return SubscriberId(device.carrier, value)

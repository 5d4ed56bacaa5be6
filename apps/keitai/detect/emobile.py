"""EMOBILE handsets."""

from __future__ import annotations

import re

from ..device import Device
from .values import KB

# emobile/1.0.0 (H11T; like Gecko; Wireless) NetFront/3.4, and the two
# handsets that send a generic UA with the model name appended or embedded.
_EMOBILE_RE = re.compile(
    r"^(?:emobile/[\d.]+ \(([^;)]+)"
    r"|Mozilla/5\.0 \(([A-Z]\d{2}[A-Z]{1,3}); like Gecko; OpenBrowser\)"
    r"|Mozilla/4\.0 \(compatible; MSIE [\d.]+; Windows CE; IEMobile [\d.]+\) "
    r"([A-Z]\d{2}[A-Z]{1,3})$)"
)
_NETFRONT_RE = re.compile(r"NetFront/(\d+\.\d+)")


def emobile(ua: str) -> Device | None:
    """The profile of an EMOBILE handset, or None for another UA."""
    if not (ua.startswith("emobile/") or ua.startswith("Mozilla/")):
        return None
    match = _EMOBILE_RE.match(ua)
    if not match:
        return None
    model = match.group(1) or match.group(2) or match.group(3)
    netfront = _NETFRONT_RE.search(ua)
    return Device(
        device_class="emobile",
        carrier="emobile",
        model=model.strip(),
        browser=f"NetFront {netfront.group(1)}" if netfront else "IEMobile",
        markup="xhtml-mp",
        content_type="text/html",
        charset="utf-8",
        # jpmobile treats EMOBILE as cookie-less.
        cookies=False,
        page_budget=100 * KB,
        markup_budget=100 * KB,
        image_formats=("gif", "jpeg", "png"),
        is_keitai=True,
        is_mobile=True,
        subscriber_id_header="X-EM-UID",
        accesskeys=True,
        emoji="text",
    )

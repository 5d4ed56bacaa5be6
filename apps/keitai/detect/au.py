"""au EZweb: WAP 2.0 (KDDI-) and WAP 1 (UP.Browser/) handsets."""

from __future__ import annotations

import re

from ..device import Device
from .headers import ISCOLOR, MAX_PDU, SCREENDEPTH, SCREENPIXELS
from .values import KB, capped_budget, pair, to_int

# WAP 2.0: KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0;
# WAP 1 (cdmaOne, TU-KA): UP.Browser/3.04-KCTA UP.Link/3.4.5.9.
_AU_WAP2_RE = re.compile(r"^KDDI-([A-Za-z0-9]+) UP\.Browser/(\d+)\.(\d+)")
_AU_WAP1_RE = re.compile(r"^UP\.Browser/(\d+)\.(\d+)[^-\s]*-([A-Za-z0-9]+)")


def au(ua: str, hv: tuple[str | None, ...], is_secure: bool) -> Device | None:
    """The profile of an au EZweb handset, or None for another UA."""
    if not (ua.startswith("KDDI-") or ua.startswith("UP.Browser/")):
        return None
    match = _AU_WAP2_RE.match(ua)
    if match:
        wap2 = True
        model, browser = match.group(1), f"UP.Browser {match.group(2)}.{match.group(3)}"
    else:
        match = _AU_WAP1_RE.match(ua)
        if not match:
            return None
        wap2 = False
        model, browser = match.group(3), f"UP.Browser {match.group(1)}.{match.group(2)}"

    width, height = pair(hv[SCREENPIXELS], ",")
    colors = None
    depth = to_int((hv[SCREENDEPTH] or "").partition(",")[0])
    if depth is not None and depth < 32:
        colors = 2**depth
    elif hv[ISCOLOR] == "0":
        colors = 2
    max_pdu = to_int(hv[MAX_PDU])
    if max_pdu:
        page_budget = markup_budget = capped_budget(max_pdu)
    elif wap2:
        # A100x/A300x/A500x/W11+ cache >= 100 KB; text ~9 KB on WAP 2.0 models.
        page_budget, markup_budget = 100 * KB, 9 * KB
    else:
        page_budget = markup_budget = 5 * KB

    return Device(
        device_class="au",
        carrier="au",
        model=model,
        browser=browser,
        # WAP 1 phones get C-HTML converted to HDML by the EZ server.
        markup="xhtml-mp" if wap2 else "chtml",
        content_type="text/html",
        charset="cp932",
        # EZweb keeps cookies on the EZ gateway for HTTP; over end-to-end TLS
        # only the handset's jar is sent, so HTTPS counts as cookie-less (as
        # jpmobile does).
        cookies=not is_secure,
        screen_width=width,
        screen_height=height,
        colors=colors,
        page_budget=page_budget,
        markup_budget=markup_budget,
        image_formats=("gif", "jpeg", "png") if wap2 else ("png",),
        is_keitai=True,
        is_mobile=True,
        subscriber_id_header="X-UP-SUBNO",
        accesskeys=True,
        emoji="au",
        supports_css=wap2,
        external_css=wap2,
        supports_utf8_input=False,
        hankaku_kana=True,
        https_ok=wap2,
    )

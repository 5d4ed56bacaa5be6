"""SoftBank, with Vodafone and J-PHONE before it: 3GC, W, P and C type handsets."""

from __future__ import annotations

import re

from ..device import Device
from .headers import JCOLOR, JDISPLAY, MSNAME
from .values import KB, pair, to_int

# 3GC: SoftBank/1.0/910T/TJ001/SN..., Vodafone/1.0/V903SH/SHJ001/..., the PC
# emulators Semulator/Vemulator, and Motorola's MOT-V980/... handsets.
_SB_3GC_RE = re.compile(
    r"^(?:SoftBank|Vodafone|Semulator|Vemulator)(?=[/\s]|$)(?:/\d+\.\d+/([^/\s]+))?"
)
_SB_MOT_RE = re.compile(r"^MOT(?:-([A-Za-z0-9]+)|EMULATOR)")
# 2G PDC: J-PHONE/4.0/J-SH51/SN..., J-EMULATOR/...
_SB_JPHONE_RE = re.compile(r"^(?i:J-PHONE|J-EMULATOR)(?=[/\s]|$)(?:/(\d+)\.\d+(?:/([^/\s]+))?)?")
_SB_BROWSER_RE = re.compile(r"Browser/([A-Za-z][\w.-]*?)/(\d+)\.(\d+)")


def softbank(ua: str, hv: tuple[str | None, ...]) -> Device | None:
    """The profile of a SoftBank, Vodafone or J-PHONE handset, or None for another UA."""
    first = ua[:1]
    if first not in ("S", "V", "M", "J", "j"):
        return None
    generation = "3gc"
    match = _SB_3GC_RE.match(ua)
    if match:
        model = match.group(1)
    else:
        match = _SB_MOT_RE.match(ua)
        if match:
            model = match.group(1)
        else:
            match = _SB_JPHONE_RE.match(ua)
            if not match:
                return None
            model = match.group(2)
            # J-PHONE/2.x and 3.x: C type, 4.x: P type (packet), 5.x: W type
            # (WAP 2.0); an emulator without a version is treated as C type.
            version = int(match.group(1) or 2)
            generation = "c" if version <= 3 else "p" if version == 4 else "w"
    model = hv[MSNAME] or model
    browser_match = _SB_BROWSER_RE.search(ua)
    browser = (
        f"{browser_match.group(1)} {browser_match.group(2)}.{browser_match.group(3)}"
        if browser_match
        else None
    )
    width, height = pair(hv[JDISPLAY], "*")
    colors = None
    if hv[JCOLOR] and hv[JCOLOR][:1] in ("C", "G"):
        colors = to_int(hv[JCOLOR][1:])

    if generation == "3gc":
        xhtml, cookies, size = True, True, 300 * KB
    elif generation == "w":
        xhtml, cookies, size = True, True, 200 * KB
    elif generation == "p":
        xhtml, cookies, size = False, False, 12 * KB
    else:
        # No published C-type figure at hand: use the smallest i-mode cache.
        xhtml, cookies, size = False, False, 5 * KB
    is_3g = generation == "3gc"

    return Device(
        device_class="softbank",
        carrier="softbank",
        model=model,
        browser=browser,
        markup="xhtml-mp" if xhtml else "chtml",
        content_type="text/html",
        # 3G handsets take UTF-8 natively; 2G pages were Shift_JIS.
        charset="utf-8" if is_3g else "cp932",
        cookies=cookies,
        screen_width=width,
        screen_height=height,
        colors=colors,
        page_budget=size,
        markup_budget=size,
        # JPEG and PNG since J-PHONE; GIF on 3G.
        image_formats=("gif", "jpeg", "png") if is_3g else ("jpeg", "png"),
        is_keitai=True,
        is_mobile=True,
        # No UID for C-type handsets on non-official sites.
        subscriber_id_header=None if generation == "c" else "X-JPHONE-UID",
        accesskeys=True,
        # 3G: UTF-8 private-use emoji. 2G pages used "web code" escapes, which
        # the emoji converter does not write: readable text there.
        emoji="softbank" if is_3g else "text",
        supports_css=xhtml,
        external_css=xhtml,
        supports_utf8_input=is_3g,
        hankaku_kana=not is_3g,
        https_ok=is_3g,
    )

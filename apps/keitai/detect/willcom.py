"""WILLCOM and DDI Pocket (PHS) handsets: the keitai UAs and the Windows CE ones."""

from __future__ import annotations

import re

from ..device import Device
from .values import KB, capped_budget

# Mozilla/3.0(WILLCOM;KYOCERA/WX310K/2;1.2.2.16.000000/0.1/C100) Opera 7.0
# Mozilla/3.0(DDIPOCKET;JRC/AH-J3001V,AH-J3002V/1.0/0100/c50)CNF/2.0
# The second field is maker/model; a UA shared by a handset family names every
# model in it, comma-separated (the AH-J3001V/AH-J3002V pair above).
_WILLCOM_RE = re.compile(
    r"^Mozilla/3\.0\((?:WILLCOM|DDIPOCKET);([^)]*)\)\s*([A-Za-z][A-Za-z.-]*)?[/ ]?(\d+(?:\.\d+)?)?"
)
_WILLCOM_CACHE_RE = re.compile(r"/[cC](\d+)$")
# W-ZERO3 and WILLCOM's other Windows CE handsets send an IE (or Opera) UA naming
# maker/model, the model numbered WS<3 digits><maker> as WILLCOM named its
# smartphones: Mozilla/4.0 (compatible; MSIE 4.01; Windows CE; SHARP/WS007SH; PPC;
# 480x640). The keitai facts (§4) list them among WILLCOM's UAs.
_WINDOWS_CE_RE = re.compile(
    r"\(compatible; MSIE ([\d.]+); Windows CE;[^)]*?\b\w+/(WS\d{3}[A-Z]{1,2});"
)
_WINDOWS_CE_SCREEN_RE = re.compile(r"; (\d{3,4})x(\d{3,4})\)")
_OPERA_RE = re.compile(r"\bOpera[ /](\d+(?:\.\d+)?)")
# A UA without c<KB>: the 50 KB the DDIPOCKET UA above names.
_DEFAULT_BUDGET = 50 * KB


def willcom(ua: str) -> Device | None:
    """The profile of a WILLCOM or DDI Pocket handset, or None for another UA."""
    if ua.startswith("Mozilla/4.0 (compatible; MSIE "):
        return _windows_ce(ua)
    if not ua.startswith("Mozilla/3.0("):
        return None
    match = _WILLCOM_RE.match(ua)
    if not match:
        return None
    fields = match.group(1).split("/")
    names = fields[1].split(",") if len(fields) > 1 else []
    model = ",".join(name.strip() for name in names if name.strip()) or None
    cache = _WILLCOM_CACHE_RE.search(match.group(1))
    budget = capped_budget(int(cache.group(1)) * KB) if cache else _DEFAULT_BUDGET
    name, version = match.group(2), match.group(3)
    browser = f"{name} {version}" if name and version else name
    opera = bool(name) and name.startswith("Opera")
    return _device(model=model, browser=browser, budget=budget, css=opera)


def _windows_ce(ua: str) -> Device | None:
    match = _WINDOWS_CE_RE.search(ua)
    if not match:
        return None
    opera = _OPERA_RE.search(ua)
    browser = f"Opera {opera.group(1)}" if opera else f"MSIE {match.group(1)}"
    screen = _WINDOWS_CE_SCREEN_RE.search(ua)
    width, height = (int(screen.group(1)), int(screen.group(2))) if screen else (None, None)
    # IE Mobile and Opera both apply style sheets, unlike the keitai browsers' CNF.
    return _device(
        model=match.group(2),
        browser=browser,
        budget=_DEFAULT_BUDGET,
        css=True,
        screen_width=width,
        screen_height=height,
    )


def _device(*, model, browser, budget, css, **screen) -> Device:
    return Device(
        device_class="willcom",
        carrier="willcom",
        model=model,
        browser=browser,
        markup="chtml",
        content_type="text/html",
        charset="cp932",
        cookies=True,
        page_budget=budget,
        markup_budget=budget,
        image_formats=("gif", "jpeg", "png"),
        is_keitai=True,
        is_mobile=True,
        accesskeys=True,
        emoji="text",
        supports_css=css,
        external_css=css,
        supports_utf8_input=False,
        hankaku_kana=False,
        **screen,
    )

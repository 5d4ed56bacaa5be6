"""Everything that is not a carrier phone: KaiOS, Opera Mini, text browsers,
smartphones and tablets, PCs."""

from __future__ import annotations

import re

from ..device import Device
from .headers import CH_MOBILE, CH_PLATFORM
from .values import MODERN_BUDGET

_KAIOS_RE = re.compile(r"KAIOS/(\d+)(?:\.(\d+))?", re.IGNORECASE)
_KAIOS_MODEL_RE = re.compile(r"\(Mobile; ([^;)]+);")
_OPERA_MINI_RE = re.compile(r"Opera Mini/(\d+)(?:\.(\d+))?")
_TEXT_RE = re.compile(
    r"(?:^|[\s(;])(w3m|Lynx|ELinks|Links)(?:/(\d+\.\d+)| \((\d+\.\d+))?|^URL/(Emacs)"
)
_TERM_SIZE_RE = re.compile(r"[;(]\s*(\d{2,3})x(\d{2,3})(?:-\d+)?\s*[;)]")
_PHONE_RE = re.compile(
    r"iPhone|iPod|Android|Windows Phone|BlackBerry|BB10|webOS|IEMobile|Opera Mobi|Mobile|"
    r"Symbian|Series ?60|Series40|MIDP-|UCBrowser|UCWEB|Nokia|Fennec|Windows CE|PalmOS|webOS"
)
_IOS_RE = re.compile(r"(iPhone|iPod|iPad)(?:;[^)]{0,80}? OS (\d+)_)?")
# Tokens found where Android UAs put the model; "K" is Chrome's reduced UA.
_NOT_ANDROID_MODELS = frozenset({"K", "U", "Linux", "Mobile", "Tablet", "ARM", "wv"})
_ANDROID_MODEL_RE = re.compile(
    r"Android [\d.]+;(?: [a-z]{2}[-_][a-zA-Z]{2};)? ([^;)]+?)(?: Build/[^;)]*)?[;)]"
)


def modern(ua: str, hv: tuple[str | None, ...]) -> Device:
    """The profile of anything that is not a carrier phone."""
    kaios = _KAIOS_RE.search(ua)
    if kaios:
        major = int(kaios.group(1))
        model_match = _KAIOS_MODEL_RE.search(ua)
        model = None
        if model_match and not model_match.group(1).startswith("rv:"):
            parts = model_match.group(1).split("/")
            model = parts[1] if len(parts) > 1 else parts[0]
        images = ("gif", "jpeg", "png", "webp") if major >= 3 else ("gif", "jpeg", "png")
        return Device(
            device_class="kaios",
            model=model,
            browser=f"KaiOS {major}.{kaios.group(2) or 0}",
            image_formats=images,
            is_mobile=True,
            page_budget=MODERN_BUDGET,
            markup_budget=MODERN_BUDGET,
        )

    mini = _OPERA_MINI_RE.search(ua)
    if mini:
        return Device(
            device_class="operamini",
            browser=f"Opera Mini {mini.group(1)}.{mini.group(2) or 0}",
            is_mobile=True,
            page_budget=MODERN_BUDGET,
            markup_budget=MODERN_BUDGET,
        )

    text = _TEXT_RE.search(ua)
    if text:
        name = text.group(1) or text.group(4)
        version = text.group(2) or text.group(3)
        cols, rows = None, None
        size = _TERM_SIZE_RE.search(ua)
        if size:
            cols, rows = int(size.group(1)), int(size.group(2))
        return Device(
            device_class="text",
            browser=f"{name} {version}" if version else name,
            screen_cols=cols,
            screen_rows=rows,
            image_formats=(),
            emoji="text",
            supports_css=False,
            external_css=False,
            page_budget=MODERN_BUDGET,
            markup_budget=MODERN_BUDGET,
        )

    return _smartphone_or_pc(ua, hv)


def _smartphone_or_pc(ua: str, hv: tuple[str | None, ...]) -> Device:
    model = ios_model = None
    emoji = "unicode"
    is_tablet = False
    phone = bool(_PHONE_RE.search(ua)) or "iPad" in ua
    if phone:
        ios = None if "Windows Phone" in ua else _IOS_RE.search(ua)
        if ios:
            model = ios_model = ios.group(1)
            is_tablet = model == "iPad"
            # Before iOS 5 the emoji keyboard produced SoftBank private-use codes.
            if ios.group(2) and int(ios.group(2)) < 5:
                emoji = "softbank"
        elif "Android" in ua and "Windows Phone" not in ua:
            found = _ANDROID_MODEL_RE.search(ua)
            if found and found.group(1).strip() not in _NOT_ANDROID_MODELS:
                model = found.group(1).strip()
            # Android tablets send no "Mobile" (Opera: "Mobi"); SC-01C (Galaxy
            # Tab) is the known exception that does.
            is_tablet = (
                "Mobi" not in ua or "Tablet" in ua or (model is not None and "SC-01C" in model)
            )

    # Client Hints (Chromium) say phone vs tablet/desktop more reliably.
    ch_mobile, ch_platform = hv[CH_MOBILE], (hv[CH_PLATFORM] or "").strip('"')
    if ch_mobile in ("?1", "?0"):
        if ch_mobile == "?1":
            phone, is_tablet = True, False
        elif ch_platform in ("iOS", "Android"):
            phone, is_tablet = True, True
        else:
            phone, is_tablet = False, False
        ua_platform = "iOS" if ios_model else "Android" if "Android" in ua else None
        if ch_platform and ch_platform != ua_platform:
            # The hints contradict the UA (spoofed or "desktop site"): no model.
            model = None

    if phone:
        return Device(
            device_class="smartphone",
            model=model,
            image_formats=("gif", "jpeg", "png", "webp"),
            is_mobile=not is_tablet,
            is_tablet=is_tablet,
            emoji=emoji,
            page_budget=MODERN_BUDGET,
            markup_budget=MODERN_BUDGET,
        )
    return Device(
        device_class="pc",
        image_formats=("gif", "jpeg", "png", "webp"),
        page_budget=MODERN_BUDGET,
        markup_budget=MODERN_BUDGET,
    )

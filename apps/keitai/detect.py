"""Device detection: from a request's User-Agent and headers to a ``Device`` profile.

Classic carrier phones are recognised by the UA prefixes the carriers published
(``DoCoMo/``, ``KDDI-``/``UP.Browser/``, ``SoftBank/``/``Vodafone/``/``J-PHONE/``/
``MOT-``, ``Mozilla/3.0(WILLCOM``/``DDIPOCKET``, ``emobile/``); the capability
values follow the carriers' rules as summarised in the project's keitai facts.

Crawlers are reported as ``device_class="crawler"`` but keep the profile of the
UA they wear (a Googlebot-Mobile in a docomo UA gets docomo's markup, charset and
budgets), so indexed pages look like the phone's; they never get ``guid=ON`` or
a subscriber-ID header name, and never a session id in URLs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .device import Device

__all__ = ["detect", "detect_request", "headers_from_meta"]

KB = 1024
MODERN_BUDGET = 1024 * KB
MAX_UA_LENGTH = 1024

# --- headers ---------------------------------------------------------------

# Only these headers change a profile; they (with the UA) form the cache key.
_HEADERS = (
    "x-up-devcap-screenpixels",
    "x-up-devcap-screendepth",
    "x-up-devcap-iscolor",
    "x-up-devcap-max-pdu",
    "x-jphone-display",
    "x-jphone-color",
    "x-jphone-msname",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
)
_SCREENPIXELS = 0
_SCREENDEPTH = 1
_ISCOLOR = 2
_MAX_PDU = 3
_JDISPLAY = 4
_JCOLOR = 5
_MSNAME = 6
_CH_MOBILE = 7
_CH_PLATFORM = 8
_NO_HEADERS: tuple[str | None, ...] = (None,) * len(_HEADERS)

# Header name -> index, in the spellings seen most (as sent, Django's META).
_KEY_INDEX: dict[str, int] = {
    key: i
    for i, name in enumerate(_HEADERS)
    for key in (name, name.upper(), name.title(), "HTTP_" + name.upper().replace("-", "_"))
}
# Header names seen in other spellings, normalised once (-1: not relevant).
_SEEN_KEYS: dict[str, int] = {}
_SEEN_KEYS_MAX = 4096


def _header_index(key: str) -> int:
    idx = _KEY_INDEX.get(key)
    if idx is not None:
        return idx
    idx = _SEEN_KEYS.get(key)
    if idx is None:
        norm = key.lower().replace("_", "-")
        if norm.startswith("http-"):
            norm = norm[5:]
        idx = _HEADERS.index(norm) if norm in _HEADERS else -1
        if len(_SEEN_KEYS) < _SEEN_KEYS_MAX:
            _SEEN_KEYS[key] = idx
    return idx


def _relevant_headers(headers: Mapping[str, str] | None) -> tuple[str | None, ...]:
    if not headers:
        return _NO_HEADERS
    values: list[str | None] = list(_NO_HEADERS)
    for key, value in headers.items():
        if not isinstance(key, str):
            continue
        idx = _header_index(key)
        if idx >= 0 and value is not None:
            values[idx] = str(value).strip()
    return tuple(values)


def headers_from_meta(meta: Mapping[str, object]) -> dict[str, str]:
    """The HTTP request headers in a WSGI/``request.META`` dict, as ``X-Up-Subno: ...``."""
    return {
        key[5:].replace("_", "-").title(): str(value)
        for key, value in meta.items()
        if key.startswith("HTTP_")
    }


# --- public API ------------------------------------------------------------


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
    return _detect(ua, _relevant_headers(headers), bool(is_secure))


def detect_request(request) -> Device:
    """``detect()`` for a Django request."""
    meta = request.META
    return detect(meta.get("HTTP_USER_AGENT", ""), meta, is_secure=request.is_secure())


@lru_cache(maxsize=4096)
def _detect(ua: str, hv: tuple[str | None, ...], is_secure: bool) -> Device:
    device = (
        _docomo(ua)
        or _au(ua, hv, is_secure)
        or _softbank(ua, hv)
        or _willcom(ua)
        or _emobile(ua)
        or _modern(ua, hv)
    )
    if _CRAWLER_RE.search(ua):
        device = replace(
            device, device_class="crawler", needs_guid=False, subscriber_id_header=None
        )
    return device


# --- small parsers ---------------------------------------------------------


def _int(value: str | None) -> int | None:
    if value:
        value = value.strip()
        if value.isascii() and value.isdigit():
            return int(value)
    return None


def _budget(size: int) -> int:
    # A figure from the UA or a header can be spoofed; it only ever shrinks pages.
    return min(size, MODERN_BUDGET)


def _pair(value: str | None, sep: str) -> tuple[int | None, int | None]:
    if not value or sep not in value:
        return None, None
    first, _, second = value.partition(sep)
    return _int(first), _int(second)


# --- docomo i-mode ---------------------------------------------------------

# FOMA: DoCoMo/2.0 P903i(c100;TB;W24H12[;ser..;icc..]); mova:
# DoCoMo/1.0/P503i/c10/TB/W20H10[/ser..] (docomo's i-mode User-Agent spec).
_DOCOMO_RE = re.compile(r"^DoCoMo/(\d+)\.\d+[/ ]([^/(\s;]+)(\([^)]*\)|(?:/[^/\s]+)*)")
_DOCOMO_CACHE_RE = re.compile(r"(?:^|[/;(])c(\d+)(?=[/;)]|$)")
_DOCOMO_CHARS_RE = re.compile(r"(?:^|[/;(])W(\d+)H(\d+)(?=[/;)]|$)")
# 2009+ model names: letter(s), two digits, season letter, optional UA suffix digit.
_DOCOMO_SEASON_RE = re.compile(r"^[A-Z]{1,2}\d{2}([A-Z])\d?$")
# i-mode browser 2.0LE (reduced 2.0), per jpmobile's model list.
_DOCOMO_LE_RE = re.compile(r"^(?:P03B|P05B|L01B)\d?$")
# FOMA 2001..2701 (four-digit names) predate i-mode XHTML (900i series).
_DOCOMO_FOMA_CHTML_RE = re.compile(r"\d{4}")
_DOCOMO_SERIES_RE = re.compile(r"(\d{3})i")

# Pixel size per half-width character and per line, to estimate a screen from
# W<cols>H<rows> when the model is not in the table (240/24, 240/12 on SH902i).
_PX_PER_COL = 10
_PX_PER_ROW = 20


def _load_terminfo() -> dict[str, tuple[int, int, int]]:
    table: dict[str, tuple[int, int, int]] = {}
    path = Path(__file__).with_name("data") / "docomo-terminfo.tsv"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("model\t"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 5 and fields[1].isdigit() and fields[2].isdigit():
                table[fields[0].upper()] = (int(fields[1]), int(fields[2]), int(fields[4]))
    return table


_DOCOMO_TERMINFO = _load_terminfo()


def _docomo_terminfo(model: str) -> tuple[int, int, int] | None:
    key = model.upper()
    info = _DOCOMO_TERMINFO.get(key)
    if info is None and key[-1:].isdigit() and not key[-2:-1].isdigit():
        # SH505i2 and similar carry a firmware digit after the model name.
        info = _DOCOMO_TERMINFO.get(key[:-1])
    return info


def _docomo_jpeg(model: str, foma: bool) -> bool:
    if foma:
        return True
    # JPEG from the 503i (and 251i) series on; 501i/502i/209i/210i: GIF only.
    match = _DOCOMO_SERIES_RE.search(model)
    if not match:
        return False
    series = int(match.group(1))
    return 503 <= series <= 599 or 251 <= series <= 299 or 850 <= series <= 899


def _docomo(ua: str) -> Device | None:
    match = _DOCOMO_RE.match(ua)
    if not match:
        return None
    major = int(match.group(1))
    model = match.group(2)
    if model.startswith("MST_v_"):
        model = model[6:]
    params = match.group(3) or ""
    cache_match = _DOCOMO_CACHE_RE.search(params)
    cache = int(cache_match.group(1)) if cache_match else None
    chars = _DOCOMO_CHARS_RE.search(params)
    cols, rows = (int(chars.group(1)), int(chars.group(2))) if chars else (None, None)
    foma = major >= 2

    # i-mode browser 2.0 announces itself with a 500 KB cache (c500); a UA
    # without a cache figure is 2.0 only on DoCoMo/3.0 or a 2009-winter+ model.
    season = _DOCOMO_SEASON_RE.match(model)
    if major == 1:
        browser = "1.0"
    elif cache is not None:
        browser = "2.0" if cache >= 500 else "1.0"
    elif major >= 3 or (season and season.group(1) >= "B"):
        browser = "2.0"
    else:
        browser = "1.0"
    if browser == "2.0" and _DOCOMO_LE_RE.match(model):
        browser = "2.0LE"
    v2 = browser != "1.0"

    # Cache omitted in the UA means the original 5 KB.
    page_budget = _budget((cache if cache is not None else 500 if v2 else 5) * KB)
    markup_budget = page_budget
    if foma and not v2:
        # docomo's i-mode XHTML UA spec: c100 is 100 KB with images, text <= 30 KB.
        markup_budget = min(page_budget, 30 * KB)

    xhtml = foma and not _DOCOMO_FOMA_CHTML_RE.search(model)
    width = height = colors = None
    info = _docomo_terminfo(model)
    if info:
        width, height, colors = info
    elif cols and rows:
        width, height = cols * _PX_PER_COL, rows * _PX_PER_ROW

    images = ["gif"]
    if _docomo_jpeg(model, foma):
        images.append("jpeg")
    if v2:
        images.append("bmp")

    return Device(
        device_class="docomo",
        carrier="docomo",
        model=model,
        browser=browser,
        # i-XHTML is only honoured (and CSS only applied) when served as
        # application/xhtml+xml; C-HTML goes as text/html.
        markup="xhtml" if xhtml else "chtml",
        content_type="application/xhtml+xml" if xhtml else "text/html",
        charset="cp932",
        # No cookies before i-mode browser 2.0.
        cookies=v2,
        screen_width=width,
        screen_height=height,
        screen_cols=cols,
        screen_rows=rows,
        colors=colors,
        page_budget=page_budget,
        markup_budget=markup_budget,
        image_formats=tuple(images),
        is_keitai=True,
        is_mobile=True,
        subscriber_id_header="X-DCMGUID",
        needs_guid=True,
        accesskeys=True,
        emoji="docomo",
        supports_css=xhtml,
        # Browser 1.0 ignores <link rel="stylesheet">; 2.0 loads it.
        external_css=xhtml and v2,
        supports_utf8_input=False,
        hankaku_kana=True,
        # Most FOMA/i-mode handsets cannot talk to SHA-2 certificate sites.
        https_ok=False,
    )


# --- au EZweb --------------------------------------------------------------

# WAP 2.0: KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0;
# WAP 1 (cdmaOne, TU-KA): UP.Browser/3.04-KCTA UP.Link/3.4.5.9.
_AU_WAP2_RE = re.compile(r"^KDDI-([A-Za-z0-9]+) UP\.Browser/(\d+)\.(\d+)")
_AU_WAP1_RE = re.compile(r"^UP\.Browser/(\d+)\.(\d+)[^-\s]*-([A-Za-z0-9]+)")


def _au(ua: str, hv: tuple[str | None, ...], is_secure: bool) -> Device | None:
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

    width, height = _pair(hv[_SCREENPIXELS], ",")
    colors = None
    depth = _int((hv[_SCREENDEPTH] or "").partition(",")[0])
    if depth is not None and depth < 32:
        colors = 2**depth
    elif hv[_ISCOLOR] == "0":
        colors = 2
    max_pdu = _int(hv[_MAX_PDU])
    if max_pdu:
        page_budget = markup_budget = _budget(max_pdu)
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


# --- SoftBank / Vodafone / J-PHONE -----------------------------------------

# 3GC: SoftBank/1.0/910T/TJ001/SN..., Vodafone/1.0/V903SH/SHJ001/..., the PC
# emulators Semulator/Vemulator, and Motorola's MOT-V980/... handsets.
_SB_3GC_RE = re.compile(
    r"^(?:SoftBank|Vodafone|Semulator|Vemulator)(?=[/\s]|$)(?:/\d+\.\d+/([^/\s]+))?"
)
_SB_MOT_RE = re.compile(r"^MOT(?:-([A-Za-z0-9]+)|EMULATOR)")
# 2G PDC: J-PHONE/4.0/J-SH51/SN..., J-EMULATOR/...
_SB_JPHONE_RE = re.compile(r"^(?i:J-PHONE|J-EMULATOR)(?=[/\s]|$)(?:/(\d+)\.\d+(?:/([^/\s]+))?)?")
_SB_BROWSER_RE = re.compile(r"Browser/([A-Za-z][\w.-]*?)/(\d+)\.(\d+)")


def _softbank(ua: str, hv: tuple[str | None, ...]) -> Device | None:
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
    model = hv[_MSNAME] or model
    browser_match = _SB_BROWSER_RE.search(ua)
    browser = (
        f"{browser_match.group(1)} {browser_match.group(2)}.{browser_match.group(3)}"
        if browser_match
        else None
    )
    width, height = _pair(hv[_JDISPLAY], "*")
    colors = None
    if hv[_JCOLOR] and hv[_JCOLOR][:1] in ("C", "G"):
        colors = _int(hv[_JCOLOR][1:])

    if generation == "3gc":
        xhtml, cookies, budget = True, True, 300 * KB
    elif generation == "w":
        xhtml, cookies, budget = True, True, 200 * KB
    elif generation == "p":
        xhtml, cookies, budget = False, False, 12 * KB
    else:
        # No published C-type figure at hand: use the smallest i-mode cache.
        xhtml, cookies, budget = False, False, 5 * KB
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
        page_budget=budget,
        markup_budget=budget,
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


# --- WILLCOM / DDI Pocket, EMOBILE -----------------------------------------

# Mozilla/3.0(WILLCOM;KYOCERA/WX310K/2;1.2.2.16.000000/0.1/C100) Opera 7.0
# Mozilla/3.0(DDIPOCKET;JRC/AH-J3001V,AH-J3002V/1.0/0100/c50)CNF/2.0
_WILLCOM_RE = re.compile(
    r"^Mozilla/3\.0\((?:WILLCOM|DDIPOCKET);([^)]*)\)\s*([A-Za-z][A-Za-z.-]*)?[/ ]?(\d+(?:\.\d+)?)?"
)
_WILLCOM_CACHE_RE = re.compile(r"/[cC](\d+)$")


def _willcom(ua: str) -> Device | None:
    if not ua.startswith("Mozilla/3.0("):
        return None
    match = _WILLCOM_RE.match(ua)
    if not match:
        return None
    fields = match.group(1).split("/")
    model = fields[1].split(",")[0] if len(fields) > 1 and fields[1] else None
    cache = _WILLCOM_CACHE_RE.search(match.group(1))
    budget = _budget(int(cache.group(1)) * KB) if cache else 50 * KB
    name, version = match.group(2), match.group(3)
    browser = f"{name} {version}" if name and version else name
    opera = bool(name) and name.startswith("Opera")
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
        supports_css=opera,
        external_css=opera,
        supports_utf8_input=False,
        hankaku_kana=False,
    )


# emobile/1.0.0 (H11T; like Gecko; Wireless) NetFront/3.4, and the two
# handsets that send a generic UA with the model name appended or embedded.
_EMOBILE_RE = re.compile(
    r"^(?:emobile/[\d.]+ \(([^;)]+)"
    r"|Mozilla/5\.0 \(([A-Z]\d{2}[A-Z]{1,3}); like Gecko; OpenBrowser\)"
    r"|Mozilla/4\.0 \(compatible; MSIE [\d.]+; Windows CE; IEMobile [\d.]+\) "
    r"([A-Z]\d{2}[A-Z]{1,3})$)"
)
_NETFRONT_RE = re.compile(r"NetFront/(\d+\.\d+)")


def _emobile(ua: str) -> Device | None:
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


# --- modern devices --------------------------------------------------------

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


def _modern(ua: str, hv: tuple[str | None, ...]) -> Device:
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
    ch_mobile, ch_platform = hv[_CH_MOBILE], (hv[_CH_PLATFORM] or "").strip('"')
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


# --- crawlers --------------------------------------------------------------

# Named Japanese mobile crawlers (Google, Yahoo! JAPAN, goo, livedoor, DeNA,
# Baidu), then the usual robot markers: "...bot/1.0", "(compatible; ...bot",
# and the "+http://" info URL browsers never send.
_CRAWLER_RE = re.compile(
    r"Googlebot|Y!J-[A-Z]{3}|ichiro/|mobile goo|LD_mobile_bot|moba-crawler|BaiduMobaider|"
    r"froute|Mediapartners-Google|AdsBot-Google|Feedfetcher-Google|Google-InspectionTool|"
    r"facebookexternalhit|ia_archiver|Slurp|"
    r"(?i:(?:bot|crawler|spider)(?:-mobile)?/v?\d)|"
    r"(?i:\(compatible;[^)]{0,200}?(?:bot|crawler|spider)\b)|"
    r"\+https?://"
)

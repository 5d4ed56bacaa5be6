"""docomo i-mode: mova and FOMA, i-mode browser 1.0, 2.0 and 2.0LE."""

from __future__ import annotations

import re
from pathlib import Path

from ..device import Device
from .values import KB, capped_budget

# FOMA: DoCoMo/2.0 P903i(c100;TB;W24H12[;ser..;icc..]); mova:
# DoCoMo/1.0/P503i/c10/TB/W20H10[/ser..] (docomo's i-mode User-Agent spec).
_DOCOMO_RE = re.compile(r"^DoCoMo/(\d+)\.\d+[/ ]([^/(\s;]+)(\([^)]*\)|(?:/[^/\s]+)*)")
_DOCOMO_CACHE_RE = re.compile(r"(?:^|[/;(])c(\d+)(?=[/;)]|$)")
_DOCOMO_CHARS_RE = re.compile(r"(?:^|[/;(])W(\d+)H(\d+)(?=[/;)]|$)")
# 2009+ model names: letter(s), two digits, season letter, optional UA suffix digit.
_DOCOMO_SEASON_RE = re.compile(r"^[A-Z]{1,2}\d{2}([A-Z])\d?$")
# A 2009+ handset browsing in VGA mode sends its model name followed by "3"
# (P07A3, N06A3; docomo's i-mode User-Agent rules). The terminfo sizes are the
# QVGA browser's, and W<cols>H<rows> stays the same: VGA doubles both pixel sizes.
_DOCOMO_VGA_RE = re.compile(r"^[A-Z]{1,2}\d{2}[A-Z]3$")
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
    path = Path(__file__).resolve().parent.parent / "data" / "docomo-terminfo.tsv"
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


def docomo(ua: str) -> Device | None:
    """The profile of a docomo i-mode handset, or None for another UA."""
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
    page_budget = capped_budget((cache if cache is not None else 500 if v2 else 5) * KB)
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
    if width and height and _DOCOMO_VGA_RE.match(model.upper()):
        width, height = width * 2, height * 2

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

"""Crawlers, recognised by name or by the usual robot markers in their UA."""

from __future__ import annotations

import re

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


def is_crawler(ua: str) -> bool:
    """Whether the UA is a crawler's (whatever phone it also claims to be)."""
    return _CRAWLER_RE.search(ua) is not None

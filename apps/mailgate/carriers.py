"""Which carrier a mail address belongs to, which decides its pictographs and charset.

Domains from jpmobile's ``MAIL_ADDRESS_REGEXP`` per carrier (jpmobile-features §9), plus
``i.softbank.jp`` (SoftBank's iPhone address, jpmobile issue #49) and ``au.com``
(au's address since 2021). iPhone mail from these domains is UTF-8 or ISO-2022-JP;
reading a pictograph as the domain's carrier is still the right guess.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

from apps.keitai.emoji import AU, DOCOMO, SOFTBANK

WILLCOM = "willcom"
EMOBILE = "emobile"

_DOMAINS = (
    (re.compile(r"(^|\.)docomo\.ne\.jp$"), DOCOMO),
    (re.compile(r"(^|\.)(ezweb\.ne\.jp|au\.com)$"), AU),
    (
        re.compile(r"(^|\.)(softbank\.ne\.jp|i\.softbank\.jp|disney\.ne\.jp|vodafone\.ne\.jp)$"),
        SOFTBANK,
    ),
    (re.compile(r"(^|\.)(pdx\.ne\.jp|willcom\.com)$"), WILLCOM),
    (re.compile(r"(^|\.)emnet\.ne\.jp$"), EMOBILE),
)


def address_domain(address: str) -> str:
    """The lower-cased domain of an address ("" when there is none)."""
    _, addr = parseaddr(address or "")
    return addr.rpartition("@")[2].strip().lower().rstrip(".")


def carrier_of(address: str) -> str | None:
    """ "docomo", "au", "softbank", "willcom", "emobile" for a carrier address, else None."""
    domain = address_domain(address)
    for pattern, carrier in _DOMAINS:
        if pattern.search(domain):
            return carrier
    return None


def is_japanese(address: str) -> bool:
    """Whether mail to this address should be ISO-2022-JP rather than UTF-8 (a .jp domain)."""
    return address_domain(address).endswith(".jp")

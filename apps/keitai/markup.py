"""Which document a device gets: base template, XML declaration, doctype, media type.

docomo i-XHTML is only honoured, and its CSS only applied, when the page comes
as ``application/xhtml+xml`` with the XML declaration, the i-XHTML doctype and a
matching ``<meta http-equiv="Content-Type">`` (keitai-web-facts §1, "four
conditions"). au and SoftBank take their own XHTML Basic/MP doctypes as
``text/html`` (sfJpMobilePlugin's ``_dtd.php``); C-HTML phones get Compact HTML;
everything else gets XHTML 1.0 Transitional as ``text/html``, which every
browser from w3m to a smartphone reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .device import Device

__all__ = ["Document", "document_for"]

I_XHTML = (
    '<!DOCTYPE html PUBLIC "-//i-mode group (ja)//DTD XHTML i-XHTML(Locale/Ver.=ja/1.0) 1.0//EN" '
    '"i-xhtml_4ja_10.dtd">'
)
OPENWAVE_XHTML = (
    '<!DOCTYPE html PUBLIC "-//OPENWAVE//DTD XHTML 1.0//EN" '
    '"http://www.openwave.com/DTD/xhtml-basic.dtd">'
)
JPHONE_XHTML = (
    '<!DOCTYPE html PUBLIC "-//J-PHONE//DTD XHTML Basic 1.0 Plus//EN" "xhtml-basic10-plus.dtd">'
)
XHTML_MOBILE = (
    '<!DOCTYPE html PUBLIC "-//WAPFORUM//DTD XHTML Mobile 1.0//EN" '
    '"http://www.wapforum.org/DTD/xhtml-mobile10.dtd">'
)
COMPACT_HTML = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD Compact HTML 1.0 Draft//EN">'
XHTML_TRANSITIONAL = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)

_MP_DOCTYPES = {"au": OPENWAVE_XHTML, "softbank": JPHONE_XHTML}


@dataclass(frozen=True, slots=True)
class Document:
    """How a page is written down for one device profile."""

    base_template: str
    doctype: str
    xml_declaration: bool
    content_type: str
    charset_label: str

    @property
    def content_type_header(self) -> str:
        """The Content-Type header, also written into the page's meta element."""
        return f"{self.content_type}; charset={self.charset_label}"

    @property
    def landmarks(self) -> bool:
        """Modern browsers get header/nav/main elements; carrier markup has none of them."""
        return self.doctype == XHTML_TRANSITIONAL

    @property
    def compact(self) -> bool:
        """Compact HTML: a link target is <a name>, ids are dropped (apps/keitai/chtml.py)."""
        return self.doctype == COMPACT_HTML


@lru_cache(maxsize=256)
def document_for(device: Device) -> Document:
    """The document shape for ``device`` (cached: devices are immutable and shared)."""
    label = device.charset_label
    if device.markup == "chtml":
        return Document("keitai/base_chtml.html", COMPACT_HTML, False, "text/html", label)
    if device.markup == "xhtml":
        # docomo i-XHTML: the header must say application/xhtml+xml.
        return Document("keitai/base_xhtml.html", I_XHTML, True, device.content_type, label)
    if device.markup == "xhtml-mp":
        doctype = _MP_DOCTYPES.get(device.carrier or "", XHTML_MOBILE)
        return Document("keitai/base_xhtml.html", doctype, True, device.content_type, label)
    return Document("keitai/base_xhtml.html", XHTML_TRANSITIONAL, True, "text/html", label)

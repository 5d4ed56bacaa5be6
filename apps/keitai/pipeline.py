"""The response pipeline as a pure function: a rendered page in, the bytes on the wire out.

Steps, in order (DESIGN.md, "The path of one page"):

0. characters no XML page may hold (control codes) are removed, whatever put
   them there (apps.keitai.characters);
1. inline the stylesheet into ``style=`` attributes (devices that apply no CSS
   at all only get the markup normalised, which keeps XHTML well formed);
2. same-site links and form actions get the session id (cookie-less devices)
   and ``guid=ON`` (docomo);
3. C-HTML devices get the body reduced to Compact HTML (apps.keitai.chtml),
   after step 2, which reads the ``rel="noreferrer"`` marks C-HTML lacks;
4. Unicode emoji become the carrier's pictographs or readable text, and the page
   is encoded in the device's charset; this is always the last step.

The middleware and the timeline's byte budget both call ``transform`` so the
size a view plans for is the size that is sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from .characters import strip_controls
from .chtml import to_chtml
from .device import Device
from .encoding import encode_for_device
from .inline_css import inline_page, normalize_page
from .links import rewrite_links

__all__ = ["transform"]


def transform(
    html: str,
    device: Device,
    *,
    host: str,
    link_params: Sequence[tuple[str, str]] = (),
    current_url: str = "",
    language: str = "ja",
) -> bytes:
    """Return ``html`` as ``device`` must receive it."""
    html = strip_controls(html)
    chtml = device.markup == "chtml"
    if not chtml:
        html = inline_page(html) if device.supports_css else normalize_page(html)
    if link_params:
        html = rewrite_links(html, host=host, params=link_params, current_url=current_url)
    if chtml:
        html = to_chtml(html)
    return encode_for_device(html, device.charset, device.emoji, language=language)

"""QR code images that a 2009 phone camera reads off a screen.

Error correction M (15 % of the symbol can be lost to glare or moiré), a quiet
zone of 4 modules (ISO/IEC 18004 asks for 4), and modules of 6 pixels on a PC
screen, 4 to 6 on a phone screen (fewer than 4 and the readers of that era miss
them). PNG where the browser shows it, GIF otherwise (every i-mode, EZweb and
SoftBank browser shows GIF; early ones show nothing else).
"""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4
PC_MODULE_PX = 6
MIN_MODULE_PX = 4


def image_format(device) -> str:
    """ "png" if the device shows PNG, else "gif"."""
    formats = getattr(device, "image_formats", ("png",))
    return "png" if "png" in formats else "gif"


def _module_px(device, modules: int) -> int:
    width = getattr(device, "screen_width", None)
    if not getattr(device, "is_mobile", False) or not width:
        return PC_MODULE_PX
    # As big as fits the screen, within 4..6 pixels a module.
    return max(MIN_MODULE_PX, min(PC_MODULE_PX, width // (modules + 2 * QUIET_ZONE)))


def qr_image(data: str, *, device=None, fmt: str | None = None) -> tuple[bytes, str]:
    """The QR code of ``data`` as image bytes, and its media type."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    code.box_size = _module_px(device, code.modules_count)
    fmt = fmt or image_format(device)
    image = code.make_image(fill_color="black", back_color="white").get_image()
    buffer = io.BytesIO()
    image.save(buffer, format=fmt.upper())
    return buffer.getvalue(), f"image/{fmt}"

"""What the gateway knows about the device behind a request."""

from __future__ import annotations

from dataclasses import dataclass

# Carriers whose classic handsets we profile.
CARRIERS = ("docomo", "au", "softbank", "willcom", "emobile")

# device_class values; one base template per class.
DEVICE_CLASSES = (
    *CARRIERS,
    "kaios",
    "operamini",
    "text",
    "smartphone",
    "pc",
    "crawler",
)

# The label to put in Content-Type and <meta> for each Python codec we emit.
_CHARSET_LABELS = {"cp932": "Shift_JIS", "utf-8": "UTF-8"}


@dataclass(frozen=True, slots=True)
class Device:
    """A device profile: everything the response pipeline decides per device.

    Built by ``apps.keitai.detect.detect()``; immutable and shared between
    requests from the same kind of device, so it never holds per-user values
    (subscriber IDs, serial numbers).

    Fields:

    * ``device_class``: which base template/profile family ("docomo", "au",
      "softbank", "willcom", "emobile", "kaios", "operamini", "text",
      "smartphone", "pc", "crawler").
    * ``carrier``: the Japanese carrier whose gateway and rules apply, or None.
      A crawler wearing a carrier UA keeps that carrier here so it is served the
      same pages the phone would get.
    * ``model``: the handset model as the UA names it ("P903i", "910T"); for au
      the device ID ("CA32"), which is what au's UAs carry.
    * ``browser``: the browser generation, e.g. docomo "1.0"/"2.0"/"2.0LE", au
      "UP.Browser 6.2", "KaiOS 2.5", "w3m 0.5"; None when unknown.
    * ``markup``: "chtml", "xhtml" (docomo i-XHTML), "xhtml-mp" (XHTML Basic /
      Mobile Profile: au, SoftBank, EMOBILE) or "html".
    * ``content_type``: the media type for HTML responses (no charset).
    * ``charset``: the Python codec to encode responses with ("cp932" or
      "utf-8"); ``charset_label`` gives the name to declare.
    * ``cookies``: whether a cookie set now comes back reliably.
    * ``screen_width`` / ``screen_height``: browser area in pixels, if known.
    * ``screen_cols`` / ``screen_rows``: half-width characters per line / lines
      per screen, if the device says (docomo ``W24H12``).
    * ``colors``: number of colours (or grey levels), if known.
    * ``page_budget``: bytes one page may use in total, images included.
    * ``markup_budget``: bytes the HTML document itself may use.
    * ``image_formats``: formats the browser displays, in order gif, jpeg, png,
      bmp, webp.
    * ``is_keitai``: a classic Japanese carrier phone profile.
    * ``is_mobile``: a handheld device with a small screen.
    * ``is_tablet``: a tablet (still ``device_class`` "smartphone").
    * ``subscriber_id_header``: the carrier's subscriber-ID header name; only
      to be trusted from that carrier's gateway addresses.
    * ``needs_guid``: links and form actions must carry ``guid=ON`` so that
      docomo sends the i-mode ID.
    * ``accesskeys``: the device has a digit keypad and honours ``accesskey``.
    * ``emoji``: the emoji set to write, in ``apps.keitai.emoji`` terms:
      "docomo", "au", "softbank" (carrier private-use code points), "unicode"
      (as is), or "text" (readable names instead of pictographs).
    * ``supports_css``: style attributes are applied at all.
    * ``external_css``: ``<link rel="stylesheet">`` is loaded.
    * ``supports_utf8_input``: forms may be sent back in UTF-8.
    * ``hankaku_kana``: prefers half-width katakana to save bytes and width.
    * ``https_ok``: the device can reach a modern HTTPS site.
    """

    device_class: str
    carrier: str | None = None
    model: str | None = None
    browser: str | None = None
    markup: str = "html"
    content_type: str = "text/html"
    charset: str = "utf-8"
    cookies: bool = True
    screen_width: int | None = None
    screen_height: int | None = None
    screen_cols: int | None = None
    screen_rows: int | None = None
    colors: int | None = None
    page_budget: int = 1024 * 1024
    markup_budget: int = 1024 * 1024
    image_formats: tuple[str, ...] = ("gif", "jpeg", "png")
    is_keitai: bool = False
    is_mobile: bool = False
    is_tablet: bool = False
    subscriber_id_header: str | None = None
    needs_guid: bool = False
    accesskeys: bool = False
    emoji: str = "unicode"
    supports_css: bool = True
    external_css: bool = True
    supports_utf8_input: bool = True
    hankaku_kana: bool = False
    https_ok: bool = True

    @property
    def is_crawler(self) -> bool:
        """A search engine or other robot, whatever profile it renders with."""
        return self.device_class == "crawler"

    @property
    def needs_session_in_url(self) -> bool:
        """Carry the session id in URLs and forms (never for robots: it would be indexed)."""
        return not self.cookies and not self.is_crawler

    @property
    def charset_label(self) -> str:
        """The charset name to declare in headers and <meta>."""
        return _CHARSET_LABELS.get(self.charset, self.charset)

    @property
    def content_type_header(self) -> str:
        """The full Content-Type value for an HTML response."""
        return f"{self.content_type}; charset={self.charset_label}"

    def describe(self) -> str:
        """One line for logs, e.g. ``docomo P903i browser=1.0 xhtml cp932 240x320 100KB``."""
        parts = [self.device_class]
        if self.carrier and self.carrier != self.device_class:
            parts.append(f"carrier={self.carrier}")
        if self.model:
            parts.append(self.model)
        if self.browser:
            parts.append(f"browser={self.browser}")
        parts.append(self.markup)
        parts.append(self.charset)
        if self.screen_width and self.screen_height:
            parts.append(f"{self.screen_width}x{self.screen_height}")
        parts.append(f"{self.page_budget // 1024}KB")
        if not self.cookies:
            parts.append("no-cookies")
        if self.is_tablet:
            parts.append("tablet")
        return " ".join(parts)

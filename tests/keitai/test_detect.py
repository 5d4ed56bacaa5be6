"""Device detection: the jpmobile UA vectors, then each Device field by table."""

import csv
import dataclasses
import re
import time
from pathlib import Path

import pytest
from django.test import RequestFactory

from apps.keitai.detect import detect, detect_request
from apps.keitai.device import DEVICE_CLASSES, Device
from apps.keitai.ipranges import is_carrier_address

VECTORS_FILE = Path(__file__).with_name("data") / "jpmobile-ua-vectors.tsv"

# --- the vector file -------------------------------------------------------

# carrier_expected column -> (carrier, device_class) in yubitter's terms.
CARRIER_COLUMN = {
    "Docomo": ("docomo", "docomo"),
    "Au": ("au", "au"),
    "Softbank": ("softbank", "softbank"),
    "Vodafone": ("softbank", "softbank"),
    # jpmobile dropped its J-PHONE class when SoftBank 2G closed (2010); the
    # gateway still profiles 2G UAs (emulators, archives) as SoftBank C/P/W.
    "Jphone (removed)": ("softbank", "softbank"),
    "nil (PC) in current jpmobile": ("softbank", "softbank"),
    "Willcom": ("willcom", "willcom"),
    "Ddipocket": ("willcom", "willcom"),
    "Emobile": ("emobile", "emobile"),
    "Iphone": (None, "smartphone"),
    "Ipad": (None, "smartphone"),
    "Android": (None, "smartphone"),
    "AndroidTablet": (None, "smartphone"),
    "WindowsPhone": (None, "smartphone"),
    "BlackBerry": (None, "smartphone"),
    "nil (PC)": (None, "pc"),
}
TABLET_COLUMN = {"Ipad", "AndroidTablet"}
SUBSCRIBER_HEADERS = ("X-DCMGUID", "X-UP-SUBNO", "X-JPHONE-UID", "X-EM-UID")


def _load_vectors():
    with VECTORS_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        pytest.param(row, id=f"line{n + 2}-{row['model_expected']}") for n, row in enumerate(rows)
    ]


VECTORS = _load_vectors()


def _request_column(text):
    """``A=1; B=2`` -> headers dict and the REMOTE_ADDR (query strings are ignored)."""
    headers, remote_addr = {}, None
    for part in filter(None, (p.strip() for p in text.split("; "))):
        name, _, value = part.partition("=")
        if name == "REMOTE_ADDR":
            remote_addr = value
        elif name != "QUERY_STRING":
            headers[name] = value
    return headers, remote_addr


def _flag(attrs, name):
    match = re.search(rf"(?<![\w.]){re.escape(name)}=(true|false)", attrs)
    return None if match is None else match.group(1) == "true"


def _expected_model(row, carrier):
    model = row["model_expected"]
    device_id = re.search(r"\(device_id (\w+)\)", model)
    if device_id:
        return device_id.group(1)
    if model.startswith("("):
        return None
    if carrier is None:
        # Smartphone rows name the model loosely ("SO-01B (Xperia)").
        return model.split(" (")[0]
    return model


def test_every_vector_is_loaded():
    assert len(VECTORS) == 96
    assert {row.values[0]["carrier_expected"] for row in VECTORS} <= set(CARRIER_COLUMN)


@pytest.mark.parametrize("row", VECTORS)
def test_vector(row):
    ua, attrs = row["user_agent"], row["expected_attributes"]
    headers, remote_addr = _request_column(row["request_headers_or_params"])
    device = detect(ua, headers)

    carrier, device_class = CARRIER_COLUMN[row["carrier_expected"]]
    if "crawler" in attrs or row["model_expected"] == "Googlebot":
        device_class = "crawler"
    assert (device.carrier, device.device_class) == (carrier, device_class)
    assert device.is_keitai is (carrier is not None)
    assert device.is_tablet is (row["carrier_expected"] in TABLET_COLUMN)

    model = _expected_model(row, carrier)
    if carrier is not None:
        assert device.model == model
    elif model and row["carrier_expected"] in ("Iphone", "Ipad", "Android", "AndroidTablet"):
        if model in ua:
            assert device.model is not None and model in device.model

    checked = {}
    if m := re.search(r"imode_browser_version=(2\.0LE|\d\.\d)", attrs):
        checked["browser"] = (device.browser, m.group(1))
    cookie = _flag(attrs, "supports_cookie?")
    if cookie is None:
        cookie = _flag(attrs, "cookie")
    if cookie is not None:
        checked["cookies"] = (device.cookies, cookie)
    if "display.* all nil" in attrs:
        checked["screen"] = ((device.screen_width, device.screen_height), (None, None))
    elif (w := re.search(r"\b(?:display\.|browser_)?width=(\d+)", attrs)) and (
        h := re.search(r"\b(?:display\.|browser_)?height=(\d+)", attrs)
    ):
        checked["screen"] = (
            (device.screen_width, device.screen_height),
            (int(w.group(1)), int(h.group(1))),
        )
    if m := re.search(r"\bcolors=(\d+)", attrs):
        checked["colors"] = (device.colors, int(m.group(1)))
    if (mobile := _flag(attrs, "mobile?")) is not None:
        checked["is_keitai"] = (device.is_keitai, mobile)
    if (smart := _flag(attrs, "smart_phone?")) is not None:
        checked["smartphone"] = (device.device_class == "smartphone", smart)
    if (tablet := _flag(attrs, "tablet?")) is not None:
        checked["tablet"] = (device.is_tablet, tablet)
    if (valid_ip := _flag(attrs, "valid_ip?")) is not None:
        if row["carrier_expected"] == "Jphone (removed)":
            # The shipped lists (2011) no longer hold SoftBank's 2G gateways.
            valid_ip = False
        checked["valid_ip"] = (is_carrier_address(device.carrier, remote_addr), valid_ip)
    if m := re.search(r"device_id=(\w+)", attrs):
        checked["device_id"] = (device.model, m.group(1))
    for name in SUBSCRIBER_HEADERS:
        if name in headers:
            assert headers[name] in attrs
            checked["subscriber_id_header"] = (device.subscriber_id_header, name)
    if m := re.search(r"docomo_guid (NOT applied|:docomo)", attrs):
        checked["needs_guid"] = (device.needs_guid, m.group(1) == ":docomo")
    if m := re.search(r"trans_sid (?::mobile )?(NOT applied|not applied|applied)", attrs):
        checked["session_in_url"] = (device.needs_session_in_url, m.group(1) == "applied")
    if m := re.search(r"accept-charset=(Shift_JIS|UTF-8)", attrs):
        checked["charset"] = (device.charset_label, m.group(1))
    if "Shift_JIS docomo codes" in attrs:
        checked["emoji"] = (device.emoji, "docomo")
    elif "SoftBank Unicode PUA" in attrs or "SoftBank PUA (iOS<5)" in attrs:
        checked["emoji"] = (device.emoji, "softbank")
    elif "unicode_emoticon?=true" in attrs or "Unicode 6.0" in attrs:
        checked["emoji"] = (device.emoji, "unicode")
    elif "unicode_emoticon?=false" in attrs:
        checked["emoji"] = (device.emoji == "unicode", False)

    actual = {key: pair[0] for key, pair in checked.items()}
    expected = {key: pair[1] for key, pair in checked.items()}
    assert actual == expected


# --- helpers ---------------------------------------------------------------

FOMA = "DoCoMo/2.0 P903i(c100;TB;W24H12)"
FOMA_V2 = "DoCoMo/2.0 P07A3(c500;TB;W24H15)"
MOVA = "DoCoMo/1.0/P503i/c10/TB/W20H10"
AU = "KDDI-SA31 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0"
AU_WAP1 = "UP.Browser/3.04-TS13 UP.Link/3.4.08"
SOFTBANK = "SoftBank/1.0/910T/TJ001/SN123456789012345 Browser/NetFront/3.3 Profile/MIDP-2.0"
VODAFONE = "Vodafone/1.0/V903SH/SHJ001 Browser/UP.Browser/7.0.2.1 Profile/MIDP-2.0"
JPHONE_C = "J-PHONE/2.0/J-DN02"
JPHONE_P = "J-PHONE/4.0/J-SH51/SNJSHA3029293 SH/0001aa Profile/MIDP-1.0 Configuration/CLDC-1.0"
JPHONE_W = "J-PHONE/5.0/V801SA/SN123456789012 SA/0001JP Profile/MIDP-1.0"
WILLCOM = "Mozilla/3.0(WILLCOM;KYOCERA/WX310K/2;1.2.2.16.000000/0.1/C100) Opera 7.0"
DDIPOCKET = "Mozilla/3.0(DDIPOCKET;JRC/AH-J3001V,AH-J3002V/1.0/0100/c50)CNF/2.0"
EMOBILE = "emobile/1.0.0 (H11T; like Gecko; Wireless) NetFront/3.4"
KAIOS = "Mozilla/5.0 (Mobile; Nokia_8110_4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5"
KAIOS_3 = "Mozilla/5.0 (Mobile; rv:84.0) Gecko/84.0 Firefox/84.0 KAIOS/3.0"
OPERA_MINI = (
    "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) "
    "Presto/2.5.25 Version/10.54"
)
W3M = "w3m/0.5.3+git20230121"
LYNX = "Lynx/2.9.0dev.12 libwww-FM/2.14 SSL-MM/1.4.1 GNUTLS/3.7.9"
LINKS = "Links (2.29; Linux 6.1.0-18-amd64 x86_64; GNU C 12.2; text)"
ELINKS = "ELinks/0.16.1.1 (textmode; Linux 6.1.0 x86_64; 80x24-2)"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.82 Mobile Safari/537.36"
)
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)


# --- carriers: model and browser generation --------------------------------


@pytest.mark.parametrize(
    ("ua", "device_class", "model", "browser"),
    [
        (FOMA, "docomo", "P903i", "1.0"),
        (FOMA_V2, "docomo", "P07A3", "2.0"),
        ("DoCoMo/2.0 P03B(c500;TB;W24H16)", "docomo", "P03B", "2.0LE"),
        ("DoCoMo/2.0 N06B(c500;TB;W24H16)", "docomo", "N06B", "2.0"),
        (MOVA, "docomo", "P503i", "1.0"),
        ("DoCoMo/1.0/D501i", "docomo", "D501i", "1.0"),
        ("DoCoMo/1.0/P502i/c10", "docomo", "P502i", "1.0"),
        ("DoCoMo/1.0/P209is (Google CHTML Proxy/1.0)", "docomo", "P209is", "1.0"),
        (
            "DoCoMo/2.0 N2001(c10;ser0123456789abcde;icc01234567890123456789)",
            "docomo",
            "N2001",
            "1.0",
        ),
        ("DoCoMo/2.0 MST_v_SH2101V(c100;TB;W22H12)", "docomo", "SH2101V", "1.0"),
        ("DoCoMo/2.0 SO902iWP+(c100;TB;W30H16)", "docomo", "SO902iWP+", "1.0"),
        # No cache figure: a 2009-winter (B) model has browser 2.0, an older one 1.0.
        ("DoCoMo/2.0 SH01B", "docomo", "SH01B", "2.0"),
        ("DoCoMo/2.0 P906i", "docomo", "P906i", "1.0"),
        (AU, "au", "SA31", "UP.Browser 6.2"),
        ("KDDI-SH3I UP.Browser/6.2_7.2.7.1.K.4.305 (GUI) MMP/2.0", "au", "SH3I", "UP.Browser 6.2"),
        (AU_WAP1, "au", "TS13", "UP.Browser 3.04"),
        ("UP.Browser/3.01-HI02 UP.Link/3.2.1.2", "au", "HI02", "UP.Browser 3.01"),
        (SOFTBANK, "softbank", "910T", "NetFront 3.3"),
        (VODAFONE, "softbank", "V903SH", "UP.Browser 7.0"),
        (
            "Vodafone/1.0/V802SE/SEJ001 Browser/SEMC-Browser/4.1 Profile/MIDP-2.0",
            "softbank",
            "V802SE",
            "SEMC-Browser 4.1",
        ),
        (
            "MOT-V980/80.2F.2E. MIB/2.2.1 Profile/MIDP-2.0 Configuration/CLDC-1.1",
            "softbank",
            "V980",
            None,
        ),
        (JPHONE_C, "softbank", "J-DN02", None),
        (JPHONE_P, "softbank", "J-SH51", None),
        (JPHONE_W, "softbank", "V801SA", None),
        ("J-EMULATOR/4.3/V603SH/SN12345", "softbank", "V603SH", None),
        ("Semulator/1.0/911SH/SHJ001 Browser/NetFront/3.3", "softbank", "911SH", "NetFront 3.3"),
        (WILLCOM, "willcom", "WX310K", "Opera 7.0"),
        # A UA a handset family shares names every model in it.
        (DDIPOCKET, "willcom", "AH-J3001V,AH-J3002V", "CNF 2.0"),
        (EMOBILE, "emobile", "H11T", "NetFront 3.4"),
        (
            "Mozilla/5.0 (H11T; like Gecko; OpenBrowser) NetFront/3.4",
            "emobile",
            "H11T",
            "NetFront 3.4",
        ),
    ],
)
def test_carrier_model_and_browser(ua, device_class, model, browser):
    device = detect(ua)
    assert (device.device_class, device.carrier, device.model, device.browser) == (
        device_class,
        device_class,
        model,
        browser,
    )
    assert device.is_keitai and device.is_mobile


def test_softbank_model_from_msname_header():
    device = detect("MOT-C980/80.2F.2E. MIB/2.2.1 Profile/MIDP-2.0", {"X-JPHONE-MSNAME": "V702sMO"})
    assert device.model == "V702sMO"


@pytest.mark.parametrize(
    "ua",
    [
        "DoCoMo",  # no version: not the published format
        "KDDI-",
        "UP.Browser",
        "SoftBankBot",
        "Mozilla/3.0(WILLCOMX",
        "",
    ],
)
def test_truncated_carrier_prefixes_are_not_keitai(ua):
    assert detect(ua).is_keitai is False


# --- markup, content type, charset -----------------------------------------


@pytest.mark.parametrize(
    ("ua", "markup", "content_type", "charset"),
    [
        (FOMA, "xhtml", "application/xhtml+xml", "cp932"),
        (FOMA_V2, "xhtml", "application/xhtml+xml", "cp932"),
        (MOVA, "chtml", "text/html", "cp932"),
        ("DoCoMo/2.0 N2001(c10)", "chtml", "text/html", "cp932"),  # pre-900i FOMA
        (AU, "xhtml-mp", "text/html", "cp932"),
        (AU_WAP1, "chtml", "text/html", "cp932"),
        (SOFTBANK, "xhtml-mp", "text/html", "utf-8"),
        (VODAFONE, "xhtml-mp", "text/html", "utf-8"),
        (JPHONE_W, "xhtml-mp", "text/html", "cp932"),
        (JPHONE_P, "chtml", "text/html", "cp932"),
        (WILLCOM, "chtml", "text/html", "cp932"),
        (EMOBILE, "xhtml-mp", "text/html", "utf-8"),
        (KAIOS, "html", "text/html", "utf-8"),
        (OPERA_MINI, "html", "text/html", "utf-8"),
        (W3M, "html", "text/html", "utf-8"),
        (IPHONE, "html", "text/html", "utf-8"),
        (CHROME, "html", "text/html", "utf-8"),
    ],
)
def test_markup_content_type_and_charset(ua, markup, content_type, charset):
    device = detect(ua)
    assert (device.markup, device.content_type, device.charset) == (markup, content_type, charset)


def test_content_type_header_names_the_charset():
    assert detect(FOMA).content_type_header == "application/xhtml+xml; charset=Shift_JIS"
    assert detect(SOFTBANK).content_type_header == "text/html; charset=UTF-8"


# --- cookies ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("ua", "is_secure", "cookies"),
    [
        (FOMA, False, False),  # i-mode browser 1.0
        (MOVA, False, False),
        (FOMA_V2, False, True),  # browser 2.0
        ("DoCoMo/2.0 L01B(c500;TB;W40H10)", False, True),  # 2.0LE
        (AU, False, True),
        (AU, True, False),  # au over HTTPS: only the handset jar
        (AU_WAP1, False, True),
        (AU_WAP1, True, False),
        (SOFTBANK, False, True),
        (SOFTBANK, True, True),
        (JPHONE_W, False, True),
        (JPHONE_P, False, False),
        (JPHONE_C, False, False),
        (WILLCOM, False, True),
        (EMOBILE, False, False),
        (KAIOS, False, True),
        (CHROME, True, True),
    ],
)
def test_cookies(ua, is_secure, cookies):
    device = detect(ua, is_secure=is_secure)
    assert device.cookies is cookies
    assert device.needs_session_in_url is (not cookies)


# --- screen ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ua", "headers", "size"),
    [
        # docomo: the terminfo table by model...
        (FOMA, {}, (240, 270, 24, 12)),
        ("DoCoMo/1.0/D501i", {}, (96, 72, None, None)),
        ("DoCoMo/1.0/SH505i2/c20/TB/W20H10", {}, (240, 252, 20, 10)),
        # ...else estimated from the W<cols>H<rows> character hint.
        ("DoCoMo/2.0 P01E(c500;TB;W24H16)", {}, (240, 320, 24, 16)),
        ("DoCoMo/2.0 ZZ999(c100)", {}, (None, None, None, None)),
        # VGA mode: the model name followed by "3" (docomo's UA rules for 2009+
        # handsets); the terminfo sizes are the QVGA browser's, so both double...
        ("DoCoMo/2.0 P07A3(c500;TB;W24H15)", {}, (480, 662, 24, 15)),
        ("DoCoMo/2.0 N06A3(c500;TB;W24H16)", {}, (480, 640, 24, 16)),
        # ...also when only the QVGA name is in the table, or from the W/H hint.
        ("DoCoMo/2.0 N01A3(c500;TB;W24H15)", {}, (480, 640, 24, 15)),  # N01A: 240x320
        ("DoCoMo/2.0 P01E3(c500;TB;W24H16)", {}, (480, 640, 24, 16)),
        # A firmware digit other than the VGA 3 changes nothing.
        ("DoCoMo/2.0 N01A2(c500;TB;W24H15)", {}, (240, 320, 24, 15)),
        # au from X-UP-DEVCAP-SCREENPIXELS, in any header spelling.
        (AU, {"X-UP-DEVCAP-SCREENPIXELS": "240,320"}, (240, 320, None, None)),
        (AU, {"x-up-devcap-screenpixels": "176,182"}, (176, 182, None, None)),
        (AU, {"HTTP_X_UP_DEVCAP_SCREENPIXELS": "240,346"}, (240, 346, None, None)),
        (AU, {"X-UP-DEVCAP-SCREENPIXELS": "garbage"}, (None, None, None, None)),
        # One valid half is no size at all, not half of one.
        (AU, {"X-UP-DEVCAP-SCREENPIXELS": "240,egg"}, (None, None, None, None)),
        (AU, {"X-UP-DEVCAP-SCREENPIXELS": ",320"}, (None, None, None, None)),
        # SoftBank from X-JPHONE-DISPLAY.
        (SOFTBANK, {"X-JPHONE-DISPLAY": "240*320"}, (240, 320, None, None)),
        (SOFTBANK, {"HTTP_X_JPHONE_DISPLAY": "480*854"}, (480, 854, None, None)),
        (SOFTBANK, {}, (None, None, None, None)),
        (SOFTBANK, {"X-JPHONE-DISPLAY": "240*egg"}, (None, None, None, None)),
        (SOFTBANK, {"X-JPHONE-DISPLAY": "*320"}, (None, None, None, None)),
        # a text browser that states its terminal size
        (ELINKS, {}, (None, None, 80, 24)),
    ],
)
def test_screen_size(ua, headers, size):
    device = detect(ua, headers)
    assert (
        device.screen_width,
        device.screen_height,
        device.screen_cols,
        device.screen_rows,
    ) == size


# W-ZERO3 and WILLCOM's other Windows CE handsets (models WS<digits><maker>) send
# an IE or Opera UA naming maker/model (keitai facts §4): WILLCOM phones, with the
# screen the UA states, not smartphones.
@pytest.mark.parametrize(
    ("ua", "model", "browser", "screen"),
    [
        (
            "Mozilla/4.0 (compatible; MSIE 4.01; Windows CE; SHARP/WS007SH; PPC; 480x640)",
            "WS007SH", "MSIE 4.01", (480, 640),
        ),
        (
            "Mozilla/4.0 (compatible; MSIE 6.0; Windows CE; SHARP/WS011SH; PPC; 480x800) "
            "Opera 8.65 [ja]",
            "WS011SH", "Opera 8.65", (480, 800),
        ),
        (
            "Mozilla/4.0 (compatible; MSIE 6.0; Windows CE; SHARP/WS020SH; PPC)",
            "WS020SH", "MSIE 6.0", (None, None),
        ),
    ],
)  # fmt: skip
def test_willcom_windows_ce_handsets_are_willcom_phones(ua, model, browser, screen):
    device = detect(ua)
    assert (device.carrier, device.device_class, device.is_keitai) == ("willcom", "willcom", True)
    assert (device.model, device.browser) == (model, browser)
    assert (device.screen_width, device.screen_height) == screen
    assert device.charset == "cp932"


@pytest.mark.parametrize(
    ("ua", "headers", "colors"),
    [
        (FOMA, {}, 262144),
        ("DoCoMo/1.0/P502i/c10", {}, 4),
        (AU, {"X-UP-DEVCAP-SCREENDEPTH": "16,RGB565"}, 65536),
        (AU, {"X-UP-DEVCAP-ISCOLOR": "0"}, 2),
        (SOFTBANK, {"X-JPHONE-COLOR": "C262144"}, 262144),
        (SOFTBANK, {"X-JPHONE-COLOR": "G4"}, 4),
        (CHROME, {}, None),
    ],
)
def test_colors(ua, headers, colors):
    assert detect(ua, headers).colors == colors


# --- page budget -----------------------------------------------------------


@pytest.mark.parametrize(
    ("ua", "headers", "page", "markup"),
    [
        (FOMA, {}, 100 * 1024, 30 * 1024),  # c100, text <= 30 KB
        (FOMA_V2, {}, 500 * 1024, 500 * 1024),  # c500
        ("DoCoMo/1.0/N505i/c20/TB/W20H10", {}, 20 * 1024, 20 * 1024),
        ("DoCoMo/1.0/D501i", {}, 5 * 1024, 5 * 1024),  # no cache figure: 5 KB
        (AU, {"X-UP-DEVCAP-MAX-PDU": "131072"}, 131072, 131072),
        (AU, {"HTTP_X_UP_DEVCAP_MAX_PDU": "8192"}, 8192, 8192),
        (AU, {}, 100 * 1024, 9 * 1024),
        (AU_WAP1, {}, 5 * 1024, 5 * 1024),
        (SOFTBANK, {}, 300 * 1024, 300 * 1024),
        (JPHONE_W, {}, 200 * 1024, 200 * 1024),
        (JPHONE_P, {}, 12 * 1024, 12 * 1024),
        (WILLCOM, {}, 100 * 1024, 100 * 1024),  # C100 in the UA
        (DDIPOCKET, {}, 50 * 1024, 50 * 1024),
        ("Mozilla/3.0(WILLCOM;SANYO/WX310SA/2;1/1/)NetFront/3.3", {}, 50 * 1024, 50 * 1024),
        (EMOBILE, {}, 100 * 1024, 100 * 1024),
        # Spoofed or absurd figures never raise the budget past the modern default.
        ("DoCoMo/2.0 P903i(c99999999;TB;W24H12)", {}, 1024 * 1024, 1024 * 1024),
        (AU, {"X-UP-DEVCAP-MAX-PDU": "99999999999"}, 1024 * 1024, 1024 * 1024),
        (AU, {"X-UP-DEVCAP-MAX-PDU": "\u00b9\u00b2"}, 100 * 1024, 9 * 1024),
        (KAIOS, {}, 1024 * 1024, 1024 * 1024),
        (CHROME, {}, 1024 * 1024, 1024 * 1024),
    ],
)
def test_page_budget(ua, headers, page, markup):
    device = detect(ua, headers)
    assert (device.page_budget, device.markup_budget) == (page, markup)


# --- images ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ua", "formats"),
    [
        ("DoCoMo/1.0/D501i", ("gif",)),
        ("DoCoMo/1.0/P502i/c10", ("gif",)),
        (MOVA, ("gif", "jpeg")),
        (FOMA, ("gif", "jpeg")),
        (FOMA_V2, ("gif", "jpeg", "bmp")),
        (AU, ("gif", "jpeg", "png")),
        (AU_WAP1, ("png",)),
        (SOFTBANK, ("gif", "jpeg", "png")),
        (JPHONE_P, ("jpeg", "png")),
        (WILLCOM, ("gif", "jpeg", "png")),
        (KAIOS, ("gif", "jpeg", "png")),
        (KAIOS_3, ("gif", "jpeg", "png", "webp")),
        (W3M, ()),
        (IPHONE, ("gif", "jpeg", "png", "webp")),
    ],
)
def test_image_formats(ua, formats):
    assert detect(ua).image_formats == formats


# --- IDs, guid, keys, emoji, CSS, input ------------------------------------


@pytest.mark.parametrize(
    ("ua", "header", "needs_guid"),
    [
        (FOMA, "X-DCMGUID", True),
        (MOVA, "X-DCMGUID", True),
        (AU, "X-UP-SUBNO", False),
        (SOFTBANK, "X-JPHONE-UID", False),
        (JPHONE_P, "X-JPHONE-UID", False),
        (JPHONE_C, None, False),  # C type sends no UID to non-official sites
        (EMOBILE, "X-EM-UID", False),
        (WILLCOM, None, False),
        (IPHONE, None, False),
    ],
)
def test_subscriber_id_header_and_guid(ua, header, needs_guid):
    device = detect(ua)
    assert (device.subscriber_id_header, device.needs_guid) == (header, needs_guid)


@pytest.mark.parametrize(
    ("ua", "fields"),
    [
        (
            MOVA,
            dict(
                emoji="docomo",
                supports_css=False,
                external_css=False,
                accesskeys=True,
                supports_utf8_input=False,
                hankaku_kana=True,
                https_ok=False,
            ),
        ),
        (
            FOMA,
            dict(
                emoji="docomo",
                supports_css=True,
                external_css=False,
                accesskeys=True,
                supports_utf8_input=False,
                hankaku_kana=True,
                https_ok=False,
            ),
        ),
        (FOMA_V2, dict(supports_css=True, external_css=True)),
        (
            AU,
            dict(
                emoji="au",
                supports_css=True,
                external_css=True,
                supports_utf8_input=False,
                hankaku_kana=True,
            ),
        ),
        (
            SOFTBANK,
            dict(
                emoji="softbank",
                supports_css=True,
                supports_utf8_input=True,
                hankaku_kana=False,
                https_ok=True,
            ),
        ),
        (JPHONE_P, dict(emoji="text", supports_css=False, supports_utf8_input=False)),
        (
            WILLCOM,
            dict(emoji="text", supports_css=True, supports_utf8_input=False, accesskeys=True),
        ),
        (DDIPOCKET, dict(supports_css=False)),
        (KAIOS, dict(emoji="unicode", accesskeys=False, is_mobile=True, is_keitai=False)),
        (W3M, dict(emoji="text", supports_css=False, is_mobile=False)),
        (
            "Mozilla/5.0 (iPhone; U; CPU iPhone OS 4_3_4 like Mac OS X; ja-jp) "
            "AppleWebKit/533.17.9",
            dict(emoji="softbank"),
        ),
        (IPHONE, dict(emoji="unicode", is_mobile=True, accesskeys=False)),
    ],
)
def test_per_device_capabilities(ua, fields):
    device = detect(ua)
    assert {name: getattr(device, name) for name in fields} == fields


# --- modern devices --------------------------------------------------------


@pytest.mark.parametrize(
    ("ua", "device_class", "model", "browser", "is_mobile", "is_tablet"),
    [
        (KAIOS, "kaios", "Nokia_8110_4G", "KaiOS 2.5", True, False),
        (
            "Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) "
            "Gecko/48.0 Firefox/48.0 KAIOS/2.5",
            "kaios", "F300B", "KaiOS 2.5", True, False,
        ),
        (KAIOS_3, "kaios", None, "KaiOS 3.0", True, False),
        (OPERA_MINI, "operamini", None, "Opera Mini 9.80", True, False),
        (
            "Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 "
            "Version/12.16",
            "operamini", None, "Opera Mini 36.2", True, False,
        ),
        # Opera for iOS (OPiOS) is WebKit, not the Mini proxy browser.
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 9_3 like Mac OS X) AppleWebKit/601.1.46 "
            "(KHTML, like Gecko) OPiOS/14.0.0.104835 Mobile/13E233 Safari/9537.53",
            "smartphone", "iPhone", None, True, False,
        ),
        (W3M, "text", None, "w3m 0.5", False, False),
        ("Emacs-w3m/1.4.632 w3m/0.5.3+git20210102", "text", None, "w3m 0.5", False, False),
        (LYNX, "text", None, "Lynx 2.9", False, False),
        (LINKS, "text", None, "Links 2.29", False, False),
        (ELINKS, "text", None, "ELinks 0.16", False, False),
        (IPHONE, "smartphone", "iPhone", None, True, False),
        (PIXEL, "smartphone", "Pixel 8", None, True, False),
        (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/124.0.0.0 Mobile Safari/537.36",
            "smartphone", None, None, True, False,
        ),
        (
            "Mozilla/5.0 (Linux; Android 9; CUBOT X19 Build/PPR1.180610.011) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            "smartphone", "CUBOT X19", None, True, False,
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/124.0.0.0 Safari/537.36",
            "smartphone", "SM-X200", None, False, True,
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "smartphone", "iPad", None, False, True,
        ),
        (
            "Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0; IEMobile/10.0; "
            "ARM; Touch; NOKIA; Lumia 920)",
            "smartphone", None, None, True, False,
        ),
        (
            "Opera/9.80 (Android 2.3.3; Linux; Opera Mobi/ADR-1111101157; U; ja) Presto/2.9.201 "
            "Version/11.50",
            "smartphone", None, None, True, False,
        ),
        (
            "Mozilla/5.0 (Android 10; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0",
            "smartphone", None, None, False, True,
        ),
        (
            "Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; Touch; "
            "rv:11.0; IEMobile/11.0; NOKIA; Lumia 930) like iPhone OS 7_0_3 Mac OS X "
            "AppleWebKit/537 (KHTML, like Gecko) Mobile Safari/537",
            "smartphone", None, None, True, False,
        ),
        (
            "Mozilla/4.0 (compatible; MSIE 6.0; Windows CE; IEMobile 7.11) Sprint:PPC6800",
            "smartphone", None, None, True, False,
        ),
        (CHROME, "pc", None, None, False, False),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "pc", None, None, False, False,
        ),
        (FIREFOX, "pc", None, None, False, False),
        ("", "pc", None, None, False, False),
    ],
)  # fmt: skip
def test_modern_devices(ua, device_class, model, browser, is_mobile, is_tablet):
    device = detect(ua)
    assert (device.device_class, device.model, device.browser) == (device_class, model, browser)
    assert (device.is_mobile, device.is_tablet) == (is_mobile, is_tablet)
    assert device.carrier is None and device.is_keitai is False
    assert device.charset == "utf-8" and device.cookies is True


@pytest.mark.parametrize(
    ("headers", "device_class", "is_tablet"),
    [
        ({"Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": '"Android"'}, "smartphone", False),
        ({"Sec-CH-UA-Mobile": "?0", "Sec-CH-UA-Platform": '"Android"'}, "smartphone", True),
        ({"HTTP_SEC_CH_UA_MOBILE": "?0", "HTTP_SEC_CH_UA_PLATFORM": '"Windows"'}, "pc", False),
    ],
)
def test_client_hints_decide_phone_tablet_or_pc(headers, device_class, is_tablet):
    device = detect(CHROME, headers)
    assert (device.device_class, device.is_tablet) == (device_class, is_tablet)


def test_client_hints_do_not_override_a_carrier_ua():
    device = detect(FOMA, {"Sec-CH-UA-Mobile": "?0", "Sec-CH-UA-Platform": '"Windows"'})
    assert device.device_class == "docomo"


# --- crawlers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("ua", "carrier", "markup"),
    [
        (
            "DoCoMo/2.0 N902iS(c100;TB;W24H12)(compatible; moba-crawler; http://crawler.dena.jp/)",
            "docomo", "xhtml",
        ),
        (
            "DoCoMo/2.0 P900i(c100;TB;W24H11)(compatible; ichiro/mobile goo; "
            "+http://search.goo.ne.jp/option/use/sub4/sub4-1/)",
            "docomo", "xhtml",
        ),
        (
            "KDDI-CA23 UP.Browser/6.2.0.5 (GUI) MMP/2.0 (compatible; Y!J-MBS/1.0; "
            "http://help.yahoo.co.jp/help/jp/search/indexing/indexing-27.html)",
            "au", "xhtml-mp",
        ),
        (
            "SoftBank/1.0/910T/TJ001 Browser/NetFront/3.3 Profile/MIDP-2.0 Configuration/CLDC-1.1 "
            "(compatible; Googlebot-Mobile/2.1; +http://www.google.com/bot.html)",
            "softbank", "xhtml-mp",
        ),
        (
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 "
            "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            None, "html",
        ),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", None, "html"),
        ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", None, "html"),
        (
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            None, "html",
        ),
    ],
)  # fmt: skip
def test_crawlers_keep_the_profile_of_the_ua_they_wear(ua, carrier, markup):
    device = detect(ua)
    assert device.device_class == "crawler" and device.is_crawler
    assert (device.carrier, device.markup) == (carrier, markup)
    assert device.is_keitai is (carrier is not None)
    # Never guid=ON, a subscriber header, or a session id in indexed URLs.
    assert device.needs_guid is False
    assert device.subscriber_id_header is None
    assert device.needs_session_in_url is False


def test_docomo_crawler_renders_like_the_phone():
    phone = detect("DoCoMo/1.0/N505i/c20/TB/W20H10")
    bot = detect(
        "DoCoMo/1.0/N505i/c20/TB/W20H10 (compatible; Googlebot-Mobile/2.1; "
        "+http://www.google.com/bot.html)"
    )
    assert bot.device_class == "crawler"
    same = ("model", "browser", "markup", "content_type", "charset", "page_budget", "screen_width")
    assert {f: getattr(bot, f) for f in same} == {f: getattr(phone, f) for f in same}


# --- the API around detect() ----------------------------------------------


def test_detect_request_reads_meta_and_tls():
    request = RequestFactory().get(
        "/",
        HTTP_USER_AGENT=AU,
        HTTP_X_UP_DEVCAP_SCREENPIXELS="240,346",
        HTTP_X_UP_DEVCAP_MAX_PDU="131072",
        secure=True,
    )
    device = detect_request(request)
    assert (device.model, device.screen_width, device.page_budget, device.cookies) == (
        "SA31",
        240,
        131072,
        False,
    )


def test_irrelevant_headers_do_not_change_the_profile():
    assert detect(AU, {"Accept": "*/*", "X-UP-SUBNO": "a"}) is detect(AU)


def test_detection_is_cached_per_ua_and_relevant_headers():
    first = detect(AU, {"X-UP-DEVCAP-SCREENPIXELS": "240,320"})
    assert detect(AU, {"x-up-devcap-screenpixels": "240,320"}) is first
    assert detect(AU, {"X-UP-DEVCAP-SCREENPIXELS": "176,182"}) is not first


def test_device_is_immutable_and_describes_itself():
    device = detect(FOMA)
    with pytest.raises(dataclasses.FrozenInstanceError):
        device.cookies = True  # type: ignore[misc]
    assert device.describe() == "docomo P903i browser=1.0 xhtml cp932 240x270 100KB no-cookies"
    assert detect(CHROME).describe() == "pc html utf-8 1024KB"
    assert isinstance(device, Device) and device.device_class in DEVICE_CLASSES


@pytest.mark.parametrize(
    ("ua", "headers"),
    [
        ("DoCoMo/2.0 (", {}),
        ("DoCoMo/1.0/", {}),
        ("DoCoMo/2.0 P903i(c;TB;WH)", {}),
        (
            "KDDI-CA32 UP.Browser/",
            {"X-UP-DEVCAP-SCREENPIXELS": ",", "X-UP-DEVCAP-SCREENDEPTH": "x"},
        ),
        ("KDDI-CA32 UP.Browser/6.2", {"X-UP-DEVCAP-SCREENDEPTH": "99999,RGB"}),
        ("SoftBank/1.0/", {"X-JPHONE-DISPLAY": "*", "X-JPHONE-COLOR": "C"}),
        ("Mozilla/3.0(WILLCOM;)", {}),
        ("Mozilla/3.0(DDIPOCKET;", {}),
        ("emobile/1.0.0 (", {}),
        ("MOT-", {None: "x", "X-JPHONE-MSNAME": None}),
        ("\x00\uffff" * 50, {"HTTP_X_UP_DEVCAP_MAX_PDU": 12345}),
    ],
)
def test_malformed_input_still_gives_a_profile(ua, headers):
    device = detect(ua, headers)
    assert device.device_class in DEVICE_CLASSES
    assert 0 < device.markup_budget <= device.page_budget


def test_oversized_user_agent_is_cut_and_matched_quickly():
    ua = "Mozilla/5.0 (" + "(compatible;" * 20000
    start = time.perf_counter()
    device = detect(ua)
    assert time.perf_counter() - start < 0.5
    assert device.device_class == "pc"

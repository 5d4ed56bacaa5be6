"""Hand-off from a signed-in PC to a phone: QR link and typed code, and every way to misuse them."""

import io
import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.test import Client
from django.utils import timezone
from PIL import Image

from apps.accounts import qr
from apps.accounts.models import HandOff, PhoneSession, Session

pytestmark = pytest.mark.django_db

FOMA = "DoCoMo/2.0 P903i(c100;TB;W24H12)"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def _text(page):
    match = re.search(r"charset=([\w-]+)", page.get("Content-Type", ""))
    charset = (match.group(1) if match else "utf-8").lower()
    return page.content.decode("cp932" if charset in {"shift_jis", "cp932"} else charset)


def start_handoff(pc):
    """Show a code on the PC; returns (link, code, qr image bytes)."""
    assert pc.post("/account/phone/").status_code == 302
    page = pc.get("/account/phone/")
    assert page.status_code == 200
    html = _text(page)
    code = re.search(r'class="handoff-code">([0-9 ]+)<', html).group(1).replace(" ", "")
    qr_url = unescape(re.search(r'<img src="([^"]+)" alt="[^"]*QR', html).group(1))
    image = pc.get(qr_url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["Cache-Control"].startswith("private, max-age=")
    link = decode_qr(image.content)
    assert link in html
    return link, code, image.content


def decode_qr(data: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(found) == 1, found
    return found[0].text


def link_path(link: str) -> str:
    parts = urlsplit(link)
    return parts.path + ("?" + parts.query if parts.query else "")


def open_link(phone, link, **headers):
    confirm = phone.get(link_path(link), headers=headers)
    assert confirm.status_code == 200, confirm
    assert "@demo" in _text(confirm)
    return phone.post(urlsplit(link).path, headers=headers)


def test_qr_link_signs_a_phone_in_with_a_session_of_its_own(signed_in):
    link, _code, png = start_handoff(signed_in)
    image = Image.open(io.BytesIO(png))
    # Error correction M, 6-pixel modules and a 4-module quiet zone.
    found = zxingcpp.read_barcodes(image)[0]
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    assert str(found.ec_level) == "M"
    assert image.getpixel((6 * 4 - 1, 6 * 4 - 1)) != 0  # quiet zone is white
    assert re.fullmatch(r"http://testserver/h/[A-Za-z0-9_-]{32}/\?guid=ON", link)
    pc_key = signed_in.session.session_key
    assert pc_key not in link

    phone = Client()
    done = open_link(phone, link)
    assert done.status_code == 302 and done["Location"].endswith("/home/")
    assert phone.get("/home/").status_code == 200
    phone_key = phone.session.session_key
    assert phone_key and phone_key != pc_key
    # The PC is still signed in, in its own session.
    assert signed_in.get("/home/").status_code == 200


def test_a_used_link_is_refused_even_to_the_phone_that_used_it(signed_in):
    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    assert open_link(phone, link).status_code == 302
    again = phone.post(urlsplit(link).path)
    assert again.status_code == 410
    # Someone who copied the link off the screen gets nothing after it was used.
    thief = Client()
    assert thief.get(link_path(link)).status_code == 410
    assert thief.post(urlsplit(link).path).status_code == 410
    assert thief.get("/home/").status_code == 302
    # The phone that used it stays signed in.
    assert phone.get("/home/").status_code == 200


def test_opening_the_link_does_not_use_it(signed_in):
    link, _code, _png = start_handoff(signed_in)
    # A link previewer or a phone that opens the page twice does not burn it.
    assert Client().get(link_path(link)).status_code == 200
    assert Client().get(link_path(link)).status_code == 200
    assert open_link(Client(), link).status_code == 302


def test_an_expired_link_and_code_are_refused(signed_in):
    link, code, _png = start_handoff(signed_in)
    HandOff.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    phone = Client()
    assert phone.get(link_path(link)).status_code == 410
    assert phone.post(urlsplit(link).path).status_code == 410
    assert phone.post("/h/", {"code": code}).status_code == 400
    assert phone.get("/home/").status_code == 302
    # And the PC no longer shows it.
    page = _text(signed_in.get("/account/phone/"))
    assert code[:4] not in page and "handoff-code" not in page
    assert signed_in.get("/account/phone/qr/").status_code == 404


def test_expiry_follows_the_setting(signed_in, settings):
    settings.HANDOFF_TTL = 120
    before = timezone.now()
    start_handoff(signed_in)
    handoff = HandOff.objects.get()
    assert timedelta(seconds=119) <= handoff.expires_at - before <= timedelta(seconds=121)


def test_typed_code_signs_a_phone_in_once(signed_in):
    _link, code, _png = start_handoff(signed_in)
    assert re.fullmatch(r"\d{8}", code)
    phone = Client()
    top = _text(phone.get("/", headers={"User-Agent": IPHONE}))
    assert 'action="/h/"' in top
    done = phone.post("/h/", {"code": code}, headers={"User-Agent": IPHONE})
    assert done.status_code == 302 and done["Location"].endswith("/home/")
    assert phone.get("/home/").status_code == 200
    # The same code a second time, from anywhere, is refused.
    other = Client()
    assert other.post("/h/", {"code": code}).status_code == 400
    assert other.get("/home/").status_code == 302


def test_typed_code_with_fullwidth_digits_and_spaces(signed_in):
    _link, code, _png = start_handoff(signed_in)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code[:4]) + " - " + code[4:]
    phone = Client()
    assert phone.post("/h/", {"code": wide}).status_code == 302
    assert phone.get("/home/").status_code == 200


def test_a_link_used_makes_its_code_useless_and_the_other_way_round(signed_in):
    link, code, _png = start_handoff(signed_in)
    assert Client().post("/h/", {"code": code}).status_code == 302
    assert Client().post(urlsplit(link).path).status_code == 410


def test_brute_force_of_the_code_is_stopped_per_client(signed_in, settings):
    settings.HANDOFF_CODE_CLIENT_LIMIT = 5
    _link, code, _png = start_handoff(signed_in)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        page = attacker.post("/h/", {"code": wrong})
        assert page.status_code == 400
        assert "wrong or has expired" in _text(page)
    # Over the limit even the right code is not looked at.
    stopped = attacker.post("/h/", {"code": code})
    assert stopped.status_code == 429
    assert "Too many codes" in _text(stopped)
    assert attacker.get("/home/").status_code == 302
    # Another client is not locked out by the attacker, and the code still works.
    phone = Client(REMOTE_ADDR="203.0.113.9")
    assert phone.post("/h/", {"code": code}).status_code == 302


def test_brute_force_from_many_addresses_is_stopped_globally(signed_in, settings):
    settings.HANDOFF_CODE_CLIENT_LIMIT = 5
    settings.HANDOFF_CODE_GLOBAL_LIMIT = 12
    _link, code, _png = start_handoff(signed_in)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    statuses = []
    for n in range(15):
        attacker = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        statuses.append(attacker.post("/h/", {"code": wrong}).status_code)
    assert statuses == [400] * 12 + [429] * 3
    # While the site-wide limit holds, the right code is refused too (and the link still works).
    assert Client(REMOTE_ADDR="203.0.113.9").post("/h/", {"code": code}).status_code == 429


def test_codes_fail_closed_when_the_cache_cannot_count(signed_in, request):
    _link, code, _png = start_handoff(signed_in)
    request.getfixturevalue("dead_cache")
    phone = Client()
    assert phone.post("/h/", {"code": code}).status_code == 429
    assert not HandOff.objects.filter(used_at__isnull=False).exists()


def test_pc_sign_out_cancels_the_pending_hand_off(signed_in):
    link, code, _png = start_handoff(signed_in)
    assert signed_in.post("/logout/").status_code == 302
    phone = Client()
    assert phone.get(link_path(link)).status_code == 410
    assert phone.post(urlsplit(link).path).status_code == 410
    assert phone.post("/h/", {"code": code}).status_code == 400
    assert phone.get("/home/").status_code == 302


def test_a_new_code_replaces_the_one_shown_before(signed_in):
    old_link, old_code, _png = start_handoff(signed_in)
    new_link, new_code, _png = start_handoff(signed_in)
    assert (old_link, old_code) != (new_link, new_code)
    assert Client().post(urlsplit(old_link).path).status_code == 410
    assert Client().post("/h/", {"code": old_code}).status_code == 400
    assert Client().post("/h/", {"code": new_code}).status_code == 302


def test_only_hashes_of_the_secrets_are_stored(signed_in):
    link, code, _png = start_handoff(signed_in)
    token = urlsplit(link).path.split("/")[2]
    row = HandOff.objects.values().get()
    stored = " ".join(str(v) for v in row.values())
    assert token not in stored and code not in stored
    assert signed_in.session.session_key not in stored
    assert len(token) * 6 >= 128


def test_the_pc_lists_its_phones_and_signs_one_out(signed_in):
    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    open_link(phone, link, **{"User-Agent": IPHONE})
    assert phone.get("/home/", headers={"User-Agent": IPHONE}).status_code == 200
    phone_key = phone.session.session_key
    page = _text(signed_in.get("/account/phone/"))
    assert "smartphone" in page and "Sign out that phone" in page
    row = PhoneSession.objects.get()
    assert phone_key not in row.session_key_encrypted
    action = re.search(r'action="(/account/phone/\d+/sign-out/)"', page).group(1)
    assert signed_in.post(action).status_code == 302
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert not PhoneSession.objects.exists()
    assert phone.get("/home/", headers={"User-Agent": IPHONE}).status_code == 302
    # The PC itself is still signed in.
    assert signed_in.get("/home/").status_code == 200
    assert "None." in _text(signed_in.get("/account/phone/"))


def test_another_user_cannot_sign_out_my_phone(signed_in, django_user_model):
    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    open_link(phone, link)
    row = PhoneSession.objects.get()
    stranger = django_user_model.objects.create_user("stranger")
    other = Client()
    other.force_login(stranger)
    assert other.post(f"/account/phone/{row.pk}/sign-out/").status_code == 302
    assert PhoneSession.objects.filter(pk=row.pk).exists()
    assert phone.get("/home/").status_code == 200


def test_a_phone_signing_out_by_itself_leaves_the_list(signed_in):
    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    open_link(phone, link)
    assert PhoneSession.objects.count() == 1
    phone.post("/logout/")
    assert not PhoneSession.objects.exists()


def test_last_seen_moves_when_the_phone_is_used(signed_in):
    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    open_link(phone, link)
    PhoneSession.objects.update(last_seen_at=timezone.now() - timedelta(hours=3))
    from django.core.cache import cache

    cache.clear()
    phone.get("/account/")
    assert timezone.now() - PhoneSession.objects.get().last_seen_at < timedelta(minutes=1)


def test_cookie_less_docomo_phone_gets_a_url_session(signed_in):
    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    confirm = phone.get(link_path(link), headers={"User-Agent": FOMA})
    html = _text(confirm)
    assert "sessionid" not in confirm.cookies
    action = unescape(re.search(r'<form action="([^"]+)" method="post"', html).group(1))
    assert "sid=" in action and "guid=ON" in action
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    done = phone.post(action, {"csrfmiddlewaretoken": token}, headers={"User-Agent": FOMA})
    assert done.status_code == 302
    location = done["Location"]
    sid = re.search(r"sid=([a-z0-9]+)", location).group(1)
    assert "guid=ON" in location and "/home/" in location
    assert sid != re.search(r"sid=([a-z0-9]+)", action).group(1)
    assert sid != signed_in.session.session_key
    fresh = Client()  # no cookies at all: only the URL carries the session
    home = fresh.get(f"/home/?sid={sid}&guid=ON", headers={"User-Agent": FOMA})
    assert home.status_code == 200


def test_signup_qr_on_the_pc_top_page(client):
    page = _text(client.get("/"))
    src = re.search(r'<img src="([^"]+)" alt="QR code of this site"', page).group(1)
    image = client.get(src)
    assert image["Content-Type"] == "image/png"
    assert decode_qr(image.content) == "http://testserver/"
    phone_top = _text(client.get("/", headers={"User-Agent": FOMA}))
    assert "QR code of this site" not in phone_top
    assert "/login/pin/" in phone_top and 'name="code"' in phone_top


def test_a_phone_without_png_gets_a_gif_it_can_show():
    from apps.keitai.detect import detect

    mova = detect("DoCoMo/1.0/P503i/c10")
    assert "png" not in mova.image_formats
    body, content_type = qr.qr_image("http://testserver/h/abc/?guid=ON", device=mova)
    assert content_type == "image/gif"
    assert decode_qr(body) == "http://testserver/h/abc/?guid=ON"
    image = Image.open(io.BytesIO(body))
    assert image.format == "GIF"
    # 4 to 6 pixels a module: version 3 (29 modules) plus the quiet zone.
    found = zxingcpp.read_barcodes(image)[0]
    assert found.symbology_identifier.startswith("]Q")
    assert image.width in {px * (29 + 8) for px in (4, 5, 6)}


def test_key_rotation_re_encrypts_phone_session_ids(signed_in, settings):
    import io as _io

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from apps.accounts import crypto

    link, _code, _png = start_handoff(signed_in)
    phone = Client()
    open_link(phone, link)
    phone_key = phone.session.session_key
    old_key = settings.TOKEN_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [new_key, old_key]
    out = _io.StringIO()
    call_command("reencrypt_tokens", stdout=out)
    assert "1 phone session(s)" in out.getvalue()
    settings.TOKEN_ENCRYPTION_KEYS = [new_key]
    assert crypto.decrypt(PhoneSession.objects.get().session_key_encrypted) == phone_key
    # Signing the phone out from the PC still works under the new key.
    page = _text(signed_in.get("/account/phone/"))
    action = re.search(r'action="(/account/phone/\d+/sign-out/)"', page).group(1)
    signed_in.post(action)
    assert phone.get("/home/").status_code == 302


AU = "KDDI-CA39 UP.Browser/6.2.0.13.1.5 (GUI) MMP/2.0"
MOVA = "DoCoMo/1.0/P503i/c10/TB/W20H10"


@pytest.mark.parametrize("ua", [FOMA, MOVA, AU, IPHONE, "Mozilla/5.0 (X11; Linux x86_64)"])
def test_every_hand_off_page_is_well_formed_and_fits_the_phone(signed_in, ua):
    from apps.keitai.detect import detect
    from tests.keitai.phone import assert_well_formed

    link, _code, _png = start_handoff(signed_in)
    budget = detect(ua).markup_budget
    phone = Client()
    pages = [
        phone.get("/", headers={"User-Agent": ua}),
        phone.get("/h/", headers={"User-Agent": ua}),
        phone.post("/h/", {"code": "12"}, headers={"User-Agent": ua}),
        phone.get(link_path(link), headers={"User-Agent": ua}),
        phone.get("/h/" + "x" * 32 + "/", headers={"User-Agent": ua}),
    ]
    if detect(ua).cookies:
        # The code page itself, as a signed-in device of this kind gets it.
        pages.append(signed_in.get("/account/phone/", headers={"User-Agent": ua}))
    for page in pages:
        assert page.status_code in {200, 400, 410}, page
        assert_well_formed(page)
        assert len(page.content) <= budget


def test_a_docomo_phone_with_a_trusted_id_is_offered_easy_login(signed_in):
    link, _code, _png = start_handoff(signed_in)
    # A docomo gateway address (apps/keitai/data/carrier-ip-ranges.json) and its i-mode ID.
    phone = Client(REMOTE_ADDR="210.153.84.1")
    headers = {"User-Agent": FOMA, "X-DCMGUID": "AbC1234"}
    html = _text(phone.get(link_path(link), headers=headers))
    action = unescape(re.search(r'<form action="([^"]+)" method="post"', html).group(1))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    done = phone.post(action, {"csrfmiddlewaretoken": token}, headers=headers)
    assert done.status_code == 302
    location = urlsplit(done["Location"])
    assert location.path == "/account/" and "sid=" in location.query
    account = _text(phone.get(f"{location.path}?{location.query}", headers=headers))
    assert "Turn on easy login to sign in with one click next time" in account
    assert 'value="Turn on easy login"' in account

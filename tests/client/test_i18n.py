"""Japanese and English pages: the catalogue, Accept-Language and the user's own choice."""

import contextlib
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils.translation import trans_real

pytestmark = pytest.mark.django_db

HOME = "/2/users/*/timelines/reverse_chronological"
JA = {"Accept-Language": "ja"}
EN = {"Accept-Language": "en"}
FOMA = "DoCoMo/2.0 P07A3(c500;TB;W24H15)"


def _locale_dir() -> Path:
    return Path(django_settings.LOCALE_PATHS[0])


def _po_path() -> Path:
    return _locale_dir() / "ja" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    """Build django.mo from the .po (a clean checkout has none), then drop cached catalogues."""
    # compilemessages also walks the working directory for locale/ folders; from
    # inside LOCALE_PATHS it finds only ours, never a virtualenv's copy of Django.
    with contextlib.chdir(_locale_dir()):
        call_command("compilemessages", locale=["ja"], verbosity=0)
    assert (_po_path().with_suffix(".mo")).exists()
    trans_real._translations = {}
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()
    yield
    trans_real._translations = {}
    trans_real._default = None


def _text(page) -> str:
    match = re.search(r"charset=([\w-]+)", page.get("Content-Type", ""))
    charset = match.group(1).lower() if match else "utf-8"
    return page.content.decode("cp932" if charset in {"shift_jis", "cp932"} else charset)


# The pages, in each language.


def test_top_page_in_japanese(client):
    page = _text(client.get("/", headers=JA))
    assert 'lang="ja"' in page
    assert "[5]Xでログイン" in page
    assert "PINでログイン(他の端末で許可)" in page
    assert "Sign in with X" not in page


def test_top_page_in_english(client):
    page = _text(client.get("/", headers=EN))
    assert 'lang="en"' in page
    assert "Sign in with X" in page
    assert "Xでログイン" not in page


def test_phone_without_accept_language_gets_the_japanese_default(client, settings):
    settings.LANGUAGE_CODE = "ja"
    page = client.get("/", headers={"User-Agent": FOMA})
    assert page.status_code == 200
    assert "Xでログイン" in _text(page)


def test_home_page_in_japanese(signed_in):
    page = signed_in.get("/home/", headers=JA)
    assert page.status_code == 200
    body = _text(page)
    menu = ("[#]メニュー", "[1]ホーム", "[2]投稿", "[3]メンション", "[0]検索", "[*]メッセージ")
    for words in (*menu, "アカウント", "ログアウト"):
        assert words in body, words
    assert ">Home<" not in body and "Sign out" not in body


def test_home_page_in_english(signed_in):
    body = _text(signed_in.get("/home/", headers=EN))
    for words in ("[1]Home", "[2]Post", "[3]Mentions", "Sign out"):
        assert words in body, words
    assert "ホーム" not in body


def test_too_long_post_says_the_count_in_japanese(signed_in):
    page = signed_in.post("/post/", {"text": "漢" * 141}, headers=JA)
    assert page.status_code == 400
    body = _text(page)
    assert "文字数オーバーです(282/280)。短くしてもう一度送信してください。" in body
    assert "282/280" in body


def test_too_long_post_says_the_count_in_english(signed_in):
    body = _text(signed_in.post("/post/", {"text": "漢" * 141}, headers=EN))
    assert "Too long: 282 of 280. Shorten it and send again." in body


def test_rate_limit_page_in_both_languages(signed_in, emulator):
    emulator.state.set_fault(HOME, status=429)
    ja = signed_in.get("/home/", headers=JA)
    assert ja.status_code == 429
    body = _text(ja)
    assert ">しばらくお待ちください</h1>" in body
    assert "このアカウントからのアクセスが多すぎるため、Xに制限されています。" in body
    en = signed_in.get("/home/", headers=EN)
    assert en.status_code == 429 and ">Please wait</h1>" in _text(en)


def test_unavailable_page_in_both_languages(signed_in, emulator):
    emulator.state.set_fault(HOME, status=503)
    ja = signed_in.get("/home/", headers=JA)
    assert ja.status_code == 503
    body = _text(ja)
    assert ">Xが応答しません</h1>" in body
    assert "Xで障害が起きています。" in body
    assert "しばらくしてからお試しください。" in body
    en = signed_in.get("/home/", headers=EN)
    assert en.status_code == 503 and ">X is not answering</h1>" in _text(en)


def test_spent_x_credits_in_both_languages(signed_in, emulator):
    emulator.state.set_credits(0)
    ja = signed_in.get("/home/", headers=JA)
    assert ja.status_code == 503
    body = _text(ja)
    assert ">Xのクレジット待ち</h1>" in body
    assert "サービスのXクレジットを使い切りました。" in body
    assert "投稿は保存され、送信できるようになったら送られます。" in body
    en = signed_in.get("/home/", headers=EN)
    assert en.status_code == 503 and ">Waiting for X credits</h1>" in _text(en)


def test_the_users_language_wins_over_accept_language(signed_in):
    saved = signed_in.post(
        "/settings/", {"posts_per_page": 20, "time_zone": "UTC", "language": "ja"}, headers=EN
    )
    assert saved.status_code == 302
    body = _text(signed_in.get("/home/", headers=EN))
    assert 'lang="ja"' in body and "[1]ホーム" in body and "[1]Home" not in body
    signed_in.post(
        "/settings/", {"posts_per_page": 20, "time_zone": "UTC", "language": "en"}, headers=JA
    )
    body = _text(signed_in.get("/home/", headers=JA))
    assert 'lang="en"' in body and "[1]Home" in body and "ホーム" not in body


def test_automatic_language_follows_accept_language_again(signed_in):
    signed_in.post("/settings/", {"posts_per_page": 20, "time_zone": "UTC", "language": "en"})
    signed_in.post("/settings/", {"posts_per_page": 20, "time_zone": "UTC", "language": ""})
    assert "[1]ホーム" in _text(signed_in.get("/home/", headers=JA))


# The catalogue itself.

_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]|\{\{.*?\}\}|\{\w*\}")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    body = line.strip()
    assert body.startswith('"') and body.endswith('"'), line
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body[1:-1])


def _entries(path: Path) -> list[dict]:
    """The .po's entries: keys msgctxt, msgid, msgid_plural, msgstr[n], plus flags."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _, value = line.partition(" ")
            key = re.sub(r"^msgstr\[(\d+)\]$", r"msgstr[\1]", key)
            entry[key] = _unquote(value)
    return entries


def _messages() -> list[dict]:
    return [entry for entry in _entries(_po_path()) if entry["msgid"]]


def test_catalogue_header_is_japanese_with_one_plural_form():
    header = next(entry for entry in _entries(_po_path()) if entry["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: ja\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]


def test_every_message_is_translated_and_none_is_fuzzy():
    lines = _po_path().read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if line.startswith("#~")], "obsolete entries"
    messages = _messages()
    assert len(messages) > 100
    for entry in messages:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        strings = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert strings and all(s.strip() for s in strings), entry["msgid"]


def test_placeholders_match():
    for entry in _messages():
        wanted = Counter(_PLACEHOLDER.findall(entry["msgid"]))
        for key, value in entry.items():
            if key.startswith("msgstr"):
                assert Counter(_PLACEHOLDER.findall(value)) == wanted, (entry["msgid"], value)


def test_msgfmt_check_is_clean(tmp_path):
    assert shutil.which("msgfmt"), "GNU gettext's msgfmt is missing (make test installs gettext)"
    done = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(_po_path())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_every_translation_fits_shift_jis():
    """Keitai pages go out as Shift_JIS: no character may turn into a replacement."""
    unreadable = []
    for entry in _messages():
        for key, value in entry.items():
            if key.startswith("msgstr"):
                try:
                    value.encode("cp932")
                except UnicodeEncodeError as error:
                    unreadable.append(f"{entry['msgid']!r}: {error.object[error.start]!r}")
    assert unreadable == [], unreadable

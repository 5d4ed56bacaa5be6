"""Mail out: each carrier gets its encoding and its own pictographs, through a real SMTP server."""

import pytest

from apps.mailgate.message import parse_mail
from apps.mailgate.outgoing import send_mail

BODY = "晴れ☀️です\nｶﾀｶﾅ and ①"


@pytest.mark.parametrize(
    ("to", "charset", "pictograph", "carrier", "text"),
    [
        # docomo: Shift_JIS, sun = F89F
        ("a@docomo.ne.jp", b"charset=Shift_JIS", b"\xf8\x9f", "docomo", "晴れ☀️です"),
        # SoftBank: Shift_JIS, sun = F98B
        ("b@softbank.ne.jp", b"charset=Shift_JIS", b"\xf9\x8b", "softbank", "晴れ☀️です"),
        # au: ISO-2022-JP, sun = JIS 7541 inside ESC $ B
        ("c@ezweb.ne.jp", b"charset=ISO-2022-JP", b"\x1b$Bu\x41\x1b(B", "au", "晴れ☀️です"),
        # a PC in Japan: ISO-2022-JP, emoji by name
        (
            "d@example.co.jp",
            b"charset=ISO-2022-JP",
            "[太陽]".encode("iso2022_jp"),
            None,
            "晴れ[太陽]です",
        ),
        # everyone else: UTF-8
        ("e@example.com", b'charset="utf-8"', None, None, "晴れ☀️です"),
    ],
)
def test_notice_reaches_smtp_in_the_carriers_encoding(
    smtp_sink, to, charset, pictograph, carrier, text
):
    assert send_mail(to=to, subject="件名☀️", body=BODY)
    ((mail_from, rcpt, content),) = smtp_sink.wait()
    assert rcpt == [to]
    assert charset in content
    if pictograph is not None:
        assert pictograph in content
    mail = parse_mail(content, carrier=carrier)
    assert mail.text.startswith(text)
    assert mail.subject.startswith("件名")
    # our own loop marker and RFC 3834's flag on every mail
    assert b"X-Yubitter-Loop: " in content and b"Auto-Submitted: auto-generated" in content


def test_half_width_kana_and_nec_symbols_survive_iso_2022_jp(smtp_sink):
    send_mail(to="c@example.ne.jp", subject="テスト", body="ｶﾀｶﾅ ①")
    ((_, _, content),) = smtp_sink.wait()
    assert parse_mail(content).text.strip() == "カタカナ 1"

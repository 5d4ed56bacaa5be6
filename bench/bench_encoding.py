"""Cost of encoding one timeline page for each kind of device. Not a test.

Builds 20 posts of Japanese text with emoji (round-trip pictographs, emoji the
carriers lack, ZWJ sequences, flags), about 6 KB of text, and prints ms per
encode_for_device call for docomo, au, SoftBank and a modern UTF-8 device, plus
the cost of decoding a docomo form post.

    .venv/bin/python bench/bench_encoding.py [--repeat 200]
"""

import argparse
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.keitai.encoding import decode_from_device, encode_for_device, parse_form  # noqa: E402

POSTS = [
    "今日は朝から晴れ☀️ 駅前のカフェで打ち合わせ☕ 10時〜12時、そのあと移動します🚃",
    "新しいガラケー届いた📱✨ ボタンで打つの久しぶりすぎて指が覚えてない😂",
    "雨☔ 傘忘れた… コンビニで買うしかない💸 #通勤",
    "ライブ最高だった🎸🎤‼️ また行きたい❤️ セトリ後で書きます",
    "家族でお花見🌸👨‍👩‍👧 お弁当🍱持って上野公園へ",
    "ワールドカップ🇯🇵 vs 🇩🇪 ⚽ 夜更かし確定🌙",
    "締め切りまであと1️⃣日… がんばる💪🔥",
    "猫🐈が膝の上で寝てしまって動けない😇",
    "新幹線🚄で大阪へ。富士山🗻きれいに見えた",
    "ラーメン🍜 替え玉2回。反省はしていない🫠",
]


def page() -> str:
    posts = []
    for i in range(20):
        text = POSTS[i % len(POSTS)] + " " + POSTS[(i + 3) % len(POSTS)]
        posts.append(
            f'<div class="p"><a href="/u/user{i}" accesskey="{i % 10}">ユーザー{i}</a> '
            f"{text}<br><span>{i}分前</span> <a href='/r/{i}'>返信</a> "
            f"<a href='/rt/{i}'>RT {i * 3}</a> <a href='/fav/{i}'>いいね {i * 7}</a></div>\n"
        )
    return "".join(posts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    html = page()
    print(f"page: {len(html)} characters, {len(html.encode())} bytes as UTF-8")
    cases = [
        ("docomo (cp932)", "cp932", "docomo"),
        ("au (cp932)", "cp932", "au"),
        ("SoftBank (utf-8)", "utf-8", "softbank"),
        ("WILLCOM (cp932, text emoji)", "cp932", "willcom"),
        ("modern (utf-8)", "utf-8", None),
    ]
    for label, charset, carrier in cases:
        encode_for_device(html, charset, carrier)  # warm the tables and caches
        seconds = timeit.timeit(
            lambda charset=charset, carrier=carrier: encode_for_device(html, charset, carrier),
            number=args.repeat,
        )
        size = len(encode_for_device(html, charset, carrier))
        print(f"encode {label:30s} {seconds / args.repeat * 1000:7.3f} ms/call  {size} bytes")

    body = encode_for_device("status=" + POSTS[0] + POSTS[6], "cp932", "docomo")
    seconds = timeit.timeit(lambda: decode_from_device(body, "cp932", "docomo"), number=args.repeat)
    print(
        f"decode docomo post ({len(body)} bytes)        {seconds / args.repeat * 1000:7.3f} ms/call"
    )
    form = b"status=" + b"".join(b"%%%02X" % b for b in body) + b"&submit=ok"
    seconds = timeit.timeit(lambda: parse_form(form, "cp932", "docomo"), number=args.repeat)
    print(
        f"parse_form docomo ({len(form)} bytes)         {seconds / args.repeat * 1000:7.3f} ms/call"
    )


if __name__ == "__main__":
    main()

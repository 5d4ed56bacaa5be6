"""Hand-off costs: QR images (bytes, pixels, time) and start/redeem on the database.

In-process with an in-memory SQLite database and the local-memory cache; prints
numbers, not a test.

    .venv/bin/python bench/bench_handoff.py [--rounds 200]
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ["CACHE_URL"] = "locmemcache://"


def timed(fn, rounds):
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from PIL import Image

    from apps.accounts import handoff, qr
    from apps.accounts.models import HandOff
    from apps.keitai.detect import detect

    link = "https://yubitter.example/h/" + "A" * 32 + "/?guid=ON"
    devices = {
        "PC (PNG)": None,
        "docomo FOMA P903i (GIF)": detect("DoCoMo/2.0 P903i(c100;TB;W24H12)"),
        "docomo mova P503i (GIF)": detect("DoCoMo/1.0/P503i/c10/TB/W20H10"),
    }
    print(f"QR code of a {len(link)}-character link, error correction M, quiet zone 4 modules")
    for label, device in devices.items():
        body, content_type = qr.qr_image(link, device=device, fmt=None if device else "png")
        width = Image.open(io.BytesIO(body)).width
        p50, p99 = timed(lambda d=device: qr.qr_image(link, device=d), args.rounds)
        print(
            f"  {label:26} {content_type:9} {len(body):5} bytes  {width}x{width} px  "
            f"p50 {p50:5.2f} ms  p99 {p99:5.2f} ms"
        )

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench")
    started = [None]

    def start():
        started[0] = handoff.handoff_start(user=user, origin_session_key="pc-session-key")

    p50, p99 = timed(start, args.rounds)
    print(f"hand-off start (hashes, unique code, insert): p50 {p50:.2f} ms  p99 {p99:.2f} ms")

    def link_round():
        shown = handoff.handoff_start(user=user, origin_session_key="pc-session-key")
        handoff.handoff_redeem_link(shown.link_token)

    def code_round():
        shown = handoff.handoff_start(user=user, origin_session_key="pc-session-key")
        handoff.handoff_redeem_code(shown.code, client=f"addr:{time.perf_counter_ns()}")

    from django.test.utils import override_settings

    with override_settings(HANDOFF_CODE_GLOBAL_LIMIT=10**9):
        rounds = (("start + redeem by link", link_round), ("start + redeem by code", code_round))
        for label, fn in rounds:
            p50, p99 = timed(fn, args.rounds)
            print(f"{label}: p50 {p50:.2f} ms  p99 {p99:.2f} ms")
    print(f"({HandOff.objects.count()} hand-offs in the table; {connection.vendor})")


if __name__ == "__main__":
    main()

"""The keitai response pipeline per device profile: bytes on the wire and cost per page.

For docomo (FOMA, cookie-less), au, SoftBank and a smartphone: signs in to the
local X emulator in-process, fetches the home timeline and prints

* bytes of the home page on the wire and how many posts it holds,
* how many times the pipeline ran to fit that page to the device's byte budget,
* the response pipeline's cost per page (CSS inlining, session id/guid in links,
  emoji, encoding) timed on the captured rendered page, rendering excluded,
* device detection per request, warm (the profile cache, as in production)
  and cold (the cache cleared before every call).

Not a test. Run from the project root:

    .venv/bin/python bench/bench_pipeline.py [--repeat 200]
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from apps.keitai import budget  # noqa: E402
from apps.keitai.detect import dispatch as detect_module  # noqa: E402
from apps.xemulator.server import EmulatorServer  # noqa: E402
from tests.conftest import approve_on_emulator  # noqa: E402

PROFILES = [
    ("docomo P903i (no cookies)", "DoCoMo/2.0 P903i(c100;TB;W24H12)", {}),
    ("docomo P503i (5 KB, no cookies)", "DoCoMo/1.0/P503i/c5/TB/W20H10", {}),
    (
        "au CA32 (MAX-PDU 100 KB)",
        "KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0",
        {"HTTP_X_UP_DEVCAP_MAX_PDU": "102400"},
    ),
    ("au CA32 (default 9 KB)", "KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0", {}),
    (
        "SoftBank 910T",
        "SoftBank/1.0/910T/TJ001/SN000000000000000 Browser/NetFront/3.3 "
        "Profile/MIDP-2.0 Configuration/CLDC-1.1",
        {},
    ),
    (
        "smartphone (iPhone)",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
        {},
    ),
]


def sign_in(ua: str, headers: dict):
    """Sign in through the emulator as this device; return the client and home's path."""
    client = Client(HTTP_USER_AGENT=ua, **headers)
    start = client.get("/login/")
    answer = approve_on_emulator(start["Location"])
    location = answer.headers["Location"]
    done = client.get(location[location.index("/login/callback/") :])
    location = done["Location"]
    return client, location[location.index("/home/") :]


def capture_transform(ua: str, headers: dict):
    """The home response, the pipeline runs it took, and the page sent with its arguments.

    Every pipeline run goes through ``apps.keitai.budget``: fitting measures pages
    with it, and the middleware reuses the bytes of the page that fits.
    """
    client, home = sign_in(ua, headers)
    captured = []
    originals = {budget: budget.transform}

    def spy(original):
        def run(html, device, **kwargs):
            captured.append((html, device, kwargs))
            return original(html, device, **kwargs)

        return run

    for module, original in originals.items():
        module.transform = spy(original)
    try:
        response = client.get(home)
    finally:
        for module, original in originals.items():
            module.transform = original
    sent = response.fitted.html if getattr(response, "fitted", None) else captured[-1][0]
    html, device, kwargs = next(call for call in captured if call[0] == sent)
    return response, len(captured), (html, device, kwargs)


def per_call(func, repeat: int) -> float:
    """Median seconds per call over ``repeat`` calls (in 5 batches)."""
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            func()
        batches.append((time.perf_counter() - start) / repeat)
    return statistics.median(batches)


def measure(name: str, ua: str, headers: dict, repeat: int, factory) -> str:
    """One profile's line of the table."""
    response, runs, (html, device, kwargs) = capture_transform(ua, headers)
    posts = len(re.findall(rb'<div class="post"', response.content))
    pipeline = per_call(lambda: budget.transform(html, device, **kwargs), repeat)
    request = factory.get("/home/", HTTP_USER_AGENT=ua, **headers)
    warm = per_call(lambda: detect_module.detect_request(request), repeat * 50)

    def cold():
        detect_module.detect_cached.cache_clear()
        detect_module.detect_request(request)

    cold_time = per_call(cold, repeat * 5)
    return (
        f"{name:28} {len(response.content):7d} {posts:5d} "
        f"{device.markup_budget // 1024:5d}KB {runs:4d} {pipeline * 1e3:11.2f} "
        f"{warm * 1e6:14.1f} {cold_time * 1e6:7.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    emulator = EmulatorServer(host="127.0.0.1", port=0).start()
    settings.X_API_BASE_URL = settings.X_AUTHORIZE_BASE_URL = emulator.base_url
    factory = RequestFactory()
    print(
        f"{'profile':28} {'bytes':>7} {'posts':>5} {'budget':>7} {'runs':>4} {'pipeline ms':>11} "
        f"{'detect µs warm':>14} {'cold':>7}"
    )
    try:
        for name, ua, headers in PROFILES:
            print(measure(name, ua, headers, args.repeat, factory))
    finally:
        emulator.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

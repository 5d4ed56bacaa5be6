"""What recording X's cost adds to a call: `spending.record` and `spending.check_cap`,
on MariaDB and a real memcached.

    .venv/bin/python bench/bench_spending.py [--calls 2000]
      [--database-url mysql://root@127.0.0.1:3306/yubitter_bench_spending]

It starts its own memcached (a free port, stopped by PID), migrates the database it
is given, and times, single-threaded, the recording of a home timeline answer (20
posts, 10 authors) whose resources are all new today, the same answer again (all
already charged today), a write (a post), and the cap check with caps set. With
X_SPEND_FLUSH_SECONDS=10 the database write of the tally falls on one call in ten
seconds; it is in these times.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import free_port  # noqa: E402

HOME = "/2/users/1101406720619577345/timelines/reverse_chronological"
_ids = itertools.count(10**18)


def home_answer(fresh: bool, fixed: dict) -> dict:
    """A 20-post page with 10 authors: new ids each time, or always the same ones."""
    if not fresh:
        return fixed
    return {
        "data": [{"id": str(next(_ids)), "text": "x"} for _ in range(20)],
        "includes": {"users": [{"id": str(next(_ids))} for _ in range(10)]},
    }


def timed(label: str, calls: int, run) -> None:
    for _ in range(20):
        run()
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    times.sort()
    p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
    print(
        f"  {label:34} {calls} calls  mean {statistics.mean(times) * 1e3:5.2f} ms  "
        f"p50 {p50 * 1e3:5.2f} ms  p99 {p99 * 1e3:5.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument(
        "--database-url", default="mysql://root@127.0.0.1:3306/yubitter_bench_spending"
    )
    args = parser.parse_args()
    port = free_port()
    memcached = subprocess.Popen(
        ["memcached", "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "64", "-u", "root"]
    )
    try:
        time.sleep(0.3)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="yubitter.settings",
            DEBUG="true",
            DATABASE_URL=args.database_url,
            CACHE_URL=f"pymemcache://127.0.0.1:{port}",
        )
        sys.path.insert(0, str(ROOT / "deploy"))
        from serve import ensure_database

        ensure_database(args.database_url)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        from apps.xapi import spending
        from apps.xapi.models import XSpend

        call_command("migrate", "--noinput", verbosity=0)
        XSpend.objects.all().delete()
        fixed = home_answer(True, {})
        me = "1101406720619577345"
        print(f"X spending per call ({settings.DATABASES['default']['ENGINE']}, memcached)")
        timed(
            "record a read, 30 new resources",
            args.calls,
            lambda: spending.record(me, "GET", HOME, None, home_answer(True, fixed)),
        )
        timed(
            "record a read, all charged today",
            args.calls,
            lambda: spending.record(me, "GET", HOME, None, fixed),
        )
        timed(
            "record a write (a post)",
            args.calls,
            lambda: spending.record(me, "POST", "/2/tweets", {"text": "hi"}, None),
        )
        settings.X_DAILY_CAP_PER_USER = settings.X_DAILY_CAP_TOTAL = 10**9
        timed("check the daily caps", args.calls, lambda: spending.check_cap(me))
        started = time.perf_counter()
        spending.flush()
        rows = XSpend.objects.count()
        print(f"  flush of the tally: {(time.perf_counter() - started) * 1e3:.1f} ms, {rows} rows")
        settings.X_DAILY_CAP_PER_USER = settings.X_DAILY_CAP_TOTAL = 0.0
        timed("check with no caps set", args.calls, lambda: spending.check_cap(me))
    finally:
        memcached.terminate()
        memcached.wait()


if __name__ == "__main__":
    main()

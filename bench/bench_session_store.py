"""What one session read costs: the versioned store (a version query, then the cache)
against Django's database store (the whole row, decoded), on MariaDB and a real memcached.

    .venv/bin/python bench/bench_session_store.py [--reads 3000]
      [--database-url mysql://root@127.0.0.1:3306/yubitter_bench_sessions]

It starts its own memcached (a free port, stopped by PID), migrates the database it is
given, and times loads of one signed-in session holding what a phone's session holds (the
user, a CSRF token, an OAuth request token, a flash message), single-threaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import free_port  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=3000)
    parser.add_argument(
        "--database-url", default="mysql://root@127.0.0.1:3306/yubitter_bench_sessions"
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
        from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
        from django.core.management import call_command

        from apps.accounts.session_store import SessionStore

        call_command("migrate", "--noinput", verbosity=0)
        data = {
            "_auth_user_id": "12345",
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": "f" * 64,
            "_csrftoken": "c" * 32,
            "x_request_token": {"oauth_token": "t" * 30, "oauth_token_secret": "s" * 32},
            "_messages": '[["__json_message",0,25,"Posted."]]',
        }
        for name, store_class in (
            ("versioned store", SessionStore),
            ("database only", DatabaseStore),
        ):
            store = store_class()
            store.update(data)
            store.save()
            key = store.session_key
            for _ in range(50):
                store_class(key).load()
            times = []
            for _ in range(args.reads):
                started = time.perf_counter()
                loaded = store_class(key).load()
                times.append(time.perf_counter() - started)
                assert loaded["_auth_user_id"] == "12345"
            times.sort()
            print(
                f"{name:16} {args.reads} loads  mean {statistics.mean(times) * 1e6:6.0f} µs  "
                f"p50 {times[len(times) // 2] * 1e6:6.0f} µs  "
                f"p99 {times[int(len(times) * 0.99)] * 1e6:6.0f} µs"
            )
            store_class(key).delete()
    finally:
        memcached.terminate()
        memcached.wait()


if __name__ == "__main__":
    main()

"""Home-timeline throughput: gunicorn (2 workers) against the X emulator at zero latency.

Prints pages/s, p50/p99 latency and page bytes with a warm read cache (every view
served from the cache) and a cold one (every view asks the emulator). Not a test.

    .venv/bin/python bench/bench_timeline.py [--requests 400] [--concurrency 4]
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def sign_in(gateway: str) -> requests.Session:
    """Sign in as the demo user through the emulator's authorize page."""
    http = requests.Session()
    start = http.get(f"{gateway}/login/", allow_redirects=False, timeout=10)
    authorize = start.headers["Location"]
    page = requests.get(authorize, timeout=10)
    action = re.search(r'<form[^>]*action="([^"]*)"', page.text)
    target = urljoin(page.url, action.group(1).replace("&amp;", "&")) if action else page.url
    fields = dict(
        re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text)
    )
    fields.update({"username": "demo", "password": "demo", "allow": "1"})
    answer = requests.post(target, data=fields, allow_redirects=False, timeout=10)
    done = http.get(answer.headers["Location"], allow_redirects=False, timeout=10)
    assert done.status_code == 302, done.text
    return http


def measure(http: requests.Session, url: str, total: int, concurrency: int) -> dict:
    def one(_):
        started = time.perf_counter()
        answer = http.get(url, timeout=30)
        elapsed = time.perf_counter() - started
        return elapsed, answer.status_code, len(answer.content), answer.text.count('class="post"')

    for _ in range(concurrency * 2):  # warm every worker
        one(None)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(total)))
    wall = time.perf_counter() - started
    times = sorted(r[0] for r in results)
    return {
        "pages_per_s": total / wall,
        "p50_ms": statistics.median(times) * 1000,
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000,
        "errors": sum(1 for r in results if r[1] != 200),
        "bytes": results[-1][2],
        "posts": results[-1][3],
    }


def run(cache_ttl: int, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="yubitter-bench-"))
    emu_port, gw_port = free_port(), free_port()
    env = dict(
        os.environ,
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key",
        XEMULATOR_ENABLED="true",
        X_CONSUMER_KEY="yubitter-demo-consumer-key-0001",
        X_CONSUMER_SECRET="yubitter-demo-consumer-secret-for-the-local-emulator-only",
        TOKEN_ENCRYPTION_KEYS="YmVuY2gtb25seS1mZXJuZXQta2V5LTAwMDAwMDAwMDA=",
        X_API_BASE_URL=f"http://127.0.0.1:{emu_port}",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        X_READ_CACHE_TTL=str(cache_ttl),
        SECURE_COOKIES="false",
        DJANGO_SETTINGS_MODULE="yubitter.settings",
    )
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    procs = [
        subprocess.Popen(
            [PYTHON, "manage.py", "xemulator", "--host", "127.0.0.1", "--port", str(emu_port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{gw_port}",
                "--log-level",
                "warning",
                "yubitter.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        gateway = f"http://127.0.0.1:{gw_port}"
        wait_for(f"http://127.0.0.1:{emu_port}/2/users/me")
        wait_for(f"{gateway}/")
        http = sign_in(gateway)
        return measure(http, f"{gateway}/home/", args.requests, args.concurrency)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the gateway")
    args = parser.parse_args()
    for label, ttl in (("warm", 3600), ("cold", 0)):
        result = run(ttl, args)
        print(
            f"{label:5} read cache: {result['pages_per_s']:7.1f} pages/s  "
            f"p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms  "
            f"{result['bytes']} bytes/page  {result['posts']} posts  errors {result['errors']}"
        )


if __name__ == "__main__":
    main()

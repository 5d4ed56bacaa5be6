"""A signed-in page beside the bare page (issue 12): pages/s, p50/p99 and the ratio to the floor.

Two gunicorns run side by side, both from ``deploy/gunicorn.conf.py`` with 2 workers: the
gateway (memcached for the read cache and sessions, SQLite, the X emulator at zero
latency, signed-in users) and the floor app (``bench/floor_app``: the same kind of
20-post page in one template, css-inline, CP932, no middleware, session or database).
``wrk`` (a C load generator: no Python client threads competing for the cores) runs
alternating rounds of floor / home / post / search / profile for a smartphone, an au
phone and docomo without cookies (session id in URLs); the ratio to the floor is taken
within each round and the median over rounds is printed. Before the rounds, the bytes
of each page for every device class; after them, in this process against the same
database and memcached: the CPU milliseconds a page (``--cpu N`` pages each, the floor's
in a process of its own), which other work on the machine moves far less than pages/s,
and a cProfile summary of the warm home page (``--profile N`` pages).

    .venv/bin/python bench/bench_pages.py [--seconds 5] [--rounds 3] [--cpu 200]
      [--profile 200] [--cold]

``--cold`` sets the read cache's lifetime to 0, so every page asks the emulator once.
Needs ``wrk`` and ``memcached`` (Debian packages: ``make bench-deps`` installs them).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import Stack, free_port, wait_for  # noqa: E402
from bench.bench_load import DEVICES, User  # noqa: E402

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
# deploy/gunicorn.conf.py, but no worker restarts every ~2,000 requests: at the floor's
# rate that is a restart a second, and it would measure gunicorn's start-up.
GUNICORN_ARGS = ("-c", "deploy/gunicorn.conf.py", "--max-requests", "0")
MEASURED = ("smartphone", "au", "docomo-foma")
PAGES = ("home", "post", "search", "profile")
POST_ID = re.compile(r'href="/p/(\d+)/')
PROFILE_LINK = re.compile(r'href="(/u/[A-Za-z0-9_]+/)')
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def require(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise SystemExit(
            f"{program} is missing: run  make bench-deps  "
            f"(or apt-get install {program}) and then this command again"
        )
    return path


class ConfiguredStack(Stack):
    """The harness's stack, with the gateway under deploy/gunicorn.conf.py (gthread)."""

    def _start_gateway(self) -> None:
        self.env["GUNICORN_BIND"] = self.gateway.removeprefix("http://")
        self.env["GUNICORN_WORKERS"] = str(self.workers)
        self._gateway_proc = self._spawn(GUNICORN, *GUNICORN_ARGS, "yubitter.wsgi")
        wait_for(f"{self.gateway}/")


def start_floor(env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    address = f"127.0.0.1:{free_port()}"
    floor_env = dict(
        env,
        GUNICORN_BIND=address,
        GUNICORN_WORKERS=str(workers),
        DJANGO_SETTINGS_MODULE="bench.floor_app.settings",
    )
    proc = subprocess.Popen(
        [GUNICORN, *GUNICORN_ARGS, "bench.floor_app.wsgi"],
        cwd=ROOT,
        env=floor_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://{address}/")
    return proc, f"http://{address}/"


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, headers: dict, args) -> dict:
    """One wrk run: pages/s, p50 and p99 in ms, answers that were not 2xx/3xx."""
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--latency",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "pages_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "bad": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def request_headers(user: User) -> dict:
    headers = {"User-Agent": DEVICES[user.device][0]}
    if user.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in user.http.cookies.items())
    return headers


def page_paths(user: User) -> dict[str, str]:
    """The four pages measured: home, a post from it, a search, a profile from it."""
    home = user.get("/home/")
    assert home.status_code == 200, (user.device, home.status_code)
    post_id = POST_ID.search(home.text)
    profile = PROFILE_LINK.search(home.text)
    assert post_id and profile, f"no post or profile link on {user.device}'s home page"
    return {
        "home": "/home/",
        "post": f"/p/{post_id.group(1)}/",
        "search": "/search/?q=%40demo",
        "profile": profile.group(1),
    }


def check_page(user: User, path: str) -> tuple[int, int]:
    """Fetch once (warming the read cache): the page's bytes and posts linked from it."""
    answer = user.get(path)
    assert answer.status_code == 200, (user.device, path, answer.status_code)
    return len(answer.content), len(set(POST_ID.findall(answer.text)))


def run_rounds(stack: Stack, floor_url: str, users: dict, paths: dict, args) -> dict:
    """Alternating rounds; per target, each round's result and its ratio to that round's floor."""
    results: dict[str, list[dict]] = {}
    for _ in range(args.rounds):
        floor = wrk(floor_url, {"User-Agent": DEVICES["au"][0]}, args)
        results.setdefault("floor", []).append({**floor, "ratio": 1.0, "p99_ratio": 1.0})
        for device in MEASURED:
            user = users[device]
            for page in PAGES:
                result = wrk(user.url(paths[device][page]), request_headers(user), args)
                result["ratio"] = result["pages_per_s"] / floor["pages_per_s"]
                result["p99_ratio"] = result["p99_ms"] / floor["p99_ms"]
                results.setdefault(f"{page} {device}", []).append(result)
    return results


def print_rounds(results: dict) -> None:
    print(
        f"{'page':24} {'pages/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'% floor':>8} {'p99 x':>6}  bad  (median of rounds; per-round pages/s)"
    )
    for target, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "socket_errors"}
        per_round = " ".join(f"{r['pages_per_s']:.0f}" for r in runs)
        print(
            f"{target:24} {med['pages_per_s']:9.1f} {med['p50_ms']:8.1f} {med['p99_ms']:8.1f} "
            f"{med['ratio'] * 100:7.1f}% {med['p99_ratio']:6.1f} {sum(r['bad'] for r in runs):4}"
            f"  ({per_round})"
        )


_FLOOR_CPU = """
import os, sys, time
sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor_app.settings"
import django
django.setup()
from django.test import Client
client = Client()
for _ in range(20):
    client.get("/")
started = time.process_time()
for _ in range({count}):
    client.get("/")
print((time.process_time() - started) / {count} * 1000)
"""


def _client(user: User):
    from django.test import Client

    client = Client(HTTP_USER_AGENT=DEVICES[user.device][0], HTTP_HOST="127.0.0.1")
    for name, value in user.http.cookies.items():
        client.cookies[name] = value
    return client


def cpu_per_page(stack: Stack, users: dict, paths: dict, count: int) -> None:
    """CPU ms a page in one process (Django's test client), the floor's beside it.

    CPU time, not wall time: other work on the machine moves it far less than
    pages/s, and with every core busy pages/s follow it (1000 / ms per core).
    """
    floor = float(
        subprocess.run(
            [sys.executable, "-W", "ignore", "-c", _FLOOR_CPU.format(count=count)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    print(f"\nCPU ms a page in one process ({count} pages each): floor {floor:.2f}")
    for device in MEASURED:
        user = users[device]
        client = _client(user)
        cells = []
        for page in PAGES:
            path = user.url(paths[device][page]).removeprefix(user.site)
            for _ in range(5):
                assert client.get(path).status_code == 200
            started = time.process_time()
            for _ in range(count):
                client.get(path)
            ms = (time.process_time() - started) / count * 1000
            cells.append(f"{page} {ms:.2f} ({floor / ms:.0%})")
        print(f"  {device:12} " + ", ".join(cells))


def profile_home(users: dict, requests_count: int) -> None:
    """cProfile of the warm home page in this process (same database and memcached)."""
    for device in ("smartphone", "docomo-foma"):
        user = users[device]
        client = _client(user)
        path = user.url("/home/").removeprefix(user.site)
        for _ in range(5):
            assert client.get(path).status_code == 200
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(requests_count):
            client.get(path)
        profiler.disable()
        took = (time.perf_counter() - started) / requests_count * 1000
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
        stats.print_stats(18)
        print(f"\nwarm home page, {device}: {took:.2f} ms per page under cProfile; top by own time")
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def in_process(stack: Stack, users: dict, paths: dict, args) -> None:
    """The gateway in this process, on the stack's database and memcached."""
    os.environ.update(stack.env)
    import django

    django.setup()
    if args.cpu:
        cpu_per_page(stack, users, paths, args.cpu)
    if args.profile:
        profile_home(users, args.profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, each server")
    parser.add_argument("--profile", type=int, default=200, help="home pages profiled (0: none)")
    parser.add_argument("--cpu", type=int, default=200, help="pages timed for CPU ms (0: none)")
    parser.add_argument("--cold", action="store_true", help="read cache off: one X call a page")
    args = parser.parse_args()
    require("wrk")
    # Stopped with SIGTERM: still stop every server started here (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    memcached_port = free_port()
    memcached = subprocess.Popen(
        [require("memcached"), "-u", "root", "-l", "127.0.0.1", "-p", str(memcached_port)]
        + ["-U", "0", "-m", "64"]
    )
    floor_proc = None
    try:
        ttl = 0 if args.cold else 3600
        cache_url = f"pymemcache://127.0.0.1:{memcached_port}"
        with ConfiguredStack(ttl, cache_url, args.workers) as stack:
            floor_proc, floor_url = start_floor(stack.env, args.workers)
            users = {device: User(stack.gateway, device, "demo") for device in DEVICES}
            for user in users.values():
                user.sign_in()
            paths = {device: page_paths(users[device]) for device in MEASURED}
            print("bytes on the wire (posts linked) of each page, signed in:")
            for device in DEVICES:
                device_paths = paths.get(device, {"home": "/home/"})
                sizes = [
                    f"{page} {b} ({n})"
                    for page, path in device_paths.items()
                    for b, n in [check_page(users[device], path)]
                ]
                print(f"  {device:12} {', '.join(sizes)}")
            floor_bytes = len(requests.get(floor_url, timeout=10).content)
            print(f"  {'floor':12} {floor_bytes}")
            print(
                f"\nwrk -t{args.threads} -c{args.connections} -d{args.seconds}s, "
                f"{args.rounds} alternating rounds; gunicorn {args.workers} workers each "
                "(deploy/gunicorn.conf.py, no max-requests); "
                f"read cache {'off (cold)' if args.cold else 'warm'}; "
                f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before"
            )
            results = run_rounds(stack, floor_url, users, paths, args)
            print_rounds(results)
            print(f"load average {os.getloadavg()[0]:.2f} after")
            if args.cpu or args.profile:
                in_process(stack, users, paths, args)
    finally:
        if floor_proc is not None:
            floor_proc.terminate()
            floor_proc.wait(timeout=20)
        memcached.terminate()
        memcached.wait(timeout=10)


if __name__ == "__main__":
    main()

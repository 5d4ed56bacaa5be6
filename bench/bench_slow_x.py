"""A slow X and the gateway (issue 15): cold pages/s while X takes 0, 150 and 300 ms, and a hung X.

The gateway runs under ``deploy/gunicorn.conf.py`` (its worker class, threads and pools,
as deployed; ``GUNICORN_THREADS`` and the other settings are taken from this process's
environment) with memcached for the read cache and sessions, MariaDB (``--database-url``,
or SQLite with ``--database-url ''``), and the X emulator, which answers every ``/2/``
call after the latency set through its control API (a thread per request: a waiting call
holds no gateway-sized pool of its own). Every request of wrk asks for the signed-in home
page older than an id of its own (``?until=``), so every view asks X once. ``wrk`` (a C
load generator, no Python client threads competing for the cores) runs each latency at
16 and 64 connections (each request on a new connection, as from nginx), in alternating
rounds (the other work on the machine changes less between a round's runs than over the
whole benchmark); the ratio to the 0 ms figure of
the same round and connection count is printed per run and its median over the rounds.
X's 15-minute limit on the home timeline is lifted in the emulator (it would answer 429
after 180 pages).

Then the hung X: a copy of the home page is in the cache, X stops answering (the
emulator's hang fault), and wrk asks for the page for ``--hang-seconds``: the longest
page is printed, and whether the pages carried the "not fresh" notice.

    .venv/bin/python bench/bench_slow_x.py [--seconds 8] [--rounds 5] [--workers 2]
      [--database-url mysql://root@127.0.0.1:3306/yubitter_bench_slowx]

Needs ``wrk`` and ``memcached`` (``make bench-deps``) and, for MariaDB, a running server.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import signal
import statistics
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import free_port  # noqa: E402
from bench.bench_load import User  # noqa: E402
from bench.bench_pages import ConfiguredStack, _ms, request_headers, require  # noqa: E402

LATENCIES = (0.0, 0.15, 0.3)
CONNECTIONS = (16, 64)
# The "not fresh" notice (templates/client/_stale.html) marks a page served from a copy.
STALE_MARK = "this copy is from"


def ensure_database(url: str) -> None:
    """CREATE DATABASE IF NOT EXISTS, as `make serve` does (deploy/serve.py)."""
    if url.startswith("mysql://"):
        from deploy.serve import ensure_database as create

        create(url)


# Each request asks for the home page older than an id of its own (``?until=``: the run's
# number, wrk's thread, a count), so every view is a read the cache has never seen and
# asks X (no copy, no shared call), and X answers with the same 20 posts (all older than
# any such id).
DISTINCT_PAGES = """
local counter = 0
local prefix = ""
local threads = 0
function setup(thread)
  thread:set("thread", threads)
  threads = threads + 1
end
function init(args)
  prefix = string.format("9%03d%02d", tonumber(args[1]), wrk.thread:get("thread"))
end
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?until=" .. prefix .. string.format("%013d", counter))
end
"""


def wrk(
    url: str,
    headers: dict,
    connections: int,
    seconds: float,
    timeout: float,
    script: tuple[str, ...] = (),
) -> dict:
    """One wrk run: pages/s, p50, p99 and the longest page in ms, and every error."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", f"--timeout={timeout:g}s"]
    command.append("--latency")
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script[0], url, "--", *script[1:]]
    else:
        command.append(url)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    latency = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    return {
        "pages_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "pages": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "max_ms": _ms(latency.group(1)),
        "bad": int(bad.group(1)) if bad else 0,
        "timeouts": int(sockets.group(4)) if sockets else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()[:3]) if sockets else 0,
    }


def set_latency(emulator: str, latency: float) -> None:
    requests.delete(f"{emulator}/_emulator/faults", timeout=10).raise_for_status()
    if latency:
        rule = {"pattern": "/2/*", "latency": latency}
        requests.post(f"{emulator}/_emulator/faults", json=rule, timeout=10).raise_for_status()


def lift_rate_limits(emulator: str) -> None:
    """X's 15-minute limit on the home timeline (180) would answer 429 within seconds."""
    rule = {"endpoint": "home_timeline", "limit": 10**9}
    requests.post(f"{emulator}/_emulator/rate_limits", json=rule, timeout=10).raise_for_status()


def x_calls(emulator: str) -> int:
    return requests.get(f"{emulator}/_emulator/stats", timeout=10).json()["total"]


def page_headers(user: User) -> dict:
    """The signed-in phone's headers, and a new connection for every request, as nginx
    makes to gunicorn (deploy/nginx.conf keeps no upstream connections): with wrk's
    connections kept, whichever worker accepted more of them at the start would get more
    of the load for the whole run, and the other's core would idle while it waits on X."""
    return {**request_headers(user), "Connection": "close"}


def latency_table(stack, user: User, args) -> None:
    """Rounds of 16, 64 connections × 0, 150, 300 ms; each run, then the medians of rounds."""
    url, headers = user.url("/home/"), page_headers(user)
    script = stack.workdir / "distinct_pages.lua"
    script.write_text(DISTINCT_PAGES)
    columns = (
        f"{'X answers in':>12} {'conns':>5} {'pages/s':>8} {'% of 0 ms':>9} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'errors':>6} {'X calls/page':>12}"
    )
    print(columns)
    runs: dict[tuple[float, int], list[dict]] = {}
    run_numbers = itertools.count()
    for round_number in range(args.rounds):
        base: dict[int, float] = {}
        # A connection count's three latencies run back to back: their ratios compare
        # runs at most 20 s apart.
        for connections, latency in itertools.product(CONNECTIONS, LATENCIES):
            set_latency(stack.emulator, latency)
            before = x_calls(stack.emulator)
            run = (str(script), str(next(run_numbers)))
            result = wrk(url, headers, connections, args.seconds, 10, run)
            result["calls"] = (x_calls(stack.emulator) - before) / max(1, result["pages"])
            base.setdefault(connections, result["pages_per_s"])
            result["ratio"] = result["pages_per_s"] / base[connections]
            result["errors"] = result["bad"] + result["timeouts"] + result["socket_errors"]
            runs.setdefault((latency, connections), []).append(result)
            print(_row(latency, connections, result), f" round {round_number + 1}", flush=True)
    set_latency(stack.emulator, 0)
    print(f"\nmedian of {args.rounds} rounds (% of 0 ms: the median of each round's ratio)")
    print(columns)
    for (latency, connections), results in runs.items():
        median = {
            key: statistics.median(r[key] for r in results)
            for key in ("pages_per_s", "ratio", "p50_ms", "p99_ms", "max_ms", "calls")
        }
        median["errors"] = sum(r["errors"] for r in results)
        print(_row(latency, connections, median))


def _row(latency: float, connections: int, result: dict) -> str:
    return (
        f"{latency * 1000:9.0f} ms {connections:5} {result['pages_per_s']:8.1f} "
        f"{result['ratio'] * 100:8.0f}% {result['p50_ms']:8.0f} {result['p99_ms']:8.0f} "
        f"{result['max_ms']:8.0f} {result['errors']:6} {result['calls']:12.2f}"
    )


def hung_run(stack, user: User, args) -> None:
    """X hangs; a copy of the page is cached: the longest page and the pages marked stale."""
    first = user.get("/home/")
    assert first.status_code == 200 and STALE_MARK not in first.text, first.status_code
    rule = {"pattern": "/2/*", "hang": True}
    requests.post(f"{stack.emulator}/_emulator/faults", json=rule, timeout=10).raise_for_status()
    try:
        result = wrk(user.url("/home/"), page_headers(user), 16, args.hang_seconds, timeout=30)
        probe = user.get("/home/")
    finally:
        requests.delete(f"{stack.emulator}/_emulator/faults", timeout=10).raise_for_status()
    print(
        f"\nX hung (no answer within X_READ_TIMEOUT), a cached copy present, wrk -c16 "
        f"{args.hang_seconds:g} s: {result['pages']} pages, {result['pages_per_s']:.1f} pages/s, "
        f"p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
        f"longest {result['max_ms']:.0f} ms, errors {result['bad'] + result['timeouts']}; "
        f"a page fetched after it: {probe.status_code}, "
        f"{'with' if STALE_MARK in probe.text else 'WITHOUT'} the not-fresh notice"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the six runs")
    parser.add_argument("--hang-seconds", type=float, default=12, help="the hung-X wrk run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--database-url", default="mysql://root@127.0.0.1:3306/yubitter_bench_slowx"
    )
    args = parser.parse_args()
    require("wrk")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    memcached_port = free_port()
    memcached = subprocess.Popen(
        [require("memcached"), "-u", "root", "-l", "127.0.0.1", "-p", str(memcached_port)]
        + ["-U", "0", "-m", "1024", "-c", "4096"]
    )
    try:
        stack = ConfiguredStack(0, f"pymemcache://127.0.0.1:{memcached_port}", args.workers)
        if args.database_url:
            ensure_database(args.database_url)
            stack.env["DATABASE_URL"] = args.database_url
        with stack:
            lift_rate_limits(stack.emulator)
            user = User(stack.gateway, "smartphone", "demo")
            user.sign_in()
            home = user.get("/home/")
            assert home.status_code == 200, home.status_code
            env = stack.env
            print(
                f"signed-in home page ({len(home.content)} bytes), X_READ_CACHE_TTL=0; gunicorn "
                f"{args.workers} workers, deploy/gunicorn.conf.py (GUNICORN_THREADS="
                f"{env.get('GUNICORN_THREADS', 'default')}, X_POOL_SIZE="
                f"{env.get('X_POOL_SIZE', 'default')}); database "
                f"{args.database_url.split('://')[0] if args.database_url else 'sqlite'}; "
                f"wrk -t2 -d{args.seconds:g}s; {os.cpu_count()} cores, "
                f"load average {os.getloadavg()[0]:.2f} before"
            )
            latency_table(stack, user, args)
            hung_run(stack, user, args)
            print(f"load average {os.getloadavg()[0]:.2f} after")
    finally:
        memcached.terminate()
        memcached.wait(timeout=10)


if __name__ == "__main__":
    main()

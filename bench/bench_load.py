"""Load through the deployed stack: nginx → gunicorn → the gateway, MariaDB, two memcached
nodes, the X emulator answering every call after a delay like X's.

Signed-in users of every device class (cookie-less docomo with the id in URLs, docomo
browser 2.0, au, SoftBank, WILLCOM, KaiOS, w3m, a smartphone, a PC) each browse in a thread
of their own, without pauses: home, mentions, a post, a profile, a search, messages, and
posts from the devices that type UTF-8. Two runs of the same length: all nodes up, then one
memcached node killed (SIGKILL) a third of the way in. Printed per run: pages/s, p50/p99,
errors, users signed out, X calls per page view.

    .venv/bin/python bench/bench_load.py [--seconds 40] [--latency 0.2]
      [--database-url mysql://root@127.0.0.1:3306/yubitter_bench]

Loopback only; every run is bounded by ``--seconds``. The stack is ``deploy/serve.py``
(what ``make serve`` runs) in a temporary directory, stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import free_port  # noqa: E402

DEVICES = {
    # name: (User-Agent, keeps cookies, types UTF-8)
    "docomo-foma": ("DoCoMo/2.0 P903i(c100;TB;W24H12)", False, False),
    "docomo-2.0": ("DoCoMo/2.0 P07A3(c500;TB;W24H15)", True, False),
    "au": ("KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0", True, False),
    "softbank": (
        "SoftBank/1.0/910T/TJ001/SN000000000000000 Browser/NetFront/3.3 Profile/MIDP-2.0",
        True,
        False,
    ),
    "willcom": (
        "Mozilla/3.0(WILLCOM;KYOCERA/WX310K/2;1.2.2.16.000000/0.1/C100) Opera 7.0",
        True,
        False,
    ),
    "kaios": (
        "Mozilla/5.0 (Mobile; Nokia_8110_4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
        True,
        True,
    ),
    "w3m": ("w3m/0.5.3+git20230121", True, True),
    "smartphone": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
        True,
        True,
    ),
    "pc": ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", True, True),
}
# The emulator's seeded people; each one's password is their name (demo's is demo).
ACCOUNTS = ["demo", "hanako", "alice", "bob", "carol", "dave", "technews", "stranger"]
SID = re.compile(r"[?&]sid=([a-z0-9]{25})")
POST_LINK = re.compile(r'href="(/p/\d+/)')
PROFILE_LINK = re.compile(r'href="(/u/[A-Za-z0-9_]+/)')


def start_stack(args, run: Path) -> tuple[subprocess.Popen, str, str, list[int]]:
    """deploy/serve.py with the emulator and two memcached nodes; its site, emulator, PIDs."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    proc = subprocess.Popen(
        [sys.executable, "deploy/serve.py", "--emulator", "--memcached", "2"]
        + ["--port", str(free_port()), "--database-url", args.database_url]
        + ["--run-dir", str(run), "--secrets", str(run / "serve.env")]
        + ["--workers", str(args.workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=open(run / "serve.log", "w"),  # noqa: SIM115 (closed with the directory)
        text=True,
    )
    site = emulator = None
    for line in proc.stdout:
        if m := re.search(r"DEBUG off\): (\S+)", line):
            site = m.group(1).rstrip("/")
        if m := re.search(r"X emulator: (\S+)", line):
            emulator = m.group(1).rstrip("/")
        if line.startswith("processes: "):
            memcached = [int(pid) for pid in re.findall(r"memcached (\d+)", line)]
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, site, emulator, memcached
    raise SystemExit("the stack did not start")


class User:
    """One person on one device, signed in through nginx."""

    def __init__(self, site: str, device: str, account: str):
        self.site, self.device, self.account = site, device, account
        ua, self.cookies, self.utf8 = DEVICES[device]
        self.http = requests.Session()
        self.http.headers["User-Agent"] = ua
        self.sid = ""
        self.posts: list[str] = []
        self.profiles: list[str] = []

    def url(self, path: str) -> str:
        if self.cookies:
            return self.site + path
        joiner = "&" if "?" in path else "?"
        return f"{self.site}{path}{joiner}sid={self.sid}&guid=ON"

    def _keep(self, answer: requests.Response) -> requests.Response:
        if not self.cookies:
            self.http.cookies.clear()
            if m := SID.search(unescape(answer.headers.get("Location", "") + answer.text)):
                self.sid = m.group(1)
        return answer

    def get(self, path: str, **kwargs) -> requests.Response:
        return self._keep(
            self.http.get(self.url(path), allow_redirects=False, timeout=30, **kwargs)
        )

    def sign_in(self) -> None:
        top = self.get("/" if self.cookies else "/?guid=ON")
        start = self.get("/login/")
        assert start.status_code == 302, (self.device, start.status_code, top.status_code)
        authorize = start.headers["Location"]
        page = requests.get(authorize, timeout=30)
        action = re.search(r'<form[^>]*action="([^"]*)"', page.text)
        target = urljoin(page.url, unescape(action.group(1))) if action else page.url
        fields = dict(
            re.findall(
                r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text
            )
        )
        fields.update({"username": self.account, "password": self.account, "allow": "1"})
        answer = requests.post(target, data=fields, allow_redirects=False, timeout=30)
        callback = answer.headers["Location"]
        done = self._keep(self.http.get(callback, allow_redirects=False, timeout=30))
        assert done.status_code == 302 and "/home/" in done.headers["Location"], done.text[:300]

    def step(self, rng: random.Random) -> tuple[str, requests.Response]:
        roll = rng.random()
        if roll < 0.10 and self.utf8:
            form = self.get("/post/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
            text = f"load {rng.randrange(10**9)} {self.device} 携帯から"
            answer = self.http.post(
                self.url("/post/"),
                data={"csrfmiddlewaretoken": token.group(1) if token else "", "text": text},
                allow_redirects=False,
                timeout=30,
            )
            return "post", self._keep(answer)
        if roll < 0.45:
            page = self.get("/home/")
            self.posts = POST_LINK.findall(page.text)[:10] or self.posts
            self.profiles = PROFILE_LINK.findall(page.text)[:10] or self.profiles
            return "home", page
        if roll < 0.55:
            return "mentions", self.get("/mentions/")
        if roll < 0.70 and self.posts:
            return "post page", self.get(rng.choice(self.posts))
        if roll < 0.85 and self.profiles:
            return "profile", self.get(rng.choice(self.profiles))
        if roll < 0.95:
            return "search", self.get(f"/search/?q={rng.choice(['ramen', 'news', 'cat'])}")
        return "messages", self.get("/dm/")


def run(users: list[User], seconds: float, events=(), *, seed: int = 0) -> dict:
    """Every user browses until the time is up; ``events`` are (second, action) pairs."""
    times: list[float] = []
    errors: list[str] = []
    signed_out = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def browse(index: int, user: User) -> None:
        rng = random.Random(seed * 1000 + index)  # X refuses a repeated post
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                what, answer = user.step(rng)
                status = answer.status_code
                location = answer.headers.get("Location", "")
                if status >= 400:
                    text = re.sub(r"<[^>]+>", " ", answer.text)
                    location = " ".join(text.split())[:160]
            except requests.RequestException as exc:
                what, status, location = "?", 0, type(exc).__name__
            took = time.perf_counter() - started
            with lock:
                times.append(took)
                if status == 302 and what != "post":
                    signed_out.append(f"{user.device} {what} -> {location}")
                elif status >= 400 or status == 0 or (what == "post" and status != 302):
                    errors.append(f"{user.device} {what}: {status} {location}")

    threads = [threading.Thread(target=browse, args=pair) for pair in enumerate(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for at, action in events:
        time.sleep(max(0.0, started + at - time.monotonic()))
        action()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    times.sort()
    return {
        "pages": len(times),
        "pages_per_s": len(times) / wall,
        "p50_ms": statistics.median(times) * 1000,
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000,
        "max_ms": times[-1] * 1000,
        "errors": errors,
        "signed_out": signed_out,
    }


def x_calls(emulator: str) -> int:
    return requests.get(f"{emulator}/_emulator/stats", timeout=10).json()["total"]


def report(label: str, result: dict, calls: int) -> None:
    print(
        f"{label:34} {result['pages']:5} pages  {result['pages_per_s']:6.1f} pages/s  "
        f"p50 {result['p50_ms']:5.0f} ms  p99 {result['p99_ms']:5.0f} ms  "
        f"max {result['max_ms']:5.0f} ms  errors {len(result['errors'])}  "
        f"signed out {len(result['signed_out'])}  {calls / result['pages']:.2f} X calls/page"
    )
    for line in (result["errors"] + result["signed_out"])[:5]:
        print("    ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--latency", type=float, default=0.2, help="X's answer delay, s")
    parser.add_argument("--users-per-device", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="mysql://root@127.0.0.1:3306/yubitter_bench_load")
    parser.add_argument("--log", type=int, default=0, help="print the stack's last N bytes of log")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yubitter-load-") as tmp:
        proc, site, emulator, memcached = start_stack(args, Path(tmp))
        try:
            requests.post(
                f"{emulator}/_emulator/faults",
                json={"pattern": "/2/*", "latency": args.latency},
                timeout=10,
            ).raise_for_status()
            users = [
                User(site, device, ACCOUNTS[(i * len(DEVICES) + n) % len(ACCOUNTS)])
                for n, device in enumerate(DEVICES)
                for i in range(args.users_per_device)
            ]
            for user in users:
                user.sign_in()
            print(
                f"{len(users)} users ({args.users_per_device} per device class: "
                f"{', '.join(DEVICES)}), X answering after {args.latency * 1000:.0f} ms, "
                f"gunicorn {args.workers} workers × 4 threads, {args.seconds:.0f} s per run"
            )
            before = x_calls(emulator)
            steady = run(users, args.seconds)
            report("all memcached nodes up", steady, x_calls(emulator) - before)

            def kill_node():
                os.kill(memcached[0], signal.SIGKILL)

            before = x_calls(emulator)
            killed = run(users, args.seconds, [(args.seconds / 3, kill_node)], seed=1)
            report("one of two nodes killed at 1/3", killed, x_calls(emulator) - before)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
            if args.log:
                print((Path(tmp) / "serve.log").read_text()[-args.log :])


if __name__ == "__main__":
    main()

"""What the gateway benchmarks share: the X emulator and gunicorn on 127.0.0.1, sign-in, timing.

``Stack`` starts ``manage.py xemulator`` and gunicorn (2 sync workers) against a fresh
SQLite database, and stops both by PID when the ``with`` block ends.
"""

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


def measure(
    http: requests.Session, url, total: int, concurrency: int, *, warm_up: bool = True
) -> dict:
    """Request ``url`` (or the URLs of a list, in turn) ``total`` times from threads.

    ``warm_up`` first sends a few untimed requests so that every worker has served one.
    """
    urls = [url] if isinstance(url, str) else list(url)

    def one(index):
        started = time.perf_counter()
        answer = http.get(urls[index % len(urls)], timeout=30)
        elapsed = time.perf_counter() - started
        return elapsed, answer.status_code, len(answer.content), answer.text.count('class="post"')

    if warm_up:
        for index in range(concurrency * 2):
            one(index)
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
        "error_statuses": sorted({r[1] for r in results if r[1] != 200}),
        "bytes": results[-1][2],
        "mean_bytes": statistics.mean(r[2] for r in results),
        "posts": results[-1][3],
    }


class Stack:
    """The X emulator and the gateway under gunicorn, for one benchmark run."""

    def __init__(self, cache_ttl: int, cache_url: str = "", workers: int = 2):
        self.workdir = Path(tempfile.mkdtemp(prefix="yubitter-bench-"))
        self.workers = workers
        emu_port, gw_port = free_port(), free_port()
        self.emulator = f"http://127.0.0.1:{emu_port}"
        self.gateway = f"http://127.0.0.1:{gw_port}"
        self.env = dict(
            os.environ,
            DEBUG="false",
            SECRET_KEY="bench-only-secret-key",
            XEMULATOR_ENABLED="true",
            X_CONSUMER_KEY="yubitter-demo-consumer-key-0001",
            X_CONSUMER_SECRET="yubitter-demo-consumer-secret-for-the-local-emulator-only",
            TOKEN_ENCRYPTION_KEYS="YmVuY2gtb25seS1mZXJuZXQta2V5LTAwMDAwMDAwMDA=",
            X_API_BASE_URL=self.emulator,
            DATABASE_URL=f"sqlite:///{self.workdir / 'bench.sqlite3'}",
            X_READ_CACHE_TTL=str(cache_ttl),
            SECURE_COOKIES="false",
            DJANGO_SETTINGS_MODULE="yubitter.settings",
        )
        if cache_url:
            self.env["CACHE_URL"] = cache_url
        self._emulator_proc = None
        self._gateway_proc = None

    def _spawn(self, *command: str) -> subprocess.Popen:
        return subprocess.Popen(
            list(command),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _start_gateway(self) -> None:
        self._gateway_proc = self._spawn(
            str(Path(PYTHON).parent / "gunicorn"),
            "--workers",
            str(self.workers),
            "--bind",
            self.gateway.removeprefix("http://"),
            "--log-level",
            "warning",
            "yubitter.wsgi",
        )
        wait_for(f"{self.gateway}/")

    @staticmethod
    def _stop(proc: subprocess.Popen | None) -> None:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)

    def __enter__(self) -> "Stack":
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        port = self.emulator.rsplit(":", 1)[1]
        self._emulator_proc = self._spawn(
            PYTHON, "manage.py", "xemulator", "--host", "127.0.0.1", "--port", port
        )
        try:
            wait_for(f"{self.emulator}/2/users/me")
            self._start_gateway()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def restart_gateway(self) -> None:
        """A new gunicorn: with the local-memory cache, an empty read cache."""
        self._stop(self._gateway_proc)
        self._start_gateway()

    def clear_cache(self) -> None:
        """Empty the gateway's cache (read cache and, on memcached, sessions too).

        Only a shared cache (``cache_url``) outlives a gunicorn restart; local memory
        is emptied by ``restart_gateway``.
        """
        clear = "from django.core.cache import cache; cache.clear()"
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", clear],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            check=True,
        )

    def __exit__(self, *exc) -> None:
        self._stop(self._gateway_proc)
        self._stop(self._emulator_proc)

    def x_calls(self) -> dict:
        """The emulator's request counts (``/_emulator/stats``)."""
        return requests.get(f"{self.emulator}/_emulator/stats", timeout=10).json()

    def clear_x_calls(self) -> None:
        requests.delete(f"{self.emulator}/_emulator/stats", timeout=10)

"""What the gateway benchmarks share: the X emulator and gunicorn on 127.0.0.1, sign-in, timing.

``Stack`` starts ``manage.py xemulator`` and gunicorn (2 sync workers) against a fresh
SQLite database, and stops both by PID when the ``with`` block ends. ``PhotoServices``
starts moto's S3 server and the emulator and sets Django up in the benchmark's own
process against them (the photo and mail benchmarks, where the gateway's work is
called directly).
"""

import os
import re
import shutil
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


def percentile(values: list[float], share: float) -> float:
    """The value ``share`` of the way up the sorted values (0.5: the median)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class PhotoServices:
    """moto's S3 server and the X emulator on 127.0.0.1, each its own process, and Django set
    up in this process to use them: a fresh SQLite database, photos in an S3 bucket.

    ``env`` adds settings (the mail benchmark's MAIL_*). Both servers are stopped by PID
    when the ``with`` block ends, also when the benchmark is stopped with SIGTERM.
    """

    def __init__(self, bucket: str, **env: str):
        self.bucket = bucket
        self.workdir = Path(tempfile.mkdtemp(prefix="yubitter-bench-"))
        self.s3_endpoint = f"http://127.0.0.1:{free_port()}"
        self.emulator = f"http://127.0.0.1:{free_port()}"
        self.env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{self.workdir / 'bench.sqlite3'}",
            "XEMULATOR_ENABLED": "true",
            "X_API_BASE_URL": self.emulator,
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "yubitter.settings",
            **env,
        }
        self._moto_proc = self._emulator_proc = None

    def _spawn(self, command: list[str], ready_url: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(ready_url, 120)
        return proc

    def _start_emulator(self) -> None:
        port = self.emulator.rsplit(":", 1)[1]
        self._emulator_proc = self._spawn(
            [PYTHON, "manage.py", "xemulator", "--host", "127.0.0.1", "--port", port],
            self.emulator + "/_media/castle.jpg",
        )

    def fresh_emulator(self) -> None:
        """A new emulator: X allows 100 posts per user in 15 minutes, and so does it."""
        Stack._stop(self._emulator_proc)
        self._start_emulator()

    def __enter__(self) -> "PhotoServices":
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so __exit__ still runs
        try:
            moto_server = shutil.which("moto_server") or str(Path(PYTHON).parent / "moto_server")
            port = self.s3_endpoint.rsplit(":", 1)[1]
            self._moto_proc = self._spawn(
                [moto_server, "-H", "127.0.0.1", "-p", port], self.s3_endpoint
            )
            self._start_emulator()
            os.environ.update(self.env)
            import boto3
            import django

            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            boto3.client(
                "s3",
                endpoint_url=self.s3_endpoint,
                region_name="us-east-1",
                aws_access_key_id="bench",
                aws_secret_access_key="bench",
            ).create_bucket(Bucket=self.bucket)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def servers_cpu(self) -> float:
        """CPU seconds moto and the emulator have used so far (Linux: from /proc)."""
        return sum(_cpu_seconds(proc) for proc in (self._moto_proc, self._emulator_proc))

    def __exit__(self, *exc) -> None:
        Stack._stop(self._emulator_proc)
        Stack._stop(self._moto_proc)
        shutil.rmtree(self.workdir, ignore_errors=True)


def _cpu_seconds(proc: subprocess.Popen | None) -> float:
    """User plus system CPU time of a running child process (0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (AttributeError, OSError):
        return 0.0
    # Fields 14 and 15 of proc(5), counted after the command name: utime, stime.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def print_photo_files(photo) -> None:
    """The bytes of a stored photo's original and of each variant."""
    print(f"stored files of one photo ({photo.width}x{photo.height}):")
    print(f"  original  {photo.format:<5}{photo.width:>5}x{photo.height:<5}{photo.size:>10,} bytes")
    for variant in photo.variants.order_by("width", "format"):
        print(
            f"  {variant.width:>4} px  {variant.format:<5}"
            f"{variant.pixel_width:>5}x{variant.pixel_height:<5}{variant.size:>10,} bytes"
        )

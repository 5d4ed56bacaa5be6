"""A PostgreSQL server of a test's own: Debian's binaries, a temporary data directory, a port.

    server = PostgresServer(datadir, port); server.start(); ...; server.stop()

``initdb`` makes the data directory once (trust authentication on 127.0.0.1 for
the ``postgres`` role); ``postgres`` itself runs as the system user ``postgres``
(it refuses to run as root) through ``setpriv``, which executes it in place, so
the process this object holds is the server and is stopped by its PID. It also
dies with the test process (``yubitter.children``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

from tests.mariadb import answers
from yubitter import children

SYSTEM_USER = "postgres"


class Failure(Exception):
    """Why no server could be had."""


def _binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise Failure(f"{name} is missing: install Debian's postgresql package")
    return found[-1]


def _as_postgres() -> list[str]:
    setpriv = shutil.which("setpriv")
    if os.getuid() != 0:
        return []
    if setpriv is None:
        raise Failure("setpriv (util-linux) is needed to run postgres as its own user")
    return [setpriv, f"--reuid={SYSTEM_USER}", f"--regid={SYSTEM_USER}", "--clear-groups"]


class PostgresServer:
    """One ``postgres`` on 127.0.0.1:``port`` with its data in ``datadir``."""

    def __init__(self, datadir: Path, port: int, host: str = "127.0.0.1"):
        self.datadir = Path(datadir)
        self.port = port
        self.host = host
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgres://postgres@{self.host}:{self.port}/postgres"

    def _own(self, path: Path) -> None:
        if os.getuid() == 0:
            account = pwd.getpwnam(SYSTEM_USER)
            os.chown(path, account.pw_uid, account.pw_gid)

    def initialise(self) -> None:
        if (self.datadir / "PG_VERSION").exists():
            return
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.datadir.chmod(0o700)
        self._own(self.datadir)
        done = subprocess.run(
            [*_as_postgres(), _binary("initdb"), "-D", str(self.datadir), "-U", "postgres"]
            + ["--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise Failure(f"initdb failed:\n{done.stdout}{done.stderr}")

    def start(self, timeout: float = 60.0) -> None:
        self.initialise()
        sockets = self.datadir / "sockets"
        sockets.mkdir(exist_ok=True)
        self._own(sockets)
        self.process = children.start(
            [*_as_postgres(), _binary("postgres"), "-D", str(self.datadir)]
            + ["-p", str(self.port), "-h", self.host, "-k", str(sockets)]
            + ["-c", "fsync=off", "-c", "max_connections=100"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not answers(self.host, self.port, timeout=0.2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                children.terminate(self.process)
                raise Failure(f"postgres did not start on {self.host}:{self.port}")
            time.sleep(0.05)

    def stop(self, *, fast: bool = True) -> None:
        """SIGINT: PostgreSQL's fast shutdown (connections cut, no crash recovery after)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(2 if fast else 15)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

"""Run a command against a MariaDB server: the one answering at a URL, or one started for it.

    python -m tests.mariadb mysql://root@127.0.0.1:3306/test -- pytest ...

When a server answers at the URL's host and port, the command just runs. When none does
(and the host is this machine), a private `mariadbd` is started on that port as root
(`--user=root`), with its own data directory under `var/mariadb/<port>/` (made once with
`mariadb-install-db`, kept for the next run), the URL's database is created, the command
runs, and exactly that server is stopped afterwards, by its PID. The server also dies with
this process (see `yubitter.children`). `make test` installs Debian's mariadb-server first
when nothing answers. `--answers` only tells, by the exit status, whether a server answers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from yubitter import children

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Small enough for a test server; the defaults take 100 MB of redo log per data directory.
SERVER_OPTIONS = ["--innodb-log-file-size=8M", "--innodb-buffer-pool-size=64M"]


class Failure(Exception):
    """Why no server could be had; printed for the person running make test."""


def address(url: str) -> tuple[str, int, str, str, str]:
    """(host, port, user, password, database) of a mysql:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("mysql", "mariadb") or not parts.hostname:
        raise Failure(f"not a mysql://user@host:port/database URL: {url}")
    database = parts.path.lstrip("/")
    if not database or "`" in database:
        raise Failure(f"no usable database name in {url}")
    return (
        parts.hostname,
        parts.port or 3306,
        unquote(parts.username or "root"),
        unquote(parts.password or ""),
        database,
    )


def answers(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
        return True
    except OSError:
        return False


def _binary(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        raise Failure(
            f"{name} is missing: install Debian's mariadb-server "
            "(apt-get install -y -o DPkg::Lock::Timeout=300 mariadb-server)"
        )
    return found


def initialise(datadir: Path) -> None:
    """Make the system tables once; root may then sign in without a password."""
    if (datadir / "mysql").is_dir():
        return
    datadir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            _binary("mariadb-install-db"),
            "--no-defaults",
            f"--datadir={datadir}",
            "--user=root",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            *SERVER_OPTIONS,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(datadir / "mysql", ignore_errors=True)
        raise Failure(f"mariadb-install-db failed:\n{done.stdout}{done.stderr}")


def start_server(host: str, port: int, datadir: Path, *, timeout: float = 120.0):
    """A `mariadbd` on host:port with its data in `datadir`; returns once it answers."""
    initialise(datadir)
    run = datadir.parent
    log = run / "error.log"
    server = children.start(
        [
            _binary("mariadbd"),
            "--no-defaults",
            f"--datadir={datadir}",
            "--user=root",
            f"--bind-address={host}",
            f"--port={port}",
            f"--socket={run / 'mariadb.sock'}",
            f"--pid-file={run / 'mariadb.pid'}",
            f"--log-error={log}",
            "--skip-log-bin",
            *SERVER_OPTIONS,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while not answers(host, port, timeout=0.5):
        if server.poll() is not None or time.monotonic() > deadline:
            children.terminate(server)
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise Failure(f"mariadbd did not start on {host}:{port}; {log}:\n{tail}")
        time.sleep(0.2)
    return server


def create_database(host, port, user, password, database) -> None:
    import MySQLdb

    connection = MySQLdb.connect(host=host, port=port, user=user, password=password)
    try:
        connection.cursor().execute(f"CREATE DATABASE IF NOT EXISTS `{database}`")
    finally:
        connection.close()


def run(url: str, command: list[str], datadir: Path | None = None) -> int:
    host, port, user, password, database = address(url)
    if answers(host, port):
        print(f"MariaDB: using the server at {host}:{port}", file=sys.stderr)
        return subprocess.call(command)
    if host not in LOCAL_HOSTS:
        raise Failure(f"no MariaDB answers at {host}:{port}, and it is not on this machine")
    datadir = datadir or ROOT / "var" / "mariadb" / str(port) / "data"
    print(f"MariaDB: none at {host}:{port}; starting one (data in {datadir})", file=sys.stderr)
    server = None
    try:
        with children.stop_on_signals():
            server = start_server(host, port, datadir)
            print(f"MariaDB: mariadbd (pid {server.pid}) answers on port {port}", file=sys.stderr)
            create_database(host, port, user, password, database)
            test = children.start(command)
            try:
                return test.wait()
            finally:
                children.terminate(test)
    except children.Stop as stop:
        print(f"MariaDB: {stop}, stopping", file=sys.stderr)
        return 128 + stop.signum
    finally:
        if server is not None:
            children.terminate(server, timeout=60)
            print(f"MariaDB: stopped mariadbd (pid {server.pid})", file=sys.stderr)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    at = argv.index("--") if "--" in argv else len(argv)
    argv, command = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(
        usage="python -m tests.mariadb URL [--datadir DIR] (--answers | -- COMMAND...)",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("url")
    parser.add_argument("--answers", action="store_true", help="only tell, by the exit status")
    parser.add_argument("--datadir", type=Path, help="default: var/mariadb/<port>/data")
    args = parser.parse_args(argv)
    try:
        if args.answers:
            host, port, *_ = address(args.url)
            return 0 if answers(host, port) else 1
        if not command:
            parser.error("give the command to run after --")
        return run(args.url, command, args.datadir)
    except Failure as failure:
        print(f"MariaDB: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())

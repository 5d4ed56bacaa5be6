"""`python -m tests.mariadb` (make test's MariaDB pass): a server of its own when none answers."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.mariadb import address
from tests.ports import free_port, listening

# Nothing here depends on the database or the cache: run in make test's first pass only.
pytestmark = pytest.mark.tooling

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys, MySQLdb; c = MySQLdb.connect(host='127.0.0.1', port=int(sys.argv[1]), "
    "user='root', database='yb_probe'); cur = c.cursor(); cur.execute('SELECT VERSION()'); "
    "print('connected to', cur.fetchone()[0])"
)


@pytest.fixture(scope="module")
def datadir(tmp_path_factory):
    """One data directory for the module: mariadb-install-db runs once."""
    return tmp_path_factory.mktemp("mariadb") / "data"


def wrapper(port, datadir, *command, **popen):
    url = f"mysql://root@127.0.0.1:{port}/yb_probe"
    args = [sys.executable, "-m", "tests.mariadb", url, "--datadir", str(datadir), "--"]
    return subprocess.Popen(
        [*args, *command], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen
    )


def server_pid(err: str) -> int:
    found = re.search(r"mariadbd \(pid (\d+)\) answers", err)
    assert found, err
    return int(found[1])


def gone(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_with_nothing_on_the_port_a_server_is_started_used_and_stopped(datadir):
    port = free_port()
    assert not listening(port)
    run = wrapper(port, datadir, sys.executable, "-c", PROBE + "; sys.exit(3)", str(port))
    out, err = run.communicate(timeout=300)
    err = err.decode()
    assert run.returncode == 3, err  # the command's own exit status
    assert out.decode().startswith("connected to 10."), err
    assert f"none at 127.0.0.1:{port}; starting one" in err
    pid = server_pid(err)
    assert f"stopped mariadbd (pid {pid})" in err
    assert not listening(port)
    assert gone(pid)


def test_a_server_that_answers_is_used_and_nothing_is_started(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        run = wrapper(port, tmp_path / "data", sys.executable, "-c", "print('ran')")
        out, err = run.communicate(timeout=60)
    assert run.returncode == 0 and out.decode() == "ran\n", err
    assert f"using the server at 127.0.0.1:{port}" in err.decode()
    assert not (tmp_path / "data").exists()


def test_sigterm_stops_the_command_and_the_server_it_started(datadir):
    port = free_port()
    ready = "import sys, time, MySQLdb; MySQLdb.connect(host='127.0.0.1', port=int(sys.argv[1]),"
    ready += " user='root'); print('up', flush=True); time.sleep(300)"
    run = wrapper(port, datadir, sys.executable, "-c", ready, str(port))
    assert run.stdout.readline() == b"up\n"
    pid = server_pid(run.stderr.readline().decode() + run.stderr.readline().decode())
    run.send_signal(signal.SIGTERM)
    run.wait(timeout=90)
    assert run.returncode == 128 + signal.SIGTERM
    assert not listening(port)
    assert gone(pid)


def test_answers_tells_by_the_exit_status(tmp_path):
    port = free_port()
    args = [sys.executable, "-m", "tests.mariadb", f"mysql://root@127.0.0.1:{port}/x"]
    assert subprocess.run([*args, "--answers"], cwd=ROOT, check=False).returncode == 1
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))
        server.listen()
        assert subprocess.run([*args, "--answers"], cwd=ROOT, check=False).returncode == 0


def test_the_url_gives_host_port_user_and_database():
    assert address("mysql://root@127.0.0.1:3306/yb_hygiene") == (
        "127.0.0.1",
        3306,
        "root",
        "",
        "yb_hygiene",
    )
    assert address("mysql://u:p%40ss@db.example:3307/app")[1:4] == (3307, "u", "p@ss")

"""`manage.py rundemo` (what `make run` starts): both servers go when it is stopped or killed."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ports import free_port, listening, wait_until_free

# Nothing here depends on the database or the cache: run in make test's first pass only.
pytestmark = pytest.mark.tooling

ROOT = Path(__file__).resolve().parents[2]
READY = 180  # seconds; two Django processes start on a busy 2-core machine
FREED = 5


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not running.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


class Demo:
    """`rundemo` started under `parent` (a list of argv words put before it), own group."""

    def __init__(self, tmp_path, parent=()):
        self.port, self.emulator_port = free_port(), free_port()
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "yubitter.settings",
        }
        env.pop("XEMULATOR_ENABLED", None)
        self.out = open(tmp_path / "stdout", "w+")  # noqa: SIM115 - read while it runs
        command = [sys.executable, "manage.py", "rundemo", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--emulator-port", str(self.emulator_port)]
        self.process = subprocess.Popen(
            [*parent, *command],
            cwd=ROOT,
            env=env,
            stdout=self.out,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_for_address(self) -> str:
        deadline = time.monotonic() + READY
        while time.monotonic() < deadline:
            self.out.seek(0)
            for line in self.out.read().splitlines():
                if line.startswith("yubitter:"):
                    return line
            assert self.process.poll() is None, "rundemo stopped before it was ready"
            time.sleep(0.2)
        raise AssertionError("rundemo never printed the address")

    def close(self):
        # Whatever the test did, nothing of this demo stays.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.out.close()


@pytest.fixture
def demo(tmp_path):
    started = []

    def start(parent=()):
        started.append(Demo(tmp_path, parent))
        return started[-1]

    yield start
    for one in started:
        one.close()


# Each test starts two Django servers (slow on a busy machine): three cover the ways to stop.


def test_the_address_comes_once_both_answer_and_sigterm_to_the_group_stops_both(demo):
    run = demo()
    assert run.wait_for_address() == f"yubitter:   http://127.0.0.1:{run.port}/"
    assert listening(run.port) and listening(run.emulator_port)
    os.killpg(run.process.pid, signal.SIGTERM)
    assert wait_until_free(run.port, run.emulator_port) == []
    assert run.process.wait(timeout=FREED) == 0


def test_killing_rundemo_stops_both_servers(demo):
    run = demo()
    run.wait_for_address()
    servers = children_of(run.process.pid)
    assert len(servers) == 2
    run.process.kill()
    assert wait_until_free(run.port, run.emulator_port) == []
    deadline = time.monotonic() + FREED
    while any(alive(pid) for pid in servers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in servers if alive(pid)]


def test_killing_the_parent_of_rundemo_stops_everything(demo):
    # A parent that passes no signal on, like make: killed, rundemo must notice by itself.
    parent = [sys.executable, "-c", "import subprocess, sys; subprocess.call(sys.argv[1:])"]
    run = demo(parent)
    run.wait_for_address()
    (launcher,) = children_of(run.process.pid)
    run.process.kill()
    assert wait_until_free(run.port, run.emulator_port) == []
    deadline = time.monotonic() + FREED
    while alive(launcher) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(launcher)

"""The Makefile on a machine as make finds it: Debian packages, and `make run` stopped."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.ports import free_port, listening, wait_until_free
from tests.xemulator.test_rundemo import READY

# Nothing here depends on the database or the cache: run in make test's first pass only.
pytestmark = pytest.mark.tooling

ROOT = Path(__file__).resolve().parents[2]
ABSENT = "yubitter-absent-package"


def make(*args, env=None, user=None):
    command = ["make", "--no-print-directory", "-C", str(ROOT), *args]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def fake_apt(tmp_path):
    """An apt-get first on PATH that records its arguments and installs nothing."""
    record = tmp_path / "apt-calls"
    fake = tmp_path / "bin" / "apt-get"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$*" >> {record}\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    return env, record


def test_missing_packages_are_named_and_installed_waiting_for_the_apt_lock(fake_apt):
    env, record = fake_apt
    assert os.geteuid() == 0, "make test runs as root here"
    done = make("run-deps", f"RUN_PACKAGES={ABSENT} gettext", env=env)
    assert done.returncode == 0, done.stderr
    assert f"Debian packages to build and run the gateway: {ABSENT}\n" in done.stdout
    calls = record.read_text().splitlines()
    assert calls == [
        "-o DPkg::Lock::Timeout=300 update -qq",
        f"-o DPkg::Lock::Timeout=300 install -y -qq {ABSENT}",
    ]


def test_nothing_is_installed_when_nothing_is_missing(fake_apt):
    env, record = fake_apt
    done = make("run-deps", "RUN_PACKAGES=gettext", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and not record.exists()


def test_without_root_the_exact_command_is_printed_and_make_fails(fake_apt):
    env, record = fake_apt
    assert shutil.which("runuser"), "util-linux's runuser"
    done = make("run-deps", f"RUN_PACKAGES={ABSENT} gettext", user="nobody")
    assert done.returncode != 0
    assert (
        "not root: run  sudo apt-get update && sudo apt-get install -y "
        f"-o DPkg::Lock::Timeout=300 {ABSENT}  and then this make command again"
    ) in done.stderr
    assert not record.exists()


def test_killing_make_run_frees_both_ports(tmp_path):
    port, emulator_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "yubitter.settings",
    }
    env.pop("XEMULATOR_ENABLED", None)
    out = tmp_path / "out"
    # The packages and the virtualenv are there already (make test made them).
    args = ["make", "--no-print-directory", "-C", str(ROOT), "-o", "run-deps", "-o", "venv"]
    args += ["-o", ".venv/.installed", "run", f"PORT={port}", f"XEMULATOR_PORT={emulator_port}"]
    with open(out, "w") as sink:
        run = subprocess.Popen(
            args,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + READY + 60
        while f"yubitter:   http://127.0.0.1:{port}/" not in out.read_text():
            assert run.poll() is None, out.read_text()
            assert time.monotonic() < deadline, out.read_text()
            time.sleep(0.2)
        assert listening(port) and listening(emulator_port)
        run.kill()  # make itself, as a supervisor's SIGKILL would
        run.wait()
        assert wait_until_free(port, emulator_port) == [], out.read_text()
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

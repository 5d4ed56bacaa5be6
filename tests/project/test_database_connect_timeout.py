"""A database server that accepts the connection but never answers holds a request for
DATABASE_CONNECT_TIMEOUT seconds, not for the operating system's minutes."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONNECT = (
    "import django; django.setup(); from django.db import connection\n"
    "try:\n    connection.ensure_connection()\n"
    "except Exception as exc:\n    print(type(exc).__name__)\n"
)


@pytest.mark.parametrize("scheme", ["mysql", "postgres"])
def test_a_silent_database_fails_the_connection_after_the_timeout(scheme):
    with socket.socket() as silent:  # the kernel completes the handshake; nobody speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"{scheme}://root@127.0.0.1:{port}/silent",
            "DATABASE_CONNECT_TIMEOUT": "1",
        }
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", CONNECT],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        took = time.monotonic() - started
    assert done.stdout.strip() == "OperationalError", done.stderr[-2000:]
    # One second to wait, plus Python and Django starting on a busy machine.
    assert took < 20, took

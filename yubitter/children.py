"""Child processes that never outlive the process that started them.

`make run` and `make test` start servers (the gateway, the X emulator, MariaDB) for as long
as one command runs. A supervisor stops such a command with SIGTERM to its process group, or
kills it outright; either way the servers must go too and free their ports. Each child is
started with the kernel's parent-death signal (Linux PR_SET_PDEATHSIG), so it gets SIGTERM
when its parent dies for any reason, even SIGKILL; `stop_on_signals` turns SIGTERM, SIGINT
and SIGHUP into an orderly stop of the children first.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask the kernel to send `sig` to this process when its parent exits (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request took effect
        os.kill(os.getpid(), sig)


def start(args: list[str], **popen) -> subprocess.Popen:
    """Start `args` as a child that gets SIGTERM when this process dies."""
    return subprocess.Popen(args, preexec_fn=die_with_parent, **popen)


class Stop(Exception):
    """Raised in the main thread when a stop signal arrives."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stop(signum, _frame):
    raise Stop(signum)


@contextlib.contextmanager
def stop_on_signals(signals=(signal.SIGTERM, signal.SIGINT, signal.SIGHUP)):
    """Within the block, a stop signal raises `Stop`, so `finally` clauses stop children."""
    previous = {sig: signal.signal(sig, _raise_stop) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def terminate(process: subprocess.Popen, timeout: float = 10.0) -> int | None:
    """SIGTERM, then SIGKILL after `timeout` seconds; return the exit status."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.wait()
    return process.returncode


def wait_any(processes: list[subprocess.Popen], poll: float = 0.2) -> subprocess.Popen:
    """Block until one of `processes` exits; return it."""
    while True:
        for process in processes:
            if process.poll() is not None:
                return process
        time.sleep(poll)

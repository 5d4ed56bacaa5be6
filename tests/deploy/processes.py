"""Start a server process and learn where it listens from its own log."""

from __future__ import annotations

import re
import subprocess
import threading
import time


class Started:
    """A running process, the match of the line that said it was ready, and its log."""

    def __init__(self, proc: subprocess.Popen, match: re.Match, log: list[str]):
        self.proc = proc
        self.match = match
        self.log = log

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(cmd: list[str], *, ready: str, env=None, cwd=None, timeout=60) -> Started:
    """Run ``cmd`` and wait until a line of its output matches ``ready``."""
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    log: list[str] = []
    found: list[re.Match] = []
    seen = threading.Event()
    pattern = re.compile(ready)

    def drain():
        for line in proc.stdout:
            log.append(line)
            if not found and (match := pattern.search(line)):
                found.append(match)
                seen.set()
        seen.set()

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not found and time.monotonic() < deadline and proc.poll() is None:
        seen.wait(0.2)
    if not found:
        Started(proc, None, log).stop()
        raise RuntimeError(f"{cmd[0]} did not start:\n" + "".join(log[-40:]))
    return Started(proc, found[0], log)

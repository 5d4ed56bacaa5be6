"""Ports on 127.0.0.1 for servers the tests start: a free one, and whether one is taken."""

import socket
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def wait_until_free(*ports: int, within: float = 5.0) -> list[int]:
    """The ports still taken after `within` seconds (an empty list once all are free)."""
    deadline = time.monotonic() + within
    while True:
        taken = [port for port in ports if listening(port)]
        if not taken or time.monotonic() > deadline:
            return taken
        time.sleep(0.1)

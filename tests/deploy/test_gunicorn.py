"""deploy/gunicorn.conf.py with a real gunicorn: a proxy is believed only when configured."""

import os
import socket
import sys
from pathlib import Path

import pytest

from tests.deploy.processes import start

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def _gunicorn(bind, **env):
    environment = {k: v for k, v in os.environ.items() if k != "FORWARDED_ALLOW_IPS"}
    environment.update(GUNICORN_BIND=bind, GUNICORN_WORKERS="1", **env)
    return start(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "tests.deploy.echo_app:application"],
        ready=r"Listening at: (\S+)",
        env=environment,
        cwd=ROOT,
    )


def _ask(address, family=socket.AF_INET, headers="") -> str:
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(address)
        sock.sendall(f"GET / HTTP/1.0\r\nHost: x\r\n{headers}\r\n".encode())
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    return answer.split(b"\r\n\r\n", 1)[1].decode()


HTTPS = "X-Forwarded-Proto: https\r\n"
OTHER_SCHEME_HEADERS = "X-Forwarded-Ssl: on\r\nX-Forwarded-Protocol: ssl\r\n"


@pytest.fixture
def served():
    started = []

    def serve(bind, **env):
        server = _gunicorn(bind, **env)
        started.append(server)
        return server

    yield serve
    for server in started:
        server.stop()


def _port(server) -> int:
    return int(server.match.group(1).rsplit(":", 1)[1])


def test_untrusted_proxy_headers_are_ignored_from_loopback(served):
    server = served("127.0.0.1:0", TRUST_X_FORWARDED_PROTO="false")
    address = ("127.0.0.1", _port(server))
    assert _ask(address, headers=HTTPS).split()[0] == "http"
    assert _ask(address, headers=OTHER_SCHEME_HEADERS).split()[0] == "http"


def test_untrusted_proxy_headers_are_ignored_on_a_unix_socket(served, tmp_path):
    path = str(tmp_path / "g.sock")
    served(f"unix:{path}", TRUST_X_FORWARDED_PROTO="false")
    assert _ask(path, socket.AF_UNIX, headers=HTTPS).split()[0] == "http"


def test_the_configured_proxy_is_believed(served):
    server = served("127.0.0.1:0", TRUST_X_FORWARDED_PROTO="true")
    address = ("127.0.0.1", _port(server))
    assert _ask(address, headers=HTTPS).split()[0] == "https"
    assert _ask(address).split()[0] == "http"
    # Only the one header nginx sets counts.
    assert _ask(address, headers=OTHER_SCHEME_HEADERS).split()[0] == "http"


def test_a_proxy_at_another_address_is_not_believed(served):
    server = served("127.0.0.1:0", TRUST_X_FORWARDED_PROTO="true", FORWARDED_ALLOW_IPS="192.0.2.10")
    assert _ask(("127.0.0.1", _port(server)), headers=HTTPS).split()[0] == "http"

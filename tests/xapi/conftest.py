"""Fixtures for the X client tests: recorded payloads and a scriptable HTTP server."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.xapi.client import XClient, reset_http_session

DATA = Path(__file__).parent / "data"


def load(name: str):
    """A JSON file from tests/xapi/data."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass
class Reply:
    """What the stub answers: status, JSON (or raw text) body, headers, delay."""

    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    text: str | None = None


@dataclass
class Seen:
    """One request the stub received."""

    method: str
    path: str
    query: dict
    raw_query: str
    headers: dict
    body: bytes
    client_port: int


class StubX:
    """A real HTTP/1.1 server on 127.0.0.1 that answers from a script.

    `route(method, path, *replies)` queues replies for a path (the last one
    repeats); unknown paths get 404. Every request is recorded in `seen`.
    """

    def __init__(self):
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as two writes: without TCP_NODELAY each answer
            # on a kept-alive connection waits ~40 ms for the client's delayed ACK.
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                with stub._lock:
                    stub.seen.append(
                        Seen(
                            self.command,
                            parts.path,
                            {k: v for k, v in parse_qs(parts.query).items()},
                            parts.query,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                            self.client_address[1],
                        )
                    )
                    queue = stub.routes.get((self.command, parts.path))
                    if queue:
                        reply = queue.pop(0) if len(queue) > 1 else queue[0]
                    else:
                        reply = Reply(404, {"title": "Not Found Error", "detail": "no route"})
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.text is not None:
                    payload = reply.text.encode()
                    content_type = "text/plain; charset=utf-8"
                else:
                    payload = json.dumps(reply.body).encode() if reply.body is not None else b""
                    content_type = "application/json; charset=utf-8"
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_DELETE = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StubX:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, method: str, path: str, *replies: Reply) -> None:
        with self._lock:
            self.routes[(method, path)] = list(replies)

    def calls(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [
                s
                for s in self.seen
                if (method is None or s.method == method) and (path is None or s.path == path)
            ]


@pytest.fixture
def stub():
    """A fresh scriptable X stand-in; the pooled session is reset around it."""
    reset_http_session()
    server = StubX().start()
    yield server
    reset_http_session()
    server.stop()


@pytest.fixture
def xclient(stub):
    """A user-context client pointed at the stub."""
    return XClient(
        "1072250532645998596-usertokenusertokenusertoken",
        "usersecretusersecretusersecret",
        base_url=stub.base_url,
        consumer_key="consumer-key-0001",
        consumer_secret="consumer-secret-0001",
    )


@pytest.fixture
def closed_port():
    """A local port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def demo_client(emulator):
    """A client signed as the emulator's demo user with its pre-issued token."""
    from apps.xemulator.seed import DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET

    reset_http_session()
    yield XClient(DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET, base_url=emulator.base_url)
    reset_http_session()

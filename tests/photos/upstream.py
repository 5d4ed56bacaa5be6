"""A local stand-in for pbs.twimg.com: serves scripted responses and counts requests."""

import socket
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """One scripted answer."""

    body: bytes = b""
    status: int = 200
    content_type: str = "image/jpeg"
    headers: dict = field(default_factory=dict)
    send_length: bool = True
    delay: float = 0.0  # before the status line
    trickle: float = 0.0  # between 1 KB pieces of the body


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class Upstream:
    """An HTTP(S) server on 127.0.0.1 (or ::1) with a free port, run in a thread."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None, family=socket.AF_INET):
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self.host_headers: list[str] = []
        self.server_names: list[str | None] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                upstream.hits[path] += 1
                upstream.host_headers.append(self.headers.get("Host", ""))
                route = upstream.routes.get(path, Route(status=404, body=b"no such file"))
                try:
                    self._answer(route)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass  # the proxy gave up on us, as it should

            def _answer(self, route):
                time.sleep(route.delay)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if not route.trickle:
                    self.wfile.write(route.body)
                    return
                for start in range(0, len(route.body), 1024):
                    self.wfile.write(route.body[start : start + 1024])
                    self.wfile.flush()
                    time.sleep(route.trickle)

        server_class = type("_FamilyServer", (_Server,), {"address_family": family})
        loopback = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        self.server = server_class((loopback, 0), Handler)
        if ssl_context is not None:
            ssl_context.sni_callback = self._record_sni
            self.server.socket = ssl_context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.scheme = "https" if ssl_context else "http"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _record_sni(self, sock, server_name, context):
        self.server_names.append(server_name)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        self.routes.clear()
        self.hits.clear()
        self.host_headers.clear()
        self.server_names.clear()

    def add(self, path: str, body: bytes = b"", **options) -> str:
        """Serve `body` at `path`; return its URL."""
        self.routes[path] = Route(body=body, **options)
        return self.url(path)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

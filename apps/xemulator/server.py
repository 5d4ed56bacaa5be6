"""A threaded HTTP server running EmulatorApp, for tests (port 0) and the demo."""

import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from . import images
from .state import EmulatorState, default_state
from .wsgi import EmulatorApp


class _Quiet:
    def write(self, data):
        pass

    def flush(self):
        pass


class _Handler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass

    def get_stderr(self):
        # A client that gave up on a hanging request makes the write fail; not news.
        return _Quiet()


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog is 5: under a load benchmark the kernel drops the
    # sixth waiting connection and the client sends it again only a second later.
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        pass


class EmulatorServer:
    """The X emulator on ``host:port`` (0 picks a free port) in a background thread."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        state: EmulatorState | None = None,
        *,
        local_media: bool = False,
    ):
        """``local_media=True`` points seeded media and avatars at this server's /_media/.

        Production media come from pbs.twimg.com; tests of an image proxy need a
        host they can reach, so they ask for local media.
        """
        self.host, self.port = host, port
        self.state = state or default_state
        self.local_media = local_media
        self.app = EmulatorApp(self.state)
        self._httpd = None
        self._thread = None

    @property
    def base_url(self) -> str:
        """``http://host:port``, no trailing slash: what clients sign requests against."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> "EmulatorServer":
        """Bind and serve in a daemon thread; returns self."""
        self._httpd = make_server(
            self.host, self.port, self.app, server_class=_ThreadingServer, handler_class=_Handler
        )
        self.port = self._httpd.server_address[1]
        if self.local_media:
            images.warm()
            self.state.media_base_url = self.base_url
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            daemon=True,
            name=f"xemulator-{self.port}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, let hanging requests go and close the socket."""
        self.state.release_hangs()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = self._thread = None

    def wait(self) -> None:
        """Block until the server stops (the management command runs in the foreground)."""
        if self._thread is not None:
            self._thread.join()

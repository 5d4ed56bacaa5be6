"""Fetch one source image from an allowed host, with every limit applied.

Only https (plain http only to an address and port named in
IMAGE_PROXY_ALLOW_PRIVATE_HOSTS), only hosts in IMAGE_PROXY_ALLOWED_HOSTS, only
checked addresses; the connection goes to the checked address itself (the
name is resolved once, so DNS rebinding cannot swap in another address) with
the name in the Host header, SNI and certificate check. Redirects are refused,
and bytes and time are bounded while the body streams in.
"""

import logging
import re
import time
from urllib.parse import urlsplit

import requests.certs
import urllib3
import urllib3.connection
from django.conf import settings
from urllib3.exceptions import HTTPError as Urllib3Error

from . import addresses
from .errors import BadUpstream, ForbiddenSource, ImageTooLarge, SourceNotFound

logger = logging.getLogger(__name__)

DEFAULT_ALLOWED_HOSTS = ["pbs.twimg.com", "abs.twimg.com", "video.twimg.com"]
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_PORTS = {"https": 443, "http": 80}
MAX_URL_LENGTH = 2048
CHUNK = 64 * 1024
USER_AGENT = "yubitter-image-proxy/1.0"
# Printable ASCII without spaces, quotes or angle brackets: what X hands out.
_URL_CHARS = re.compile(r"[!#-;=?-\[\]_a-z~]+", re.IGNORECASE)


def _setting(name, default):
    return getattr(settings, name, default)


class Deadline:
    """The total time one fetch may take, shared by DNS, connect and every read."""

    def __init__(self, seconds: float):
        self.expires = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.expires - time.monotonic()
        if left <= 0:
            raise BadUpstream("deadline passed")
        return left

    def bound(self, seconds: float) -> float:
        return min(seconds, self.remaining())


def parse_source(source_url: str) -> tuple[str, str, int, str]:
    """Split an allowed source URL into (scheme, host, port, path-and-query)."""
    if len(source_url) > MAX_URL_LENGTH or not _URL_CHARS.fullmatch(source_url):
        raise ForbiddenSource("malformed URL")
    try:
        parts = urlsplit(source_url)
        port = parts.port
    except ValueError as exc:
        raise ForbiddenSource(f"malformed URL: {exc}") from exc
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS:
        raise ForbiddenSource(f"scheme {scheme!r}")
    if parts.username is not None or parts.password is not None:
        raise ForbiddenSource("credentials in URL")
    allowed = _setting("IMAGE_PROXY_ALLOWED_HOSTS", DEFAULT_ALLOWED_HOSTS)
    if host not in {name.lower() for name in allowed}:
        raise ForbiddenSource(f"host {host!r} not allowed")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or DEFAULT_PORTS[scheme], target


def fetch_image(source_url: str) -> bytes:
    """The body of `source_url`, or an ImageRefused saying why not."""
    scheme, host, port, target = parse_source(source_url)
    deadline = Deadline(_setting("IMAGE_PROXY_DEADLINE", 10.0))
    candidates = addresses.resolve(host, port)
    for address in candidates:
        # Outside the explicitly allowed addresses: TLS on the standard port only.
        if not addresses.is_explicitly_allowed(address, port):
            if scheme != "https":
                raise ForbiddenSource("plain http to a public address")
            if port != DEFAULT_PORTS[scheme]:
                raise ForbiddenSource(f"port {port} on a public address")
    last_error = None
    for address in candidates:
        try:
            return _fetch_from(address, scheme, host, port, target, deadline)
        except _ConnectFailed as exc:
            last_error = exc
    raise BadUpstream(f"cannot connect to {host}: {last_error}")


class _ConnectFailed(Exception):
    """This address did not accept a connection; the next one may."""


class _KeepsSocket:
    """A connection that keeps its socket for the body reads' deadline.

    http.client forgets `sock` once a response that closes the connection
    starts, yet each body read still needs its timeout cut to the deadline.
    """

    def connect(self):
        super().connect()
        self.body_socket = self.sock


class _HTTPConnection(_KeepsSocket, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_KeepsSocket, urllib3.connection.HTTPSConnection):
    pass


def _pool(address, scheme, host, port, deadline):
    timeout = urllib3.Timeout(
        connect=deadline.bound(_setting("IMAGE_PROXY_CONNECT_TIMEOUT", 3.0)),
        read=deadline.bound(_setting("IMAGE_PROXY_READ_TIMEOUT", 5.0)),
    )
    common = {"port": port, "timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "http":
        pool = urllib3.HTTPConnectionPool(str(address), **common)
        pool.ConnectionCls = _HTTPConnection
        return pool
    pool = urllib3.HTTPSConnectionPool(
        str(address),
        cert_reqs="CERT_REQUIRED",
        ca_certs=_setting("IMAGE_PROXY_CA_BUNDLE", None) or requests.certs.where(),
        server_hostname=host,
        assert_hostname=host,
        **common,
    )
    pool.ConnectionCls = _HTTPSConnection
    return pool


def _fetch_from(address, scheme, host, port, target, deadline) -> bytes:
    max_bytes = _setting("IMAGE_PROXY_MAX_BYTES", DEFAULT_MAX_BYTES)
    pool = _pool(address, scheme, host, port, deadline)
    host_header = host if port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    try:
        try:
            response = pool.urlopen(
                "GET",
                target,
                headers={
                    "Host": host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "image/*",
                    "Accept-Encoding": "identity",
                },
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=False,
            )
        except urllib3.exceptions.ConnectTimeoutError as exc:  # also NewConnectionError
            raise _ConnectFailed(str(exc)) from exc
        except (Urllib3Error, OSError) as exc:
            raise BadUpstream(f"request failed: {exc}") from exc
        try:
            return _read_body(response, max_bytes, deadline)
        finally:
            response.release_conn()
    finally:
        pool.close()


def _read_body(response, max_bytes: int, deadline: Deadline) -> bytes:
    if 300 <= response.status < 400:
        raise BadUpstream(f"redirect {response.status} not followed")
    if response.status in (404, 410):
        raise SourceNotFound(f"upstream {response.status}")
    if response.status != 200:
        raise BadUpstream(f"upstream {response.status}")
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise ImageTooLarge(f"Content-Length {declared}")
    read_timeout = _setting("IMAGE_PROXY_READ_TIMEOUT", 5.0)
    body = bytearray()
    try:
        while True:
            # A trickling server must not stretch one read past the deadline.
            timeout = deadline.bound(read_timeout)
            sock = getattr(response.connection, "body_socket", None)
            if sock is not None:
                sock.settimeout(timeout)
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise ImageTooLarge(f"body over {max_bytes} bytes")
    except (Urllib3Error, OSError) as exc:
        raise BadUpstream(f"reading the body failed: {exc}") from exc
    return bytes(body)

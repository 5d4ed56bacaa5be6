"""Fixtures for the image proxy: a local upstream, test settings, a fake resolver."""

import ipaddress
import socket

import pytest

from .s3 import MotoServer, s3_storages
from .upstream import Upstream

LOCAL_HOSTS = ["127.0.0.1", "localhost", "images.test", "wrong.test", "public.test"]


@pytest.fixture(autouse=True)
def only_loopback_connections(monkeypatch):
    """Fail the test if anything tries to connect outside this machine.

    The refusals under test must happen before connecting; a connection to
    10.0.0.1 or 169.254.169.254 would already be the bug.
    """
    attempts = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0].split("%", 1)[0]
            if not ipaddress.ip_address(host).is_loopback:
                attempts.append(address)
                raise ConnectionRefusedError(f"test guard: no traffic to {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert attempts == [], f"connections outside loopback were attempted: {attempts}"


@pytest.fixture(autouse=True)
def proxy_settings(settings, tmp_path, _upstream_server):
    """Short limits, the local upstream allowed, variants stored in a temporary folder."""
    settings.ROOT_URLCONF = "tests.photos.urls"
    settings.IMAGE_PROXY_ALLOWED_HOSTS = LOCAL_HOSTS
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [f"127.0.0.1:{_upstream_server.port}"]
    settings.IMAGE_PROXY_CONNECT_TIMEOUT = 0.5
    settings.IMAGE_PROXY_READ_TIMEOUT = 0.5
    settings.IMAGE_PROXY_DEADLINE = 2.0
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return settings


@pytest.fixture(scope="session")
def _upstream_server():
    server = Upstream().start()
    yield server
    server.stop()


@pytest.fixture
def upstream(_upstream_server):
    """The local image host, emptied for each test."""
    _upstream_server.reset()
    return _upstream_server


@pytest.fixture
def fake_dns(monkeypatch):
    """Answer chosen names with chosen addresses; count the lookups per name.

    `fake_dns.answers["images.test"] = ["127.0.0.1", "10.0.0.1"]` makes the first
    lookup say 127.0.0.1 and every later one 10.0.0.1 (a rebinding attacker).
    """
    real_getaddrinfo = socket.getaddrinfo

    class FakeDNS:
        answers: dict[str, list[str]] = {}
        lookups: dict[str, int] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in FakeDNS.answers:
            return real_getaddrinfo(host, port, *args, **kwargs)
        count = FakeDNS.lookups.get(host, 0)
        FakeDNS.lookups[host] = count + 1
        answers = FakeDNS.answers[host]
        address = answers[min(count, len(answers) - 1)]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    FakeDNS.answers = {}
    FakeDNS.lookups = {}
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return FakeDNS


@pytest.fixture(scope="session")
def _moto():
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def moto(_moto):
    """moto's S3 server (started once; restarted if a test stopped it), with an empty bucket."""
    if _moto.proc is None:
        _moto.start()
    _moto.create_bucket()
    client = _moto.client()
    for key in _moto.keys():
        client.delete_object(Bucket="yubitter-test-media", Key=key)
    return _moto


@pytest.fixture
def s3_storage(settings, moto, monkeypatch):
    """The default storage on moto's S3 over HTTP."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    settings.STORAGES = s3_storages(settings, moto.endpoint)
    return moto


@pytest.fixture
def site_urls(settings):
    """The whole gateway's URLs (photo pages extend the site's layout, sign-in needs them)."""
    settings.ROOT_URLCONF = "yubitter.urls"

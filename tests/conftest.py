"""Shared fixtures: the X emulator over HTTP, a signed-in gateway client, memcached."""

import copy
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import urljoin

import pytest
import requests
from django.core.signals import got_request_exception

from apps.keitai.conformance import MarkupError
from apps.xemulator.server import EmulatorServer
from tests.skips import SkipPolicy


def pytest_configure(config):
    # A skip not on the allow-list in tests/skips.py fails the run.
    config.pluginmanager.register(SkipPolicy(), "yubitter-skip-policy")


@pytest.fixture(autouse=True)
def _every_page_is_well_formed():
    """Fail the test when any page it made is not XML (XHTML) or not Compact HTML (C-HTML).

    The response pipeline checks every page (KEITAI_CHECK_MARKUP in tests/settings.py)
    and raises MarkupError; the test client re-raises it, but a test that turned that
    off or went over HTTP (a live server thread) only sees a 500. The signal sees all.
    """
    bad: list[str] = []

    def caught(sender, request=None, **kwargs):
        error = sys.exc_info()[1]
        if isinstance(error, MarkupError):
            bad.append(str(error))

    got_request_exception.connect(caught, weak=False)
    try:
        yield
    finally:
        got_request_exception.disconnect(caught)
    assert not bad, "pages that are not what their document type says:\n" + "\n".join(bad)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test reads and writes its own cache keys (no flush: Flare ignores it)."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = uuid.uuid4().hex[:8]
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _no_spending_left_over():
    """Each test starts and ends with no X spending tallied in this process, so nothing is
    left for the flush at exit, when the test database is gone."""
    from apps.xapi import spending

    def forget():
        with spending._pending_lock:
            spending._pending.clear()
        spending.spend_for("")

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _own_spool(settings, tmp_path):
    """Writes kept while the database is away go to this test's own spool."""
    settings.SPOOL_DIR = str(tmp_path / "spool")


@pytest.fixture(scope="session")
def _emulator_server():
    # Media URLs point at the emulator's own images so the image proxy can fetch them.
    server = EmulatorServer(host="127.0.0.1", port=0, local_media=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def emulator(_emulator_server, settings):
    """A running X emulator, fresh for each test, that the gateway talks to."""
    _emulator_server.state.reset()
    settings.X_API_BASE_URL = _emulator_server.base_url
    settings.X_AUTHORIZE_BASE_URL = _emulator_server.base_url
    settings.IMAGE_PROXY_ALLOWED_HOSTS = ["pbs.twimg.com", "127.0.0.1"]
    # Only the emulator's own port: not memcached, not anything else on loopback.
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [f"127.0.0.1:{_emulator_server.port}"]
    yield _emulator_server
    _emulator_server.state.clear_faults()


@pytest.fixture
def x_enterprise(emulator, settings):
    """The emulator and the gateway on X's enterprise access: likes, follows, quotes, any reply.

    The emulator's default is X's pay-per-use self-serve access (X_ACCESS's default
    too); a test of those actions asks for enterprise access by using this.
    """
    emulator.state.set_tier("enterprise")
    settings.X_ACCESS = "enterprise"
    return emulator


def approve_on_emulator(authorize_url, *, username="demo", password="demo", deny=False):
    """Script X's authorize page like a person would; return where X redirects."""
    http = requests.Session()
    page = http.get(authorize_url, timeout=5)
    assert page.status_code == 200, page.text
    action = re.search(r'<form[^>]*action="([^"]*)"', page.text)
    target = urljoin(page.url, action.group(1).replace("&amp;", "&")) if action else page.url
    fields = dict(
        re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text)
    )
    fields.update({"username": username, "password": password})
    fields["deny" if deny else "allow"] = "1"
    answer = http.post(target, data=fields, allow_redirects=False, timeout=5)
    return answer


@pytest.fixture
def signed_in(client, emulator):
    """A Django test client signed in as the demo user through the real OAuth dance."""
    start = client.get("/login/")
    assert start.status_code == 302, start.content
    answer = approve_on_emulator(start["Location"])
    assert answer.status_code == 302, answer.text
    callback = answer.headers["Location"]
    path = callback[callback.index("/login/callback/") :]
    done = client.get(path)
    assert done.status_code == 302 and done["Location"].endswith("/home/"), done
    return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def memcached_factory():
    """Start real memcached processes; each is stopped by its own PID afterwards."""
    binary = shutil.which("memcached")
    if binary is None:
        pytest.fail("memcached is not installed (make test installs it)")
    started = []

    def start(port=None):
        port = port or _free_port()
        proc = subprocess.Popen(
            [binary, "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "16", "-u", "root"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(proc)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return proc, port
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("memcached did not start")

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=5)


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"yubitter: database={database} cache={cache} sessions={settings.SESSION_ENGINE}"


@pytest.fixture
def dead_cache(settings):
    """The default cache pointed at a memcached address where nothing listens (a real failure)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": f"127.0.0.1:{_free_port()}",
            "OPTIONS": {"connect_timeout": 0.2, "timeout": 0.2},
        },
    }

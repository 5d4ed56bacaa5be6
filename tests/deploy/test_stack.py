"""The deployed stack, as `make serve` starts it: nginx → gunicorn → the gateway, with
memcached, MariaDB (a database of its own) and the X emulator over HTTP."""

import os
import re
import signal
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

import MySQLdb
import pytest
import requests
from django.conf import settings

from tests.conftest import approve_on_emulator
from tests.deploy.processes import start
from tests.keitai.phone import UAS

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
DOCOMO_GATEWAY = "210.153.84.7"  # in docomo's published ranges
SID = re.compile(r"[?&;]sid=([a-z0-9]{25})")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> tuple[str, str]:
    """A database of the stack's own on the MariaDB server the tests use."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("mysql"):
        server = f"mysql://{db['USER'] or 'root'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 3306}"
        name = f"{db['NAME']}_stack"
    else:
        server, name = "mysql://root@127.0.0.1:3306", f"yubitter_stack_{os.getpid()}"
    return f"{server}/{name}", name


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    run = tmp_path_factory.mktemp("serve")
    url, name = _database_url()
    port = _free_port()
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    server = start(
        [sys.executable, "deploy/serve.py", "--emulator", "--port", str(port)]
        + ["--database-url", url, "--run-dir", str(run), "--secrets", str(run / "serve.env")],
        ready=r"yubitter \(nginx → gunicorn, DEBUG off\): (\S+)",
        env=env,
        cwd=ROOT,
        timeout=240,
    )
    yield server, server.match.group(1).rstrip("/")
    server.stop()
    parts = urlsplit(url)
    connection = MySQLdb.connect(host=parts.hostname, port=parts.port, user=parts.username)
    connection.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
    connection.close()


def test_pages_come_through_nginx_whole_and_uncompressed(stack):
    _, site = stack
    page = requests.get(
        site + "/",
        headers={"User-Agent": UAS["docomo-foma"], "Accept-Encoding": "gzip, deflate"},
        timeout=10,
    )
    assert page.status_code == 200
    assert page.headers["Server"] == "nginx"
    assert "Content-Encoding" not in page.headers
    assert int(page.headers["Content-Length"]) == len(page.content)
    assert page.headers["Content-Type"].startswith("application/xhtml+xml")


def test_static_files_are_served_by_nginx(stack):
    _, site = stack
    css = requests.get(site + "/static/yubitter.css", timeout=10)
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert "Cache-Control" in css.headers and "max-age" in css.headers["Cache-Control"]
    assert css.content == (ROOT / "static" / "yubitter.css").read_bytes()


def test_sign_in_through_nginx_and_read_pages(stack):
    _, site = stack
    browser = requests.Session()
    browser.headers["User-Agent"] = UAS["smartphone"]
    # A client claiming https is not believed: nginx says what the connection was.
    start_login = browser.get(
        site + "/login/", headers={"X-Forwarded-Proto": "https"}, allow_redirects=False
    )
    assert start_login.status_code == 302, start_login.text
    answer = approve_on_emulator(start_login.headers["Location"])
    callback = answer.headers["Location"]
    assert callback.startswith(site + "/login/callback/"), callback
    done = browser.get(callback, allow_redirects=False, timeout=10)
    assert done.status_code == 302 and done.headers["Location"].endswith("/home/")
    home = browser.get(site + "/home/", timeout=10)
    assert home.status_code == 200 and "@demo" in home.text
    post = re.search(r'href="(/(?:p|status|post)[^"]*)"', home.text) or re.search(
        r'href="(/u/[^"/]+/)"', home.text
    )
    assert post, home.text[:2000]
    assert browser.get(site + post.group(1), timeout=10).status_code == 200
    out = browser.post(site + "/logout/", data={"csrfmiddlewaretoken": _csrf(home.text)})
    assert out.status_code == 200
    assert browser.get(site + "/home/", allow_redirects=False).status_code == 302


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_client_address_is_nginx_s_word_not_the_client_s(stack):
    # A forged X-Real-IP from the docomo range with a subscriber ID: if the gateway
    # believed it, the URL session would be bound to that ID and a request without
    # it would get a new session.
    _, site = stack
    forged = {
        "User-Agent": UAS["docomo-foma"],
        "X-Real-IP": DOCOMO_GATEWAY,
        "X-Forwarded-For": DOCOMO_GATEWAY,
        "X-DCMGUID": "A1b2C3d",
    }
    top = requests.get(site + "/?guid=ON", headers=forged, timeout=10)
    sid = SID.search(top.text).group(1)
    again = requests.get(
        f"{site}/?sid={sid}&guid=ON", headers={"User-Agent": UAS["docomo-foma"]}, timeout=10
    )
    assert SID.search(again.text).group(1) == sid


def test_request_size_is_limited_by_nginx(stack):
    _, site = stack
    big = requests.post(site + "/login/", data=b"x" * 4_000_000, timeout=30)
    assert big.status_code == 413
    assert big.headers["Server"] == "nginx"


def test_sigterm_stops_everything_it_started(stack):
    server, site = stack
    port = urlsplit(site).port
    line = next(line for line in server.log if line.startswith("processes: "))
    pids = [int(pid) for pid in re.findall(r"(\d+)[,.]", line)]
    assert len(pids) == 4, line  # memcached, the emulator, gunicorn, nginx
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=30) == 0
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()

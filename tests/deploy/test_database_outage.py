"""The database goes away under signed-in load: no 500, nothing typed lost, no false "failed".

A real gateway (gunicorn per deploy/gunicorn.conf.py, two workers) with memcached for
cache and sessions, the X emulator over HTTP, and a database server of the test's own
(MariaDB, and PostgreSQL) that is stopped and started again while signed-in browsers
read and post (tests/deploy/outage_load.py). While it is away, X also refuses posts for
a while, so posts are kept too (in this node's spool). Afterwards `send_outbox` runs as
the timer would: the spool moves into the outbox and the outbox is sent. Each run prints
its numbers (BENCHMARKS.md has them); 500s, lost posts, posts published but answered as
failed and signed-out users must all be 0.

The short blink (under a second) runs in make test's MariaDB pass (marker ``outage``);
the 30 s outage is ``make test-outage`` (marker ``outage_long``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from apps.keitai.conformance import xml_problem
from apps.keitai.detect import detect
from apps.keitai.markup import document_for
from tests import mariadb
from tests.conftest import approve_on_emulator
from tests.deploy.outage_load import GIVEN_BACK_MARK, TOKEN, Browser, OutageLoad
from tests.deploy.processes import start
from tests.keitai.phone import UAS
from tests.postgres import PostgresServer
from yubitter import children

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
USERS = ("demo", "hanako", "alice", "bob", "carol", "dave")
BROWSERS_PER_USER = 2
THREADS = 6
ZEROS = {"500s": 0, "lost": 0, "false failures": 0, "signed out": 0}
# Every page works again this soon after the database answers (generous: a loaded machine).
RECOVERY = 5.0
# Seconds one request may take on a machine running other suites beside this one.
HTTP_TIMEOUT = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MariaDB:
    """A mariadbd of the test's own; "down" is a kill (a crash), "up" a start on the same data."""

    name = "MariaDB"

    def __init__(self, base: Path):
        self.port = _free_port()
        self.datadir = base / "mariadb" / "data"
        self.process = None

    @property
    def url(self) -> str:
        return f"mysql://root@127.0.0.1:{self.port}/yubitter_outage"

    def start(self) -> None:
        self.process = mariadb.start_server("127.0.0.1", self.port, self.datadir)

    def create(self) -> None:
        mariadb.create_database("127.0.0.1", self.port, "root", "", "yubitter_outage")

    def down(self) -> None:
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            children.terminate(self.process, timeout=5)

    def execute(self, sql: str) -> None:
        import MySQLdb

        connection = MySQLdb.connect(
            host="127.0.0.1", port=self.port, user="root", database="yubitter_outage"
        )
        try:
            connection.cursor().execute(sql)
            connection.commit()
        finally:
            connection.close()


class PostgreSQL:
    """A postgres of the test's own; "down" is its fast shutdown (connections cut)."""

    name = "PostgreSQL"

    def __init__(self, base: Path):
        self.server = PostgresServer(base / "postgres", _free_port())

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        self.server.start()

    def create(self) -> None:
        pass  # the "postgres" database initdb made

    def down(self) -> None:
        self.server.stop()

    stop = down

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.server.port, user="postgres", dbname="postgres"
        ) as connection:
            connection.execute(sql)


def _environment(database, cache_port: int, emulator, spool: Path) -> dict:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    for key in ("SECRET_KEY", "TOKEN_ENCRYPTION_KEYS", "X_CONSUMER_KEY", "X_CONSUMER_SECRET"):
        env[key] = os.environ[key]  # tests/settings.py set them for this process
    env.update(
        DJANGO_SETTINGS_MODULE="yubitter.settings",
        DEBUG="false",
        LANGUAGE_CODE="en",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1",
        XEMULATOR_ENABLED="false",
        X_API_BASE_URL=emulator.base_url,
        X_AUTHORIZE_BASE_URL=emulator.base_url,
        X_CONNECT_TIMEOUT="1",
        X_READ_TIMEOUT="2",
        DATABASE_URL=database.url,
        CACHE_URL=f"pymemcache://127.0.0.1:{cache_port}",
        SPOOL_DIR=str(spool),
        GUNICORN_BIND="127.0.0.1:0",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="4",
    )
    return env


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _sign_in(site: str, username: str) -> Browser:
    http = requests.Session()
    http.headers.update({"User-Agent": UAS["smartphone"], "Accept-Language": "en"})
    begin = http.get(site + "/login/", allow_redirects=False, timeout=HTTP_TIMEOUT)
    assert begin.status_code == 302, begin.text
    password = "demo" if username == "demo" else username
    answer = approve_on_emulator(begin.headers["Location"], username=username, password=password)
    done = http.get(answer.headers["Location"], allow_redirects=False, timeout=HTTP_TIMEOUT)
    assert done.status_code == 302 and done.headers["Location"].endswith("/home/"), done.text
    form = http.get(site + "/post/", timeout=HTTP_TIMEOUT)
    assert form.status_code == 200, form.text
    return Browser(http, username, TOKEN.search(form.text).group(1))


def _sign_in_without_cookies(site: str, username: str) -> tuple[requests.Session, str]:
    """A docomo FOMA phone (no cookies: the session id in URLs) signed in; its home URL."""
    http = requests.Session()
    http.headers.update({"User-Agent": UAS["docomo-foma"], "Accept-Language": "en"})

    def get(url):
        answer = http.get(urljoin(site + "/", url), allow_redirects=False, timeout=HTTP_TIMEOUT)
        http.cookies.clear()  # the phone keeps none
        return answer

    top = get("/")
    login = unescape(re.search(r'href="(/login/\?[^"]+)"', top.content.decode("cp932"))[1])
    begin = get(login)
    answer = approve_on_emulator(begin.headers["Location"], username=username, password=username)
    done = get(answer.headers["Location"])
    home = done.headers["Location"]
    assert urlsplit(home).path == "/home/" and "sid=" in home, home
    assert get(home).status_code == 200
    return http, urljoin(site + "/", home)


def _published(emulator) -> set[str]:
    texts = set()
    for username in USERS:
        answer = requests.get(
            f"{emulator.base_url}/_emulator/posts?author={username}", timeout=HTTP_TIMEOUT
        )
        answer.raise_for_status()
        texts.update(item["text"] for item in answer.json()["data"])
    return texts


@pytest.fixture(params=[MariaDB, PostgreSQL], ids=["mariadb", "postgresql"])
def gateway(request, emulator, memcached_factory):
    """(site, database, environment): the gateway on a database server of its own."""
    base = Path(tempfile.mkdtemp(prefix="yubitter-outage-"))
    base.chmod(0o755)  # the postgres user walks into its data directory
    database = request.param(base)
    _, cache_port = memcached_factory()
    env = _environment(database, cache_port, emulator, base / "spool")
    served = None
    try:
        database.start()
        database.create()
        migrated = _manage(env, "migrate", "--noinput", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        served = start(
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "yubitter.wsgi"],
            ready=r"Listening at: (\S+)",
            env=env,
            cwd=ROOT,
        )
        yield served.match.group(1), database, env
    finally:
        if served is not None:
            served.stop()
        database.stop()
        subprocess.run(["rm", "-rf", str(base)], check=False)


def _outage(gateway, emulator, *, down_for: float, x_refuses: tuple[float, float], after: float):
    site, database, env = gateway
    emulator.state.set_rate_limit("create_tweet", 100_000)
    emulator.state.set_rate_limit("home_timeline", 100_000)
    browsers = [_sign_in(site, u) for u in USERS for _ in range(BROWSERS_PER_USER)]
    load = OutageLoad(site, browsers, threads=THREADS)
    refuse_from, refuse_for = x_refuses

    def down():
        database.down()
        # X refuses posts for a while too, so some are kept while the database is away.
        threading.Timer(
            refuse_from,
            lambda: emulator.state.set_fault("/2/tweets", status=503, method="POST"),
        ).start()
        threading.Timer(refuse_from + refuse_for, emulator.state.clear_faults).start()

    outcome = load.run(3.0 + down_for + after, down, database.start, down_at=3.0, down_for=down_for)
    emulator.state.clear_faults()
    load.check_signed_in()
    # The timer's next runs: the spool into the outbox, and (its backoff waited) sent.
    spooled = sorted(p.name for p in Path(env["SPOOL_DIR"]).glob("*.json"))
    first = _manage(env, "send_outbox")
    assert first.returncode == 0, first.stderr[-3000:]
    moved = int(re.search(r"moved (\d+)", first.stdout).group(1))
    assert moved == len(spooled), (first.stdout, spooled)
    assert not list(Path(env["SPOOL_DIR"]).glob("*.json"))
    database.execute("UPDATE client_outboxitem SET next_attempt_at = created_at")
    second = _manage(env, "send_outbox")
    assert second.returncode == 0, second.stderr[-3000:]
    outcome.posted_on_x = _published(emulator)
    return outcome, moved, first.stdout.strip() + "; " + second.stdout.strip()


def _check(name, outcome, moved, sent):
    print(f"\n{outcome.line(name)}; spool moved {moved} into the outbox; send_outbox: {sent}")
    found = {
        "500s": outcome.server_errors,
        "lost": len(outcome.lost),
        "false failures": len(outcome.false_failures),
        "signed out": outcome.signed_out,
    }
    assert found == ZEROS, (outcome.line(name), outcome.lost[:3], outcome.false_failures[:3])
    posts = outcome.outcomes("post")
    # The run did what it is about: posts while away, some of them kept.
    assert posts["posted"] > 0 and posts["kept"] > 0, outcome.line(name)
    assert outcome.recovery < RECOVERY, outcome.line(name)


@pytest.mark.outage
def test_a_database_blink_under_load(gateway, emulator):
    outcome, moved, sent = _outage(gateway, emulator, down_for=0.1, x_refuses=(0.0, 2.0), after=4)
    _check(f"{gateway[1].name} blink", outcome, moved, sent)


@pytest.mark.outage_long
def test_a_30_second_database_outage_under_load(gateway, emulator):
    outcome, moved, sent = _outage(gateway, emulator, down_for=30, x_refuses=(5.0, 10.0), after=6)
    _check(f"{gateway[1].name} 30 s outage", outcome, moved, sent)
    assert moved > 0, "posts X refused while the database was away went through the spool"


@pytest.mark.outage
def test_pages_that_need_the_database_answer_503_and_send_outbox_waits(gateway, emulator):
    site, database, env = gateway
    browser = _sign_in(site, "demo")
    au = UAS["au"]
    assert browser.http.get(site + "/outbox/", headers={"User-Agent": au}).status_code == 200
    # A session id the cache knows nothing of (no copy can vouch for it).
    stranger = requests.Session()
    stranger.headers["Accept-Language"] = "en"
    stranger.cookies.set("sessionid", "a" * 32)
    # A session signed out before the outage, its cookie kept (a copy of it is still cached).
    leaver = _sign_in(site, "hanako")
    old_cookie = leaver.http.cookies["sessionid"]
    assert leaver.http.get(site + "/home/").status_code == 200
    out = leaver.http.post(
        site + "/logout/", data={"csrfmiddlewaretoken": leaver.token}, allow_redirects=False
    )
    assert out.status_code == 302, out.text[-2000:]
    replay = requests.Session()
    replay.cookies.set("sessionid", old_cookie)
    phone, phone_home = _sign_in_without_cookies(site, "alice")
    database.down()
    try:
        assert browser.http.get(site + "/home/", timeout=HTTP_TIMEOUT).status_code == 200
        # A URL session (no cookies) too, in the phone's own markup and charset.
        read = phone.get(phone_home, allow_redirects=False, timeout=HTTP_TIMEOUT)
        assert read.status_code == 200
        assert "@alice" in read.content.decode("cp932")
        back = replay.get(site + "/home/", allow_redirects=False, timeout=HTTP_TIMEOUT)
        assert (back.status_code, back.headers["Location"]) == (302, "/?next=/home/")
        outbox = browser.http.get(
            site + "/outbox/", headers={"User-Agent": au}, timeout=HTTP_TIMEOUT
        )
        assert outbox.status_code == 503
        assert outbox.headers["Retry-After"] == "5"
        assert outbox.headers["Content-Type"] == document_for(detect(au)).content_type_header
        text = outbox.content.decode("cp932")
        assert xml_problem(text) is None
        assert "cannot reach its database" in text
        typed = stranger.post(
            site + "/post/", data={"text": "typed while away <&>"}, timeout=HTTP_TIMEOUT
        )
        assert typed.status_code == 503
        assert "typed while away &lt;&amp;&gt;" in typed.text
        assert GIVEN_BACK_MARK in unescape(typed.text)
        waited = _manage(env, "send_outbox")
        assert waited.returncode == 75, (waited.stdout, waited.stderr[-2000:])
        assert "try again later" in waited.stderr
    finally:
        database.start()
    assert browser.http.get(site + "/outbox/", headers={"User-Agent": au}).status_code == 200
    assert _manage(env, "send_outbox").returncode == 0

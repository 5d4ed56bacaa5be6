"""Signed-in users reading and posting through a real gateway while its database goes away.

Each thread owns some signed-in browsers (``requests`` sessions with cookies)
and loops: read the home page, and every few requests post a text no one else
posts. Every answer is classified by what the user would understand from it:

- a post is ``posted`` (redirected home), ``kept`` (the page says it is kept, in
  the outbox or in the node's spool), ``given_back`` (a 503 that shows the text
  and says nothing was sent), or anything else (``refused``);
- a read is ``ok`` (200), ``unavailable`` (503), ``signed_out`` (sent to the top
  page) or an error.

After the run, X (the emulator) is asked what it published: a post answered
posted or kept that X does not have is lost; a post answered as not sent that
X has is a false failure.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

import requests

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEPT_MARKS = ("Kept in your outbox", "Kept for sending")
GIVEN_BACK_MARK = "Nothing was sent. Your text is below"


def _path(page) -> str:
    """Where a redirect goes, without the host or query (the top page is "/?next=...")."""
    return urlsplit(page.headers["Location"]).path


@dataclass
class Browser:
    """One signed-in browser: its cookies, its form token and the X user behind it."""

    http: requests.Session
    username: str
    token: str = ""


@dataclass
class Answer:
    started: float
    ended: float
    kind: str  # "read" or "post"
    status: int
    outcome: str
    text: str = ""


@dataclass
class Outcome:
    """What the users saw, and what X has."""

    answers: list[Answer] = field(default_factory=list)
    posted_on_x: set[str] = field(default_factory=set)
    down_at: float = 0.0
    back_at: float = 0.0
    still_signed_in: int = 0
    browsers: int = 0

    def statuses(self) -> Counter:
        return Counter(a.status for a in self.answers)

    def outcomes(self, kind: str) -> Counter:
        return Counter(a.outcome for a in self.answers if a.kind == kind)

    @property
    def server_errors(self) -> int:
        return sum(1 for a in self.answers if a.status >= 500 and a.status != 503)

    @property
    def lost(self) -> list[str]:
        promised = [a.text for a in self.answers if a.outcome in ("posted", "kept")]
        return [text for text in promised if text not in self.posted_on_x]

    @property
    def false_failures(self) -> list[str]:
        refused = [
            a.text for a in self.answers if a.kind == "post" and a.outcome not in ("posted", "kept")
        ]
        return [text for text in refused if text in self.posted_on_x]

    @property
    def signed_out(self) -> int:
        seen = sum(1 for a in self.answers if a.outcome == "signed_out")
        return seen + (self.browsers - self.still_signed_in)

    @property
    def recovery(self) -> float:
        """Seconds from the database answering again until the last request made since
        then that was not answered with a page, a post posted or a post kept."""
        bad = [
            a.ended
            for a in self.answers
            if a.started >= self.back_at and a.outcome not in ("ok", "posted", "kept")
        ]
        last = max(bad, default=0.0)
        return max(0.0, last - self.back_at)

    def while_away(self) -> Counter:
        """Outcomes of the requests made while the database was away."""
        return Counter(
            a.outcome for a in self.answers if self.down_at <= a.started and a.ended <= self.back_at
        )

    def line(self, name: str) -> str:
        posts = self.outcomes("post")
        reads = self.outcomes("read")
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses().items()))
        return (
            f"{name}: database down {self.back_at - self.down_at:.2f} s; "
            f"{len(self.answers)} requests ({statuses}); "
            f"reads {dict(reads)}; posts {dict(posts)}; "
            f"while the database was away {dict(self.while_away())}; "
            f"500s {self.server_errors}, lost {len(self.lost)}, "
            f"false failures {len(self.false_failures)}, signed out {self.signed_out}; "
            f"every page works {self.recovery:.2f} s after the database is back"
        )


class OutageLoad:
    """Threads of signed-in browsers at ``site`` while ``events`` happen on their timer."""

    def __init__(self, site: str, browsers: list[Browser], *, threads: int = 8, post_every=3):
        self.site = site
        self.browsers = browsers
        self.threads = threads
        self.post_every = post_every
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._counter = 0
        self.outcome = Outcome(browsers=len(browsers))

    def _unique(self, username: str) -> str:
        with self._lock:
            self._counter += 1
            return f"outage check {username} {self._counter} {time.monotonic_ns() % 10**9}"

    def _record(self, answer: Answer) -> None:
        with self._lock:
            self.outcome.answers.append(answer)

    def _read(self, browser: Browser) -> None:
        started = time.monotonic()
        try:
            page = browser.http.get(self.site + "/home/", allow_redirects=False, timeout=60)
        except requests.RequestException as exc:
            self._record(Answer(started, time.monotonic(), "read", 0, f"error {exc!r}"[:80]))
            return
        if page.status_code == 200:
            outcome = "ok"
            if found := TOKEN.search(page.text):
                browser.token = found.group(1)
        elif page.status_code == 302 and _path(page) == "/":
            outcome = "signed_out"
        elif page.status_code == 503:
            outcome = "unavailable"
        else:
            outcome = f"status {page.status_code}"
        self._record(Answer(started, time.monotonic(), "read", page.status_code, outcome))

    def _post(self, browser: Browser) -> None:
        text = self._unique(browser.username)
        started = time.monotonic()
        try:
            page = browser.http.post(
                self.site + "/post/",
                data={"text": text, "csrfmiddlewaretoken": browser.token},
                allow_redirects=False,
                timeout=60,
            )
        except requests.RequestException as exc:
            answer = Answer(started, time.monotonic(), "post", 0, f"error {exc!r}"[:80], text)
            self._record(answer)
            return
        body = unescape(page.text)
        if page.status_code == 302 and _path(page) == "/home/":
            outcome = "posted"
        elif page.status_code == 302 and _path(page) == "/":
            outcome = "signed_out"
        elif any(mark in body for mark in KEPT_MARKS) and text in body:
            outcome = "kept"
        elif page.status_code == 503 and GIVEN_BACK_MARK in body and text in body:
            outcome = "given_back"
        else:
            outcome = f"refused {page.status_code}"
        self._record(Answer(started, time.monotonic(), "post", page.status_code, outcome, text))

    def _work(self, mine: list[Browser]) -> None:
        n = 0
        while not self._stop.is_set():
            browser = mine[n % len(mine)]
            n += 1
            if n % self.post_every == 0:
                self._post(browser)
            else:
                self._read(browser)

    def run(self, seconds: float, down, up, *, down_at: float, down_for: float) -> Outcome:
        """Load for ``seconds``; ``down()`` at ``down_at``, ``up()`` ``down_for`` s later."""
        groups = [self.browsers[i :: self.threads] for i in range(self.threads)]
        workers = [threading.Thread(target=self._work, args=(g,)) for g in groups if g]
        begin = time.monotonic()
        for worker in workers:
            worker.start()
        try:
            time.sleep(max(0.0, begin + down_at - time.monotonic()))
            self.outcome.down_at = time.monotonic()
            down()
            time.sleep(max(0.0, self.outcome.down_at + down_for - time.monotonic()))
            up()
            self.outcome.back_at = time.monotonic()
            time.sleep(max(0.0, begin + seconds - time.monotonic()))
        finally:
            self._stop.set()
            for worker in workers:
                worker.join()
        return self.outcome

    def check_signed_in(self) -> None:
        """Every browser, once the database is back: still signed in?"""
        still = 0
        for browser in self.browsers:
            page = browser.http.get(self.site + "/home/", allow_redirects=False, timeout=60)
            still += page.status_code == 200
        self.outcome.still_signed_in = still

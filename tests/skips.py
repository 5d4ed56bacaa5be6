"""A skipped test is a failed run unless the allow-list below says why it may skip.

A test that skips proves nothing, so a skip is only acceptable where the thing it needs
belongs to the machine, not to this project. Everything else the suite needs (memcached,
Chromium, w3m, gettext, the emulator's endpoints) is ours or installed by `make test`: its
absence is a failure, not a skip. An expected failure (xfail) cannot fail either, so it counts
as a skip here too.

tests/conftest.py registers the plugin, so every pytest run of the suite applies the rule.
"""

import re
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class AllowedSkip:
    """Tests under `where` may skip with a reason matching `reason`; `why` says why that is fine."""

    where: str
    reason: str
    why: str


ALLOWED_SKIPS = (
    AllowedSkip(
        where="tests/photos/test_fetch.py::test_an_ipv6_address_is_connected_to_as_checked",
        reason=r"no IPv6 on this machine|::1 is not configured",
        why="an IPv6 loopback is the host's network setup (containers often have none); the "
        "same address checks run over IPv4 in the other fetch tests",
    ),
)


@dataclass(frozen=True)
class Skip:
    """One skipped (or expected-to-fail) test or collection, with pytest's reason."""

    nodeid: str
    reason: str

    def allowed(self, allow_list=ALLOWED_SKIPS) -> bool:
        return any(
            self.nodeid.startswith(entry.where) and re.search(entry.reason, self.reason)
            for entry in allow_list
        )


def _reason(report) -> str:
    if hasattr(report, "wasxfail"):
        return f"xfail: {report.wasxfail}"
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


class SkipPolicy:
    """Pytest plugin: collects skips, fails an otherwise green run that has one not allowed."""

    def __init__(self, allow_list=ALLOWED_SKIPS):
        self.allow_list = allow_list
        self.skips: list[Skip] = []

    def unexpected(self) -> list[Skip]:
        return [skip for skip in self.skips if not skip.allowed(self.allow_list)]

    def pytest_runtest_logreport(self, report):
        if report.skipped:
            self.skips.append(Skip(report.nodeid, _reason(report)))

    def pytest_collectreport(self, report):
        # A module skipped as a whole (pytest.skip(allow_module_level=True), importorskip).
        if report.skipped:
            self.skips.append(Skip(report.nodeid, _reason(report)))

    def pytest_sessionfinish(self, session, exitstatus):
        # A run that only skipped (nothing collected, status 5) fails the same way.
        green = (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)
        if self.unexpected() and exitstatus in green:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        skips = self.unexpected()
        if not skips:
            return
        terminalreporter.section("skips not on the allow-list (tests/skips.py)", red=True)
        for skip in skips:
            terminalreporter.line(f"{skip.nodeid}: {skip.reason}", red=True)
        terminalreporter.line(
            f"{len(skips)} test(s) skipped that must run: install what they need (make test "
            "does) or fix what is missing; add a skip to ALLOWED_SKIPS only with its reason",
            red=True,
        )

"""A skip not on the allow-list fails the run (tests/skips.py), in a small suite of its own."""

from pathlib import Path

import pytest

from tests.skips import ALLOWED_SKIPS, SkipPolicy

# Nothing here depends on the database or the cache: run in make test's first pass only.
pytestmark = pytest.mark.tooling

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).with_name("skip_samples")

pytest_plugins = ["pytester"]

CONFTEST = """
from tests.skips import AllowedSkip, SkipPolicy


def pytest_configure(config):
    allowed = (AllowedSkip("test_tiny.py::test_allowed", "machine has no widget", "a test"),)
    config.pluginmanager.register(SkipPolicy(allowed), "yubitter-skip-policy")
"""


@pytest.fixture
def tiny(pytester, monkeypatch):
    """A pytester folder whose conftest registers the policy; importable `tests` package."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest(CONFTEST)
    return pytester


def sample(name: str) -> str:
    """A sample test module; kept as text so that only the tiny suites collect it."""
    return (SAMPLES / f"{name}.txt").read_text()


def run(pytester, name: str):
    pytester.makepyfile(test_tiny=sample(name))
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:django")


def test_an_unlisted_skip_fails_an_otherwise_green_run(tiny):
    result = run(tiny, "unlisted")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*skips not on the allow-list*",
            "test_tiny.py::test_unlisted: chromium is not installed",
            "1 test(s) skipped that must run*",
        ]
    )
    result.assert_outcomes(passed=1, skipped=1)


def test_a_listed_skip_with_its_reason_keeps_the_run_green(tiny):
    result = run(tiny, "allowed")
    assert result.ret == pytest.ExitCode.OK
    assert "skips not on the allow-list" not in result.stdout.str()


def test_a_listed_test_skipping_for_another_reason_fails(tiny):
    result = run(tiny, "allowed_other_reason")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["test_tiny.py::test_allowed: the emulator has no route yet"])


def test_every_kind_of_skip_counts(tiny):
    tiny.makepyfile(test_kinds=sample("kinds"), test_module=sample("module"))
    result = tiny.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:django")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*skips not on the allow-list*",
            "test_module.py: whole module",
            "test_kinds.py::test_marked: w3m is not installed",
            "test_kinds.py::test_expected_to_fail: xfail: broken for now",
            "test_kinds.py::test_uses_it: no service",
            "4 test(s) skipped that must run*",
        ],
        consecutive=True,
    )


def test_a_run_that_only_skips_fails(tiny):
    result = run(tiny, "only_skips")
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_failing_run_keeps_its_own_status(tiny):
    result = run(tiny, "failing")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(failed=1, skipped=1)


def test_the_suite_runs_under_the_policy_with_the_real_allow_list(request):
    policy = request.config.pluginmanager.get_plugin("yubitter-skip-policy")
    assert isinstance(policy, SkipPolicy)
    assert policy.allow_list is ALLOWED_SKIPS


def test_every_allowed_skip_says_why_and_names_an_existing_test():
    assert len(ALLOWED_SKIPS) <= 5, "the allow-list is meant to stay short"
    for entry in ALLOWED_SKIPS:
        path, _, name = entry.where.partition("::")
        assert (ROOT / path).is_file(), entry
        assert f"def {name}(" in (ROOT / path).read_text(), entry
        assert len(entry.why) > 40, entry

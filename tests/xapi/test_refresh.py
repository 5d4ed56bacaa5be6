"""The pool that lets a read of X outlive its page: one call per key, bounded, deadlines."""

import threading
import time

import pytest

from apps.xapi import refresh
from apps.xapi.errors import Unavailable


@pytest.fixture
def gate():
    """An event the calls under test wait on; set at the end so no call outlives the test."""
    event = threading.Event()
    yield event
    event.set()
    assert refresh.wait_idle(5)


def test_an_answer_within_the_deadline_is_returned(gate):
    gate.set()
    assert refresh.within("k-fast", lambda: "fresh", 1.0) == "fresh"


def test_an_error_within_the_deadline_is_raised_as_it_is(gate):
    def refused():
        raise Unavailable(503, "X is having trouble")

    with pytest.raises(Unavailable) as caught:
        refresh.within("k-error", refused, 1.0)
    assert caught.value.status == 503 and not caught.value.timed_out


def test_a_late_call_times_out_at_the_deadline_and_still_runs_to_its_end(gate):
    finished = threading.Event()

    def slow():
        gate.wait(5)
        finished.set()
        return "late"

    started = time.monotonic()
    with pytest.raises(Unavailable) as caught:
        refresh.within("k-late", slow, 0.2)
    assert caught.value.timed_out
    assert time.monotonic() - started < 1.0
    assert not finished.is_set()
    gate.set()
    assert finished.wait(5), "the call was dropped at the deadline"


def test_one_call_per_key_and_the_deadline_counts_from_the_calls_start(gate):
    calls = []

    def slow():
        calls.append(1)
        gate.wait(5)
        return "late"

    answers = []

    def read():
        try:
            answers.append(refresh.within("k-shared", slow, 0.3))
        except Unavailable as error:
            answers.append(error)

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(5)
    assert len(calls) == 1
    assert len(answers) == 8 and all(isinstance(a, Unavailable) for a in answers)
    # The call is late now: a new read of its key answers at once and asks nothing new.
    started = time.monotonic()
    with pytest.raises(Unavailable):
        refresh.within("k-shared", slow, 0.3)
    assert time.monotonic() - started < 0.1
    assert len(calls) == 1
    gate.set()
    assert refresh.wait_idle(5)
    assert refresh.within("k-shared", lambda: "fresh", 0.3) == "fresh"


def test_the_pool_never_grows_past_its_threads_and_bounds_the_reads_waiting(gate, settings):
    settings.X_REFRESH_THREADS = 2
    running = []
    lock = threading.Lock()

    def slow():
        with lock:
            running.append(threading.current_thread().name)
        gate.wait(5)

    limit = refresh.QUEUED_PER_THREAD * 2
    for n in range(limit):
        with pytest.raises(Unavailable):
            refresh.within(f"k-many-{n}", slow, 0.01)
    assert refresh.in_flight() == limit
    started = time.monotonic()
    with pytest.raises(Unavailable, match="too many reads"):
        refresh.within("k-one-too-many", slow, 5)
    assert time.monotonic() - started < 0.1
    assert len(running) <= 2 and len(set(running)) <= 2
    gate.set()
    assert refresh.wait_idle(5)
    assert len(running) == limit and len(set(running)) <= 2

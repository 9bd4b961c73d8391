"""Bounds on waiting, so that a hang (a blow-up, a thread or process that never gets
there) fails the test with a message instead of blocking the suite. The bound is no
speed target: it is what no correct run needs on any machine, however busy; speed is
measured by benchmarks/ (make bench)."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator

import pytest

HANG_GUARD_S = 120
POLL_S = 0.05


def wait_until(condition: Callable[[], object], what: str, *, limit_s: float = HANG_GUARD_S) -> None:
    """Poll `condition` until it holds; fail, saying `what` was awaited, after `limit_s`."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {limit_s:g} s")
        time.sleep(POLL_S)


@contextlib.contextmanager
def returns(what: str, *, limit_s: float = HANG_GUARD_S) -> Iterator[None]:
    """Fail the test when the block (in the main thread) runs longer than `limit_s`: the
    alarm interrupts Python code and regular expressions alike."""

    def expire(signum, frame):
        pytest.fail(f"{what}: still running after {limit_s:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""Measuring in a fresh process: a benchmark module's `run` mode started as a child process, whose
last line of output is its figures as JSON (the benchmarks that time ingest and report this way);
and, within it, the seconds spent in the functions a stage is made of (`Stopwatch`)."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import psutil

from benchmarks.scaled import REPO


def measured_in_child(module: str, *args: str) -> dict[str, Any]:
    """The figures `python -m <module> run <args>` prints last; a RuntimeError with its output when it fails."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", module, "run", *args], check=True, capture_output=True, text=True, cwd=REPO
        )
    except subprocess.CalledProcessError as err:
        raise RuntimeError(f"{module} failed:\n{err.stdout}\n{err.stderr}") from None
    return json.loads(done.stdout.strip().splitlines()[-1])


class Stopwatch:
    """Seconds spent in wrapped functions, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = collections.defaultdict(float)

    def wrap(self, name: str, function: Callable) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started

        return timed


class TreeRss:
    """The peak resident memory of this process and its children together (worker processes
    included), sampled every `interval_s` on a thread while it is open: what the machine must
    hold, where ru_maxrss sees one process at a time."""

    def __init__(self, interval_s: float = 0.5) -> None:
        self.interval_s = interval_s
        self.peak_mb = 0.0
        self.peak_at_s = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> TreeRss:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _sample(self) -> None:
        me, started = psutil.Process(), time.perf_counter()
        while not self._stop.wait(self.interval_s):
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
            if total / 2**20 > self.peak_mb:
                self.peak_mb, self.peak_at_s = total / 2**20, time.perf_counter() - started

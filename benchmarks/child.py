"""Measuring in a fresh process: a benchmark module's `run` mode started as a child process, whose
last line of output is its figures as JSON (the benchmarks that time ingest and report this way);
and, within it, the seconds spent in the functions a stage is made of (`Stopwatch`)."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

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

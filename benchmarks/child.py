"""Measuring in a fresh process: a benchmark module's `run` mode started as a child process, whose
last line of output is its figures as JSON (the benchmarks that time ingest and report this way)."""

from __future__ import annotations

import json
import subprocess
import sys
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

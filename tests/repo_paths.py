"""Where things are, for every test module wherever it sits in tests/."""

from __future__ import annotations

import pathlib

TESTS = pathlib.Path(__file__).resolve().parent
REPO = TESTS.parent
SHARED_CORPORA = REPO.parent / "shared" / "corpora"

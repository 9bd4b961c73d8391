"""Shared test fixtures. Real corpora live in ../shared/corpora beside the repository."""
from __future__ import annotations

import pathlib

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def corpora() -> pathlib.Path:
    """The shared corpora folder; tests that need it skip only when it is absent."""
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"shared corpora folder {SHARED_CORPORA} is absent (it is present in CI and on dev machines)")
    return SHARED_CORPORA

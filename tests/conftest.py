"""Shared test fixtures. Real corpora live in ../shared/corpora beside the repository.

Test modules sit in folders that mirror the package tree (tests/ingest/readers tests
analytics/ingest/readers); the helper modules beside this file (repo_paths, store_tables,
browser, ...) are importable from all of them.
"""

from __future__ import annotations

import pathlib

import pytest
from repo_paths import SHARED_CORPORA


@pytest.fixture(scope="session")
def corpora() -> pathlib.Path:
    """The shared corpora folder; tests that need it skip only when it is absent."""
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"shared corpora folder {SHARED_CORPORA} is absent (it is present in CI and on dev machines)")
    return SHARED_CORPORA

"""One store of every shared corpus per test session, built by whichever xdist worker asks first
(the others wait on a file lock and open the same file): the whole-corpus checks of the dashboard,
the reports and the queries read it, and an ingest of the 70,000 articles is too slow to repeat."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import filelock
import pytest
from browser import live_server
from repo_paths import REPO, SHARED_CORPORA

from analytics.cli import main
from dashboard import create_app

MANIFEST = REPO / "data/manifests/shared_corpora.toml"
STORE_NAME = "shared_corpora.duckdb"


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> pathlib.Path:
    """The path of a store holding every shared corpus (data/manifests/shared_corpora.toml), as
    `media-analytics ingest` leaves it; open it read-only. Skips, saying so, without the corpora."""
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"shared corpora folder {SHARED_CORPORA} is absent (it is present in CI and on dev machines)")
    base = tmp_path_factory.getbasetemp()
    folder = base if worker_id == "master" else base.parent  # (the session's workers share the parent)
    path = folder / STORE_NAME
    with filelock.FileLock(str(folder / f"{STORE_NAME}.lock")):
        done = folder / f"{STORE_NAME}.done"
        if not done.exists():
            path.unlink(missing_ok=True)
            assert main(["ingest", "--manifest", str(MANIFEST), "--store", str(path), "--workers", "2"]) == 0
            done.touch()
    return path


@pytest.fixture(scope="session")
def shared_store_url(shared_store: pathlib.Path) -> Iterator[str]:
    """The base URL of a live dashboard over the shared store, one per test session and worker."""
    with live_server(create_app(shared_store).server) as url:
        yield url

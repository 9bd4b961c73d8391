"""The dashboard reading the store while an ingest in another process writes it: the
ingest gets the store although readers never pause, the readers never fail, and they
never see a state between the store before the ingest and the store after it."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import threading
import time

from hang_guard import HANG_GUARD_S, wait_until
from repo_paths import REPO

from analytics.queries.engine import run
from analytics.store.store import Store
from dashboard.logic.data import Data, StoreUnavailable

SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"
READERS = 4
BATCH_SIZE = "100"  # many commits during the ingest: many chances to see half of one


def _count(store) -> tuple[int, int, int]:
    frame = run(
        store,
        "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM tags) AS t, "
        "(SELECT count(*) FROM attributions) AS r",
    )
    return tuple(int(frame[c].iloc[0]) for c in ("a", "t", "r"))


def _ingest(store: pathlib.Path, sources: list[str]) -> list[str]:
    return [sys.executable, "-m", "analytics.cli", "ingest", "--store", str(store), "--workers", "1", *sources]


def test_readers_see_before_or_after_never_between(tmp_path):
    store = tmp_path / "store.duckdb"
    sample = REPO / "data/sample"
    env_batch = {"MEDIA_ANALYTICS_BATCH_SIZE": BATCH_SIZE, "MEDIA_ANALYTICS_LOCK_WAIT": "60"}
    first = subprocess.run(
        _ingest(store, [str(sample / "seed"), str(sample / "ag_news_test")]),
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**_env(), **env_batch},
    )
    assert first.returncode == 0, first.stderr
    with Store.open(store, read_only=True) as opened:
        before = _count(opened)

    data = Data(store)
    seen: set[tuple[int, int, int]] = set()
    busy, failures = [], []
    stop = threading.Event()
    reading = threading.Barrier(READERS + 1)  # every reader has read the store before the ingest starts

    def read() -> None:
        first = True
        while not stop.is_set():
            try:
                seen.add(data.get(("counts", time.monotonic_ns()), _count))  # a new key: never a cached answer
                if first:
                    first = False
                    reading.wait(timeout=HANG_GUARD_S)
            except StoreUnavailable as err:
                busy.append(err.kind)
            except Exception as err:  # noqa: BLE001 - any other failure is what this test looks for
                failures.append(repr(err))

    readers = [threading.Thread(target=read) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    try:
        reading.wait(timeout=HANG_GUARD_S)  # readers hold the store when the ingest starts
        second = subprocess.run(
            _ingest(store, [str(sample / "reuters21578"), str(sample / "kcna")]),
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**_env(), **env_batch},
            timeout=300,
        )
        wait_until(lambda: seen - {before}, "readers reading the store again once the writer is done")
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert second.returncode == 0, second.stderr
    with Store.open(store, read_only=True) as opened:
        after = _count(opened)
    assert after[0] > before[0]
    assert failures == []
    assert set(busy) <= {"busy"}
    assert busy, "no read was refused: the ingest never held the store while readers asked"
    assert before in seen and after in seen, (before, after, seen)
    assert seen <= {before, after}, f"readers saw a state between before {before} and after {after}: {seen}"


def _env() -> dict:
    import os

    return dict(os.environ)

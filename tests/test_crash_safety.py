"""Crash safety: an ingest of the shared corpora killed with SIGKILL at several points
leaves a store that opens and holds only whole batches, and running the same command
again ends with exactly the store an uninterrupted run makes."""
from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time

import psutil
import pyarrow as pa
import pytest

from analytics.ingest.pipeline import PARTITIONS_SUFFIX, plan_inputs
from analytics.ingest.manifest import load_manifest
from analytics.store.store import Store
from store_tables import TABLES, rows

REPO = pathlib.Path(__file__).resolve().parent.parent
MANIFEST = REPO / "data/manifests/shared_corpora.toml"
BATCH_SIZE = 1_000
# When to kill each interrupted run, as a share of the uninterrupted run's wall time;
# every run carries on from where the last was killed, until KILLS runs were killed in
# the middle of the ingest (or ATTEMPTS runs were made: on a loaded machine a run may
# end before its kill, or be killed before it stored anything new).
KILL_AT = 0.3
KILLS = 3
ATTEMPTS = 8


def _ingest_command(store: pathlib.Path) -> list[str]:
    return [sys.executable, "-m", "analytics.cli", "ingest", "--manifest", str(MANIFEST), "--store", str(store),
            "--workers", "2"]


def _kill_after(command: list[str], seconds: float, env: dict) -> tuple[bool, list[psutil.Process]]:
    """Run `command`, SIGKILL it after `seconds` unless it ended; whether it was killed,
    and its child processes (the pool's workers) as they were just before."""
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=seconds)
        return False, []
    except subprocess.TimeoutExpired:
        children = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True, children


def _query(path: pathlib.Path, sql: str) -> list[tuple]:
    with Store.open(path, read_only=True) as store:
        return store.connection.execute(sql).fetchall()


def _records_of_unfinished_files(path: pathlib.Path) -> dict[str, int]:
    """Per input file not marked done: the records it has in the store (articles whose
    first record it holds, duplicates, quarantined). A record's source_ref is its file's
    ref followed by `#n`, or by `/member#n` inside a zip."""
    refs = pa.table({"file_ref": [item.ref for item in plan_inputs(load_manifest(MANIFEST))]})
    with Store.open(path, read_only=True) as store:
        store.connection.register("input_files", refs)
        rows = store.connection.execute(
            """
            WITH records AS (
                SELECT source_ref FROM articles UNION ALL SELECT source_ref FROM duplicates
                UNION ALL SELECT source_ref FROM quarantine
            )
            SELECT f.file_ref, count(*) FROM records r JOIN input_files f
              ON starts_with(r.source_ref, f.file_ref || '#') OR starts_with(r.source_ref, f.file_ref || '/')
            WHERE f.file_ref NOT IN (SELECT file_ref FROM ingest_files WHERE completed_at IS NOT NULL)
            GROUP BY 1
            """
        ).fetchall()
    return dict(rows)


@pytest.fixture(scope="module")
def uninterrupted(corpora, tmp_path_factory):
    """The store of an uninterrupted run of the same command, and its wall time."""
    path = tmp_path_factory.mktemp("uninterrupted") / "store.duckdb"
    started = time.monotonic()
    finished = subprocess.run(_ingest_command(path), cwd=REPO, env=_env(), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    return path, time.monotonic() - started


def _env() -> dict:
    return {**os.environ, "MEDIA_ANALYTICS_BATCH_SIZE": str(BATCH_SIZE)}


def test_killed_ingest_resumes_to_the_uninterrupted_store(uninterrupted, tmp_path):
    reference, seconds = uninterrupted
    store = tmp_path / "store.duckdb"
    total = len(rows(reference, "articles", TABLES["articles"]))
    partial_counts = []
    file_records = dict(_query(reference, "SELECT file_ref, records_read FROM ingest_files"))
    for _ in range(ATTEMPTS):
        killed, workers = _kill_after(_ingest_command(store), KILL_AT * seconds, _env())
        gone, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive, f"worker processes outlived the killed ingest: {alive}"
        if not killed:
            break  # the run ended: nothing left to interrupt
        if not store.exists():
            continue  # killed before the store was created
        for file_ref, records in _records_of_unfinished_files(store).items():
            # whole batches; or every batch of the file, killed before the file was marked done
            assert records % BATCH_SIZE == 0 or records == file_records[file_ref], (
                f"{file_ref}: {records} of {file_records[file_ref]} records stored, not whole batches of {BATCH_SIZE}"
            )
        count = len(rows(store, "articles", TABLES["articles"]))
        if 0 < count < total and count not in partial_counts:
            partial_counts.append(count)
        if len(partial_counts) == KILLS:
            break
    assert len(partial_counts) >= 2, (
        f"fewer than two kills fell in the middle of the ingest (articles after each: {partial_counts} of {total})"
    )
    finished = subprocess.run(_ingest_command(store), cwd=REPO, env=_env(), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    for table, without in TABLES.items():
        assert rows(store, table, without) == rows(reference, table, without), table
    assert not store.with_name(store.name + PARTITIONS_SUFFIX).exists(), "partitions of the killed runs left behind"
    with Store.open(store, read_only=True) as opened:
        statuses = [s for (s,) in opened.connection.execute("SELECT status FROM ingest_runs ORDER BY run_id").fetchall()]
    assert statuses[-1] == "completed" and "running" in statuses[:-1], statuses

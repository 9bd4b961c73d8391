"""Crash safety: an ingest of some of the shared corpora (SUBSET) killed with SIGKILL at several points
leaves a store that opens and holds only whole batches, and running the same command
again ends with exactly the store an uninterrupted run makes; killed while its worker
processes start, it leaves none of them behind.

Each run is killed once its progress bar (on stderr) shows it has stored a given number
of records, or once its worker processes exist, never after a time, so the kill points
are the same on a fast machine and a busy one. Waits are bounded only so that a hang
fails instead of blocking."""

from __future__ import annotations

import contextlib
import math
import os
import pathlib
import re
import select
import signal
import subprocess
import sys
import time

import psutil
import pyarrow as pa
import pytest
from hang_guard import HANG_GUARD_S, wait_until
from repo_paths import REPO
from shared_subset import shared_subset
from store_tables import TABLES, rows

from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import PARTITIONS_SUFFIX, plan_inputs
from analytics.queries.search import matching_ids
from analytics.store import search_index
from analytics.store.store import Store

# The sources of the shared manifest these runs ingest (with their own paths where only some of a
# source's files): several files of several formats and languages, about a fifth of the shared
# corpora's records, so that the five runs of the kill test stay short.
SUBSET = {
    "seed": None,
    "kcna": None,
    "zh_trilateral_news": None,
    "reuters21578": [f"reuters21578_subset/reut2-00{n}.sgm" for n in range(3)],
    "indonews_rss_2025": ["indonews_rss_2025/dataset_new/*.csv"],
}
BATCH_SIZE = 1_000
# When to kill each interrupted run: once the records stored so far (files marked done by
# the earlier runs, then what this run's progress shows) reach this share of the input's
# records; 0 is the run's first batch. Every run carries on from where the last was killed.
KILL_AT = (0.0, 0.5, 0.9)
# The CLI draws its progress bar (rich) only on a terminal; these make it draw into a pipe.
PROGRESS_BAR_ENV = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"}
# The bar's "{records:,} records" column, counted after each batch is stored (not the records/s column).
RECORDS_SHOWN = re.compile(rb"([\d,]+) records(?!/s)")
RUN_LIMIT_S = 1800  # a bound on one ingest run, so that a hang fails instead of blocking (see hang_guard)
WORKERS = 2
# The command line of a process multiprocessing starts with the spawn method (the local
# pool's workers and the Dask LocalCluster's).
SPAWNED_WORKER = "--multiprocessing-fork"
# Queries whose matches the resumed store's index must share with the uninterrupted one's.
INDEX_QUERIES = ("pyongyang", '"Kim Jong Un"', "reuters OR xinhua", "朝鲜", "korea*", "NOT the", "title:rudal")


@pytest.fixture(scope="module")
def manifest(corpora, tmp_path_factory) -> pathlib.Path:
    return shared_subset(tmp_path_factory.mktemp("manifest"), SUBSET)


def _ingest_command(store: pathlib.Path, manifest: pathlib.Path, *, engine: str = "local") -> list[str]:
    return [
        sys.executable,
        "-m",
        "analytics.cli",
        "ingest",
        "--manifest",
        str(manifest),
        "--store",
        str(store),
        "--workers",
        str(WORKERS),
        "--engine",
        engine,
    ]


def _env() -> dict:
    return {**os.environ, "MEDIA_ANALYTICS_BATCH_SIZE": str(BATCH_SIZE)}


def _ingest(store: pathlib.Path, manifest: pathlib.Path) -> None:
    finished = subprocess.run(
        _ingest_command(store, manifest), cwd=REPO, env=_env(), capture_output=True, text=True, timeout=RUN_LIMIT_S
    )
    assert finished.returncode == 0, finished.stderr


def _kill_once_stored(command: list[str], records: int) -> list[psutil.Process]:
    """Run `command` and SIGKILL it as soon as its progress bar shows `records` records
    stored; its child processes (the pool's workers) as they were just before."""
    process = subprocess.Popen(
        command, cwd=REPO, env={**_env(), **PROGRESS_BAR_ENV}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        shown, tail = _read_progress(process, records)
        if shown < records:
            process.wait(timeout=RUN_LIMIT_S)
            pytest.fail(
                f"the ingest ended (exit {process.returncode}) before it showed {records:,} records stored "
                f"(it showed {shown:,}); its last output:\n{tail.decode(errors='replace')}"
            )
        children = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGKILL)
        return children
    finally:
        process.kill()
        process.wait()
        process.stderr.close()


def _read_progress(process: subprocess.Popen, records: int) -> tuple[int, bytes]:
    """Read the progress bar until it shows `records` records stored or the output ends:
    the most it showed, and the end of the output."""
    deadline = time.monotonic() + RUN_LIMIT_S
    shown, tail = 0, b""
    while shown < records:
        ready, _, _ = select.select([process.stderr], [], [], max(deadline - time.monotonic(), 0))
        if not ready:
            pytest.fail(f"no {records:,} records stored within {RUN_LIMIT_S} s (the bar showed {shown:,})")
        chunk = os.read(process.stderr.fileno(), 1 << 16)
        if not chunk:
            break
        tail = (tail + chunk)[-4096:]  # long enough to hold a bar drawn across two reads
        shown = max([shown, *(int(n.replace(b",", b"") or 0) for n in RECORDS_SHOWN.findall(tail))])
    return shown, tail


def _query(path: pathlib.Path, sql: str) -> list[tuple]:
    with Store.open(path, read_only=True) as store:
        return store.connection.execute(sql).fetchall()


def _records_of_unfinished_files(path: pathlib.Path, manifest: pathlib.Path) -> dict[str, int]:
    """Per input file not marked done: the records it has in the store (articles whose
    first record it holds, duplicates, quarantined). A record's source_ref is its file's
    ref followed by `#n`, or by `/member#n` inside a zip."""
    refs = pa.table({"file_ref": [item.ref for item in plan_inputs(load_manifest(manifest))]})
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


def _files_done(path: pathlib.Path) -> set[str]:
    return {ref for (ref,) in _query(path, "SELECT file_ref FROM ingest_files WHERE completed_at IS NOT NULL")}


@pytest.fixture(scope="module")
def uninterrupted(manifest, tmp_path_factory):
    """The store of an uninterrupted run of the same command."""
    path = tmp_path_factory.mktemp("uninterrupted") / "store.duckdb"
    _ingest(path, manifest)
    return path


def test_killed_ingest_resumes_to_the_uninterrupted_store(uninterrupted, manifest, tmp_path):
    reference = uninterrupted
    store = tmp_path / "store.duckdb"
    total = len(rows(reference, "articles", TABLES["articles"]))
    file_records = dict(_query(reference, "SELECT file_ref, records_read FROM ingest_files"))
    input_records = sum(file_records.values())
    articles_after = []
    for share in KILL_AT:
        # Files run in input order and a run re-reads every file not marked done, so the
        # records it has stored come after the records of the files marked done.
        done = sum(file_records[ref] for ref in _files_done(store)) if store.exists() else 0
        workers = _kill_once_stored(_ingest_command(store, manifest), max(math.ceil(share * input_records) - done, 1))
        gone, alive = psutil.wait_procs(workers, timeout=HANG_GUARD_S)
        assert not alive, f"worker processes outlived the killed ingest: {alive}"
        for file_ref, records in _records_of_unfinished_files(store, manifest).items():
            # whole batches; or every batch of the file, killed before the file was marked done
            assert records % BATCH_SIZE == 0 or records == file_records[file_ref], (
                f"{file_ref}: {records} of {file_records[file_ref]} records stored, not whole batches of {BATCH_SIZE}"
            )
        articles_after.append(len(rows(store, "articles", TABLES["articles"])))
        # in the middle of the ingest, and nothing an earlier run stored was lost
        assert 0 < articles_after[-1] < total and articles_after == sorted(articles_after), (
            f"killed at {share:.0%} of the input's records: articles after each kill {articles_after} of {total}"
        )
    _ingest(store, manifest)
    for table, without in TABLES.items():
        assert rows(store, table, without) == rows(reference, table, without), table
    assert not store.with_name(store.name + PARTITIONS_SUFFIX).exists(), "partitions of the killed runs left behind"
    with Store.open(store, read_only=True) as opened:
        statuses = [
            s for (s,) in opened.connection.execute("SELECT status FROM ingest_runs ORDER BY run_id").fetchall()
        ]
    assert statuses == ["running"] * len(KILL_AT) + ["completed"], statuses
    # the search index, written beside the store batch by batch, matches the store again
    with Store.open(store, read_only=True) as resumed, Store.open(reference, read_only=True) as whole:
        assert search_index.state(resumed).current, search_index.state(resumed)
        for query in INDEX_QUERIES:
            expected = sorted(matching_ids(whole, query).to_pylist())
            assert expected and sorted(matching_ids(resumed, query).to_pylist()) == expected, query


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_ingest_killed_while_its_workers_start_leaves_none_behind(engine, manifest, tmp_path):
    """Killed as soon as its worker processes exist (as a rule before they have run their
    start-up, so they never knew their parent alive), the ingest leaves no process behind."""
    if engine == "dask":
        pytest.importorskip("distributed", reason="dask[distributed] is installed by `make test`")
    process = subprocess.Popen(
        _ingest_command(tmp_path / "store.duckdb", manifest, engine=engine),
        cwd=REPO,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.monotonic()
    children: list[psutil.Process] = []
    try:
        children = _children_once_workers_exist(process)
        process.send_signal(signal.SIGKILL)
        killed_after = time.monotonic() - started
        _, alive = psutil.wait_procs(children, timeout=HANG_GUARD_S)
        assert not alive, (
            f"killed {killed_after:.1f} s after it started, the ingest left processes behind: "
            f"{[(p.pid, p.cmdline()) for p in alive]}"
        )
    finally:
        process.kill()
        process.wait()
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()


def _children_once_workers_exist(process: subprocess.Popen) -> list[psutil.Process]:
    """Every process `process` started, once WORKERS of them are spawned workers."""
    parent = psutil.Process(process.pid)
    seen: dict[int, psutil.Process] = {}

    def workers_exist() -> bool:
        assert process.poll() is None, f"the ingest ended (exit {process.returncode}) before its workers started"
        with contextlib.suppress(psutil.NoSuchProcess):
            seen.update((child.pid, child) for child in parent.children(recursive=True))
        return sum(SPAWNED_WORKER in _command_line(child) for child in seen.values()) >= WORKERS

    wait_until(workers_exist, f"{WORKERS} worker processes started")
    return list(seen.values())


def _command_line(process: psutil.Process) -> str:
    with contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess):
        return " ".join(process.cmdline())
    return ""

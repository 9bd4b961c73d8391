"""The local parallel engine: a pool of worker processes reads and extracts, this process
writes, and the store ends up exactly as one process makes it."""
from __future__ import annotations

import concurrent.futures
import pathlib
import time

import pytest

from analytics import settings
from analytics.cli import main
from analytics.ingest import in_input_order, ingest, resolve_workers
from analytics.manifest import load_manifest
from analytics.store import Store

MANIFEST = pathlib.Path(__file__).resolve().parent.parent / "data/manifests/shared_corpora.toml"
SAMPLE_MANIFEST = pathlib.Path(__file__).resolve().parent.parent / "data/manifests/sample.toml"
# Every table ingest fills, with the columns that may differ between two runs.
TABLES = {
    "articles": ("ingested_at",),
    "duplicates": ("run_id",),
    "quarantine": ("run_id",),
    "attributions": (),
    "article_credits": (),
    "tags": (),
}


@pytest.fixture(scope="module")
def two_stores(corpora, tmp_path_factory):
    """The shared corpora ingested by one process and by two workers (small batches, so
    that files span several batches and a duplicate may sit in another batch)."""
    folder = tmp_path_factory.mktemp("parallel")
    results = {}
    for workers in (1, 2):
        with Store.open(folder / f"w{workers}.duckdb") as store:
            results[workers] = ingest(load_manifest(MANIFEST), store, workers=workers, batch_size=2_000)
    return folder / "w1.duckdb", folder / "w2.duckdb", results


def _rows(path: pathlib.Path, table: str, without: tuple[str, ...]) -> list[tuple]:
    with Store.open(path, read_only=True) as store:
        columns = "*" + (f" EXCLUDE ({', '.join(without)})" if without else "")
        return store.connection.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


@pytest.mark.parametrize("table", TABLES)
def test_two_workers_store_what_one_process_stores(two_stores, table):
    one, two, _ = two_stores
    serial = _rows(one, table, TABLES[table])
    assert serial, f"{table} is empty: the comparison would prove nothing"
    assert _rows(two, table, TABLES[table]) == serial


def test_file_accounts_and_summaries_are_the_same(two_stores):
    one, two, results = two_stores
    columns = ("file_ref", "source", "fingerprint", "records_read", "stored", "duplicates", "quarantined", "mapping", "notes")
    query = f"SELECT {', '.join(columns)} FROM ingest_files ORDER BY file_ref"
    with Store.open(one, read_only=True) as a, Store.open(two, read_only=True) as b:
        assert a.connection.execute(query).fetchall() == b.connection.execute(query).fetchall()
    assert results[1].sources == results[2].sources
    assert results[1].quarantine == results[2].quarantine and results[1].quarantine


def test_results_come_back_in_input_order_whatever_finishes_first():
    """in_input_order hands results over in submission order, with at most `window` jobs in flight."""
    submitted, handed = [], []

    def work(n: int) -> int:
        time.sleep((6 - n) * 0.01)  # later jobs finish first
        return n * 10

    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:

        def submit(n: int) -> concurrent.futures.Future:
            assert len(submitted) - len(handed) < 3, "more than `window` jobs in flight"
            submitted.append(n)
            return pool.submit(work, n)

        for n, result in in_input_order(submit, range(6), window=3):
            handed.append(n)
            assert result == n * 10
    assert handed == submitted == list(range(6))


def test_workers_setting_and_option(tmp_path, monkeypatch):
    assert resolve_workers(0) == resolve_workers(None) >= 1
    assert resolve_workers(3) == 3
    with pytest.raises(ValueError, match="workers must be 0"):
        resolve_workers(-1)
    assert settings.get("workers") == 0
    monkeypatch.setenv("MEDIA_ANALYTICS_WORKERS", "1")
    assert settings.get("workers") == 1
    assert main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(tmp_path / "s.duckdb"), "--workers", "2"]) == 0
    assert main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(tmp_path / "t.duckdb"), "--workers", "-2"]) == 1


def test_unknown_engine_is_refused(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store, pytest.raises(ValueError, match="unknown ingest engine 'spark'"):
        ingest(load_manifest(SAMPLE_MANIFEST), store, engine="spark")

"""The parallel engines: a pool of worker processes, or Dask tasks on a LocalCluster of
two worker processes, read and extract; this process writes; and the store ends up
exactly as one process makes it."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import pathlib
import shutil
import threading
import unittest.mock

import pytest
from hang_guard import HANG_GUARD_S
from repo_paths import REPO
from shared_subset import shared_subset
from store_tables import TABLES, file_accounts, rows

from analytics.cli import main
from analytics.ingest import dask_engine, handover, reuse
from analytics.ingest.extract import Extraction, FileState, iter_batches
from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import PARTITIONS_SUFFIX, in_input_order, ingest, plan_inputs, resolve_workers
from analytics.queries.search import matching_ids
from analytics.settings import REUSE_THRESHOLD, Settings
from analytics.store import search_index
from analytics.store.store import Store

# Every source of the shared corpora (so every reader and format) but the two largest headline
# archives (112,000 of the 150,000 headline records, the other three kept) and two thirds of the Reuters
# files: the store is made three times over.
SUBSET = {
    "seed": None,
    "ag_news_test": None,
    "reuters21578": [f"reuters21578_subset/reut2-00{n}.sgm" for n in range(7)],
    "kcna": None,
    "xinhuanet": None,
    "chinadaily": None,
    "bbc": None,
    "indonews_rss_2025": None,
    "detik_2021": None,
    "indonesian_html": None,
    "tempo_english_html": None,
    "zh_trilateral_news": None,
}
SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"


# Chunks the parallel runs read files in: every CSV and SGML file of the corpora falls into several.
CHUNK_BYTES = 256 * 1024
# Engine runs compared with one process: (engine, workers).
RUNS = (("local", 2), ("dask", 2))


@pytest.fixture(scope="module")
def stores(corpora, tmp_path_factory):
    """Most of the shared corpora (SUBSET) ingested by one process, by two local workers and by Dask
    (small batches, so that files span several batches and a duplicate may sit in
    another batch; small chunks, so that the workers read every CSV and SGML file of
    the corpora in several chunks at once)."""
    folder = tmp_path_factory.mktemp("parallel")
    manifest = load_manifest(shared_subset(folder, SUBSET))
    paths, results = {}, {}
    for engine, workers in (("local", 1), *RUNS):
        paths[engine, workers] = folder / f"{engine}{workers}.duckdb"
        with Store.open(paths[engine, workers]) as store:
            results[engine, workers] = ingest(
                manifest,
                store,
                engine=engine,
                workers=workers,
                batch_size=2_000,
                split_bytes=CHUNK_BYTES,
                chunk_bytes=CHUNK_BYTES,
            )
    return paths, results


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{w}" for e, w in RUNS])
@pytest.mark.parametrize("table", TABLES)
def test_engines_store_what_one_process_stores(stores, table, run):
    paths, _ = stores
    serial = rows(paths["local", 1], table, TABLES[table])
    assert serial, f"{table} is empty: the comparison would prove nothing"
    assert rows(paths[run], table, TABLES[table]) == serial


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{w}" for e, w in RUNS])
def test_file_accounts_and_summaries_are_the_same(stores, run):
    paths, results = stores
    assert file_accounts(paths[run]) == file_accounts(paths["local", 1])
    assert results[run].sources == results["local", 1].sources
    assert results[run].quarantine == results["local", 1].quarantine and results[run].quarantine


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{w}" for e, w in RUNS])
def test_engines_index_what_one_process_indexes(stores, run):
    paths, _ = stores
    with Store.open(paths[run], read_only=True) as parallel, Store.open(paths["local", 1], read_only=True) as serial:
        assert search_index.state(parallel).current and search_index.state(serial).current
        for query in ("pyongyang", '"Kim Jong Un"', "reuters OR xinhua", "朝鲜", "korea*", "title:rudal -nuklir"):
            found = sorted(matching_ids(parallel, query).to_pylist())
            assert found == sorted(matching_ids(serial, query).to_pylist()) and found, query


@pytest.fixture(scope="module")
def reuse_found(stores, tmp_path_factory):
    """The reuse pairs and their stories' origins a round finds in each engine's store (in a copy)."""
    paths, _ = stores
    folder = tmp_path_factory.mktemp("reuse")
    found = {}
    for key, path in paths.items():
        copy = folder / path.name
        shutil.copy(path, copy)
        with Store.open(copy) as store:
            reuse.update_reuse(store, threshold=REUSE_THRESHOLD)
            found[key] = store.connection.execute(
                "SELECT p.*, s.origin_id FROM reuse_pairs p LEFT JOIN reuse_stories s ON s.article_id = p.article_id_a "
                "ORDER BY ALL"
            ).fetchall()
    return found


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{w}" for e, w in RUNS])
def test_engines_give_the_reuse_pairs_one_process_gives(reuse_found, run):
    assert len(reuse_found["local", 1]) > 1000
    assert reuse_found[run] == reuse_found["local", 1]


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{w}" for e, w in RUNS])
def test_partitions_are_removed_once_stored(stores, run):
    paths, _ = stores
    folder = paths[run].with_name(paths[run].name + PARTITIONS_SUFFIX)
    assert not folder.exists(), f"partitions left behind: {list(folder.rglob('*'))[:5]}"


def test_results_come_back_in_input_order_whatever_finishes_first():
    """in_input_order hands results over in submission order, with at most `window` jobs in flight."""
    submitted, handed, finished = [], [], []
    done = [threading.Event() for _ in range(6)]

    def work(n: int) -> int:
        if n % 3 != 2:  # later jobs finish first: each waits for the next one of its window of 3
            assert done[n + 1].wait(timeout=HANG_GUARD_S), f"job {n + 1} never finished"
        finished.append(n)
        done[n].set()
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
    assert finished == [2, 1, 0, 5, 4, 3]


def test_workers_setting_and_option(tmp_path, monkeypatch):
    assert resolve_workers(0) == resolve_workers(None) >= 1
    assert resolve_workers(3) == 3
    with pytest.raises(ValueError, match="workers must be 0"):
        resolve_workers(-1)
    assert Settings.resolve().workers == 0
    monkeypatch.setenv("MEDIA_ANALYTICS_WORKERS", "1")
    assert Settings.resolve().workers == 1
    assert (
        main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(tmp_path / "s.duckdb"), "--workers", "2"])
        == 0
    )
    assert (
        main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(tmp_path / "t.duckdb"), "--workers", "-2"])
        == 1
    )


def test_unknown_engine_is_refused(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store, pytest.raises(ValueError, match="unknown ingest engine 'spark'"):
        ingest(load_manifest(SAMPLE_MANIFEST), store, engine="spark")


def test_dask_engine_on_a_running_cluster_by_address(tmp_path, capsys):
    """`--scheduler ADDRESS` sends the tasks to an existing cluster (here a LocalCluster of
    two worker processes started by the test), with partitions in the folder given."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is installed by `make test`")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        code = main(
            [
                "ingest",
                "--manifest",
                str(SAMPLE_MANIFEST),
                "--store",
                str(tmp_path / "dask.duckdb"),
                "--engine",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--partitions",
                str(tmp_path / "parts"),
            ]
        )
    assert code == 0, capsys.readouterr().err
    assert (
        main(
            ["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(tmp_path / "local.duckdb"), "--workers", "1"]
        )
        == 0
    )
    for table, without in TABLES.items():
        assert rows(tmp_path / "dask.duckdb", table, without) == rows(tmp_path / "local.duckdb", table, without)
    assert not (tmp_path / "parts").exists()


def test_dask_options_are_checked(tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "s.duckdb")
    assert (
        main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", store, "--scheduler", "tcp://127.0.0.1:9"]) == 1
    )
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    monkeypatch.setattr(dask_engine, "SCHEDULER_TIMEOUT", "1s")
    assert (
        main(
            [
                "ingest",
                "--manifest",
                str(SAMPLE_MANIFEST),
                "--store",
                store,
                "--engine",
                "dask",
                "--scheduler",
                "tcp://127.0.0.1:9",
            ]
        )
        == 1
    )
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    monkeypatch.setenv("MEDIA_ANALYTICS_ENGINE", "spark")
    assert main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", store]) == 1
    assert "unknown ingest engine 'spark': one of local, dask" in capsys.readouterr().err


def test_handover_gives_back_the_batches_extraction_made(tmp_path):
    """A file's batches written as Arrow IPC by a worker come back with the same tables
    and schemas, and the file's folder is removed once they have all been taken."""
    manifest = load_manifest(SAMPLE_MANIFEST)
    item = next(i for i in plan_inputs(manifest) if i.spec.name == "kcna")
    extraction = Extraction(batch_size=120)
    registry, aliases, outlets = extraction.load()
    ingested_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    expected = list(
        iter_batches(
            item,
            FileState(item),
            registry=registry,
            aliases=aliases,
            outlets=outlets,
            batch_size=120,
            ingested_at=ingested_at,
        )
    )
    stale = handover.run_folder(tmp_path / "parts", tmp_path / "s.duckdb")  # as a killed run leaves it
    (stale / "001.articles.arrow").write_bytes(b"left behind")
    other_store = handover.run_folder(tmp_path / "parts", tmp_path / "other.duckdb")
    run = handover.run_folder(tmp_path / "parts", tmp_path / "s.duckdb")
    assert not stale.exists() and other_store.exists()
    with unittest.mock.patch.object(handover, "iter_batches", return_value=iter(expected)):
        partitions = handover.extract_to_partitions(item, extraction, handover.partition_folder(run, item, "f"))
    assert partitions.batches == len(expected) == 3
    for got, want in zip(handover.read_partitions(partitions), expected, strict=True):
        assert got.articles.equals(want.articles)
        assert got.quarantine.equals(want.quarantine)
        assert got.derived.keys() == want.derived.keys()
        assert all(got.derived[name].equals(want.derived[name]) for name in want.derived)
    assert not pathlib.Path(partitions.folder).exists()
    handover.remove_run_folder(run)
    assert (tmp_path / "parts").exists(), "removed while another store's run uses it"
    handover.remove_run_folder(other_store)
    assert not (tmp_path / "parts").exists()

"""The Dask ingest engine: read-parse-extract as Dask tasks, one input file a task.

Each task runs `analytics.extract` on one input file on a Dask worker and writes the
file's batches as Parquet partitions (one file per table per batch) under a folder
that the workers and the ingesting process can all reach. The ingesting process
loads each file's partitions into the store in input order, through the same
`Store.write_tables` as the local engines, so the store ends up the same; a file's
partitions are removed once they are in the store.

With no scheduler address the engine starts a `distributed.LocalCluster` of worker
processes on this machine. dask[distributed] is an optional dependency
(`pip install 'media-analytics[dask]'`), imported only when this engine runs.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import pathlib
import shutil
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from analytics.derive import TableBatch
from analytics.extract import Extraction, FileExtract, FileState, iter_batches
from analytics.sources import InputFile

# The tables of a TableBatch, in the order the store takes them; derived ones in between.
DERIVED_TABLES = ("attributions", "article_credits", "tags")
PARTITION_TABLES = ("articles", "repeats", *DERIVED_TABLES, "quarantine")
SCHEDULER_TIMEOUT = "20s"  # to connect to a scheduler given by address
INSTALL_HINT = "the dask engine needs dask.distributed: pip install 'media-analytics[dask]'"


@dataclasses.dataclass
class Partitions:
    """What a Dask task hands back: where one file's batches were written, how many,
    and the file's accounting (a FileExtract without batches)."""

    folder: str
    batches: int
    extract: FileExtract


def extract_to_parquet(item: InputFile, extraction: Extraction, folder: str) -> Partitions:
    """The Dask task: extract one input file, writing each batch's tables as
    `<folder>/<batch>.<table>.parquet`, and return where they are."""
    registry, aliases = extraction.load()
    target = pathlib.Path(folder)
    shutil.rmtree(target, ignore_errors=True)  # a task retried after a lost worker starts afresh
    target.mkdir(parents=True)
    state = FileState(item)
    count = 0
    for count, batch in enumerate(
        iter_batches(item, state, registry=registry, aliases=aliases, batch_size=extraction.batch_size), start=1
    ):
        for name, table in _tables(batch).items():
            pq.write_table(table, target / f"{count:06d}.{name}.parquet")
    return Partitions(
        folder, count, FileExtract(item, [], state.read, state.quarantined, list(state.mappings), state.notes)
    )


def read_partitions(partitions: Partitions) -> Iterator[TableBatch]:
    """One file's batches back from Parquet, in order; the folder is removed after the
    last batch has been taken (that is, stored)."""
    folder = pathlib.Path(partitions.folder)
    for n in range(1, partitions.batches + 1):
        tables = {name: pq.read_table(folder / f"{n:06d}.{name}.parquet") for name in PARTITION_TABLES}
        yield TableBatch(
            articles=tables["articles"], repeats=tables["repeats"],
            derived={name: tables[name] for name in DERIVED_TABLES}, quarantine=tables["quarantine"],
        )
    shutil.rmtree(folder, ignore_errors=True)


def partition_folder(root: pathlib.Path, run_id: int, item: InputFile, fingerprint: str) -> str:
    """The folder of one input file's partitions in one run."""
    name = hashlib.sha256(f"{item.ref}\0{fingerprint}".encode()).hexdigest()[:24]
    return str(root / f"run-{run_id}" / name)


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[tuple[object, int]]:
    """A client of the cluster at `scheduler`, or of a LocalCluster of `workers` single-
    threaded worker processes; with the number of task slots the cluster has."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ValueError(INSTALL_HINT) from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except OSError as err:
            raise ValueError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
        with client:
            yield client, max(sum(client.nthreads().values()), 1)
        return
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client, workers


def submit_extract(client, item: InputFile, extraction: Extraction, folder: str):
    """Submit one file's task (never cached by Dask: a file may change between runs)."""
    return client.submit(extract_to_parquet, item, extraction, folder, pure=False)


def remove_run_folder(root: pathlib.Path, run_id: int) -> None:
    """Remove what is left of a run's partitions (files not stored after a failure)."""
    shutil.rmtree(root / f"run-{run_id}", ignore_errors=True)
    with contextlib.suppress(OSError):
        root.rmdir()  # only when empty: another run may be using it


def _tables(batch: TableBatch) -> dict[str, pa.Table]:
    derived = batch.derived or {}
    missing = [name for name in DERIVED_TABLES if name not in derived]
    if missing:
        raise ValueError(f"a batch without its derived tables ({', '.join(missing)}) cannot be partitioned")
    return {
        "articles": batch.articles, "repeats": batch.repeats,
        **{name: derived[name] for name in DERIVED_TABLES}, "quarantine": batch.quarantine,
    }


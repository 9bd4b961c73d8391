"""How worker processes hand extracted files over to the ingesting process: Arrow IPC
partitions on disk.

A worker (a local pool process or a Dask task) runs `analytics.ingest.extract` on one input
file and writes each batch's tables as Arrow IPC files (`<folder>/<batch>.<table>.arrow`,
the store's own Arrow schemas, uncompressed) as it goes, so a worker holds one batch at a time
whatever the size of the file. The ingesting process reads a file's batches back in
order, writes them to the store, and removes the file's folder. The folder must be
reachable by the workers and by the ingesting process under the same path.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import pathlib
import shutil
import tempfile
from collections.abc import Iterator

import pyarrow as pa

from analytics.ingest.extract import DateStats, Extraction, FileState, OutletStats, iter_batches
from analytics.ingest.readers.base import ChunkTally
from analytics.ingest.sources import InputFile
from analytics.store.tables import DERIVED_TABLES, TableBatch

# The tables of a TableBatch, in the order the store takes them; derived ones in between.
PARTITION_TABLES = ("articles", *DERIVED_TABLES, "quarantine")
# Uncompressed Arrow IPC, memory-mapped when read back: the ingesting process, the one store writer,
# takes a batch in a hundredth of the time Parquet took to decode (about 25 µs an article), for
# partitions about twice as big on disk while they wait (a few batches per worker).
PARTITION_SUFFIX = ".arrow"


@dataclasses.dataclass
class Partitions:
    """What a worker hands back for one input file: where its batches are, how many,
    and the file's accounting."""

    folder: str
    batches: int
    read: int
    quarantined: int
    mappings: list[str]
    notes: list[str]
    dates: DateStats
    outlets: OutletStats
    tallies: list[ChunkTally]  # of a chunk of a file: what counts towards the file's notes


def extract_to_partitions(
    item: InputFile, extraction: Extraction, folder: str, ingested_at: dt.datetime | None = None
) -> Partitions:
    """The worker function: extract one input file (or a chunk of one: its articles ingested
    at the file's `ingested_at`), writing each batch's tables as `<folder>/<batch>.<table>.arrow`,
    and say where they are."""
    registry, aliases, outlets = extraction.load()
    target = pathlib.Path(folder)
    shutil.rmtree(target, ignore_errors=True)  # a task rerun after a lost worker starts afresh
    target.mkdir(parents=True)
    state = FileState(item)
    count = 0
    for count, batch in enumerate(
        iter_batches(
            item,
            state,
            registry=registry,
            aliases=aliases,
            outlets=outlets,
            batch_size=extraction.batch_size,
            ingested_at=ingested_at,
        ),
        start=1,
    ):
        for name, table in _tables(batch).items():
            _write_partition(table, target / f"{count:06d}.{name}{PARTITION_SUFFIX}")
    return Partitions(
        folder,
        count,
        state.read,
        state.quarantined,
        list(state.mappings),
        state.notes,
        state.dates,
        state.outlets,
        state.tallies,
    )


def read_partitions(partitions: Partitions) -> Iterator[TableBatch]:
    """One file's batches back from their partitions, in order; the folder is removed after the
    last batch has been taken (that is, stored)."""
    folder = pathlib.Path(partitions.folder)
    for n in range(1, partitions.batches + 1):
        tables = {name: _read_partition(folder / f"{n:06d}.{name}{PARTITION_SUFFIX}") for name in PARTITION_TABLES}
        yield TableBatch(
            articles=tables["articles"],
            derived={name: tables[name] for name in DERIVED_TABLES},
            quarantine=tables["quarantine"],
        )
    shutil.rmtree(folder, ignore_errors=True)


def run_folder(root: pathlib.Path, store: pathlib.Path) -> pathlib.Path:
    """A new folder under `root` for one ingest run's partitions into `store`, after
    removing what earlier runs into the same store left behind (a run killed before it
    could clean up). Only one ingest writes to a store at a time, and runs into other
    stores may share `root`: their folders are named after their own store."""
    prefix = f"run-{hashlib.sha256(str(store.resolve()).encode()).hexdigest()[:12]}-"
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob(f"{prefix}*"):
        shutil.rmtree(stale, ignore_errors=True)
    return pathlib.Path(tempfile.mkdtemp(prefix=prefix, dir=root))


def partition_folder(run: pathlib.Path, item: InputFile, fingerprint: str) -> str:
    """The folder of one input file's partitions (or one chunk's) in a run's folder."""
    name = f"{item.ref}\0{fingerprint}" + (f"\0{item.chunk.start}" if item.chunk is not None else "")
    return str(run / hashlib.sha256(name.encode()).hexdigest()[:24])


def remove_run_folder(run: pathlib.Path) -> None:
    """Remove what is left of a run's partitions (files not stored after a failure), and
    the root folder when nothing else is in it."""
    shutil.rmtree(run, ignore_errors=True)
    with contextlib.suppress(OSError):
        run.parent.rmdir()


def _tables(batch: TableBatch) -> dict[str, pa.Table]:
    missing = [name for name in DERIVED_TABLES if name not in batch.derived]
    if missing:
        raise ValueError(f"a batch without its derived tables ({', '.join(missing)}) cannot be partitioned")
    return {
        "articles": batch.articles,
        **{name: batch.derived[name] for name in DERIVED_TABLES},
        "quarantine": batch.quarantine,
    }


def _write_partition(table: pa.Table, path: pathlib.Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_partition(path: pathlib.Path) -> pa.Table:
    # The table's buffers keep the mapping alive: removing the file after the batch is stored is safe.
    return pa.ipc.open_file(pa.memory_map(str(path))).read_all()

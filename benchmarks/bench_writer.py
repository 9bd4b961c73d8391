"""The store writer alone: batches extracted once, then read back and written as the ingesting
process does with worker processes (analytics.ingest.handover.read_partitions, then
Store.write_tables per batch and Store.record_file per file), into a new store and into a copy
of a store that already holds articles.

    python -m benchmarks.bench_writer MANIFEST [--into STORE] [--repeats N]

The manifest's files are extracted once into Arrow IPC partitions under benchmarks/work/
(`writer_<name>/`, reused while there); every measured write reads a fresh copy of them. A store
given with --into is copied first (never written in place).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import pathlib
import pickle
import shutil
import sys
import time

from analytics.ingest import handover
from analytics.ingest.extract import Extraction
from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import with_date_order
from analytics.ingest.sources import discover
from analytics.store.store import Store
from benchmarks import scaled

PARTITIONS_FILE = "partitions.pickle"


def extracted(manifest: pathlib.Path, *, work: pathlib.Path = scaled.WORK) -> list[tuple[str, handover.Partitions]]:
    """Each of the manifest's files, as its ref and its Arrow IPC partitions (a folder per file), extracted once."""
    key = hashlib.sha256(str(manifest.resolve()).encode()).hexdigest()[:8]
    folder = work / f"writer_{manifest.parent.name}_{key}"
    done = folder / PARTITIONS_FILE
    if done.exists():
        return pickle.loads(done.read_bytes())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    loaded = load_manifest(manifest)
    extraction = Extraction()
    files: list[tuple[str, handover.Partitions]] = []
    for spec in loaded.sources:
        for item in with_date_order(spec, *discover(spec, loaded.root))[1]:
            target = folder / f"{len(files):05d}"
            files.append((item.ref, handover.extract_to_partitions(item, extraction, str(target))))
    done.write_bytes(pickle.dumps(files))
    return files


def write(files: list[tuple[str, handover.Partitions]], store_path: pathlib.Path, *, scratch: pathlib.Path) -> dict:
    """Read every file's partitions back and write them to the store at `store_path`: wall and CPU
    seconds (every thread of this process: DuckDB's too) of the whole, and wall seconds of write_tables alone."""
    copies = []
    for n, (ref, partitions) in enumerate(files):
        target = scratch / f"{n:05d}"
        shutil.copytree(partitions.folder, target)
        copies.append((ref, dataclasses.replace(partitions, folder=str(target))))
    articles = writing = 0.0
    started, cpu_started = time.perf_counter(), time.process_time()
    with Store.open(store_path) as store:
        run_id = store.start_run("bench_writer")
        with store.bulk_writes():
            for ref, partitions in copies:
                for batch in handover.read_partitions(partitions):
                    articles += batch.articles.num_rows
                    begun = time.perf_counter()
                    store.write_tables(batch, run_id=run_id, file_ref=ref)
                    writing += time.perf_counter() - begun
        store.finish_run(run_id, "completed")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"articles": int(articles), "seconds": seconds, "cpu": cpu, "write_tables s": writing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_writer", description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=pathlib.Path)
    parser.add_argument("--into", type=pathlib.Path, help="a store to copy and write into (default: a new store)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--scratch", type=pathlib.Path, default=pathlib.Path("/tmp/bench_writer"))
    args = parser.parse_args(argv)
    files = extracted(args.manifest)
    for _ in range(args.repeats):
        shutil.rmtree(args.scratch, ignore_errors=True)
        args.scratch.mkdir(parents=True)
        store = args.scratch / "store.duckdb"
        if args.into:
            shutil.copyfile(args.into, store)
        measured = write(files, store, scratch=args.scratch / "parts")
        rate = measured["articles"] / measured["seconds"]
        print(
            f"{measured['articles']:,} articles in {measured['seconds']:.2f} s ({rate:,.0f} articles/s); "
            f"write_tables {measured['write_tables s']:.2f} s "
            f"({measured['articles'] / measured['write_tables s']:,.0f} articles/s); CPU {measured['cpu']:.2f} s "
            f"({measured['cpu'] / measured['articles'] * 1e6:.0f} µs/article)",
            flush=True,
        )
    shutil.rmtree(args.scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

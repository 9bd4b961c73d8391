"""Ingest throughput end to end (read, parse, dates, attribution, tags, store) on a scaled
corpus (benchmarks/scaled.py), with one process and with a pool of workers.

Each measured ingest runs in a fresh Python process (`python -m benchmarks.bench_ingest
run MANIFEST STORE WORKERS`) into a new store, so that its peak memory is its own:
the ingesting process's peak RSS (resource.getrusage RUSAGE_SELF) and the largest worker's
(RUSAGE_CHILDREN, after the pool has ended). The total is bounded by the ingesting
process plus workers x the largest worker.

BENCH_SCALE sets the corpus sizes (default 100,000 records; BENCH_SCALE=100000,1000000 adds 1M).
BENCH_WORKERS lists the worker counts to measure (default "1,2").

The last store ingested at the largest size is kept as `benchmarks/work/store_<records>.duckdb`
(`kept_store`): the report and dashboard benchmarks read it.
"""

from __future__ import annotations

import json
import os
import pathlib
import resource
import shutil
import sys
import time

from analytics.store import search_index
from benchmarks import scaled
from benchmarks.child import measured_in_child

WORKERS_ENV = "BENCH_WORKERS"
DEFAULT_WORKERS = (1, 2)


def worker_counts() -> tuple[int, ...]:
    return tuple(int(w) for w in os.environ.get(WORKERS_ENV, ",".join(map(str, DEFAULT_WORKERS))).split(","))


def run() -> list[dict]:
    counts = worker_counts()
    rows = []
    _seconds.clear()
    scales = scaled.scales_from_env()
    for scale in scales:
        corpus = scaled.build(scale)
        for workers in counts:
            load_before = os.getloadavg()[0]
            last = scale == max(scales) and workers == counts[-1]
            measured = measure(corpus, workers, keep=last)
            _seconds[(corpus.records, workers)] = measured["seconds"]
            rows.append(
                {
                    "records": corpus.records,
                    "input": f"{corpus.files} files, {corpus.bytes / 1e6:,.0f} MB",
                    "workers": workers,
                    "wall s": round(measured["seconds"], 1),
                    "records/s": round(measured["records"] / measured["seconds"]),
                    "articles stored": measured["stored"],
                    "MB/s": round(corpus.bytes / 1e6 / measured["seconds"], 2),
                    "peak RSS ingesting process MB": round(measured["rss_self_mb"]),
                    "peak RSS largest worker MB": round(measured["rss_children_mb"]) if workers > 1 else "-",
                    "peak RSS bound, all processes MB": round(
                        measured["rss_self_mb"] + (workers * measured["rss_children_mb"] if workers > 1 else 0)
                    ),
                    "load avg before / after": f"{load_before:.1f} / {os.getloadavg()[0]:.1f}",
                }
            )
    return rows


_seconds: dict[tuple[int, int], float] = {}  # (records, workers) -> wall seconds of the last run()


def AFTER() -> str:
    """How the cost grows with size (when two sizes were measured), then what bounds throughput."""
    lines = []
    sizes = sorted({records for records, _ in _seconds})
    for small, large in zip(sizes, sizes[1:]):
        for workers in sorted({w for _, w in _seconds}):
            if (small, workers) in _seconds and (large, workers) in _seconds:
                ratio = _seconds[(large, workers)] / _seconds[(small, workers)]
                lines.append(
                    f"- {workers} worker{'s' if workers > 1 else ''}: {large:,} records take {ratio:.1f}x the time of "
                    f"{small:,} ({large / small:.0f}x the records)."
                )
    growth = ["Cost against size:", "", *lines, ""] if lines else []
    return "\n".join(growth + [FINDINGS])


def measure(corpus: scaled.Corpus, workers: int, *, keep: bool = False) -> dict:
    """One ingest of the corpus into a new store, in a child process; `keep` keeps the
    store as the corpus's kept store (see kept_store), else it is deleted."""
    store = corpus.folder.parent / f"bench_{corpus.records}_w{workers}.duckdb"
    _remove(store)
    try:
        measured = measured_in_child("benchmarks.bench_ingest", str(corpus.manifest), str(store), str(workers))
        if keep:
            _keep(store, corpus)
    finally:
        _remove(store)
    return measured


def kept_store(corpus: scaled.Corpus) -> pathlib.Path:
    """The store of the corpus that the last `run()` kept; ingested now (with the most
    workers measured) when there is none, or it was made from another version of the corpus."""
    path = _kept_path(corpus)
    marker = path.with_suffix(".json")
    if not (path.exists() and marker.exists() and json.loads(marker.read_text()) == _marker(corpus)):
        measure(corpus, max(worker_counts()), keep=True)
    return path


def _kept_path(corpus: scaled.Corpus) -> pathlib.Path:
    return corpus.folder.parent / f"store_{corpus.records}.duckdb"


def _marker(corpus: scaled.Corpus) -> dict:
    return {"corpus_version": scaled.VERSION, "records": corpus.records}


def _keep(store: pathlib.Path, corpus: scaled.Corpus) -> None:
    """Move a finished store (and its write-ahead log and search index, if any) to the kept path, with its marker."""
    kept = _kept_path(corpus)
    _remove(kept)
    for source, target in zip(_files(store), _files(kept), strict=True):
        if source.exists():
            source.replace(target)
    kept.with_suffix(".json").write_text(json.dumps(_marker(corpus)))


def _files(store: pathlib.Path) -> tuple[pathlib.Path, ...]:
    """The store, its write-ahead log and its search index folder."""
    return store, store.with_name(store.name + ".wal"), search_index.index_path(store)


def _remove(store: pathlib.Path) -> None:
    for path in _files(store):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _run_one(manifest: pathlib.Path, store_path: pathlib.Path, workers: int) -> dict:
    from analytics.ingest.manifest import load_manifest
    from analytics.ingest.pipeline import ingest
    from analytics.store.store import Store

    started = time.perf_counter()
    with Store.open(store_path) as store:
        result = ingest(load_manifest(manifest), store, workers=workers)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": result.records_read,
        "stored": sum(s.stored for s in result.sources),
        "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


TITLE = "Ingest throughput end to end"
NOTE = (
    "A scaled corpus (benchmarks/scaled.py: AG News, the Indonesian news CSVs, KCNA and Reuters-21578 replicated with "
    "shifted dates and other outlets, as CSV and JSON Lines files of 5,000 records) ingested into a new store: read, "
    "parse, dates, attribution, tags and keywords, store. One fresh process per run; records/s counts every record read "
    "(stored, duplicate or quarantined), MB/s the input files' bytes. Peak RSS from resource.getrusage: the ingesting "
    "process, the largest worker, and their bound for all processes together. The 1-minute load average around each "
    "run shows whether anything else shared the machine. `BENCH_SCALE=100000,1000000 make bench` "
    "adds 1M records."
)
FINDINGS = """Since this profile and the runs above, the detector became 2.2-3.8x faster (within 3x of the
bare scan on every corpus, see the first section) and keyword extraction, event dates and body
cleaning 13-45 % faster, outputs unchanged: about 90 µs less per record, so roughly 360 µs per
record and, on two cores, about 5,500 records/s at best. The 15,000 records/s target stays out of
reach of pure-Python extraction on two cores; getting there needs the work per record cut by
another 2.5x (keywords are now the largest share) or more cores (`--engine dask` on a cluster).

What bounds throughput (py-spy over one process ingesting the 100,000 records):
the extraction stage, pure-Python CPU work that the workers share out, about 450 µs per record on
this mix (the Indonesian bodies cost the most). Two cores therefore give at most about 4,400
records/s; the 15,000 records/s target needs about 130 µs per record, which keyword extraction
alone exceeds.

| stage | share of one process's time |
|---|---|
| keywords (`analytics.enrich.keywords.extract`: tokenising regex, YAKE-style scoring; articles without editor tags) | 35% |
| attribution (`detect`: matcher scan, furniture spans, role rules) | 22% |
| normalisation (field cleaning, ids, hashes) | 7% |
| event dates (`analytics.text.events`) | 7% |
| store writes (the ingesting process alone) | 5% |
| other tags | 4% |
| reading, parsing, field mapping | 4% |
| publication dates | 4% |
| body cleaning, HTML fragments | 4% |
| Arrow tables of each batch | 3% |

The writer (the ingesting process alone, beside the workers on the same two cores) costs more per
batch as the store grows: DuckDB's primary-key index inserts (`articles`, and `tags` with about
five rows per article) and its commits and checkpoints. With DuckDB's defaults it checkpointed
after nearly every batch and its buffer pool kept every block: writing a million articles alone
took 61 s and 3.9 GB. Two settings while ingest writes (`Store.bulk_writes`: checkpoints every
256 MB instead of 16 MB, a 1 GB memory limit) bring that to 35 s and 1.2 GB, which keeps the
cost of 1M near 10x that of 100k and the ingesting process near 1.2 GB.

Fixed on the way (outputs unchanged, checked table by table against the previous version on the
shared corpora): the detector's per-article look-up of the outlet's own agencies is cached per
(outlet, host) (4% of the time); the event-date and related-link patterns check their first
character before trying every branch (scans 2.4x and 2x faster); the matcher's whitespace folding
pattern starts with a whitespace class; keyword extraction counts sentence ends from the counts it
already has."""


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "run":
        print(json.dumps(_run_one(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), int(sys.argv[4]))))
    else:
        for row in run():
            print(row)

"""One big Indonesian CSV (issue 16): BIG_RECORDS records of the Indonesian news stream in a
single file (benchmarks/scaled.build_one_file), ingested end to end with 1 and 2 workers, next
to the naive notebook way over the first NAIVE_RECORDS records of the same file.

Each ingest is the real command (`python -m analytics.cli ingest --workers N`) in a child of
a fresh Python process (`python -m benchmarks.bench_bigfile run MANIFEST STORE WORKERS`), which
reports the command's wall time and, from resource.getrusage(RUSAGE_CHILDREN) once it has ended,
the user+sys CPU seconds of its whole process tree (the workers included) and the peak RSS of
its largest process. CPU/wall near the number of cores says every core was busy.

The naive way (benchmarks/bench_baseline's functions): pandas `read_csv`, one `str.contains`
per alias of our registry, and `dateparser.parse(languages=['id'])` per date.
"""

from __future__ import annotations

import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import time

import duckdb
import pandas as pd

from analytics.enrich.attribution import load_registry
from benchmarks import bench_baseline, scaled
from benchmarks.child import measured_in_child

STREAM = "indonews_new"
BIG_RECORDS = 61_163  # the file of issue 16: the Indonesian news records, replicated
WORKERS = (1, 2)
# The naive way costs about 6 ms of CPU a record here (185 regular expressions over each text): its
# rate is measured over the file's first records, to keep `make bench` within minutes.
NAIVE_RECORDS = 5_000
NAIVE_LANGUAGES = ["id"]
TARGET_SPEEDUP = 20
_summary: dict = {}


def run() -> list[dict]:
    corpus = scaled.build_one_file(STREAM, BIG_RECORDS)
    path = next(corpus.folder.rglob("part-*"))
    naive = measure_naive(path, NAIVE_RECORDS)
    _summary.update(naive=naive)
    rows = [
        {
            "method": f"naive notebook, first {naive['records']:,} records",
            "workers": 1,
            "wall s": round(naive["seconds"], 1),
            "CPU s (user+sys)": round(naive["cpu"], 1),
            "CPU / wall": f"{naive['cpu'] / naive['seconds']:.2f}",
            "articles/s": round(naive["records"] / naive["seconds"]),
            "speed-up over naive": "1",
            "articles stored": "-",
            "peak RSS MB": round(naive["rss_mb"]),
            "load avg before / after": naive["load"],
        }
    ]
    naive_rate = naive["records"] / naive["seconds"]
    for workers in WORKERS:
        load_before = os.getloadavg()[0]
        measured = measure(corpus, workers)
        rate = corpus.records / measured["seconds"]
        rows.append(
            {
                "method": f"media-analytics ingest, {corpus.records:,} records",
                "workers": workers,
                "wall s": round(measured["seconds"], 1),
                "CPU s (user+sys)": round(measured["cpu"], 1),
                "CPU / wall": f"{measured['cpu'] / measured['seconds']:.2f}",
                "articles/s": round(rate),
                "speed-up over naive": f"{rate / naive_rate:.1f}x",
                "articles stored": measured["stored"],
                "peak RSS MB": round(measured["rss_mb"]),
                "load avg before / after": f"{load_before:.1f} / {os.getloadavg()[0]:.1f}",
            }
        )
    return rows


def measure(corpus: scaled.Corpus, workers: int) -> dict:
    """One ingest of the corpus into a new store by the CLI, measured from a fresh process."""
    store = corpus.folder.parent / f"bigfile_w{workers}.duckdb"
    _remove(store)
    try:
        return measured_in_child("benchmarks.bench_bigfile", str(corpus.manifest), str(store), str(workers))
    finally:
        _remove(store)


def _run_one(manifest: pathlib.Path, store: pathlib.Path, workers: int) -> dict:
    """The ingest command as a child of this process: its wall time, and the CPU time and peak
    RSS of its process tree (this process has no other children)."""
    command = [sys.executable, "-m", "analytics.cli", "ingest", "--manifest", str(manifest), "--store", str(store)]
    started = time.perf_counter()
    subprocess.run([*command, "--workers", str(workers)], check=True, stdout=subprocess.DEVNULL, cwd=scaled.REPO)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with duckdb.connect(str(store), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM articles").fetchone()
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # Linux: KiB
        "stored": stored[0] if stored else 0,
    }


def measure_naive(path: pathlib.Path, records: int) -> dict:
    """The naive notebook over the first `records` rows of the file, in this process."""
    load_before = os.getloadavg()[0]
    patterns = bench_baseline.alias_patterns(load_registry())
    title, body, date = bench_baseline.COLUMNS[STREAM]
    started, cpu_started = time.perf_counter(), time.process_time()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, nrows=records)
    agencies = bench_baseline.naive_agencies(frame[title] + "\n" + frame[body], patterns)
    dates = frame[date].map(lambda value: bench_baseline.naive_date(value, languages=NAIVE_LANGUAGES))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "records": len(frame),
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "patterns": len(patterns),
        "agencies": len({agency for agency, _, _ in patterns}),
        "naming": int(agencies.any(axis=1).sum()),
        "dated": int(dates.notna().sum()),
        "load": f"{load_before:.1f} / {os.getloadavg()[0]:.1f}",
    }


def AFTER() -> str:
    naive = _summary.get("naive")
    lines = []
    if naive:
        lines.append(
            f"The naive way ran {naive['patterns']} patterns (every alias of our registry's {naive['agencies']} "
            "agencies, bench_baseline.alias_patterns; the issue's notebook had 13 agencies and 19 patterns) and "
            f"found {naive['naming']:,} of its {naive['records']:,} records naming an agency and "
            f"{naive['dated']:,} dates. Target: ours at least {TARGET_SPEEDUP}x faster end to end."
        )
    return "\n".join(lines)


def _remove(store: pathlib.Path) -> None:
    for path in (store, store.with_name(store.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(store.with_name(store.name + ".parts"), ignore_errors=True)


TITLE = "One big Indonesian CSV (issue 16)"
NOTE = (
    f"{BIG_RECORDS:,} records of the Indonesian news CSVs (indonews_rss_2025/dataset_new) in one CSV file of about "
    "123 MB (benchmarks/scaled.build_one_file: each round of the records with shifted dates and another outlet), "
    "ingested end to end into a new store by `media-analytics ingest --workers N` in a child process: wall time, "
    "the user+sys CPU seconds of its process tree (workers included), CPU/wall (2 means both cores busy), "
    "articles/s over every record read, peak RSS of its largest process. The naive notebook (pandas `read_csv`, "
    "one `str.contains` per alias of our registry, `dateparser.parse(languages=['id'])` per date) runs over the "
    f"file's first {NAIVE_RECORDS:,} records in the benchmark's own process; the speed-up compares articles/s."
)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "run":
        print(json.dumps(_run_one(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), int(sys.argv[4]))))
    else:
        for row in run():
            print(row)
        print(AFTER())

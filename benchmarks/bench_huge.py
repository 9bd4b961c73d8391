"""Huge single files stream: a 2 GB JSON Lines file and a 500 MB CSV file, each ingested
alone (one file is one unit of work: the ingesting process reads it, batch by batch)
into a new store, with the ingesting process's peak RSS (target: under 1 GB).

The files are the scaled 1M corpus's KCNA JSON Lines parts and Indonesian CSV parts
(benchmarks/scaled.py) written one after another into one file, as many times as it
takes to reach the size; repeated passes are duplicates, which ingest still reads,
parses and extracts before the store drops them.
"""

from __future__ import annotations

import json
import pathlib

from benchmarks import scaled
from benchmarks.child import measured_in_child

TARGET_RSS_MB = 1024
# name -> (source folder in the scaled corpus, file pattern, size in bytes, manifest lines)
FILES = {
    "kcna.jsonl": ("kcna", "*.jsonl", 2 * 10**9, 'format = "jsonl"\nlanguage = "en"\ntimezone = "Asia/Pyongyang"'),
    "indonews.csv": (
        "indonews_new",
        "*.csv",
        500 * 10**6,
        'format = "csv"\nlanguage = "id"\ntimezone = "Asia/Jakarta"\nheader = true',
    ),
}
SOURCE_SCALE = 1_000_000
TITLE = "Huge single files"
NOTE = (
    "One 2 GB JSON Lines file and one 500 MB CSV file (scaled-corpus parts concatenated), each ingested alone into a "
    "new store by `ingest` with the default engine, in a fresh process. A file is one unit of work, so the ingesting "
    f"process reads it alone, one batch at a time. Target: peak RSS under {TARGET_RSS_MB:,} MB."
)


def build(name: str) -> pathlib.Path:
    """The huge file's folder (with its manifest.toml), written unless already complete."""
    folder_name, pattern, size, manifest_lines = FILES[name]
    folder = scaled.WORK / f"huge_{name.replace('.', '_')}"
    target = folder / name
    done = folder / "complete.json"
    if done.exists() and json.loads(done.read_text()) == {"size": size, "corpus_version": scaled.VERSION}:
        return folder
    parts = sorted((scaled.build(SOURCE_SCALE).folder / folder_name).glob(pattern))
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with target.open("wb") as out:
        while written < size:
            for n, part in enumerate(parts):
                data = part.read_bytes()
                if name.endswith(".csv") and (written or n):
                    data = data.split(b"\n", 1)[1]  # one header line
                out.write(data)
                written += len(data)
                if written >= size:
                    break
    (folder / "manifest.toml").write_text(
        f'root = "."\n\n[[source]]\nname = "{name}"\npaths = ["{name}"]\n{manifest_lines}\n', encoding="utf-8"
    )
    done.write_text(json.dumps({"size": size, "corpus_version": scaled.VERSION}))
    return folder


def run() -> list[dict]:
    rows = []
    for name in FILES:
        folder = build(name)
        store = folder / "bench.duckdb"
        store.unlink(missing_ok=True)
        try:
            measured = measured_in_child("benchmarks.bench_ingest", str(folder / "manifest.toml"), str(store), "0")
        finally:
            store.unlink(missing_ok=True)
        rss = measured["rss_self_mb"]
        rows.append(
            {
                "file": name,
                "MB": round((folder / name).stat().st_size / 1e6),
                "records": measured["records"],
                "articles stored": measured["stored"],
                "wall s": round(measured["seconds"], 1),
                "records/s": round(measured["records"] / measured["seconds"]),
                "peak RSS MB": round(rss),
                "under target": "yes" if rss < TARGET_RSS_MB else "NO",
            }
        )
    return rows

"""Same product? Ingest the shared corpora and write reports with two checkouts, then compare
every store table and every report file.

    git worktree add /tmp/before <commit>
    .venv/bin/python -m benchmarks.same_output /tmp/before . --out /tmp/same_output

Each checkout runs with this environment's packages and its own code (PYTHONPATH). Columns
that differ between any two runs are left out: `ingested_at`, run ids and times, the command
line, and the absolute paths of the shipped agency and outlet registries (they name where the checkout lives).
`manifest.json` is compared without its time, store path and store version (a file time).
Exit status 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys

import duckdb

REPO = pathlib.Path(__file__).resolve().parent.parent
MANIFEST = REPO / "data/manifests/shared_corpora.toml"
# meta keys whose values are the paths of the shipped registries (the agencies', the outlets'): they name the checkout
REGISTRY_PATH_KEYS = ("registry_files", "outlet_files")
REPORTS = {  # report folder -> filters and options
    "report_all": [],
    "report_agencies_weekly": [
        "--agency",
        "xinhua",
        "--agency",
        "kcna",
        "--freq",
        "week",
        "--start",
        "1987-01-01",
        "--end",
        "2025-12-31",
    ],
    "report_id_cited_daily": ["--language", "id", "--role", "cited", "--wire-copy-only", "--freq", "day"],
}
VARYING = {
    "articles": ["ingested_at"],
    "duplicates": ["run_id"],
    "quarantine": ["run_id"],
    "ingest_files": ["run_id", "completed_at"],
    "ingest_runs": ["run_id", "started_at", "finished_at", "command"],
}
VARYING_MANIFEST_KEYS = ("created_at", "store", "store_version")


def produce(checkout: pathlib.Path, out: pathlib.Path) -> None:
    """Ingest the shared corpora into out/store.duckdb with `checkout`'s code and write the reports."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    cli = [sys.executable, "-m", "analytics.cli"]
    store = str(out / "store.duckdb")
    commands = [["ingest", "--manifest", str(MANIFEST), "--store", store, "--workers", "2"]]
    commands += [["report", "--store", store, "--out", str(out / name), *options] for name, options in REPORTS.items()]
    for command in commands:
        subprocess.run([*cli, *command], env=env, cwd=checkout, check=True, capture_output=True)


def differences(before: pathlib.Path, after: pathlib.Path) -> list[str]:
    """What differs between two produced folders, one line per table or file."""
    found = []
    with (
        duckdb.connect(str(before / "store.duckdb"), read_only=True) as a,
        duckdb.connect(str(after / "store.duckdb"), read_only=True) as b,
    ):
        tables = [r[0] for r in a.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        if tables != [
            r[0] for r in b.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()
        ]:
            found.append("the stores have different tables")
        for table in tables:
            columns = "*" + (f" EXCLUDE ({', '.join(VARYING[table])})" if table in VARYING else "")
            query = f"SELECT {columns} FROM {table} ORDER BY ALL"
            if _without_registry_path(a.execute(query).fetchall()) != _without_registry_path(
                b.execute(query).fetchall()
            ):
                found.append(f"table {table}")
    for name in REPORTS:
        names = sorted(p.name for p in (before / name).iterdir())
        if names != sorted(p.name for p in (after / name).iterdir()):
            found.append(f"{name}: different files")
        for file in names:
            if _report_file(before / name / file) != _report_file(after / name / file):
                found.append(f"{name}/{file}")
    return found


def _without_registry_path(rows: list[tuple]) -> list[tuple]:
    return [(key, "registry path") if key in REGISTRY_PATH_KEYS else (key, *rest) for key, *rest in rows]


def _report_file(path: pathlib.Path) -> object:
    if path.name == "manifest.json":
        manifest = json.loads(path.read_text(encoding="utf-8"))
        return {k: v for k, v in manifest.items() if k not in VARYING_MANIFEST_KEYS}
    if path.name == "articles.csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        skip = rows[0].index("ingested_at")
        return [row[:skip] + row[skip + 1 :] for row in rows]
    return path.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.same_output", description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=pathlib.Path, help="checkout of the code before the change")
    parser.add_argument("after", type=pathlib.Path, help="checkout of the code after the change")
    parser.add_argument("--out", type=pathlib.Path, default=REPO / "benchmarks/work/same_output")
    args = parser.parse_args()
    for side, checkout in (("before", args.before), ("after", args.after)):
        produce(checkout, args.out / side)
    found = differences(args.out / "before", args.out / "after")
    for line in found:
        print(f"different: {line}")
    print("identical" if not found else f"{len(found)} differences")
    return 0 if not found else 1


if __name__ == "__main__":
    sys.exit(main())

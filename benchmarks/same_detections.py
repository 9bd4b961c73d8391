"""Same detections? Run the attribution detector of two checkouts over every article of the
shared corpora (and of the unseen sets where their files are), and compare every detection.

    git archive <commit> | tar -x -C /tmp/before
    .venv/bin/python -m benchmarks.same_detections /tmp/before . --out /tmp/same_detections

A lighter check than `same_output` for a change inside the detector (a speed-up): no store,
no reports, every field of every detection (agency, role, section, offsets, evidence,
confidence, mentions). Each checkout runs in its own process, with this environment's
packages and its own code (PYTHONPATH), and writes one JSON line per article.
Exit status 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
MANIFESTS = (
    REPO / "data/manifests/shared_corpora.toml",
    *sorted(REPO.glob("tests/fixtures/unseen*/manifest.toml")),  # (their files live outside the repository)
)


def dump(out: pathlib.Path) -> None:
    """Write the detections of every article of MANIFESTS, one JSON line per article, with the code
    on the import path (run in a checkout's process: see `produce`)."""
    from analytics.enrich.attribution import detect, load_registry
    from analytics.ingest.manifest import load_manifest
    from analytics.ingest.pipeline import FileState, articles_of
    from analytics.ingest.sources import discover
    from analytics.schema import Article

    registry = load_registry()
    now = dt.datetime.now(dt.UTC)
    with out.open("w", encoding="utf-8") as lines:
        for path in MANIFESTS:
            manifest = load_manifest(path)
            for spec in manifest.sources:
                for item in discover(spec, manifest.root)[0]:
                    for article in articles_of(item, now, FileState(item)):
                        if isinstance(article, Article):
                            rows = [dataclasses.astuple(row) for row in detect(article, registry)]
                            record = {"source": spec.name, "article": article.article_id, "detections": rows}
                            lines.write(json.dumps(record, ensure_ascii=False) + "\n")


def produce(checkout: pathlib.Path, out: pathlib.Path) -> None:
    """The detections of `checkout`'s code, written to `out`."""
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    subprocess.run([sys.executable, __file__, "--dump", str(out)], env=env, cwd=checkout, check=True)


def compare(before: pathlib.Path, after: pathlib.Path) -> int:
    """Print the articles whose detections differ and a count per source; the number that differ."""
    articles: collections.Counter[str] = collections.Counter()
    detections: collections.Counter[str] = collections.Counter()
    different = 0
    with before.open(encoding="utf-8") as a, after.open(encoding="utf-8") as b:
        for line_a, line_b in zip(a, b, strict=True):
            record = json.loads(line_a)
            articles[record["source"]] += 1
            detections[record["source"]] += len(record["detections"])
            if line_a != line_b:
                different += 1
                print(f"different: {record['source']} {record['article']}\n  before {line_a}  after  {line_b}")
    for source in articles:
        print(f"{source}: {articles[source]} articles, {detections[source]} detections")
    return different


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.same_detections", description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=pathlib.Path, nargs="?", help="checkout of the code before the change")
    parser.add_argument("after", type=pathlib.Path, nargs="?", help="checkout of the code after the change")
    parser.add_argument("--out", type=pathlib.Path, default=REPO / "benchmarks/work/same_detections")
    parser.add_argument("--dump", type=pathlib.Path, help=argparse.SUPPRESS)  # (one checkout's process)
    args = parser.parse_args()
    if args.dump:
        dump(args.dump)
        return 0
    if args.before is None or args.after is None:
        parser.error("give the two checkouts")
    args.out.mkdir(parents=True, exist_ok=True)
    for side, checkout in (("before", args.before), ("after", args.after)):
        produce(checkout, args.out / f"{side}.jsonl")
    different = compare(args.out / "before.jsonl", args.out / "after.jsonl")
    print("identical" if not different else f"{different} articles differ")
    return 0 if not different else 1


if __name__ == "__main__":
    sys.exit(main())

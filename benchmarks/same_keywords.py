"""Same keywords? Run the keyword extractor of two checkouts over every article of the shared
corpora (and of the unseen sets where their files are), compare every keyword list, and time it.

    git archive <commit> | tar -x -C /tmp/before
    .venv/bin/python -m benchmarks.same_keywords /tmp/before . --out /tmp/same_keywords

A lighter check than `same_output` for a change inside `analytics.enrich.keywords` (a speed-up):
no store, every article's keywords (not only those of articles without editor tags), in order.
This checkout reads the articles once (title, body and language as ingest gives them); then each
checkout runs in its own process, with this environment's packages and its own code (PYTHONPATH),
extracts the keywords of every article REPEATS times, writes one JSON line per article and prints
its best CPU time per article (the process's own, so that other load on the machine counts
less), over the Indonesian RSS articles and over all of them, with the build of the extractor
that ran (pure Python or compiled).
Exit status 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
MANIFESTS = (
    REPO / "data/manifests/shared_corpora.toml",
    *sorted(REPO.glob("tests/fixtures/unseen*/manifest.toml")),  # (their files live outside the repository)
)
# The Indonesian articles without editor tags, where keywords cost the most of ingest.
INDONESIAN_SOURCE = "indonews_rss_2025"
REPEATS = 3


def read_articles(out: pathlib.Path) -> None:
    """Write the source, id, title, body and language of every article of MANIFESTS, one JSON line each."""
    from analytics.ingest.manifest import load_manifest
    from analytics.ingest.pipeline import FileState, articles_of
    from analytics.ingest.sources import discover
    from analytics.schema import Article

    now = dt.datetime.now(dt.UTC)
    with out.open("w", encoding="utf-8") as lines:
        for path in MANIFESTS:
            manifest = load_manifest(path)
            for spec in manifest.sources:
                for item in discover(spec, manifest.root)[0]:
                    for article in articles_of(item, now, FileState(item)):
                        if isinstance(article, Article):
                            record = [spec.name, article.article_id, article.title, article.body, article.language]
                            lines.write(json.dumps(record, ensure_ascii=False) + "\n")


def dump(articles: pathlib.Path, out: pathlib.Path) -> None:
    """Write the keywords of every article of `articles` to `out`, one JSON line each, and print the
    best time per article, with the code on the import path (run in a checkout's process: see `produce`)."""
    from analytics.enrich import keywords

    records = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()]
    top = keywords.KEYWORD_COUNT
    build = getattr(keywords, "BUILD", "pure Python")  # (the code before the compiled build had no BUILD)
    found: list[list[str]] = []
    for name, subset in (("all", records), (INDONESIAN_SOURCE, [r for r in records if r[0] == INDONESIAN_SOURCE])):
        best = float("inf")
        for _ in range(REPEATS):
            start = time.process_time()
            results = [keywords.extract(title, body, language, top=top) for _, _, title, body, language in subset]
            best = min(best, time.process_time() - start)
            if name == "all":
                found = results
        print(f"  {name}: {len(subset)} articles, {best / max(len(subset), 1) * 1e6:.1f} µs per article ({build})")
    with out.open("w", encoding="utf-8") as lines:
        for (source, article_id, *_), words in zip(records, found, strict=True):
            lines.write(json.dumps({"source": source, "article": article_id, "keywords": words}, ensure_ascii=False))
            lines.write("\n")


def produce(checkout: pathlib.Path, articles: pathlib.Path, out: pathlib.Path) -> None:
    """The keywords of `checkout`'s code, written to `out`."""
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    print(f"{checkout}:", flush=True)
    subprocess.run([sys.executable, __file__, "--dump", str(articles), str(out)], env=env, cwd=checkout, check=True)


def compare(before: pathlib.Path, after: pathlib.Path) -> int:
    """Print the articles whose keywords differ; the number that differ."""
    different = 0
    with before.open(encoding="utf-8") as a, after.open(encoding="utf-8") as b:
        for line_a, line_b in zip(a, b, strict=True):
            if line_a != line_b:
                different += 1
                print(f"different:\n  before {line_a}  after  {line_b}")
    return different


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.same_keywords", description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=pathlib.Path, nargs="?", help="checkout of the code before the change")
    parser.add_argument("after", type=pathlib.Path, nargs="?", help="checkout of the code after the change")
    parser.add_argument("--out", type=pathlib.Path, default=REPO / "benchmarks/work/same_keywords")
    parser.add_argument("--dump", type=pathlib.Path, nargs=2, help=argparse.SUPPRESS)  # (one checkout's process)
    args = parser.parse_args()
    if args.dump:
        dump(*args.dump)
        return 0
    if args.before is None or args.after is None:
        parser.error("give the two checkouts")
    args.out.mkdir(parents=True, exist_ok=True)
    articles = args.out / "articles.jsonl"
    read_articles(articles)
    for side, checkout in (("before", args.before), ("after", args.after)):
        produce(checkout, articles, args.out / f"{side}.jsonl")
    different = compare(args.out / "before.jsonl", args.out / "after.jsonl")
    print("identical" if not different else f"{different} articles differ")
    return 0 if not different else 1


if __name__ == "__main__":
    sys.exit(main())

"""Search (issue 17): the full-text index over the store the ingest benchmark kept for the largest
scaled corpus (benchmarks/bench_ingest.kept_store: 1M records with BENCH_SCALE=1000000).

Everything runs on a copy of that store (`benchmarks/work/search_<records>.duckdb`), the kept
store is only read. Each part runs in a fresh Python process (benchmarks/child.py):

- Build: `analytics.store.search_index.rebuild` (what `media-analytics reindex` runs) over the
  copy: wall and CPU seconds (every thread of the process), peak RSS; against ingest's time.
- Size: the index folder's bytes against the text it indexes (the UTF-8 bytes of every stored
  title, body and caption).
- Queries: QUERIES single words and QUERIES two- and three-word phrases picked from the corpus
  (`pick_queries`: a fixed sample of articles; words at ranks spread evenly over the log of
  their frequency, phrases from random places in the sampled texts), each as
  `filters_from(q=...)` through the analyses of the dashboard's Overview page (`overview_page`),
  on the store opened read-only and on its compact copy (analytics.queries.compact, as the
  dashboard reads it). Cold: the first time the process sees the query (the index searched, the
  match table made, then the analyses); warm: the same query again (the match table kept).
  `analytics.queries.search.matching_ids` alone (open the index, search, the ids) separates
  the index's part from DuckDB's.
- Ingest: the smallest BENCH_SCALE corpus (at most the default 100,000 records) ingested with
  the most workers BENCH_WORKERS names, the time the ingesting process spends keeping the index
  current (reading the batch's texts back, indexing them, committing) counted apart.
"""

from __future__ import annotations

import collections
import functools
import json
import math
import os
import pathlib
import random
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks import bench_ingest, scaled
from benchmarks import run as runner
from benchmarks.child import Stopwatch, measured_in_child

QUERIES = 30  # words, and as many phrases
SEED = 20261206
SAMPLE_ARTICLES = 2_000  # the articles the queries are picked from
MIN_WORD_CHARS = 3
PHRASE_WORDS = (2, 3)
BASELINE_RUNS = 3  # the page without a query, for comparison: median of these
BUILD_TARGET = 0.25  # the index build adds at most this share to ingest's time
SIZE_TARGET = 0.60  # the index at most this share of the text's bytes
P95_TARGET_MS = 300.0
# Issue 16's ingest of the 1M-record corpus (benchmarks/issue16.md: 905,323 articles stored, 2 workers)
INGEST_1M = {"records": 1_000_000, "wall s": 320.0, "cpu s": 595.0}
READS = ("store", "compact")  # the store opened read-only, its compact copy
OVERVIEW = "/"  # the Overview page's path (dashboard.logic.charts.PAGE_CHARTS)


def run() -> list[dict]:
    corpus = scaled.build(max(scaled.scales_from_env()))
    store = _copy(bench_ingest.kept_store(corpus))
    try:
        build = measured_in_child("benchmarks.bench_search", "build", str(store))
        queries = measured_in_child("benchmarks.bench_search", "query", str(store))
    finally:
        _remove(store)
    small = scaled.build(min(*scaled.scales_from_env(), scaled.DEFAULT_SCALE))
    ingest = measured_in_child("benchmarks.bench_search", "ingest", str(small.manifest), str(small.folder.parent))
    _after.clear()
    _after.update(build=build, records=corpus.records, queries=queries, ingest=ingest, ingest_records=small.records)
    return latency_rows(queries)


def latency_rows(measured: dict) -> list[dict]:
    """One row per kind of query and store read: the page's cold and warm milliseconds, and the index's alone."""
    rows = []
    for kind in ("word", "phrase"):
        samples = [s for s in measured["samples"] if s["kind"] == kind]
        matches = sorted(s["matches"] for s in samples)
        for read in READS:
            cold, warm = [s[f"{read} cold"] for s in samples], [s[f"{read} warm"] for s in samples]
            worst = max(percentile(cold, 95), percentile(warm, 95))
            rows.append(
                {
                    "queries": f"{len(samples)} {kind}s ({matches[0]:,} to {matches[-1]:,} matches, "
                    f"median {statistics.median(matches):,.0f})",
                    "read from": "store, read-only" if read == "store" else "compact copy",
                    "page without a query ms": round(
                        statistics.median(sum(run.values()) for run in measured["baseline"][read]) * 1000
                    ),
                    "cold p50 / p95 / max ms": spread(cold),
                    "cold: match table p50 / p95 / max ms": spread([s[f"{read} match table"] for s in samples]),
                    "warm p50 / p95 / max ms": spread(warm),
                    "matching_ids alone p50 / p95 / max ms": spread([s["matching_ids"] for s in samples]),
                    f"target p95 <= {P95_TARGET_MS:g} ms": "met" if worst * 1000 <= P95_TARGET_MS else "missed",
                }
            )
    return rows


def analysis_rows(measured: dict) -> list[dict]:
    """Where a warm page's time goes: per analysis, median milliseconds without a query and with the
    queries of each kind, and with the query of most matches, on the store / its compact copy."""
    samples = measured["samples"]
    most = max(samples, key=lambda s: s["matches"])

    def both(runs: dict[str, list[dict]], name: str) -> str:
        return " / ".join(f"{statistics.median(run[name] for run in runs[read]) * 1000:,.0f}" for read in READS)

    rows = []
    for name in measured["baseline"]["store"][0]:
        row = {"analysis": name, "without a query ms": both(measured["baseline"], name)}
        for kind in ("word", "phrase"):
            of_kind = {read: [s[f"{read} warm parts"] for s in samples if s["kind"] == kind] for read in READS}
            row[f"{kind}s, median ms"] = both(of_kind, name)
        row[f"{most['q']} ({most['matches']:,} matches) ms"] = both(
            {read: [most[f"{read} warm parts"]] for read in READS}, name
        )
        rows.append(row)
    return rows


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile, linear between the closest ranks."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * q / 100
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def spread(seconds: list[float]) -> str:
    return " / ".join(f"{percentile(seconds, q) * 1000:,.0f}" for q in (50, 95, 100))


_after: dict[str, Any] = {}  # what the last run() measured besides the latency rows


def AFTER() -> str:
    """The build, size and ingest figures of the last run, then the findings."""
    build, records = _after["build"], _after["records"]
    rows = [
        {
            "measure": f"index build (`rebuild`, {build['documents']:,} articles)",
            "result": f"{build['wall_s']:.0f} s wall, {build['cpu_s']:.0f} s CPU, peak RSS "
            f"{build['rss_mb']:,.0f} MB (load {build['load_before']:.1f} / {build['load_after']:.1f})",
            "target": f"<= {BUILD_TARGET:.0%} of ingest",
            "verdict": _build_verdict(build, records),
        },
        {
            "measure": "index size on disk against the text",
            "result": f"{build['index_bytes'] / 1e6:,.0f} MB for {build['text_bytes'] / 1e6:,.0f} MB of text "
            f"({build['index_bytes'] / build['text_bytes']:.0%}; the store {build['store_bytes'] / 1e6:,.0f} MB)",
            "target": f"<= {SIZE_TARGET:.0%}",
            "verdict": "met" if build["index_bytes"] <= SIZE_TARGET * build["text_bytes"] else "missed",
        },
        _ingest_row(_after["ingest"], _after["ingest_records"]),
    ]
    breakdown = analysis_rows(_after["queries"])
    return "\n".join(
        [
            runner.table(rows),
            "",
            "Where a warm page's time goes (median milliseconds of each analysis; store read-only / compact copy):",
            "",
            runner.table(breakdown),
            "",
            FINDINGS,
        ]
    )


def _build_verdict(build: dict, records: int) -> str:
    if records != INGEST_1M["records"]:
        return f"- (issue 16's ingest time is of {INGEST_1M['records']:,} records)"
    wall, cpu = build["wall_s"] / INGEST_1M["wall s"], build["cpu_s"] / INGEST_1M["cpu s"]
    verdict = "met" if wall <= BUILD_TARGET else "missed"
    return (
        f"{verdict}: {wall:.0%} of issue 16's 1M ingest wall ({INGEST_1M['wall s']:g} s), "
        f"{cpu:.0%} of its CPU ({INGEST_1M['cpu s']:g} s)"
    )


def _ingest_row(ingest: dict, records: int) -> dict:
    share = ingest["index_s"] / ingest["wall_s"]
    return {
        "measure": f"ingest of {records:,} records ({ingest['stored']:,} stored, {ingest['workers']} workers) "
        "keeping the index current",
        "result": f"{ingest['wall_s']:.0f} s wall, of which the ingesting process spent {ingest['index_s']:.1f} s "
        f"on the index ({share:.0%}: texts read back {ingest['texts_s']:.1f} s, indexed {ingest['replace_s']:.1f} s, "
        f"commits {ingest['commit_s']:.1f} s; load {ingest['load_before']:.1f} / {ingest['load_after']:.1f})",
        "target": f"<= {BUILD_TARGET:.0%} of ingest",
        "verdict": "met" if share <= BUILD_TARGET else "missed",
    }


def _copy(kept: pathlib.Path) -> pathlib.Path:
    """A copy of the kept store, without an index, for this benchmark alone."""
    store = kept.with_name(f"search_{kept.name.removeprefix('store_')}")
    _remove(store)
    shutil.copyfile(kept, store)
    return store


def _remove(store: pathlib.Path) -> None:
    from analytics.store.search_index import index_path

    store.unlink(missing_ok=True)
    store.with_name(store.name + ".wal").unlink(missing_ok=True)
    shutil.rmtree(index_path(store), ignore_errors=True)


# --- the child processes --------------------------------------------------------------------


def _build(store_path: pathlib.Path) -> dict:
    """Rebuild the store's index: seconds, CPU seconds, peak RSS, documents, bytes."""
    from analytics.store import search_index
    from analytics.store.store import Store

    load_before = os.getloadavg()[0]
    with Store.open(store_path) as store:
        started, cpu = time.perf_counter(), time.process_time()
        documents = search_index.rebuild(store)
        wall_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        load_after = os.getloadavg()[0]
        text_bytes = store.one(
            "SELECT sum(strlen(coalesce(title, '')) + strlen(coalesce(body, '')) "
            "+ coalesce(list_sum(list_transform(captions, lambda c: strlen(coalesce(c, '')))), 0)) FROM articles"
        )[0]
    index = search_index.index_path(store_path)
    return {
        "documents": documents,
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "load_before": load_before,
        "load_after": load_after,
        "index_bytes": sum(f.stat().st_size for f in index.rglob("*") if f.is_file()),
        "text_bytes": int(text_bytes),
        "store_bytes": store_path.stat().st_size,
    }


def pick_queries(store: Any) -> list[tuple[str, str]]:
    """(kind, query) of QUERIES words and QUERIES phrases, the same for the same store: from
    SAMPLE_ARTICLES articles picked by a hash of their id and SEED, words of at least
    MIN_WORD_CHARS letters at ranks of frequency spread evenly over its log (the commonest to
    the rarest in the sample), phrases of 2 and 3 words from random places in random articles."""
    from analytics.store.search_index import analyzer

    words_of = analyzer().analyze
    texts = [
        " ".join(filter(None, row))
        for row in store.cursor()
        .execute(
            "SELECT title, body FROM articles ORDER BY md5(article_id || ?), article_id LIMIT ?",
            [str(SEED), SAMPLE_ARTICLES],
        )
        .fetchall()
    ]
    documents: collections.Counter[str] = collections.Counter()
    tokens = []
    for text in texts:
        words = words_of(text)
        tokens.append(words)
        documents.update({w for w in words if len(w) >= MIN_WORD_CHARS and w.isalpha()})
    ranked = [word for word, _ in sorted(documents.items(), key=lambda item: (-item[1], item[0]))]
    ranks: list[int] = []
    for i in range(QUERIES):
        rank = round(len(ranked) ** (i / (QUERIES - 1))) - 1
        ranks.append(min(max(rank, ranks[-1] + 1 if ranks else 0), len(ranked) - 1))
    picked = [("word", ranked[rank]) for rank in ranks]
    rng = random.Random(SEED)
    long_enough = [words for words in tokens if len(words) >= max(PHRASE_WORDS)]
    for i in range(QUERIES):
        words, length = rng.choice(long_enough), PHRASE_WORDS[i % len(PHRASE_WORDS)]
        start = rng.randrange(len(words) - length + 1)
        picked.append(("phrase", '"' + " ".join(words[start : start + length]) + '"'))
    return picked


def overview_page(store: Any, filters: Any) -> dict[str, float]:
    """The analyses the dashboard's Overview page runs for the filters (dashboard.logic.overview.facts_of
    and the queries of the page's charts that have one, with their default options), one after the other:
    the seconds of each."""
    from analytics import queries as q
    from analytics.queries.engine import NO_LIMIT
    from dashboard.logic import charts

    def date_quality() -> None:  # dashboard.logic.overview.quality_by_outlet and what facts_of makes of it
        by_outlet = q.date_quality(store, filters, by="outlet", time_limit=NO_LIMIT)
        q.pooled_date_quality(by_outlet)
        q.worst_dated(by_outlet)

    analyses: dict[str, Callable[[], Any]] = {
        "headline (cards, overview_metrics)": functools.partial(q.headline, store, filters, time_limit=NO_LIMIT),
        "date quality by outlet (chart date_quality, pooled, worst outlets)": date_quality,
    }
    for name in charts.PAGE_CHARTS[OVERVIEW]:
        chart = charts.CHARTS[name]
        if chart.query is None:  # its frame is another analysis's (overview_metrics: the headline's)
            continue
        analyses[f"chart {name}"] = functools.partial(
            chart.query, store, filters, charts.options_of(chart, None), NO_LIMIT
        )
        if chart.analysis and chart.analysis.leaves_out_own_feeds and filters.leaves_out_own_feeds:
            analyses["own feeds left out (chart note)"] = functools.partial(
                q.own_feeds_left_out, store, filters, time_limit=NO_LIMIT
            )
    seconds = {}
    for name, analysis in analyses.items():
        started = time.perf_counter()
        analysis()
        seconds[name] = time.perf_counter() - started
    return seconds


def _queries(store_path: pathlib.Path) -> dict:
    """Every picked query through the Overview's analyses, cold then warm, on the store and its
    compact copy, and matching_ids alone: seconds of each."""
    from analytics.queries import search
    from analytics.queries.compact import compact_copy
    from analytics.queries.filters import Filters, filters_from
    from analytics.store.store import Store

    watch = Stopwatch()
    search._make = watch.wrap("match table", search._make)  # what a cold page spends making the match table
    with Store.open(store_path, read_only=True) as store:
        picked = pick_queries(store)
        compact = compact_copy(store)
        baseline = {
            read: [overview_page(s, Filters()) for _ in range(BASELINE_RUNS)]
            for read, s in zip(READS, (store, compact))
        }
        samples = []
        for kind, text in picked:
            filters = filters_from(q=text)
            sample: dict[str, Any] = {"kind": kind, "q": text}
            for read, s in zip(READS, (store, compact)):
                made = watch.seconds["match table"]
                sample[f"{read} cold"] = sum(overview_page(s, filters).values())
                sample[f"{read} match table"] = watch.seconds["match table"] - made
                sample[f"{read} warm parts"] = overview_page(s, filters)
                sample[f"{read} warm"] = sum(sample[f"{read} warm parts"].values())
            started = time.perf_counter()
            sample["matches"] = len(search.matching_ids(store, text))
            sample["matching_ids"] = time.perf_counter() - started
            samples.append(sample)
    return {"baseline": baseline, "samples": samples}


def _ingest(manifest: pathlib.Path, work: pathlib.Path) -> dict:
    """Ingest the corpus into a new store with the default workers, the index's part timed."""
    from analytics.ingest.manifest import load_manifest
    from analytics.ingest.pipeline import ingest
    from analytics.store import search_index
    from analytics.store.store import Store

    watch = Stopwatch()
    search_index.stored_texts = watch.wrap("texts", search_index.stored_texts)
    search_index.IndexWriter.replace = watch.wrap("replace", search_index.IndexWriter.replace)  # type: ignore[method-assign]
    search_index.IndexWriter.commit = watch.wrap("commit", search_index.IndexWriter.commit)  # type: ignore[method-assign]
    workers = max(bench_ingest.worker_counts())
    store_path = work / "search_ingest.duckdb"
    _remove(store_path)
    load_before = os.getloadavg()[0]
    try:
        started = time.perf_counter()
        with Store.open(store_path) as store:
            result = ingest(load_manifest(manifest), store, workers=workers)
        wall_s = time.perf_counter() - started
    finally:
        _remove(store_path)
    parts = {f"{name}_s": seconds for name, seconds in watch.seconds.items()}
    return {
        "wall_s": wall_s,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "workers": workers,
        "stored": sum(s.stored for s in result.sources),
        "index_s": sum(parts.values()),
        **{f"{name}_s": 0.0 for name in ("texts", "replace", "commit")},
        **parts,
    }


MODES: dict[str, Callable[..., dict]] = {"build": _build, "query": _queries, "ingest": _ingest}  # run modes: paths

TITLE = "Search (issue 17)"
NOTE = (
    "The full-text index (analytics.store.search_index) over a copy of the store the ingest benchmark kept for its "
    "largest corpus, each part in a fresh process. Latency: "
    f"{QUERIES} single words (ranks spread over the log of their frequency) and {QUERIES} two- and three-word phrases "
    f"picked from {SAMPLE_ARTICLES:,} articles with a fixed seed, each as `filters_from(q=...)` through the analyses "
    "of the dashboard's Overview page (headline; date quality by outlet, which gives its chart, the figures over all "
    "outlets and the worst-dated outlets; top agencies; top tags; one after the other, no time limit), on the store opened read-only and on its compact copy "
    "(as the dashboard reads it). Cold: the first time the process sees the query (the index searched, the match "
    "table made, then the analyses); warm: the same query again (the dashboard's own cache of results would answer "
    "it without running anything). `matching_ids` alone: opening the index, the search and the article ids, without "
    "DuckDB. Below the table: the index build, its size and its cost during ingest."
)
FINDINGS = """Findings (2026-12-06 17:43-21:10 UTC). The table above is the fourth run (21:03, load 2 to 2.6),
after the Overview page came to ask the store for date quality once where it asked three times
(below). The third (19:23, load 1 to 2) followed the changes the first two runs led to (below): build
46 s wall, compact copy words p95 886 ms cold / 708 warm, phrases 218 / 187. The second (18:57) had the
build at 96 s wall, the ingest's index share at 43 % and words at 1,446 ms cold, phrases 334; the
first (17:58, load 3.5 to 16) was 1.5 to 4 times slower again.

- Build: `rebuild` now runs two Tantivy indexing threads (REBUILD_THREADS; ingest keeps one, its
  workers have the other core): 38-46 s wall and 74-90 s CPU for 905,323 articles, 12-14 % of the 1M
  ingest's wall (was 96 s with one thread, where py-spy showed 86 % of the main thread waiting in
  `add_document` for the indexing thread's queue). About half the indexing CPU is the regex
  tokenizer (WORD_PATTERN): 200,000 articles took 19.0 CPU s, 9.6 with Tantivy's simple tokenizer
  (not a drop-in: it keeps CJK characters together).
- Size: 39 %, met: positions 48 % of the index, postings 41 %, the term dictionary 6.5 %. The scaled
  corpus repeats its source texts, so its vocabulary is the shared corpora's; a corpus of a million
  different articles has a larger term dictionary, the rest grows with the words as here.
- Ingest: the 1M scaled corpus with 2 workers back to back at load 0.3 to 1.6 (19:09-19:23 UTC,
  `python -m benchmarks.bench_ingest run <scaled_1000000/manifest.toml> <store> 2` under
  `/usr/bin/time -v`): with the index 309.9 s wall, 583.5 CPU s, peak RSS 1,349 + 291 MB, 905,323
  articles stored and indexed (`info`: current); without it (7ce5570) 310.9 s, 585.0 CPU s,
  1,232 + 285 MB. No difference beyond run-to-run noise (about 5 %) in time, 117 MB more memory
  in the ingesting process. Before the two changes below, at load 4.5 to 10, the index had cost
  +28 % wall and +51 % CPU (742 s against 581 s):
  - Reading a batch's texts back scanned every article per batch (200 ms for 5,000 ids at 905,323
    articles: 79 s over the 1M ingest, growing with the square of the store). It now selects by the
    batch's `ingested_at` stamp, which lets DuckDB skip the earlier row groups: 12 ms.
  - Ingest committed the index after every file, each commit waiting for the indexing thread and
    leaving a segment to merge (+20 % over one build at 200,000 articles, growing with the index).
    It now commits every COMMIT_SECONDS (60 s) and at the end of the run; a run that does not finish
    is repaired by the next ingest (every article ingested since it started is indexed again).
- Queries, the index's part: `matching_ids` p95 14 ms for phrases, 175 ms for words (the commonest,
  585,529 matches: about 200 ms, the search and the key fast field). The keys become article ids
  with numpy (`search_index.article_ids`: 39 ms for 585,529 keys, was 400-690 ms one by one).
- Queries, DuckDB's part: a query matching much costs what the page costs without a query ("the",
  65 % of the articles), so the 300 ms target can only hold for selective queries. On the compact
  copy, as the dashboard reads the store, phrases meet it (p95 172 ms cold, 158 warm) and words do
  not (669 cold, 485 warm: their median query matches 42,078 articles, and the page without a query
  takes 582 ms); on the store opened read-only neither does.
- The page asked for date quality three times: over all outlets, per outlet for its worst outlets,
  and per outlet for its chart. It now asks once per outlet (`quality_by_outlet`, cached) and pools
  that frame (`pooled_date_quality`, which `date_quality(by=None)` now is) and ranks its worst outlets
  (`worst_dated`): the page without a query 886 -> 582 ms, words p95 886 -> 669 cold, 708 -> 485 warm.
- What is left for the commonest words ("the": 222 ms headline, 150 tags, 111 date quality, 84
  agencies, warm): each analysis scans the scope (585,529 articles) and joins it with its table. In
  the headline, which articles have a tag (an EXISTS over 3.8 million tag rows) costs 95-105 ms and
  which credit an agency 20-35 ms; the tag chart joins 2.5 million tag rows. A join setting
  (`perfect_ht_threshold` 20) and running the page's four analyses on four threads gained 0-15 %:
  each analysis already uses both cores. The Overview of a word in two thirds of the articles at
  300 ms would need per-term aggregates kept beside the index, or the page's figures computed by
  the search engine itself (a second analytics code path beside the one catalog)."""


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "run" and sys.argv[2] in MODES:
        print(json.dumps(MODES[sys.argv[2]](*map(pathlib.Path, sys.argv[3:]))))
    else:
        for row in run():
            print(row)
        print(AFTER())

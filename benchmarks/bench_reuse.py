"""Text reuse (issue 18): `analytics.ingest.reuse.update_reuse` over the store the ingest benchmark
kept for the largest scaled corpus (benchmarks/bench_ingest.kept_store), and over its first 100,000
records when BENCH_SCALE names a smaller corpus too.

The scaled corpus repeats each real record once a round (benchmarks/scaled.py), so every text has
~30 exact copies on ~30 different days: every band bucket looks like template text (or, without
that rule, makes millions of pairs). Each part therefore runs on a copy of the kept store whose
bodies are rewritten by round (`rewrite`): round r's bodies go through a cipher of their own, a
seeded permutation of a-z (the same on A-Z) and of 0-9 (identity in round 0, the real corpora as
they are). A cipher is a bijection of the text, so two articles of one round share exactly the
passages their originals share (figures stay figures, word lengths and frequencies stay), while
articles of different rounds share next to no shingle. Dates are kept: within a round the days
between articles are the real corpora's. Titles are left as they are (reuse reads bodies only);
`text_fingerprint` too (it only tells a round which texts changed since their sketch: the copy
has no sketches). An article's round comes from its `source_ref` (`<stream>/part-<n>.<ext>#<row>`):
its stream's k-th record is the replicated corpus's i-th (`record_rounds`, as scaled.replicate
orders them), of round i // (source records). The replicas of the records ingest found duplicate in
round 0 are left out of later rounds (their `text_fingerprint` set aside, `_hold`): scaled.vary gives
them other outlets than their twins', so ingest kept them, exact copies the real corpora do not have.
The smaller store is a copy without the articles of records i >= 100,000 (scaled.replicate's first
100,000 records are the 100,000-record corpus).

Parts, each in a fresh Python process (benchmarks/child.py):

- First round: the store without its INCREMENTAL most recently published texts (their
  `text_fingerprint` set aside, so no round sees them), `update_reuse(threshold=0.5)`: wall, CPU
  (every thread and child), peak RSS (of this process, and of it with its worker processes, sampled
  by benchmarks.child.TreeRss: the 2 GB target's figure), seconds by stage (the functions of analytics.ingest.reuse
  and analytics.store.reuse wrapped with a stopwatch), candidates, pairs, stories, the store's
  used bytes before and after.
- Incremental: their fingerprints put back, the next round alone: what an ingest of INCREMENTAL
  new articles adds to find their reuse against the rest.
- Check: the pairs found by the two rounds, by round of their articles: each full round should
  give about round 0's (the real corpora's), and articles of different rounds no pair.
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import resource
import shutil
import statistics
import string
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks import bench_ingest, scaled
from benchmarks import run as runner
from benchmarks.child import Stopwatch, TreeRss, measured_in_child

THRESHOLD = 0.5
INCREMENTAL = 10_000  # the newest articles with a text, kept out of the first round
SMALL = 100_000  # the smaller store: the first records of the largest corpus
CIPHER_SEED = 20261206
WALL_TARGET_S = 300.0
RSS_TARGET_MB = 2048.0
INCREMENTAL_TARGET_S = 30.0
TARGET_RECORDS = 1_000_000
STAGES = (
    "to sketch",
    "sketching",
    "sketches written",
    "candidate join",
    "template hashes",
    "checking",
    "pairs written",
    "stories",
)


# --- the corpus ----------------------------------------------------------------------------------


def cipher(round_: int) -> tuple[str, str]:
    """(from, to) characters of round `round_`'s cipher: a seeded permutation of the lower-case
    letters (the same on the upper-case ones) and of the digits; round 0 the identity."""
    lower, digits = list(string.ascii_lowercase), list(string.digits)
    if round_:
        rng = random.Random(f"{CIPHER_SEED}:{round_}")
        rng.shuffle(lower)
        rng.shuffle(digits)
    mapped = "".join(lower)
    return string.ascii_lowercase + string.ascii_uppercase + string.digits, mapped + mapped.upper() + "".join(digits)


def encipher(text: str, round_: int) -> str:
    """`text` as round `round_` has it (what `rewrite` does in SQL)."""
    source, target = cipher(round_)
    return text.translate(str.maketrans(source, target))


def record_rounds(n: int) -> dict[str, list[int]]:
    """For each stream, the global index i of its k-th record in the scaled corpus of `n` records
    (scaled.replicate's order: the source records shuffled with scaled.SEED, again and again)."""
    base = scaled.source_records()
    order = list(range(len(base)))
    random.Random(scaled.SEED).shuffle(order)
    streams = [base[at][0].name for at in order]
    out: dict[str, list[int]] = {s.name: [] for s in scaled.STREAMS}
    for i in range(n):
        out[streams[i % len(base)]].append(i)
    return out


def _prepare(source: pathlib.Path, target: pathlib.Path, corpus_records: str, keep_records: str) -> dict:
    """A copy of the kept store at `target`: articles of the first `keep_records` records only, bodies
    rewritten by round, the INCREMENTAL newest texts' fingerprints set aside (`bench_held`)."""
    import duckdb
    import pyarrow as pa

    started = time.perf_counter()
    _remove(target)
    shutil.copyfile(source, target)
    n, keep = int(corpus_records), int(keep_records)
    records = len(scaled.source_records())
    by_stream = record_rounds(n)
    streams, ks, indexes = [], [], []
    for stream, found in by_stream.items():
        streams += [stream] * len(found)
        ks += range(len(found))
        indexes += found
    con = duckdb.connect(str(target))

    def sql(query: str, params: Any = None) -> list[tuple]:
        at = time.perf_counter()
        rows = con.execute(query, params).fetchall()
        print(f"{time.perf_counter() - at:7.1f} s  {query[:70]}", file=sys.stderr)
        return rows

    con.register("positions", pa.table({"stream": streams, "k": ks, "i": indexes}))
    sql(
        "CREATE TABLE bench_rounds AS SELECT a.article_id, p.i, p.i // $records AS round FROM articles a "
        "JOIN positions p ON p.stream = split_part(a.source_ref, '/', 1) "
        "AND p.k = CAST(regexp_extract(a.source_ref, 'part-(\\d+)', 1) AS INTEGER) * $file_records "
        "+ CAST(split_part(a.source_ref, '#', 2) AS INTEGER) - 1",  # rows count from 1
        {"records": records, "file_records": scaled.FILE_RECORDS},
    )
    unmatched = sql("SELECT count(*) FROM articles a ANTI JOIN bench_rounds r USING (article_id)")[0][0]
    # a URL of round r > 0 ends in ?copy=r (scaled.vary), of round 0 not
    wrong = sql(
        "SELECT count(*) FROM articles a JOIN bench_rounds r USING (article_id) WHERE a.url IS NOT NULL "
        "AND CASE WHEN r.round = 0 THEN a.url LIKE '%?copy=%' ELSE NOT a.url LIKE '%?copy=' || r.round END"
    )[0][0]
    if unmatched or wrong:
        raise RuntimeError(f"rounds not found: {unmatched} articles without, {wrong} URLs of another round")
    dropped = 0
    if keep < n:
        with_id = [
            t
            for (t,) in sql(
                "SELECT table_name FROM duckdb_columns() WHERE column_name = 'article_id' AND table_name IN ('articles', 'article_credits') "
                "AND NOT internal"
            )
        ]
        dropped = sql("SELECT count(*) FROM bench_rounds WHERE i >= ?", [keep])[0][0]
        for table in with_id:
            sql(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM bench_rounds WHERE i >= ?)", [keep])
        sql("DELETE FROM bench_rounds WHERE i >= ?", [keep])
    rounds = sql("SELECT max(round) + 1 FROM bench_rounds")[0][0]
    ciphers = [cipher(r) for r in range(rounds)]
    con.register(
        "ciphers", pa.table({"round": range(rounds), "src": [c[0] for c in ciphers], "dst": [c[1] for c in ciphers]})
    )
    rewritten = time.perf_counter()
    sql(
        "UPDATE articles SET body = translate(articles.body, c.src, c.dst) FROM bench_rounds r JOIN ciphers c "
        "USING (round) WHERE r.article_id = articles.article_id AND r.round > 0 AND articles.body IS NOT NULL"
    )
    rewrite_s = time.perf_counter() - rewritten
    replicated = _hold(sql, records)
    sql("CHECKPOINT")
    articles, texts = sql("SELECT count(*), count(text_fingerprint) FROM articles")[0]
    con.close()
    return {
        "articles": articles,
        "texts": texts + INCREMENTAL,
        "rounds": rounds,
        "dropped": dropped,
        "replicated_duplicates": replicated,
        "rewrite_s": rewrite_s,
        "prepare_s": time.perf_counter() - started,
    }


def _hold(sql: Callable[..., list[tuple]], records: int) -> int:
    """Leave out (`text_fingerprint` NULL, kept in `bench_left_out`) the replicas, in rounds after the
    first, of records ingest found duplicate (or quarantined) in round 0: scaled.vary gives a record's
    replicas other outlets than its duplicate's, so ingest keeps both and each round after the first
    would hold ~2,700 exact copies the real corpora do not (their pairs 2.5 times round 0's). Then set
    aside the fingerprints of the INCREMENTAL most recently published texts (`bench_held`). Returns how
    many replicas were left out. Undoes an earlier call first (a store prepared before)."""
    if sql("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'bench_held'")[0][0]:
        for table in ("bench_held", "bench_left_out"):
            if sql(f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{table}'")[0][0]:
                sql(
                    f"UPDATE articles SET text_fingerprint = h.text_fingerprint FROM {table} h "
                    "WHERE h.article_id = articles.article_id"
                )
                sql(f"DROP TABLE {table}")
    sql(
        "CREATE TABLE bench_left_out AS SELECT a.article_id, a.text_fingerprint FROM articles a "
        "JOIN bench_rounds r USING (article_id) WHERE r.round > 0 AND a.text_fingerprint IS NOT NULL "
        "AND r.i % $records NOT IN (SELECT i FROM bench_rounds WHERE round = 0)",
        {"records": records},
    )
    sql("UPDATE articles SET text_fingerprint = NULL WHERE article_id IN (SELECT article_id FROM bench_left_out)")
    sql(
        "CREATE TABLE bench_held AS SELECT article_id, text_fingerprint FROM articles "
        "WHERE text_fingerprint IS NOT NULL ORDER BY published_at DESC NULLS LAST, article_id LIMIT ?",
        [INCREMENTAL],
    )
    sql("UPDATE articles SET text_fingerprint = NULL WHERE article_id IN (SELECT article_id FROM bench_held)")
    sql("CHECKPOINT")
    return sql("SELECT count(*) FROM bench_left_out")[0][0]


def _rehold(store_path: pathlib.Path) -> dict:
    """`_hold` again on a prepared store."""
    import duckdb

    con = duckdb.connect(str(store_path))
    try:
        left_out = _hold(lambda query, params=None: con.execute(query, params).fetchall(), len(scaled.source_records()))
        texts = con.execute("SELECT count(text_fingerprint) FROM articles").fetchall()[0][0]
    finally:
        con.close()
    return {"replicated_duplicates": left_out, "texts": texts + INCREMENTAL}


# --- measuring a round ---------------------------------------------------------------------------


def _used_bytes(store: Any) -> int:
    used, block = store.one("SELECT used_blocks, block_size FROM pragma_database_size()")
    return int(used) * int(block)


def _cpu() -> float:
    self_, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + children.ru_utime + children.ru_stime


def _round(store_path: pathlib.Path, restore: bool | str = False, workers: int = 1) -> dict:
    """One `update_reuse` round over the store with `workers` processes (after putting the held
    fingerprints back when `restore`), timed by stage (with more than one worker, sketching and
    checking run in the worker processes: the parent's wait for them is in "texts read", the rest)."""
    from analytics.ingest import reuse, reuse_tasks
    from analytics.store import reuse as tables
    from analytics.store.store import Store

    watch = Stopwatch()
    stages = [
        ("to sketch", tables, "to_sketch_count"),
        ("sketches written", tables, "write_sketches"),
        ("candidate join", tables, "candidate_pairs"),
        ("template hashes", tables, "template_hashes"),
        ("pairs written", tables, "write_pairs"),
        ("stories", reuse, "make_stories"),
    ]
    if workers == 1:  # the worker processes' functions must stay picklable
        stages += [("sketching", reuse_tasks, "sketches"), ("checking", reuse_tasks, "checked")]
    for name, module, function in stages:
        setattr(module, function, watch.wrap(name, getattr(module, function)))
    with Store.open(store_path) as store:
        if restore == "again":  # the held articles' round done again: forget their sketches
            store.connection.execute(
                "DELETE FROM reuse_sketched WHERE article_id IN (SELECT article_id FROM bench_held)"
            )
        elif restore:
            store.connection.execute(
                "UPDATE articles SET text_fingerprint = h.text_fingerprint FROM bench_held h "
                "WHERE h.article_id = articles.article_id"
            )
            store.connection.execute("CHECKPOINT")
        size_before = _used_bytes(store)
        load_before = os.getloadavg()[0]
        started, cpu = time.perf_counter(), _cpu()
        with TreeRss() as tree:
            done = reuse.update_reuse(store, threshold=THRESHOLD, workers=workers)
        wall_s, cpu_s = time.perf_counter() - started, _cpu() - cpu
        load_after = os.getloadavg()[0]
        store.connection.execute("CHECKPOINT")
        size_after = _used_bytes(store)
        rows = {t: store.one(f"SELECT count(*) FROM {t}")[0] for t in ("reuse_bands", "reuse_shingles", "reuse_pairs")}
    stages = {name: watch.seconds.get(name, 0.0) for name in STAGES}
    # reading the texts to sketch (the round's list made, old sketches forgotten, bodies read) is what the
    # sketch loop spends outside the wrapped functions
    stages["texts read"] = max(0.0, wall_s - sum(stages.values()))
    return {
        "sketched": done.sketched,
        "candidates": done.candidates,
        "pairs": done.pairs,
        "stories": done.stories,
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tree_rss_mb": tree.peak_mb,
        "tree_peak_at_s": tree.peak_at_s,
        "load_before": load_before,
        "load_after": load_after,
        "size_before": size_before,
        "size_after": size_after,
        "file_bytes": store_path.stat().st_size,
        "rows": rows,
        "stages": stages,
    }


def _check(store_path: pathlib.Path) -> dict:
    """The pairs by round of their two articles: within a round (per round) and across rounds."""
    import duckdb

    con = duckdb.connect(str(store_path), read_only=True)
    try:
        per_round = con.execute(
            "SELECT ra.round, count(*) FROM reuse_pairs p JOIN bench_rounds ra ON ra.article_id = p.article_id_a "
            "JOIN bench_rounds rb ON rb.article_id = p.article_id_b WHERE ra.round = rb.round GROUP BY 1 ORDER BY 1"
        ).fetchall()
        across = con.execute(
            "SELECT count(*) FROM reuse_pairs p JOIN bench_rounds ra ON ra.article_id = p.article_id_a "
            "JOIN bench_rounds rb ON rb.article_id = p.article_id_b WHERE ra.round <> rb.round"
        ).fetchone()[0]
        texts = con.execute(
            "SELECT r.round, count(*) FROM articles a JOIN bench_rounds r USING (article_id) "
            "WHERE a.text_fingerprint IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()
        stories = con.execute("SELECT count(DISTINCT origin_id) FROM reuse_stories").fetchone()[0]
    finally:
        con.close()
    return {"pairs_per_round": dict(per_round), "across": across, "texts_per_round": dict(texts), "stories": stories}


MODES: dict[str, Callable[..., dict]] = {
    "prepare": lambda a, b, n, keep: _prepare(pathlib.Path(a), pathlib.Path(b), n, keep),
    # round <store> [restore|again] [workers]
    "round": lambda store, restore="", workers="1": _round(
        pathlib.Path(store), {"restore": True, "again": "again"}.get(restore, False), int(workers)
    ),
    "check": lambda store: _check(pathlib.Path(store)),
    "rehold": lambda store: _rehold(pathlib.Path(store)),
}


def _remove(store: pathlib.Path) -> None:
    store.unlink(missing_ok=True)
    store.with_name(store.name + ".wal").unlink(missing_ok=True)


def measure(kept: pathlib.Path, corpus_records: int, keep: int, *, log: Callable[[str], None] = print) -> dict:
    """Prepare a copy with the first `keep` records, run the first round and the incremental one, check."""
    work = pathlib.Path(__file__).with_name("work")
    work.mkdir(exist_ok=True)
    store = work / f"reuse_{keep}.duckdb"
    out: dict[str, Any] = {"records": keep}
    try:
        out["prepare"] = measured_in_child(
            "benchmarks.bench_reuse", "prepare", str(kept), str(store), str(corpus_records), str(keep)
        )
        log(f"{keep:,}: prepared {json.dumps(out['prepare'])}")
        workers = str(max(bench_ingest.worker_counts()))
        out["first"] = measured_in_child("benchmarks.bench_reuse", "round", str(store), "", workers)
        log(f"{keep:,}: first round {json.dumps(out['first'])}")
        out["incremental"] = measured_in_child("benchmarks.bench_reuse", "round", str(store), "restore", workers)
        log(f"{keep:,}: incremental round {json.dumps(out['incremental'])}")
        out["check"] = measured_in_child("benchmarks.bench_reuse", "check", str(store))
        log(f"{keep:,}: check {json.dumps(out['check'])}")
    finally:
        if not os.environ.get("BENCH_KEEP_REUSE"):
            _remove(store)
    return out


_after: dict[str, Any] = {}


def run() -> list[dict]:
    scales = scaled.scales_from_env()
    corpus = scaled.build(max(scales))
    kept = bench_ingest.kept_store(corpus)
    sizes = sorted({min(s, corpus.records) for s in scales if s < corpus.records} | {corpus.records})
    measured = [measure(kept, corpus.records, keep, log=lambda line: print(line, file=sys.stderr)) for keep in sizes]
    return rows_of(measured)


def rows_of(measured: list[dict]) -> list[dict]:
    """The table of the measures `measure` returned (kept for AFTER)."""
    _after.clear()
    _after["measured"] = measured
    rows = []
    for m in measured:
        for part in ("first", "incremental"):
            r = m[part]
            rows.append(
                {
                    "records": m["records"],
                    "round": f"first ({r['sketched']:,} texts; {INCREMENTAL:,} newest held out)"
                    if part == "first"
                    else f"incremental ({r['sketched']:,} newest texts)",
                    "wall s": f"{r['wall_s']:,.1f}",
                    "CPU s": f"{r['cpu_s']:,.1f}",
                    "peak RSS MB: this process / with its workers": f"{r['rss_mb']:,.0f} / {r['tree_rss_mb']:,.0f}",
                    "candidates": r["candidates"],
                    "pairs": r["pairs"],
                    "stories": r["stories"],
                    "store used MB before / after": f"{r['size_before'] / 1e6:,.0f} / {r['size_after'] / 1e6:,.0f}",
                    "load before / after": f"{r['load_before']:.1f} / {r['load_after']:.1f}",
                    "verdict": _verdict(m["records"], part, r),
                }
            )
    return rows


def _verdict(records: int, part: str, r: dict) -> str:
    if part == "first":
        met = r["wall_s"] <= WALL_TARGET_S and r["tree_rss_mb"] <= RSS_TARGET_MB
        target = f"<= {WALL_TARGET_S:g} s, <= {RSS_TARGET_MB:,.0f} MB"
    else:
        met = r["wall_s"] <= INCREMENTAL_TARGET_S and r["tree_rss_mb"] <= RSS_TARGET_MB
        target = f"<= {INCREMENTAL_TARGET_S:g} s"
    if records < TARGET_RECORDS:
        return f"({target} is for 1M)"
    return f"{'met' if met else 'missed'} ({target})"


def stage_rows(measured: list[dict]) -> list[dict]:
    rows = []
    for m in measured:
        for part in ("first", "incremental"):
            r = m[part]
            row = {"records": m["records"], "round": part}
            for name, seconds in r["stages"].items():
                row[f"{name} s"] = f"{seconds:,.1f}"
            rows.append(row)
    return rows


def check_rows(measured: list[dict]) -> list[dict]:
    rows = []
    for m in measured:
        c = m["check"]
        pairs = {int(k): v for k, v in c["pairs_per_round"].items()}
        texts = {int(k): v for k, v in c["texts_per_round"].items()}
        full = [r for r in texts if r not in (0, max(texts))]  # the last round is cut short
        rows.append(
            {
                "records": m["records"],
                "rounds": len(texts),
                "round 0 (the real corpora): texts, pairs": f"{texts[0]:,}, {pairs.get(0, 0):,}",
                "full rounds after it: pairs min / median / max": " / ".join(
                    f"{v:,}" for v in _spread([pairs.get(r, 0) for r in full])
                ),
                "pairs per 1,000 texts: round 0, median of the full rounds after it": (
                    f"{pairs.get(0, 0) / texts[0] * 1000:.0f}, "
                    f"{statistics.median(pairs.get(r, 0) / texts[r] * 1000 for r in full):.0f}"
                ),
                "pairs across rounds": c["across"],
                "stories": c["stories"],
            }
        )
    return rows


def _spread(values: list[int]) -> tuple[int, int, int]:
    return min(values), round(statistics.median(values)), max(values)


def AFTER() -> str:
    measured = _after["measured"]
    return "\n".join(
        [
            "Seconds by stage (to sketch: counting the round's texts; texts read: the round's list made, old "
            "sketches forgotten and the bodies read, what the sketch loop spends outside sketching and writing):",
            "",
            runner.table(stage_rows(measured)),
            "",
            "The rewritten corpus against the real corpora (pairs of both rounds, by the round of their articles):",
            "",
            runner.table(check_rows(measured)),
            "",
            FINDINGS,
        ]
    )


TITLE = "Text reuse (issue 18)"
NOTE = (
    "`analytics.ingest.reuse.update_reuse(threshold=0.5)` over a copy of the store the ingest benchmark kept for its "
    "largest corpus (and of its first 100,000 records), with each replica round's bodies rewritten by a cipher of "
    "their own (a bijection: same-round reuse kept, none across rounds; see the module docstring). First round: "
    f"every text but the {INCREMENTAL:,} most recently published; incremental: those {INCREMENTAL:,} added, the "
    "next round alone. Each round in a fresh process: wall, CPU of every thread, peak RSS, the store's used bytes."
)
FINDINGS = """Findings (2026-12-06 21:41-22:13 UTC; the machine shared, load 3.5 to 8.3 through every part: wall
times are up to twice what the CPU seconds need; the parts were run one by one with the `run` modes and the
table written from their output with `python -m benchmarks.bench_reuse section`).

- The corpus: in the rewritten store each round's texts give about the pairs the real corpora give, and
  articles of different rounds next to none (1 pair of 94,164 at 1M). Round 0, the real corpora as
  ingested: 3,220 pairs among 25,761 texts. The rounds that hold all of its texts (1, 13, 25) give 3,106,
  3,140 and 2,953; the others hold up to 2,154 texts fewer (ingest found them duplicate: the outlets scaled.py
  gives cycle with the round) and fewer pairs, 2,270 to 3,845 (median of rounds 1-31: 2,654, 106 pairs per
  1,000 texts against round 0's 125). Round 0 against the shared corpora's store (`media-analytics reuse`,
  4,254 pairs among 29,844 texts): per source the same where the texts are the same (Reuters 1,653 pairs
  / 1,658, AG News 160 / 158, KCNA 269 / 255), fewer for the Indonesian news (1,138 / 2,038), of which
  scaled.py's streams hold 4,442 texts, the shared store 7,489 (the store also has detik_2021 and
  zh_trilateral_news, which scaled.py does not read). Two things of scaled.py had to be undone: a
  real duplicate record's replicas get other outlets than its twin's, so ingest keeps both and each round
  after the first held ~2,700 exact copies round 0 has not (pairs 2.5 times round 0's): their texts are left
  out (43,264 at 1M, 5,494 at 100k); and round 2 keeps 7,341 pairs, because a detik.com blurb under ~97
  articles of one day is on 4 days in round 0 (template text) and on 3 in round 2 (ingest kept fewer of its
  articles), so there it links them all: the template rule's edge, not the rewrite.
- 1M, first round (803,551 texts, 10,000 held out): 543 s wall, 400 s CPU, peak RSS 7.8 GB; targets
  missed (300 s, 2 GB). Sketching 234 s (words 45 % of its CPU, shingles made twice, once for the MinHash,
  once for the sampled hashes; rensa itself 5 %), writing the sketches 24 s (51.4 million band rows, 12.6
  million shingle rows: +791 MB in the store), the candidate join 91 s (274,284 candidates), checking 176 s
  (91,296 pairs: 0.64 ms a candidate, the words of both texts cut again), stories 3 s.
- 1M, incremental (10,000 newest texts): 126 s wall, 87 s CPU, 7.6 GB; target (30 s) missed. Sketching and
  checking the 10,000 take 17 s; the candidate join 84 s and the template hashes 18 s, because both
  aggregate the whole store every round (51 million bands grouped by (band, hash) to find the big buckets,
  12.9 million sampled shingles grouped by hash) to use the few buckets and hashes of 10,000 articles.
- Peak RSS: update_reuse runs with DuckDB's default memory_limit (80 % of RAM, 19 GB here), and the candidate
  join's hash tables over 51 million bands take it to 6.5-7.8 GB; ingest's bulk_writes caps DuckDB at 1 GB,
  the reuse round does not. The Python side holds the words of a 20,000-pair chunk's texts: 14.6 KiB an article, up to 0.6 GB for 40,000.

What would meet the targets, measured where it could be (prototypes in /tmp on the stores above, the same
load):
- Incremental: count days and articles only for the buckets of the round's bands (a SEMI JOIN of the
  bands on the round's (band, hash) before the GROUP BY) and template days only for the round's sampled
  hashes (every pair a round checks has a round article, and a shared passage's sampled shingles are
  among that article's): the candidate join 111.7 -> 5.3 s wall (60.6 -> 2.3 s CPU, peak RSS 6.8 GB ->
  0.94 GB, the same 3,275 candidates), the template hashes 24.0 -> 1.1 s (the same 1,870 hashes that
  matter). Both in a round (the module's prototypes of the two queries, since adopted, in place of analytics.store.reuse's
  two functions, with the 1 GB limit below; the
  10,000 held-out articles' sketches forgotten and the round done again on the 1M store): 33.3 s wall,
  14.0 s CPU, peak RSS 1,430 MB at load 5.7 to 6.0 (another benchmark of 100,000 records running beside
  it), the same 3,275 candidates, 2,868 pairs and 24,923 stories; the candidate join 5.5 s, the template
  hashes 0.6 s, sketching 11.0 s, checking 8.2 s, stories 3.7 s. At 14 s of CPU, on a machine not shared
  the 30 s target is met.
- RSS: the same rounds at 1M with `SET memory_limit = '1GB'` first (what bulk_writes sets for ingest,
  since adopted), on another copy of the prepared store, at load 6.3 to 8.3: first round
  peak RSS 1,650 MB (7,818 without), 399.6 s CPU (400.1), 748 s wall (the load: sketching, pure Python,
  393 s against 234; the candidate join 131 s against 91), the same 274,284 candidates, 91,296 pairs and
  24,416 stories; incremental 1,405 MB (7,636), 64 s CPU (87), 118 s wall, the same 3,275 candidates and
  2,868 pairs. So a 1 GB limit for DuckDB during the round meets the 2 GB target at no CPU cost measured.
- First round wall: sketching and checking are single-threaded Python, 410 of the 543 s; in two
  processes (the batches of texts_to_sketch split between them; the candidate chunks likewise) each would
  about halve on two free cores (not measurable on this shared machine: load 6 on 2 cores). Making
  shingles once per text for both the MinHash and the sampled hashes: about a fifth less CPU
  (0.255 -> 0.202 ms an article, 3,000 articles, one run at load 6). An integer article key in reuse_bands instead of the 16-character id: the first
  round's join at 100k 12.1 -> 11.9 s wall, 5.7 -> 4.9 s CPU, same RSS: little (not tried at 1M).
- Together: the incremental round at 1M 33 s and 1.4 GB with the two restricted queries and the 1 GB
  limit (at load 6; 14 s of CPU); the first round 1.65 GB with the limit (met); its wall, 543 s
  at load 6 to 8 for 400 s of CPU, would need sketching and checking (410 s of the wall, one core each)
  in two processes and a machine not shared: an estimate, not measured here.

Adopted since (fe8d2af: the 1 GB limit and the restricted queries; f31e24f: sketching and checking on the
`workers` processes; the prototypes' run modes are gone) and measured again on the same prepared 1M store,
each round alone (`python -m benchmarks.bench_reuse run round <store> "" 2`, then `... restore 2`;
22:25-22:39 UTC):
- first round, 2 workers: 372.7 s wall, 502.8 s CPU at load 1.8 to 2.3; again 287.6 s wall, 471.6 s CPU at
  load 0.6 to 4.3: the 300 s target met only in the quieter run. Parent peak RSS 1,716 / 1,904 MB; the
  whole process tree (parent and both workers, sampled every second) 2,909 MB: the 2 GB target missed for
  the tree (each worker holds its batch of texts and the interpreter). The same 274,208 candidates,
  91,200 pairs and 25,773 stories both times. Stages (parent): candidate join 69 s, sketches written 44 s,
  template hashes 6 s, texts read with the workers' sketching and checking 252 s.
- incremental round of 10,000 against the 1M, 2 workers: 12.5 s wall, 14.3 s CPU, parent peak RSS
  1,677 MB (target 30 s: met); 3,276 candidates, 2,868 pairs.

Changed since (2026-12-07) and measured again on fresh copies of the same prepared 1M store, each round
alone (`python -m benchmarks.bench_reuse run round <store> "" 2`, then `... restore 2`), now with the
peak of the process and its workers together (benchmarks.child.TreeRss, sampled every 0.5 s):
- candidate pairs checked in chunks of 5,000 (PAIR_CHUNK, was 20,000: a worker holds the words of a chunk's
  texts), with passages bridging a figure only one side has (overlap's figure rule, mended): first round
  314.3 s wall, 593.7 s CPU at load 0.6 to 2.4; this process 1,643 MB, with its workers 2,103 MB (at 305 s,
  checking: DuckDB still held the joins' buffers, the workers 717 MB): missed by 55 MB.
- and DuckDB capped at 512 MB while pairs are checked (CHECK_MEMORY_LIMIT, `Store.memory_capped`: DuckDB lets
  go of the rest): 304.2 s wall, 576.7 s CPU at load 1.6 to 2.8; this process 1,461 MB, with its workers
  1,849 MB (at 61 s, sketching: this process 1.3 GB writing the bands, the workers 0.52 GB); while checking
  0.82-0.90 GB here and 0.63-0.66 GB in the workers. The 2 GB target met; the 300 s one missed by 4 s at
  load 2 (577 s of CPU on 2 cores). Both runs: 274,208 candidates, 93,991 pairs (91,200 before the
  figure rule's mending), 26,783 stories. CPU rose from 472-503 s: smaller chunks cut the words of a text
  in several chunks again, and more passages are chained; the two were not measured apart.
- incremental round of 10,000 against the 1M, 2 workers: 12.9 s wall, 14.9 s CPU at load 2.0, this process
  1,297 MB, with its workers 1,284 MB (sampled; the round stays in this process): met.
- and a first round's candidates found by grouping every band at once (`candidate_pairs` for a round of at
  least half the sketched articles; the restricted plan semi-joined the 51 million bands twice): the join
  76.9 -> 23.4 s, the same 274,208 candidates. First round 262.5 s wall, 511.9 s CPU at load 1.3 to 2.8;
  this process 1,388 MB, with its workers 1,837 MB (at 122 s): **both targets met** (300 s, 2 GB); the same
  93,991 pairs and 26,783 stories. Incremental (the restricted plan, unchanged): 14.3 s wall, 16.6 s CPU,
  1,306 / 1,289 MB at load 1.9: met.

Measured again on 2026-12-07 03:14-03:40 UTC (the table then): an article is now sketched from its text and its
credit lines (`reuse_sketched.sketch_key`, so `media-analytics attribute` compares again the articles whose credits
changed), which joins the body credits when a round lists its texts ("to sketch": 0.4 s in a first round, 0.6 s
in an incremental one). 1M first round on a fresh copy of the prepared store at load 0.9 to 3.1: 257.0 s wall,
500.2 s CPU, this process 1,419 MB, with its workers 1,829 MB: both targets met; the same 274,208 candidates,
93,991 pairs and 26,783 stories. An earlier run of it while the test suite ran beside it (load 1.8 to 4.6) took
347.7 s wall for 516.7 s CPU: the 300 s target holds only on a machine the round has to itself. Incremental:
16.0 s wall, 15.6 s CPU, 1,311 / 1,295 MB at load 0.2 to 0.9 (14.3 s before the credits join): met. The
100,000-record rows ran while the test suite ran beside them (load 4 to 5).

Measured again on 2026-12-07 05:22-05:41 UTC (the table above), with two changes. A round reads its texts to
sketch unsorted (`9f96f76`): on a fresh copy of the prepared 1M store the first round had failed at once, DuckDB
out of the 1 GB bulk_writes gives it while sorting 803,551 bodies with their credit spans and sketch keys (the
old code too, the same store; the 03:14 run had passed). And candidates also come from sampled shingles
(`6daa531`, store.reuse SAMPLES_SHARED): 274,208 -> 291,001 candidates at 1M (+6 %), 93,991 -> 102,874 pairs,
26,783 -> 27,434 stories; the candidate join 24.9 -> 30.6 s. First round 240.6 s wall, 467.5 s CPU at load 0.9
to 3.3, this process 1,422 MB, with its workers 1,843 MB: both targets met. Incremental: 12.8 s wall, 16.0 s CPU,
1,324 / 1,288 MB: met."""


def write_section(measured_json: pathlib.Path, ran: str) -> None:
    """Replace this benchmark's section of RESULTS.md with the measures saved in `measured_json`
    (a list of what `measure` returns; for parts run one by one with the `run` modes), `ran` saying how."""
    measured = json.loads(measured_json.read_text(encoding="utf-8"))
    lines = [f"## {TITLE}", "", NOTE, "", ran, "", runner.table(rows_of(measured)), "", AFTER()]
    text = runner.RESULTS.read_text(encoding="utf-8")
    runner.RESULTS.write_text(runner._replace_section(text, TITLE, "\n".join(lines)), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "run" and sys.argv[2] in MODES:
        print(json.dumps(MODES[sys.argv[2]](*sys.argv[3:])))
    elif len(sys.argv) > 3 and sys.argv[1] == "section":
        write_section(pathlib.Path(sys.argv[2]), sys.argv[3])
    else:
        for row in run():
            print(row)
        print(AFTER())

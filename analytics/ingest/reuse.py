"""Finding text reuse over a store: a round sketches the articles not sketched yet (or whose text
changed), finds their candidate pairs by band hash and sampled shingles, and checks each pair exactly.

Every ingest runs a round for the articles it added; `media-analytics reuse` runs one over
the whole store after the settings changed. The tables are analytics.store.reuse's; the
sketch analytics.enrich.reuse_sketch's; the exact check analytics.text.overlap's. A round
that does not finish (killed, failed) leaves its list of articles (ROUND_TABLE): the next
round forgets their sketches and does them again.
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import pyarrow as pa

from analytics.enrich import reuse_sketch
from analytics.errors import UserError
from analytics.ingest import reuse_tasks
from analytics.ingest.pipeline import resolve_workers
from analytics.store import reuse as tables
from analytics.store.store import Store
from analytics.text import overlap
from analytics.text.words import SENTENCE_END, WORD_PATTERN

BATCH_ROWS = 2_000  # articles sketched per batch
PARALLEL_MIN_ARTICLES = 20_000  # a round sketching fewer articles does it in this process
PAIR_CHUNK = 5_000  # candidate pairs checked per chunk (their texts read together; a worker holds their words)
CHECK_MEMORY_LIMIT = "512MB"  # DuckDB's while pairs are checked (benchmarks/RESULTS.md, "Text reuse")
Progress = Callable[[str, int, int], None]  # (stage, done, total)
T = TypeVar("T")
R = TypeVar("R")


@dataclasses.dataclass(frozen=True)
class ReuseRound:
    """What a round did: articles sketched, candidate pairs checked, pairs found sharing text, and
    the stories the store then holds."""

    sketched: int
    candidates: int
    pairs: int
    stories: int


def settings() -> str:
    """The settings the reuse tables depend on, as JSON: other settings make them again."""
    return json.dumps(
        {
            "words": WORD_PATTERN,
            "shingle_words": overlap.SHINGLE_WORDS,
            "shingle_cjk_chars": overlap.SHINGLE_CJK_CHARS,
            "cjk_text_share": overlap.CJK_TEXT_SHARE,
            "max_gap": overlap.MAX_GAP,
            "gap_rule": overlap.GAP_RULE,
            "min_passage_words": overlap.MIN_PASSAGE_WORDS,
            "sentence_share": overlap.SENTENCE_SHARE,
            "sentence_end": SENTENCE_END,
            "max_occurrences": overlap.MAX_OCCURRENCES,
            "num_perm": reuse_sketch.NUM_PERM,
            "band_rows": reuse_sketch.BAND_ROWS,
            "seed": reuse_sketch.SEED,
            "max_bucket": tables.MAX_BUCKET,
            "samples_shared": tables.SAMPLES_SHARED,
            "sampled_containment": tables.SAMPLED_CONTAINMENT,
            "template_days": tables.TEMPLATE_DAYS,
            "sample_mod": overlap.SAMPLE_MOD,
            "credit_roles": tables.CREDIT_ROLES,
            "sketch_key": tables.SKETCH_KEY,
        },
        sort_keys=True,
    )


def update_reuse(
    store: Store, *, threshold: float, workers: int = 1, on_progress: Progress | None = None
) -> ReuseRound:
    """Run a round over `store` (open to write), then make its stories at `threshold` (the
    `reuse_threshold` setting): what share of one article's text another must hold to be its copy.
    `workers`: processes that sketch and check (0: one per core); a round of fewer than
    PARALLEL_MIN_ARTICLES articles and PAIR_CHUNK candidates stays in this process (starting the
    processes would cost more than it saves). Only this process writes the store."""
    if not 0 < threshold <= 1:
        raise UserError(f"reuse_threshold must be a share above 0 and at most 1, not {threshold!r}")
    workers = resolve_workers(workers)
    tables.prepare(store, settings())
    with store.bulk_writes():  # DuckDB within 1 GB: at a million articles it took 7.8 GB without
        total = tables.to_sketch_count(store)
        sketched = 0
        batches = tables.texts_to_sketch(store, BATCH_ROWS)
        for made in _mapped(reuse_tasks.sketches, batches, workers if total >= PARALLEL_MIN_ARTICLES else 1):
            tables.write_sketches(store, *made)
            sketched += made[0].num_rows
            if on_progress is not None:
                on_progress("sketched", sketched, total)
        candidates = tables.candidate_pairs(store)
        template = tables.template_hashes(store)
        found = 0
        chunks = (
            _texts_of(store, candidates.slice(start, PAIR_CHUNK), template)
            for start in range(0, candidates.num_rows, PAIR_CHUNK)
        )
        # checking reads only bodies: DuckDB lets go of what the joins held, for the workers' memory
        with store.memory_capped(CHECK_MEMORY_LIMIT):
            checking = _mapped(reuse_tasks.checked, chunks, workers if candidates.num_rows > PAIR_CHUNK else 1)
            for done, pairs in enumerate(checking, start=1):
                tables.write_pairs(store, pairs)
                found += pairs.num_rows
                if on_progress is not None:
                    on_progress("checked", min(done * PAIR_CHUNK, candidates.num_rows), candidates.num_rows)
    tables.finish_round(store)
    stories = make_stories(store, threshold)
    return ReuseRound(sketched, candidates.num_rows, found, stories)


def make_stories(store: Store, threshold: float) -> int:
    """Make the store's stories anew from its pairs at `threshold`; returns how many there are."""
    parent: dict[str, str] = {}

    def root(article_id: str) -> str:
        while parent.setdefault(article_id, article_id) != article_id:
            parent[article_id] = parent[parent[article_id]]
            article_id = parent[article_id]
        return article_id

    for a, b in tables.linked_pairs(store, threshold):
        parent[root(a)] = root(b)
    members = sorted(parent)
    stories = [root(m) for m in members]
    tables.write_stories(store, pa.table({"article_id": members, "story": stories}), threshold)
    return len(set(stories))


def _texts_of(store: Store, candidates: pa.Table, template: set[int]) -> reuse_tasks.Chunk:
    a_ids = candidates.column("article_id_a").to_pylist()
    b_ids = candidates.column("article_id_b").to_pylist()
    return reuse_tasks.Chunk(a_ids, b_ids, tables.bodies(store, sorted(set(a_ids) | set(b_ids))), template)


def _mapped(function: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[R]:
    """`function` of each task, in order: in this process for one worker, else on `workers` processes
    (spawned: never fork a process holding a DuckDB connection), at most two tasks each in flight."""
    if workers <= 1:
        yield from map(function, tasks)
        return
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: collections.deque[concurrent.futures.Future[R]] = collections.deque()
        for task in tasks:
            pending.append(pool.submit(function, task))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

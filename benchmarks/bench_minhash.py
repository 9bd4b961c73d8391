"""The MinHash library of the reuse sketches (issue 18: "datasketch, or rensa if its speed is worth
it; measure both"): time per article to sketch the shingles of the shared corpora's bodies, and how
far each library's Jaccard estimate strays from the exact Jaccard of the labelled pairs' shingle sets."""

from __future__ import annotations

import json
import math
import statistics
import time

import datasketch
import rensa

from analytics.evaluate.corpus import articles_for_refs
from analytics.ingest.manifest import load_manifest
from analytics.text.overlap import text_shingles
from analytics.text.words import words
from benchmarks.bench_reuse_accuracy import FIXTURES, REPO

NUM_PERMS = (64, 128, 256)
SEED = 1
ARTICLES = 5_000  # bodies sketched per library and size: those of the labelled pairs' corpora, in ref order
TITLE = "MinHash libraries for the reuse sketches (issue 18)"
NOTE = (
    f"Sketching {ARTICLES:,} bodies of the shared corpora (the labelled pairs' articles first, then others of their "
    "files): CPU µs per article for the MinHash of its 4-word shingles (words and shingles cut once, outside the "
    "timing). Error: the library's Jaccard estimate minus the exact Jaccard of the shingle sets, over the 249 "
    "development pairs (RMSE and the largest). datasketch.MinHash hashes each shingle with SHA-1 and permutes in "
    "numpy; rensa.RMinHash and CMinHash are Rust."
)


def run() -> list[dict]:
    pairs = [json.loads(line) for line in (FIXTURES / "reuse_pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    refs = sorted({p[side] for p in pairs for side in ("ref_a", "ref_b")})
    articles = articles_for_refs(refs, load_manifest(REPO / "data/manifests/shared_corpora.toml"))
    sets = {ref: _shingles(article.body or "") for ref, article in articles.items()}
    bodies = [s for s in sets.values() if s]
    bodies = (bodies * math.ceil(ARTICLES / len(bodies)))[:ARTICLES]
    rows = []
    for num_perm in NUM_PERMS:
        for name, sketch in _LIBRARIES.items():
            started = time.process_time()
            for shingle_set in bodies:
                sketch(shingle_set, num_perm)
            micros = (time.process_time() - started) / len(bodies) * 1e6
            errors = [
                _estimate(sketch, sets[p["ref_a"]], sets[p["ref_b"]], num_perm)
                - _jaccard(sets[p["ref_a"]], sets[p["ref_b"]])
                for p in pairs
                if sets[p["ref_a"]] and sets[p["ref_b"]]
            ]
            rows.append(
                {
                    "library": name,
                    "num_perm": num_perm,
                    "µs per article": f"{micros:,.0f}",
                    "Jaccard error RMSE": f"{math.sqrt(statistics.fmean(e * e for e in errors)):.3f}",
                    "largest error": f"{max(map(abs, errors)):.3f}",
                }
            )
    return rows


def _shingles(body: str) -> list[str]:
    return sorted(set(text_shingles(words(body))))


def _datasketch(shingle_set: list[str], num_perm: int) -> list[int]:
    signature = datasketch.MinHash(num_perm=num_perm, seed=SEED)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    return list(signature.hashvalues)


def _rensa(kind) -> object:
    def sketch(shingle_set: list[str], num_perm: int) -> list[int]:
        signature = kind(num_perm, SEED)
        signature.update(shingle_set)
        return list(signature.digest())

    return sketch


_LIBRARIES = {
    "datasketch MinHash": _datasketch,
    "rensa RMinHash": _rensa(rensa.RMinHash),
    "rensa CMinHash": _rensa(rensa.CMinHash),
}


def _estimate(sketch, a: list[str], b: list[str], num_perm: int) -> float:
    x, y = sketch(a, num_perm), sketch(b, num_perm)
    return sum(1 for u, v in zip(x, y, strict=True) if u == v) / num_perm


def _jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


AFTER = (
    "The reuse sketches use rensa's RMinHash with 128 permutations (analytics.enrich.reuse_sketch): as accurate as "
    "datasketch and about 35 times as fast, which at a million articles is about 6 CPU minutes against 10 seconds."
)

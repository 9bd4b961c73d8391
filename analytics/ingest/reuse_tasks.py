"""The tasks of a reuse round (analytics.ingest.reuse) that run on its worker processes: sketching
a batch of texts, checking a chunk of candidate pairs. They take and return plain values and Arrow
tables, never the store itself: only the round's own process reads and writes it."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pyarrow as pa

from analytics.enrich import reuse_sketch
from analytics.store.reuse import PAIR_SCHEMA
from analytics.text import overlap
from analytics.text.words import Words, words


@dataclasses.dataclass(frozen=True)
class Chunk:
    """Candidate pairs to check, with the texts they need (body and credit spans) and the template hashes."""

    a_ids: list[str]
    b_ids: list[str]
    texts: dict[str, tuple[str, list[list[int]]]]
    template: set[int]


def checked(chunk: Chunk) -> pa.Table:
    """The chunk's pairs that share text other than the corpus's template text, checked exactly (PAIR_SCHEMA)."""
    cut: dict[str, Words] = {}
    rows: dict[str, list] = {name: [] for name in PAIR_SCHEMA.names}
    for a, b in zip(chunk.a_ids, chunk.b_ids, strict=True):
        for article_id in (a, b):
            if article_id not in cut:
                body, credits = chunk.texts.get(article_id, ("", []))
                cut[article_id] = words(overlap.blanked(body, credits))
        shared = overlap.overlap_of(cut[a], cut[b], template=chunk.template)
        if not shared.passages:
            continue
        rows["article_id_a"].append(a)
        rows["article_id_b"].append(b)
        rows["containment_a"].append(shared.containment_a)
        rows["containment_b"].append(shared.containment_b)
        rows["passages"].append(json.dumps([[p.a_start, p.a_end, p.b_start, p.b_end] for p in shared.passages]))
    return pa.table(rows, schema=PAIR_SCHEMA)


def sketches(batch: pa.RecordBatch) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Of a batch's articles: (article_id, sketch_key), their bands (article_id, band, hash,
    day) and their sampled shingles (article_id, hash, day)."""
    ids, keys, days, bodies, credits = (
        batch.column(name).to_pylist() for name in ("article_id", "sketch_key", "day", "body", "credits")
    )
    bands: dict[str, list] = {"article_id": [], "day": [], "hash": []}
    sampled: dict[str, list] = {"article_id": [], "day": [], "hash": []}
    for article_id, day, body, spans in zip(ids, days, bodies, credits, strict=True):
        text_shingles = overlap.text_shingles(words(overlap.blanked(body or "", spans or [])))
        article_hashes = reuse_sketch.band_hashes(text_shingles)
        if article_hashes is None:
            continue
        bands["article_id"].extend([article_id] * reuse_sketch.BANDS)
        bands["day"].extend([day] * reuse_sketch.BANDS)
        bands["hash"].append(article_hashes)
        hashes = sorted(overlap.sampled_hashes(text_shingles))
        sampled["article_id"].extend([article_id] * len(hashes))
        sampled["day"].extend([day] * len(hashes))
        sampled["hash"].extend(hashes)
    band_hashes = np.concatenate(bands["hash"]) if bands["hash"] else np.zeros(0, dtype=np.uint64)
    band_numbers = np.tile(np.arange(reuse_sketch.BANDS, dtype=np.int16), len(bands["hash"]))
    return (
        pa.table({"article_id": pa.array(ids, pa.string()), "sketch_key": pa.array(keys, pa.string())}),
        pa.table(
            {
                "article_id": pa.array(bands["article_id"], pa.string()),
                "band": pa.array(band_numbers),
                "hash": pa.array(band_hashes),
                "day": pa.array(bands["day"], pa.date32()),
            }
        ),
        pa.table(
            {
                "article_id": pa.array(sampled["article_id"], pa.string()),
                "hash": pa.array(sampled["hash"], pa.uint32()),
                "day": pa.array(sampled["day"], pa.date32()),
            }
        ),
    )

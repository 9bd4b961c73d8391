"""Our ingest next to the naive notebook way, on the same 10,000 records, and both scored on the gold files.

The naive way is what a researcher writes in a notebook: pandas reads the files, one
`str.contains` per agency alias (every alias of our registry, so the same agencies,
with the registry's letter case and word boundaries: `\\bAFP\\b`) marks the agencies an
article names, and `dateparser.parse` reads each date. It finds names and dates, nothing
else; our ingest does all of ingest (reading, cleaning, dates, attribution with roles,
event dates, tags and keywords, the store), end to end.

Accuracy on the gold files (../shared/corpora/gold_dev.jsonl and tests/fixtures/
gold_holdout.jsonl): agencies per article (precision, recall, F1 over (article, agency)
pairs; the naive way has no roles), and the share of gold publication dates reproduced.
Both read the same article text (title and body, as our readers give them); the naive
way gets the raw date value our readers picked, which is generous to it.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
import time
from typing import Any

import dateparser
import pandas as pd

from analytics.enrich.attribution import load_registry
from analytics.enrich.attribution.detect import Attribution
from analytics.evaluate.corpus import articles_for_refs
from analytics.evaluate.scoring import evaluate, evaluate_articles, read_gold
from analytics.ingest.manifest import load_manifest
from benchmarks import bench_ingest, scaled

SUBSET = 10_000
GOLD_FILES = (scaled.CORPORA / "gold_dev.jsonl", scaled.REPO / "tests/fixtures/gold_holdout.jsonl")
# The columns a researcher would pick from each kind of file: title, body, date.
COLUMNS = {
    "ag_news": ("title", "description", "date"),
    "indonews_new": ("judul", "isi_berita", "tanggal_publikasi"),
    "indonews_old": ("title", "content", "date"),
    "kcna": ("headline", "story_text", "date"),
    "reuters": ("title", "body", "published_raw"),
}


def run() -> list[dict]:
    corpus = scaled.build(SUBSET)
    registry = load_registry()
    patterns = alias_patterns(registry)

    started = time.perf_counter()
    frame = read_naively(corpus.folder)
    agencies = naive_agencies(frame["text"], patterns)
    dates = frame["date"].map(naive_date)
    naive_seconds = time.perf_counter() - started

    ours = {workers: bench_ingest.measure(corpus, workers)["seconds"] for workers in (1, 2)}
    naive_scores, our_scores = accuracy(registry, patterns)
    rows = [
        {
            "method": "naive: pandas str.contains per alias + dateparser.parse per date",
            "records": len(frame),
            "wall s": round(naive_seconds, 1),
            "records/s": round(len(frame) / naive_seconds),
            "our speed-up": "1",
            **naive_scores,
            "found": f"{int(agencies.any(axis=1).sum()):,} articles naming an agency, {int(dates.notna().sum()):,} dates",
        }
    ]
    for workers, seconds in ours.items():
        rows.append(
            {
                "method": f"ours: media-analytics ingest, {workers} worker{'s' if workers > 1 else ''}",
                "records": corpus.records,
                "wall s": round(seconds, 1),
                "records/s": round(corpus.records / seconds),
                "our speed-up": f"{naive_seconds / seconds:.1f}x",
                **our_scores,
                "found": "see the store",
            }
        )
    return rows


def alias_patterns(registry) -> list[tuple[str, str, bool]]:
    """(agency, regular expression, case sensitive) for every alias of the registry."""
    patterns = []
    for agency in registry.agencies:
        for alias in agency.aliases:
            text = re.escape(alias.text)
            bounded = alias.text[0].isascii() and alias.text[-1].isascii()  # CJK names sit between other characters
            patterns.append((agency.id, rf"\b{text}\b" if bounded else text, alias.case_sensitive))
    return patterns


def read_naively(folder: pathlib.Path) -> pd.DataFrame:
    """Every file of the scaled corpus, read with pandas, as title, body, date and text columns."""
    frames = []
    for stream, (title, body, date) in COLUMNS.items():
        for path in sorted((folder / stream).glob("part-*")):
            if path.suffix == ".csv":
                raw = pd.read_csv(path, dtype=str, keep_default_na=False)
            else:
                raw = pd.read_json(path, lines=True, dtype=False)
            frames.append(pd.DataFrame({"title": raw[title], "body": raw[body], "date": raw[date]}))
    frame = pd.concat(frames, ignore_index=True)
    frame["text"] = frame["title"].fillna("").astype(str) + "\n" + frame["body"].fillna("").astype(str)
    return frame


def naive_agencies(text: pd.Series, patterns: list[tuple[str, str, bool]]) -> pd.DataFrame:
    """One boolean column per agency: does any of its aliases occur in the text."""
    found: dict[str, pd.Series] = {}
    for agency, pattern, case_sensitive in patterns:
        hit = text.str.contains(pattern, case=case_sensitive, regex=True)
        found[agency] = hit if agency not in found else found[agency] | hit
    return pd.DataFrame(found)


def naive_date(value: Any, *, languages: list[str] | None = None) -> dt.datetime | None:
    """`dateparser.parse` of the value (in `languages`, else those it detects); None when empty."""
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return None
    return dateparser.parse(str(value), languages=languages)


def accuracy(registry, patterns) -> tuple[dict, dict]:
    """Agency precision/recall/F1 and the share of gold dates reproduced, naive and ours."""
    gold = [g for path in GOLD_FILES for g in read_gold(path)]
    manifest = load_manifest(scaled.SHARED_MANIFEST, root=scaled.CORPORA)
    articles = articles_for_refs([g.ref for g in gold], manifest)
    ours = evaluate_articles(gold, articles, registry)
    naive_predictions = {}
    for ref, article in articles.items():
        text = pd.Series([f"{article.title or ''}\n{article.body or ''}"])
        hits = naive_agencies(text, patterns).iloc[0]
        naive_predictions[ref] = [
            Attribution(agency, "cited", "body", 0, 0, "", 1.0, 1) for agency, hit in hits.items() if hit
        ]
    naive = evaluate(gold, naive_predictions, missing=[g.ref for g in gold if g.ref not in articles])

    dated = [
        (json.loads(line)["ref"], json.loads(line)["published"])
        for path in GOLD_FILES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line).get("published")
    ]
    naive_dates = our_dates = 0
    for ref, expected in dated:
        article = articles.get(ref)
        if article is None:
            continue
        want = dt.datetime.fromisoformat(expected)
        ours_at = article.published_local if want.tzinfo is None else article.published_at
        our_dates += ours_at == want
        got = naive_date(article.published_raw)
        if got is not None:
            if got.tzinfo is None or want.tzinfo is None:  # wall-clock time against wall-clock time
                naive_dates += got.replace(tzinfo=None) == want.replace(tzinfo=None)
            else:
                naive_dates += got == want
    scores = []
    for evaluation, dates_right in ((naive, naive_dates), (ours, our_dates)):
        score = evaluation.agency_only
        scores.append(
            {
                "agency precision": f"{score.precision:.3f}",
                "agency recall": f"{score.recall:.3f}",
                "agency F1": f"{score.f1:.3f}",
                "gold dates right": f"{dates_right}/{len(dated)}",
            }
        )
    return scores[0], scores[1]


TITLE = "Naive notebook baseline"
NOTE = (
    f"The first {SUBSET:,} records of the scaled corpus (benchmarks/scaled.py). Naive: pandas reads the files, one "
    "`str.contains(r'\\bALIAS\\b', case=...)` per alias of our registry (same agencies, same letter case) and "
    "`dateparser.parse` per date; it finds names and dates only. Ours: the whole ingest, end to end, into a new store. "
    "Accuracy on the gold files (gold_dev.jsonl and tests/fixtures/gold_holdout.jsonl, the same article text for both): "
    "agencies per article, and gold publication dates reproduced (the naive way is handed the raw date our readers "
    "picked; a naive datetime is compared as wall-clock time)."
)


if __name__ == "__main__":
    for row in run():
        print(row)

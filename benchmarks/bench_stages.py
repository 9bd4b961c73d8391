"""What each stage of ingest costs per record (issue 16): the first STAGE_RECORDS records of the
big Indonesian CSV (benchmarks/bench_bigfile), every stage timed on its own over all of them, in
one process, through the stages' public functions in the order ingest runs them
(analytics.ingest.extract.iter_batches).

Publication dates and event dates run inside normalisation (normalize.to_article); they are
timed again on their own (dates.pick_published over the record's date candidates, events.event_date
over the article's body) and taken out of normalisation's time. Keywords run inside tags_of
(for an article without editor tags): the tags are timed without them (keyword_count=0) and
keywords.extract on its own for those articles.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pathlib
import tempfile
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from analytics.enrich import keywords
from analytics.enrich.attribution.tables import credits_of
from analytics.enrich.derive import Derived, with_outlet
from analytics.enrich.tags import KEYWORD_COUNT, tags_of
from analytics.ingest import fieldmap, normalize
from analytics.ingest.extract import DEFAULT_BATCH_SIZE, Extraction, table_batch, warm_up
from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import with_date_order
from analytics.ingest.readers.base import RawRecord
from analytics.ingest.sources import discover, read_input
from analytics.store.store import Store
from analytics.text import dates, events
from benchmarks import bench_bigfile, scaled

STAGE_RECORDS = 10_000
# Issue 16's figures before and after its changes, kept by hand beside the tables this module writes.
ISSUE_16 = pathlib.Path(__file__).with_name("issue16.md")
T = TypeVar("T")
_summary: dict = {}


def run() -> list[dict]:
    corpus = scaled.build_one_file(bench_bigfile.STREAM, bench_bigfile.BIG_RECORDS)
    seconds, records = measure(corpus.manifest, STAGE_RECORDS)
    total = sum(seconds.values())
    _summary.update(records=records, total_us=total / records * 1e6)
    rows = [
        {"stage": stage, "µs/record": round(s / records * 1e6, 1), "share": f"{s / total:.1%}"}
        for stage, s in seconds.items()
    ]
    rows.append({"stage": "total", "µs/record": round(total / records * 1e6, 1), "share": "100.0%"})
    return rows


def measure(manifest_path: pathlib.Path, limit: int) -> tuple[dict[str, float], int]:
    """Seconds per stage over the first `limit` records of the manifest's first file, and how many records."""
    manifest = load_manifest(manifest_path)
    spec = manifest.sources[0]
    item = with_date_order(spec, *discover(spec, manifest.root))[1][0]
    spec = item.spec
    extraction = Extraction()
    registry, aliases, outlets = extraction.load()
    warm_up(extraction)
    ingested_at = dt.datetime.now(dt.UTC)
    seconds: dict[str, float] = {}

    read = _timed(seconds, "reading (read_input)", lambda: list(itertools.islice(read_input(item), limit)))
    raws = [r for r in read if isinstance(r, RawRecord)]
    names = list(raws[0].fields)
    mapping = fieldmap.explicit_mapping(spec.field_spec(), names) if spec.fields else fieldmap.guess_mapping(names)
    mapped = _timed(seconds, "field mapping", lambda: [mapping.apply(r.fields) for r in raws])
    articles = _timed(
        seconds,
        "normalisation (to_article)",
        lambda: _articles(mapped, raws, spec=spec, ingested_at=ingested_at),
    )
    languages = (spec.language,) if spec.language else None
    _timed(
        seconds,
        "publication dates (dates.pick_published)",
        lambda: [
            dates.pick_published(
                [fields.get(name) for name in normalize.DATE_CANDIDATES],
                default_tz=spec.timezone,
                languages=languages,
                order=spec.date_order,
                date_format=spec.date_format,
            )
            for fields in mapped
        ],
    )
    _timed(
        seconds,
        "event dates (events.event_date)",
        lambda: [
            events.event_date(a.body, a.published_local, language=spec.language or a.language)
            for a in articles
            if a.published_local is not None
        ],
    )
    seconds["normalisation (to_article)"] -= (
        seconds["publication dates (dates.pick_published)"] + seconds["event dates (events.event_date)"]
    )
    articles = _timed(seconds, "outlet (derive.with_outlet)", lambda: [with_outlet(a, outlets) for a in articles])
    credits = _timed(seconds, "attribution (credits_of: detector)", lambda: [credits_of(a, registry) for a in articles])
    tags = _timed(
        seconds,
        "tags (tags_of without keywords)",
        lambda: [tuple(tags_of(a, aliases=aliases, keyword_count=0)) for a in articles],
    )
    untagged = [a for a, rows in zip(articles, tags, strict=True) if not any(r.kind == "tag" for r in rows)]
    _timed(
        seconds,
        "keywords (keywords.extract)",
        lambda: [keywords.extract(a.title, a.body, a.language, top=KEYWORD_COUNT) for a in untagged],
    )
    tags = [tuple(tags_of(a, aliases=aliases)) for a in articles]  # the rows ingest stores, untimed
    derived = [Derived(c, t) for c, t in zip(credits, tags, strict=True)]
    batches = _timed(
        seconds,
        "table batch (Arrow)",
        lambda: [
            table_batch(
                articles[at : at + DEFAULT_BATCH_SIZE], derived[at : at + DEFAULT_BATCH_SIZE], [], file_ref=item.ref
            )
            for at in range(0, len(articles), DEFAULT_BATCH_SIZE)
        ],
    )
    with tempfile.TemporaryDirectory() as folder, Store.open(pathlib.Path(folder) / "stages.duckdb") as store:
        run_id = store.start_run("bench_stages")
        with store.bulk_writes():
            _timed(
                seconds,
                "store write (Store.write_tables)",
                lambda: [store.write_tables(b, run_id=run_id, file_ref=item.ref) for b in batches],
            )
    return seconds, len(raws)


def _articles(mapped: list[dict], raws: list[RawRecord], **settings: Any) -> list:
    out = []
    for fields, raw in zip(mapped, raws, strict=True):
        try:
            out.append(normalize.to_article(fields, source_ref=raw.source_ref, **settings))
        except normalize.NoContent:
            continue
    return out


def _timed(seconds: dict[str, float], stage: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    seconds[stage] = time.perf_counter() - started
    return result


def AFTER() -> str:
    issue = ISSUE_16.read_text(encoding="utf-8").rstrip("\n")
    if not _summary:
        return issue
    rate = 1e6 / _summary["total_us"]
    return (
        f"{_summary['total_us']:,.0f} µs per record in all: about {rate:,.0f} records/s on one core, "
        f"{2 * rate:,.0f} on two at best.\n\n{issue}"
    )


TITLE = "Ingest stages, µs per record (issue 16)"
NOTE = (
    f"The first {STAGE_RECORDS:,} records of the big Indonesian CSV above, each stage timed on its own over all of "
    "them in one process (benchmarks/bench_stages.py), through the stages' public functions in ingest's order. "
    "Publication dates and event dates run inside normalisation and are timed again on their own and taken out of "
    "it; the tags are timed without keywords, and keywords on their own. Store write: the records' batches into a new store."
)


def _print(rows: Iterable[dict]) -> None:
    for row in rows:
        print(f"{row['stage']:45s} {row['µs/record']:>9,.1f} {row['share']:>7s}")


if __name__ == "__main__":
    _print(run())
    print(AFTER())

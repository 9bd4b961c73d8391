"""Recomputing what ingest derived, over a whole store, after the rules changed:
attributions after the agency registry changed, tags after the tag aliases changed, the
outlet columns after the outlet registry changed. Each is one iteration over the stored
articles written in one transaction. Stories are not merged again: an article keeps the
records it gathered under the outlets of its ingest."""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator
from typing import TypeVar

import pyarrow as pa

from analytics.enrich.attribution.registry import Registry
from analytics.enrich.attribution.tables import attribution_table, credit_table, credits_of
from analytics.enrich.derive import outlet_table, tag_table
from analytics.enrich.outlets import OutletRegistry
from analytics.enrich.tags import TagAliases, tags_of
from analytics.store.store import OUTLETS_META, REGISTRY_META, Store

BATCH_ROWS = 5_000
# What the detector and the tagger read of an article.
DETECTOR_COLUMNS = ("article_id", "title", "author", "captions", "body", "source_line", "outlet", "url")
TAGGER_COLUMNS = ("article_id", "title", "body", "language", "tags", "places", "section", "sections")
RESOLVER_COLUMNS = ("article_id", "url", "outlet")  # what the outlet resolver reads
Progress = Callable[[int], None]
T = TypeVar("T")


def reattribute(store: Store, registry: Registry, *, on_progress: Progress | None = None) -> int:
    """Attribute every stored article again with `registry`; returns the number of articles."""

    def tables(articles: list) -> dict[str, pa.Table]:
        credits = [credits_of(a, registry) for a in articles]
        return {"attributions": attribution_table(credits), "article_credits": credit_table(credits)}

    return _recompute(store, DETECTOR_COLUMNS, tables, {REGISTRY_META: json.dumps(list(registry.files))}, on_progress)


def retag(store: Store, aliases: TagAliases, *, on_progress: Progress | None = None) -> int:
    """Tag every stored article again with `aliases`; returns the number of articles."""

    def tables(articles: list) -> dict[str, pa.Table]:
        return {"tags": tag_table((a.article_id, tags_of(a, aliases=aliases)) for a in articles)}

    return _recompute(
        store,
        TAGGER_COLUMNS,
        tables,
        {"tag_aliases": json.dumps(str(aliases.path) if aliases.path else None)},
        on_progress,
    )


def reoutlet(store: Store, outlets: OutletRegistry, *, on_progress: Progress | None = None) -> int:
    """Resolve every stored article's outlet columns again with `outlets`; returns the number of
    articles. Stories are not merged again (an article's duplicates stay as they were placed)."""
    store.update_articles(
        _batches(store, RESOLVER_COLUMNS, lambda articles: outlet_table(articles, outlets), on_progress),
        meta={OUTLETS_META: json.dumps(list(outlets.files))},
    )
    return store.one("SELECT count(*) FROM articles")[0]


def _recompute(
    store: Store,
    columns: tuple[str, ...],
    tables: Callable[[list], dict[str, pa.Table]],
    meta: dict[str, str],
    on_progress: Progress | None,
) -> int:
    names = tuple(tables([]))
    store.replace_tables(names, _batches(store, columns, tables, on_progress), meta=meta)
    return store.one("SELECT count(*) FROM articles")[0]


def _batches(
    store: Store, columns: tuple[str, ...], make: Callable[[list], T], on_progress: Progress | None
) -> Iterator[T]:
    """What `make` makes of each batch of stored articles (with these columns, as objects)."""
    for rows in store.iter_articles(columns, batch_rows=BATCH_ROWS):
        yield make([types.SimpleNamespace(**row) for row in rows])
        if on_progress is not None:
            on_progress(len(rows))

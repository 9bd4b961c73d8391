"""Recomputing what ingest derived, over a whole store, after the rules changed:
attributions after the agency registry changed, tags after the tag aliases changed."""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator

import pyarrow as pa

from analytics.enrich.attribution.registry import Registry
from analytics.enrich.attribution.tables import attribution_table, credit_table, credits_of
from analytics.enrich.derive import tag_table
from analytics.enrich.tags import TagAliases, tags_of
from analytics.store.store import REGISTRY_META, Store

BATCH_ROWS = 5_000
# What the detector and the tagger read of an article.
DETECTOR_COLUMNS = ("article_id", "title", "author", "captions", "body", "source_line", "outlet", "url")
TAGGER_COLUMNS = ("article_id", "title", "body", "language", "tags", "places", "section", "sections")
Progress = Callable[[int], None]


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


def _recompute(
    store: Store,
    columns: tuple[str, ...],
    tables: Callable[[list], dict[str, pa.Table]],
    meta: dict[str, str],
    on_progress: Progress | None,
) -> int:
    count = 0

    def batches() -> Iterator[dict[str, pa.Table]]:
        nonlocal count
        for rows in store.iter_articles(columns, batch_rows=BATCH_ROWS):
            yield tables([types.SimpleNamespace(**row) for row in rows])
            count += len(rows)
            if on_progress is not None:
                on_progress(len(rows))

    names = tuple(tables([]))
    store.replace_tables(names, batches(), meta=meta)
    return count

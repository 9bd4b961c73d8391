"""Attribution over a whole store: recompute it after the registry changed, read it back for scoring."""
from __future__ import annotations

import types
from typing import Callable, Iterable, Iterator

from analytics.attribution.detect import Attribution
from analytics.attribution.registry import Registry
from analytics.attribution.tables import Credits, credits_of
from analytics.schema import ATTRIBUTION_SCHEMA
from analytics.store import Store

# What the detector reads of an article.
DETECTOR_COLUMNS = ("article_id", "title", "author", "captions", "body", "source_line", "outlet", "url")
RECOMPUTE_BATCH_ROWS = 5_000


def recompute(store: Store, registry: Registry, *, on_progress: Callable[[int], None] | None = None) -> int:
    """Attribute every stored article again with `registry`; returns the number of articles."""

    def batches() -> Iterator[list[Credits]]:
        for rows in store.iter_articles(DETECTOR_COLUMNS, batch_rows=RECOMPUTE_BATCH_ROWS):
            yield [credits_of(types.SimpleNamespace(**row), registry) for row in rows]
            if on_progress is not None:
                on_progress(len(rows))

    return store.replace_credits(batches(), registry_files=registry.files)


def stored_predictions(store: Store, refs: Iterable[str]) -> tuple[dict[str, list[Attribution]], list[str]]:
    """The stored attributions of each ref (a stored article, or a duplicate of one), and the refs
    the store does not know."""
    refs = list(refs)
    con = store.connection
    by_ref = dict(
        con.execute(
            "SELECT source_ref, article_id FROM articles WHERE source_ref IN (SELECT unnest(?)) "
            "UNION ALL SELECT source_ref, article_id FROM duplicates WHERE source_ref IN (SELECT unnest(?))",
            [refs, refs],
        ).fetchall()
    )
    names = ", ".join(f'"{n}"' for n in ATTRIBUTION_SCHEMA.names)
    rows = con.execute(
        f"SELECT {names} FROM attributions WHERE article_id IN (SELECT unnest(?))", [list(by_ref.values())]
    ).fetchall()
    found: dict[str, list[Attribution]] = {}
    for article_id, *values in rows:
        found.setdefault(article_id, []).append(Attribution(*values))
    predictions = {ref: found.get(article_id, []) for ref, article_id in by_ref.items()}
    return predictions, [ref for ref in refs if ref not in by_ref]

"""Stored attributions read back for scoring."""

from __future__ import annotations

from collections.abc import Iterable

from analytics.enrich.attribution.detect import Attribution
from analytics.schema import ATTRIBUTION_SCHEMA
from analytics.store.store import Store


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

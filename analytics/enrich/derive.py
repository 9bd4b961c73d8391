"""What ingest derives from each article besides the article itself: its attributions
and its tags, and the Arrow tables they become (analytics.store.tables.TableBatch carries
them to the store)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from analytics.enrich.attribution.registry import Registry
from analytics.enrich.attribution.tables import Credits, attribution_table, credit_table, credits_of
from analytics.enrich.tags import TagAliases, TagRow, tags_of
from analytics.schema import TAG_SCHEMA


@dataclasses.dataclass(frozen=True)
class Derived:
    """What was derived from one article: its credits (attributions) and its tags."""

    credits: Credits
    tags: tuple[TagRow, ...]


def derive(article: Any, *, registry: Registry, aliases: TagAliases) -> Derived:
    """Attribute and tag one article."""
    return Derived(credits_of(article, registry), tuple(tags_of(article, aliases=aliases)))


def tag_table(rows: Iterable[tuple[str, Iterable[TagRow]]]) -> pa.Table:
    """The tags table rows of (article_id, tag rows) pairs."""
    flat = [(article_id, t) for article_id, tags in rows for t in tags]
    return pa.Table.from_pydict(
        {
            "article_id": [a for a, _ in flat],
            "kind": [t.kind for _, t in flat],
            "tag": [t.tag for _, t in flat],
            "label": [t.label for _, t in flat],
        },
        schema=TAG_SCHEMA,
    )


def derived_tables(derived: list[Derived]) -> dict[str, pa.Table]:
    """The attributions, article_credits and tags tables of a batch's derived rows."""
    credits = [d.credits for d in derived]
    return {
        "attributions": attribution_table(credits),
        "article_credits": credit_table(credits),
        "tags": tag_table((d.credits.article_id, d.tags) for d in derived),
    }

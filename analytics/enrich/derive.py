"""What ingest derives from each article: its canonical outlet (the article's own outlet
columns), its attributions and its tags, and the Arrow tables they become
(analytics.store.tables.TableBatch carries them to the store)."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from analytics.enrich.attribution.registry import Registry
from analytics.enrich.attribution.tables import Credits, attribution_table, credit_table, credits_of
from analytics.enrich.outlets import OutletRegistry, resolve_outlet
from analytics.enrich.tags import TagAliases, TagRow, tags_of
from analytics.schema import ARROW_SCHEMA, TAG_SCHEMA, Article

# The article columns an outlet resolution fills, in the order of OutletMatch's fields they take.
OUTLET_COLUMNS = ("outlet_id", "outlet_name", "outlet_kind", "channel", "outlet_method", "outlet_issue")
OUTLET_SCHEMA = pa.schema([ARROW_SCHEMA.field("article_id"), *(ARROW_SCHEMA.field(c) for c in OUTLET_COLUMNS)])


@dataclasses.dataclass(frozen=True)
class Derived:
    """What was derived from one article: its credits (attributions) and its tags."""

    credits: Credits
    tags: tuple[TagRow, ...]


def derive(article: Any, *, registry: Registry, aliases: TagAliases) -> Derived:
    """Attribute and tag one article."""
    return Derived(credits_of(article, registry), tuple(tags_of(article, aliases=aliases)))


def derive_joining(article: Any, *, aliases: TagAliases) -> Derived:
    """What the store keeps of a record that joins a story another record shows
    (analytics.store.stories): its editor tags, places and sections, gathered into the story.
    Its attributions and machine keywords would be dropped, so they are not derived (no
    attribution, no keyword)."""
    credits = Credits(article.article_id, (), wire_copy=False, primary_agency=None)
    return Derived(credits, tuple(tags_of(article, aliases=aliases, keyword_count=0)))


def outlet_columns(outlets: OutletRegistry, *, url: str | None, raw_name: str | None) -> dict[str, str | None]:
    """The outlet columns (OUTLET_COLUMNS) of an article with this URL and raw outlet name
    (analytics.enrich.outlets.resolve_outlet): `outlet_method` is how the outlet was found,
    `outlet_issue` why there is none."""
    match = resolve_outlet(outlets, url=url, raw_name=raw_name)
    values = (match.outlet_id, match.outlet_name, match.outlet_kind, match.channel, match.method, match.reason)
    return dict(zip(OUTLET_COLUMNS, values, strict=True))


def with_outlet(article: Article, outlets: OutletRegistry) -> Article:
    """The article with its outlet columns filled from its URL and raw `outlet` (kept as read)."""
    filled = copy.copy(article)  # (not dataclasses.replace: that runs __init__ over every column again)
    vars(filled).update(outlet_columns(outlets, url=article.url, raw_name=article.outlet))
    return filled


def outlet_table(articles: Iterable[Any], outlets: OutletRegistry) -> pa.Table:
    """article_id and the outlet columns of each article (anything with `article_id`, `url`
    and `outlet`), resolved with `outlets`."""
    rows = [{"article_id": a.article_id, **outlet_columns(outlets, url=a.url, raw_name=a.outlet)} for a in articles]
    return pa.Table.from_pylist(rows, schema=OUTLET_SCHEMA)


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

"""What ingest derives from each article besides the article itself: its attributions
and its tags, and the store tables they become."""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable

import pyarrow as pa

from analytics.enrich.attribution.registry import Registry
from analytics.enrich.attribution.tables import Credits, attribution_table, credit_table, credits_of
from analytics.ingest.readers.base import BadRecord
from analytics.schema import TAG_SCHEMA, Article, to_arrow
from analytics.enrich.tags import TagAliases, TagRow, tags_of

DUPLICATE_SCHEMA = pa.schema([pa.field("source_ref", pa.string()), pa.field("article_id", pa.string())])
QUARANTINE_SCHEMA = pa.schema(
    [pa.field(name, pa.string()) for name in ("source_ref", "reason", "excerpt", "file_ref")]
)


@dataclasses.dataclass(frozen=True)
class Derived:
    credits: Credits
    tags: tuple[TagRow, ...]


def derive(article: Any, *, registry: Registry, aliases: TagAliases) -> Derived:
    return Derived(credits_of(article, registry), tuple(tags_of(article, aliases=aliases)))


def tag_table(rows: Iterable[tuple[str, Iterable[TagRow]]]) -> pa.Table:
    """The tags table rows of (article_id, tag rows) pairs."""
    flat = [(article_id, t) for article_id, tags in rows for t in tags]
    return pa.Table.from_pydict(
        {
            "article_id": [a for a, _ in flat], "kind": [t.kind for _, t in flat],
            "tag": [t.tag for _, t in flat], "label": [t.label for _, t in flat],
        },
        schema=TAG_SCHEMA,
    )


def derived_tables(derived: list[Derived]) -> dict[str, pa.Table]:
    credits = [d.credits for d in derived]
    return {
        "attributions": attribution_table(credits),
        "article_credits": credit_table(credits),
        "tags": tag_table((d.credits.article_id, d.tags) for d in derived),
    }


@dataclasses.dataclass
class TableBatch:
    """One batch of records as the store takes it, all Arrow (cheap to pickle):

    - `articles`: the first record of each article_id in the batch, in record order;
    - `repeats`: (source_ref, article_id) of the batch's later records of an article_id
      it already holds (duplicates whatever the store holds);
    - `derived`: the attributions, credits and tags of `articles`;
    - `quarantine`: the bad records (source_ref, reason, excerpt, file_ref).
    """

    articles: pa.Table
    repeats: pa.Table
    derived: dict[str, pa.Table] | None
    quarantine: pa.Table

    @property
    def records(self) -> int:
        return self.articles.num_rows + self.repeats.num_rows + self.quarantine.num_rows

    def bad_records(self, limit: int) -> list[BadRecord]:
        """The first `limit` quarantined records, as BadRecords."""
        rows = self.quarantine.slice(0, limit).to_pylist()
        return [BadRecord(r["source_ref"], r["reason"], r["excerpt"]) for r in rows]


def table_batch(
    articles: list[Article], derived: list[Derived] | None, bad: list[BadRecord], *, file_ref: str | list[str],
) -> TableBatch:
    """A batch of articles (with what was derived from each, in the same order, or None)
    and bad records (from the input `file_ref`, or one file ref per bad record)."""
    first: dict[str, int] = {}
    repeats: list[Article] = []
    for n, article in enumerate(articles):
        if article.article_id in first:
            repeats.append(article)
        else:
            first[article.article_id] = n
    unique = [articles[n] for n in first.values()]
    file_refs = [file_ref] * len(bad) if isinstance(file_ref, str) else file_ref
    return TableBatch(
        articles=to_arrow(unique),
        repeats=pa.Table.from_pydict(
            {"source_ref": [a.source_ref for a in repeats], "article_id": [a.article_id for a in repeats]},
            schema=DUPLICATE_SCHEMA,
        ),
        derived=None if derived is None else derived_tables([derived[n] for n in first.values()]),
        quarantine=pa.Table.from_pydict(
            {
                "source_ref": [b.source_ref for b in bad], "reason": [b.reason for b in bad],
                "excerpt": [b.excerpt for b in bad], "file_ref": list(file_refs),
            },
            schema=QUARANTINE_SCHEMA,
        ),
    )

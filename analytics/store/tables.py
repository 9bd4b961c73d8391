"""The batch the store takes from ingest: Arrow tables only, cheap to pickle and to hand over."""

from __future__ import annotations

import dataclasses

import pyarrow as pa

from analytics.schema import BadRecord

RECORD_COLUMN = "source_ref"  # the column of a derived row naming the record it was derived from
DERIVED_TABLES = ("attributions", "article_credits", "tags")  # a batch's derived tables, as the store names them
# The primary key of each derived table: what one article holds once.
DERIVED_KEYS = {
    "attributions": ("article_id", "agency", "role"),
    "article_credits": ("article_id",),
    "tags": ("article_id", "kind", "tag"),
}


@dataclasses.dataclass
class TableBatch:
    """One batch of records as the store takes it, all Arrow (cheap to pickle):

    - `articles`: every article read, in record order; the store decides which are
      articles and which duplicates (analytics.store.stories);
    - `derived`: the attributions, credits and tags of each of them, every row with the
      RECORD_COLUMN of the record it was derived from first;
    - `quarantine`: the bad records (source_ref, reason, excerpt, file_ref).
    """

    articles: pa.Table
    derived: dict[str, pa.Table]
    quarantine: pa.Table

    @property
    def records(self) -> int:
        """Records of the input the batch accounts for: articles and quarantined."""
        return self.articles.num_rows + self.quarantine.num_rows

    def bad_records(self, limit: int) -> list[BadRecord]:
        """The first `limit` quarantined records, as BadRecords."""
        rows = self.quarantine.slice(0, limit).to_pylist()
        return [BadRecord(r["source_ref"], r["reason"], r["excerpt"]) for r in rows]

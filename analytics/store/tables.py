"""The batch the store takes from ingest: Arrow tables only, cheap to pickle and to hand over."""

from __future__ import annotations

import dataclasses

import pyarrow as pa

from analytics.schema import BadRecord


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
        """Records of the input the batch accounts for: stored, repeated and quarantined."""
        return self.articles.num_rows + self.repeats.num_rows + self.quarantine.num_rows

    def bad_records(self, limit: int) -> list[BadRecord]:
        """The first `limit` quarantined records, as BadRecords."""
        rows = self.quarantine.slice(0, limit).to_pylist()
        return [BadRecord(r["source_ref"], r["reason"], r["excerpt"]) for r in rows]

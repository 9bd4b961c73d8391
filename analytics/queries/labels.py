"""The one readable label of a tag, shown by every analysis and view that names tags.

Articles spell a tag differently ("Sports" in 1,900 articles, "SPORTS" in 33): a tag's label
is its most frequent spelling over the whole store (the number of `tags` rows per kind, key
and label), the smallest label on a tie. It never depends on the filters, so the same tag
reads the same on every chart. It is computed only for the tags an analysis shows (a CTE
joined after they are picked), so its cost follows the rows shown, not the store. A reader
that runs many analyses (the dashboard) can compute every tag's label once per store version
(`all_tag_labels`) and hand them to an analysis that shows thousands of tags (tag_frequencies'
`labels`): at a million articles their labels cost 160 ms a query.
"""

from __future__ import annotations

import pandas as pd

from analytics.queries.engine import Sql, run

LABELS_TABLE = "tag_label_table"  # the name the frame of all_tag_labels is registered under for a query


def tag_labels(chosen: Sql, *, per_kind: bool = True) -> Sql:
    """`labels AS (...)`: the label of each tag of the relation `chosen` (a CTE name or a
    parenthesised SELECT with columns `kind`, `tag`; only `tag` when per_kind is False).

    Columns: [kind,] tag, label. Per kind (the default), a tag is a (kind, key) pair, as the
    tags table stores it; with per_kind=False a key of any kind (the tag timeline of every
    kind), its label the most frequent over all its kinds' rows.
    """
    keys = "kind, tag" if per_kind else "tag"
    on = "k.kind = c.kind AND k.tag = c.tag" if per_kind else "k.tag = c.tag"
    spellings = Sql(f"SELECT {'k.kind, ' if per_kind else ''}k.tag, k.label, count(*) AS rows FROM tags k ")
    chosen_spellings = spellings + "WHERE EXISTS (SELECT 1 FROM " + chosen + f" c WHERE {on}) GROUP BY ALL"
    return Sql("labels AS (") + _most_frequent(chosen_spellings, keys) + ") "


def all_tag_labels(store, *, time_limit: float | None = None) -> pd.DataFrame:
    """Every tag's label over the whole store (as tag_labels computes it, in one pass over the
    tags table), columns kind, tag, label."""
    sql = _most_frequent(Sql("SELECT k.kind, k.tag, k.label, count(*) AS rows FROM tags k GROUP BY ALL"), "kind, tag")
    return run(store, sql, name="tag labels", time_limit=time_limit)


def _most_frequent(spellings: Sql, keys: str) -> Sql:
    """`SELECT <keys>, label`: the label of each tag (`keys`) among its `spellings` (keys, label, rows):
    the one of the most rows, the smallest on a tie."""
    return (
        Sql(f"SELECT {keys}, min_by(label, {{'rows': -rows, 'label': label}}) AS label FROM (")
        + spellings
        + f") GROUP BY {keys}"
    )


def given_labels() -> Sql:
    """`labels AS (...)` of the frame of all_tag_labels registered as LABELS_TABLE (engine.run's tables)."""
    return Sql(f"labels AS (SELECT kind, tag, label FROM {LABELS_TABLE}) ")

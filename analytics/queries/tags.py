"""What the articles are about: tag frequencies, co-occurring pairs, rising tags.

A tag is a row of the `tags` table: a normalised key (`tag`), its readable `label`
(its most frequent spelling over the whole store: analytics.queries.labels) and its `kind`: `tag`
(an editor's), `place`, `section` or `keyword` (machine-derived). A key of two kinds
is two rows, so an editor's tag is never confused with a machine keyword.
`count` is the number of articles carrying the tag; `total` the number of articles
in the row's group (or period), so `share` reads "the share of articles tagged X".
Agency, role and tag filters pick the articles counted, never those counted out of: with
tags=("korea utara",), `total` is all the group's articles under the other filters and `count`
those carrying the tag and "korea utara" (Filters.picks_sql with TAG_PICKS).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.queries.engine import (
    TAG_KINDS,
    Sql,
    base,
    check_choice,
    check_freq,
    check_limit,
    counts,
    key_column,
    key_join,
    limit_clause,
    run,
    scope,
    share,
)
from analytics.queries.filters import TAG_PICKS, Filters, period_bounds
from analytics.queries.labels import LABELS_TABLE, given_labels, tag_labels

TAG_GROUPS = (None, "outlet", "language", "agency", "period")
KIND_ORDER = "list_position(['tag', 'place', 'section', 'keyword'], h.kind)"  # editor tags first
_LABEL_JOIN = "JOIN labels l ON l.kind = h.kind AND l.tag = h.tag"  # the label of each row `h` shows
_PAIR_ORDER = "count DESC, kind_a, tag_a, kind_b, tag_b"  # most frequent pairs first
_RISING_ORDER = f"change DESC, h.count DESC, {KIND_ORDER}, h.tag"  # largest change first
_STEP = {"day": "INTERVAL 1 DAY", "week": "INTERVAL 7 DAY", "month": "INTERVAL 1 MONTH"}


def _kind(kind: str | None) -> Sql:
    """The condition on `k.kind`, the kind bound as a parameter."""
    if kind is not None:
        check_choice("kind", kind, TAG_KINDS)
    return Sql("(?::VARCHAR IS NULL OR k.kind = ?)", (kind, kind))


def tag_frequencies(
    store,
    filters: Filters = Filters(),
    *,
    kind: str | None = None,
    by: str | None = None,
    freq: str = "month",
    limit: int | None = 20,
    labels: pd.DataFrame | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles carrying each tag, overall or per outlet / language / agency / period;
    `limit` keeps the top tags per group and kind. `labels`: every tag's label
    (analytics.queries.labels.all_tag_labels, kept by the caller per store version); None: the
    labels of the tags shown are computed.

    Columns: [outlet_id, outlet_name, outlet_kind | language | agency | period], kind, tag, label, count,
    total, share.
    By agency, `total` is the number of articles crediting the agency.
    """
    check_limit("limit", limit)
    sql = (
        base(filters, by=by, freq=freq, allowed=TAG_GROUPS, picks=TAG_PICKS)
        + (
            ", hits AS (SELECT g.key, k.kind, k.tag, count(*) AS count "
            "FROM grouped g JOIN tags k ON k.article_id = g.article_id WHERE g.picked AND "
        )
        + _kind(kind)
        + " GROUP BY g.key, k.kind, k.tag), "
        + _top(limit)
        + ", "
        + (tag_labels(Sql("top")) if labels is None else given_labels())
        + (
            f"SELECT {key_column(by, 'h')}h.kind, h.tag, l.label, h.count, o.total, {share('h.count', 'o.total')} AS share "
            f"FROM top h JOIN totals o ON o.key = h.key{key_join(by, 'h')} {_LABEL_JOIN} "
            f"ORDER BY h.key, {KIND_ORDER}, h.count DESC, h.tag"
        )
    )
    tables = None if labels is None else {LABELS_TABLE: labels}
    return counts(run(store, sql, name="tag frequencies", time_limit=time_limit, tables=tables))


def _top(limit: int | None) -> Sql:
    """`top AS (...)`: the `limit` rows of `hits` with the highest count (then the first tags) per
    key and kind; every row when limit is None. min_by keeps them as it aggregates, cheaper than
    ranking every row with a window (tag frequencies per outlet: a third less time)."""
    if limit is None:
        return Sql("top AS (SELECT * FROM hits) ")
    return Sql(
        "top AS (SELECT key, kind, x.tag, x.count FROM (SELECT key, kind, unnest(min_by("
        "{'tag': tag, 'count': count}, {'count': -count, 'tag': tag}, ?)) AS x "
        "FROM hits GROUP BY key, kind)) ",
        (limit,),
    )


def tag_cooccurrence(
    store,
    filters: Filters = Filters(),
    *,
    kind: str | None = None,
    limit: int | None = 50,
    min_count: int = 1,
    labels: pd.DataFrame | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Pairs of tags carried by the same articles, most frequent first. A pair is
    unordered (a before b by kind, then key); the same key under two kinds is no pair.
    `labels`: every tag's label, as tag_frequencies takes them (None: those of the pairs shown are computed).

    Columns: kind_a, tag_a, label_a, kind_b, tag_b, label_b, count (articles with both),
    count_a, count_b (articles with each), total (articles), share.
    """
    check_limit("limit", limit)
    check_limit("min_count", min_count, allow_none=False)
    # The self-join pairs the tags of each article by numbers, not text (a third less time at a million
    # articles): the article by its row in `articles`, a tag by `id`, numbered in (kind, tag) order so
    # that id_a < id_b is "a before b", and its key by `key_id`, equal when the keys are.
    sql = (
        Sql("WITH ")
        + scope(filters, picks=TAG_PICKS)
        + (
            ", kt AS (SELECT s.article_row, k.kind, k.tag FROM tags k "
            "JOIN scope s ON s.article_id = k.article_id WHERE s.picked AND "
        )
        + _kind(kind)
        + (
            "), singles AS (SELECT kind, tag, count(*) AS count, row_number() OVER (ORDER BY kind, tag) AS id, "
            "dense_rank() OVER (ORDER BY tag) AS key_id FROM kt GROUP BY kind, tag), "
            "numbered AS (SELECT kt.article_row, n.id, n.key_id FROM kt JOIN singles n USING (kind, tag)), "
            "pairs AS (SELECT x.id AS id_a, y.id AS id_b, count(*) AS count FROM numbered x JOIN numbered y "
            "ON x.article_row = y.article_row AND x.id < y.id AND x.key_id <> y.key_id GROUP BY x.id, y.id "
        )
        + Sql("HAVING count(*) >= ?), ", (min_count,))
        + (
            "total AS (SELECT count(*) AS total FROM scope), top AS (SELECT a.kind AS kind_a, a.tag AS tag_a, "
            "b.kind AS kind_b, b.tag AS tag_b, p.count, a.count AS count_a, b.count AS count_b FROM pairs p "
            f"JOIN singles a ON a.id = p.id_a JOIN singles b ON b.id = p.id_b ORDER BY {_PAIR_ORDER}"
        )
        + limit_clause(limit)
        + "), "
        + (
            tag_labels(Sql("(SELECT kind_a AS kind, tag_a AS tag FROM top UNION SELECT kind_b, tag_b FROM top)"))
            if labels is None
            else given_labels()
        )
        + (
            "SELECT p.kind_a, p.tag_a, la.label AS label_a, p.kind_b, p.tag_b, lb.label AS label_b, p.count, "
            f"p.count_a, p.count_b, total.total, {share('p.count', 'total.total')} AS share "
            "FROM top p CROSS JOIN total "
            "JOIN labels la ON la.kind = p.kind_a AND la.tag = p.tag_a "
            "JOIN labels lb ON lb.kind = p.kind_b AND lb.tag = p.tag_b "
            f"ORDER BY {_PAIR_ORDER}"
        )
    )
    tables = None if labels is None else {LABELS_TABLE: labels}
    return counts(run(store, sql, name="tag co-occurrence", time_limit=time_limit, tables=tables))


def rising_tags(
    store,
    filters: Filters = Filters(),
    *,
    freq: str = "week",
    period: dt.date | None = None,
    kind: str | None = None,
    min_count: int = 2,
    limit: int | None = 20,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Tags carried by more articles in one period than in the period before it.

    `period` is any date in the period to look at (default: the latest period with
    articles); the period before must lie inside the filters' date range to count.
    Only tags with `count >= min_count` and `change > 0` appear, largest change first.

    Columns: period, period_before, kind, tag, label, count, count_before, change
    (count - count_before), total, total_before (articles in each period), share,
    share_before, share_change.
    """
    check_freq(freq)
    check_limit("limit", limit)
    check_limit("min_count", min_count, allow_none=False)
    first = period_bounds(period, freq)[0] if period is not None else None
    sql = (
        Sql("WITH ")
        + scope(filters, freq=freq, picks=TAG_PICKS)
        + Sql(
            ", bounds AS (SELECT p AS period, CAST(p - " + _STEP[freq] + " AS DATE) AS period_before "
            "FROM (SELECT coalesce(?::DATE, max(period)) AS p FROM scope)), ",
            (first,),
        )
        + (
            "totals AS (SELECT count(*) FILTER (WHERE s.period = b.period) AS total, "
            "count(*) FILTER (WHERE s.period = b.period_before) AS total_before FROM scope s CROSS JOIN bounds b), "
            "hits AS (SELECT k.kind, k.tag, "
            "count(*) FILTER (WHERE s.period = b.period) AS count, "
            "count(*) FILTER (WHERE s.period = b.period_before) AS count_before "
            "FROM scope s CROSS JOIN bounds b JOIN tags k ON k.article_id = s.article_id "
            "WHERE s.picked AND s.period IN (b.period, b.period_before) AND "
        )
        + _kind(kind)
        + (" GROUP BY k.kind, k.tag), ")
        + Sql("risen AS (SELECT *, count - count_before AS change FROM hits h WHERE h.count >= ? ", (min_count,))
        + f"AND h.count > h.count_before ORDER BY {_RISING_ORDER}"
        + limit_clause(limit)
        + "), "
        + tag_labels(Sql("risen"))
        + (
            "SELECT b.period, b.period_before, h.kind, h.tag, l.label, h.count, h.count_before, "
            "h.change, t.total, t.total_before, "
            f"{share('h.count', 't.total')} AS share, {share('h.count_before', 't.total_before')} AS share_before, "
            f"{share('h.count', 't.total')} - coalesce({share('h.count_before', 't.total_before')}, 0) AS share_change "
            f"FROM risen h CROSS JOIN totals t CROSS JOIN bounds b {_LABEL_JOIN} ORDER BY {_RISING_ORDER}"
        )
    )
    frame = run(store, sql, name="rising tags", time_limit=time_limit)
    for column in ("period", "period_before"):
        frame[column] = pd.to_datetime(frame[column])
    frame["change"] = frame["change"].astype("int64")
    return counts(frame)

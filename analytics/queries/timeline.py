"""Articles over time: publications by outlet / agency / tag / language, agency and tag timelines.

Periods bucket the local publication date (`published_local`, the wall time in the
article's own zone: an article at 00:30 WIB belongs to that day, not the previous
UTC one): day, ISO week (labelled by its Monday) or month (its first day).
Undated articles are left out. Every period from the first dated article to the last
gets a row for every series (`every_period`): count 0 where the series has none, and
total 0 with no share (NaN) where the period has no article at all, so a line never
skips an empty period and a CSV says 0 for it. `total` is the number of articles in the
period (all series) under every filter but agencies and roles (and tags, for the tag
timeline): those pick what the series count, never what it is counted out of;
`share = count / total`.

Drawing helpers for the figures: `dense_span` (the shortest run of periods holding most
articles: a timeline's default range) and `freq_of` (the period of a timeline frame).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics.enrich.attribution.registry import Registry
from analytics.queries.engine import (
    OUTLETS,
    TAG_KINDS,
    QueryError,
    Sql,
    check_choice,
    check_limit,
    counts,
    key_column,
    key_join,
    limit_clause,
    registry_frame,
    run,
    scope,
    scoped_attributions,
    share,
)
from analytics.queries.filters import NUMERATOR_FIELDS, TAG_PICKS, Filters
from analytics.queries.labels import tag_labels

SERIES = (None, "outlet", "language", "agency", "tag")
# pandas frequency of each period: a day, an ISO week labelled by its Monday, a month by its first day
PERIOD_STEPS = {"day": "D", "week": "W-MON", "month": "MS"}
MEASURES = ("count", "total", "share")  # the columns of a timeline that are not its period or series
# The default range of a timeline holds this share of its articles (`dense_span`). On the shared
# corpora 95 % trims the stray years without cutting a busy period: per outlet it keeps e.g. Xinhua's
# 2022-02 - 2022-08 out of 2012-12 - 2025-01 and Reuters-21578's 1987-03 - 1987-04 (227 February articles
# left out, 1.6 %); over all outlets it keeps the full span, which has busy periods at both ends.
DENSE_COVERAGE = 0.95
# (article_id, period, key) of each series kind; all of `scope`, so undated articles are out.
_MEMBERS = {
    None: "SELECT article_id, period, 'all' AS key FROM scope WHERE period IS NOT NULL AND picked",
    "outlet": "SELECT article_id, period, outlet_id AS key FROM scope WHERE period IS NOT NULL AND picked",
    "language": "SELECT article_id, period, language AS key FROM scope WHERE period IS NOT NULL AND picked",
    "agency": "SELECT DISTINCT s.article_id, s.period, t.agency AS key FROM scoped_attributions t "
    "JOIN scope s ON s.article_id = t.article_id WHERE s.period IS NOT NULL",
    "tag": "SELECT DISTINCT s.article_id, s.period, k.tag AS key FROM tags k "
    "JOIN scope s ON s.article_id = k.article_id WHERE s.period IS NOT NULL AND s.picked "
    "AND (?::VARCHAR IS NULL OR k.kind = ?)",
}


def publication_timeline(
    store,
    filters: Filters = Filters(),
    *,
    freq: str = "day",
    by: str | None = None,
    top: int | None = 10,
    kind: str | None = None,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles per period, as one series or one per outlet / language / agency / tag
    (the `top` series with most articles; None: all).

    Columns: period, [outlet_id, outlet_name, outlet_kind | language | agency, agency_name, agency_kind |
    tag, label], count, total, share.
    `kind` restricts by="tag" to one tag kind.
    """
    return _timeline(
        store,
        filters,
        freq=freq,
        by=by,
        top=top,
        kind=kind,
        registry=registry,
        time_limit=time_limit,
        name="publication timeline",
    )


def agency_timeline(
    store,
    filters: Filters = Filters(),
    *,
    freq: str = "week",
    top: int | None = 10,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles crediting each agency per period, and their share of all articles of the period.

    Columns: period, agency, agency_name, agency_kind, count, total, share.
    """
    return _timeline(
        store,
        filters,
        freq=freq,
        by="agency",
        top=top,
        registry=registry,
        time_limit=time_limit,
        name="agency timeline",
    )


def tag_timeline(
    store,
    filters: Filters = Filters(),
    *,
    tags: Sequence[str] | None = None,
    freq: str = "week",
    kind: str | None = None,
    top: int | None = 5,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles carrying each of `tags` (normalised keys) per period; without `tags`, the
    filters' tags, else the `top` most frequent.

    Columns: period, tag, label, count, total, share.
    """
    keys = tuple(tags) if tags is not None else filters.validate().tags or None
    if keys is not None and (not keys or not all(isinstance(k, str) and k for k in keys)):
        raise QueryError(f"tags must be a non-empty list of tag keys, not {tags!r}")
    return _timeline(
        store, filters, freq=freq, by="tag", top=top, kind=kind, keys=keys, time_limit=time_limit, name="tag timeline"
    )


def _timeline(
    store,
    filters: Filters,
    *,
    freq: str,
    by: str | None,
    top: int | None,
    name: str,
    kind: str | None = None,
    keys: tuple[str, ...] | None = None,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    check_choice("by", by, SERIES)
    check_limit("top", top)
    if kind is not None:
        check_choice("kind", kind, TAG_KINDS)
    sql = (
        Sql("WITH ")
        + scope(filters, freq=freq, picks=TAG_PICKS if by == "tag" else NUMERATOR_FIELDS)
        + ", "
        + scoped_attributions(filters)
        + (
            f", {OUTLETS}, totals AS (SELECT period, count(*) AS total FROM scope WHERE period IS NOT NULL GROUP BY period), "
            "members AS ("
        )
        + Sql(_MEMBERS[by], (kind, kind) if by == "tag" else ())
        + "), "
    )
    if keys is None:
        sql += "chosen AS (SELECT key, count(*) AS n FROM members GROUP BY key ORDER BY n DESC, key"
        sql += limit_clause(top) + "), "
    else:
        sql += Sql(
            "chosen AS (SELECT key, list_position(?::VARCHAR[], key) AS n FROM "
            "(SELECT DISTINCT unnest(?::VARCHAR[]) AS key)), ",
            (list(keys), list(keys)),
        )
    sql += (
        "hits AS (SELECT m.period, m.key, count(*) AS count FROM members m JOIN chosen c ON c.key = m.key "
        "GROUP BY m.period, m.key) "
    )
    series = {
        None: "",
        "outlet": key_column("outlet", "c"),
        "language": "c.key AS language, ",
        "agency": "c.key AS agency, coalesce(r.agency_name, c.key) AS agency_name, "
        "coalesce(r.agency_kind, 'unregistered') AS agency_kind, ",
        "tag": "c.key AS tag, coalesce(l.label, c.key) AS label, ",
    }[by]
    joins = {
        "outlet": key_join("outlet", "c"),
        "agency": " LEFT JOIN registry r ON r.agency = c.key",
        "tag": " LEFT JOIN labels l ON l.tag = c.key",
    }
    if by == "tag":  # the key's label of the one kind asked for, else over all its kinds
        sql += Sql(", ") + tag_labels(
            Sql("(SELECT ?::VARCHAR AS kind, key AS tag FROM chosen)", (kind,)), per_kind=kind is not None
        )
    sql += (
        f"SELECT p.period, {series}coalesce(h.count, 0) AS count, p.total, "
        f"{share('coalesce(h.count, 0)', 'p.total')} AS share "
        f"FROM totals p CROSS JOIN chosen c LEFT JOIN hits h ON h.period = p.period AND h.key = c.key"
        f"{joins.get(by, '') if by else ''} ORDER BY p.period, c.n{' DESC' if keys is None else ''}, c.key"
    )
    tables = {"registry": registry_frame(registry, store=store)} if by == "agency" else None
    frame = run(store, sql, name=name, time_limit=time_limit, tables=tables)
    frame["period"] = pd.to_datetime(frame["period"])
    return every_period(counts(frame), freq=freq)


def every_period(frame: pd.DataFrame, *, freq: str) -> pd.DataFrame:
    """The timeline `frame` with a row for every period from its first to its last, for every
    series: a period missing from the frame had no article, so its rows get count 0, total 0
    and no share (NaN: a share of no articles is undefined; a line breaks there).
    The order stays period, then the series in the order of their first rows."""
    if frame.empty:
        return frame
    periods = pd.date_range(frame["period"].min(), frame["period"].max(), freq=PERIOD_STEPS[freq])
    if len(periods) == frame["period"].nunique():
        return frame
    keys = [c for c in frame.columns if c != "period" and c not in MEASURES]
    numbered = frame.assign(_series=frame.groupby(keys, sort=False, dropna=False).ngroup() if keys else 0)
    series = numbered.drop_duplicates("_series")[["_series", *keys]]
    grid = pd.DataFrame({"period": periods}).merge(series, how="cross")
    filled = grid.merge(numbered[["period", "_series", *MEASURES]], on=["period", "_series"], how="left")
    filled = filled.drop(columns="_series")[list(frame.columns)]
    return counts(filled)


def dense_span(frame: pd.DataFrame, *, coverage: float = DENSE_COVERAGE) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first, last) period of the shortest run of consecutive periods holding at least `coverage`
    of the timeline's articles (its `total` per period), the earliest such run on a tie: where the
    data is dense. ValueError for an empty frame or a coverage outside (0, 1]."""
    if frame.empty:
        raise ValueError("an empty timeline has no span")
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage must be in (0, 1], not {coverage!r}")
    totals = frame.groupby("period", sort=True)["total"].first()
    reached = np.concatenate([[0], np.cumsum(totals.to_numpy())])  # reached[i]: articles before period i
    need = coverage * reached[-1]
    best = (0, len(totals) - 1)
    for first in range(len(totals)):
        # the first period `last` whose run from `first` holds enough articles (if any)
        last = int(np.searchsorted(reached, reached[first] + need, side="left")) - 1
        if last >= len(totals):
            break
        if last - first < best[1] - best[0]:
            best = (first, max(last, first))
    return totals.index[best[0]], totals.index[best[1]]


def freq_of(periods: pd.Series) -> str | None:
    """The period of a timeline frame's `period` column (as every_period leaves it: consecutive
    periods): day, week or month by the shortest step between two periods; None for one period."""
    steps = pd.Series(periods.drop_duplicates().sort_values()).diff().dropna()
    if steps.empty:
        return None
    shortest = steps.min().days
    return "day" if shortest < 7 else "week" if shortest < 28 else "month"

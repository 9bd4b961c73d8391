"""How trustworthy the dates are: publication-date quality per outlet, and the lag
between the event an article reports and its publication.

Date quality counts what the date parser recorded (`published_issue`), as Media
Cloud does: `missing`, `unparseable`, `future`, `implausibly_old`, and `ok` for a
usable date. A date range in the filters leaves undated articles out, so look at
quality without one. Both analyses split the articles every filter selects (agencies and
roles included): their shares within a group add up to 1.
"""

from __future__ import annotations

import pandas as pd

from analytics.queries.engine import (
    SELECTION,
    Sql,
    base,
    check_choice,
    check_limit,
    counts,
    key_column,
    key_join,
    run,
    share,
)
from analytics.queries.filters import Filters

DATE_STATUSES = ("ok", "missing", "unparseable", "future", "implausibly_old")
WORST_OUTLETS = 5  # outlets worst_dated_outlets lists by default
WORST_MIN_ARTICLES = 20  # fewer articles than this make an outlet's share of date problems a poor guide


def date_quality(
    store,
    filters: Filters = Filters(),
    *,
    by: str | None = "outlet",
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles per publication-date status, per outlet (by=None: over all articles).

    Columns: [outlet_id, outlet_name, outlet_kind | language], status, count, total (the group's articles), share.
    Every status appears for every group, with 0 when none; a status the parser adds
    later appears after these five. By None it is `pooled_date_quality` of the outlets' frame.
    """
    check_choice("by", by, (None, "outlet", "language"))
    if by is None:
        return pooled_date_quality(date_quality(store, filters, by="outlet", time_limit=time_limit))
    statuses = ", ".join(f"('{status}', {position})" for position, status in enumerate(DATE_STATUSES))
    sql = base(filters, by=by, allowed=("outlet", "language"), picks=SELECTION) + (
        f", statuses(status, position) AS (VALUES {statuses}), "
        "hits AS (SELECT g.key, s.date_status AS status, count(*) AS count FROM grouped g "
        "JOIN scope s ON s.article_row = g.article_row GROUP BY g.key, s.date_status), "
        "cells AS (SELECT o.key, st.status FROM totals o CROSS JOIN statuses st UNION SELECT key, status FROM hits) "
        f"SELECT {key_column(by, 'c')}"
        f"c.status, coalesce(h.count, 0) AS count, o.total, {share('coalesce(h.count, 0)', 'o.total')} AS share "
        f"FROM cells c JOIN totals o ON o.key = c.key{key_join(by, 'c')} "
        "LEFT JOIN hits h ON h.key = c.key AND h.status = c.status "
        "LEFT JOIN statuses st ON st.status = c.status "
        "ORDER BY o.total DESC, c.key, coalesce(st.position, 99), c.status"
    )
    return counts(run(store, sql, name="date quality", time_limit=time_limit))


def pooled_date_quality(by_outlet: pd.DataFrame) -> pd.DataFrame:
    """date_quality over all articles from its frame per outlet (every article has one outlet,
    UNKNOWN included): columns status, count, total, share. A page that shows both asks the
    store once."""
    order = {status: position for position, status in enumerate(DATE_STATUSES)}
    pooled = by_outlet.groupby("status", sort=False)["count"].sum().reset_index()
    pooled["total"] = by_outlet.drop_duplicates("outlet_id")["total"].sum()
    pooled["share"] = pooled["count"] / pooled["total"]
    pooled = pooled.sort_values("status", key=lambda s: s.map(lambda v: (order.get(v, 99), v)))
    return counts(pooled)


def worst_dated_outlets(
    store,
    filters: Filters = Filters(),
    *,
    limit: int | None = WORST_OUTLETS,
    min_articles: int = WORST_MIN_ARTICLES,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """The outlets whose articles most often lack a usable date, which a figure pooled over every
    outlet hides: `worst_dated` of date_quality by outlet.

    Columns: outlet_id, outlet_name, outlet_kind, status, count, total (the outlet's articles), share.
    """
    check_limit("limit", limit)
    check_limit("min_articles", min_articles, allow_none=False)
    frame = date_quality(store, filters, by="outlet", time_limit=time_limit)
    return worst_dated(frame, limit=limit, min_articles=min_articles)


def worst_dated(
    by_outlet: pd.DataFrame, *, limit: int | None = WORST_OUTLETS, min_articles: int = WORST_MIN_ARTICLES
) -> pd.DataFrame:
    """Of date_quality's frame per outlet: the `limit` outlets (None: all) of at least `min_articles`
    articles with the largest share of articles with any date problem (then the most such
    articles), each with one row per problem (every status but ok) it has."""
    problems = by_outlet[
        (by_outlet["status"] != "ok") & (by_outlet["count"] > 0) & (by_outlet["total"] >= min_articles)
    ]
    per_outlet = problems.groupby("outlet_id")["count"].sum().rename("problems").reset_index()
    ranked = per_outlet.merge(problems[["outlet_id", "total"]].drop_duplicates(), on="outlet_id")
    ranked["order"] = ranked["problems"] / ranked["total"]
    ranked = ranked.sort_values(["order", "problems", "outlet_id"], ascending=[False, False, True])
    chosen = ranked["outlet_id"] if limit is None else ranked["outlet_id"].head(limit)
    position = {outlet: n for n, outlet in enumerate(chosen)}
    worst = problems[problems["outlet_id"].isin(position)]
    worst = worst.assign(_outlet=worst["outlet_id"].map(position)).sort_values(
        ["_outlet", "count"], ascending=[True, False]
    )
    return worst.drop(columns="_outlet").reset_index(drop=True)


def event_lag(
    store,
    filters: Filters = Filters(),
    *,
    by: str | None = None,
    max_days: int | None = 30,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Days from the reported event (`event_date`) to publication, over the articles that
    have an event date. Lags beyond +/- `max_days` are pooled at the edge (None: no pooling).

    Columns: [outlet_id, outlet_name, outlet_kind], lag_days, lag_label ("3", or ">=30" / "<=-30" at the edges),
    count, total (articles in the group with an event date), share.
    """
    check_choice("by", by, (None, "outlet"))
    check_limit("max_days", max_days)
    sql = (
        base(filters, by=by, picks=SELECTION)
        + Sql(
            ", lags AS (SELECT g.key, CASE WHEN ?::INTEGER IS NULL THEN s.event_lag_days "
            "ELSE greatest(least(s.event_lag_days, ?), -?) END AS lag_days FROM grouped g "
            "JOIN scope s ON s.article_row = g.article_row WHERE s.event_lag_days IS NOT NULL), ",
            (max_days, max_days, max_days),
        )
        + (
            "dated AS (SELECT key, count(*) AS total FROM lags GROUP BY key), "
            "hits AS (SELECT key, lag_days, count(*) AS count FROM lags GROUP BY key, lag_days) "
            f"SELECT {key_column(by, 'h')}h.lag_days, h.count, d.total, "
            f"{share('h.count', 'd.total')} AS share FROM hits h JOIN dated d ON d.key = h.key{key_join(by, 'h')} "
            "ORDER BY h.key, h.lag_days"
        )
    )
    frame = run(store, sql, name="event lag", time_limit=time_limit)
    frame["lag_days"] = frame["lag_days"].astype("int64")
    labels = frame["lag_days"].astype(str)
    if max_days is not None:
        labels = labels.mask(frame["lag_days"] >= max_days, f">={max_days}")
        labels = labels.mask(frame["lag_days"] <= -max_days, f"<=-{max_days}")
    frame.insert(frame.columns.get_loc("lag_days") + 1, "lag_label", labels)
    return counts(frame)

"""The corpus at a glance: what the Overview page and the first notebook start from."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics.enrich.attribution.registry import Registry
from analytics.enrich.outlets.registry import AGENCY_KIND
from analytics.queries.attribution import attribution_by_agency
from analytics.queries.dates import date_quality
from analytics.queries.engine import SELECTION, Sql, counts, run, scope, scoped_attributions
from analytics.queries.filters import UNKNOWN, Filters
from analytics.queries.tags import tag_frequencies

# metric -> what it counts, each over the articles the filters select (the `total`)
METRICS = {
    "articles": "articles matching the filters",
    "dated": "articles with a usable publication date (not missing, unparseable, future or implausibly old)",
    "wire_copy": "articles that are wire copy (a source or dateline credit); its total leaves out the agencies' "
    "own feeds unless the filters name outlet kinds",
    "credits_an_agency": "articles crediting at least one agency (in a role the filters allow)",
    "tagged": "articles with at least one tag of any kind",
    "with_event_date": "articles whose body dates the event they report",
    "date_issues": "articles whose publication date is missing, unparseable, in the future or implausibly old",
}


def article_count(store, *, time_limit: float | None = None) -> int:
    """The articles in the store, unfiltered (whether there is anything to show)."""
    frame = run(store, "SELECT count(*) AS n FROM articles", name="article count", time_limit=time_limit)
    return int(frame["n"].iloc[0])


def overview_table(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> pd.DataFrame:
    """One row per metric of METRICS. Columns: metric, count, total (articles; for wire_copy: those
    not of an agency's own feed, unless the filters name outlet kinds), share."""
    return _table(_facts(store, filters, time_limit))


def headline(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> dict[str, Any]:
    """The overview's figures of one query: articles, outlets (canonical ids), languages (ints),
    first_date, last_date (local dates or None), wire_copy, wire_copy_total (its denominator:
    the articles less the agencies' own feeds, unless the filters name outlet kinds),
    wire_copy_share, own_feeds_left_out (articles of agencies' own feeds left out of it),
    `table` (overview_table)."""
    facts = _facts(store, filters, time_limit)
    total = facts["articles"]
    return {
        "articles": total,
        "outlets": facts["outlets"],
        "languages": facts["languages"],
        "first_date": facts["first_date"],
        "last_date": facts["last_date"],
        "wire_copy": facts["wire_copy"],
        "wire_copy_total": facts["wire_copy_total"],
        "wire_copy_share": facts["wire_copy"] / facts["wire_copy_total"] if facts["wire_copy_total"] else None,
        "own_feeds_left_out": facts["own_feeds_left_out"],
        "table": _table(facts),
    }


def overview(
    store,
    filters: Filters = Filters(),
    *,
    top: int = 5,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> dict[str, Any]:
    """A dict: the `headline` figures, `top_agencies` (attribution_by_agency, top `top`),
    `top_tags` (tag_frequencies, top `top` per kind), `date_quality` (date_quality over all outlets)."""
    return {
        **headline(store, filters, time_limit=time_limit),
        "top_agencies": attribution_by_agency(store, filters, limit=top, registry=registry, time_limit=time_limit),
        "top_tags": tag_frequencies(store, filters, limit=top, time_limit=time_limit),
        "date_quality": date_quality(store, filters, by=None, time_limit=time_limit),
    }


def _table(facts: dict[str, Any]) -> pd.DataFrame:
    totals = {metric: facts["articles"] for metric in METRICS} | {"wire_copy": facts["wire_copy_total"]}
    frame = pd.DataFrame([(m, facts[m], totals[m]) for m in METRICS], columns=["metric", "count", "total"])
    frame["share"] = (frame["count"] / frame["total"]).where(frame["total"] > 0)
    return counts(frame)


def _facts(store, filters: Filters, time_limit: float | None) -> dict[str, Any]:
    # Each count that needs another table is an EXISTS over the scope: DuckDB then hashes the
    # (often few) scoped articles, not every row of tags or article_credits.
    sql = (
        Sql("WITH ")
        + scope(filters, picks=SELECTION)
        + ", "
        + scoped_attributions(filters)
        + Sql(
            ", own AS (SELECT count(*) AS articles, "
            "count(DISTINCT s.outlet_id) FILTER (WHERE s.outlet_id <> ?) AS outlets, "
            "count(DISTINCT s.language) FILTER (WHERE s.language <> ?) AS languages, "
            "CAST(min(s.published_local) FILTER (WHERE s.date_status = 'ok') AS DATE) AS first_date, "
            "CAST(max(s.published_local) FILTER (WHERE s.date_status = 'ok') AS DATE) AS last_date, "
            "count(*) FILTER (WHERE s.date_status = 'ok') AS dated, count(s.event_lag_days) AS with_event_date, "
            "count(*) FILTER (WHERE s.date_status <> 'ok') AS date_issues FROM scope s), "
            # the wire copy of the articles that are not an agency's own feed (when those are left out)
            "feeds AS (SELECT s.article_id, ?::BOOLEAN AND s.outlet_kind = ? AS own_feed FROM scope s), "
            "wire AS (SELECT count(*) AS wire_copy FROM feeds f WHERE NOT f.own_feed "
            "AND EXISTS (SELECT 1 FROM article_credits w WHERE w.article_id = f.article_id AND w.wire_copy)), "
            "fed AS (SELECT count(*) FILTER (WHERE NOT own_feed) AS wire_copy_total, "
            "count(*) FILTER (WHERE own_feed) AS own_feeds_left_out FROM feeds), "
            "credited AS (SELECT count(DISTINCT article_row) AS credits_an_agency FROM scoped_attributions), "
            "tagged AS (SELECT count(*) AS tagged FROM scope s "
            "WHERE EXISTS (SELECT 1 FROM tags k WHERE k.article_id = s.article_id)) "
            "SELECT articles, outlets, languages, first_date, last_date, dated, wire_copy, wire_copy_total, "
            "own_feeds_left_out, credits_an_agency, tagged, with_event_date, date_issues "
            "FROM own, wire, fed, credited, tagged",
            # outlets and languages: a missing one is no outlet or language
            (UNKNOWN, UNKNOWN, filters.leaves_out_own_feeds, AGENCY_KIND),
        )
    )
    row = run(store, sql, name="overview", time_limit=time_limit).iloc[0].to_dict()
    for key, value in row.items():
        if key in ("first_date", "last_date"):
            row[key] = None if pd.isna(value) else pd.Timestamp(value).date()
        else:
            row[key] = int(value)
    return row

"""Who the articles credit: shares by agency, role and outlet, wire copy, state media.

Outlets are canonical ids (`outlet_id`, with `outlet_name` and `outlet_kind` beside them).
The wire-dependence analyses (outlet_agency_matrix, wire_copy_by_outlet,
state_vs_independent) leave out the agencies' own feeds unless the filters name outlet
kinds (`Filters.own_feeds_scope`): an agency crediting itself in its own feed is still an
attribution, but not an outlet relying on wires.

Counts are of articles, never of mentions: `count` is the number of articles that
credit the agency (in a role the filters allow), `total` the number of articles
in the group the row belongs to under every filter but agencies and roles (those pick
what is counted, never what it is counted out of), `share = count / total`. An article crediting
two agencies counts for both, so agency shares need not add up to 1.
"""

from __future__ import annotations

import pandas as pd

from analytics.enrich.attribution.registry import Registry
from analytics.queries.engine import (
    Sql,
    agency_columns,
    agency_join,
    base,
    check_limit,
    counted_with_registry,
    counts,
    key_column,
    key_join,
    limit_clause,
    run,
    share,
)
from analytics.queries.filters import WIRE_COPY_PICKS, Filters

AGENCY_GROUPS = (None, "outlet", "language", "period")


def attribution_by_agency(
    store,
    filters: Filters = Filters(),
    *,
    by: str | None = None,
    freq: str = "month",
    limit: int | None = None,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles crediting each agency.

    Columns: [outlet_id, outlet_name, outlet_kind | language | period], agency, agency_name, agency_kind,
    count, total, share. `total` is the number of articles (in the group); `limit` keeps the top agencies per group.
    """
    check_limit("limit", limit)
    sql = base(filters, by=by, freq=freq, allowed=AGENCY_GROUPS) + (
        ", hits AS (SELECT g.key, t.agency, count(DISTINCT t.article_row) AS count "
        "FROM grouped g JOIN scoped_attributions t ON t.article_row = g.article_row GROUP BY g.key, t.agency), "
        "ranked AS (SELECT h.*, row_number() OVER (PARTITION BY h.key ORDER BY h.count DESC, h.agency) AS rank "
        "FROM hits h) "
        f"SELECT {key_column(by, 'h')}{agency_columns('h')}, h.count, o.total, {share('h.count', 'o.total')} AS share "
        f"FROM ranked h JOIN totals o ON o.key = h.key{key_join(by, 'h')}{agency_join('h')} "
    )
    sql += Sql("WHERE ?::BIGINT IS NULL OR h.rank <= ? ", (limit, limit)) + "ORDER BY h.key, h.count DESC, h.agency"
    return counted_with_registry(store, sql, name="attribution by agency", time_limit=time_limit, registry=registry)


def outlet_agency_matrix(
    store,
    filters: Filters = Filters(),
    *,
    limit: int | None = None,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Outlet x agency: the articles of each outlet crediting each agency (cells with none are
    left out); agencies' own feeds left out unless the filters name outlet kinds.

    Columns: outlet_id, outlet_name, outlet_kind, agency, agency_name, agency_kind, count,
    total (the outlet's articles), share.
    """
    return attribution_by_agency(
        store, filters.validate().own_feeds_scope(), by="outlet", limit=limit, registry=registry, time_limit=time_limit
    )


def attribution_by_role(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> pd.DataFrame:
    """Articles crediting any agency in each role.

    Columns: role, count, total (articles), share. Every role (of those the filters allow)
    appears, with 0 when unused, in the spec's order: source, dateline, photo, cited.
    """
    sql = base(filters) + (
        ", roles(role, position) AS (VALUES ('source', 1), ('dateline', 2), ('photo', 3), ('cited', 4)), "
        "hits AS (SELECT role, count(DISTINCT article_row) AS count FROM scoped_attributions GROUP BY role) "
        f"SELECT r.role, coalesce(h.count, 0) AS count, o.total, {share('coalesce(h.count, 0)', 'o.total')} AS share "
        "FROM roles r CROSS JOIN totals o LEFT JOIN hits h ON h.role = r.role ORDER BY r.position"
    )
    frame = run(store, sql, name="attribution by role", time_limit=time_limit)
    if filters.roles:  # four rows at most: the roles the filters leave out are not shown as 0
        frame = frame[frame["role"].isin(filters.roles)]
    return counts(frame)


def attribution_by_agency_role(
    store,
    filters: Filters = Filters(),
    *,
    limit: int | None = None,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles crediting each agency in each role (an article crediting Reuters as source
    and in its dateline counts in both rows).

    Columns: agency, agency_name, agency_kind, role, count, total (articles), share.
    `limit` keeps the top agencies (by articles crediting them in any role).
    """
    check_limit("limit", limit)
    sql = (
        base(filters)
        + (
            ", chosen AS (SELECT agency, count(DISTINCT article_row) AS n FROM scoped_attributions GROUP BY agency "
            "ORDER BY n DESC, agency"
        )
        + limit_clause(limit)
        + (
            "), hits AS (SELECT t.agency, t.role, count(*) AS count FROM scoped_attributions t "
            "JOIN chosen c ON c.agency = t.agency GROUP BY t.agency, t.role) "
            f"SELECT {agency_columns('h')}, h.role, h.count, o.total, {share('h.count', 'o.total')} AS share "
            f"FROM hits h JOIN chosen c ON c.agency = h.agency CROSS JOIN totals o{agency_join('h')} "
            "ORDER BY c.n DESC, h.agency, list_position(['source', 'dateline', 'photo', 'cited'], h.role)"
        )
    )
    return counted_with_registry(
        store, sql, name="attribution by agency and role", time_limit=time_limit, registry=registry
    )


def attribution_by_outlet(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> pd.DataFrame:
    """Articles of each outlet crediting any agency (in a role the filters allow).

    Columns: outlet_id, outlet_name, outlet_kind, count, total (the outlet's articles), share.
    """
    sql = base(filters, by="outlet") + (
        ", credited AS (SELECT DISTINCT article_row FROM scoped_attributions), "
        "hits AS (SELECT g.key, count(*) AS count FROM grouped g JOIN credited c ON c.article_row = g.article_row "
        "GROUP BY g.key) "
        f"SELECT {key_column('outlet', 'o')}coalesce(h.count, 0) AS count, o.total, "
        f"{share('coalesce(h.count, 0)', 'o.total')} AS share "
        f"FROM totals o LEFT JOIN hits h ON h.key = o.key{key_join('outlet', 'o')} ORDER BY o.total DESC, o.key"
    )
    return counts(run(store, sql, name="attribution by outlet", time_limit=time_limit))


def wire_copy_by_outlet(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> pd.DataFrame:
    """Articles of each outlet that are wire copy (a source or dateline credit, as the
    detector stored it in article_credits); agencies' own feeds left out unless the filters
    name outlet kinds. Agency and role filters count only the wire copy crediting those
    agencies in those roles; wire_copy_only changes nothing (all of `count` is wire copy).

    Columns: outlet_id, outlet_name, outlet_kind, count, total (the outlet's articles), share.
    """
    sql = base(filters.validate().own_feeds_scope(), by="outlet", picks=WIRE_COPY_PICKS) + (
        ", hits AS (SELECT g.key, count(*) AS count FROM grouped g "
        "JOIN article_credits c ON c.article_id = g.article_id AND c.wire_copy WHERE g.picked GROUP BY g.key) "
        f"SELECT {key_column('outlet', 'o')}coalesce(h.count, 0) AS count, o.total, "
        f"{share('coalesce(h.count, 0)', 'o.total')} AS share "
        f"FROM totals o LEFT JOIN hits h ON h.key = o.key{key_join('outlet', 'o')} ORDER BY o.total DESC, o.key"
    )
    return counts(run(store, sql, name="wire copy by outlet", time_limit=time_limit))


def state_vs_independent(
    store,
    filters: Filters = Filters(),
    *,
    by: str | None = None,
    freq: str = "month",
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles crediting state media (agency kind `state` in the registry) next to those
    crediting independent wires (`wire`); an article crediting both counts in both.
    Agencies the registry does not know are kind `unregistered`. Agencies' own feeds are
    left out unless the filters name outlet kinds.

    Columns: [outlet_id, outlet_name, outlet_kind | language | period], agency_kind, count,
    total (articles in the group), share.
    """
    sql = base(
        filters.validate().own_feeds_scope(), by=by, freq=freq, allowed=(None, "outlet", "language", "period")
    ) + (
        ", kinds(agency_kind, position) AS (VALUES ('state', 1), ('wire', 2)), "
        "credited AS (SELECT DISTINCT t.article_row, coalesce(r.agency_kind, 'unregistered') AS agency_kind "
        "FROM scoped_attributions t LEFT JOIN registry r ON r.agency = t.agency), "
        "hits AS (SELECT g.key, c.agency_kind, count(*) AS count FROM grouped g "
        "JOIN credited c ON c.article_row = g.article_row GROUP BY g.key, c.agency_kind), "
        "cells AS (SELECT o.key, k.agency_kind FROM totals o CROSS JOIN kinds k "
        "UNION SELECT key, agency_kind FROM hits) "
        f"SELECT {key_column(by, 'c')}c.agency_kind, coalesce(h.count, 0) AS count, o.total, "
        f"{share('coalesce(h.count, 0)', 'o.total')} AS share "
        f"FROM cells c JOIN totals o ON o.key = c.key{key_join(by, 'c')} "
        "LEFT JOIN hits h ON h.key = c.key AND h.agency_kind = c.agency_kind "
        "ORDER BY c.key, coalesce(list_position(['state', 'wire'], c.agency_kind), 3), c.agency_kind"
    )
    return counted_with_registry(
        store, sql, name="state media vs independent wires", time_limit=time_limit, registry=registry
    )

"""What every analysis shares: running SQL under a time limit, the filtered article
set as a CTE, time buckets, the agency registry as a table, and result shapes.

Each query runs on its own cursor (a DuckDB connection to the same database), so
the dashboard may run several at once from different threads; a timer interrupts
one that runs past its time limit and QueryTimeout says so.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import pathlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb
import pandas as pd

from analytics import settings
from analytics.enrich import tags
from analytics.enrich.attribution.registry import Registry, load_registry
from analytics.errors import QueryTimeout, UserError
from analytics.queries import search
from analytics.queries.filters import NUMERATOR_FIELDS, UNKNOWN, Filters
from analytics.store.store import REGISTRY_META, Store

# Seconds one dashboard query may run (the `query_time_limit` setting's default: how it was chosen is there).
QUERY_TIME_LIMIT_S = settings.QUERY_TIME_LIMIT_S
NO_LIMIT = math.inf  # pass as time_limit for batch work (reports)
SELECTION: tuple[str, ...] = ()  # picks of an analysis that counts within the articles every filter selects
FREQS = {"day": "day", "week": "week", "month": "month"}  # user value -> the date_trunc part, a SQL constant


class QueryError(UserError):
    """An option an analysis cannot use (a bad freq, a negative limit ...)."""


@dataclasses.dataclass(frozen=True)
class Sql:
    """A piece of SQL with the parameters of its `?` placeholders, in order."""

    text: str
    params: tuple[Any, ...] = ()

    def __add__(self, other: Sql | str) -> Sql:
        other = Sql(other) if isinstance(other, str) else other
        return Sql(self.text + other.text, self.params + other.params)


TAG_KINDS = tags.TAG_KINDS  # the `kind` of a row of the tags table
# ok | missing | unparseable | future | implausibly_old: what the date parser recorded
DATE_STATUS = "coalesce(a.published_issue, CASE WHEN a.published_at IS NULL THEN 'missing' ELSE 'ok' END)"
# Columns of the `scope` CTE: SQL constants over `articles a`, never user text
# (UNKNOWN is a constant of analytics.queries.filters, written without quotes).
# An outlet is its canonical id (UNKNOWN: the article has none), shown by its display name.
SCOPE_COLUMNS = {
    "article_id": "a.article_id",
    "article_row": "a.rowid",  # the article as a number, for joins and groups of millions of rows
    "outlet_id": f"coalesce(a.outlet_id, '{UNKNOWN}')",
    "outlet_name": f"coalesce(a.outlet_name, a.outlet_id, '{UNKNOWN}')",
    "outlet_kind": f"coalesce(a.outlet_kind, '{UNKNOWN}')",
    "language": f"coalesce(a.language, '{UNKNOWN}')",
    "published_local": "a.published_local",
    "date_status": DATE_STATUS,
    "event_lag_days": "a.event_lag_days",
}
# How an analysis may split its articles (`by`): the SQL giving (article_id, article_row, key, picked) rows
# (picked: counted under the agency and role filters; by agency, the group is of the picked credits).
GROUPS = {
    None: "SELECT article_id, article_row, 'all' AS key, picked FROM scope",
    "outlet": "SELECT article_id, article_row, outlet_id AS key, picked FROM scope",
    "language": "SELECT article_id, article_row, language AS key, picked FROM scope",
    "period": "SELECT article_id, article_row, period AS key, picked FROM scope WHERE period IS NOT NULL",
    "agency": "SELECT DISTINCT article_id, article_row, agency AS key, TRUE AS picked FROM scoped_attributions",
}
OUTLET_COLUMNS = ("outlet_id", "outlet_name", "outlet_kind")  # a result's columns naming an outlet
# `outlets`: the display name and kind of each scoped outlet id (the smallest, should the stored ones differ)
OUTLETS = (
    "outlets AS (SELECT outlet_id AS key, min(outlet_name) AS outlet_name, min(outlet_kind) AS outlet_kind "
    "FROM scope GROUP BY outlet_id)"
)


def scope(filters: Filters, *, freq: str = "day", picks: tuple[str, ...] = NUMERATOR_FIELDS) -> Sql:
    """`scope AS (...)`: the articles an analysis counts out of, with article_id, article_row (its rowid), outlet_id,
    outlet_name, outlet_kind and language (missing ones labelled UNKNOWN), published_local, date_status, event_lag_days,
    period: the `freq` bucket of the local publication date, NULL unless the date is
    ok (an undated article, or one dated in the future or implausibly long ago, is on no
    timeline), and `picked`: whether the filters in `picks` pick the article to be counted.

    The scope is every article under the filters but those in `picks` (default: agencies and
    roles; `Filters.denominator`), so a share is of all the group's articles, and `picked` marks
    those the filters in `picks` pick (`Filters.picks_sql`). With picks=SELECTION, the scope is only
    the articles every filter selects (each picked): for the analyses whose shares split the
    selection itself (date quality, event lag, the overview)."""
    where, params = filters.validate().denominator(picks).to_sql("a")
    picked, picked_params = filters.picks_sql("a", picks)
    columns = [f"{sql} AS {name}" for name, sql in SCOPE_COLUMNS.items()]
    columns.append(f"CASE WHEN {DATE_STATUS} = 'ok' THEN {period(freq)} END AS period")
    columns.append(f"{picked} AS picked")
    return Sql(f"scope AS (SELECT {', '.join(columns)} FROM articles a WHERE {where})", (*picked_params, *params))


def scoped_attributions(filters: Filters) -> Sql:
    """`scoped_attributions AS (...)`: attribution rows of scoped articles that match the
    filters' agencies and roles. Needs `scope` defined before it."""
    condition, params = filters.attribution_sql("t")
    return Sql(
        "scoped_attributions AS (SELECT t.article_id, s.article_row, t.agency, t.role FROM attributions t "
        f"JOIN scope s ON s.article_id = t.article_id WHERE {condition})",
        tuple(params),
    )


def base(
    filters: Filters,
    *,
    by: str | None = None,
    freq: str = "day",
    allowed: Sequence[str | None] = (),
    picks: tuple[str, ...] = NUMERATOR_FIELDS,
) -> Sql:
    """`WITH scope, scoped_attributions, outlets, grouped (article_id, key, picked), totals (key, total)`:
    the start of every grouped analysis. `total` is the number of scoped articles in
    the group (for by="agency": the articles crediting that agency); a count of anything
    but scoped_attributions counts only `picked` articles. `picks`: see scope()."""
    check_choice("by", by, allowed or tuple(GROUPS))
    return (
        Sql("WITH ")
        + scope(filters, freq=freq, picks=picks)
        + ", "
        + scoped_attributions(filters)
        + f", {OUTLETS}, grouped AS ({GROUPS[by]}), totals AS (SELECT key, count(*) AS total FROM grouped GROUP BY key)"
    )


def share(count: str = "count", total: str = "total") -> str:
    """SQL for count / total, NULL when the total is 0."""
    return f"CASE WHEN {total} > 0 THEN {count} / {total} END"


def key_column(by: str | None, alias: str = "") -> str:
    """The SELECT items naming the group key (`<alias>.key`) after `by` (nothing when ungrouped);
    by outlet: outlet_id, outlet_name, outlet_kind (with key_join)."""
    key = f"{alias + '.' if alias else ''}key"
    if by == "outlet":
        return f"{key} AS outlet_id, {outlet_columns('n')}, "
    return "" if by is None else f"{key} AS {by}, "


def key_join(by: str | None, alias: str) -> str:
    """SQL joining what key_column names beside the key: by outlet, the `outlets` CTE to `<alias>.key`."""
    return f" LEFT JOIN outlets n ON n.key = {alias}.key" if by == "outlet" else ""


def outlet_columns(alias: str) -> str:
    """outlet_name, outlet_kind of the `outlets` row joined as `alias`."""
    return f"{alias}.outlet_name, {alias}.outlet_kind"


def limit_clause(limit: int | None) -> Sql:
    """A bound LIMIT clause, or nothing."""
    return Sql("") if limit is None else Sql(" LIMIT ?", (limit,))


def period(freq: str, column: str = "a.published_local") -> str:
    """The bucket of a local timestamp: its day, ISO week (Monday) or month, as a DATE."""
    return f"CAST(date_trunc('{check_freq(freq)}', {column}) AS DATE)"


def check_freq(freq: str) -> str:
    """The DuckDB date_trunc unit of a period name (day, week, month); QueryError for any other."""
    if freq not in FREQS:
        raise QueryError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    return FREQS[freq]


def check_limit(name: str, value: int | None, *, allow_none: bool = True) -> int | None:
    """A limit that is a whole number of at least 1 (or None where allowed); QueryError otherwise."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise QueryError(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


def check_choice(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """A value that is one of `choices`; QueryError otherwise."""
    if value not in choices:
        raise QueryError(f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}")
    return value


def run(
    store: Any,
    sql: Sql | str,
    params: Sequence[Any] = (),
    *,
    name: str = "query",
    time_limit: float | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Run one query on a fresh cursor of `store` (a Store or a DuckDB connection) and
    return its result as a DataFrame; QueryTimeout after `time_limit` seconds
    (None: QUERY_TIME_LIMIT_S; NO_LIMIT: none). `tables` are small frames registered
    for the query (the agency registry)."""
    text, params = (sql.text, sql.params) if isinstance(sql, Sql) else (sql, params)
    limit = QUERY_TIME_LIMIT_S if time_limit is None else time_limit
    if not (isinstance(limit, (int, float)) and limit > 0):
        raise QueryError(f"time_limit must be a positive number of seconds, not {time_limit!r}")
    search.prepare(store, text)
    cursor = store.cursor()  # a Store (thread-safe) or a DuckDB connection
    timer = threading.Timer(limit, cursor.interrupt) if math.isfinite(limit) else None
    if timer:
        timer.daemon = True
    try:
        for table_name, frame in (tables or {}).items():
            cursor.register(table_name, frame)
        if timer:
            timer.start()
        return cursor.execute(text, list(params)).df()
    except duckdb.InterruptException:
        raise QueryTimeout(name, limit) from None
    finally:
        if timer:
            timer.cancel()
        cursor.close()


def stored_rows(store: Any, table: str, columns: Sequence[str], *, order_by: str, batch_rows: int) -> Iterator[tuple]:
    """Every row of a store table (the named columns, in `order_by` order), fetched `batch_rows`
    at a time on a cursor of its own, so a large store is never held in memory."""
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = store.connection.cursor()
    try:
        cursor.execute(f'SELECT {names} FROM "{table}" ORDER BY "{order_by}"')
        while batch := cursor.fetchmany(batch_rows):
            yield from batch
    finally:
        cursor.close()


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Fix the dtypes of count/total (int64) and share (float64), whatever the SQL gave."""
    for column in frame.columns:
        if column == "share" or column.startswith("share_"):
            frame[column] = frame[column].astype("float64")
        elif column in ("count", "total") or column.startswith(("count_", "total_")):
            frame[column] = frame[column].fillna(0).astype("int64")
    return frame.reset_index(drop=True)


# --- the agency registry ------------------------------------------------------------------


def registry_frame(registry: Registry | None = None, *, store: Any = None) -> pd.DataFrame:
    """agency, agency_name, agency_kind (wire | state), country: one row per agency of
    `registry`, else of the registry the store's attributions were computed with."""
    registry = registry or store_registry(store)
    return pd.DataFrame(
        {
            "agency": [a.id for a in registry.agencies],
            "agency_name": [a.name for a in registry.agencies],
            "agency_kind": [a.kind for a in registry.agencies],
            "country": [a.country for a in registry.agencies],
        }
    )


def counted_with_registry(
    store: Any, sql: Sql, *, name: str, time_limit: float | None, registry: Registry | None
) -> pd.DataFrame:
    """`counts` of `run` with the agency registry (`registry_frame`) registered as the table
    `registry`, which `agency_join` joins."""
    frame = run(
        store, sql, name=name, time_limit=time_limit, tables={"registry": registry_frame(registry, store=store)}
    )
    return counts(frame)


def agency_columns(alias: str) -> str:
    """agency, agency_name, agency_kind of `<alias>.agency`, with `registry r` joined
    (agency_join); an id missing from the registry is its own name, kind 'unregistered'."""
    return (
        f"{alias}.agency, coalesce(r.agency_name, {alias}.agency) AS agency_name, "
        "coalesce(r.agency_kind, 'unregistered') AS agency_kind"
    )


def agency_join(alias: str) -> str:
    """SQL joining the registered agency names and kinds (table `registry`) to `alias`.agency."""
    return f" LEFT JOIN registry r ON r.agency = {alias}.agency"


def store_registry(store: Any, *, agencies: pathlib.Path | None = None) -> Registry:
    """The registry recorded in the store by the last ingest or `attribute`, when its files
    still exist; else the shipped one with the `agencies` file over it."""
    recorded = store.meta(REGISTRY_META) if isinstance(store, Store) else None
    extra = [pathlib.Path(p) for p in json.loads(recorded)[1:]] if recorded else []
    if extra and extra[-1].exists():
        return _load(extra[-1], extra[-1].stat().st_mtime_ns)
    return default_registry(agencies=agencies)


def default_registry(*, agencies: pathlib.Path | None = None) -> Registry:
    """The shipped registry with the `agencies` file (the CLI's `agencies` setting) over it."""
    stamp = agencies.stat().st_mtime_ns if agencies and agencies.exists() else None
    return _load(agencies, stamp)


@functools.lru_cache(maxsize=4)
def _load(path: pathlib.Path | None, _stamp: int | None) -> Registry:
    return load_registry(path)


def store_version(store: Any) -> str:
    """A cheap fingerprint of what the store holds, for caching results by
    (filters, store version): it changes whenever an ingest or attribute run writes."""
    path = pathlib.Path(getattr(store, "path", ""))
    stamps = [f.stat().st_mtime_ns for f in (path, path.with_name(path.name + ".wal")) if path.name and f.exists()]
    cursor = store.cursor()
    try:
        runs, articles, attributions = cursor.execute(
            "SELECT (SELECT count(*) FROM ingest_runs), (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM attributions)"
        ).fetchone()
    finally:
        cursor.close()
    return ":".join(str(part) for part in (runs, articles, attributions, *stamps))

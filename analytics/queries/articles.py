"""SQL for the Articles table and the article view: parameterised queries over the store
that the analytics API has no function for yet (see the report of the dashboard work:
an `analytics.queries.articles` module could take this over).

Only SQL is built here, never run. Every value from the browser (sort column, filter
type and text, paging, search words, article id) is checked against a whitelist or
bound as a `?` parameter: column names and operators come from the tables below,
never from the request.

The grid sends AG Grid's infinite-model request:
    {"startRow": 0, "endRow": 100,
     "sortModel": [{"colId": "published", "sort": "desc"}],
     "filterModel": {"title": {"filterType": "text", "type": "contains", "filter": "korea"},
                     "published": {"filterType": "date", "type": "inRange",
                                   "dateFrom": "2021-07-01 00:00:00", "dateTo": "2021-07-31 00:00:00"}}}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from analytics.queries.compact import STORE_ID
from analytics.queries.engine import Sql
from analytics.queries.filters import UNKNOWN, Filters
from analytics.queries.labels import tag_labels

MAX_ROWS = 500  # rows per request: the grid asks for blocks of 100
MAX_SORT = 3
MAX_CONDITIONS = 4
MAX_TEXT = 300  # characters of a filter or search text
DEFAULT_ORDER = (("published", "desc"),)

# grid column -> SQL over `articles a` (constants, never request text)
COLUMNS = {
    "published": "a.published_local",
    "outlet": f"coalesce(a.outlet_name, a.outlet_id, '{UNKNOWN}')",  # the outlet's display name
    "title": "a.title",
    "language": f"coalesce(a.language, '{UNKNOWN}')",
    "section": "a.section",
    "source_ref": "a.source_ref",
    "wire_copy": "coalesce(w.wire_copy, false)",
}
SORTABLE = frozenset(COLUMNS)
# the columns of a page's rows (its credits: details_sql)
ROW_COLUMNS = (
    f"a.article_id, a.published_local, a.tz_label, {COLUMNS['outlet']} AS outlet, a.title, "
    f"{COLUMNS['language']} AS language, a.section, a.source_ref"
)
# grid columns the compact copy of the store holds (analytics.queries.compact): its ids can order by them
ON_COPY = frozenset({"published", "outlet", "language", "wire_copy"})
TEXT_FILTERS = frozenset({"outlet", "title", "language", "section", "source_ref"})
DATE_FILTERS = frozenset({"published"})
# AG Grid text filter type -> SQL with {c} the (lower-cased) column and one ? for the (lower-cased) text
TEXT_OPERATORS = {
    "contains": "coalesce(contains(lower({c}), ?), false)",
    "notContains": "NOT coalesce(contains(lower({c}), ?), false)",
    "equals": "coalesce(lower({c}) = ?, false)",
    "notEqual": "coalesce(lower({c}) <> ?, true)",
    "startsWith": "coalesce(starts_with(lower({c}), ?), false)",
    "endsWith": "coalesce(suffix(lower({c}), ?), false)",
}
BLANK_OPERATORS = {"blank": "({c} IS NULL OR trim({c}) = '')", "notBlank": "({c} IS NOT NULL AND trim({c}) <> '')"}
# AG Grid date filter type -> SQL over the local publication day {d}
DATE_OPERATORS = {
    "equals": "{d} = ?",
    "notEqual": "coalesce({d} <> ?, true)",
    "lessThan": "{d} < ?",
    "greaterThan": "{d} > ?",
    "inRange": "{d} BETWEEN ? AND ?",
    "blank": "{d} IS NULL",
    "notBlank": "{d} IS NOT NULL",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class GridRequestError(ValueError):
    """A grid request that cannot be answered; the message says which part."""


@dataclasses.dataclass(frozen=True)
class PageQuery:
    """The SQL of one page of the Articles grid: its rows and the count of all matching rows."""

    rows: Sql  # the requested rows, in order (without their credits: see details_sql)
    count: Sql  # how many rows match in all


def page_query(filters: Filters, request: dict[str, Any], *, search: str | None = None) -> PageQuery:
    """The SQL answering one infinite-model request under the dashboard's filters, on the store.
    The page's wire copy and credits are looked up for its rows alone (details_sql), not joined
    to every article the filters select."""
    if not isinstance(request, dict):
        raise GridRequestError("the request must be an object")
    start, end = _rows(request.get("startRow"), request.get("endRow"))
    where = where_sql(filters, request.get("filterModel"), search)
    order = order_items(request.get("sortModel"))
    sort_columns = ", ".join(f"{COLUMNS[column]} AS s{i}" for i, (column, _) in enumerate(order))
    order_by = ", ".join(f"s{i} {direction.upper()} NULLS LAST" for i, (_, direction) in enumerate(order))
    rows = (
        Sql(f"SELECT {ROW_COLUMNS}, {sort_columns} FROM articles a{_credits_join(order)} WHERE ")
        + where
        + Sql(f" ORDER BY {order_by}, a.article_id LIMIT ? OFFSET ?", (end - start, start))
    )
    count = Sql("SELECT count(*) AS n FROM articles a WHERE ") + where
    return PageQuery(rows, count)


def on_copy(request: dict[str, Any], search: str | None) -> bool:
    """Whether the compact copy of the store can pick the request's rows (page_ids_sql): no
    column filter or search words (they read the articles' text), a sort by columns it holds."""
    return (
        not request.get("filterModel")
        and not (search or "").strip()
        and all(column in ON_COPY for column, _ in order_items(request.get("sortModel")))
    )


def page_ids_sql(filters: Filters, request: dict[str, Any]) -> Sql:
    """On the compact copy (a request `on_copy`): the store's ids of the requested rows, in the
    order page_query gives them (ties by the store's id too)."""
    start, end = _rows(request.get("startRow"), request.get("endRow"))
    text, params = filters.to_sql("a")
    order = order_items(request.get("sortModel"))
    order_by = ", ".join(f"{COLUMNS[column]} {direction.upper()} NULLS LAST" for column, direction in order)
    return Sql(
        f"SELECT a.{STORE_ID} AS article_id FROM articles a{_credits_join(order)} WHERE {text} "
        f"ORDER BY {order_by}, a.{STORE_ID} LIMIT ? OFFSET ?",
        (*params, end - start, start),
    )


def rows_sql(article_ids: list[str]) -> Sql:
    """The rows of the given articles, in the given order: an IN list the key index answers."""
    marks = ", ".join("?" for _ in article_ids)
    return Sql(
        f"SELECT {ROW_COLUMNS} FROM articles a WHERE a.article_id IN ({marks}) "
        "ORDER BY list_position(?::VARCHAR[], a.article_id)",
        (*article_ids, list(article_ids)),
    )


def openings_sql(article_ids: list[str], *, chars: int) -> Sql:
    """The first `chars` characters of the text of the given articles (those of a page without a
    title): an IN list alone, which the key index answers (a condition on the title next to it
    made DuckDB scan every article's title, 100 ms at a million articles)."""
    marks = ", ".join("?" for _ in article_ids)
    return Sql(
        f"SELECT article_id, left(body, ?) AS opening FROM articles WHERE article_id IN ({marks})",
        (chars, *article_ids),
    )


def match_texts_sql(article_ids: list[str]) -> Sql:
    """The text and captions of the given articles (`match_body`, `match_captions`), where a text
    query's words are looked for (their titles are in the rows already): an IN list alone."""
    marks = ", ".join("?" for _ in article_ids)
    return Sql(
        f"SELECT article_id, body AS match_body, captions AS match_captions FROM articles WHERE article_id IN ({marks})",
        tuple(article_ids),
    )


def _credits_join(order: tuple[tuple[str, str], ...]) -> str:
    """Only a sort by wire copy joins article_credits to the selected articles."""
    return " LEFT JOIN article_credits w ON w.article_id = a.article_id" if "wire_copy" in dict(order) else ""


def details_sql(article_ids: list[str]) -> Sql:
    """wire_copy and credits ("agency: role, ..." in role order) of the given articles, one row
    each: IN lists of the page's ids, which DuckDB answers from the tables' key indexes."""
    marks = ", ".join("?" for _ in article_ids)
    return Sql(
        "WITH page AS (SELECT unnest(?::VARCHAR[]) AS article_id), "
        f"wire AS (SELECT article_id, wire_copy FROM article_credits WHERE article_id IN ({marks})), "
        "credits AS (SELECT article_id, string_agg(agency || ': ' || role, ', ' ORDER BY "
        "list_position(['source', 'dateline', 'photo', 'cited'], role), agency) AS credits "
        f"FROM attributions WHERE article_id IN ({marks}) GROUP BY article_id) "
        "SELECT p.article_id, coalesce(w.wire_copy, false) AS wire_copy, coalesce(c.credits, '') AS credits "
        "FROM page p LEFT JOIN wire w ON w.article_id = p.article_id "
        "LEFT JOIN credits c ON c.article_id = p.article_id",
        (list(article_ids), *article_ids, *article_ids),
    )


def where_sql(filters: Filters, filter_model: Any, search: str | None) -> Sql:
    """The dashboard's filters AND the grid's column filters AND the search words."""
    text, params = filters.to_sql("a")
    where = Sql(f"({text})", tuple(params))
    for condition in column_conditions(filter_model):
        where += Sql(" AND ") + condition
    if search is not None and search.strip():
        words = _text(search.strip(), "search").lower()
        where += Sql(
            " AND (coalesce(contains(lower(a.title), ?), false) OR coalesce(contains(lower(a.body), ?), false))",
            (words, words),
        )
    return where


def column_conditions(filter_model: Any) -> list[Sql]:
    """The WHERE conditions of AG Grid's filter model, each column and operator checked against the whitelist, values bound."""
    if not filter_model:
        return []
    if not isinstance(filter_model, dict):
        raise GridRequestError("filterModel must be an object")
    return [_column_condition(column, model) for column, model in sorted(filter_model.items())]


def _column_condition(column: Any, model: Any) -> Sql:
    if column not in TEXT_FILTERS | DATE_FILTERS:
        raise GridRequestError(f"the column {str(column)[:40]!r} cannot be filtered")
    if not isinstance(model, dict):
        raise GridRequestError(f"{column}: the filter must be an object")
    if "conditions" in model:
        conditions = model["conditions"]
        operator = model.get("operator", "AND")
        if operator not in ("AND", "OR") or not isinstance(conditions, list) or not conditions:
            raise GridRequestError(f"{column}: conditions must be a list joined by AND or OR")
        if len(conditions) > MAX_CONDITIONS:
            raise GridRequestError(f"{column}: at most {MAX_CONDITIONS} conditions")
        parts = [_one_condition(column, c) for c in conditions]
        joined = parts[0]
        for part in parts[1:]:
            joined += Sql(f" {operator} ") + part
        return Sql("(") + joined + ")"
    return _one_condition(column, model)


def _one_condition(column: str, model: Any) -> Sql:
    if not isinstance(model, dict):
        raise GridRequestError(f"{column}: a condition must be an object")
    kind = model.get("type")
    if column in DATE_FILTERS:
        if kind not in DATE_OPERATORS:
            raise GridRequestError(f"{column}: unknown date filter {str(kind)[:40]!r}")
        day = f"CAST({COLUMNS[column]} AS DATE)"
        params: tuple[Any, ...] = ()
        if kind not in ("blank", "notBlank"):
            params = (_date(model.get("dateFrom"), column),)
            if kind == "inRange":
                params += (_date(model.get("dateTo"), column),)
        return Sql("(" + DATE_OPERATORS[kind].format(d=day) + ")", params)
    sql = COLUMNS[column]
    if kind in BLANK_OPERATORS:
        return Sql(BLANK_OPERATORS[kind].format(c=sql))
    if kind not in TEXT_OPERATORS:
        raise GridRequestError(f"{column}: unknown text filter {str(kind)[:40]!r}")
    value = model.get("filter")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise GridRequestError(f"{column}: the filter text is missing")
    return Sql("(" + TEXT_OPERATORS[kind].format(c=sql) + ")", (_text(str(value), column).lower(),))


def order_items(sort_model: Any) -> tuple[tuple[str, str], ...]:
    """(column, asc|desc) pairs of a sort model, checked; the default order when none."""
    if not sort_model:
        return DEFAULT_ORDER
    if not isinstance(sort_model, list) or len(sort_model) > MAX_SORT:
        raise GridRequestError(f"sortModel must be a list of at most {MAX_SORT} columns")
    items = []
    for entry in sort_model:
        if (
            not isinstance(entry, dict)
            or entry.get("colId") not in SORTABLE
            or entry.get("sort") not in ("asc", "desc")
        ):
            raise GridRequestError("a sort entry must name a sortable column and asc or desc")
        items.append((entry["colId"], entry["sort"]))
    return tuple(items)


def _rows(start: Any, end: Any) -> tuple[int, int]:
    for name, value in (("startRow", start), ("endRow", end)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise GridRequestError(f"{name} must be a whole number of at least 0")
    if end <= start:
        raise GridRequestError("endRow must be after startRow")
    return start, min(end, start + MAX_ROWS)


def _text(value: str, name: str) -> str:
    if len(value) > MAX_TEXT:
        raise GridRequestError(f"{name}: at most {MAX_TEXT} characters")
    if _CONTROL.search(value):
        raise GridRequestError(f"{name}: control characters are not allowed")
    return value


def _date(value: Any, column: str) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T][0-9:.]+)?", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise GridRequestError(f"{column}: {str(value)[:40]!r} is not a date")


# --- one article ------------------------------------------------------------------------

ARTICLE_FIELDS = (
    "article_id",
    "source_ref",
    "outlet",
    "outlet_id",
    "outlet_name",
    "outlet_kind",
    "channel",
    "url",
    "title",
    "body",
    "captions",
    "author",
    "editor",
    "source_line",
    "published_raw",
    "published_at",
    "published_local",
    "tz_label",
    "published_method",
    "published_issue",
    "event_date",
    "event_lag_days",
    "language",
    "tags",
    "places",
    "section",
)


def article_sql(article_id: str) -> Sql:
    """The SQL of one article's stored fields with its wire-copy flag and primary agency."""
    names = ", ".join(f'a."{c}"' for c in ARTICLE_FIELDS)
    return Sql(
        f"SELECT {names}, coalesce(w.wire_copy, false) AS wire_copy, w.primary_agency FROM articles a "
        "LEFT JOIN article_credits w ON w.article_id = a.article_id WHERE a.article_id = ?",
        (article_id,),
    )


def attributions_sql(article_id: str) -> Sql:
    """The SQL of one article's attributions, in reading order."""
    return Sql(
        'SELECT t.agency, t.role, t.section, t."start", t."end", t.evidence, t.confidence, t.mentions '
        'FROM attributions t WHERE t.article_id = ? ORDER BY t.section, t."start", t.agency, t.role',
        (article_id,),
    )


def tags_sql(article_id: str) -> Sql:
    """The SQL of one article's tags, editor tags first, each with its label (analytics.queries.labels)."""
    return (
        Sql("WITH chosen AS (SELECT kind, tag FROM tags WHERE article_id = ?), ", (article_id,))
        + tag_labels(Sql("chosen"))
        + "SELECT c.kind, c.tag, l.label FROM chosen c JOIN labels l ON l.kind = c.kind AND l.tag = c.tag "
        "ORDER BY list_position(['tag', 'place', 'section', 'keyword'], c.kind), c.tag"
    )

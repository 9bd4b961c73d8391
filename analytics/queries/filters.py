"""The one filter object every analytics function, the dashboard and the reports accept.

    Filters(start, end, outlets, agencies, roles, tags, languages, outlet_kind, copy_of, wire_copy_only, q)

- `start`, `end`: local publication dates (`published_local`, the wall time in the
  article's own zone), both inclusive. An article without a publication date is
  left out as soon as either bound is set.
- `outlets`: canonical outlet ids (`kompas`), any of. A value that is no stored id (a
  raw name from an older link: `Kompas`, `megapolitan.kompas.com`) selects the articles
  whose raw `outlet` is that name and those of the outlet ids that name was resolved to
  among the stored articles; a value naming nothing selects nothing (and stays in the filters).
- `languages`: any of. In both, `UNKNOWN` ("(unknown)") matches articles that have none
  (no outlet id, no language), the label the analyses give them.
- `outlet_kind`: outlet kinds (newspaper, online, ..., agency; UNKNOWN: no outlet), any
  of; `all` alone: every kind. Unset, the wire-dependence analyses leave out the
  agencies' own feeds (kind `agency`: `own_feeds_scope()`); set, every analysis keeps
  exactly the kinds given.
- `agencies`, `roles`: articles with at least one attribution whose agency is
  any of `agencies` and whose role is any of `roles` (the same attribution: agencies
  ("reuters",) with roles ("source",) means "credits Reuters as its source").
  The attribution analyses also count only such attributions. In the analyses these two
  pick what is counted, never what it is counted out of (NUMERATOR_FIELDS): the share of
  a period's, outlet's or group's articles crediting Xinhua is of all its articles under
  the other filters (`denominator()`), the credits to Xinhua picked by `picks_sql()`. The
  Articles table and the exports select with every filter (`to_sql()`).
- `tags`: articles carrying any of these normalised tag keys, of any kind.
- `copy_of`: text reuse (analytics.queries.reuse_relations), any of: `agency:<id>` the copies of
  an agency's stories (articles in a story whose origin is the agency's own feed or wire copy
  crediting it), `outlet:<id>` the copies of an outlet's stories (any other origin), as the reuse
  matrix counts them; `uncredited:<agency id>` the articles copying that agency's story without
  crediting it. It needs the store's reuse tables (a reuse round).
- `wire_copy_only`: only articles that are wire copy (a source or dateline credit). The
  wire-copy analyses count wire copy, so for them it picks what is counted (which they
  count anyway) and their total stays all the outlet's articles; every other analysis
  counts within wire copy.
- `q`: a text query (analytics.text.search_syntax: words, "phrases", AND/OR/NOT, -word,
  (groups), prefix*, title:/text:/caption:): the articles the store's search index matches
  (analytics.queries.search). Like the outlets, it selects what every analysis counts and
  counts out of.

Build one with `filters_from(**raw)` (checks and converts user values) or directly
and call `.validate()`; every analytics function validates what it is given.
`to_sql()` gives a WHERE fragment with `?` placeholders and its parameters: no
value is ever formatted into SQL. `to_query_string()` / `from_query_string()`
carry the state in a URL (the dashboard) and round-trip exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import urllib.parse
from collections.abc import Iterable
from typing import Any

from analytics.enrich.attribution.registry import ID_PATTERN, ROLES
from analytics.enrich.outlets.registry import AGENCY_KIND, KINDS
from analytics.errors import UserError
from analytics.queries import search
from analytics.queries.reuse_relations import ORIGIN_KINDS, UNCREDITED, UNCREDITED_KIND, copy_origins

UNKNOWN = "(unknown)"  # the label of a missing outlet or language, in results and in filters
MAX_VALUES = 200  # values per list field: a URL cannot smuggle a huge IN list into a query
MAX_VALUE_CHARS = 300
ALL_KINDS = "all"  # outlet_kind=all: every outlet kind, agencies' own feeds included
OUTLET_KINDS = (*KINDS, UNKNOWN)  # the values of outlet_kind (UNKNOWN: articles with no outlet), beside ALL_KINDS
LIST_FIELDS = ("outlets", "agencies", "roles", "tags", "languages", "outlet_kind", "copy_of")
COPY_KINDS = (*ORIGIN_KINDS, UNCREDITED_KIND)  # the kinds of a copy_of value, `<kind>:<id>`
SINGLE_FIELDS = ("start", "end", "wire_copy_only", "q")  # given once in a URL
FIELDS = ("start", "end", *LIST_FIELDS, "wire_copy_only", "q")
NUMERATOR_FIELDS = ("agencies", "roles")  # the filters that pick what an analysis counts, not what it counts out of
TAG_PICKS = (*NUMERATOR_FIELDS, "tags")  # the tag analyses: the tag filter picks the tags counted too
WIRE_COPY_PICKS = (*NUMERATOR_FIELDS, "wire_copy_only")  # the wire-copy analyses: they count wire copy
# An article is selected by its rows in another table as `article_id IN (uncorrelated subquery)`, not a
# correlated EXISTS: where an analysis marks every article as picked or not (`picks_sql`), DuckDB answered
# the EXISTS with a join over all articles (70 ms at a million articles), the IN list with one hash set.
# Keyed rows only: an id list holding NULL would make a non-member NULL instead of FALSE.
_KEYED = "{t}.article_id IS NOT NULL"
_UNSET: dict[str, Any] = {
    "agencies": (),
    "roles": (),
    "tags": (),
    "wire_copy_only": False,
}  # a picking field's empty value
_TRUE, _FALSE = ("1", "true", "yes"), ("0", "false", "no")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class FilterError(UserError):
    """A filter value that cannot be used; the message names the field and says why."""


@dataclasses.dataclass(frozen=True)
class Filters:
    """What to analyse: a date range and the outlets, agencies, roles, tags, languages and outlet kinds to keep (empty: all), wire copy only or not."""

    start: dt.date | None = None
    end: dt.date | None = None
    outlets: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    outlet_kind: tuple[str, ...] = ()
    copy_of: tuple[str, ...] = ()
    wire_copy_only: bool = False
    q: str | None = None

    # --- checking -------------------------------------------------------------------------

    def validate(self) -> Filters:
        """Raise FilterError on the first unusable field; returns self, so calls chain."""
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
                raise FilterError(f"{name} must be a date (YYYY-MM-DD), not {value!r}")
        if self.start and self.end and self.start > self.end:
            raise FilterError(f"start {self.start.isoformat()} is after end {self.end.isoformat()}")
        for name in LIST_FIELDS:
            _check_values(name, getattr(self, name))
        for agency in self.agencies:
            if not ID_PATTERN.match(agency):
                raise FilterError(f"agencies: {agency!r} is not an agency id (lower case letters, digits, _)")
        for role in self.roles:
            if role not in ROLES:
                raise FilterError(f"roles: {role!r} is not a role (one of {', '.join(ROLES)})")
        for kind in self.outlet_kind:
            if kind not in (*OUTLET_KINDS, ALL_KINDS):
                raise FilterError(
                    f"outlet_kind: {kind!r} is not an outlet kind (one of {', '.join(OUTLET_KINDS)}, or {ALL_KINDS})"
                )
        for value in self.copy_of:
            kind, _, of = value.partition(":")
            if kind not in COPY_KINDS or not of:
                raise FilterError(f"copy_of: {value!r} is not <kind>:<id> (kind one of {', '.join(COPY_KINDS)})")
            if kind != "outlet" and not ID_PATTERN.match(of):
                raise FilterError(f"copy_of: {of!r} is not an agency id (lower case letters, digits, _)")
        if ALL_KINDS in self.outlet_kind and len(self.outlet_kind) > 1:
            raise FilterError(f"outlet_kind: {ALL_KINDS!r} means every kind, so it comes alone")
        if not isinstance(self.wire_copy_only, bool):
            raise FilterError(f"wire_copy_only must be true or false, not {self.wire_copy_only!r}")
        if self.q is not None:
            if not isinstance(self.q, str) or not self.q.strip():
                raise FilterError(f"q must be a text query, not {self.q!r}")
            try:
                search.check(self.q)
            except search.QueryTextError as err:
                raise FilterError(str(err)) from None
        return self

    @property
    def is_empty(self) -> bool:
        """Whether no filter is set."""
        return self == Filters()

    def replace(self, **changes: Any) -> Filters:
        """A copy with some fields changed (checked like filters_from)."""
        return filters_from(**{**self.as_dict(), **changes})

    @property
    def leaves_out_own_feeds(self) -> bool:
        """Whether the wire-dependence analyses leave out the agencies' own feeds: the user chose no outlet kind."""
        return not self.outlet_kind

    def own_feeds_scope(self) -> Filters:
        """The filters of a wire-dependence analysis (wire copy by outlet, state vs independent
        wires, outlet x agency, the overview's wire copy): unless the user chose outlet kinds,
        every kind but `agency`, so an agency's own feed is not counted as an outlet relying on
        wires. The outlet kinds a user gave are kept as they are."""
        if not self.leaves_out_own_feeds:
            return self
        return self.replace(outlet_kind=[kind for kind in OUTLET_KINDS if kind != AGENCY_KIND])

    # --- SQL ------------------------------------------------------------------------------

    def to_sql(self, alias: str = "a") -> tuple[str, list[Any]]:
        """A WHERE fragment over `articles AS <alias>` and its parameters, in placeholder order."""
        return _joined(self.validate()._clauses(alias))

    def denominator(self, picks: tuple[str, ...] = NUMERATOR_FIELDS) -> Filters:
        """These filters without the fields in `picks` (default: agencies and roles): the articles
        an analysis's shares are of."""
        return dataclasses.replace(self, **{name: _UNSET[name] for name in picks}).validate()

    def picks_sql(self, alias: str = "a", picks: tuple[str, ...] = NUMERATOR_FIELDS) -> tuple[str, list[Any]]:
        """Whether an article (`articles AS <alias>`) is counted under the fields in `picks` (default:
        it has an attribution matching the agency and role filters); TRUE when none of them is set."""
        return _joined([clause for clause in self.validate()._clauses(alias) if set(clause[0]) <= set(picks)])

    def _clauses(self, alias: str) -> list[tuple[tuple[str, ...], str, list[Any]]]:
        """(the fields it comes from, a condition over `articles AS <alias>`, its parameters) per field set."""
        a = _alias(alias)
        clauses: list[tuple[tuple[str, ...], str, list[Any]]] = []
        if self.start is not None:
            clauses.append((("start",), f"{a}.published_local >= ?", [dt.datetime.combine(self.start, dt.time())]))
        if self.end is not None:
            end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time())
            clauses.append((("end",), f"{a}.published_local < ?", [end]))
        if self.outlets:
            # an id, or a raw name: its articles and those of the ids it was resolved to (module docstring)
            marks = _marks(self.outlets)
            clauses.append(
                (
                    ("outlets",),
                    f"(coalesce({a}.outlet_id, ?) IN ({marks}) OR {a}.outlet IN ({marks}) OR {a}.outlet_id IN "
                    f"(SELECT n.outlet_id FROM articles n WHERE n.outlet IN ({marks}) AND n.outlet_id IS NOT NULL))",
                    [UNKNOWN, *self.outlets, *self.outlets, *self.outlets],
                )
            )
        for column, values in (("languages", self.languages), ("outlet_kind", self.outlet_kind)):
            if values and values != (ALL_KINDS,):
                sql_column = "language" if column == "languages" else column
                clauses.append(((column,), f"coalesce({a}.{sql_column}, ?) IN ({_marks(values)})", [UNKNOWN, *values]))
        if self.agencies or self.roles:
            condition, params = self.attribution_sql("f")
            clauses.append(
                (
                    NUMERATOR_FIELDS,
                    f"{a}.article_id IN (SELECT f.article_id FROM attributions f WHERE {_KEYED.format(t='f')} AND {condition})",
                    params,
                )
            )
        if self.tags:
            clauses.append(
                (
                    ("tags",),
                    f"{a}.article_id IN (SELECT g.article_id FROM tags g WHERE {_KEYED.format(t='g')} "
                    f"AND g.tag IN ({_marks(self.tags)}))",
                    list(self.tags),
                )
            )
        if self.copy_of:
            clauses.append((("copy_of",), *self._copies_sql(a)))
        if self.wire_copy_only:
            clauses.append(
                (
                    ("wire_copy_only",),
                    f"{a}.article_id IN (SELECT w.article_id FROM article_credits w WHERE {_KEYED.format(t='w')} AND w.wire_copy)",
                    [],
                )
            )
        if self.q is not None:
            clauses.append((("q",), search.matches_condition(self.q, a), []))
        return clauses

    def _copies_sql(self, a: str) -> tuple[str, list[Any]]:
        """The copy_of condition over `articles AS <a>` and its parameters."""
        uncredited = [value.partition(":")[2] for value in self.copy_of if value.startswith(f"{UNCREDITED_KIND}:")]
        origins = [value for value in self.copy_of if not value.startswith(f"{UNCREDITED_KIND}:")]
        selects = []
        if origins:
            selects.append(
                f"SELECT article_id FROM ({copy_origins(UNKNOWN)}) WHERE origin_kind || ':' || origin IN "
                f"({_marks(tuple(origins))})"
            )
        if uncredited:
            selects.append(f"SELECT article_id FROM ({UNCREDITED}) WHERE agency IN ({_marks(tuple(uncredited))})")
        return f"{a}.article_id IN ({' UNION ALL '.join(selects)})", [*origins, *uncredited]

    def attribution_sql(self, alias: str = "t") -> tuple[str, list[Any]]:
        """The condition on one attribution row (`attributions AS <alias>`): agency and role."""
        t = _alias(alias)
        clauses: list[str] = []
        params: list[Any] = []
        if self.agencies:
            clauses.append(f"{t}.agency IN ({_marks(self.agencies)})")
            params += list(self.agencies)
        if self.roles:
            clauses.append(f"{t}.role IN ({_marks(self.roles)})")
            params += list(self.roles)
        return (" AND ".join(clauses) or "TRUE"), params

    # --- URL and JSON ---------------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (dates as ISO strings, lists as lists)."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            **{name: list(getattr(self, name)) for name in LIST_FIELDS},
            "wire_copy_only": self.wire_copy_only,
            "q": self.q,
        }

    def to_query_string(self) -> str:
        """`start=2021-07-01&outlets=kompas&outlets=tempo&wire_copy_only=1`; empty fields are left out."""
        self.validate()
        pairs: list[tuple[str, str]] = []
        for name in ("start", "end"):
            if getattr(self, name) is not None:
                pairs.append((name, getattr(self, name).isoformat()))
        for name in LIST_FIELDS:
            pairs += [(name, value) for value in getattr(self, name)]
        if self.wire_copy_only:
            pairs.append(("wire_copy_only", "1"))
        if self.q is not None:
            pairs.append(("q", self.q))
        return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def filters_from(**raw: Any) -> Filters:
    """Filters from user values: dates as date or 'YYYY-MM-DD', lists as any iterable of
    strings (a single string is one value), wire_copy_only as bool or '1'/'true'/'0'/'false'.
    None or an empty list leaves a field unset; repeated values are kept once, in order."""
    for name in raw.keys() - set(FIELDS):
        raise FilterError(f"unknown filter {name!r} (expected one of: {', '.join(FIELDS)})")
    values: dict[str, Any] = {}
    for name in ("start", "end"):
        values[name] = _date(name, raw.get(name))
    for name in LIST_FIELDS:
        values[name] = list_values(name, raw.get(name))
    values["wire_copy_only"] = _flag(raw.get("wire_copy_only"))
    values["q"] = _query(raw.get("q"))
    return Filters(**values).validate()


def from_query_string(query: str, *, ignore: Iterable[str] = ()) -> Filters:
    """Filters from a URL query string (with or without the leading `?`). Keys in `ignore`
    (a page's own state, like `freq`) are skipped; any other unknown key is an error."""
    if not isinstance(query, str):
        raise FilterError(f"a query string must be text, not {type(query).__name__}")
    query = query.removeprefix("?")
    try:
        pairs = urllib.parse.parse_qsl(
            query, keep_blank_values=True, strict_parsing=bool(query), max_num_fields=MAX_VALUES * len(FIELDS)
        )
    except ValueError as err:
        raise FilterError(f"malformed query string: {err}") from None
    skipped = set(ignore)
    raw: dict[str, list[str]] = {}
    for key, value in pairs:
        if key in skipped:
            continue
        if key not in FIELDS:
            raise FilterError(f"unknown filter {key!r} in the query string (expected one of: {', '.join(FIELDS)})")
        if value == "":
            raise FilterError(f"{key}: empty value in the query string")
        raw.setdefault(key, []).append(value)
    for key in SINGLE_FIELDS:
        if len(raw.get(key, ())) > 1:
            raise FilterError(f"{key} is given {len(raw[key])} times in the query string")
    single = {key: raw[key][0] for key in SINGLE_FIELDS if key in raw}
    return filters_from(**single, **{key: raw[key] for key in LIST_FIELDS if key in raw})


def narrow(filters: Filters, *, period: dt.date | str | None = None, freq: str | None = None, **values: str) -> Filters:
    """Filters narrowed to one clicked value per field (drill-down from a chart):
    `narrow(f, outlet="kompas", agency="ap", role="source", tag="korea-utara", language="id")`,
    or a period: `narrow(f, period=date(2021, 7, 5), freq="week")`."""
    changes: dict[str, Any] = {}
    day = _date("period", period)
    if day is not None:
        first, last = period_bounds(day, freq or "day")
        start = max(first, filters.start) if filters.start else first
        end = min(last, filters.end) if filters.end else last
        if start > end:
            raise FilterError(f"period {first.isoformat()} lies outside the date range of the filters")
        changes.update(start=start, end=end)
    for name, value in values.items():
        field = {
            "outlet": "outlets",
            "agency": "agencies",
            "role": "roles",
            "tag": "tags",
            "language": "languages",
            "copy_of": "copy_of",
        }.get(name)
        if field is None:
            raise FilterError(f"cannot narrow by {name!r}")
        changes[field] = (value,)
    return filters.replace(**changes)


def period_bounds(period: dt.date, freq: str) -> tuple[dt.date, dt.date]:
    """First and last day of the day/week (ISO, Monday first)/month bucket containing `period`."""
    if freq == "day":
        return period, period
    if freq == "week":
        first = period - dt.timedelta(days=period.weekday())
        return first, first + dt.timedelta(days=6)
    if freq == "month":
        first = period.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    raise FilterError(f"freq must be day, week or month, not {freq!r}")


# --- helpers ------------------------------------------------------------------------------


def _joined(clauses: list[tuple[tuple[str, ...], str, list[Any]]]) -> tuple[str, list[Any]]:
    """The conditions of `_clauses` joined by AND (TRUE when none), with their parameters in order."""
    return (" AND ".join(sql for _, sql, _ in clauses) or "TRUE"), [p for _, _, params in clauses for p in params]


def _alias(alias: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", alias):
        raise ValueError(f"{alias!r} is not a table alias")
    return alias


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def _check_values(name: str, values: Any) -> None:
    if not isinstance(values, tuple):
        raise FilterError(f"{name} must be a tuple of strings (filters_from() converts lists), not {values!r}")
    if len(values) > MAX_VALUES:
        raise FilterError(f"{name}: {len(values)} values, at most {MAX_VALUES}")
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            raise FilterError(f"{name}: {value!r} is not a string")
        if not value.strip():
            raise FilterError(f"{name}: empty value")
        if len(value) > MAX_VALUE_CHARS:
            raise FilterError(f"{name}: a value of {len(value)} characters, at most {MAX_VALUE_CHARS}")
        if _CONTROL.search(value):
            raise FilterError(f"{name}: {value!r} holds a control character")
        if value in seen:
            raise FilterError(f"{name}: {value!r} is given twice")
        seen.add(value)


def _date(name: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        raise FilterError(f"{name} must be a date, not a date and time ({value.isoformat()})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise FilterError(f"{name} must be a date written YYYY-MM-DD, not {value!r}")


def list_values(name: str, value: Any) -> tuple[str, ...]:
    """The values of list field `name` as given by a user (a string is one value; None: none), each
    kept once, in order; FilterError unless they are strings. Not checked against the field."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable) or isinstance(value, (bytes, dict)):
        raise FilterError(f"{name} must be a list of strings, not {value!r}")
    items = list(value)
    if len(items) > MAX_VALUES:
        raise FilterError(f"{name}: {len(items)} values, at most {MAX_VALUES}")
    for item in items:
        if not isinstance(item, str):
            raise FilterError(f"{name}: {item!r} is not a string")
    return tuple(dict.fromkeys(items))


def _query(value: Any) -> str | None:
    """A text query as given, without the spaces around it (None or blank: none)."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if not isinstance(value, str):
        raise FilterError(f"q must be a text query, not {value!r}")
    return value.strip()


def _flag(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.lower() in _TRUE + _FALSE:
        return value.lower() in _TRUE
    raise FilterError(f"wire_copy_only must be true or false (1/0), not {value!r}")

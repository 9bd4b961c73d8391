"""The filter bar shared by every page: its dropdown options (from the store, once per
store version) and the two-way sync between its controls and the URL query string.

The URL is the state: a change of a control writes the URL (a new history entry,
so back/forward step through filter changes); a URL that changes by itself (a
page load, back/forward, a drill-down link) sets the controls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from analytics import queries as q
from analytics.enrich.attribution.registry import ROLES
from analytics.errors import UserError
from analytics.queries.compare import parse_compare, parse_named
from analytics.queries.engine import QueryTimeout
from analytics.queries.filter_values import NoReuse
from analytics.queries.filters import (
    ALL_KINDS,
    OUTLET_KINDS,
    UNKNOWN,
    FilterError,
    Filters,
    filters_from,
    from_query_string,
)
from analytics.queries.labels import all_tag_labels
from analytics.queries.reuse import has_reuse
from analytics.queries.search import matches_condition, prepare
from dashboard.logic import urlstate
from dashboard.logic.data import Data, StoreUnavailable
from dashboard.logic.resolve import Resolved, Unknown, resolve_link_values

Resolver = Callable[[dict[str, list[str]]], Resolved]
Checker = Callable[[Filters], None]  # raises a UserError for filters the store cannot answer

LIST_CONTROLS = ("outlets", "agencies", "roles", "tags", "languages", "outlet_kind", "copy_of")
SEARCHABLE = ("outlets", "agencies", "tags", "languages", "copy_of")  # the dropdowns searched over every stored value
UNKNOWN_VALUE = "unknown value"  # the mark of a selected value the store does not hold
CONTROLS = ("start", "end", *LIST_CONTROLS, "wire_copy_only", "q")
MAX_OPTIONS = 1000  # per dropdown: the most frequent values matching what is typed (a URL may name any other)
Choice = tuple[str, str, int]  # (value, display name, articles)
ROLE_LABELS = {"source": "Source (credit line)", "dateline": "Dateline", "photo": "Photo credit", "cited": "Cited"}
PRESET_DAYS = (7, 30, 365)  # the "last N days" presets, ending at the data's last date (not today)
PRESET = "date-preset"  # the id type of a preset's button: {"type": PRESET, "start": ..., "end": ...}
KIND_LABELS = {  # outlet kind -> its option's label
    ALL_KINDS: "All kinds, agencies' own feeds included",
    "agency": "Agency (its own feed)",
    UNKNOWN: "(unknown): no outlet",
}


@dataclasses.dataclass(frozen=True)
class FilterOptions:
    """Dropdown options as (value, label) pairs, most frequent first, and the dated range.
    An outlet's value is its id, its label its display name."""

    outlets: tuple[tuple[str, str], ...] = ()
    agencies: tuple[tuple[str, str], ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    languages: tuple[tuple[str, str], ...] = ()
    copy_of: tuple[tuple[str, str], ...] = ()  # text reuse: the stories' origins copied, and agencies copied uncredited
    roles: tuple[tuple[str, str], ...] = tuple((r, ROLE_LABELS.get(r, r)) for r in ROLES)
    outlet_kinds: tuple[tuple[str, str], ...] = tuple(
        (kind, KIND_LABELS.get(kind, kind.capitalize())) for kind in (ALL_KINDS, *OUTLET_KINDS)
    )
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    years: tuple[int, ...] = ()  # the years with dated articles, in order


@dataclasses.dataclass(frozen=True)
class DatePreset:
    """A date range one click sets: its button's label and the range (both ends included)."""

    label: str
    start: dt.date
    end: dt.date

    def control_id(self) -> dict[str, str]:
        """The id of its button: the range travels in it, so the callback needs no lookup."""
        return {"type": PRESET, "start": self.start.isoformat(), "end": self.end.isoformat()}


def date_presets(options: FilterOptions) -> tuple[DatePreset, ...]:
    """The last 7, 30 and 365 days of the data (ending at its last dated article, so a store of
    2022 news is not shown an empty "last week"), then each year with dated articles."""
    last = options.last_date
    if last is None:
        return ()
    recent = tuple(DatePreset(f"Last {days} days", last - dt.timedelta(days=days - 1), last) for days in PRESET_DAYS)
    years = tuple(DatePreset(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in options.years)
    return recent + years


def preset_range(control_id: dict[str, str]) -> tuple[str, str]:
    """The (start, end) a preset's button sets, as the date picker holds them (YYYY-MM-DD);
    FilterError for an id that holds no date range."""
    filters = filters_from(start=control_id.get("start"), end=control_id.get("end"))
    if filters.start is None or filters.end is None:
        raise FilterError(f"a date preset needs a start and an end, not {control_id!r}")
    return filters.start.isoformat(), filters.end.isoformat()


def filter_options(
    store, *, time_limit: float | None = None, known: Callable[[str], tuple[Choice, ...]] | None = None
) -> FilterOptions:
    """Every option list of the filter bar, from the analytics API over the whole store. `known`:
    a field's choices over the whole store (`known_choices` of the app's data, so the dropdowns'
    first searches find them cached), by default `choices` on `store`."""
    every = {
        field: known(field) if known else choices(store, Filters(), field, time_limit=time_limit)
        for field in SEARCHABLE
    }
    timeline = q.publication_timeline(store, Filters(), freq="day", time_limit=time_limit)
    days = timeline.loc[timeline["count"] > 0, "period"]  # (the timeline holds the empty days between too)
    return FilterOptions(
        **{field: options_pairs(every[field][:MAX_OPTIONS]) for field in SEARCHABLE},
        first_date=days.min().date() if len(days) else None,
        last_date=days.max().date() if len(days) else None,
        years=tuple(sorted({int(year) for year in days.dt.year})),
    )


def choices(
    store,
    filters: Filters,
    field: str,
    *,
    time_limit: float | None = None,
    tag_labels: pd.DataFrame | None = None,
) -> tuple[Choice, ...]:
    """Every value of a list field (outlets, agencies, tags, languages) the store holds, as (value,
    name, articles), most articles first: the articles are those the filters select, the field's
    own filter left out (so the counts say what choosing the value would add). `tag_labels`: every
    tag's label (`all_tag_labels`), when the caller keeps them; None: computed."""
    scope = filters.replace(**{field: None})
    if field == "outlets":  # date quality per outlet and per language has every group's articles (`total`)
        frame = q.date_quality(store, scope, by="outlet", time_limit=time_limit).drop_duplicates("outlet_id")
        rows = zip(frame["outlet_id"], frame["outlet_name"], frame["total"])
    elif field == "languages":
        frame = q.date_quality(store, scope, by="language", time_limit=time_limit).drop_duplicates("language")
        rows = zip(frame["language"], frame["language"], frame["total"])
    elif field == "agencies":
        frame = q.attribution_by_agency(store, scope, time_limit=time_limit)
        rows = zip(frame["agency"], frame["agency_name"], frame["count"])
    elif field == "tags":
        return tag_choices(q.tag_frequencies(store, scope, limit=None, labels=tag_labels, time_limit=time_limit))
    elif field == "copy_of":
        return copy_choices(store, scope, time_limit=time_limit)
    else:
        raise ValueError(f"{field!r} has no choices from the store (one of {', '.join(SEARCHABLE)})")
    return _ranked((str(value), str(name), int(count)) for value, name, count in rows)


def copy_choices(store, filters: Filters, *, time_limit: float | None = None) -> tuple[Choice, ...]:
    """The copy_of values, as the Copy of dropdown names them: each story origin ("Reuters (agency)",
    "Kompas (outlet)") with its copies under the filters, as the reuse matrix counts them, and each
    agency ("Xinhua, uncredited") with the articles copying its stories uncredited; none when the
    store has no reuse tables."""
    if not has_reuse(store):
        return ()
    matrix = q.reuse_matrix(store, filters, time_limit=time_limit)
    origins = matrix.groupby(["origin_kind", "origin", "origin_name"], as_index=False)["count"].sum()
    uncredited = q.uncredited_agency_copy(store, filters, time_limit=time_limit)
    return _ranked(
        [
            *(
                (f"{kind}:{origin}", f"{name} ({kind})", count)
                for kind, origin, name, count in origins.itertuples(index=False)
            ),
            *(
                (f"uncredited:{agency}", f"{name}, uncredited", count)
                for agency, name, count in zip(uncredited["agency"], uncredited["agency_name"], uncredited["count"])
            ),
        ]
    )


def tag_choices(frame: pd.DataFrame) -> tuple[Choice, ...]:
    """One choice per tag key (the filter matches a key of any kind): named by its most used label
    and the kinds it has, counted by the articles carrying it under its most used kind."""
    rows = frame.sort_values(["count", "tag"], ascending=[False, True], kind="stable").astype(
        {"tag": str, "label": str, "kind": str}
    )
    turn = rows.groupby("tag", sort=False).cumcount()  # 0: the tag's most used kind, then the others
    first = rows[turn == 0].set_index("tag")
    kinds = first["kind"]
    for n in range(1, int(turn.max()) + 1 if len(rows) else 1):  # a tag has at most one row per kind
        kinds = kinds + ("/" + rows[turn == n].set_index("tag")["kind"]).reindex(kinds.index, fill_value="")
    return _ranked(zip(first.index.tolist(), (first["label"] + " · " + kinds).tolist(), first["count"].tolist()))


def _ranked(rows) -> tuple[Choice, ...]:
    return tuple(sorted(rows, key=lambda row: (-row[2], row[0])))


def options_pairs(rows: tuple[Choice, ...]) -> tuple[tuple[str, str], ...]:
    """(value, "name (articles)") of each choice, for `dropdown_options`."""
    return tuple((value, f"{name} ({count:,})") for value, name, count in rows)


def dropdown_options(
    pairs: tuple[tuple[str, str], ...],
    selected: tuple[str, ...] | list[str] = (),
    *,
    search: str | None = None,
    unknown: tuple[str, ...] | list[str] = (),
) -> list[dict]:
    """Options for a dcc.Dropdown: the pairs whose value or label holds the `search` text (any case;
    the first MAX_OPTIONS), and every selected value, always (a dropdown drops a value it does not
    offer): a value not among the pairs is shown as itself, marked when it is `unknown` to the store."""
    words = (search or "").casefold().strip()
    shown = [(value, label) for value, label in pairs if words in value.casefold() or words in label.casefold()]
    shown = shown[:MAX_OPTIONS]
    offered = {value for value, _ in shown}
    labels = dict(pairs)
    extra = [
        (v, labels.get(v) or (f"{v} · {UNKNOWN_VALUE}" if v in unknown else v)) for v in selected if v not in offered
    ]
    return [{"label": label, "value": value} for value, label in (*shown, *extra)]


# --- the store's values: resolving a link, searching a dropdown ---------------------------


def known_choices(data: Data, field: str, filters: Filters = Filters()) -> tuple[Choice, ...]:
    """`choices` of a field under the filters, cached per store version; under filters, the tags'
    labels too (without filters, at the app's start, every tag is shown: its labels come at no
    extra cost, and a first page does not wait for them)."""

    def compute(store) -> tuple[Choice, ...]:
        labels = (
            data.analysis(("tag labels",), lambda whole: all_tag_labels(whole, time_limit=data.time_limit))
            if field == "tags" and not filters.is_empty
            else None
        )
        return choices(store, filters, field, time_limit=data.time_limit, tag_labels=labels)

    return data.analysis(("choices", field, filters), compute)


def resolver(data: Data) -> Resolver:
    """Matches a link's values against the store behind `data` (`resolve.resolve_link_values`, the
    analytics' resolver), cached per values and store version."""

    def resolve(raw: dict[str, list[str]]) -> Resolved:
        given = tuple((field, tuple(values)) for field, values in raw.items())
        return data.analysis(
            ("link values", given), lambda store: resolve_link_values(store, raw, time_limit=data.time_limit)
        )

    return resolve


def resolved_query(query: str, resolve: Resolver) -> str:
    """A request's query string with its values as the store holds them (`?agencies=KCNA` ->
    `?agencies=kcna`), as the page's own sync reads it, so the server judges the link the page
    shows; unchanged when it cannot be resolved (a malformed one keeps its own error)."""
    try:
        return urlstate.resolved(query, resolve)[0]
    except (urlstate.UrlError, QueryTimeout, StoreUnavailable):
        return query


def searched_options(data: Data, key: str | None, field: str, search: str | None, selected: list[str]) -> list[dict]:
    """A searchable dropdown's options: the values matching what is typed among every stored value,
    counted under the other filters (`key`), and the selected values (marked when unknown)."""
    filters = from_query_string(key or "")
    stored = {value for value, _, _ in known_choices(data, field)}
    unknown = [value for value in selected if value not in stored]
    return dropdown_options(
        options_pairs(known_choices(data, field, filters)), selected, search=search, unknown=unknown
    )


def applied_text(key: str | None) -> str:
    """The line over every page naming the filters the charts apply (`key`: the canonical filters)."""
    try:
        filters = from_query_string(key or "")
    except FilterError:
        return ""
    if filters.is_empty:
        return "Filters applied: none (every article in the store)."
    parts = []
    if filters.start or filters.end:
        parts.append(f"published {filters.start or '…'} – {filters.end or '…'}")
    parts += [
        f"{name.replace('_', ' ')}: {', '.join(getattr(filters, name))}"
        for name in LIST_CONTROLS
        if getattr(filters, name)
    ]
    if filters.wire_copy_only:
        parts.append("wire copy only")
    if filters.q is not None:
        parts.append(f"text: {filters.q}")
    return "Filters applied: " + " · ".join(parts) + "."


def compared_text(compare: list[str] | tuple[str, ...] | None) -> str:
    """The line under the applied filters naming the compared queries (empty when none)."""
    if not compare:
        return ""
    return "Compared (each within the filters): " + " · ".join(compare) + "."


# --- compared queries: the filter bar's Compare box ----------------------------------------


def with_added(search: str | None, name: str | None, text: str | None) -> str:
    """The query string with the named query `name=text` compared too (text: a query, or filters
    in URL form after `?`); FilterError (or UrlError of the URL) saying why it cannot be."""
    spec = f"{(name or '').strip()}={(text or '').strip()}"
    current = urlstate.parse(search).compare
    try:
        return urlstate.with_compare(search, (*current, parse_named(spec).spec))
    except urlstate.UrlError as err:
        raise FilterError(str(err)) from None


def without(search: str | None, index: int) -> str:
    """The query string without its `index`th compared query (the rest kept)."""
    current = urlstate.parse(search).compare
    return urlstate.with_compare(search, current[:index] + current[index + 1 :])


# --- controls <-> filters ---------------------------------------------------------------


def controls_of(filters: Filters) -> dict[str, Any]:
    """The value of each control for a set of filters."""
    return {
        "start": filters.start.isoformat() if filters.start else None,
        "end": filters.end.isoformat() if filters.end else None,
        **{name: list(getattr(filters, name)) for name in LIST_CONTROLS},
        "wire_copy_only": bool(filters.wire_copy_only),
        "q": filters.q or "",
    }


def filters_of_controls(values: dict[str, Any]) -> Filters:
    """Filters from control values (FilterError if they cannot be used, e.g. start after end)."""
    raw: dict[str, Any] = {}
    for name in ("start", "end"):
        value = values.get(name)
        raw[name] = value[:10] if isinstance(value, str) and value else None  # the date picker may add a time
    for name in LIST_CONTROLS:
        raw[name] = values.get(name) or None
    raw["wire_copy_only"] = bool(values.get("wire_copy_only"))
    raw["q"] = values.get("q") or None
    return filters_from(**raw)


@dataclasses.dataclass(frozen=True)
class Sync:
    """What the sync callback sets. None leaves a thing as it is."""

    search: str | None = None  # the URL's new query string ("" for none)
    controls: dict[str, Any] | None = None  # new control values
    key: str | None = None  # the canonical filters (what the charts listen to)
    compare: tuple[str, ...] | None = None  # the compared queries' specs (what the charts listen to too)
    error: str | None = None  # a message for the user; the page body is hidden while there is one
    url_error: bool = False  # the error is the URL's (the page cannot be shown) rather than a control's
    unknown: tuple[Unknown, ...] = ()  # the link's values the store does not know (kept, and said)

    @property
    def warning(self) -> str | None:
        """What the user is told of the unknown values: they are kept, and select no article."""
        if not self.unknown:
            return None
        listed = "; ".join(u.text() for u in self.unknown)
        return f"This link names values the store does not hold; they are kept and select no article: {listed}."


def query_checker(data: Data) -> Checker:
    """Whether the store behind `data` can answer the filters' text query and text reuse: the query's
    matches are made (analytics.queries.search, on the store or its compact copy, as the charts will
    read them), or the UserError saying why not (the store has no search index: IndexMissing; a
    copy_of filter on a store without reuse tables: NoReuse)."""

    def check(filters: Filters) -> None:
        if filters.copy_of and not data.get(("reuse tables",), has_reuse):
            raise NoReuse(data.path)
        if filters.q is None:
            return
        condition = matches_condition(filters.q, "a")
        data.analysis(("text query", filters.q), lambda store: prepare(store, condition))

    return check


def sync(
    trigger: str,
    search: str | None,
    controls: dict[str, Any],
    *,
    resolve: Resolver | None = None,
    check: Checker | None = None,
) -> Sync:
    """trigger: "url" (page load, back/forward, a link), "controls" (the user changed one)
    or "reset" (the Reset button). `resolve` matches a link's values against the store
    (`resolve.resolve_link_values`): a value written otherwise (`KCNA`) is replaced in the URL by the
    one the store holds (`kcna`), an unknown one kept and reported. `check` (`query_checker`) says
    why the store cannot answer the filters (no search index for a text query): the filters are
    applied all the same (the charts say it too) and the reason shown where filter errors are."""
    if trigger == "reset":
        filters = Filters()
        return Sync(search="", controls=controls_of(filters), key=urlstate.filters_key(filters), compare=())
    if trigger == "controls":
        try:
            filters = filters_of_controls(controls)
        except FilterError as err:
            return Sync(error=f"These filters cannot be used: {err}")
        try:
            current = urlstate.parse(search)
        except urlstate.UrlError:
            current = urlstate.View(Filters())
        wanted = urlstate.search_of(filters, options=current.options, compare=current.compare)
        return Sync(
            search=None if wanted == _canonical(search) else wanted,
            key=urlstate.filters_key(filters),
            compare=current.compare,
            error=_problem(filters, check, current.compare),
        )
    try:
        canonical, answer = urlstate.resolved(search, resolve) if resolve else (search or "", None)
        view = urlstate.parse(canonical)
    except urlstate.UrlError as err:
        return Sync(error=f"The filters in this link cannot be used: {err}", url_error=True)
    wanted_controls = controls_of(view.filters)
    changed = {name: value for name, value in wanted_controls.items() if _normal(name, controls.get(name)) != value}
    return Sync(
        search=canonical if canonical != (search or "") else None,
        controls=changed or None,
        key=urlstate.filters_key(view.filters),
        compare=view.compare,
        error=_problem(view.filters, check, view.compare),
        unknown=answer.unknown if answer else (),
    )


def _problem(filters: Filters, check: Checker | None, compare: tuple[str, ...] = ()) -> str | None:
    """What `check` says of the filters and of each compared query's (a compared query that sets a
    field the base filters set already cannot be used), as the user reads it (None: nothing)."""
    try:
        compared = [query.filters(filters) for query in parse_compare(compare)]
    except FilterError as err:
        return f"These queries cannot be compared: {err}"
    if check is None:
        return None
    try:
        for each in (filters, *compared):
            check(each)
    except UserError as err:
        return f"These filters cannot be answered: {err}"
    except (QueryTimeout, StoreUnavailable):  # the charts say so
        return None
    return None


def _canonical(search: str | None) -> str | None:
    """The query string as search_of writes it (None when unusable)."""
    try:
        return urlstate.parse(search).search()
    except urlstate.UrlError:
        return None


def _normal(name: str, value: Any) -> Any:
    """A control's value as controls_of writes it (the date picker may add a time; an
    emptied dropdown may say None)."""
    if name in ("start", "end"):
        return value[:10] if isinstance(value, str) and value else None
    if name == "wire_copy_only":
        return bool(value)
    if name == "q":
        return (value or "").strip()
    return list(value or [])


__all__ = [
    "CONTROLS",
    "DatePreset",
    "FilterOptions",
    "date_presets",
    "preset_range",
    "resolved_query",
    "query_checker",
    "applied_text",
    "compared_text",
    "with_added",
    "without",
    "Resolver",
    "Sync",
    "controls_of",
    "known_choices",
    "options_pairs",
    "resolver",
    "searched_options",
    "dropdown_options",
    "filter_options",
    "filters_of_controls",
    "sync",
    "choices",
    "tag_choices",
]

"""The filter bar shared by every page: its dropdown options (from the store, once per
store version) and the two-way sync between its controls and the URL query string.

The URL is the state: a change of a control writes the URL (a new history entry,
so back/forward step through filter changes); a URL that changes by itself (a
page load, back/forward, a drill-down link) sets the controls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pandas as pd

from analytics import queries as q
from analytics.enrich.attribution.registry import ROLES
from analytics.queries.filters import ALL_KINDS, OUTLET_KINDS, UNKNOWN, FilterError, Filters, filters_from
from dashboard.logic import urlstate

LIST_CONTROLS = ("outlets", "agencies", "roles", "tags", "languages", "outlet_kind")
CONTROLS = ("start", "end", *LIST_CONTROLS, "wire_copy_only")
MAX_OPTIONS = 1000  # per dropdown: the most frequent values (a URL may still name any other)
ROLE_LABELS = {"source": "Source (credit line)", "dateline": "Dateline", "photo": "Photo credit", "cited": "Cited"}
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
    roles: tuple[tuple[str, str], ...] = tuple((r, ROLE_LABELS.get(r, r)) for r in ROLES)
    outlet_kinds: tuple[tuple[str, str], ...] = tuple(
        (kind, KIND_LABELS.get(kind, kind.capitalize())) for kind in (ALL_KINDS, *OUTLET_KINDS)
    )
    first_date: dt.date | None = None
    last_date: dt.date | None = None


def filter_options(store, *, time_limit: float | None = None) -> FilterOptions:
    """Every option list of the filter bar, from the analytics API over the whole store."""
    # The cheapest analyses that give each list: date quality per outlet and per language has
    # every outlet's and language's articles (`total`), the daily timeline the dated range.
    outlets = q.date_quality(store, Filters(), by="outlet", time_limit=time_limit)
    languages = q.date_quality(store, Filters(), by="language", time_limit=time_limit)
    agencies = q.attribution_by_agency(store, Filters(), time_limit=time_limit)
    tags = q.tag_frequencies(store, Filters(), limit=MAX_OPTIONS, time_limit=time_limit)
    days = q.publication_timeline(store, Filters(), freq="day", time_limit=time_limit)["period"]
    return FilterOptions(
        outlets=_pairs(outlets.drop_duplicates("outlet_id"), "outlet_id", "outlet_name", "total"),
        agencies=_pairs(agencies, "agency", "agency_name", "count"),
        tags=tag_options(tags),
        languages=_pairs(languages.drop_duplicates("language"), "language", "language", "total"),
        first_date=days.min().date() if len(days) else None,
        last_date=days.max().date() if len(days) else None,
    )


def _pairs(frame: pd.DataFrame, value: str, label: str, count: str) -> tuple[tuple[str, str], ...]:
    ordered = frame.sort_values([count, value], ascending=[False, True], kind="stable").head(MAX_OPTIONS)
    return tuple((str(v), f"{lab} ({n:,})") for v, lab, n in zip(ordered[value], ordered[label], ordered[count]))


def tag_options(frame: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """One option per tag key (the filter matches a key of any kind): its most used label,
    the kinds it has, and the articles carrying it under its most used kind."""
    if frame.empty:
        return ()
    rows = frame.sort_values(["count", "tag"], ascending=[False, True], kind="stable")
    options: dict[str, tuple[str, list[str], int]] = {}
    for tag, label, kind, count in zip(rows["tag"], rows["label"], rows["kind"], rows["count"]):
        if tag in options:
            options[tag][1].append(kind)
        else:
            options[tag] = (label, [kind], int(count))
    ranked = sorted(options.items(), key=lambda item: (-item[1][2], item[0]))[:MAX_OPTIONS]
    return tuple((tag, f"{label} · {'/'.join(kinds)} ({count:,})") for tag, (label, kinds, count) in ranked)


def dropdown_options(pairs: tuple[tuple[str, str], ...], selected: tuple[str, ...] | list[str] = ()) -> list[dict]:
    """Options for a dcc.Dropdown; selected values missing from the list (a link naming a rare
    or unknown value, or an outlet by the name it was read under) are added, so the control
    shows what the URL says."""
    known = {value for value, _ in pairs}
    extra = [(v, v) for v in selected if v not in known]
    return [{"label": label, "value": value} for value, label in (*pairs, *extra)]


# --- controls <-> filters ---------------------------------------------------------------


def controls_of(filters: Filters) -> dict[str, Any]:
    """The value of each control for a set of filters."""
    return {
        "start": filters.start.isoformat() if filters.start else None,
        "end": filters.end.isoformat() if filters.end else None,
        **{name: list(getattr(filters, name)) for name in LIST_CONTROLS},
        "wire_copy_only": bool(filters.wire_copy_only),
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
    return filters_from(**raw)


@dataclasses.dataclass(frozen=True)
class Sync:
    """What the sync callback sets. None leaves a thing as it is."""

    search: str | None = None  # the URL's new query string ("" for none)
    controls: dict[str, Any] | None = None  # new control values
    key: str | None = None  # the canonical filters (what the charts listen to)
    error: str | None = None  # a message for the user; the page body is hidden while there is one
    url_error: bool = False  # the error is the URL's (the page cannot be shown) rather than a control's


def sync(trigger: str, search: str | None, controls: dict[str, Any]) -> Sync:
    """trigger: "url" (page load, back/forward, a link), "controls" (the user changed one)
    or "reset" (the Reset button)."""
    if trigger == "reset":
        filters = Filters()
        return Sync(search="", controls=controls_of(filters), key=urlstate.filters_key(filters))
    if trigger == "controls":
        try:
            filters = filters_of_controls(controls)
        except FilterError as err:
            return Sync(error=f"These filters cannot be used: {err}")
        wanted = urlstate.search_of(filters)
        return Sync(search=None if wanted == _canonical(search) else wanted, key=urlstate.filters_key(filters))
    try:
        view = urlstate.parse(search)
    except urlstate.UrlError as err:
        return Sync(error=f"The filters in this link cannot be used: {err}", url_error=True)
    wanted_controls = controls_of(view.filters)
    changed = {name: value for name, value in wanted_controls.items() if _normal(name, controls.get(name)) != value}
    return Sync(controls=changed or None, key=urlstate.filters_key(view.filters))


def _canonical(search: str | None) -> str | None:
    """The query string without page state, as search_of writes it (None when unusable)."""
    try:
        return urlstate.search_of(urlstate.parse(search).filters)
    except urlstate.UrlError:
        return None


def _normal(name: str, value: Any) -> Any:
    """A control's value as controls_of writes it (the date picker may add a time; an
    emptied dropdown may say None)."""
    if name in ("start", "end"):
        return value[:10] if isinstance(value, str) and value else None
    if name == "wire_copy_only":
        return bool(value)
    return list(value or [])


__all__ = [
    "CONTROLS",
    "FilterOptions",
    "Sync",
    "controls_of",
    "dropdown_options",
    "filter_options",
    "filters_of_controls",
    "sync",
    "tag_options",
]

"""Drill-downs: where a click on a chart leads, as the filters of the Articles page.

A chart drawing compared named queries has drills of its own (`compared_line`, `compared_agency_bar`,
and `tag_bar`): they get the clicked query's filters (`clicked_query` names it).

Each drill gets the frame as the query returned it, the figure drawn from its escaped copy
(`labels.display_frame`), the clicked point, the chart's filters and options, and the
registry frame; what a click names (a category, a trace name) is compared with escaped
values. It returns the narrowed filters, or None when there is nothing to narrow to, or the
article to open on the Articles page (`Opened`: a story opens its origin with the articles sharing its text).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics.present import figures
from analytics.queries.filters import Filters, narrow
from dashboard.logic.labels import display_frame, escape_label

Point = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Opened:
    """A click that opens one article on the Articles page, the table under `filters`."""

    filters: Filters
    article: str


# (frame, figure, clicked point, filters, options, registry frame) -> narrowed filters, or an article to open
Drill = Callable[[pd.DataFrame, go.Figure, Point, Filters, dict[str, Any], pd.DataFrame], "Filters | Opened | None"]


def _trace_name(figure: go.Figure, point: Point) -> str:
    return figure.data[int(point["curveNumber"])].name


def _period(point: Point) -> dt.date:
    return dt.date.fromisoformat(str(point["x"])[:10])


def _lookup(frame: pd.DataFrame, column: str, value: Any, key: str) -> str:
    """`key` of the row whose `column`, as drawn, is `value`."""
    rows = frame.loc[frame[column].map(escape_label) == value, key]
    if rows.empty:
        raise LookupError(f"{value!r} is not in {column}")
    return str(rows.iloc[0])


def _tag_of_display(frame: pd.DataFrame, display: str) -> str:
    labelled = frame.assign(display=figures.tag_labels(display_frame(frame)))
    rows = labelled.loc[labelled["display"] == display, "tag"]
    if rows.empty:
        raise LookupError(f"{display!r} is not a tag shown")
    return str(rows.iloc[0])


def _narrow_period(filters: Filters, point: Point, freq: str, **values: str) -> Filters:
    return narrow(filters, period=_period(point), freq=freq, **values)


def agency_bar(frame, figure, point, filters, options, registry=None):  # horizontal bars, y = agency name
    """Narrowed to the clicked agency."""
    return narrow(filters, agency=_lookup(frame, "agency_name", point["y"], "agency"))


def agency_role(frame, figure, point, filters, options, registry=None):  # grouped bars: x = agency name, trace = role
    """Narrowed to the clicked agency and the role of the bar."""
    return narrow(filters, agency=_lookup(frame, "agency_name", point["x"], "agency"), role=_trace_name(figure, point))


def agency_timeline(frame, figure, point, filters, options, registry=None):  # lines: trace = agency name
    """Narrowed to the line's agency and the period of the point."""
    agency = _lookup(frame, "agency_name", _trace_name(figure, point), "agency")
    return _narrow_period(filters, point, options["freq"], agency=agency)


def outlet_agency(frame, figure, point, filters, options, registry=None):  # heatmap: x = agency, y = outlet name
    """Narrowed to the cell's outlet and agency."""
    return narrow(
        filters,
        outlet=_lookup(frame, "outlet_name", point["y"], "outlet_id"),
        agency=_lookup(frame, "agency_name", point["x"], "agency"),
    )


def outlet_bar(frame, figure, point, filters, options, registry=None):  # horizontal bars, y = outlet name
    """Narrowed to the clicked outlet."""
    return narrow(filters, outlet=_lookup(frame, "outlet_name", point["y"], "outlet_id"))


def wire_copy(frame, figure, point, filters, options, registry=None):
    """Narrowed to the clicked outlet's wire copy."""
    return outlet_bar(frame, figure, point, filters, options, registry).replace(wire_copy_only=True)


def state_media(frame, figure, point, filters, options, registry=None):  # bars: x = kind label
    """Narrowed to the agencies of the clicked kind (state, wire, unregistered) the filters allow;
    None when there are none."""
    kinds = {label: kind for kind, label in figures.KIND_LABELS.items()}
    kind = kinds.get(point["x"])
    ids = [
        a
        for a in registry.loc[registry["agency_kind"] == kind, "agency"]
        if not filters.agencies or a in filters.agencies
    ]
    return filters.replace(agencies=ids) if ids else None


def tag_bar(frame, figure, point, filters, options, registry=None):  # horizontal bars, y = tag display label
    """Narrowed to the clicked tag."""
    return narrow(filters, tag=_tag_of_display(frame, point["y"]))


def tag_timeline(frame, figure, point, filters, options, registry=None):  # lines: trace = tag label
    """Narrowed to the line's tag and the period of the point."""
    tag = _lookup(frame, "label", _trace_name(figure, point), "tag")
    return _narrow_period(filters, point, options["freq"], tag=tag)


def rising_tag(frame, figure, point, filters, options, registry=None):  # bars: y = tag display label, two periods
    """Narrowed to the clicked tag in the period of its bar (the earlier one or the later one)."""
    tag = _tag_of_display(frame, point["y"])
    column = "period_before" if int(point["curveNumber"]) == 0 else "period"
    day = pd.Timestamp(frame[column].iloc[0]).date()
    return narrow(filters, period=day, freq=options["freq"], tag=tag)


def publications(frame, figure, point, filters, options, registry=None):  # lines: one per outlet / agency / tag
    """Narrowed to the period of the point and the line's outlet, agency or tag (none for all articles)."""
    by, name = options["by"], _trace_name(figure, point)
    values: dict[str, str] = {}
    if by == "outlet":
        values["outlet"] = _lookup(frame, "outlet_name", name, "outlet_id")
    elif by == "agency":
        values["agency"] = _lookup(frame, "agency_name", name, "agency")
    elif by == "tag":
        values["tag"] = _lookup(frame, "label", name, "tag")
    return _narrow_period(filters, point, options["freq"], **values)


def copies_of_origin(frame, figure, point, filters, options, registry=None):  # heatmap: x = origin name, y = outlet
    """Narrowed to the cell's outlet and its copies of the origin's stories."""
    outlet = _lookup(frame, "outlet_name", point["y"], "outlet_id")
    cell = frame.loc[(frame["outlet_id"] == outlet) & (frame["origin_name"].map(escape_label) == point["x"])]
    if cell.empty:
        raise LookupError(f"{point['x']!r} is no origin of {outlet!r}")
    origin = cell.iloc[0]
    return narrow(filters, outlet=outlet, copy_of=f"{origin['origin_kind']}:{origin['origin']}")


def uncredited_copies(frame, figure, point, filters, options, registry=None):  # heatmap: x = agency name, y = outlet
    """Narrowed to the cell's outlet and its articles copying the agency's stories uncredited."""
    return narrow(
        filters,
        outlet=_lookup(frame, "outlet_name", point["y"], "outlet_id"),
        copy_of=f"uncredited:{_lookup(frame, 'agency_name', point['x'], 'agency')}",
    )


def period_bar(frame, figure, point, filters, options, registry=None):  # bars: x = period
    """Narrowed to the period of the clicked bar."""
    return _narrow_period(filters, point, options["freq"])


def story(frame, figure, point, filters, options, registry=None):  # horizontal bars, y = the origin's id
    """The clicked story's origin opened (its "also published as" lists the articles sharing its text)."""
    return Opened(filters, _lookup(frame, "origin_id", point["y"], "origin_id"))


# --- compared named queries (analytics.queries.compare): the click names the query ---------------

QUERY_IN_TRACE = "trace"  # the query is the clicked trace's name (lines, the tag bars)
QUERY_ON_X = "x"  # the query is the clicked bar's x category (the agency bars grouped by query)


def clicked_query(figure: go.Figure, point: Point, where: str) -> str:
    """The compared query's name (as drawn: escaped) of a clicked point."""
    return str(point["x"]) if where == QUERY_ON_X else _trace_name(figure, point)


def compared_line(frame, figure, point, filters, options, registry=None):  # lines: trace = query name
    """Narrowed to the period of the point, and to the one agency or tag the queries are compared on."""
    values = {column: str(frame[column].iloc[0]) for column in ("agency", "tag") if column in frame}
    return _narrow_period(filters, point, options["freq"], **values)


def compared_agency_bar(frame, figure, point, filters, options, registry=None):  # x = query, trace = agency name
    """Narrowed to the clicked bar's agency."""
    return narrow(filters, agency=_lookup(frame, "agency_name", _trace_name(figure, point), "agency"))

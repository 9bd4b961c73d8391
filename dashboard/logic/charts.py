"""Every chart of the dashboard: which analytics query it shows, with which options,
as which figure, what its CSV holds and where a click on it leads.

A chart's frame is exactly what the analytics API returned (at most trimmed to the
rows the chart shows, e.g. the 25 largest outlets); the figure is built from it by
`analytics.present.figures`, the CSV from it by `analytics.present.reports.csv_bytes`, so a
download holds exactly the data drawn, in the report's columns. Frames are cached
by (chart, options, filters, store version) in `Data`.

    render(data, chart, key, options)  -> Rendered(figure | None, message | None)
    download(data, chart, key, options) -> (file name, CSV bytes)
    drill_link(data, chart, key, options, click) -> "/articles?..." | None
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import logging
from typing import Any, Callable

import pandas as pd
import plotly.graph_objects as go

from analytics.present import figures
from analytics import queries as q
from analytics.queries.filters import FilterError, Filters, filters_from, from_query_string, narrow
from analytics.queries.engine import QueryError, QueryTimeout, registry_frame
from analytics.present.reports import csv_bytes
from dashboard.logic import overview, urlstate
from dashboard.logic.data import Data, StoreUnavailable
from dashboard.logic.messages import Message, empty, failed, invalid_filters, timed_out, unavailable

log = logging.getLogger(__name__)
TOP_OUTLETS = 25  # outlets shown by the per-outlet charts (the largest by articles)
MAX_SERIES = 8  # lines in a timeline
MAX_TIMELINE_TAGS = 10


@dataclasses.dataclass(frozen=True)
class Option:
    """A control of one chart: a choice among `choices` (value, label), or a list of tag keys."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    default: Any = None
    kind: str = "choice"  # choice | tags

    def value(self, raw: Any) -> Any:
        if self.kind == "tags":
            if not raw:
                return ()
            try:
                return filters_from(tags=list(raw)[:MAX_TIMELINE_TAGS]).tags
            except (FilterError, TypeError):
                return ()
        return raw if raw in {value for value, _ in self.choices} else self.default


MEASURE = Option("measure", "Show", (("share", "Share of articles"), ("count", "Articles")), "share")
MEASURE_COUNT = dataclasses.replace(MEASURE, default="count")
FREQ = Option("freq", "Per", (("day", "Day"), ("week", "Week"), ("month", "Month")), "month")
FREQ_WEEK = dataclasses.replace(FREQ, default="week")
TAG_KIND = Option("kind", "Kind", (("all", "All kinds"), ("tag", "Editor tags"), ("place", "Places"),
                                    ("section", "Sections"), ("keyword", "Keywords")), "all")
SERIES = Option("by", "Lines", (("outlet", "By outlet"), ("agency", "By agency"), ("tag", "By tag"),
                                ("all", "All articles")), "outlet")
TAGS = Option("tags", "Tags", default=(), kind="tags")

Point = dict[str, Any]
Query = Callable[[Any, Filters, dict[str, Any], "float | None"], pd.DataFrame]
Figure = Callable[[pd.DataFrame, dict[str, Any]], go.Figure]
# (frame, figure, clicked point, filters, options, registry frame) -> narrowed filters
Drill = Callable[[pd.DataFrame, go.Figure, Point, Filters, dict[str, Any], pd.DataFrame], "Filters | None"]


@dataclasses.dataclass(frozen=True)
class Chart:
    name: str  # the component ids and the CSV file are named after it
    title: str
    help: str  # one line under the title: what is counted
    query: Query | None  # None: the frame is `shared`
    figure: Figure
    options: tuple[Option, ...] = ()
    drill: Drill | None = None
    empty_text: str = ""  # what an empty result means for this chart (default: no articles match)
    # the frame as part of a result another callback of the page needs too (computed once for both)
    shared: Callable[[Data, Filters], pd.DataFrame] | None = None

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


@dataclasses.dataclass(frozen=True)
class Rendered:
    figure: go.Figure | None
    message: Message | None


# --- computing --------------------------------------------------------------------------


def options_of(chart: Chart, raw: dict[str, Any] | None) -> dict[str, Any]:
    """The chart's options from what the controls sent (anything unusable: the default)."""
    raw = raw or {}
    return {option.name: option.value(raw.get(option.name)) for option in chart.options}


def filters_of_key(key: str | None) -> Filters:
    """The filters the charts listen to (FilterError when unusable)."""
    if key is None:
        raise FilterError("no filters yet")
    return from_query_string(key)


def frame_of(data: Data, chart: Chart, filters: Filters, options: dict[str, Any]) -> pd.DataFrame:
    if chart.shared is not None:
        return chart.shared(data, filters)
    key = ("chart", chart.name, tuple(sorted(options.items())), filters)
    return data.analysis(key, lambda store: chart.query(store, filters, options, data.time_limit))


def figure_of(data: Data, chart: Chart, filters: Filters, options: dict[str, Any]) -> go.Figure | None:
    """The figure drawn from the chart's frame, None when there is nothing to draw; cached like
    the frame, so a click on the chart (drill_link) finds the figure it clicked."""
    def draw(_store) -> go.Figure | None:
        frame = frame_of(data, chart, filters, options)
        if frame.empty:
            return None
        figure = chart.figure(display_frame(frame), options)
        return None if figures.is_empty(figure) else figure  # rows of zeros (the overview of no articles)

    return data.get(("figure", chart.name, tuple(sorted(options.items())), filters), draw)


def render(data: Data, chart: Chart, key: str | None, raw_options: dict[str, Any] | None = None) -> Rendered:
    """The figure of a chart, or the message that replaces it (empty, timed out, unusable)."""
    try:
        filters = filters_of_key(key)
    except FilterError as err:
        return Rendered(None, invalid_filters(str(err)))
    options = options_of(chart, raw_options)
    try:
        figure = figure_of(data, chart, filters, options)
    except QueryTimeout as err:
        return Rendered(None, timed_out(str(err)))
    except StoreUnavailable as err:
        return Rendered(None, unavailable(err.message))
    except (QueryError, FilterError) as err:
        return Rendered(None, failed(str(err)))
    except Exception:  # a bug: logged for the operator, never shown as a traceback
        log.exception("chart %s failed", chart.name)
        return Rendered(None, failed("This chart could not be computed; the server log has the details."))
    if figure is None:
        return Rendered(None, empty(chart.empty_text))
    return Rendered(figure, None)


def download(data: Data, chart: Chart, key: str | None, raw_options: dict[str, Any] | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the CSV of exactly what the chart shows. Raises like the query."""
    filters = filters_of_key(key)
    frame = frame_of(data, chart, filters, options_of(chart, raw_options))
    return chart.file, csv_bytes(frame)


def drill_link(data: Data, chart: Chart, key: str | None, raw_options: dict[str, Any] | None,
               click: dict[str, Any] | None) -> str | None:
    """The Articles page narrowed to what was clicked, or None (nothing to narrow to)."""
    if chart.drill is None or not click or not click.get("points"):
        return None
    point = click["points"][0]
    try:
        filters = filters_of_key(key)
        options = options_of(chart, raw_options)
        figure = figure_of(data, chart, filters, options)
        if figure is None:
            return None
        registry = data.analysis(("registry",), lambda store: registry_frame(store=store))
        narrowed = chart.drill(frame_of(data, chart, filters, options), figure, point, filters, options, registry)
    except (FilterError, QueryError, QueryTimeout, StoreUnavailable, LookupError, ValueError, TypeError):
        return None
    return None if narrowed is None else urlstate.link("/articles", narrowed)


def escape_label(value: Any) -> Any:
    """Text for a Plotly label: Plotly reads <b>, <i>, <a href> ... in labels as markup and
    decodes entities, so escaping shows an outlet called `Evil <b>Gazette</b>` as written."""
    return html.escape(value, quote=False) if isinstance(value, str) else value


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame a figure is drawn from: every text cell escaped for Plotly (the CSV and
    the drill-down use the frame as the query returned it)."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_string_dtype(shown[column]) or shown[column].dtype == object:
            shown[column] = shown[column].map(escape_label)
    return shown


# --- drill-down helpers -----------------------------------------------------------------
# Each gets the frame as the query returned it and the figure drawn from its escaped copy:
# what a click names (a category, a trace name) is compared with escaped values.


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


def drill_agency_bar(frame, figure, point, filters, options, registry=None):  # horizontal bars, y = agency name
    return narrow(filters, agency=_lookup(frame, "agency_name", point["y"], "agency"))


def drill_agency_role(frame, figure, point, filters, options, registry=None):  # grouped bars: x = agency name, trace = role
    return narrow(filters, agency=_lookup(frame, "agency_name", point["x"], "agency"), role=_trace_name(figure, point))


def drill_agency_timeline(frame, figure, point, filters, options, registry=None):  # lines: trace = agency name
    agency = _lookup(frame, "agency_name", _trace_name(figure, point), "agency")
    return _narrow_period(filters, point, options["freq"], agency=agency)


def drill_outlet_agency(frame, figure, point, filters, options, registry=None):  # heatmap: x = agency name, y = outlet
    return narrow(filters, outlet=_lookup(frame, "outlet", point["y"], "outlet"),
                  agency=_lookup(frame, "agency_name", point["x"], "agency"))


def drill_outlet_bar(frame, figure, point, filters, options, registry=None):  # horizontal bars, y = outlet
    return narrow(filters, outlet=_lookup(frame, "outlet", point["y"], "outlet"))


def drill_wire_copy(frame, figure, point, filters, options, registry=None):
    return drill_outlet_bar(frame, figure, point, filters, options, registry).replace(wire_copy_only=True)


def drill_state_media(frame, figure, point, filters, options, registry=None):  # bars: x = kind label
    kinds = {label: kind for kind, label in figures.KIND_LABELS.items()}
    kind = kinds.get(point["x"])
    ids = [a for a in registry.loc[registry["agency_kind"] == kind, "agency"] if not filters.agencies or a in filters.agencies]
    return filters.replace(agencies=ids) if ids else None


def drill_tag_bar(frame, figure, point, filters, options, registry=None):  # horizontal bars, y = tag display label
    return narrow(filters, tag=_tag_of_display(frame, point["y"]))


def drill_tag_timeline(frame, figure, point, filters, options, registry=None):  # lines: trace = tag label
    tag = _lookup(frame, "label", _trace_name(figure, point), "tag")
    return _narrow_period(filters, point, options["freq"], tag=tag)


def drill_rising_tag(frame, figure, point, filters, options, registry=None):  # bars: y = tag display label, two periods
    tag = _tag_of_display(frame, point["y"])
    column = "period_before" if int(point["curveNumber"]) == 0 else "period"
    day = pd.Timestamp(frame[column].iloc[0]).date()
    return narrow(filters, period=day, freq=options["freq"], tag=tag)


def drill_publications(frame, figure, point, filters, options, registry=None):  # lines: one per outlet / agency / tag
    by, name = options["by"], _trace_name(figure, point)
    values: dict[str, str] = {}
    if by == "outlet":
        values["outlet"] = _lookup(frame, "outlet", name, "outlet")
    elif by == "agency":
        values["agency"] = _lookup(frame, "agency_name", name, "agency")
    elif by == "tag":
        values["tag"] = _lookup(frame, "label", name, "tag")
    return _narrow_period(filters, point, options["freq"], **values)


# --- queries ----------------------------------------------------------------------------


def _kind(options: dict[str, Any]) -> str | None:
    return None if options.get("kind", "all") == "all" else options["kind"]


def top_outlets(frame: pd.DataFrame, n: int = TOP_OUTLETS) -> pd.DataFrame:
    """The rows of the n outlets with most articles (`total`), in the query's order."""
    totals = frame.groupby("outlet", sort=False)["total"].first()
    keep = set(totals.sort_values(ascending=False, kind="stable").head(n).index)
    return frame[frame["outlet"].isin(keep)].reset_index(drop=True)


def _q_top_agencies(store, f, o, t):
    return q.attribution_by_agency(store, f, limit=10, time_limit=t)


def _q_top_tags(store, f, o, t):  # 5 of each kind, or 10 of one
    return q.tag_frequencies(store, f, kind=_kind(o), limit=5 if _kind(o) is None else 10, time_limit=t)


def _q_date_quality(store, f, o, t):
    return top_outlets(q.date_quality(store, f, by="outlet", time_limit=t), 15)


def _q_agency_role(store, f, o, t):
    return q.attribution_by_agency_role(store, f, limit=10, time_limit=t)


def _q_agency_timeline(store, f, o, t):
    return q.agency_timeline(store, f, freq=o["freq"], top=MAX_SERIES, time_limit=t)


def _q_outlet_agency(store, f, o, t):
    return top_outlets(q.outlet_agency_matrix(store, f, limit=12, time_limit=t))


def _q_wire_copy(store, f, o, t):
    return top_outlets(q.wire_copy_by_outlet(store, f, time_limit=t))


def _q_state_media(store, f, o, t):
    return q.state_vs_independent(store, f, time_limit=t)


def _q_tag_frequencies(store, f, o, t):  # 10 of each kind, or 25 of one
    return q.tag_frequencies(store, f, kind=_kind(o), limit=10 if _kind(o) is None else 25, time_limit=t)


def _q_tag_timeline(store, f, o, t):
    return q.tag_timeline(store, f, tags=o["tags"] or None, freq=o["freq"], top=5, time_limit=t)


def _q_tag_cooccurrence(store, f, o, t):
    return q.tag_cooccurrence(store, f, kind=_kind(o), limit=30, time_limit=t)


def _q_rising_tags(store, f, o, t):
    return q.rising_tags(store, f, freq=o["freq"], kind=_kind(o), limit=15, time_limit=t)


def _q_publications(store, f, o, t):
    by = None if o["by"] == "all" else o["by"]
    return q.publication_timeline(store, f, freq=o["freq"], by=by, top=MAX_SERIES, time_limit=t)


def _q_event_lag(store, f, o, t):
    return q.event_lag(store, f, max_days=30, time_limit=t)


def tidy(figure: go.Figure, *, min_height: int | None = None) -> go.Figure:
    """The card shows the title: none inside the figure (and its top margin back)."""
    if figure.layout.title is not None and figure.layout.title.text:
        figure.update_layout(title=None, margin={"t": 40})
    if min_height is not None and (figure.layout.height or 0) < min_height:
        figure.update_layout(height=min_height)
    return figure


def _fig(name: str, *, measure: bool = True) -> Figure:
    builder = figures.FIGURES[name]
    if measure:
        return lambda frame, options: tidy(builder(frame, measure=options["measure"]))
    return lambda frame, options: tidy(builder(frame))


def _heatmap(name: str, *, measure: bool = True) -> Figure:
    """A heatmap with room for its rows and its rotated column labels (agency or tag names)."""
    plain = _fig(name, measure=measure)

    def build(frame: pd.DataFrame, options: dict[str, Any]) -> go.Figure:
        figure = plain(frame, options)
        trace = figure.data[0] if figure.data else None
        rows = len(trace.y) if trace is not None and trace.y is not None else 0
        columns = len(trace.x) if trace is not None and trace.x is not None else 0
        longest = max((len(str(x)) for x in (trace.x if columns else ())), default=0)
        if columns > 8:  # upright labels never overlap, however many columns
            figure.update_xaxes(tickangle=-90)
        labels = min(300, 7 * longest) if columns > 8 else 60
        return tidy(figure, min_height=120 + labels + max(180, 30 * rows))
    return build


NO_TAGS = "None of the selected articles carries a tag of this kind."
NO_DATED_TAGS = "None of the selected articles with a usable date carries these tags."
NO_TAG_PAIRS = "No two tags appear on the same selected article."
NO_CREDITS = "None of the selected articles credits an agency."

CHARTS: dict[str, Chart] = {chart.name: chart for chart in (
    # Overview
    Chart("overview_metrics", "The corpus at a glance", "Share of the selected articles that each statement is true of.",
          None, _fig("overview_table", measure=False), shared=lambda data, f: overview.headline_of(data, f)["table"]),
    Chart("top_agencies", "Top agencies", "Articles crediting each agency (an article crediting two counts for both).",
          _q_top_agencies, _fig("attribution_by_agency"), (MEASURE,), drill_agency_bar, NO_CREDITS),
    Chart("top_tags", "Top tags", "Articles carrying each tag: the 5 most frequent of each kind (10 of one kind).",
          _q_top_tags, _fig("tag_frequencies"), (TAG_KIND, MEASURE_COUNT), drill_tag_bar, NO_TAGS),
    Chart("date_quality", "Publication-date quality by outlet",
          "What the date parser made of each outlet's publication dates (the 15 largest outlets).",
          _q_date_quality, _fig("date_quality", measure=False), (), drill_outlet_bar),
    # Attribution
    Chart("agency_role", "Share by agency, split by role",
          "Articles crediting each agency in each role: source, dateline, photo, cited.",
          _q_agency_role, _fig("attribution_by_agency_role"), (MEASURE,), drill_agency_role, NO_CREDITS),
    Chart("agency_timeline", "Agency timeline", "Articles crediting each agency per period, and their share of the period's articles.",
          _q_agency_timeline, _fig("agency_timeline"), (FREQ, MEASURE), drill_agency_timeline,
          "None of the selected articles with a usable date credits an agency."),
    Chart("outlet_agency", "Outlet × agency", "Share of each outlet's articles crediting each agency (the 25 largest outlets).",
          _q_outlet_agency, _heatmap("outlet_agency_matrix"), (MEASURE,), drill_outlet_agency),
    Chart("wire_copy", "Wire copy by outlet", "Share of each outlet's articles that are wire copy (a source or dateline credit).",
          _q_wire_copy, _fig("wire_copy_by_outlet", measure=False), (), drill_wire_copy),
    Chart("state_media", "State media and independent wires",
          "Articles crediting state media (KCNA, Xinhua, TASS ...) next to those crediting independent wires.",
          _q_state_media, _fig("state_vs_independent"), (MEASURE,), drill_state_media),
    # Tags
    Chart("tag_frequencies", "Top tags", "Articles carrying each tag: the 10 most frequent of each kind (25 of one kind).",
          _q_tag_frequencies, _fig("tag_frequencies"), (TAG_KIND, MEASURE_COUNT), drill_tag_bar, NO_TAGS),
    Chart("tag_timeline", "Tag timeline", "Articles carrying the chosen tags per period (none chosen: the filters' tags, else the top 5).",
          _q_tag_timeline, _fig("tag_timeline"), (TAGS, FREQ_WEEK, MEASURE_COUNT), drill_tag_timeline,
          NO_DATED_TAGS),
    Chart("tag_cooccurrence", "Co-occurring tags", "Articles carrying both tags of a pair: the 30 most frequent pairs.",
          _q_tag_cooccurrence, _heatmap("tag_cooccurrence", measure=False), (TAG_KIND,),
          empty_text=NO_TAG_PAIRS),
    Chart("rising_tags", "Rising tags", "Tags carried by more articles in the latest period than in the one before.",
          _q_rising_tags, _fig("rising_tags", measure=False), (FREQ_WEEK, TAG_KIND), drill_rising_tag,
          "No tag is carried by more articles in the latest period than in the one before."),
    # Timeline
    Chart("publications", "Publications over time", "Articles per period by outlet, agency or tag (the 8 largest series); undated articles are left out.",
          _q_publications, _fig("publication_timeline"), (SERIES, FREQ, MEASURE_COUNT), drill_publications),
    Chart("event_lag", "Event lag", "Days from the event an article reports to its publication, where the text dates the event.",
          _q_event_lag, _fig("event_lag"), (MEASURE_COUNT,),
          empty_text="None of the selected articles dates the event it reports."),
)}

PAGE_CHARTS = {
    "/": ("overview_metrics", "top_agencies", "top_tags", "date_quality"),
    "/attribution": ("agency_role", "agency_timeline", "outlet_agency", "wire_copy", "state_media"),
    "/tags": ("tag_frequencies", "tag_timeline", "tag_cooccurrence", "rising_tags"),
    "/timeline": ("publications", "event_lag"),
}

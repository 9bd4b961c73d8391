"""Every chart of the dashboard: which analysis of `analytics.queries.catalog` it shows,
with which settings and options, what its CSV holds and where a click on it leads.

A chart's title, query and figure come from its catalog entry; the table at the end adds
only what is the dashboard's own: the help line, the settings (e.g. the 10 largest
agencies), the options the controls offer, the drill-down (`drills`) and the empty text.
A chart's frame is exactly what the analytics API returned (at most trimmed to the
rows the chart shows, e.g. the 25 largest outlets); the figure is built from it by
`analytics.present.figures`, the CSV from it by `analytics.present.reports.csv_bytes`, so a
download holds exactly the data drawn, in the report's columns. Frames are cached
by (chart, options, filters, store version) in `Data`.

Compared named queries (`compare`: their specs, `analytics.queries.compare`): a chart with a
`Compared` draws its analysis under each query (`compare.compare`, a `query` column: one line or
bar group per query); any other chart stays on the base filters and says so in its note.

    render(data, chart, key, options, compare)  -> Rendered(figure | None, message | None)
    download(data, chart, key, options, compare) -> (file name, CSV bytes)
    drill_link(data, chart, key, options, click) -> "/articles?..." | None
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics import queries as q
from analytics.errors import UserError
from analytics.present import figures
from analytics.present.reports import csv_bytes
from analytics.queries import catalog
from analytics.queries.compare import NamedQuery, compare, parse_compare
from analytics.queries.engine import QueryError, QueryTimeout, registry_frame
from analytics.queries.filters import FilterError, Filters, filters_from, from_query_string
from dashboard.logic import drills, overview, urlstate
from dashboard.logic.data import Data, StoreUnavailable
from dashboard.logic.drills import Drill
from dashboard.logic.labels import display_frame, escape_label
from dashboard.logic.messages import Message, base_only, empty, failed, invalid_filters, timed_out, unavailable

log = logging.getLogger(__name__)
TOP_OUTLETS = 25  # outlets shown by the per-outlet charts (the largest by articles)
MAX_SERIES = 8  # lines in a timeline
MAX_TIMELINE_TAGS = 10


@dataclasses.dataclass(frozen=True)
class Option:
    """A control of one chart: a choice among `choices` (value, label), or a list of tag keys.
    Its value goes to the chart's query as the keyword `name` (`unset`, e.g. "all": None),
    or to the figure builder when `for_figure` (the measure)."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    default: Any = None
    kind: str = "choice"  # choice | tags
    unset: Any = None  # the value that restricts nothing: the query gets None
    for_figure: bool = False

    def value(self, raw: Any) -> Any:
        """The option's value from what its control sent: up to MAX_TIMELINE_TAGS valid tag keys, or one
        of the choices (anything else: the default)."""
        if self.kind == "tags":
            if not raw:
                return ()
            try:
                return filters_from(tags=list(raw)[:MAX_TIMELINE_TAGS]).tags
            except (FilterError, TypeError):
                return ()
        return raw if raw in {value for value, _ in self.choices} else self.default

    def query_value(self, value: Any) -> Any:
        """What the query gets for a value of this control."""
        return None if value == self.unset else value


MEASURE = Option("measure", "Show", (("share", "Share of articles"), ("count", "Articles")), "share", for_figure=True)
MEASURE_COUNT = dataclasses.replace(MEASURE, default="count")
HEATMAP_SCALE = Option(  # the heatmap's colour scale (`figures.HEATMAP_SCALES`); the cells' labels keep the values
    "scale",
    "Colour",
    (("row", "Colour per row"), ("log", "Log colour"), ("linear", "One colour scale")),
    "row",
    for_figure=True,
)
FREQ = Option("freq", "Per", (("day", "Day"), ("week", "Week"), ("month", "Month")), "month")
FREQ_WEEK = dataclasses.replace(FREQ, default="week")
TAG_KIND = Option(
    "kind",
    "Kind",
    (
        ("all", "All kinds"),
        ("tag", "Editor tags"),
        ("place", "Places"),
        ("section", "Sections"),
        ("keyword", "Keywords"),
    ),
    "all",
    unset="all",
)
SERIES = Option(
    "by",
    "Lines",
    (("outlet", "By outlet"), ("agency", "By agency"), ("tag", "By tag"), ("all", "All articles")),
    "outlet",
    unset="all",
)
TAGS = Option("tags", "Tags", default=(), kind="tags", unset=())
# the x range of a timeline: where the articles are (the default) or every period (figures.timeline_figure)
SPAN = Option("span", "Range", tuple(figures.SPANS.items()), "dense", for_figure=True)
MIN_ARTICLES = "min_articles"  # what a timeline's figure gets of the `timeline_min_articles` setting

Query = Callable[[Any, Filters, dict[str, Any], "float | None"], pd.DataFrame]
Figure = Callable[[pd.DataFrame, dict[str, Any]], go.Figure]
Call = Callable[[dict[str, Any]], dict[str, Any]]  # the chart's options -> the keywords of its analysis' query
BASE_ONLY = base_only("this chart is")


@dataclasses.dataclass(frozen=True)
class Focused:
    """The one series of a grouped timeline (an agency, a tag) the compared queries are drawn on."""

    call: dict[str, Any]  # the analysis' keywords for the comparison
    column: str  # the rows kept: those whose `column` is `value`
    value: str
    name: str  # the column naming the series (its display name)
    note: str  # what the chart compares, in words: `{}` is the series' name


Focus = Callable[[Any, Filters, dict[str, Any], "float | None"], Focused]


@dataclasses.dataclass(frozen=True)
class Compared:
    """How a chart draws compared queries: its analysis under each (`analytics.queries.compare.compare`)
    with `overrides` over its keywords; `focus` picks the one series a grouped timeline compares them on."""

    overrides: tuple[tuple[str, Any], ...] = ()
    focus: Focus | None = None
    note: str | None = None  # what the chart sets aside in comparison (e.g. its Lines option)
    drill: Drill | None = None  # where a click leads, given the clicked query's filters
    query_at: str = drills.QUERY_IN_TRACE  # where the click names its query (drills.clicked_query)


@dataclasses.dataclass(frozen=True)
class Chart:
    """A chart: its query, its figure, the options its controls offer and where a click leads."""

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
    analysis: catalog.Analysis | None = None  # its catalog entry: the note of what it leaves out
    call: Call | None = None  # its options as its analysis' keywords (None: a shared frame)
    compared: Compared | None = None  # how it draws compared queries (None: on the base filters only)
    # it reads what the compact copy of the store lacks (the reuse tables, the texts): run on the store itself
    reads_store: bool = False

    @property
    def file(self) -> str:
        """The name of the chart's CSV download."""
        return f"{self.name}.csv"


@dataclasses.dataclass(frozen=True)
class Rendered:
    """What a chart shows: its figure, or the message in its place."""

    figure: go.Figure | None
    message: Message | None


# --- computing --------------------------------------------------------------------------


def options_of(chart: Chart, raw: dict[str, Any] | None) -> dict[str, Any]:
    """The chart's options from what the controls sent (anything unusable: the default)."""
    raw = raw or {}
    return {option.name: option.value(raw.get(option.name)) for option in chart.options}


def url_options(chosen: dict[tuple[str, str], Any]) -> list[tuple[str, str]]:
    """The URL pairs (`<chart>.<option>`, value) of the options chosen on a page ((chart, option) ->
    what the control sent) that differ from their defaults; a list option gives one pair per value."""
    pairs: list[tuple[str, str]] = []
    for (chart_name, option_name), raw in sorted(chosen.items()):
        option = (
            next((o for o in CHARTS[chart_name].options if o.name == option_name), None)
            if chart_name in CHARTS
            else None
        )
        if option is None:
            continue
        value = option.value(raw)
        if value == option.default:
            continue
        key = urlstate.option_key(chart_name, option_name)
        pairs += [(key, str(v)) for v in value] if option.kind == "tags" else [(key, str(value))]
    return pairs


def option_from_url(chart: Chart, option: Option, query: dict[str, Any]) -> Any:
    """An option's value as a page's query (Dash Pages' keyword arguments: a string, or a list when
    repeated) names it, else its default."""
    raw = query.get(urlstate.option_key(chart.name, option.name))
    if raw is None:
        return option.default
    if option.kind == "tags":
        return list(option.value([raw] if isinstance(raw, str) else raw))
    return option.value(raw)


def filters_of_key(key: str | None) -> Filters:
    """The filters the charts listen to (FilterError when unusable)."""
    if key is None:
        raise FilterError("no filters yet")
    return from_query_string(key)


def queries_of(compare: list[str] | tuple[str, ...] | None) -> tuple[NamedQuery, ...]:
    """The compared named queries of their specs (FilterError when unusable)."""
    return parse_compare(list(compare or ()))


def frame_of(
    data: Data, chart: Chart, filters: Filters, options: dict[str, Any], queries: tuple[NamedQuery, ...] = ()
) -> pd.DataFrame:
    """The chart's frame for the filters and options (its shared frame, or its query's), cached;
    with compared queries, its comparison (`compared_of`) when it has one."""
    if queries and chart.compared is not None:
        return compared_of(data, chart, filters, options, queries)[0]
    if chart.shared is not None:
        return chart.shared(data, filters)
    query = chart.query
    if query is None:
        raise ValueError(f"chart {chart.name} has neither a query nor a shared frame")
    key = ("chart", chart.name, tuple(sorted(options.items())), filters)
    cached = data.get if chart.reads_store else data.analysis
    return cached(key, lambda store: query(store, filters, options, data.time_limit))


def compared_of(
    data: Data, chart: Chart, base: Filters, options: dict[str, Any], queries: tuple[NamedQuery, ...]
) -> tuple[pd.DataFrame, str | None]:
    """The chart's analysis under each compared query (`compare`, a `query` column; a timeline's
    shares of the period's articles under the base filters) and what it compares, cached."""
    compared, analysis, call = chart.compared, chart.analysis, chart.call
    if compared is None or analysis is None or call is None:
        raise ValueError(f"chart {chart.name} draws no comparison")

    def compute(store) -> tuple[pd.DataFrame, str | None]:
        keywords = call(options) | dict(compared.overrides)
        focused = compared.focus(store, base, keywords, data.time_limit) if compared.focus else None
        if focused is not None:
            keywords = focused.call
        frame = compare(
            analysis.query, store, base, queries, timeline=analysis.timeline, **keywords, time_limit=data.time_limit
        )
        focus_note = None
        if focused is not None:
            frame = frame[frame[focused.column] == focused.value].reset_index(drop=True)
            focus_note = focused.note.format(frame[focused.name].iloc[0] if len(frame) else focused.value or "none")
        notes = [n for n in (focus_note, compared.note) if n]
        return frame, " ".join(notes) or None

    key = ("compared", chart.name, tuple(sorted(options.items())), base, tuple(q.spec for q in queries))
    return data.analysis(key, compute)


def figure_of(
    data: Data, chart: Chart, filters: Filters, options: dict[str, Any], queries: tuple[NamedQuery, ...] = ()
) -> go.Figure | None:
    """The figure drawn from the chart's frame, None when there is nothing to draw; cached like
    the frame, so a click on the chart (drill_link) finds the figure it clicked. With compared
    queries: their comparison and its denominator, or the base filters' figure saying so."""
    comparing = bool(queries) and chart.compared is not None

    def draw(_store) -> go.Figure | None:
        frame = frame_of(data, chart, filters, options, queries)
        if frame.empty:
            return None
        figure = chart.figure(display_frame(frame), options | {MIN_ARTICLES: data.timeline_min_articles})
        if figures.is_empty(figure):  # rows of zeros (the overview of no articles)
            return None
        analysis = chart.analysis
        denominator = None if analysis is None else analysis.compared_denominator if comparing else analysis.denominator
        notes = [
            compared_of(data, chart, filters, options, queries)[1] if comparing else BASE_ONLY if queries else None,
            note_of(data, chart, filters),
        ]
        note = " ".join(n for n in notes if n) or None
        return figures.with_denominator(figures.with_note(figure, note), denominator)

    key = ("figure", chart.name, tuple(sorted(options.items())), filters, tuple(q.spec for q in queries))
    return data.get(key, draw)


def note_of(data: Data, chart: Chart, filters: Filters) -> str | None:
    """The note a chart carries under the filters: for a wire-dependence analysis (the catalog's
    `leaves_out_own_feeds`) the agencies' own feeds it leaves out, counted once per filters."""
    analysis = chart.analysis
    if analysis is None or not (analysis.leaves_out_own_feeds and filters.leaves_out_own_feeds):
        return None
    left_out = data.analysis(
        ("own feeds left out", filters),
        lambda store: q.own_feeds_left_out(store, filters, time_limit=data.time_limit),
    )
    return analysis.note(filters, left_out)


def render(
    data: Data,
    chart: Chart,
    key: str | None,
    raw_options: dict[str, Any] | None = None,
    compare: list[str] | tuple[str, ...] | None = None,
) -> Rendered:
    """The figure of a chart, or the message that replaces it (empty, timed out, unusable);
    `compare`: the specs of the named queries compared."""
    try:
        filters = filters_of_key(key)
        queries = queries_of(compare)
    except FilterError as err:
        return Rendered(None, invalid_filters(str(err)))
    options = options_of(chart, raw_options)
    try:
        figure = figure_of(data, chart, filters, options, queries)
    except QueryTimeout as err:
        return Rendered(None, timed_out(str(err)))
    except StoreUnavailable as err:
        return Rendered(None, unavailable(err.message))
    except UserError as err:  # an option or filter it cannot use, a text query without a search index
        return Rendered(None, failed(str(err)))
    except Exception:  # a bug: logged for the operator, never shown as a traceback
        log.exception("chart %s failed", chart.name)
        return Rendered(None, failed("This chart could not be computed; the server log has the details."))
    if figure is None:  # with the chart's note: the agencies' own feeds it leaves out may be all there was
        try:
            note = note_of(data, chart, filters)
        except (QueryTimeout, StoreUnavailable):
            note = None
        return Rendered(None, empty(chart.empty_text, note=note))
    return Rendered(figure, None)


def download(
    data: Data,
    chart: Chart,
    key: str | None,
    raw_options: dict[str, Any] | None = None,
    compare: list[str] | tuple[str, ...] | None = None,
) -> tuple[str, bytes]:
    """(file name, bytes) of the CSV of exactly what the chart shows. Raises like the query."""
    filters = filters_of_key(key)
    frame = frame_of(data, chart, filters, options_of(chart, raw_options), queries_of(compare))
    return chart.file, csv_bytes(frame)


def drill_link(
    data: Data,
    chart: Chart,
    key: str | None,
    raw_options: dict[str, Any] | None,
    click: dict[str, Any] | None,
    compare: list[str] | tuple[str, ...] | None = None,
) -> str | None:
    """The Articles page narrowed to what was clicked, or None (nothing to narrow to). On a chart
    comparing named queries, to the clicked query's articles (within the base filters)."""
    if chart.drill is None or not click or not click.get("points"):
        return None
    point = click["points"][0]
    try:
        filters = filters_of_key(key)
        queries = queries_of(compare)
        options = options_of(chart, raw_options)
        figure = figure_of(data, chart, filters, options, queries)
        if figure is None:
            return None
        registry = data.analysis(("registry",), lambda store: registry_frame(store=store))
        frame = frame_of(data, chart, filters, options, queries)
        drill, clicked = chart.drill, filters
        if queries and chart.compared is not None:
            if chart.compared.drill is None:
                return None
            name = drills.clicked_query(figure, point, chart.compared.query_at)
            query = next(query for query in queries if escape_label(query.name) == name)
            drill, clicked = chart.compared.drill, query.filters(filters)
        narrowed = drill(frame, figure, point, clicked, options, registry)
    except (FilterError, QueryError, QueryTimeout, StoreUnavailable, LookupError, StopIteration, ValueError, TypeError):
        return None
    if isinstance(narrowed, drills.Opened):
        return urlstate.link("/articles", narrowed.filters, article=narrowed.article)
    return None if narrowed is None else urlstate.link("/articles", narrowed)


# --- charts from the catalog --------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PerKind:
    """A setting that depends on the chart's tag kind: one value for all kinds, another for one kind."""

    all_kinds: Any
    one_kind: Any

    def of(self, kind: str | None) -> Any:
        """The value for a tag kind (None: all kinds)."""
        return self.all_kinds if kind is None else self.one_kind


def top_outlets(frame: pd.DataFrame, n: int = TOP_OUTLETS) -> pd.DataFrame:
    """The rows of the n outlets (ids) with most articles (`total`), in the query's order."""
    totals = frame.groupby("outlet_id", sort=False)["total"].first()
    keep = set(totals.sort_values(ascending=False, kind="stable").head(n).index)
    return frame[frame["outlet_id"].isin(keep)].reset_index(drop=True)


def fit(figure: go.Figure) -> go.Figure:
    """A figure for a card: no title inside (the card shows it; the top margin back); a heatmap
    gets room for its rows and its rotated column labels (agency or tag names)."""
    if figure.layout.title is not None and figure.layout.title.text:
        figure.update_layout(title=None, margin={"t": 40})
    trace = figure.data[0] if figure.data else None
    if trace is None or trace.type != "heatmap":
        return figure
    rows = len(trace.y) if trace.y is not None else 0
    columns = len(trace.x) if trace.x is not None else 0
    longest = max((len(str(x)) for x in (trace.x if columns else ())), default=0)
    if columns > 8:  # upright labels never overlap, however many columns
        figure.update_xaxes(tickangle=-90)
    labels = min(300, 7 * longest) if columns > 8 else 60
    height = 120 + labels + max(180, 30 * rows)
    if (figure.layout.height or 0) < height:
        figure.update_layout(height=height)
    return figure


def call_of(options: tuple[Option, ...], settings: dict[str, Any]) -> Call:
    """The keywords of a chart's analysis: its settings and the values of its query options."""
    asked = [option for option in options if not option.for_figure]

    def call(chosen: dict[str, Any]) -> dict[str, Any]:
        values = {option.name: option.query_value(chosen[option.name]) for option in asked}
        fixed = {
            name: value.of(values.get("kind")) if isinstance(value, PerKind) else value
            for name, value in settings.items()
        }
        return fixed | values

    return call


def analysis_query(analysis: catalog.Analysis, call: Call, largest_outlets: int | None) -> Query:
    """The analysis' query with the chart's keywords (`call_of`), trimmed to the `largest_outlets` when given."""

    def query(store: Any, filters: Filters, chosen: dict[str, Any], time_limit: float | None) -> pd.DataFrame:
        frame = analysis.query(store, filters, **call(chosen), time_limit=time_limit)
        return frame if largest_outlets is None else top_outlets(frame, largest_outlets)

    return query


def analysis_figure(analysis: catalog.Analysis, options: tuple[Option, ...]) -> Figure:
    """The analysis' figure builder, given the chart's figure options (the measure, a timeline's span)
    and, for a timeline, the `timeline_min_articles` setting; fitted to a card."""
    builder = figures.FIGURES[analysis.figure]
    given = [option.name for option in options if option.for_figure] + (
        [MIN_ARTICLES] if analysis.figure in figures.TIMELINES else []
    )
    return lambda frame, chosen: fit(builder(frame, **{name: chosen[name] for name in given}))


def chart(
    name: str,
    analysis: str,
    help: str,
    options: tuple[Option, ...] = (),
    *,
    settings: dict[str, Any] | None = None,
    largest_outlets: int | None = None,
    drill: Drill | None = None,
    empty_text: str = "",
    shared: Callable[[Data, Filters], pd.DataFrame] | None = None,
    compared: Compared | None = None,
    reads_store: bool = False,
) -> Chart:
    """A chart of the catalog's `analysis`: its title, its query (unless the frame is `shared`) and its figure."""
    entry = catalog.ANALYSES[analysis]
    call = None if shared is not None else call_of(options, settings or {})
    query = None if call is None else analysis_query(entry, call, largest_outlets)
    figure = analysis_figure(entry, options)
    return Chart(
        name, entry.title, help, query, figure, options, drill, empty_text, shared, entry, call, compared, reads_store
    )


reuse_chart = functools.partial(chart, reads_store=True)  # a text-reuse chart: the reuse tables are on the store


def top_agency(store: Any, base: Filters, call: dict[str, Any], time_limit: float | None) -> Focused:
    """The agency timeline compares the queries on one agency: the base filters' first agency, else
    the one credited by most of the base filters' articles."""
    agency = base.agencies[0] if base.agencies else None
    if agency is None:
        top = q.attribution_by_agency(store, base, limit=1, time_limit=time_limit)
        agency = str(top["agency"].iloc[0]) if len(top) else ""
    how = "the agency filter's first" if base.agencies else "the agency most credited under the base filters"
    return Focused(
        call | {"top": None},
        "agency",
        agency,
        "agency_name",
        f"Compare: each query's articles crediting {{}} ({how}).",
    )


def top_tag(store: Any, base: Filters, call: dict[str, Any], time_limit: float | None) -> Focused:
    """The tag timeline compares the queries on one tag: the first chosen (or of the base filters'
    tags), else the one carried by most of the base filters' articles."""
    chosen = call.get("tags") or base.tags
    tag = chosen[0] if chosen else None
    if tag is None:
        top = q.tag_timeline(store, base, **(call | {"top": 1, "tags": None}), time_limit=time_limit)
        tag = str(top["tag"].iloc[0]) if len(top) else ""
    how = "the first chosen" if chosen else "the tag carried most under the base filters"
    return Focused(
        call | {"tags": (tag,) if tag else None},
        "tag",
        tag,
        "label",
        f"Compare: each query's articles carrying the tag {{}} ({how}).",
    )


NO_TAGS = "None of the selected articles carries a tag of this kind."
NO_DATED_TAGS = "None of the selected articles with a usable date carries these tags."
NO_TAG_PAIRS = "No two tags appear on the same selected article."
NO_CREDITS = "None of the selected articles credits an agency."
NO_REUSE = "None of the selected articles shares text with another article."
STORIES_SHOWN = 20  # the largest stories listed

CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        # Overview
        chart(
            "overview_metrics",
            "overview",
            "Share of the selected articles that each statement is true of.",
            shared=lambda data, f: overview.headline_of(data, f)["table"],
        ),
        chart(
            "top_agencies",
            "attribution_by_agency",
            "Articles crediting each agency (an article crediting two counts for both).",
            (MEASURE,),
            settings={"limit": 10},
            drill=drills.agency_bar,
            empty_text=NO_CREDITS,
            compared=Compared(drill=drills.compared_agency_bar, query_at=drills.QUERY_ON_X),
        ),
        chart(
            "top_tags",
            "tag_frequencies",
            "Articles carrying each tag: the 5 most frequent of each kind (10 of one kind).",
            (TAG_KIND, MEASURE_COUNT),
            settings={"limit": PerKind(5, 10)},
            drill=drills.tag_bar,
            empty_text=NO_TAGS,
            compared=Compared(drill=drills.tag_bar),
        ),
        chart(
            "date_quality",
            "date_quality",
            "What the date parser made of each outlet's publication dates (the 15 largest outlets).",
            drill=drills.outlet_bar,
            shared=lambda data, f: top_outlets(overview.quality_by_outlet(data, f), 15),
        ),
        # Attribution
        chart(
            "agency_role",
            "attribution_by_agency_role",
            "Articles crediting each agency in each role: source, dateline, photo, cited.",
            (MEASURE,),
            settings={"limit": 10},
            drill=drills.agency_role,
            empty_text=NO_CREDITS,
        ),
        chart(
            "agency_timeline",
            "agency_timeline",
            "Articles crediting each agency per period, and their share of the period's articles.",
            (FREQ, MEASURE, SPAN),
            settings={"top": MAX_SERIES},
            drill=drills.agency_timeline,
            empty_text="None of the selected articles with a usable date credits an agency.",
            compared=Compared(focus=top_agency, drill=drills.compared_line),
        ),
        chart(
            "outlet_agency",
            "outlet_agency_matrix",
            "Share of each outlet's articles crediting each agency (the 25 largest outlets), in each cell; "
            "the colour is per row by default (of the row's largest cell), or on a log scale.",
            (MEASURE, HEATMAP_SCALE),
            settings={"limit": 12},
            largest_outlets=TOP_OUTLETS,
            drill=drills.outlet_agency,
        ),
        chart(
            "wire_copy",
            "wire_copy_by_outlet",
            "Share of each outlet's articles that are wire copy (a source or dateline credit).",
            largest_outlets=TOP_OUTLETS,
            drill=drills.wire_copy,
        ),
        chart(
            "state_media",
            "state_vs_independent",
            "Articles crediting state media (KCNA, Xinhua, TASS ...) next to those crediting independent wires.",
            (MEASURE,),
            drill=drills.state_media,
        ),
        # Tags
        chart(
            "tag_frequencies",
            "tag_frequencies",
            "Articles carrying each tag: the 10 most frequent of each kind (25 of one kind).",
            (TAG_KIND, MEASURE_COUNT),
            settings={"limit": PerKind(10, 25)},
            drill=drills.tag_bar,
            empty_text=NO_TAGS,
            compared=Compared(drill=drills.tag_bar),
        ),
        chart(
            "tag_timeline",
            "tag_timeline",
            "Articles carrying the chosen tags per period (none chosen: the filters' tags, else the top 5).",
            (TAGS, FREQ_WEEK, MEASURE_COUNT, SPAN),
            settings={"top": 5},
            drill=drills.tag_timeline,
            empty_text=NO_DATED_TAGS,
            compared=Compared(focus=top_tag, drill=drills.compared_line),
        ),
        chart(
            "tag_cooccurrence",
            "tag_cooccurrence",
            "Articles carrying both tags of a pair: the 30 most frequent pairs.",
            (TAG_KIND,),
            settings={"limit": 30},
            empty_text=NO_TAG_PAIRS,
        ),
        chart(
            "rising_tags",
            "rising_tags",
            "Tags carried by more articles in the latest period than in the one before.",
            (FREQ_WEEK, TAG_KIND),
            settings={"limit": 15},
            drill=drills.rising_tag,
            empty_text="No tag is carried by more articles in the latest period than in the one before.",
        ),
        # Timeline
        chart(
            "publications",
            "publication_timeline",
            "Articles per period by outlet, agency or tag (the 8 largest series); undated articles are left out.",
            (SERIES, FREQ, MEASURE_COUNT, SPAN),
            settings={"top": MAX_SERIES},
            drill=drills.publications,
            compared=Compared(
                (("by", None),),
                note="Compare: one line per query (the Lines option is set aside).",
                drill=drills.compared_line,
            ),
        ),
        chart(
            "event_lag",
            "event_lag",
            "Days from the event an article reports to its publication, where the text dates the event.",
            (MEASURE_COUNT,),
            settings={"max_days": 30},
            empty_text="None of the selected articles dates the event it reports.",
        ),
        # Text reuse
        reuse_chart(
            "reuse_stories",
            "reuse_stories_by_outlet",
            "Distinct stories among each outlet's articles (the 25 largest outlets): 100 % when no two of its "
            "articles are one story, lower when it ran one story several times.",
            largest_outlets=TOP_OUTLETS,
            drill=drills.outlet_bar,
        ),
        reuse_chart(
            "reuse_periods",
            "reuse_stories_by_period",
            "Distinct stories among each period's articles, undated articles left out: 100 % when no two of its "
            "articles are one story; a story running over several periods counts in each.",
            (FREQ,),
            drill=drills.period_bar,
        ),
        reuse_chart(
            "syndication_lag",
            "syndication_lag",
            "Time from a story's origin to each copy of it among the selected articles, both dated (UTC).",
            (MEASURE,),
            empty_text="None of the selected articles is a dated copy of a dated story.",
        ),
        reuse_chart(
            "reuse_matrix",
            "reuse_matrix",
            "Share of each outlet's articles copying another article's story, by the story's origin: its agency "
            "(an agency's feed or wire copy) or else its outlet (the 25 largest outlets, their 12 largest origins).",
            (MEASURE, HEATMAP_SCALE),
            settings={"limit": 12},
            largest_outlets=TOP_OUTLETS,
            drill=drills.copies_of_origin,
            empty_text=NO_REUSE,
        ),
        reuse_chart(
            "uncredited_copy",
            "uncredited_agency_copy_by_outlet",
            "Share of each outlet's articles sharing at least the story threshold of their text with an agency's "
            "story while crediting that agency in no role (the 25 largest outlets). A finding of text reuse, "
            "not a credit.",
            (MEASURE, HEATMAP_SCALE),
            largest_outlets=TOP_OUTLETS,
            drill=drills.uncredited_copies,
            empty_text="None of the selected articles copies an agency's story without crediting the agency.",
        ),
        reuse_chart(
            "largest_stories",
            "largest_stories",
            f"The {STORIES_SHOWN} stories with the most selected articles, by their origin's title and outlet; "
            "click one to read its origin with the articles sharing its text.",
            settings={"limit": STORIES_SHOWN},
            drill=drills.story,
            empty_text=NO_REUSE,
        ),
    )
}

PAGE_CHARTS = {
    "/": ("overview_metrics", "top_agencies", "top_tags", "date_quality"),
    "/attribution": ("agency_role", "agency_timeline", "outlet_agency", "wire_copy", "state_media"),
    "/tags": ("tag_frequencies", "tag_timeline", "tag_cooccurrence", "rising_tags"),
    "/timeline": ("publications", "event_lag"),
    "/reuse": (
        "reuse_stories",
        "syndication_lag",
        "reuse_periods",
        "reuse_matrix",
        "uncredited_copy",
        "largest_stories",
    ),
}

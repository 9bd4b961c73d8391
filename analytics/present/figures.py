"""Plotly figures for the analytics API's results, shared by the notebooks and the dashboard.

One builder per figure the catalog names (`FIGURES[analysis.figure]`, keyed by the name of
the query whose result it draws; `@draws(name)` registers it, see `analytics.queries.catalog`);
each takes the DataFrame the query returned, never touches the store, and returns a
`go.Figure`. An empty result gives `empty_figure()` ("No articles match these filters"),
never a broken chart. Every agency keeps its colour across all charts (`agency_colour`):
fixed for the common wires, otherwise derived from a hash of its id, so it is stable
across runs, processes and stores.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.queries.timeline import dense_span, freq_of
from analytics.settings import TIMELINE_MIN_ARTICLES

EMPTY_MESSAGE = "No articles match these filters"
TEMPLATE = "plotly_white"
FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"
AGENCY_COLOURS = {
    "reuters": "#F28E2B",
    "ap": "#E15759",
    "afp": "#4E79A7",
    "kcna": "#9C755F",
    "xinhua": "#B6244F",
    "antara": "#59A14F",
    "bloomberg": "#76B7B2",
    "tass": "#B07AA1",
    "yonhap": "#EDC948",
    "kyodo": "#1F4E79",
    "dpa": "#8CD17D",
    "efe": "#FF9D9A",
    "bernama": "#499894",
    "ria": "#86BCB6",
    "upi": "#D37295",
}
# For every other agency: one of these, picked by a hash of its id (not Python's hash(), which varies per run).
PALETTE = (
    "#2E91E5",
    "#E15F99",
    "#1CA71C",
    "#FB0D0D",
    "#DA16FF",
    "#B68100",
    "#750D86",
    "#EB663B",
    "#511CFB",
    "#00A08B",
    "#FB00D1",
    "#FC0080",
    "#B2828D",
    "#6C7C32",
    "#778AAE",
    "#862A16",
    "#A777F1",
    "#620042",
    "#1616A7",
    "#DA60CA",
    "#6C4516",
    "#0D2A63",
    "#AF0038",
)
NEUTRAL = "#8C8C8C"
ROLE_COLOURS = {"source": "#1B5E8C", "dateline": "#4A9FD8", "photo": "#F2A541", "cited": "#A0A0A0"}
KIND_COLOURS = {"state": "#C0392B", "wire": "#2471A3", "unregistered": NEUTRAL}
KIND_LABELS = {"state": "State media", "wire": "Independent wires", "unregistered": "Unregistered agencies"}
TAG_KIND_COLOURS = {"tag": "#2E7D32", "place": "#6A1B9A", "section": "#EF6C00", "keyword": "#757575"}
STATUS_COLOURS = {
    "ok": "#59A14F",
    "missing": "#BAB0AC",
    "unparseable": "#F28E2B",
    "future": "#B07AA1",
    "implausibly_old": "#9C755F",
}
MEASURES = {"share": "Share of articles", "count": "Articles"}
SMALL_SHARE = 0.1  # a share under this is labelled with one decimal (2.5 %), above as a whole percent
SMALL_BAR = 0.02  # a bar shorter than this fraction of the longest is labelled with its value (a 0 too)
NOTE = "note"  # the name of a figure's note annotation (with_note)
NOTE_SHIFT = 60  # pixels from the bottom of the plot down to the note: below the axis labels and title
NOTE_MARGIN = 70  # pixels the bottom margin grows by for the note
DENOMINATOR = "denominator"  # the name of a figure's denominator annotation (with_denominator)
DENOMINATOR_SHIFT = 24  # pixels from the top of the plot up to the denominator: above the legend row
DENOMINATOR_WIDTH = 48  # characters per line of the denominator: fits the narrowest card at 1,440 px
DENOMINATOR_LINE = 16  # pixels each further line of the denominator adds to the top margin (a line: ~14.3)
NO_ARTICLES = "no articles"  # the hover text of a timeline's period without any article


def agency_colour(agency: str) -> str:
    """The colour of an agency id in every chart."""
    if agency in AGENCY_COLOURS:
        return AGENCY_COLOURS[agency]
    digest = hashlib.sha1(agency.encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def empty_figure(message: str = EMPTY_MESSAGE, *, title: str | None = None) -> go.Figure:
    """A figure with no traces and the message in the middle."""
    figure = go.Figure()
    figure.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16, "color": "#666666"}
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _layout(figure, title)


def with_note(figure: go.Figure, note: str | None) -> go.Figure:
    """The figure with a note under its plot (what the analysis leaves out: the catalog's
    `Analysis.note`), in small grey text; unchanged when there is no note."""
    if not note:
        return figure
    figure.add_annotation(
        text=note,
        name=NOTE,
        x=0,
        y=0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        yshift=-NOTE_SHIFT,
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#666666"},
    )
    bottom = (figure.layout.margin.b or 0) + NOTE_MARGIN
    figure.update_layout(margin={"b": bottom})
    return figure


def with_denominator(figure: go.Figure, denominator: str | None) -> go.Figure:
    """The figure with what its shares are of (the catalog's `Analysis.denominator`) in small grey
    text above its plot, at the right, in lines of DENOMINATOR_WIDTH characters (a long one would
    run past the left edge of a narrow card); unchanged when there is none."""
    if not denominator:
        return figure
    lines = textwrap.wrap(denominator, width=DENOMINATOR_WIDTH)
    figure.add_annotation(
        text="<br>".join(lines),
        name=DENOMINATOR,
        x=1,
        y=1,
        xref="paper",
        yref="paper",
        xanchor="right",
        yanchor="bottom",
        yshift=DENOMINATOR_SHIFT,
        showarrow=False,
        align="right",
        font={"size": 11, "color": "#666666"},
    )
    top = (figure.layout.margin.t or 0) + DENOMINATOR_LINE * (len(lines) - 1)
    figure.update_layout(margin={"t": top})
    return figure


def denominator_of(figure: go.Figure) -> str | None:
    """The denominator `with_denominator` put on a figure, if any, as one line."""
    text = next((a.text for a in figure.layout.annotations if a.name == DENOMINATOR), None)
    return text.replace("<br>", " ") if text else None


def note_of(figure: go.Figure) -> str | None:
    """The note `with_note` put on a figure, if any."""
    return next((a.text for a in figure.layout.annotations if a.name == NOTE), None)


def is_empty(figure: go.Figure) -> bool:
    """Whether a figure is the empty placeholder (no articles match)."""
    return not figure.data and any(a.text == EMPTY_MESSAGE for a in figure.layout.annotations)


FIGURES: dict[str, Callable[..., go.Figure]] = {}  # figure name (the catalog's `figure`) -> builder


def draws(name: str) -> Callable[[Callable[..., go.Figure]], Callable[..., go.Figure]]:
    """Register the decorated builder as `FIGURES[name]`, the figure the catalog's analyses name."""

    def register(builder: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
        FIGURES[name] = builder
        return builder

    return register


# --- attribution ----------------------------------------------------------------------------


@draws("attribution_by_agency")
def attribution_by_agency_figure(frame: pd.DataFrame, *, measure: str = "share", title: str | None = None) -> go.Figure:
    """Horizontal bars, one per agency, in the agency's colour (grouped results: one trace per agency)."""
    _check_measure(measure)
    if frame.empty:
        return empty_figure(title=title)
    group = _group_column(frame, ("query", "outlet_name", "language", "period"))
    if group is None:
        ordered = frame.iloc[::-1]  # the query's order (largest first) from the top down
        figure = go.Figure(
            go.Bar(
                x=ordered[measure],
                y=ordered["agency_name"],
                orientation="h",
                marker_color=[agency_colour(a) for a in ordered["agency"]],
                customdata=ordered[["count", "total", "share", "agency_kind"]],
                hovertemplate=_HOVER_COUNT + "<br>%{customdata[3]}<extra>%{y}</extra>",
            )
        )
        figure.update_layout(showlegend=False)
        return _label_short_bars(
            _axes(_layout(figure, title, height=_bar_height(len(ordered))), x=measure, y=None), measure
        )
    figure = go.Figure()
    for agency, rows in frame.groupby("agency", sort=False):
        figure.add_trace(
            go.Bar(
                x=rows[group],
                y=rows[measure],
                name=rows["agency_name"].iloc[0],
                marker_color=agency_colour(agency),
                customdata=rows[["count", "total", "share"]],
                hovertemplate=_HOVER_COUNT,
            )
        )
    figure.update_layout(barmode="group")
    return _label_short_bars(_axes(_layout(figure, title), x=None, y=measure), measure)


@draws("attribution_by_role")
def attribution_by_role_figure(frame: pd.DataFrame, *, measure: str = "share", title: str | None = None) -> go.Figure:
    """One bar per role, in the role's colour."""
    _check_measure(measure)
    if frame.empty:
        return empty_figure(title=title)
    figure = go.Figure(
        go.Bar(
            x=frame["role"],
            y=frame[measure],
            marker_color=[ROLE_COLOURS.get(r, NEUTRAL) for r in frame["role"]],
            customdata=frame[["count", "total", "share"]],
            hovertemplate=_HOVER_COUNT + "<extra>%{x}</extra>",
        )
    )
    figure.update_layout(showlegend=False)
    return _label_short_bars(_axes(_layout(figure, title), x=None, y=measure), measure)


@draws("attribution_by_agency_role")
def attribution_by_agency_role_figure(
    frame: pd.DataFrame,
    *,
    measure: str = "share",
    title: str | None = None,
) -> go.Figure:
    """Grouped bars: agencies along x, one trace per role (an article crediting an agency in
    two roles is in both bars, so the bars are side by side, not stacked)."""
    _check_measure(measure)
    if frame.empty:
        return empty_figure(title=title)
    figure = go.Figure()
    agencies = list(dict.fromkeys(frame["agency_name"]))
    for role in [r for r in ROLE_COLOURS if r in set(frame["role"])]:
        rows = frame[frame["role"] == role]
        figure.add_trace(
            go.Bar(
                x=rows["agency_name"],
                y=rows[measure],
                name=role,
                marker_color=ROLE_COLOURS[role],
                customdata=rows[["count", "total", "share"]],
                hovertemplate=_HOVER_COUNT,
            )
        )
    figure.update_layout(barmode="group", showlegend=True)  # the legend names the role, even of one
    figure.update_xaxes(categoryorder="array", categoryarray=agencies)
    return _label_short_bars(_axes(_layout(figure, title), x=None, y=measure), measure)


def outlet_share_figure(frame: pd.DataFrame, *, title: str | None = None, colour: str = "#2471A3") -> go.Figure:
    """Horizontal bars of each outlet's share, one per outlet by its display name (attribution_by_outlet, wire_copy_by_outlet)."""
    if frame.empty:
        return empty_figure(title=title)
    ordered = frame.sort_values("share", kind="stable")
    figure = go.Figure(
        go.Bar(
            x=ordered["share"],
            y=ordered["outlet_name"],
            orientation="h",
            marker_color=colour,
            customdata=ordered[["count", "total", "share"]],
            hovertemplate=_HOVER_COUNT + "<extra>%{y}</extra>",
        )
    )
    figure.update_layout(showlegend=False)
    return _label_short_bars(
        _axes(_layout(figure, title, height=_bar_height(len(ordered))), x="share", y=None), "share"
    )


@draws("attribution_by_outlet")
def attribution_by_outlet_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Bars of each outlet's share of articles crediting an agency."""
    return outlet_share_figure(frame, title=title or "Articles crediting an agency")


@draws("wire_copy_by_outlet")
def wire_copy_by_outlet_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Bars of each outlet's share of articles that are wire copy."""
    return outlet_share_figure(frame, title=title or "Wire copy by outlet", colour="#1B5E8C")


@draws("outlet_agency_matrix")
def outlet_agency_matrix_figure(
    frame: pd.DataFrame, *, measure: str = "share", scale: str = "row", title: str | None = None
) -> go.Figure:
    """Heatmap: outlets down, agencies across, each cell labelled with its share (or count) of the
    outlet's articles. Its colour (`scale`, see HEATMAP_SCALES) is by default relative to the row's
    largest cell, so an outlet that credits agencies rarely is not left white beside agencies' own
    feeds near 100 %; `log` colours every cell on one log scale, `linear` on one plain scale."""
    return outlet_heatmap(frame, across="agency_name", measure=measure, scale=scale, title=title)


def outlet_heatmap(
    frame: pd.DataFrame, *, across: str, measure: str = "share", scale: str = "row", title: str | None = None
) -> go.Figure:
    """Heatmap of a result per outlet and `across` (a column naming what each outlet's articles
    are counted by): outlets down, the largest across values first, as outlet_agency_matrix_figure."""
    _check_measure(measure)
    if scale not in HEATMAP_SCALES:
        raise ValueError(f"scale must be one of {', '.join(HEATMAP_SCALES)}, not {scale!r}")
    if frame.empty:
        return empty_figure(title=title)
    columns = frame.groupby(across, sort=False)["count"].sum().sort_values(ascending=False).index
    outlets = frame.groupby("outlet_name", sort=False)["total"].first().sort_values().index
    values = frame.pivot_table(index="outlet_name", columns=across, values=measure, aggfunc="sum", fill_value=0)
    values = values.reindex(index=outlets, columns=columns, fill_value=0)
    colour, colorbar = _heatmap_colour(values, measure=measure, scale=scale)
    colorbar.update(title={"text": HEATMAP_SCALES[scale], "side": "right"}, thickness=12)
    figure = go.Figure(
        go.Heatmap(
            z=colour,
            x=list(values.columns),
            y=list(values.index),
            text=[[_value_label(v, measure) if v else "" for v in row] for row in values.to_numpy()],
            texttemplate="%{text}",
            textfont={"size": 10},
            customdata=values.to_numpy(),
            colorscale="Blues",
            colorbar=colorbar,
            hovertemplate="%{y} × %{x}<br>"
            + ("%{customdata:.1%} of the outlet's articles" if measure == "share" else "%{customdata:,d} articles")
            + "<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    return _layout(figure, title, height=_bar_height(len(outlets)))


HEATMAP_SCALES = {  # the outlet x agency heatmap's colour scale -> what its colour bar says
    "row": "Colour: of the row's largest cell",
    "log": "Colour: log scale",
    "linear": "Colour: one scale for all",
}


def _heatmap_colour(values: pd.DataFrame, *, measure: str, scale: str) -> tuple[list, dict]:
    """The colour values of a heatmap's cells on `scale`, and its colour bar's ticks."""
    if scale == "row":
        largest = values.max(axis=1).replace(0, float("nan"))
        relative = values.div(largest, axis=0).fillna(0)
        return relative.to_numpy().tolist(), {"tickformat": ".0%", "tickvals": [0, 0.5, 1]}
    if scale == "log":
        logs = np.log10(values.where(values > 0).to_numpy(dtype=float))  # a 0 cell: no colour
        drawn = logs[~np.isnan(logs)]
        decades = list(range(int(np.floor(drawn.min())), int(np.ceil(drawn.max())) + 1)) if drawn.size else [0]
        colour = [[None if np.isnan(v) else float(v) for v in row] for row in logs]
        ticks = [_value_label(10.0**decade, measure) for decade in decades]
        return colour, {"tickvals": decades, "ticktext": ticks}
    return values.to_numpy().tolist(), {"tickformat": ".0%" if measure == "share" else ",d"}


def _value_label(value: float, measure: str) -> str:
    """A value as a label: a share in % (one decimal under 10 %), a count with thousands separators."""
    if measure == "share":
        return f"{value:.1%}" if value < SMALL_SHARE else f"{value:.0%}"
    return f"{value:,.0f}"


@draws("state_vs_independent")
def state_vs_independent_figure(frame: pd.DataFrame, *, measure: str = "share", title: str | None = None) -> go.Figure:
    """Bars of state media next to independent wires (grouped results: one trace per kind)."""
    _check_measure(measure)
    if frame.empty:
        return empty_figure(title=title)
    group = _group_column(frame, ("outlet_name", "language", "period"))
    figure = go.Figure()
    for kind, rows in frame.groupby("agency_kind", sort=False):
        x = rows[group] if group else [KIND_LABELS.get(kind, kind)]
        figure.add_trace(
            go.Bar(
                x=x,
                y=rows[measure],
                name=KIND_LABELS.get(kind, kind),
                marker_color=KIND_COLOURS.get(kind, NEUTRAL),
                customdata=rows[["count", "total", "share"]],
                hovertemplate=_HOVER_COUNT,
            )
        )
    figure.update_layout(barmode="group", showlegend=group is not None)
    return _label_short_bars(_axes(_layout(figure, title), x=None, y=measure), measure)


# --- timelines ------------------------------------------------------------------------------


TIMELINES = ("agency_timeline", "publication_timeline", "tag_timeline")  # the figures timeline_figure draws
SPANS = {"dense": "Where the articles are", "full": "Full span"}  # a timeline's x range (timeline_figure)
PERIOD_NAMES = {"day": "Day", "week": "Week (from Monday)", "month": "Month"}
PERIOD_PLURALS = {"day": "days", "week": "weeks", "month": "months", None: "periods"}
PERIOD_LABELS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", None: "%Y-%m-%d"}
PERIOD_HALVES = {
    "day": pd.Timedelta(hours=12),
    "week": pd.Timedelta(days=3.5),
    "month": pd.Timedelta(days=15),
    None: pd.Timedelta(days=15),
}
DAY_MS = 86_400_000  # a Plotly date axis counts dtick in milliseconds (or "M<n>" months)
WEEK_ORIGIN = "2000-01-03"  # a Monday: weekly ticks fall on the Mondays that label ISO weeks
MONTH_ORIGIN = "2000-01-01"  # monthly and yearly ticks fall on the first day, which labels a month
MAX_TICKS = 12
# Tick steps from the finest to the coarsest for each period, never finer than the period (no
# weekly ticks on a monthly series): (Plotly dtick, length in days, tick label format).
TickStep = tuple[int | str, float, str]
_MONTHS: list[TickStep] = [(f"M{n}", 30.44 * n, "%b %Y" if n < 12 else "%Y") for n in (1, 3, 6, 12, 24, 60, 120)]
TICK_STEPS: dict[str, list[TickStep]] = {
    "day": [(DAY_MS, 1, "%d %b %Y"), (7 * DAY_MS, 7, "%d %b %Y"), *_MONTHS],
    "week": [(7 * DAY_MS, 7, "%d %b %Y"), *_MONTHS],
    "month": _MONTHS,
}


def timeline_figure(
    frame: pd.DataFrame,
    *,
    measure: str = "count",
    title: str | None = None,
    span: str = "dense",
    min_articles: int = TIMELINE_MIN_ARTICLES,
) -> go.Figure:
    """One line per series (a compared query, agency, outlet by its display name, language, tag, or the single
    `all`), over `period`.

    A frame with every period (as the timeline queries return it) draws a period without articles as 0
    (counts) or a break (shares: the line stops, never interpolates); shares of periods with fewer than
    `min_articles` articles are not drawn either. `span`: the x range shown, "dense" (the shortest run of
    periods holding DENSE_COVERAGE of the articles, `dense_span`) or "full"; the axis title says what is
    left out.
    Ticks are of the period or coarser (monthly and yearly for months)."""
    _check_measure(measure)
    if span not in SPANS:
        raise ValueError(f"span must be one of {', '.join(SPANS)}, not {span!r}")
    if frame.empty:
        return empty_figure(title=title)
    series = _group_column(frame, ("query", "agency", "outlet_name", "language", "tag"))
    figure = go.Figure()
    groups = frame.groupby(series, sort=False) if series else [("Articles", frame)]
    for key, rows in groups:
        name, colour = key, None
        if series == "agency":
            name, colour = rows["agency_name"].iloc[0], agency_colour(key)
        elif series == "tag":
            name = rows["label"].iloc[0]
        figure.add_trace(
            go.Scatter(
                x=rows["period"],
                y=drawn_values(rows, measure=measure, min_articles=min_articles),
                name=str(name),
                mode="lines+markers",
                connectgaps=False,
                line={"color": colour, "width": 2} if colour else {"width": 2},
                marker={"size": 5},
                customdata=rows[["count", "total", "share"]],
                text=timeline_hover(rows),
                hovertemplate="%{text}",
            )
        )
    figure.update_layout(showlegend=series is not None, hovermode="x unified")
    _period_axis(figure, frame, measure=measure, span=span, min_articles=min_articles)
    return _axes(_layout(figure, title), x=None, y=measure)


def timeline_hover(rows: pd.DataFrame) -> list[str]:
    """The hover text of each period of a timeline's series: `23 of 11,532 articles (0.2%)`, or
    NO_ARTICLES for a period without any (no `0 of 0 articles (NaN%)`)."""
    return [
        f"{int(count):,} of {int(total):,} articles ({share:.1%})" if total else NO_ARTICLES
        for count, total, share in zip(rows["count"], rows["total"], rows["share"])
    ]


def drawn_values(rows: pd.DataFrame, *, measure: str, min_articles: int) -> pd.Series:
    """The y values of a timeline's series: its counts, or its shares where the period has at least
    `min_articles` articles (elsewhere None: a break in the line)."""
    if measure == "count":
        return rows["count"]
    return rows["share"].where(rows["total"] >= min_articles).astype(object).where(lambda v: v.notna(), None)


def timeline_range(frame: pd.DataFrame, *, span: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first, last) period a timeline shows: where the articles are (`dense_span`) or all of them."""
    return dense_span(frame) if span == "dense" else (frame["period"].min(), frame["period"].max())


def timeline_caption(frame: pd.DataFrame, *, measure: str, span: str, min_articles: int) -> str:
    """The x axis title of a timeline: its period, then what the chart leaves out (the shares of
    periods with too few articles, the periods outside the range shown)."""
    freq = freq_of(frame["period"])
    first, last = frame["period"].min(), frame["period"].max()
    start, end = timeline_range(frame, span=span)
    label = PERIOD_LABELS[freq]
    notes = []
    if measure == "share":
        notes.append(f"shares of {PERIOD_PLURALS[freq]} with < {min_articles} articles not drawn")
    if (start, end) != (first, last):
        totals = frame.groupby("period")["total"].first()
        held = totals[start:end].sum() / totals.sum()
        notes.append(
            f"showing {start:{label}} – {end:{label}}, {held:.1%} of the articles "
            f"({SPANS['full'].lower()}: {first:{label}} – {last:{label}})"
        )
    caption = f"{PERIOD_NAMES[freq] if freq else 'Period'} of local publication date"
    if notes:
        text = "; ".join(notes)
        caption += f"<br><sub>{text[0].upper()}{text[1:]}</sub>"
    return caption


def period_ticks(freq: str | None, first: pd.Timestamp, last: pd.Timestamp) -> dict[str, object]:
    """Plotly x axis settings for ticks of the period or coarser, at most MAX_TICKS over first..last."""
    if freq is None:  # one period: one tick
        return {"tickvals": [first], "ticktext": [f"{first:%Y-%m-%d}"]}
    days = max((last - first).days, 1)
    steps = TICK_STEPS[freq]
    dtick, _, label = next((step for step in steps if days / step[1] <= MAX_TICKS), steps[-1])
    return {"dtick": dtick, "tick0": WEEK_ORIGIN if isinstance(dtick, int) else MONTH_ORIGIN, "tickformat": label}


def _period_axis(figure: go.Figure, frame: pd.DataFrame, *, measure: str, span: str, min_articles: int) -> None:
    """The x axis of a timeline: its range (half a period of room either side), ticks and caption."""
    freq = freq_of(frame["period"])
    start, end = timeline_range(frame, span=span)
    figure.update_xaxes(
        range=[start - PERIOD_HALVES[freq], end + PERIOD_HALVES[freq]],
        uirevision=span,  # a zoom is kept across redraws, but not across a change of span
        title_text=timeline_caption(frame, measure=measure, span=span, min_articles=min_articles),
        **period_ticks(freq, start, end),
    )


@draws("agency_timeline")
def agency_timeline_figure(
    frame: pd.DataFrame,
    *,
    measure: str = "share",
    title: str | None = None,
    span: str = "dense",
    min_articles: int = TIMELINE_MIN_ARTICLES,
) -> go.Figure:
    """Lines of articles crediting each agency per period."""
    return timeline_figure(frame, measure=measure, title=title, span=span, min_articles=min_articles)


@draws("publication_timeline")
def publication_timeline_figure(
    frame: pd.DataFrame,
    *,
    measure: str = "count",
    title: str | None = None,
    span: str = "dense",
    min_articles: int = TIMELINE_MIN_ARTICLES,
) -> go.Figure:
    """Lines of articles per period (one per outlet, agency or tag when grouped)."""
    return timeline_figure(frame, measure=measure, title=title, span=span, min_articles=min_articles)


@draws("tag_timeline")
def tag_timeline_figure(
    frame: pd.DataFrame,
    *,
    measure: str = "count",
    title: str | None = None,
    span: str = "dense",
    min_articles: int = TIMELINE_MIN_ARTICLES,
) -> go.Figure:
    """Lines of articles carrying each tag per period."""
    return timeline_figure(frame, measure=measure, title=title, span=span, min_articles=min_articles)


# --- tags -----------------------------------------------------------------------------------


@draws("tag_frequencies")
def tag_frequencies_figure(frame: pd.DataFrame, *, measure: str = "count", title: str | None = None) -> go.Figure:
    """Horizontal bars of the top tags, one trace per tag kind (editor tags and machine
    keywords are told apart by colour); grouped results (compared queries among them): one trace per group."""
    _check_measure(measure)
    if frame.empty:
        return empty_figure(title=title)
    group = _group_column(frame, ("query", "outlet_name", "language", "agency", "period"))
    frame = frame.assign(display=tag_labels(frame))
    figure = go.Figure()
    column, colours = (group, {}) if group else ("kind", TAG_KIND_COLOURS)
    for key, rows in frame.groupby(column, sort=False):
        colour = agency_colour(key) if group == "agency" else colours.get(key)
        figure.add_trace(
            go.Bar(
                x=rows[measure],
                y=rows["display"],
                orientation="h",
                name=str(key),
                marker_color=colour,
                customdata=rows[["count", "total", "share", "kind"]],
                hovertemplate=_HOVER_COUNT + "<br>%{customdata[3]}<extra>%{y}</extra>",
            )
        )
    # each tag is one bar unless grouped; the query's order (largest first, editor tags first) from the top down
    figure.update_layout(barmode="group" if group else "overlay")
    figure.update_yaxes(categoryorder="array", categoryarray=list(dict.fromkeys(frame["display"]))[::-1])
    return _label_short_bars(
        _axes(_layout(figure, title, height=_bar_height(frame["display"].nunique())), x=measure, y=None), measure
    )


def tag_labels(frame: pd.DataFrame, label: str = "label", kind: str = "kind") -> pd.Series:
    """Readable tag labels; one that names tags of two kinds gets the kind: `China · place`."""
    kinds = frame.groupby(label)[kind].transform("nunique")
    return frame[label].where(kinds == 1, frame[label] + " · " + frame[kind])


@draws("tag_cooccurrence")
def tag_cooccurrence_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """A symmetric heatmap of articles carrying both tags, over the tags of the pairs shown."""
    if frame.empty:
        return empty_figure(title=title)
    sides = pd.concat([frame[[f"label_{s}", f"kind_{s}"]].set_axis(["label", "kind"], axis=1) for s in "ab"])
    ambiguous = set(sides.groupby("label")["kind"].nunique().loc[lambda n: n > 1].index)
    names = {
        s: [
            f"{label} · {kind}" if label in ambiguous else label
            for label, kind in zip(frame[f"label_{s}"], frame[f"kind_{s}"])
        ]
        for s in "ab"
    }
    both = pd.concat(
        [
            pd.DataFrame({"x": names["a"], "y": names["b"], "count": frame["count"].to_numpy()}),
            pd.DataFrame({"x": names["b"], "y": names["a"], "count": frame["count"].to_numpy()}),
        ]
    )
    order = both.groupby("x")["count"].sum().sort_values(ascending=False).index
    values = both.pivot_table(index="y", columns="x", values="count", aggfunc="sum", fill_value=0)
    values = values.reindex(index=order, columns=order, fill_value=0)
    figure = go.Figure(
        go.Heatmap(
            z=values.to_numpy(),
            x=list(order),
            y=list(order),
            colorscale="Greens",
            zmin=0,
            colorbar={"title": "Articles with both"},
            xgap=1,
            ygap=1,
            hovertemplate="%{y} + %{x}<br>%{z:,d} articles<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, height=_bar_height(len(order)))


@draws("rising_tags")
def rising_tags_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Per rising tag, its articles in the period before and in the period: two traces."""
    if frame.empty:
        return empty_figure(title=title)
    ordered = frame.assign(display=tag_labels(frame)).iloc[::-1]  # largest change on top
    period, before = (pd.Timestamp(frame[c].iloc[0]).date().isoformat() for c in ("period", "period_before"))
    figure = go.Figure(
        [
            go.Bar(
                x=ordered["count_before"],
                y=ordered["display"],
                orientation="h",
                name=f"period from {before}",
                marker_color="#BAB0AC",
                hovertemplate="%{x:,d} articles<extra>before</extra>",
            ),
            go.Bar(
                x=ordered["count"],
                y=ordered["display"],
                orientation="h",
                name=f"period from {period}",
                marker_color="#2E7D32",
                customdata=ordered[["change"]],
                hovertemplate="%{x:,d} articles (%{customdata[0]:+,d})<extra>now</extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group")
    return _axes(_layout(figure, title, height=_bar_height(len(ordered) * 2)), x="count", y=None)


# --- dates ----------------------------------------------------------------------------------


@draws("date_quality")
def date_quality_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Stacked horizontal bars: each outlet's articles by publication-date status (one trace per status)."""
    if frame.empty:
        return empty_figure(title=title)
    group = _group_column(frame, ("outlet_name", "language"))
    figure = go.Figure()
    for status, rows in frame.groupby("status", sort=False):
        y = rows[group] if group else ["All articles"] * len(rows)
        figure.add_trace(
            go.Bar(
                x=rows["share"],
                y=y,
                orientation="h",
                name=status.replace("_", " "),
                marker_color=STATUS_COLOURS.get(status, NEUTRAL),
                customdata=rows[["count", "total", "share"]],
                hovertemplate=_HOVER_COUNT,
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    rows = frame[group].nunique() if group else 1
    return _axes(_layout(figure, title, height=_bar_height(rows)), x="share", y=None)


@draws("event_lag")
def event_lag_figure(frame: pd.DataFrame, *, measure: str = "count", title: str | None = None) -> go.Figure:
    """Bars over days from event to publication (one trace per outlet when grouped)."""
    _check_measure(measure)
    if frame.empty:
        return empty_figure(title=title)
    group = _group_column(frame, ("outlet_name",))
    order = frame.drop_duplicates("lag_days").sort_values("lag_days")["lag_label"].tolist()
    figure = go.Figure()
    for key, rows in frame.groupby(group, sort=False) if group else [("Articles", frame)]:
        figure.add_trace(
            go.Bar(
                x=rows["lag_label"],
                y=rows[measure],
                name=str(key),
                marker_color=None if group else "#4E79A7",
                customdata=rows[["count", "total", "share"]],
                hovertemplate=_HOVER_COUNT,
            )
        )
    figure.update_layout(barmode="group", showlegend=group is not None)
    figure.update_xaxes(
        type="category", categoryorder="array", categoryarray=order, title_text="Days from the event to publication"
    )
    return _axes(_layout(figure, title), x=None, y=measure)


@draws("overview_table")
def overview_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Horizontal bars of the overview metrics' shares (overview_table)."""
    if frame.empty or not frame["total"].iloc[0]:
        return empty_figure(title=title)
    rows = frame[frame["metric"] != "articles"].iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=rows["share"],
            y=rows["metric"].str.replace("_", " "),
            orientation="h",
            marker_color="#4E79A7",
            customdata=rows[["count", "total", "share"]],
            hovertemplate=_HOVER_COUNT + "<extra>%{y}</extra>",
        )
    )
    figure.update_layout(showlegend=False)
    return _label_short_bars(_axes(_layout(figure, title), x="share", y=None), "share")


# --- text reuse -----------------------------------------------------------------------------

REUSE_COLOUR = "#76448A"
STORY_LABEL_CHARS = 70  # characters of a story's title on the largest stories' axis


@draws("reuse_stories_by_outlet")
def reuse_stories_by_outlet_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Bars of distinct stories per article, per outlet (horizontal) or per period."""
    if "period" not in frame.columns:
        return outlet_share_figure(frame, title=title, colour=REUSE_COLOUR)
    if frame.empty:
        return empty_figure(title=title)
    figure = go.Figure(
        go.Bar(
            x=frame["period"],
            y=frame["share"],
            marker_color=REUSE_COLOUR,
            customdata=frame[["count", "total", "share"]],
            hovertemplate="%{customdata[0]:,d} stories in %{customdata[1]:,d} articles (%{customdata[2]:.1%})"
            + "<extra>%{x}</extra>",
        )
    )
    figure.update_layout(showlegend=False)
    return _axes(_layout(figure, title), x=None, y="share")


@draws("reuse_matrix")
def reuse_matrix_figure(
    frame: pd.DataFrame, *, measure: str = "share", scale: str = "row", title: str | None = None
) -> go.Figure:
    """Heatmap: outlets down, story origins (agencies and outlets) across, each cell the outlet's
    articles copying that origin's stories (outlet_heatmap)."""
    return outlet_heatmap(frame, across="origin_name", measure=measure, scale=scale, title=title)


@draws("uncredited_agency_copy_by_outlet")
def uncredited_agency_copy_figure(
    frame: pd.DataFrame, *, measure: str = "share", scale: str = "row", title: str | None = None
) -> go.Figure:
    """Heatmap: outlets down, agencies across, each cell the outlet's articles copying the agency's
    stories without crediting it (outlet_heatmap)."""
    return outlet_heatmap(frame, across="agency_name", measure=measure, scale=scale, title=title)


@draws("syndication_lag")
def syndication_lag_figure(frame: pd.DataFrame, *, measure: str = "share", title: str | None = None) -> go.Figure:
    """Bars over the lag from a story's origin to each copy, in the query's bucket order."""
    _check_measure(measure)
    if frame.empty:
        return empty_figure(title=title)
    figure = go.Figure(
        go.Bar(
            x=frame["lag"],
            y=frame[measure],
            marker_color=REUSE_COLOUR,
            customdata=frame[["count", "total", "share"]],
            hovertemplate="%{customdata[0]:,d} of %{customdata[1]:,d} copies (%{customdata[2]:.1%})<extra>%{x}</extra>",
        )
    )
    figure.update_layout(showlegend=False)
    figure.update_xaxes(type="category", title_text="From the story's origin to the copy")
    figure = _axes(_layout(figure, title), x=None, y=measure)
    figure.update_yaxes(title_text="Copies" if measure == "count" else "Share of copies")  # of copies, not articles
    return _label_short_bars(figure, measure)


@draws("largest_stories")
def largest_stories_figure(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Horizontal bars, one per story (its origin's title and outlet), of its articles under the filters."""
    if frame.empty:
        return empty_figure(title=title)
    ordered = frame.iloc[::-1]  # the query's order (largest first) from the top down
    labels = [
        f"{textwrap.shorten(str(t or o), STORY_LABEL_CHARS, placeholder='…')} ({n})"
        for t, o, n in zip(ordered["title"], ordered["origin_id"], ordered["outlet_name"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=ordered["count"],
            y=ordered["origin_id"],
            orientation="h",
            marker_color=REUSE_COLOUR,
            customdata=ordered[["count", "total", "share", "articles", "outlets"]],
            hovertemplate=_HOVER_COUNT + "<br>%{customdata[3]:,d} articles in all, of %{customdata[4]:,d} outlets"
            "<extra></extra>",
        )
    )
    figure.update_layout(showlegend=False)
    figure.update_yaxes(type="category", tickvals=list(ordered["origin_id"]), ticktext=labels)  # titles may repeat
    return _axes(_layout(figure, title, height=_bar_height(len(ordered))), x="count", y=None)


# --- shared layout --------------------------------------------------------------------------

_HOVER_COUNT = "%{customdata[0]:,d} of %{customdata[1]:,d} articles (%{customdata[2]:.1%})"


def _label_short_bars(figure: go.Figure, measure: str) -> go.Figure:
    """Every bar shorter than SMALL_BAR of the longest (a 0 among them) gets its value as a label
    beside it, so a bar too short to see still says it is there and what it is."""
    bars = [trace for trace in figure.data if trace.type == "bar"]
    lengths = [list(trace.x if trace.orientation == "h" else trace.y) for trace in bars]
    longest = max((float(v) for values in lengths for v in values), default=0.0)
    for trace, values in zip(bars, lengths):
        trace.update(
            text=[_value_label(float(v), measure) if float(v) <= SMALL_BAR * longest else "" for v in values],
            textposition="outside",
            cliponaxis=False,
        )
    return figure


def load_plotly() -> None:
    """Make Plotly build, once, what it builds on first use (the trace classes and their validators,
    the template): about 0.2 s, which a server pays better at start than in its first page's
    callbacks, where they run in parallel (benchmarks/RESULTS.md, the first Overview load)."""
    traces = [go.Bar(x=[0], y=[0]), go.Scatter(x=[0], y=[0]), go.Heatmap(z=[[0]])]
    _layout(go.Figure(traces), "").to_plotly_json()


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")


def _group_column(frame: pd.DataFrame, candidates: tuple[str, ...]) -> str | None:
    return next((c for c in candidates if c in frame.columns), None)


def _bar_height(rows: int) -> int:
    return max(320, min(1600, 120 + 26 * rows))


def _layout(figure: go.Figure, title: str | None, *, height: int | None = None) -> go.Figure:
    # the title at the top of the figure, the legend in a row of its own between it and the plot
    figure.update_layout(
        template=TEMPLATE,
        height=height,
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top"} if title else None,
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 90 if title else 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "traceorder": "normal"},
        hoverlabel={"font_size": 12},
        uirevision="keep",
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def _axes(figure: go.Figure, *, x: str | None, y: str | None) -> go.Figure:
    """Title and tick format of the value axis (share as %, count as whole numbers)."""
    for axis, measure in (("x", x), ("y", y)):
        if measure in ("share", "share_change"):
            getattr(figure, f"update_{axis}axes")(title_text=MEASURES["share"], tickformat=".0%", rangemode="tozero")
        elif measure in ("count", "count_before"):
            getattr(figure, f"update_{axis}axes")(title_text=MEASURES["count"], tickformat=",d", rangemode="tozero")
    return figure

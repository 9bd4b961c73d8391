"""Figure builders: the traces each query result gives, stable agency colours, the empty state."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from handmade_store import store  # noqa: F401 - the shared store fixture
from reuse_store import build_reuse_store

from analytics import queries as q
from analytics.present import figures as F
from analytics.queries import catalog
from analytics.queries.compare import compare, parse_compare
from analytics.queries.filters import filters_from
from analytics.store.store import Store

NAMES = {
    "reuters": "Reuters",
    "ap": "Associated Press",
    "antara": "Antara",
    "kcna": "KCNA (Korean Central News Agency)",
    "xinhua": "Xinhua",
    "afp": "Agence France-Presse",
}


def test_agency_colours_are_fixed_for_known_wires_and_stable_for_others():
    assert F.agency_colour("reuters") == F.AGENCY_COLOURS["reuters"]
    assert F.agency_colour("zzpress") == F.agency_colour("zzpress") in F.PALETTE
    # pinned: derived from sha1 (not Python's per-process hash()), the same in every run and process;
    # a change here recolours every unlisted agency on users' charts
    assert F.agency_colour("zzpress") == "#2E91E5"
    assert len(set(F.AGENCY_COLOURS.values())) == len(F.AGENCY_COLOURS)


def test_every_figure_the_catalog_names_has_a_builder_and_every_builder_is_named():
    named = {analysis.figure for analysis in catalog.ANALYSES.values()}
    assert named == set(F.FIGURES)
    for name in F.FIGURES:  # keyed by the query whose result the builder draws
        assert any(a.figure == name and a.query is getattr(q, name) for a in catalog.ANALYSES.values()), name


def test_every_builder_gives_the_empty_state_for_an_empty_result(store):
    nothing = filters_from(outlets=["No Such Outlet"])
    for name, build in F.FIGURES.items():
        figure = build(getattr(q, name)(store, nothing))
        assert isinstance(figure, go.Figure), name
        assert len(figure.data) == 0, name
        assert [a.text for a in figure.layout.annotations] == ["No articles match these filters"], name
        assert F.is_empty(figure), name


# the text-reuse analyses' figures: drawn on the hand-made store with stories (reuse_store.py)
REUSE_FIGURES = {a.figure for a in catalog.ANALYSES.values() if a.query.__module__ == "analytics.queries.reuse"}


@pytest.fixture(scope="module")
def reuse_store(tmp_path_factory):
    path = build_reuse_store(tmp_path_factory.mktemp("reuse") / "reuse.duckdb")
    with Store.open(path, read_only=True) as opened:
        yield opened


def test_every_builder_draws_the_hand_made_store(store, reuse_store):
    for name, build in F.FIGURES.items():
        options = {"period": dt.date(2024, 3, 13), "min_count": 1} if name == "rising_tags" else {}
        figure = build(getattr(q, name)(reuse_store if name in REUSE_FIGURES else store, **options))
        assert isinstance(figure, go.Figure) and figure.data and not F.is_empty(figure), name
        figure.to_json()  # serialisable for the dashboard


def test_agency_bars_use_each_agencys_colour(store):
    frame = q.attribution_by_agency(store)
    figure = F.attribution_by_agency_figure(frame)
    (bar,) = figure.data
    assert bar.type == "bar" and bar.orientation == "h"
    # the query's order from the top down (plotly draws the last bar on top)
    assert list(bar.y)[::-1] == [NAMES[a] for a in ("reuters", "ap", "antara", "kcna", "xinhua", "afp")]
    colours = dict(zip(bar.y, bar.marker.color))
    assert colours["Reuters"] == F.agency_colour("reuters") and colours["Associated Press"] == F.agency_colour("ap")
    assert figure.layout.xaxis.tickformat == ".0%"
    counts = F.attribution_by_agency_figure(frame, measure="count")
    assert list(counts.data[0].x)[-1] == 4 and counts.layout.xaxis.title.text == "Articles"


def test_the_same_agency_has_the_same_colour_in_a_timeline(store):
    figure = F.agency_timeline_figure(q.agency_timeline(store, freq="week"))
    assert [t.type for t in figure.data] == ["scatter"] * 5
    lines = {t.name: t.line.color for t in figure.data}
    assert lines["Reuters"] == F.agency_colour("reuters") and lines["Xinhua"] == F.agency_colour("xinhua")
    # no week has the 20 articles a share needs by default; with 1: reuters' share per week is 3/4, 0/3,
    # none in the two weeks without articles (a break), 1/2
    assert list(figure.data[0].y) == [None] * 5
    drawn = F.agency_timeline_figure(q.agency_timeline(store, freq="week"), min_articles=1).data[0].y
    assert list(drawn) == [pytest.approx(0.75), 0.0, None, None, pytest.approx(0.5)]


def test_role_and_agency_role_bars(store):
    roles = F.attribution_by_role_figure(q.attribution_by_role(store))
    assert list(roles.data[0].x) == ["source", "dateline", "photo", "cited"]
    grouped = F.attribution_by_agency_role_figure(q.attribution_by_agency_role(store))
    assert [t.name for t in grouped.data] == ["source", "dateline", "photo", "cited"]
    assert grouped.layout.barmode == "group"


def test_outlet_agency_heatmap(store):
    figure = F.outlet_agency_matrix_figure(q.outlet_agency_matrix(store), measure="count")
    (heatmap,) = figure.data
    assert heatmap.type == "heatmap"
    cells = pd.DataFrame(heatmap.customdata, index=heatmap.y, columns=heatmap.x)  # the values; z: their colour
    assert cells.loc["Kompas", "Associated Press"] == 2 and cells.loc["Kompas", "Xinhua"] == 0
    assert set(heatmap.y) == {"Kompas", "Tempo", "Wire Daily", "(unknown)"}
    labels = pd.DataFrame(heatmap.text, index=heatmap.y, columns=heatmap.x)
    assert labels.loc["Kompas", "Associated Press"] == "2" and labels.loc["Kompas", "Xinhua"] == ""


MATRIX = pd.DataFrame(  # an Indonesian outlet beside an agency's own feed: shares 3 % and 90 %
    {
        "outlet_name": ["Kompas", "Kompas", "KCNA"],
        "agency_name": ["Reuters", "Antara", "KCNA"],
        "count": [30, 6, 900],
        "total": [1000, 1000, 1000],
        "share": [0.03, 0.006, 0.9],
    }
)


def test_the_heatmap_colours_each_row_on_its_own_scale_by_default():
    (heatmap,) = F.outlet_agency_matrix_figure(MATRIX).data
    colour = pd.DataFrame(heatmap.z, index=heatmap.y, columns=heatmap.x)
    values = pd.DataFrame(heatmap.customdata, index=heatmap.y, columns=heatmap.x)
    # each row's largest cell is full colour, the others in proportion; the labels keep the shares
    assert colour.loc["Kompas", "Reuters"] == 1 and colour.loc["KCNA", "KCNA"] == 1
    assert colour.loc["Kompas", "Antara"] == pytest.approx(0.006 / 0.03)
    assert values.loc["Kompas", "Reuters"] == pytest.approx(0.03)
    labels = pd.DataFrame(heatmap.text, index=heatmap.y, columns=heatmap.x)
    assert (labels.loc["Kompas", "Reuters"], labels.loc["Kompas", "Antara"], labels.loc["KCNA", "KCNA"]) == (
        "3.0%",
        "0.6%",
        "90%",
    )
    assert "row" in heatmap.colorbar.title.text  # the scale is stated


def test_the_heatmap_log_scale_colours_by_decades():
    (heatmap,) = F.outlet_agency_matrix_figure(MATRIX, scale="log").data
    colour = pd.DataFrame(heatmap.z, index=heatmap.y, columns=heatmap.x)
    assert colour.loc["Kompas", "Reuters"] == pytest.approx(math.log10(0.03))
    assert colour.loc["KCNA", "Reuters"] is None or math.isnan(colour.loc["KCNA", "Reuters"])  # 0: no colour
    assert list(heatmap.colorbar.tickvals) == [-3, -2, -1, 0]
    assert list(heatmap.colorbar.ticktext) == ["0.1%", "1.0%", "10%", "100%"]
    with pytest.raises(ValueError):
        F.outlet_agency_matrix_figure(MATRIX, scale="rainbow")


def test_a_bar_of_zero_is_labelled_and_one_role_keeps_its_legend():
    frame = pd.DataFrame(
        {
            "agency": ["reuters", "kcna"],
            "agency_name": ["Reuters", "KCNA"],
            "role": ["source", "source"],
            "count": [40, 0],
            "total": [100, 100],
            "share": [0.4, 0.0],
        }
    )
    figure = F.attribution_by_agency_role_figure(frame)
    (bars,) = figure.data
    assert list(bars.text) == ["", "0.0%"]  # the long bar speaks for itself, the empty one is said
    assert bars.textposition == "outside" and bars.cliponaxis is False
    assert figure.layout.showlegend is True and bars.name == "source"


def test_outlet_shares_state_media_and_dates(store):
    wire = F.wire_copy_by_outlet_figure(q.wire_copy_by_outlet(store))
    assert dict(zip(wire.data[0].y, wire.data[0].x))["Tempo"] == pytest.approx(0.5)
    kinds = F.state_vs_independent_figure(q.state_vs_independent(store))
    assert [t.name for t in kinds.data] == ["State media", "Independent wires"]
    per_outlet = F.state_vs_independent_figure(q.state_vs_independent(store, by="outlet"))
    assert len(per_outlet.data) == 2 and len(per_outlet.data[0].x) == 4
    quality = F.date_quality_figure(q.date_quality(store))
    assert [t.name for t in quality.data] == ["ok", "missing", "unparseable", "future", "implausibly old"]
    assert quality.layout.barmode == "stack"
    lag = F.event_lag_figure(q.event_lag(store))
    assert list(lag.data[0].x) == ["-1", "0", "1", "2", ">=30"]


def test_tag_figures(store):
    top = F.tag_frequencies_figure(q.tag_frequencies(store))
    assert [t.name for t in top.data] == ["tag", "place", "section", "keyword"]
    # the query's order from the top down (plotly's category axis runs bottom up); "China" names a tag
    # and a place, so both get their kind
    assert list(top.layout.yaxis.categoryarray)[::-1][:4] == ["China · tag", "Korea Utara", "North Korea", "Beijing"]
    assert list(top.data[0].y) == ["China · tag", "Korea Utara", "North Korea"]
    timeline = F.tag_timeline_figure(q.tag_timeline(store, tags=["korea-utara", "north-korea"]))
    assert [t.name for t in timeline.data] == ["Korea Utara", "North Korea"]
    pairs = F.tag_cooccurrence_figure(q.tag_cooccurrence(store, kind="tag"))
    cells = pd.DataFrame(pairs.data[0].z, index=pairs.data[0].y, columns=pairs.data[0].x)
    assert cells.loc["China", "Korea Utara"] == cells.loc["Korea Utara", "China"] == 2
    rising = F.rising_tags_figure(q.rising_tags(store, period=dt.date(2024, 3, 13), min_count=1))
    assert [t.name for t in rising.data] == ["period from 2024-03-04", "period from 2024-03-11"]


def test_compared_queries_group_the_tag_bars(store):
    queries = parse_compare(["Kompas=?outlets=kompas", "Tempo=?outlets=tempo"])
    frame = compare(q.tag_frequencies, store, filters_from(), queries, limit=3)
    figure = F.tag_frequencies_figure(frame)
    assert [t.name for t in figure.data] == ["Kompas", "Tempo"]  # the legend: the queries
    assert figure.layout.barmode == "group"
    for trace in figure.data:
        rows = frame[frame["query"] == trace.name]
        assert list(trace.x) == rows["count"].tolist() and list(trace.y) == F.tag_labels(frame)[rows.index].tolist()


def test_publication_timeline_lines(store):
    single = F.publication_timeline_figure(q.publication_timeline(store, freq="week"))
    assert len(single.data) == 1 and list(single.data[0].y) == [4, 3, 0, 0, 2]  # the weeks of 03-18, 03-25: none
    by_outlet = F.publication_timeline_figure(q.publication_timeline(store, freq="week", by="outlet"))
    assert [t.name for t in by_outlet.data] == ["Kompas", "Tempo", "Wire Daily"]


def test_a_bad_measure_is_a_clear_error(store):
    with pytest.raises(ValueError, match="measure must be one of share, count"):
        F.attribution_by_agency_figure(q.attribution_by_agency(store), measure="ratio")


def test_a_wire_dependence_figure_carries_its_note(store):
    frame = q.wire_copy_by_outlet(store)
    figure = F.FIGURES["wire_copy_by_outlet"](frame)
    assert F.note_of(figure) is None and F.with_note(figure, None) is figure
    note = catalog.ANALYSES["wire_copy_by_outlet"].note(filters_from(), q.own_feeds_left_out(store))
    noted = F.with_note(figure, note)
    assert F.note_of(noted) == note and "0 articles" in note  # the hand-made store has no agency's own feed
    assert list(noted.data[0].y) == ["Tempo", "Wire Daily", "Kompas", "(unknown)"]  # display names, by share


def test_a_long_denominator_is_wrapped_above_the_plot_and_the_margin_grows_for_it(store):
    for analysis in catalog.ANALYSES.values():
        figure = F.FIGURES[analysis.figure](analysis.query(store))
        top = figure.layout.margin.t
        stated = F.with_denominator(figure, analysis.denominator)
        assert F.denominator_of(stated) == analysis.denominator, analysis.name  # every word, in order
        (drawn,) = [a.text for a in stated.layout.annotations if a.name == F.DENOMINATOR]
        lines = drawn.split("<br>")
        assert all(len(line) <= F.DENOMINATOR_WIDTH for line in lines), lines
        assert stated.layout.margin.t == top + F.DENOMINATOR_LINE * (len(lines) - 1), analysis.name
    longest = max(catalog.ANALYSES.values(), key=lambda a: len(a.denominator))
    assert len(longest.denominator) > 2 * F.DENOMINATOR_WIDTH  # the catalog has a denominator of 3+ lines


def test_a_timeline_period_without_articles_hovers_as_no_articles(store):
    frame = q.publication_timeline(store, freq="day")
    figure = F.publication_timeline_figure(frame)
    texts = dict(zip(figure.data[0].x, figure.data[0].text))
    for period, count, total, share in frame[["period", "count", "total", "share"]].itertuples(index=False):
        expected = f"{count:,} of {total:,} articles ({share:.1%})" if total else "no articles"
        assert texts[period] == expected
    assert "no articles" in texts.values() and figure.data[0].hovertemplate == "%{text}"

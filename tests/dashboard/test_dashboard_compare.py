"""Compare in the dashboard (issue 17): named queries side by side, in the URL (`compare=`,
repeated), added and removed in the filter bar; the timelines draw one series per query, the
attribution and tag bars a group per query, each chart's numbers those of
`analytics.queries.compare.compare` on the sample store; every other view says it is of the
base filters only."""

from __future__ import annotations

import io
import json
import pathlib
import urllib.parse

import pandas as pd
import plotly.utils
import pytest
from test_dashboard_support import build_store

from analytics import queries as q
from analytics.present import figures
from analytics.queries.compare import compare, parse_compare
from analytics.queries.filters import FilterError, Filters, filters_from
from dashboard.logic import charts, filterbar, urlstate
from dashboard.logic.charts import CHARTS
from dashboard.logic.data import Data

COMPARED = ("korea=korea", "oil=oil")  # words of the sample's KCNA items, and of its Reuters-21578 ones
LINK = "?outlets=kcna&compare=korea%3Dkorea&compare=oil%3Doil"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> pathlib.Path:
    return build_store(tmp_path_factory.mktemp("dashboard-compare"))


@pytest.fixture(scope="module")
def data(store_path) -> Data:
    return Data(store_path)


# --- the URL and the filter bar ---------------------------------------------------------------


def test_two_compared_queries_go_round_the_url():
    filters = filters_from(outlets=["kcna"], start="2021-07-01")
    specs = ("KCNA cited=?agencies=kcna", 'Kim="Kim Jong Un"')
    search = urlstate.search_of(
        filters, compare=specs, options=[("publications.freq", "week")], article="feedfacecafebeef"
    )
    view = urlstate.parse(search)
    assert view.filters == filters and view.compare == specs
    assert view.options == (("publications.freq", "week"),) and view.article == "feedfacecafebeef"
    assert urlstate.search_of(view.filters, compare=view.compare, options=view.options, article=view.article) == search
    # what the rest of the page writes keeps them: a chart option, an article opened and closed
    assert urlstate.parse(urlstate.with_options(search, [])).compare == specs
    assert urlstate.parse(urlstate.with_article(search, None)).compare == specs
    # the filter bar's sync: a link sets what the charts listen to; a control keeps them in the URL
    opened = filterbar.sync("url", LINK, filterbar.controls_of(Filters()))
    assert opened.compare == COMPARED and opened.key == "outlets=kcna" and opened.error is None
    typed = filterbar.sync("controls", LINK, {**filterbar.controls_of(filters_from(outlets=["kcna"])), "q": "kim"})
    assert typed.search == "?outlets=kcna&q=kim&compare=korea%3Dkorea&compare=oil%3Doil"
    assert typed.compare == COMPARED
    assert filterbar.sync("reset", LINK, {}).compare == ()


def test_the_compare_box_adds_and_removes_queries_in_the_url():
    added = filterbar.with_added("?outlets=kcna", " korea ", " korea ")
    assert added == "?outlets=kcna&compare=korea%3Dkorea"
    both = filterbar.with_added(added, "KCNA cited", "?agencies=kcna")
    assert urlstate.parse(both).compare == ("korea=korea", "KCNA cited=?agencies=kcna")
    assert urlstate.parse(filterbar.without(both, 0)).compare == ("KCNA cited=?agencies=kcna",)
    with pytest.raises(FilterError, match="given twice"):
        filterbar.with_added(both, "korea", "nuclear")
    with pytest.raises(FilterError, match="needs a name"):
        filterbar.with_added(both, "", "nuclear")
    full = urlstate.search_of(Filters(), compare=[f"q{n}=word{n}" for n in range(5)])
    with pytest.raises(FilterError, match="at most 5"):
        filterbar.with_added(full, "sixth", "word")


def test_an_unusable_comparison_is_said_where_filter_errors_are():
    six = "&".join(f"compare=q{n}%3Dword{n}" for n in range(6))
    linked = filterbar.sync("url", "?" + six, filterbar.controls_of(Filters()))
    assert linked.url_error and "at most 5" in linked.error
    assert urlstate.request_problem("/timeline", six) == (400, "compare: 6 queries, at most 5")
    # a compared query may not set a field the base filters set: said, the filters still applied
    clash = filterbar.sync("url", "?agencies=kcna&compare=" + urllib.parse.quote("X=?agencies=xinhua"), {})
    assert not clash.url_error and clash.key == "agencies=kcna"
    assert clash.error.startswith("These queries cannot be compared:") and "agencies" in clash.error


# --- the charts -----------------------------------------------------------------------------------


def drawn(figure) -> dict[str, list[float]]:
    """Each trace's values (y for lines and vertical bars, x for horizontal bars), by trace name."""
    return {t.name: [float(v) for v in (t.x if t.orientation == "h" else t.y)] for t in figure.data}


def traces(figure) -> str:
    """A figure's traces as JSON (what the browser gets to draw)."""
    return json.dumps(figure.to_plotly_json()["data"], cls=plotly.utils.PlotlyJSONEncoder)


def test_the_timelines_draw_one_line_per_query_as_compare_gives_it(data):
    queries = parse_compare(COMPARED)
    base = Filters()
    with data.opened() as store:
        publications = compare(q.publication_timeline, store, base, queries, timeline=True, freq="month", top=8)
        top = q.attribution_by_agency(store, base, limit=1)["agency"].iloc[0]
        agencies = compare(q.agency_timeline, store, base, queries, timeline=True, freq="month", top=None)
        tag = q.tag_timeline(store, base, freq="week", top=1)["tag"].iloc[0]
        tags = compare(q.tag_timeline, store, base, queries, timeline=True, freq="week", tags=[tag], top=5)
    agencies = agencies[agencies["agency"] == top].reset_index(drop=True)
    for name, expected, options in (
        ("publications", publications, {"measure": "share"}),
        ("agency_timeline", agencies, {}),
        ("tag_timeline", tags, {"measure": "share"}),
    ):
        chart = CHARTS[name]
        rendered = charts.render(data, chart, "", options, list(COMPARED))
        assert rendered.message is None, name
        measure = charts.options_of(chart, options)["measure"]
        assert [t.name for t in rendered.figure.data] == ["korea", "oil"], name
        for query, rows in expected.groupby("query", sort=False):
            values = figures.drawn_values(rows, measure=measure, min_articles=data.timeline_min_articles)
            line = next(t for t in rendered.figure.data if t.name == query)
            assert [None if v is None else float(v) for v in line.y] == [
                None if v is None else float(v) for v in values
            ], (name, query)
            assert rows["total"].tolist() == expected[expected["query"] == query]["total"].tolist()
        # shares of the base filters' period articles, and said so; the CSV holds the same rows
        assert "under the base filters" in figures.denominator_of(rendered.figure)
        assert (expected["total"] >= expected["count"]).all() and expected["count"].sum() > 0
        _, content = charts.download(data, chart, "", options, list(COMPARED))
        assert pd.read_csv(io.BytesIO(content)).shape[0] == len(expected), name
    agency_note = figures.note_of(charts.render(data, CHARTS["agency_timeline"], "", {}, list(COMPARED)).figure)
    assert agency_note.startswith("Compare: each query's articles crediting ") and "most credited" in agency_note


def test_the_bars_are_grouped_per_query_as_compare_gives_them(data):
    queries = parse_compare(COMPARED)
    with data.opened() as store:
        agencies = compare(q.attribution_by_agency, store, Filters(), queries, limit=10)
        tags = compare(q.tag_frequencies, store, Filters(), queries, limit=10)
    rendered = charts.render(data, CHARTS["top_agencies"], "", {"measure": "count"}, list(COMPARED))
    shown = {(str(x), t.name, float(y)) for t in rendered.figure.data for x, y in zip(t.x, t.y)}
    assert shown == {(r.query, r.agency_name, float(r.count)) for r in agencies.itertuples()}
    rendered = charts.render(data, CHARTS["tag_frequencies"], "", {}, list(COMPARED))
    assert [t.name for t in rendered.figure.data] == ["korea", "oil"]  # the legend: the queries
    for query, rows in tags.groupby("query", sort=False):
        assert drawn(rendered.figure)[query] == rows["count"].astype(float).tolist()
    assert "within each query's articles" in figures.denominator_of(rendered.figure)


def test_every_other_chart_says_it_is_of_the_base_filters(data):
    for name in ("overview_metrics", "date_quality", "agency_role", "outlet_agency", "event_lag", "rising_tags"):
        compared = charts.render(data, CHARTS[name], "", {}, list(COMPARED))
        base = charts.render(data, CHARTS[name], "", {})
        assert figures.note_of(compared.figure).startswith(charts.BASE_ONLY), name
        assert traces(compared.figure) == traces(base.figure), name
        assert charts.BASE_ONLY not in (figures.note_of(base.figure) or "")


def test_a_click_on_a_compared_query_lists_its_articles(data):
    compared = list(COMPARED)
    line = charts.render(data, CHARTS["publications"], "", {}, compared).figure
    oil = next(n for n, t in enumerate(line.data) if t.name == "oil")
    x = next(x for x, y in zip(line.data[oil].x, line.data[oil].y) if y)  # a month with oil articles
    click = {"points": [{"curveNumber": oil, "x": str(x)[:10], "y": 1}]}
    link = charts.drill_link(data, CHARTS["publications"], "", {}, click, compared)
    filters = urlstate.filters_of(link.removeprefix("/articles"))
    assert filters.q == "oil" and filters.start == pd.Timestamp(x).date()
    bars = charts.render(data, CHARTS["top_agencies"], "", {}, compared).figure
    reuters = next(n for n, t in enumerate(bars.data) if t.name == "Reuters")
    click = {"points": [{"curveNumber": reuters, "x": "oil", "y": 1}]}
    link = charts.drill_link(data, CHARTS["top_agencies"], "", {}, click, compared)
    assert urlstate.filters_of(link.removeprefix("/articles")) == filters_from(q="oil", agencies=["reuters"])
    # a chart left on the base filters drills as it always does
    base = charts.drill_link(data, CHARTS["date_quality"], "", {}, {"points": [{"curveNumber": 0, "y": "KCNA"}]})
    assert base is not None and base == charts.drill_link(
        data, CHARTS["date_quality"], "", {}, {"points": [{"curveNumber": 0, "y": "KCNA"}]}, compared
    )

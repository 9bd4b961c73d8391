"""The Reuse page and the article view's "also published as", without a browser, on the session's
shared store (its ingest ran a reuse round): the charts draw what the reuse queries return under
the URL's filters, state their denominators and drill; the page's state round-trips through
the URL; the passages marked on both sides of an article's comparison are exactly the stored
offsets into both texts; a store without reuse tables says how to make them."""

from __future__ import annotations

import dash
import pandas as pd
import pytest
from handmade_store import build_store as build_hand_store
from hang_guard import wait_until
from shared_store import shared_store  # noqa: F401  (the fixture)

from analytics import queries as q
from analytics.present import figures
from analytics.present.reports import csv_bytes
from analytics.queries.engine import run
from analytics.queries.filters import Filters, filters_from, narrow
from analytics.store.store import Store
from dashboard import components, create_app, ids
from dashboard.logic import charts, filterbar, grid, highlight, reuse, urlstate
from dashboard.logic.charts import CHARTS
from dashboard.logic.data import Data
from dashboard.logic.labels import escape_label

FILTERS = filters_from(languages=["id"])  # the Indonesian news: stories copied across outlets
REUSE_CHARTS = charts.PAGE_CHARTS["/reuse"]
# chart -> its query and the keywords the chart calls it with (the reuse queries' real functions)
QUERIES = {
    "reuse_stories": (q.reuse_stories_by_outlet, {}),
    "reuse_periods": (q.reuse_stories_by_period, {"freq": "month"}),
    "syndication_lag": (q.syndication_lag, {}),
    "reuse_matrix": (q.reuse_matrix, {"limit": 12}),
    "uncredited_copy": (q.uncredited_agency_copy_by_outlet, {}),
    "largest_stories": (q.largest_stories, {"limit": charts.STORIES_SHOWN}),
}
PER_OUTLET = ("reuse_stories", "reuse_matrix", "uncredited_copy")  # trimmed to the largest outlets
HEATMAP_ACROSS = {"reuse_matrix": "origin_name", "uncredited_copy": "agency_name"}  # the heatmaps' columns
# the article with the most others sharing its text (then the smallest id)
MOST_SHARED = (
    "SELECT article_id FROM (SELECT article_id_a AS article_id FROM reuse_pairs "
    "UNION ALL SELECT article_id_b FROM reuse_pairs) GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 1"
)


@pytest.fixture(scope="module")
def data(shared_store) -> Data:  # noqa: F811
    return Data(shared_store)


def key(filters: Filters = Filters()) -> str:
    return urlstate.filters_key(filters)


@pytest.mark.parametrize("name", REUSE_CHARTS)
def test_every_reuse_chart_draws_its_query_under_the_filters(data, shared_store, name):  # noqa: F811
    chart = CHARTS[name]
    query, keywords = QUERIES[name]
    with Store.open(shared_store, read_only=True) as store:
        expected = query(store, FILTERS, **keywords)
    if name in PER_OUTLET:
        expected = charts.top_outlets(expected)
    frame = charts.frame_of(data, chart, FILTERS, charts.options_of(chart, {}))
    assert not frame.empty
    pd.testing.assert_frame_equal(frame, expected)
    figure = charts.render(data, chart, key(FILTERS)).figure
    (trace,) = figure.data  # one series each
    if name in HEATMAP_ACROSS:
        assert set(trace.y) == set(frame["outlet_name"].map(escape_label))
        assert set(trace.x) == set(frame[HEATMAP_ACROSS[name]].map(escape_label))
    else:
        assert len(trace.x) == len(trace.y) == len(frame)
    assert figures.denominator_of(figure) == chart.analysis.denominator  # what its shares are of, stated
    _, content = charts.download(data, chart, key(FILTERS))
    assert content == csv_bytes(frame)


def test_the_reuse_page_state_round_trips_through_the_url(shared_store):  # noqa: F811
    chosen = {
        ("reuse_matrix", "measure"): "count",
        ("reuse_matrix", "scale"): "log",
        ("syndication_lag", "measure"): "share",
        ("reuse_periods", "freq"): "week",
    }
    pairs = charts.url_options(chosen)
    assert pairs == [  # the default left out
        ("reuse_matrix.measure", "count"),
        ("reuse_matrix.scale", "log"),
        ("reuse_periods.freq", "week"),
    ]
    search = urlstate.search_of(FILTERS, options=pairs)
    view = urlstate.parse(search)
    assert view.filters == FILTERS and view.options == tuple(pairs)
    assert urlstate.request_problem("/reuse", search) is None
    create_app(shared_store)
    page = next(page for page in dash.page_registry.values() if page["path"] == "/reuse")
    layout = page["layout"](**dict(pairs))  # the page laid out from the URL's options, as Dash Pages calls it
    controls = {str(c.id["chart"]) + "." + str(c.id["option"]): c.value for c in _options(layout)}
    assert controls == {
        "reuse_matrix.measure": "count",
        "reuse_matrix.scale": "log",
        "uncredited_copy.measure": "share",
        "uncredited_copy.scale": "row",
        "syndication_lag.measure": "share",
        "reuse_periods.freq": "week",
    }
    assert set(REUSE_CHARTS) <= {
        c.id.removesuffix("-graph") for c in _walk(layout) if str(getattr(c, "id", "")).endswith("-graph")
    }


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str):
            yield from _walk(child)


def _options(layout):
    return [c for c in _walk(layout) if isinstance(getattr(c, "id", None), dict) and c.id.get("type") == "chart-option"]


def test_a_click_drills_to_the_articles_or_opens_a_story(data):
    stories = charts.render(data, CHARTS["largest_stories"], key(FILTERS)).figure.data[0]
    top = stories.y[-1]  # the largest story is drawn at the top
    link = charts.drill_link(data, CHARTS["largest_stories"], key(FILTERS), None, {"points": [{"y": top}]})
    assert link == urlstate.link("/articles", FILTERS, article=top)
    trace = charts.render(data, CHARTS["reuse_stories"], key(FILTERS)).figure.data[0]  # a bar: the outlet's articles
    frame = charts.frame_of(data, CHARTS["reuse_stories"], FILTERS, charts.options_of(CHARTS["reuse_stories"], {}))
    outlet = frame.loc[frame["outlet_name"].map(escape_label) == trace.y[-1], "outlet_id"].iloc[0]
    link = charts.drill_link(data, CHARTS["reuse_stories"], key(FILTERS), None, {"points": [{"y": trace.y[-1]}]})
    assert link == urlstate.link("/articles", narrow(FILTERS, outlet=outlet))
    for name, across, value in (
        ("reuse_matrix", "origin_name", lambda row: f"{row['origin_kind']}:{row['origin']}"),
        ("uncredited_copy", "agency_name", lambda row: f"uncredited:{row['agency']}"),
    ):  # a cell: the outlet's articles it counts, as many as it says
        frame = charts.frame_of(data, CHARTS[name], FILTERS, charts.options_of(CHARTS[name], {}))
        for row in frame.to_dict("records"):
            point = {"y": escape_label(row["outlet_name"]), "x": escape_label(row[across]), "curveNumber": 0}
            link = charts.drill_link(data, CHARTS[name], key(FILTERS), None, {"points": [point]})
            narrowed = narrow(FILTERS, outlet=row["outlet_id"], copy_of=value(row))
            assert link == urlstate.link("/articles", narrowed), name
            listed = grid.rows_response(data, narrowed, {"startRow": 0, "endRow": 1}).response["rowCount"]
            assert listed == row["count"], (name, row)  # the Articles page lists what the cell counts
    periods = charts.frame_of(data, CHARTS["reuse_periods"], FILTERS, charts.options_of(CHARTS["reuse_periods"], {}))
    month = pd.Timestamp(periods["period"].iloc[0]).date()  # a bar: its month's articles
    link = charts.drill_link(data, CHARTS["reuse_periods"], key(FILTERS), None, {"points": [{"x": str(month)}]})
    assert link == urlstate.link("/articles", narrow(FILTERS, period=month, freq="month"))
    assert charts.drill_link(data, CHARTS["syndication_lag"], key(FILTERS), None, {"points": [{"x": "<1h"}]}) is None


def test_shared_passages_are_cut_like_spans_and_matches_and_stay_text():
    text = "JAKARTA <b>Reuters</b> said"
    reuters = text.index("Reuters")
    span = highlight.Span(reuters, reuters + 7, "reuters", "cited", "Reuters · cited", "#000000")
    parts = highlight.pieces(text, [span], matches=[(reuters, reuters + 7)], shared=[(-5, reuters + 3), (20, 999)])
    assert highlight.plain_text(parts) == text  # offsets outside the text are held within it
    assert [p.text for p in parts if p.shared and not p.is_label] == ["JAKARTA <b>", "Reu", "b> said"]
    (both,) = [p for p in parts if p.shared and p.matched]
    assert both.text == "Reu" and both.spans == (span,)
    mark = components.piece_component(both)  # the attribution's mark around the passage's around the match's
    assert mark.className == "attr" and mark.children.className == "reuse-shared"
    assert mark.children.children.className == "query-match" and mark.children.children.children == "Reu"
    assert components.piece_component(parts[0]).children == "JAKARTA <b>"  # text, never markup


def _marked(parts: tuple[highlight.Piece, ...]) -> set[int]:
    """The offsets of the characters marked as shared."""
    marked: set[int] = set()
    at = 0
    for part in parts:
        if part.is_label:
            continue
        if part.shared:
            marked.update(range(at, at + len(part.text)))
        at += len(part.text)
    return marked


def _covered(passages) -> set[int]:
    return {i for start, end in passages for i in range(start, end)}


def test_also_published_marks_the_stored_passages_on_both_sides(data, shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        article = run(store, MOST_SHARED)["article_id"].iloc[0]
        expected = q.article_reuse(store, article)
        bodies = run(
            store,
            "SELECT article_id, body FROM articles WHERE article_id IN (SELECT unnest(?))",
            [[article, *expected["article_id"]]],
        )
    body = dict(zip(bodies["article_id"], bodies["body"]))
    others = reuse.also_published(data, article)
    assert len(others) >= 2 and [o.article_id for o in others] == list(expected["article_id"])
    assert [o.containment_this for o in others] == sorted((o.containment_this for o in others), reverse=True)
    for other in others:
        assert other.passages_this and len(other.passages_this) == len(other.passages_other)
        shown = reuse.compared(data, article, other.article_id)
        assert highlight.plain_text(list(shown.this)) == body[article]  # no text lost or added
        assert highlight.plain_text(list(shown.that)) == body[other.article_id]
        assert _marked(shown.this) == _covered(other.passages_this)  # marked exactly at the stored offsets
        assert _marked(shown.that) == _covered(other.passages_other)
        for (start, end), (other_start, other_end) in zip(other.passages_this, other.passages_other, strict=True):
            assert 0 <= start < end <= len(body[article])
            assert 0 <= other_start < other_end <= len(body[other.article_id])
    assert reuse.compared(data, article, article) is None  # no pair of its own
    view = components.article_detail(grid.article_view(data, article), others)
    (choice,) = [c for c in _walk(view) if getattr(c, "id", None) == ids.REUSE_CHOICE]
    assert [o["value"] for o in choice.options] == [o.article_id for o in others] and choice.value == others[
        0
    ].article_id
    # the URL's `beside` chooses the article shown beside: one sharing no text is said, and the first shown
    last = others[-1].article_id
    assert reuse.beside(others, last) == last and reuse.beside(others, None) == others[0].article_id
    assert reuse.beside(others, article) == others[0].article_id and reuse.beside((), last) is None
    view = components.article_detail(grid.article_view(data, article), others, reuse.compared(data, article, last))
    (choice,) = [c for c in _walk(view) if getattr(c, "id", None) == ids.REUSE_CHOICE]
    (shown,) = [c for c in _walk(view) if getattr(c, "id", None) == ids.REUSE_COMPARISON]
    assert choice.value == last and others[-1].title in repr(shown.children)
    unmatched = components.article_detail(grid.article_view(data, article), others, unmatched=article)
    assert f"The article {article} of the link shares no text with this one." in repr(unmatched)
    rendered = components.reuse_comparison(reuse.compared(data, article, others[0].article_id))
    sides = [c for c in _walk(rendered) if "reuse-text" in str(getattr(c, "className", ""))]
    assert len(sides) == 2
    for side, passages, text in zip(
        sides, (others[0].passages_this, others[0].passages_other), (body[article], body[others[0].article_id])
    ):
        marks = [c for c in _walk(side) if getattr(c, "className", None) == "reuse-shared"]
        assert "".join(m.children if isinstance(m.children, str) else "" for m in marks) == "".join(
            text[i] for i in sorted(_covered(passages))
        )


def test_reuse_charts_read_the_store_not_its_compact_copy(shared_store):  # noqa: F811
    data = Data(shared_store, compact=True)  # the served app's: analyses go to a compact copy once it is made
    chart = CHARTS["reuse_matrix"]
    data.compact()  # begins the copy
    wait_until(lambda: data._copy is not None, "the compact copy made in the background")
    data.cache.clear()
    assert not charts.frame_of(data, chart, FILTERS, charts.options_of(chart, {})).empty  # the copy has no reuse tables
    assert reuse.missing(data) is None


def test_a_store_without_reuse_tables_says_how_to_make_them(tmp_path):
    path = build_hand_store(tmp_path / "old.duckdb")  # never given a reuse round
    data = Data(path)
    message = reuse.missing(data)
    assert message is not None and f"media-analytics reuse --store {path}" in message.text
    assert "message-unavailable" in components.message_box(message).className
    for name in REUSE_CHARTS:  # the charts are empty, never an error
        rendered = charts.render(data, CHARTS[name], key())
        assert rendered.figure is None and rendered.message.kind == "empty", name
    assert reuse.also_published(data, "a01") is None  # not known, rather than none
    shown = repr(components.article_detail(grid.article_view(data, "a01"), None))
    assert "this store has no text reuse yet (media-analytics reuse)" in shown
    # a link filtering on text reuse is kept, and the filter bar says what the store lacks
    controls = filterbar.controls_of(Filters())
    synced = filterbar.sync(
        "url",
        "?copy_of=agency%3Akcna",
        controls,
        resolve=filterbar.resolver(data),
        check=filterbar.query_checker(data),
    )
    assert synced.controls == {"copy_of": ["agency:kcna"]}
    assert f"no text reuse yet: run `media-analytics reuse --store {path}`" in synced.error


def test_each_copy_of_choice_counts_the_articles_it_selects(data, shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        choices = filterbar.copy_choices(store, FILTERS)
    kinds = {value.partition(":")[0] for value, _, _ in choices}
    assert {"agency", "outlet"} <= kinds  # the Indonesian news copies agencies' and outlets' stories
    for value, label, count in choices:
        kind, _, _ = value.partition(":")
        assert label.endswith(", uncredited" if kind == "uncredited" else f" ({kind})"), label
        selected = FILTERS.replace(copy_of=[value])
        assert grid.rows_response(data, selected, {"startRow": 0, "endRow": 1}).response["rowCount"] == count, value

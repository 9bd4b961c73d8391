"""A text query (`q`) in the dashboard: in the URL like every other filter, typed in the filter
bar's Text box, its errors (a malformed query, a store without a search index) shown where filter
errors are, the Articles table's match column and the article view's marks, on the sample store."""

from __future__ import annotations

import csv
import io
import pathlib
import shutil
import urllib.parse

import pytest
from hang_guard import wait_until
from test_dashboard_support import build_store

from analytics import queries as q
from analytics.queries import articles as aq
from analytics.queries.filters import Filters, filters_from
from dashboard import create_app
from dashboard.logic import charts, filterbar, grid, urlstate
from dashboard.logic.charts import CHARTS
from dashboard.logic.data import Data

QUERY = "korea"  # words the sample's KCNA items hold
MALFORMED = "korea AND (nuclear"  # the ( at character 11 is not closed
REQUEST = {"startRow": 0, "endRow": 100}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> pathlib.Path:
    return build_store(tmp_path_factory.mktemp("dashboard-search"))


@pytest.fixture(scope="module")
def unindexed_path(store_path, tmp_path_factory) -> pathlib.Path:
    """The same store without its search index beside it (one made before there were indexes)."""
    path = tmp_path_factory.mktemp("dashboard-unindexed") / store_path.name
    shutil.copy(store_path, path)
    return path


# --- the URL --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [QUERY, '"north korea" -sport OR title:kim', "朝鲜 核"])
def test_a_text_query_goes_round_the_url(text):
    filters = filters_from(q=text, outlets=["kcna"], start="2021-07-01")
    search = urlstate.search_of(filters, article="feedfacecafebeef")
    assert "q=" + urllib.parse.quote(text) in search
    view = urlstate.parse(search)
    assert view.filters == filters and view.filters.q == text
    assert view.article == "feedfacecafebeef"
    assert urlstate.filters_of(urlstate.filters_key(filters)) == filters  # what the charts listen to


def test_a_link_with_q_fills_the_box_and_typing_writes_the_url():
    opened = filterbar.sync("url", f"?q={QUERY}&outlets=kcna", filterbar.controls_of(Filters()))
    assert opened.controls == {"outlets": ["kcna"], "q": QUERY} and opened.error is None
    assert opened.key == f"outlets=kcna&q={QUERY}"
    controls = {**filterbar.controls_of(filters_from(outlets=["kcna"])), "q": "  north korea  "}
    typed = filterbar.sync("controls", "?outlets=kcna", controls)
    assert typed.search == "?outlets=kcna&q=north%20korea" and typed.error is None
    # the URL it wrote comes back unchanged, the box as typed (its spaces are not the query's)
    again = filterbar.sync("url", typed.search, controls)
    assert again.search is None and again.controls is None and again.key == typed.key
    cleared = filterbar.sync("controls", typed.search, {**controls, "q": ""})
    assert cleared.search == "?outlets=kcna"


def test_a_malformed_query_is_said_where_filter_errors_are():
    typed = filterbar.sync("controls", "", {**filterbar.controls_of(Filters()), "q": MALFORMED})
    assert typed.search is None and typed.key is None  # the URL and the charts stay as they were
    assert "character 11" in typed.error and "not closed" in typed.error
    linked = filterbar.sync("url", "?q=" + urllib.parse.quote(MALFORMED), filterbar.controls_of(Filters()))
    assert linked.url_error and "character 11" in linked.error
    assert urlstate.request_problem("/", "q=" + urllib.parse.quote(MALFORMED))[0] == 400


# --- the callbacks, through the app's server ----------------------------------------------------


def call_sync(app, values: dict[tuple[str, str], object], changed: str) -> dict:
    """The filter bar's sync callback answered by the app's server, as the browser asks it: its
    outputs by component id."""
    key = next(k for k in app.callback_map if "filters-key.data" in k and "url.search" in k)
    entry = app.callback_map[key]
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in key.strip(".").split("...")]

    def given(items):
        return [
            {"id": i["id"], "property": i["property"], "value": values.get((i["id"], i["property"]))} for i in items
        ]

    body = {
        "output": key,
        "outputs": outputs,
        "inputs": given(entry["inputs"]),
        "state": given(entry["state"]),
        "changedPropIds": [changed],
    }
    answer = app.server.test_client().post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    return answer.get_json()["response"]


def test_the_sync_callback_says_what_is_wrong_with_a_typed_query(store_path):
    app = create_app(store_path)
    response = call_sync(app, {("f-q", "value"): MALFORMED, ("url", "pathname"): "/"}, "f-q.value")
    alert = response["filter-alert"]
    assert alert["is_open"] and alert["color"] == "danger"
    assert alert["children"].startswith("These filters cannot be used: q:") and "character 11" in alert["children"]
    assert "url" not in response and "filters-key" not in response  # neither the URL nor the charts change
    opened = call_sync(app, {("url", "search"): f"?q={QUERY}", ("url", "pathname"): "/"}, "url.search")
    assert opened["f-q"]["value"] == QUERY and opened["filters-key"]["data"] == f"q={QUERY}"
    assert not opened["filter-alert"]["is_open"]


def test_a_store_without_a_search_index_says_how_to_build_it(unindexed_path):
    app = create_app(unindexed_path)
    response = call_sync(app, {("url", "search"): f"?q={QUERY}", ("url", "pathname"): "/"}, "url.search")
    alert = response["filter-alert"]
    assert alert["is_open"] and alert["color"] == "danger" and "media-analytics reindex" in alert["children"]
    assert response["page-body"]["className"] == ""  # the filters are applied; the charts say it too
    data = Data(unindexed_path)
    rendered = charts.render(data, CHARTS["top_agencies"], f"q={QUERY}")
    assert rendered.figure is None and rendered.message.kind == "error"
    assert "media-analytics reindex" in rendered.message.text
    answer = grid.rows_response(data, filters_from(q=QUERY), REQUEST)
    assert answer.response["rowCount"] == 0 and "media-analytics reindex" in answer.status
    assert charts.render(data, CHARTS["top_agencies"], "").figure is not None  # without q all is well


# --- what the dashboard reads: the compact copy, the Articles table, the article ---------------


def test_the_query_selects_the_same_articles_on_the_store_and_its_compact_copy(store_path):
    filters = filters_from(q=QUERY)
    data = Data(store_path, compact=True)
    with data.opened() as store:  # the dashboard's store: its connection only hands out cursors
        expected = q.headline(store, filters)["articles"]
        everything = q.headline(store, Filters())["articles"]
    assert 0 < expected < everything
    wait_until(lambda: data.compact() is not None, "the compact copy made in the background")
    copy = data.compact()
    assert q.headline(copy, filters)["articles"] == expected  # its integer ids, matched by store_id
    plain = Data(store_path)  # the table's pages are the same, whatever picks their rows
    for request in (REQUEST, {"startRow": 2, "endRow": 30, "sortModel": [{"colId": "outlet", "sort": "asc"}]}):
        assert aq.on_copy(request, None)
        assert grid.rows_response(data, filters, request) == grid.rows_response(plain, filters, request)


def test_the_articles_table_shows_where_each_article_matches(store_path):
    data = Data(store_path, compact=True)
    filters = filters_from(q=QUERY)
    with data.opened() as store:
        expected = q.headline(store, filters)["articles"]
    answer = grid.rows_response(data, filters, REQUEST)
    assert answer.response["rowCount"] == expected
    rows = answer.response["rowData"]
    assert len(rows) == min(expected, REQUEST["endRow"])
    for row in rows:
        assert row["match"] == "".join(text for text, _ in row["match_pieces"])
        assert len(row["match"]) <= 162  # SNIPPET_CHARS and an ellipsis at either end
        marked = [text.lower() for text, is_word in row["match_pieces"] if is_word]
        assert marked and all(text == QUERY for text in marked)
    assert "match" not in grid.rows_response(data, Filters(), REQUEST).response["rowData"][0]
    assert grid.has_query(f"q={QUERY}") and not grid.has_query("outlets=kcna")


def test_the_article_view_marks_the_query_apart_from_the_attributions(store_path):
    data = Data(store_path)
    filters = filters_from(q=QUERY)
    first = grid.rows_response(data, filters, REQUEST).response["rowData"][0]
    view = grid.article_view(data, first["article_id"], QUERY)
    pieces = [p for section in view.sections for p in section.pieces]
    marked = [p.text.lower() for p in pieces if p.matched]
    assert marked and set(marked) == {QUERY}
    assert not any(p.matched for p in pieces if p.is_label)
    plain = grid.article_view(data, first["article_id"])
    assert not any(p.matched for section in plain.sections for p in section.pieces)
    assert ["".join(p.text for p in s.pieces if not p.is_label) for s in view.sections] == [
        "".join(p.text for p in s.pieces if not p.is_label) for s in plain.sections
    ]


def test_the_articles_csv_holds_the_articles_the_query_selects(store_path, unindexed_path):
    with Data(store_path).opened() as store:
        expected = q.headline(store, filters_from(q=QUERY))["articles"]
    export = grid.export_link(f"q={QUERY}", None, None)
    answer = create_app(store_path).server.test_client().get(export)
    assert answer.status_code == 200
    rows = csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff")))
    assert len({row["article_id"] for row in rows}) == expected
    missing = create_app(unindexed_path).server.test_client().get(export)
    assert missing.status_code == 400 and "media-analytics reindex" in missing.get_data(as_text=True)
    malformed = create_app(store_path).server.test_client().get(grid.export_link(f"q={MALFORMED}", None, None))
    assert malformed.status_code == 400 and "character 11" in malformed.get_data(as_text=True)

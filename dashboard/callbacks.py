"""Every callback of the app, registered per app (so several apps, e.g. in tests or a
notebook, never share state). Each one only moves values between components and
a plain function of `dashboard.logic`."""

from __future__ import annotations

import json
from typing import Any

import dash
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from analytics.queries.engine import QueryTimeout
from analytics.queries.filters import FilterError
from dashboard import components as c
from dashboard import ids
from dashboard.logic import charts, filterbar, grid, overview, reuse, urlstate
from dashboard.logic.charts import CHARTS, Chart
from dashboard.logic.data import Data, StoreUnavailable
from dashboard.logic.messages import base_only, failed, timed_out, unavailable

HIDDEN = {"display": "none"}
CONTROL_FIELDS = tuple(ids.CONTROLS)


def register(app: dash.Dash, data: Data) -> None:
    """Registers every callback on `app`: they read through `data`."""
    _filters(app, data)
    _navigation(app)
    for chart in CHARTS.values():
        _chart(app, data, chart)
    _chart_options(app)
    _tag_choices(app, data)
    _overview(app, data)
    _articles(app, data)
    _reuse(app, data)


# --- the filter bar and the URL ---------------------------------------------------------


def _filters(app: dash.Dash, data: Data) -> None:
    """The sync of the URL and the controls. A link's values are matched against the store
    (`filterbar.resolver`); each searchable dropdown's options are set with its value, so a value
    it would not offer (a rare tag, an unknown value) is shown, never dropped."""
    control_outputs = [Output(cid, prop) for cid, prop in ids.CONTROLS.values()]
    control_inputs = [Input(cid, prop) for cid, prop in ids.CONTROLS.values()]
    searchable = filterbar.SEARCHABLE
    resolve = filterbar.resolver(data)
    check = filterbar.query_checker(data)

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.FILTERS_KEY, "data"),
        Output(ids.COMPARE_KEY, "data"),
        Output(ids.FILTER_ALERT, "children"),
        Output(ids.FILTER_ALERT, "is_open"),
        Output(ids.FILTER_ALERT, "color"),
        Output(ids.PAGE_BODY, "className"),
        *[Output(ids.CONTROLS[field][0], "options") for field in searchable],
        *control_outputs,
        Input(ids.URL, "search"),
        *control_inputs,
        Input(ids.RESET, "n_clicks"),
        State(ids.FILTERS_KEY, "data"),
        State(ids.COMPARE_KEY, "data"),
        State(ids.URL, "pathname"),
    )
    def sync_filters(search, *values):
        *controls, _reset, current_key, current_compare, pathname = values
        trigger = ctx.triggered_id
        kind = "reset" if trigger == ids.RESET else "url" if trigger in (None, ids.URL) else "controls"
        result = filterbar.sync(kind, search, dict(zip(CONTROL_FIELDS, controls)), resolve=resolve, check=check)
        new_controls = result.controls or {}
        unknown = [u.value for u in result.unknown]
        options = [
            no_update
            if field not in new_controls
            else filterbar.dropdown_options(
                filterbar.options_pairs(filterbar.known_choices(data, field)), new_controls[field], unknown=unknown
            )
            for field in searchable
        ]
        message = result.error or result.warning
        return (
            no_update if result.search is None else result.search,
            no_update if result.key is None or result.key == current_key else result.key,
            no_update
            if result.compare is None or list(result.compare) == (current_compare or [])
            else list(result.compare),
            filter_alert(result, pathname) if message else "",
            bool(message),
            "danger" if result.error else "warning",
            "d-none" if result.url_error else "",
            *options,
            *[new_controls.get(field, no_update) for field in CONTROL_FIELDS],
        )

    for field in searchable:
        _searchable(app, data, field)
    _date_presets(app)
    _compare(app)

    @app.callback(Output(ids.APPLIED_FILTERS, "children"), Input(ids.FILTERS_KEY, "data"))
    def applied(key):
        return filterbar.applied_text(key)


def _compare(app: dash.Dash) -> None:
    """The Compare box: Add (or Enter in the query) and each remove button write the compared queries
    to the URL, whose sync sets what the charts listen to; what cannot be added is said where the
    filter errors are. The list and the line under the applied filters show the compared queries."""

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.FILTER_ALERT, "children", allow_duplicate=True),
        Output(ids.FILTER_ALERT, "is_open", allow_duplicate=True),
        Output(ids.FILTER_ALERT, "color", allow_duplicate=True),
        Output(ids.COMPARE_NAME, "value"),
        Output(ids.COMPARE_QUERY, "value"),
        Input(ids.COMPARE_ADD, "n_clicks"),
        Input(ids.COMPARE_QUERY, "n_submit"),
        Input({"type": ids.COMPARE_REMOVE, "index": ALL}, "n_clicks"),
        State(ids.COMPARE_NAME, "value"),
        State(ids.COMPARE_QUERY, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def change(_add, _submit, removes, name, text, search):
        trigger = ctx.triggered_id
        try:
            if isinstance(trigger, dict):
                if not any(removes or []):  # the list was drawn again, nothing clicked
                    return (no_update,) * 6
                wanted = filterbar.without(search, int(trigger["index"]))
                return wanted, no_update, no_update, no_update, no_update, no_update
            wanted = filterbar.with_added(search, name, text)
        except (FilterError, urlstate.UrlError) as err:
            return no_update, f"This query cannot be compared: {err}", True, "danger", no_update, no_update
        return wanted, "", False, "danger", "", ""

    @app.callback(
        Output(ids.COMPARE_LIST, "children"),
        Output(ids.COMPARED, "children"),
        Input(ids.COMPARE_KEY, "data"),
    )
    def listed(compare):
        return c.compared_list(compare or []), filterbar.compared_text(compare)


def _date_presets(app: dash.Dash) -> None:
    """A preset's button sets the date picker, which writes the URL as if the user had picked the range."""
    dates_id, _ = ids.CONTROLS["start"]

    @app.callback(
        Output(dates_id, "start_date", allow_duplicate=True),
        Output(dates_id, "end_date", allow_duplicate=True),
        Input({"type": filterbar.PRESET, "start": ALL, "end": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def preset(clicks):
        if not isinstance(ctx.triggered_id, dict) or not any(clicks or []):
            return no_update, no_update
        return filterbar.preset_range(dict(ctx.triggered_id))


def _searchable(app: dash.Dash, data: Data, field: str) -> None:
    """A filter dropdown searched over every stored value as the user types, its counts under the other filters."""
    control_id, _ = ids.CONTROLS[field]

    @app.callback(
        Output(control_id, "options", allow_duplicate=True),
        Input(ids.FILTERS_KEY, "data"),
        Input(control_id, "search_value"),
        State(control_id, "value"),
        prevent_initial_call=True,
    )
    def search(key, words, selected):
        if key is None:
            return no_update
        try:
            return filterbar.searched_options(data, key, field, words, list(selected or []))
        except (QueryTimeout, StoreUnavailable, ValueError):  # the charts say what is wrong
            return no_update


def filter_alert(result: filterbar.Sync, pathname: str | None):
    """The message over the page: a link's unusable filters are a bad request (the server
    answered the page with 400), a control's are a hint."""
    if not result.error:
        return result.warning or ""
    if not result.url_error:
        return result.error
    return [
        html.H2("400 · Bad request", className="h5"),
        html.P(result.error, className="mb-2"),
        dcc.Link("Open this page without filters", href=urlstate.normal_path(pathname or "/"), className="alert-link"),
    ]


def _navigation(app: dash.Dash) -> None:
    paths = list(urlstate.PAGES)

    @app.callback(
        *[Output(ids.nav_link(p), "href") for p in paths],
        *[Output(ids.nav_link(p), "active") for p in paths],
        Input(ids.URL, "pathname"),
        Input(ids.FILTERS_KEY, "data"),
        Input(ids.COMPARE_KEY, "data"),
    )
    def nav_links(pathname, key, compare):
        try:
            suffix = urlstate.search_of(urlstate.filters_of(key), compare=compare or ())
        except urlstate.UrlError:
            suffix = f"?{key}" if key else ""
        current = urlstate.normal_path(pathname or "/")
        return (*[p + suffix for p in paths], *[p == current for p in paths])


# --- charts -----------------------------------------------------------------------------


def _options(values: list[Any] | None, option_ids: list[dict] | None) -> dict[str, Any]:
    return {i["option"]: v for i, v in zip(option_ids or [], values or [])}


def _chart(app: dash.Dash, data: Data, chart: Chart) -> None:
    option_ids = {"type": "chart-option", "chart": chart.name, "option": ALL}

    @app.callback(
        Output(ids.graph(chart.name), "figure"),
        Output(ids.graph(chart.name), "style"),
        Output(ids.message(chart.name), "children"),
        Input(ids.FILTERS_KEY, "data"),
        Input(ids.COMPARE_KEY, "data"),
        Input(option_ids, "value"),
        State(option_ids, "id"),
    )
    def draw(key, compare, values, option_id_list):
        if key is None:
            return no_update, no_update, no_update
        rendered = charts.render(data, chart, key, _options(values, option_id_list), compare)
        if rendered.figure is None:
            return {}, HIDDEN, c.message_box(rendered.message)
        # the graph's box as tall as the figure (charts with many bars or rows grow)
        height = rendered.figure.layout.height or 450
        return rendered.figure, {"display": "block", "height": f"{height}px"}, None

    @app.callback(
        Output(ids.download(chart.name), "data"),
        Input(ids.download_button(chart.name), "n_clicks"),
        State(ids.FILTERS_KEY, "data"),
        State(ids.COMPARE_KEY, "data"),
        State(option_ids, "value"),
        State(option_ids, "id"),
        prevent_initial_call=True,
    )
    def download(_clicks, key, compare, values, option_id_list):
        try:
            name, content = charts.download(data, chart, key, _options(values, option_id_list), compare)
        except Exception:  # the chart itself says why it has no data
            return no_update
        return dcc.send_bytes(content, name, type="text/csv")

    if chart.drill is not None:

        @app.callback(
            Output(ids.NAV, "href", allow_duplicate=True),
            Input(ids.graph(chart.name), "clickData"),
            State(ids.FILTERS_KEY, "data"),
            State(ids.COMPARE_KEY, "data"),
            State(option_ids, "value"),
            State(option_ids, "id"),
            prevent_initial_call=True,
        )
        def drill(click, key, compare, values, option_id_list):
            link = charts.drill_link(data, chart, key, _options(values, option_id_list), click, compare)
            return no_update if link is None else link


def _chart_options(app: dash.Dash) -> None:
    """Every chart option the user changes is written to the URL (the defaults left out), so a
    link reproduces the view; the pages lay their controls out with the URL's values."""
    option_ids = {"type": "chart-option", "chart": ALL, "option": ALL}

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(option_ids, "value"),
        State(option_ids, "id"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def write_options(values, option_id_list, search):
        try:
            wanted = urlstate.with_options(search, charts.url_options(_chosen(values, option_id_list)))
        except urlstate.UrlError:
            return no_update
        return no_update if wanted == (search or "") else wanted


def _chosen(values: list[Any] | None, option_id_list: list[dict] | None) -> dict[tuple[str, str], Any]:
    return {(i["chart"], i["option"]): v for i, v in zip(option_id_list or [], values or [])}


def _tag_choices(app: dash.Dash, data: Data) -> None:
    """The tag timeline's tag picker searches every stored tag as the user types (the chosen ones kept)."""
    picker = ids.option("tag_timeline", "tags")

    @app.callback(
        Output(picker, "options"),
        Input(ids.FILTERS_KEY, "data"),
        Input(picker, "search_value"),
        State(picker, "value"),
    )
    def tag_choices(key, words, selected):
        if key is None:
            return no_update
        try:
            return filterbar.searched_options(data, key, "tags", words, list(selected or []))
        except (QueryTimeout, StoreUnavailable, ValueError):
            return no_update


# --- overview ---------------------------------------------------------------------------


def _overview(app: dash.Dash, data: Data) -> None:
    @app.callback(
        Output(ids.OVERVIEW_KPIS, "children"),
        Output(ids.OVERVIEW_WARNINGS, "children"),
        Input(ids.FILTERS_KEY, "data"),
        Input(ids.COMPARE_KEY, "data"),
    )
    def headline(key, compare):
        if key is None:
            return no_update, no_update
        try:
            filters = charts.filters_of_key(key)
            facts = overview.facts_of(data, filters)
        except QueryTimeout as err:
            return c.message_box(timed_out(str(err))), None
        except StoreUnavailable as err:
            return c.message_box(unavailable(err.message)), None
        except ValueError as err:
            return c.message_box(failed(str(err))), None
        cards = c.kpi_cards(overview.kpis(facts))
        if compare:  # the headline figures are of the base filters: said, never silently
            cards = html.Div([html.P(base_only("these figures are"), className="small text-muted mb-1"), cards])
        return cards, c.warnings_card(overview.date_warnings(facts, filters))


# --- articles ---------------------------------------------------------------------------


def _articles(app: dash.Dash, data: Data) -> None:
    @app.callback(
        Output(ids.GRID, "getRowsResponse"),
        Output(ids.GRID_STATUS, "children"),
        Input(ids.GRID, "getRowsRequest"),
        State(ids.FILTERS_KEY, "data"),
        State(ids.GRID_SEARCH, "value"),
        State(ids.COMPARE_KEY, "data"),
    )
    def rows(request, key, words, compare):
        # Until the filters are known the request waits: setting them purges the grid's
        # cache, and the grid asks again (a request answered early would list every article).
        if not request or key is None:
            return no_update, no_update
        try:
            filters = charts.filters_of_key(key)
        except ValueError as err:
            return {"rowData": [], "rowCount": 0}, str(err)
        answer = grid.rows_response(data, filters, request, words)
        return answer.response, f"{answer.status} {base_only('this table is')}" if compare else answer.status

    @app.callback(
        Output(ids.GRID, "columnDefs"),
        Input(ids.FILTERS_KEY, "data"),
        State(ids.GRID, "columnDefs"),
    )
    def match_column(key, shown):
        if key is None:
            return no_update
        wanted = c.grid_columns(grid.has_query(key))
        return no_update if wanted == shown else wanted

    # A change of the filters or the search words: the grid asks for its rows again.
    app.clientside_callback(
        """
        function(key, words) {
            try {
                const api = dash_ag_grid.getApi(GRID_ID);
                if (api) { api.purgeInfiniteCache(); }
            } catch (e) { /* the grid is not mounted yet: it will ask by itself */ }
            return window.dash_clientside.no_update;
        }
        """.replace("GRID_ID", json.dumps(ids.GRID)),
        Output(ids.GRID_REFRESH, "data"),
        Input(ids.FILTERS_KEY, "data"),
        Input(ids.GRID_SEARCH, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.GRID_EXPORT, "href"),
        Input(ids.FILTERS_KEY, "data"),
        Input(ids.GRID_SEARCH, "value"),
        Input(ids.GRID, "filterModel"),
    )
    def export_link(key, words, filter_model):
        return grid.export_link(key, words, filter_model)

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.GRID, "cellClicked"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def open_article(cell, search):
        article = (cell or {}).get("rowId")
        if not isinstance(article, str) or not urlstate.ARTICLE_ID.fullmatch(article):
            return no_update
        try:
            return urlstate.with_article(search, article)
        except urlstate.UrlError:
            return no_update

    @app.callback(
        Output(ids.ARTICLE_MODAL, "is_open"),
        Output(ids.ARTICLE_TITLE, "children"),
        Output(ids.ARTICLE_BODY, "children"),
        Input(ids.URL, "search"),
    )
    def show_article(search):
        try:
            state = urlstate.parse(search)
        except urlstate.UrlError:
            return False, no_update, no_update
        article = state.article
        if article is None:
            return False, no_update, no_update
        try:
            view = grid.article_view(data, article, state.filters.q)
            others = reuse.also_published(data, article) if view is not None else ()
            other = reuse.beside(others, state.beside)
            comparison = reuse.compared(data, article, other) if other else None
        except QueryTimeout as err:
            return True, "Article", c.message_box(timed_out(str(err)))
        except StoreUnavailable as err:
            return True, "Article", c.message_box(unavailable(err.message))
        if view is None:
            return True, "Article not found", html.P(f"No article with the id {article} is stored.")
        unmatched = state.beside if state.beside not in (None, other) else None
        return True, view.heading, c.article_detail(view, others, comparison, unmatched=unmatched)

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.ARTICLE_MODAL, "is_open"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def close_article(is_open, search):
        if is_open:
            return no_update
        try:
            view = urlstate.parse(search)
        except urlstate.UrlError:
            return no_update
        return no_update if view.article is None else urlstate.with_article(search, None)


# --- text reuse -------------------------------------------------------------------------


def _reuse(app: dash.Dash, data: Data) -> None:
    """The Reuse page's notice when the store has no reuse tables, and the article view's choice among
    the articles sharing its text, written to the URL (`beside`): show_article draws the two texts."""

    @app.callback(Output(ids.REUSE_NOTICE, "children"), Input(ids.FILTERS_KEY, "data"))
    def notice(key):
        if key is None:
            return no_update
        try:
            message = reuse.missing(data)
        except (QueryTimeout, StoreUnavailable):  # the charts say what is wrong
            return None
        return None if message is None else c.message_box(message)

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.REUSE_CHOICE, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def choose_beside(chosen, search):
        try:
            view = urlstate.parse(search)
            return no_update if chosen == view.beside or view.article is None else urlstate.with_beside(search, chosen)
        except urlstate.UrlError:
            return no_update

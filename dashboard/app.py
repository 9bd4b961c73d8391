"""The Dash app: `create_app(store)` builds it, `serve(...)` runs it (the CLI's
`media-analytics dashboard`)."""

from __future__ import annotations

import logging
import pathlib

import dash
from dash.exceptions import DependencyException
from flask import Response, request, stream_with_context

from analytics.present.figures import load_plotly
from analytics.present.reports import article_credit_csv
from analytics.queries.search import prepare
from analytics.settings import Settings
from analytics.store.store import Store
from dashboard import callbacks, components
from dashboard.logic import filterbar, grid, urlstate
from dashboard.logic.data import Data, StoreUnavailable
from dashboard.logic.filterbar import FilterOptions, filter_options, known_choices
from dashboard.logic.messages import no_store

HERE = pathlib.Path(__file__).resolve().parent
TITLE = components.TITLE
INDEX_ENDPOINTS = ("/", "/<path:path>")  # Dash's index and catch-all routes (the page itself)
log = logging.getLogger(__name__)

INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def create_app(
    store: Store | pathlib.Path | str, *, time_limit: float | None = None, timeline_min_articles: int | None = None
) -> dash.Dash:
    """The dashboard over one store: a path (opened read-only for each request) or an open
    `Store` (its connection is used, never closed). `time_limit`: seconds per query
    (None: the `query_time_limit` setting); `timeline_min_articles`: articles a period needs
    for a timeline to draw its shares (None: the `timeline_min_articles` setting)."""
    if time_limit is None or timeline_min_articles is None:
        settings = Settings.resolve()
        time_limit = settings.query_time_limit if time_limit is None else time_limit
        if timeline_min_articles is None:
            timeline_min_articles = settings.timeline_min_articles
    data = Data(store, time_limit=time_limit, timeline_min_articles=timeline_min_articles, compact=True)
    app = dash.Dash(
        "dashboard",
        title=TITLE,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        suppress_callback_exceptions=True,
        update_title=None,  # type: ignore[arg-type]  # None: no "Updating..." title (Dash docs)
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX_STRING

    def options() -> FilterOptions:
        try:  # on the store itself: the first page is served before a compact copy is made
            return data.get(
                ("filter options",),
                lambda s: filter_options(s, time_limit=data.time_limit, known=lambda f: known_choices(data, f)),
            )
        except Exception:  # the bar still works with what the URL names; the charts say what is wrong
            log.exception("the filter options could not be computed")
            return FilterOptions()

    def layout():
        status = data.status()
        if not status.ok:
            return components.no_store_page(no_store(status.kind, status.message))
        return components.shell(options(), data.path.name)

    app.layout = layout
    callbacks.register(app, data)
    load_plotly()
    _articles_csv(app, data)
    _guard_requests(app, filterbar.resolver(data))
    app.dashboard_data = data  # type: ignore[attr-defined]  # for tests and notebooks: the store and cache behind the app
    return app


def _articles_csv(app: dash.Dash, data: Data) -> None:
    """The Articles page's CSV (`grid.export_link`), streamed in batches (`reports.article_credit_csv`)."""

    @app.server.route(grid.EXPORT_PATH)
    def articles_csv() -> Response:
        try:
            filters, where = grid.export_selection(request.query_string.decode("utf-8", "replace"))
            with data.opened() as store:  # a text query's matches, or why there are none (no search index)
                prepare(store, where.text)
        except ValueError as err:  # (a UserError is a ValueError)
            return Response(f"This export cannot be made: {err}", status=400, mimetype="text/plain")
        except StoreUnavailable as err:
            return Response(err.message, status=503, mimetype="text/plain")

        def chunks():
            with data.opened() as store:  # (article_credit_csv prepares the matches again: the store may be another)
                yield from article_credit_csv(store, filters, where)

        return Response(
            stream_with_context(chunks()),
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="articles.csv"'},
        )


def _guard_requests(app: dash.Dash, resolve: filterbar.Resolver) -> None:
    """Give a page request for an unknown page 404 and one with unusable filters 400 (the
    page still loads and says why), its values matched against the store first as the page
    matches them (`resolve`: `agencies=KCNA` is usable); a request for a file Dash does not
    serve (`/_dash-component-suites/dash/../../etc/passwd`) 404, where Dash raises and would
    answer 500 with a traceback in the log; keep responses from being sniffed or cached."""
    server = app.server

    @server.errorhandler(DependencyException)
    def not_a_dash_file(_: DependencyException) -> Response:
        return Response("Not found", status=404, mimetype="text/plain")

    @server.after_request
    def status(response: Response) -> Response:
        if request.endpoint in INDEX_ENDPOINTS and request.method == "GET" and response.status_code == 200:
            query = filterbar.resolved_query(request.query_string.decode("utf-8", "replace"), resolve)
            problem = urlstate.request_problem(request.path, query)
            if problem is not None:
                response.status_code = problem[0]
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def serve(
    *, store: pathlib.Path, host: str, port: int, time_limit: float, timeline_min_articles: int, debug: bool = False
) -> None:
    """Serve the dashboard (blocking), `time_limit` seconds per query, shares of timeline periods with
    fewer than `timeline_min_articles` articles not drawn; Dash debug off unless asked."""
    create_app(store, time_limit=time_limit, timeline_min_articles=timeline_min_articles).run(
        host=host, port=port, debug=debug
    )


__all__ = ["StoreUnavailable", "create_app", "serve"]

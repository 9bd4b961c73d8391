"""The Plotly Dash dashboard: it presents what `analytics` computes, and never computes on its own.

From the command line (binds 127.0.0.1 and runs without Dash debug mode unless told):

    media-analytics dashboard --store data/store/media.duckdb [--host 127.0.0.1] [--port 8050] [--debug] \
                              [--query-time-limit SECONDS]

From a notebook, without leaving Jupyter:

    from dashboard import create_app
    app = create_app("data/store/media.duckdb")   # a path, or an open analytics.store.store.Store
    app.run(jupyter_mode="tab")                    # a JupyterLab tab; "inline" shows it in the cell

Pages (Dash Pages, one module each in `dashboard/pages`): `/` overview, `/attribution`,
`/tags`, `/timeline`, `/reuse` (text reuse), `/articles` (an article with the articles sharing its text). One filter bar serves them all; its state is the
URL's query string (`analytics.queries.filters.Filters.to_query_string`), so a copied link
reopens the same view and back/forward step through filter changes. Clicking a bar,
point or heatmap cell opens the Articles page filtered to it; every chart has a
"Download CSV" of exactly what it shows, in the report's columns.

At scale (benchmarks/RESULTS.md: a million articles): the app opens the store read-only
and closes it two seconds after the last request, so an ingest can write between bursts of
requests; it answers the charts from a compact in-memory copy of the columns the analyses
read (`analytics.queries.compact`, about 300 MB for a million articles), made in the
background after the first page, and caches every result by filters and store version.

Layout:
- `app`             create_app(store) and serve(...)
- `pages/`          one layout per page
- `components`      the shell, the filter bar, chart cards, the article view
- `callbacks`       every callback, registered per app, each a thin wrapper of a logic function
- `logic/`          the callbacks' logic as plain functions (see its docstring)
- `assets/`         Bootstrap 5.3.8 (MIT; served locally, the app needs no network) and the app's CSS
"""

from dashboard.app import create_app, serve

__all__ = ["create_app", "serve"]

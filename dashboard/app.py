"""The Dash app. Until the dashboard pages land, it shows what the store holds."""
from __future__ import annotations

import pathlib

import dash
from dash import html

from analytics.store import Store, StoreError

TITLE = "media-analytics"
INGEST_HINT = "media-analytics ingest --manifest data/manifests/sample.toml"


def create_app(store: pathlib.Path | str) -> dash.Dash:
    app = dash.Dash(__name__, title=TITLE)
    app.layout = lambda: _layout(pathlib.Path(store))
    return app


def _layout(store: pathlib.Path) -> html.Div:
    try:
        with Store.open(store, read_only=True) as opened:
            facts = opened.info()
    except StoreError as problem:
        return html.Div([html.H1(TITLE), html.P(str(problem)), html.P(["Ingest articles with ", html.Code(INGEST_HINT)])])
    if not facts["articles"]:
        return html.Div([html.H1(TITLE), html.P(f"The store {store} holds no articles yet."),
                         html.P(["Ingest articles with ", html.Code(INGEST_HINT)])])
    rows = [
        ("Articles", f"{facts['articles']:,}"),
        ("Outlets", f"{facts['outlets']:,}"),
        ("Published", f"{facts['first_published'] or '?'} … {facts['last_published'] or '?'}"),
        ("Quarantined records", f"{facts['quarantined']:,}"),
    ]
    return html.Div(
        [
            html.H1(TITLE),
            html.Table([html.Tr([html.Th(label), html.Td(value)]) for label, value in rows]),
            html.H2("Top outlets"),
            html.Ul([html.Li(f"{name}: {count:,}") for name, count in facts["top_outlets"].items()]),
        ]
    )


def serve(*, store: pathlib.Path, host: str, port: int, debug: bool = False) -> None:
    create_app(store).run(host=host, port=port, debug=debug)

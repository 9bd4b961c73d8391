"""The page for an unknown address (the server also answers it with status 404)."""

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", name="Not found", title="Not found · media-analytics")


def layout(**_query):
    """The page shown for an address that is no page, with a link to the overview."""
    return html.Div(
        [
            html.H1("404: there is no such page", className="h4 mt-4"),
            html.P("The dashboard has these pages: Overview, Attribution, Tags, Timeline, Reuse and Articles."),
            dcc.Link("Go to the overview", href="/"),
        ],
        id="not-found",
    )

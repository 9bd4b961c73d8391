"""Text reuse: the stories articles share, who copies whom, agency copy left uncredited."""

import dash
from dash import html

from dashboard import components as c
from dashboard import ids

dash.register_page(__name__, path="/reuse", name="Reuse", title="Text reuse · media-analytics", order=4)


def layout(**query):
    """The reuse page: stories per outlet and per period, syndication lag, outlet x story origin, uncredited agency copy,
    the largest stories; a notice instead when the store has no reuse tables."""
    return html.Div(
        [
            c.page_header(
                "Text reuse",
                "Articles sharing passages of text: a story is the articles linked by one holding at least the "
                "story threshold of its text in another; its origin is its earliest agency story, else its "
                "earliest article. Click an outlet's bar or a period to list its articles, a cell to list the outlet's "
                "copies it counts, a story to read it.",
            ),
            html.Div(id=ids.REUSE_NOTICE),
            c.chart_row("reuse_stories", "syndication_lag", widths=(7, 5), query=query),
            c.chart_row("reuse_periods", query=query),
            c.chart_row("reuse_matrix", query=query),
            c.chart_row("uncredited_copy", query=query),
            c.chart_row("largest_stories", query=query),
        ]
    )

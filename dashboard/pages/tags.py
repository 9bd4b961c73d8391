"""Tags: the most frequent tags, their timelines, pairs and risers."""

import dash
from dash import html

from dashboard import components as c

dash.register_page(__name__, path="/tags", name="Tags", title="Tags · media-analytics", order=2)


def layout(**query):
    """The tags page: frequencies, rising tags, tags over time and tags seen together."""
    return html.Div(
        [
            c.page_header(
                "Tags",
                "Editor tags, places, sections and machine keywords, kept apart by kind. "
                "Click a bar to list its articles.",
            ),
            c.chart_row("tag_frequencies", "rising_tags", query=query),
            c.chart_row("tag_timeline", query=query),
            c.chart_row("tag_cooccurrence", query=query),
        ]
    )

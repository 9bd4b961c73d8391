"""Attribution: which agencies the articles credit, in which roles, where and when."""

import dash
from dash import html

from dashboard import components as c

dash.register_page(__name__, path="/attribution", name="Attribution", title="Attribution · media-analytics", order=1)


def layout(**query):
    """The attribution page: agencies by role and over time, state media, outlets by agency, wire copy."""
    return html.Div(
        [
            c.page_header(
                "Source attribution",
                "Counts are of articles: an article crediting two agencies counts for both. "
                "Click a bar or a cell to list its articles.",
            ),
            c.chart_row("agency_role", "state_media", widths=(8, 4), query=query),
            c.chart_row("agency_timeline", query=query),
            c.chart_row("outlet_agency", "wire_copy", widths=(7, 5), query=query),
        ]
    )

"""Timeline: publications over time, and how long after the event they appear."""

import dash
from dash import html

from dashboard import components as c

dash.register_page(__name__, path="/timeline", name="Timeline", title="Timeline · media-analytics", order=3)


def layout(**query):
    """The timeline page: publications per period and the lag between an event and its report."""
    return html.Div(
        [
            c.page_header(
                "Timeline",
                "Periods are local publication dates (the wall time in the article's own zone). "
                "Click a point to list that period's articles.",
            ),
            c.chart_row("publications", query=query),
            c.chart_row("event_lag", query=query),
        ]
    )

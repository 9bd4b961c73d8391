"""Overview: the selected articles at a glance, top agencies and tags, date quality."""

import dash
from dash import html

from dashboard import components as c
from dashboard import ids

dash.register_page(__name__, path="/", name="Overview", title="Overview · media-analytics", order=0)


def layout(**query):
    """The overview page: key figures, warnings, top agencies and tags, metrics and date quality."""
    return html.Div(
        [
            c.page_header(
                "Overview", "The articles the filters select: how many, from where and when, who they credit."
            ),
            html.Div(id=ids.OVERVIEW_KPIS),
            html.Div(id=ids.OVERVIEW_WARNINGS),
            c.chart_row("top_agencies", "top_tags", query=query),
            c.chart_row("overview_metrics", "date_quality", query=query),
        ]
    )

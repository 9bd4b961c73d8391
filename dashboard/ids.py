"""Component ids shared by the layout, the pages and the callbacks."""

from __future__ import annotations

URL = "url"  # the address bar: filters and page state (refresh=False: writing it adds a history entry)
NAV = "nav"  # a second location that navigates (drill-down to another page)
FILTERS_KEY = "filters-key"  # the canonical filters the charts listen to
FILTER_ALERT = "filter-alert"
PAGE_BODY = "page-body"
APPLIED_FILTERS = "applied-filters"  # the line over every page naming the filters applied
RESET = "filters-reset"
COMPARE_KEY = "compare-key"  # the compared named queries' specs (the charts listen to them too)
COMPARE_NAME = "compare-name"  # the Compare box: a name, a query, Add, the list of the compared queries
COMPARE_QUERY = "compare-query"
COMPARE_ADD = "compare-add"
COMPARE_LIST = "compare-list"
COMPARE_REMOVE = "compare-remove"  # the type of a compared query's remove button: {"type": ..., "index": i}
COMPARED = "compared"  # the line under the applied filters naming the compared queries

# filter controls: field -> (component id, property)
CONTROLS = {
    "start": ("f-dates", "start_date"),
    "end": ("f-dates", "end_date"),
    "outlets": ("f-outlets", "value"),
    "agencies": ("f-agencies", "value"),
    "roles": ("f-roles", "value"),
    "tags": ("f-tags", "value"),
    "languages": ("f-languages", "value"),
    "outlet_kind": ("f-outlet-kind", "value"),
    "copy_of": ("f-copy-of", "value"),
    "wire_copy_only": ("f-wire", "value"),
    "q": ("f-q", "value"),  # the text query: its value is set on Enter or when the box loses focus
}

OVERVIEW_KPIS = "overview-kpis"
OVERVIEW_WARNINGS = "overview-warnings"

GRID = "articles-grid"
GRID_SEARCH = "articles-search"
GRID_STATUS = "articles-status"
GRID_REFRESH = "articles-grid-refresh"
GRID_EXPORT = "articles-export"  # the link to the CSV of what the table shows
ARTICLE_MODAL = "article-modal"
ARTICLE_TITLE = "article-title"
ARTICLE_BODY = "article-body"
REUSE_CHOICE = "reuse-choice"  # the article view's "also published as": the article compared with the one shown
REUSE_COMPARISON = "reuse-comparison"  # both texts, the passages they share marked
REUSE_NOTICE = "reuse-notice"  # the Reuse page's notice when the store has no reuse tables


def nav_link(path: str) -> str:
    """The id of the navigation link to the page at `path`."""
    return "nav-" + (path.strip("/") or "overview")


def graph(chart: str) -> str:
    """The id of a chart's graph."""
    return f"{chart}-graph"


def message(chart: str) -> str:
    """The id of the box where a chart's message (no data, an error, a timeout) is shown."""
    return f"{chart}-message"


def download_button(chart: str) -> str:
    """The id of the button that downloads a chart's data."""
    return f"{chart}-download-button"


def download(chart: str) -> str:
    """The id of the download component that sends a chart's data."""
    return f"{chart}-download"


def option(chart: str, name: str) -> dict[str, str]:
    """The pattern-matching id of one of a chart's option controls (such as the tags to plot)."""
    return {"type": "chart-option", "chart": chart, "option": name}

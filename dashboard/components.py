"""Layout pieces: the shell (navigation, filter bar, page container), chart cards,
messages, the article view. Everything from the store or an article is passed as
component children or option labels, which Dash renders as text, never as HTML.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from analytics.queries.compare import MAX_QUERIES
from dashboard import ids
from dashboard.logic import urlstate
from dashboard.logic.charts import CHARTS, Chart, Option, option_from_url
from dashboard.logic.data import INGEST_HINT
from dashboard.logic.filterbar import FilterOptions, date_presets, dropdown_options
from dashboard.logic.grid import ArticleView
from dashboard.logic.highlight import Piece
from dashboard.logic.messages import Message
from dashboard.logic.overview import Kpi
from dashboard.logic.reuse import Comparison, Other

TITLE = "media-analytics"
QUERY_HELP = 'Enter applies. korea nuclear · "a phrase" · kim OR moon · -sport · title:summit · nucle*'
COMPARE_HELP = (
    "Each a query within the filters (rudal), or filters after ? (?agencies=kcna): one line or bar per query."
)
GRAPH_CONFIG: dcc.Graph.Config = {
    "displaylogo": False,
    "responsive": True,
    "displayModeBar": False,  # drag to zoom, double-click to reset; no toolbar over the legend
}


# --- the shell --------------------------------------------------------------------------


def shell(options: FilterOptions, store_name: str) -> html.Div:
    """The layout around every page: the URL and filters state, the navigation bar, the filter
    bar and the page container."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Location(id=ids.NAV, refresh="callback-nav"),
            dcc.Store(id=ids.FILTERS_KEY),
            dcc.Store(id=ids.COMPARE_KEY),
            navbar(store_name),
            dbc.Container(
                fluid=True,
                className="app-body",
                children=dbc.Row(
                    [
                        dbc.Col(filter_bar(options), lg=3, xxl=2, className="sidebar"),
                        dbc.Col(
                            [
                                dbc.Alert(id=ids.FILTER_ALERT, color="danger", is_open=False, className="mt-3"),
                                html.Div(id=ids.APPLIED_FILTERS, className="applied-filters small text-muted mt-2"),
                                html.Div(id=ids.COMPARED, className="applied-filters small text-muted"),
                                html.Div(dash.page_container, id=ids.PAGE_BODY),
                            ],
                            lg=9,
                            xxl=10,
                            className="main",
                        ),
                    ]
                ),
            ),
        ]
    )


def navbar(store_name: str) -> dbc.Navbar:
    """The navigation bar: a link per page and the name of the store read."""
    links = [
        dbc.NavItem(dbc.NavLink(label, href=path, id=ids.nav_link(path), className="px-3"))
        for path, (label, _) in urlstate.PAGES.items()
    ]
    return dbc.Navbar(
        dbc.Container(
            fluid=True,
            children=[
                dbc.NavbarBrand(TITLE, href="/", className="fw-semibold"),
                dbc.Nav(links, navbar=True, className="me-auto"),
                html.Span(["store: ", html.Code(store_name, className="text-light")], className="navbar-text small"),
            ],
        ),
        color="dark",
        dark=True,
        className="mb-0 py-2",
    )


def filter_bar(options: FilterOptions) -> html.Div:
    """The sidebar: the date range, a dropdown per field (its choices from `options`), the
    wire-copy switch and Reset."""

    def dropdown(field: str, pairs, placeholder: str) -> html.Div:
        control_id, _ = ids.CONTROLS[field]
        return html.Div(
            [
                dbc.Label(field.replace("_", " ").capitalize(), html_for=control_id, className="filter-label"),
                dcc.Dropdown(
                    id=control_id,
                    options=dropdown_options(pairs),
                    multi=True,
                    placeholder=placeholder,
                    optionHeight=32,
                    maxHeight=320,
                ),
            ],
            className="mb-3",
        )

    dates_id, _ = ids.CONTROLS["start"]
    first, last = options.first_date, options.last_date
    return html.Div(
        [
            html.Div(
                [
                    html.H2("Filters", className="h6 mb-0"),
                    dbc.Button("Reset", id=ids.RESET, color="link", size="sm", className="p-0"),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            query_box(),
            html.Div(
                [
                    dbc.Label("Published (local date)", html_for=dates_id, className="filter-label"),
                    dcc.DatePickerRange(
                        id=dates_id,
                        display_format="YYYY-MM-DD",
                        clearable=True,
                        start_date_placeholder_text="From",
                        end_date_placeholder_text="To",
                        initial_visible_month=last.replace(day=1).isoformat() if last else None,
                        number_of_months_shown=1,
                        min_date_allowed=None,
                        max_date_allowed=None,
                        className="w-100",
                    ),
                    html.Div(
                        f"Dated articles: {first.isoformat()} – {last.isoformat()}" if first and last else "",
                        className="form-text",
                    ),
                    date_preset_buttons(options),
                ],
                className="mb-3",
            ),
            dropdown("outlets", options.outlets, "All outlets"),
            dropdown("agencies", options.agencies, "All agencies"),
            dropdown("roles", options.roles, "All roles"),
            dropdown("tags", options.tags, "All tags"),
            dropdown("languages", options.languages, "All languages"),
            dropdown("outlet_kind", options.outlet_kinds, "All kinds; wire figures leave out agencies' own feeds"),
            dropdown("copy_of", options.copy_of, "Any article; or copies of a story's origin (text reuse)"),
            dbc.Switch(id=ids.CONTROLS["wire_copy_only"][0], label="Wire copy only", value=False, className="mb-3"),
            compare_box(),
            html.P("The filters are in the address bar: copy it to share this view.", className="form-text"),
        ],
        className="filter-bar",
    )


def query_box() -> html.Div:
    """The text query: applied on Enter or when the box loses focus (its value is set only then)."""
    control_id, _ = ids.CONTROLS["q"]
    return html.Div(
        [
            dbc.Label("Text", html_for=control_id, className="filter-label"),
            dbc.Input(
                id=control_id,
                type="search",
                value="",
                placeholder="Words in the articles",
                debounce=True,
                autoComplete="off",
            ),
            html.Div(QUERY_HELP, className="form-text"),
        ],
        className="mb-3",
    )


def compare_box() -> html.Div:
    """Compare: a name and a query (or filters in URL form after `?`) added to the queries compared
    side by side, and the list of those compared, each with a remove button."""
    return html.Div(
        [
            dbc.Label(f"Compare (up to {MAX_QUERIES})", html_for=ids.COMPARE_NAME, className="filter-label"),
            dbc.InputGroup(
                [
                    dbc.Input(id=ids.COMPARE_NAME, placeholder="Name", autoComplete="off", style={"maxWidth": "35%"}),
                    dbc.Input(id=ids.COMPARE_QUERY, placeholder="Query", autoComplete="off"),
                    dbc.Button("Add", id=ids.COMPARE_ADD, color="secondary", outline=True),
                ],
                size="sm",
            ),
            html.Div(COMPARE_HELP, className="form-text"),
            html.Div(id=ids.COMPARE_LIST, className="mt-1"),
        ],
        className="mb-3",
    )


def compared_list(specs: list[str] | tuple[str, ...]) -> list[html.Div]:
    """The compared queries (their specs), each with a remove button."""
    return [
        html.Div(
            [
                html.Span(spec, className="text-truncate small", title=spec),
                dbc.Button(
                    "×",
                    id={"type": ids.COMPARE_REMOVE, "index": index},
                    color="link",
                    size="sm",
                    className="p-0 ms-2",
                    title=f"Stop comparing {spec}",
                ),
            ],
            className="d-flex justify-content-between align-items-center compared-query",
        )
        for index, spec in enumerate(specs)
    ]


def date_preset_buttons(options: FilterOptions) -> html.Div:
    """A button per date preset (`filterbar.date_presets`): the last days of the data, each year."""
    return html.Div(
        [
            dbc.Button(
                preset.label,
                id=preset.control_id(),
                color="light",
                size="sm",
                className="date-preset",
                title=f"{preset.start.isoformat()} – {preset.end.isoformat()}",
            )
            for preset in date_presets(options)
        ],
        className="date-presets",
    )


def no_store_page(message: Message) -> html.Div:
    """The whole app when the store is missing, empty or unreadable: what to do about it."""
    return html.Div(
        [
            navbar_plain(),
            dbc.Container(
                className="py-5",
                style={"maxWidth": "760px"},
                children=[
                    html.H1(message.title, className="h3 mb-3"),
                    html.P(message.text.split(" Ingest")[0] if message.kind in ("missing", "empty") else message.text),
                    html.P("Ingest articles into the store first, for example the bundled sample:"),
                    html.Pre(INGEST_HINT, className="command"),
                    html.P(
                        [
                            "Then reload this page. ",
                            html.Code("media-analytics dashboard --store PATH"),
                            " serves another store.",
                        ],
                        className="text-muted",
                    ),
                ],
            ),
        ],
        id="no-store",
    )


def navbar_plain() -> dbc.Navbar:
    """The navigation bar with neither links nor store, for the no-store page."""
    return dbc.Navbar(dbc.Container(dbc.NavbarBrand(TITLE)), color="dark", dark=True, className="py-2")


# --- pages ------------------------------------------------------------------------------


def page_header(title: str, text: str) -> html.Div:
    """A page's title and the line of text under it."""
    return html.Div(
        [html.H1(title, className="h4 mb-1"), html.P(text, className="text-muted mb-3")], className="page-header"
    )


def chart_row(*names: str, query: dict[str, Any], widths: tuple[int, ...] | None = None) -> dbc.Row:
    """A row of the named charts' cards, their options as the page's `query` sets them; `widths`
    in columns of 12 (default: equal widths)."""
    widths = widths or tuple(12 // len(names) for _ in names)
    return dbc.Row(
        [
            dbc.Col(chart_card(CHARTS[name], query=query), xl=width, className="mb-4")
            for name, width in zip(names, widths)
        ]
    )


def chart_card(chart: Chart, *, query: dict[str, Any]) -> dbc.Card:
    """A chart's card: title, help line, Download CSV, option controls, and the graph (hidden until
    drawn) with the place of its message."""
    return dbc.Card(
        [
            dbc.CardHeader(
                html.Div(
                    [
                        html.Div(
                            [html.H2(chart.title, className="h6 mb-0"), html.Div(chart.help, className="chart-help")]
                        ),
                        html.Div(
                            [
                                dbc.Button(
                                    "Download CSV",
                                    id=ids.download_button(chart.name),
                                    color="secondary",
                                    outline=True,
                                    size="sm",
                                    className="text-nowrap",
                                ),
                                dcc.Download(id=ids.download(chart.name)),
                            ]
                        ),
                    ],
                    className="d-flex justify-content-between align-items-start gap-3",
                )
            ),
            dbc.CardBody(
                [
                    html.Div(
                        [
                            option_control(chart, option, option_from_url(chart, option, query))
                            for option in chart.options
                        ],
                        className="chart-options",
                    ),
                    dcc.Loading(
                        type="default",
                        delay_show=150,
                        children=html.Div(
                            [
                                html.Div(id=ids.message(chart.name)),
                                dcc.Graph(
                                    id=ids.graph(chart.name),
                                    config=GRAPH_CONFIG,
                                    style={"display": "none"},
                                    className="chart-graph",
                                ),
                            ],
                            className="chart-area",
                        ),
                    ),
                ]
            ),
        ],
        className="chart-card h-100",
        id=f"{chart.name}-card",
    )


def option_control(chart: Chart, option: Option, value: Any):
    """The control of one chart option set to `value`: a tag dropdown (its choices set by a callback,
    the chosen ones offered from the start) or toggle buttons."""
    if option.kind == "tags":
        return html.Div(
            dcc.Dropdown(
                id=ids.option(chart.name, option.name),
                options=[{"label": tag, "value": tag} for tag in value],
                multi=True,
                placeholder="Choose tags (default: the top 5)",
                value=value,
            ),
            className="option-tags",
        )
    return dbc.RadioItems(
        id=ids.option(chart.name, option.name),
        options=[{"label": label, "value": value} for value, label in option.choices],
        value=value,
        inline=True,
        className="btn-group btn-group-sm option-group",
        input_class_name="btn-check",
        label_class_name="btn btn-outline-secondary",
        label_checked_class_name="active",
    )


def message_box(message: Message) -> dbc.Alert | html.Div:
    """A message in place of a chart: a quiet note for an empty result, else an alert in its colour."""
    if message.kind == "empty":
        return html.Div(
            [html.Div(message.title, className="fw-semibold"), html.Div(message.text, className="small")],
            className="empty-state",
        )
    return dbc.Alert(
        [html.Div(message.title, className="fw-semibold"), html.Div(message.text, className="small")],
        color=message.colour,
        className=f"chart-message message-{message.kind} mb-0",
    )


def kpi_cards(kpis: list[Kpi]) -> dbc.Row:
    """The Overview's headline figures, one card each."""
    return dbc.Row(
        [
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(kpi.label, className="kpi-label"),
                            html.Div(kpi.value, className="kpi-value"),
                            html.Div(kpi.detail, className="kpi-detail"),
                        ]
                    )
                ),
                md=6,
                xl=3,
                className="mb-3",
            )
            for kpi in kpis
        ]
    )


def warnings_card(notes: list[str]) -> dbc.Card:
    """The Overview's date-quality notes, in a card."""
    return dbc.Card(
        [
            dbc.CardHeader(html.H2("Date quality", className="h6 mb-0")),
            dbc.CardBody(html.Ul([html.Li(note) for note in notes], className="mb-0 date-warnings")),
        ],
        className="mb-4",
    )


# --- articles ---------------------------------------------------------------------------

TEXT_FILTER = {
    "filter": "agTextColumnFilter",
    "filterParams": {
        "filterOptions": [
            "contains",
            "notContains",
            "equals",
            "notEqual",
            "startsWith",
            "endsWith",
            "blank",
            "notBlank",
        ],
        "maxNumConditions": 2,
        "debounceMs": 400,
        "buttons": ["reset"],
    },
}
# Widths: the columns share the table's width (flex) down to their minimum widths, whose sum fits the
# table at 1,440 px wide, so there is no horizontal scroll; a long value is cut, its tooltip whole.
COLUMN_DEFS = [
    {
        "field": "published",
        "headerName": "Published (local)",
        "width": 215,
        "tooltipField": "published",
        "filter": "agDateColumnFilter",
        "filterParams": {
            "filterOptions": ["equals", "lessThan", "greaterThan", "inRange", "blank", "notBlank"],
            "maxNumConditions": 1,
            "buttons": ["reset"],
        },
    },
    {"field": "outlet", "headerName": "Outlet", "flex": 1, "minWidth": 100, "tooltipField": "outlet", **TEXT_FILTER},
    {
        "field": "title",
        "headerName": "Title (untitled: the text's first words)",
        "flex": 3,
        "minWidth": 220,
        "tooltipField": "title",
        "cellClassRules": {"untitled": "params.data && params.data.untitled"},
        **TEXT_FILTER,
    },
    {
        "field": "credits",
        "headerName": "Credits (agency: role)",
        "flex": 1.5,
        "minWidth": 140,
        "sortable": False,
        "tooltipField": "credits",
    },
    {"field": "wire_copy", "headerName": "Wire", "width": 70},
    {"field": "language", "headerName": "Lang", "width": 80, **TEXT_FILTER},
    {"field": "section", "headerName": "Section", "flex": 1, "minWidth": 80, "tooltipField": "section", **TEXT_FILTER},
    {
        "field": "source_ref",
        "headerName": "Source",
        "flex": 1,
        "minWidth": 80,
        "tooltipField": "source_ref",
        **TEXT_FILTER,
    },
]


# Under a text query: the passage where its words are found, marked by the grid's QueryMatch cell
# renderer (assets/query_match.js) from the row's `match_pieces`, as text, never as HTML. It takes
# the place of the Source column (hidden) and of some of the title's width, so the table still fits.
MATCH_COLUMN = {
    "field": "match",
    "headerName": "Text query: where it matches",
    "flex": 3,
    "minWidth": 240,
    "sortable": False,
    "tooltipField": "match",
    "cellRenderer": "QueryMatch",
}
# column -> its changes beside the match column
WITH_MATCH: dict[str, dict[str, Any]] = {"title": {"minWidth": 180}, "source_ref": {"hide": True}}


def grid_columns(with_match: bool) -> list[dict[str, Any]]:
    """The Articles table's columns: under a text query, the match column after the title (WITH_MATCH)."""
    if not with_match:
        return COLUMN_DEFS
    columns = [{**column, **WITH_MATCH.get(str(column["field"]), {})} for column in COLUMN_DEFS]
    at = next(i for i, column in enumerate(columns) if column["field"] == "title") + 1
    return [*columns[:at], MATCH_COLUMN, *columns[at:]]


def articles_grid(*, with_match: bool = False) -> dag.AgGrid:
    """The Articles table: AG Grid's infinite row model, its rows fetched a block at a time
    (`grid.rows_response`); `with_match`: the column of a text query's matches."""
    return dag.AgGrid(
        id=ids.GRID,
        rowModelType="infinite",
        columnDefs=grid_columns(with_match),
        defaultColDef={"sortable": True, "resizable": True, "suppressHeaderMenuButton": False},
        getRowId="params.data.article_id",
        dashGridOptions={
            "cacheBlockSize": 100,
            "maxBlocksInCache": 20,
            "infiniteInitialRowCount": 100,
            "maxConcurrentDatasourceRequests": 2,
            "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
            "tooltipShowDelay": 400,
            "rowHeight": 36,
            "headerHeight": 40,
        },
        style={"height": "640px", "width": "100%"},
        className="ag-theme-quartz articles-grid",
    )


def article_detail(
    view: ArticleView,
    others: tuple[Other, ...] | None = (),
    comparison: Comparison | None = None,
    *,
    unmatched: str | None = None,
) -> html.Div:
    """One article: its sections with the attribution spans highlighted, its details, tags and
    attributions, the articles sharing its text (`others`; None: the store has no reuse tables)
    and its text beside the chosen one's (`comparison`; `unmatched`: an article the URL asked
    for that shares no text with this one)."""
    sections = [
        html.Div(
            [
                html.H3(section.label, className="section-label"),
                html.Div(
                    [piece_component(p) for p in section.pieces], className=f"article-text section-{section.name}"
                ),
            ],
            className="article-section",
        )
        for section in view.sections
    ]
    metadata = html.Dl(
        sum(([html.Dt(label), html.Dd(value)] for label, value in view.metadata), []), className="article-meta"
    )
    attributions = (
        dbc.Table(
            [
                html.Thead(html.Tr([html.Th(h) for h in ("Agency", "Role", "Section", "Evidence", "Confidence")])),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(a["agency"]),
                                html.Td(a["role"]),
                                html.Td(a["section"]),
                                html.Td(a["evidence"], className="evidence"),
                                html.Td(f"{a['confidence']:.2f}"),
                            ]
                        )
                        for a in view.attributions
                    ]
                ),
            ],
            size="sm",
            bordered=False,
            striped=True,
            className="attribution-table",
        )
        if view.attributions
        else html.P("The detector found no agency credited in this article.", className="text-muted")
    )
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(sections, lg=8),
                    dbc.Col(
                        [
                            html.H3("Also published as", className="section-label"),
                            also_published(others, comparison.other.article_id if comparison else None),
                            html.H3("Details", className="section-label"),
                            metadata,
                            html.H3("Tags", className="section-label"),
                            html.Div(
                                [
                                    dbc.Badge(tag, color="light", text_color="dark", className="me-1 mb-1 tag-badge")
                                    for tag in view.tags
                                ]
                                or [html.Span("none", className="text-muted")]
                            ),
                            html.Div(
                                html.A(
                                    "Open the original",
                                    href=view.url,
                                    target="_blank",
                                    rel="noopener noreferrer nofollow",
                                ),
                                className="mt-3",
                            )
                            if view.url
                            else None,
                        ],
                        lg=4,
                    ),
                ]
            ),
            html.H3("Attributions", className="section-label mt-3"),
            attributions,
            html.Div(
                [
                    html.H3("Shared passages", className="section-label mt-3"),
                    html.P(
                        f"The article {unmatched} of the link shares no text with this one.",
                        className="text-muted",
                    )
                    if unmatched
                    else None,
                    html.Div(None if comparison is None else reuse_comparison(comparison), id=ids.REUSE_COMPARISON),
                ]
            )
            if others
            else None,
        ],
        className="article-detail",
    )


def also_published(others: tuple[Other, ...] | None, chosen: str | None = None) -> dcc.RadioItems | html.P:
    """The articles sharing text with the one shown, one to choose (`chosen`, else the first): its text
    is shown beside this one's under "Shared passages", the passages they share marked in both."""
    if others is None:
        return html.P("Not known: this store has no text reuse yet (media-analytics reuse).", className="text-muted")
    if not others:
        return html.P("No other stored article shares text with this one.", className="text-muted")
    return dcc.RadioItems(
        id=ids.REUSE_CHOICE,
        options=[{"label": other_label(other), "value": other.article_id} for other in others],
        value=chosen or others[0].article_id,
        className="reuse-others",
        labelClassName="reuse-other",
        inputClassName="me-2",
    )


def other_label(other: Other) -> html.Span:
    """One article of "also published as": outlet, date and its origin mark; title; how much each holds of the other."""
    return html.Span(
        [
            html.Strong(other.outlet),
            html.Span(f" · {other.published or 'undated'}", className="text-muted"),
            dbc.Badge("story origin", color="secondary", className="ms-2") if other.is_origin else None,
            html.Span(other.title, className="reuse-title", title=other.title),
            html.Span(
                f"{other.containment_this:.0%} of this article is in it · {other.containment_other:.0%} of it in this",
                className="reuse-containment",
            ),
        ]
    )


def reuse_comparison(comparison: Comparison) -> dbc.Row:
    """This article's text and the chosen other's side by side, the passages they share marked in both."""
    other = comparison.other
    sides = (("This article", comparison.this), (f"{other.outlet} · {other.title}", comparison.that))
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.H4(heading, className="section-label"),
                    html.Div([piece_component(p) for p in text], className="article-text reuse-text"),
                ],
                lg=6,
                className="reuse-side",
            )
            for heading, text in sides
        ],
        className="mt-2",
    )


def piece_component(piece: Piece):
    """A piece of article text: a span's label in its colour, text marked by the spans covering it
    ("attr-overlap" when several), or plain text; a word of the text query marked within ("query-match"),
    a passage shared with another article around it ("reuse-shared")."""
    if piece.label_of is not None:
        span = piece.label_of
        return html.Span(
            piece.text,
            className="attr-label",
            style={"backgroundColor": span.colour},
            title=f"{span.agency} · {span.role}",
        )
    text = (
        html.Mark(piece.text, className="query-match", title="a word of the text query")
        if piece.matched
        else piece.text
    )
    if piece.shared:
        text = html.Mark(text, className="reuse-shared", title="a passage both articles share")
    if not piece.spans:
        return text if piece.matched or piece.shared else html.Span(piece.text)
    first = piece.spans[0]
    classes = "attr" + (" attr-overlap" if len(piece.spans) > 1 else "")
    return html.Mark(
        text,
        className=classes,
        title=" + ".join(s.label for s in piece.spans),
        style={"backgroundColor": first.colour + "33", "borderBottomColor": first.colour},
    )

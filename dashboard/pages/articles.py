"""Articles: every selected article in a table sorted, filtered and paged server-side;
a click opens the article with its attribution spans highlighted."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import components as c
from dashboard import ids
from dashboard.logic import grid

dash.register_page(__name__, path="/articles", name="Articles", title="Articles · media-analytics", order=5)


def layout(**query):
    """The articles page: a search box, the server-side grid (with the column of the text query's
    matches when the URL has one), and the modal that shows one article."""
    return html.Div(
        [
            c.page_header("Articles", "Sort and filter with the column headers; click a row to read the article."),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Input(
                            id=ids.GRID_SEARCH,
                            type="search",
                            placeholder="Search titles and text",
                            debounce=0.6,
                            maxLength=300,
                        ),
                        md=6,
                        lg=5,
                    ),
                    dbc.Col(
                        html.Div(id=ids.GRID_STATUS, className="grid-status"), className="d-flex align-items-center"
                    ),
                    dbc.Col(
                        html.A(
                            "Download CSV",
                            id=ids.GRID_EXPORT,
                            href=grid.EXPORT_PATH,
                            download="articles.csv",
                            className="btn btn-outline-secondary btn-sm text-nowrap",
                            title="The selected articles with their outlet, date, URL and credits (roles, evidence)",
                        ),
                        width="auto",
                        className="d-flex align-items-center",
                    ),
                ],
                className="mb-2 g-2",
            ),
            c.articles_grid(with_match=bool(query.get(grid.QUERY_KEY))),
            dcc.Store(id=ids.GRID_REFRESH),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(id=ids.ARTICLE_TITLE)),
                    dbc.ModalBody(dcc.Loading(html.Div(id=ids.ARTICLE_BODY), delay_show=150)),
                ],
                id=ids.ARTICLE_MODAL,
                size="xl",
                scrollable=True,
                is_open=False,
            ),
        ]
    )

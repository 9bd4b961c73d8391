"""The state of a view in its URL: `/<page>?<filters>[&article=<id>]`.

Filters travel as `Filters.to_query_string()` and come back through
`from_query_string`, which rejects anything it cannot use (unknown keys, bad dates,
control characters, too many values): a copied link reopens the same view, and a
malformed one gets a clear message instead of a traceback. The only page state
beside the filters is the article opened on the Articles page.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse

from analytics.queries.filters import FilterError, Filters, from_query_string

# path -> (menu label, page title); the order of the menu
PAGES = {
    "/": ("Overview", "Overview"),
    "/attribution": ("Attribution", "Source attribution"),
    "/tags": ("Tags", "Tags"),
    "/timeline": ("Timeline", "Timeline"),
    "/articles": ("Articles", "Articles"),
}
ARTICLE_KEY = "article"
PAGE_KEYS = (ARTICLE_KEY,)
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")  # analytics.schema: 16 hex digits of sha1


class UrlError(ValueError):
    """A URL whose state cannot be used; the message says which part and why."""


@dataclasses.dataclass(frozen=True)
class View:
    """The state a URL holds: the filters, and the article open on the Articles page (if any)."""

    filters: Filters
    article: str | None = None


def parse(search: str | None) -> View:
    """The filters and page state of a query string (with or without `?`); UrlError if unusable."""
    search = (search or "").removeprefix("?")
    try:
        filters = from_query_string(search, ignore=PAGE_KEYS)
    except FilterError as err:
        raise UrlError(str(err)) from None
    articles = [v for k, v in urllib.parse.parse_qsl(search, keep_blank_values=True) if k == ARTICLE_KEY]
    if len(articles) > 1:
        raise UrlError(f"{ARTICLE_KEY} is given {len(articles)} times in the query string")
    article = articles[0] if articles else None
    if article is not None and not ARTICLE_ID.fullmatch(article):
        raise UrlError(f"{ARTICLE_KEY}: {article[:40]!r} is not an article id (16 hexadecimal digits)")
    return View(filters, article)


def filters_of(search: str | None) -> Filters:
    """The filters of a query string; UrlError if unusable."""
    return parse(search).filters


def search_of(filters: Filters, *, article: str | None = None) -> str:
    """`?<filters>[&article=<id>]`, or "" for no state at all."""
    query = filters.to_query_string()
    if article is not None:
        if not ARTICLE_ID.fullmatch(article):
            raise UrlError(f"{article!r} is not an article id")
        query = "&".join(p for p in (query, urllib.parse.urlencode({ARTICLE_KEY: article})) if p)
    return f"?{query}" if query else ""


def link(path: str, filters: Filters, *, article: str | None = None) -> str:
    """The page at `path` with the filters (and article) in its query string; UrlError for no such page."""
    if path not in PAGES:
        raise UrlError(f"no page at {path!r}")
    return path + search_of(filters, article=article)


def filters_key(filters: Filters) -> str:
    """The canonical text of a set of filters (what the charts listen to)."""
    return filters.to_query_string()


def normal_path(path: str) -> str:
    """A page path as Dash Pages matches it: no trailing slash (but `/` itself)."""
    return "/" + (path or "").strip("/")


def request_problem(path: str, query_string: str) -> tuple[int, str] | None:
    """For a page request: (404, why) for an unknown page, (400, why) for unusable state, else None."""
    path = normal_path(path)
    if path not in PAGES:
        return 404, f"There is no page at {path}."
    try:
        parse(query_string)
    except UrlError as err:
        return 400, str(err)
    return None

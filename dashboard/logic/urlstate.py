"""The state of a view in its URL: `/<page>?<filters>[&<chart>.<option>=<value>][&article=<id>[&beside=<id>]]`.

Filters travel as `Filters.to_query_string()` and come back through
`from_query_string`, which rejects anything it cannot use (unknown keys, bad dates,
control characters, too many values): a copied link reopens the same view, and a
malformed one gets a clear message instead of a traceback. Beside the filters, a URL
holds each chart option that differs from its default (`agency_timeline.freq=week`:
share or articles, day/week/month, the series, the chosen tags; any option a chart
declares, so a new one needs no change here), the named queries compared side by side
(`compare=<NamedQuery.spec>`, repeated, up to analytics.queries.compare.MAX_QUERIES), the
article opened on the Articles page and, among the articles sharing its text, the one whose text
is shown beside it.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from collections.abc import Callable, Iterable

from analytics.queries.compare import parse_compare
from analytics.queries.filters import LIST_FIELDS, FilterError, Filters, from_query_string
from dashboard.logic.resolve import Resolved

# path -> (menu label, page title); the order of the menu
PAGES = {
    "/": ("Overview", "Overview"),
    "/attribution": ("Attribution", "Source attribution"),
    "/tags": ("Tags", "Tags"),
    "/timeline": ("Timeline", "Timeline"),
    "/reuse": ("Reuse", "Text reuse"),
    "/articles": ("Articles", "Articles"),
}
ARTICLE_KEY = "article"
COMPARE_KEY = "compare"  # a named query compared side by side: `compare=<NamedQuery.spec>`, repeated
BESIDE_KEY = "beside"  # the article whose text is shown beside the open one's (text reuse)
PAGE_KEYS = (ARTICLE_KEY, BESIDE_KEY, COMPARE_KEY)
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")  # analytics.schema: 16 hex digits of sha1
OPTION_KEY = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")  # `<chart>.<option>`


class UrlError(ValueError):
    """A URL whose state cannot be used; the message says which part and why."""


@dataclasses.dataclass(frozen=True)
class View:
    """The state a URL holds: the filters, and the article open on the Articles page (if any)."""

    filters: Filters
    article: str | None = None
    options: tuple[tuple[str, str], ...] = ()  # (`<chart>.<option>`, value) pairs, in URL order
    compare: tuple[str, ...] = ()  # the compared named queries' specs (`NamedQuery.spec`), in URL order
    beside: str | None = None  # the article shown beside the open one (only with an article)

    def search(self) -> str:
        """This state as a query string (search_of)."""
        return search_of(
            self.filters, article=self.article, beside=self.beside, options=self.options, compare=self.compare
        )


def option_key(chart: str, option: str) -> str:
    """The URL key of one chart's option: `agency_timeline.freq`."""
    return f"{chart}.{option}"


def parse(search: str | None) -> View:
    """The filters and page state of a query string (with or without `?`); UrlError if unusable."""
    search = (search or "").removeprefix("?")
    pairs = _pairs(search)
    options = tuple((k, v) for k, v in pairs if OPTION_KEY.fullmatch(k))
    try:
        filters = from_query_string(search, ignore={*PAGE_KEYS, *(k for k, _ in options)})
    except FilterError as err:
        raise UrlError(str(err)) from None
    article, beside = (_article_id(pairs, key) for key in (ARTICLE_KEY, BESIDE_KEY))
    if beside is not None and article is None:
        raise UrlError(f"{BESIDE_KEY} names the article shown beside an open one, and no {ARTICLE_KEY} is open")
    return View(filters, article, options, compare_specs([v for k, v in pairs if k == COMPARE_KEY]), beside)


def _article_id(pairs: list[tuple[str, str]], key: str) -> str | None:
    """The one article id given as `key` (None when not given); UrlError when it is given twice or is no id."""
    values = [v for k, v in pairs if k == key]
    if len(values) > 1:
        raise UrlError(f"{key} is given {len(values)} times in the query string")
    if values and not ARTICLE_ID.fullmatch(values[0]):
        raise UrlError(f"{key}: {values[0][:40]!r} is not an article id (16 hexadecimal digits)")
    return values[0] if values else None


def compare_specs(specs: Iterable[str]) -> tuple[str, ...]:
    """The canonical specs of named queries (`parse_compare`); UrlError saying what is wrong."""
    try:
        return tuple(query.spec for query in parse_compare(list(specs)))
    except FilterError as err:
        raise UrlError(str(err)) from None


def _pairs(search: str) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(search, keep_blank_values=True)
    except ValueError as err:
        raise UrlError(f"malformed query string: {err}") from None


def resolved(search: str | None, resolve: Callable[[dict[str, list[str]]], Resolved]) -> tuple[str, Resolved]:
    """The query string with its list filters' values as `resolve` matched them (the rest as it
    was), and what `resolve` said: `?outlets=KCNA` -> `?outlets=kcna`."""
    pairs = _pairs((search or "").removeprefix("?"))
    raw: dict[str, list[str]] = {}
    for key, value in pairs:
        if key in LIST_FIELDS:
            raw.setdefault(key, []).append(value)
    answer = resolve(raw)
    if answer.values == raw:
        return search or "", answer
    remaining = {key: iter(values) for key, values in answer.values.items()}
    rewritten = [(key, next(remaining[key]) if key in remaining else value) for key, value in pairs]
    query = urllib.parse.urlencode(rewritten, quote_via=urllib.parse.quote)
    return (f"?{query}" if query else ""), answer


def filters_of(search: str | None) -> Filters:
    """The filters of a query string; UrlError if unusable."""
    return parse(search).filters


def search_of(
    filters: Filters,
    *,
    article: str | None = None,
    beside: str | None = None,
    options: Iterable[tuple[str, str]] = (),
    compare: Iterable[str] = (),
) -> str:
    """`?<filters>[&compare=<spec>...][&<chart>.<option>=<value>...][&article=<id>[&beside=<id>]]`, or ""
    for no state at all; `beside` only with an `article`."""
    query = filters.to_query_string()
    options = list(options)
    for key, _ in options:
        if not OPTION_KEY.fullmatch(key):
            raise UrlError(f"{key!r} is not a chart option (<chart>.<option>)")
    compared = [(COMPARE_KEY, spec) for spec in compare_specs(compare)]
    query = "&".join(
        p
        for p in (
            query,
            *(urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote) for pairs in (compared, options)),
        )
        if p
    )
    if beside is not None and article is None:
        raise UrlError(f"{BESIDE_KEY} needs an open {ARTICLE_KEY}")
    opened = {key: value for key, value in ((ARTICLE_KEY, article), (BESIDE_KEY, beside)) if value is not None}
    for value in opened.values():
        if not ARTICLE_ID.fullmatch(value):
            raise UrlError(f"{value!r} is not an article id")
    query = "&".join(p for p in (query, urllib.parse.urlencode(opened)) if p)
    return f"?{query}" if query else ""


def with_options(search: str | None, options: Iterable[tuple[str, str]]) -> str:
    """The query string with its chart options replaced by `options` (filters, comparison and article kept)."""
    return dataclasses.replace(parse(search), options=tuple(options)).search()


def with_compare(search: str | None, compare: Iterable[str]) -> str:
    """The query string with its compared queries replaced by `compare` (specs; the rest kept)."""
    return dataclasses.replace(parse(search), compare=tuple(compare)).search()


def with_article(search: str | None, article: str | None) -> str:
    """The query string with `article` open (None: closed) and none beside it, the rest kept."""
    return dataclasses.replace(parse(search), article=article, beside=None).search()


def with_beside(search: str | None, beside: str | None) -> str:
    """The query string with `beside` shown beside the open article (None: none chosen), the rest kept."""
    return dataclasses.replace(parse(search), beside=beside).search()


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

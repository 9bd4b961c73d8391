"""The Articles page: the table's rows, answered server-side one block at a time, and
one article with its attribution spans, ready to display.

The grid uses AG Grid's infinite row model: it asks for rows startRow..endRow with
its sort and filter model, and `rows_response` answers with those rows only (and
the number of matching rows), so the browser never holds more than a few blocks.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import urllib.parse
from typing import Any

import pandas as pd

from analytics.errors import UserError
from analytics.present.figures import agency_colour
from analytics.queries import articles as aq
from analytics.queries.engine import QueryTimeout, Sql, registry_frame, run
from analytics.queries.filters import FilterError, Filters
from analytics.queries.search import Snippet, highlights, snippet
from dashboard.logic import urlstate
from dashboard.logic.data import Data, StoreUnavailable
from dashboard.logic.highlight import Piece, Span, pieces

log = logging.getLogger(__name__)
# The sections the attribution detector reads (analytics.enrich.attribution.detect), in reading order.
SECTIONS = (
    ("title", "Title"),
    ("author", "Author"),
    ("captions", "Captions"),
    ("body", "Text"),
    ("source_line", "Source line"),
)
CAPTION_SEPARATOR = "\n"  # captions are joined with a newline before detection
OPENING_WORDS = 12  # an article without a title is listed by the first words of its text
OPENING_CHARS = 200  # the text read for them
QUERY_KEY = "q"  # the text query's key in the URL (Filters.q)
# Where the Articles table looks for a text query's words, in turn (the first found is shown):
# (the row's column, the index field it is); the text first, as the title is a column of its own.
MATCH_SOURCES = (("match_body", "text"), ("title", "title"), ("match_captions", "caption"))
# An article's sections the index holds -> its field (a text query's `title:` words are only the title's)
SECTION_FIELDS = {"title": "title", "body": "text", "captions": "caption"}


def has_query(key: str | None) -> bool:
    """Whether the filters the charts listen to (`key`) hold a text query (False when unusable)."""
    try:
        return urlstate.filters_of(key).q is not None
    except urlstate.UrlError:
        return False


EXPORT_PATH = "/export/articles.csv"  # the Articles page's CSV, streamed by the server (dashboard.app)
EXPORT_SEARCH, EXPORT_COLUMNS = "search", "columns"  # its query's search words and column filters (JSON)


def export_link(key: str | None, words: str | None, filter_model: dict[str, Any] | None) -> str:
    """The address of the CSV of what the Articles table shows: the filters (`key`), the search
    words and the grid's column filters."""
    extra: list[tuple[str, str]] = []
    if words and words.strip():
        extra.append((EXPORT_SEARCH, words.strip()))
    if filter_model:
        extra.append((EXPORT_COLUMNS, json.dumps(filter_model, separators=(",", ":"))))
    query = "&".join(p for p in (key or "", urllib.parse.urlencode(extra, quote_via=urllib.parse.quote)) if p)
    return EXPORT_PATH + (f"?{query}" if query else "")


def export_selection(query_string: str) -> tuple[Filters, Sql]:
    """The filters and the WHERE over `articles a` of an export_link's query (the table's rows);
    ValueError (UrlError, GridRequestError) when it cannot be used."""
    pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
    words = [v for k, v in pairs if k == EXPORT_SEARCH]
    models = [v for k, v in pairs if k == EXPORT_COLUMNS]
    if len(words) > 1 or len(models) > 1:
        raise aq.GridRequestError("the search words and the column filters are given once at most")
    try:
        filter_model = json.loads(models[0]) if models else None
    except json.JSONDecodeError:
        raise aq.GridRequestError("the column filters are not JSON") from None
    rest = urllib.parse.urlencode([(k, v) for k, v in pairs if k not in (EXPORT_SEARCH, EXPORT_COLUMNS)])
    filters = urlstate.filters_of(rest)
    return filters, aq.where_sql(filters, filter_model, words[0] if words else None)


@dataclasses.dataclass(frozen=True)
class GridAnswer:
    """The answer to one grid request: the rows and the status line under the table."""

    response: dict[str, Any]  # getRowsResponse: rowData and rowCount
    status: str  # a line under the table: "1,234 articles", or why there are none


def rows_response(
    data: Data, filters: Filters, request: dict[str, Any] | None, search: str | None = None
) -> GridAnswer:
    """The rows of one grid request, or no rows and the reason."""
    if not request:
        return GridAnswer({"rowData": [], "rowCount": 0}, "")
    try:
        query = aq.page_query(filters, request, search=search)
        # The filters alone select on the compact copy of the store, when it is made: the count is
        # an analysis, and the copy picks the page's ids; their text comes from the store.
        on_copy = aq.on_copy(request, search)
        count_key = ("grid count", filters, repr(request.get("filterModel")), (search or "").strip())
        count = data.analysis if on_copy else data.get
        total = count(
            count_key,
            lambda store: int(run(store, query.count, name="article count", time_limit=data.time_limit)["n"].iloc[0]),
        )
        copy = data.compact() if on_copy else None
        with data.opened() as store:
            if copy is None:
                frame = run(store, query.rows, name="articles", time_limit=data.time_limit)
            else:
                ids = run(copy, aq.page_ids_sql(filters, request), name="articles", time_limit=data.time_limit)
                frame = (
                    run(store, aq.rows_sql(list(ids["article_id"])), name="articles", time_limit=data.time_limit)
                    if len(ids)
                    else ids
                )
            if not frame.empty:
                page = list(frame["article_id"])
                details = run(store, aq.details_sql(page), name="credits", time_limit=data.time_limit)
                frame = frame.merge(details, on="article_id", how="left")  # in the page's order
                untitled = list(frame.loc[~frame["title"].map(_text).str.strip().astype(bool), "article_id"])
                if untitled:
                    openings = run(
                        store,
                        aq.openings_sql(untitled, chars=OPENING_CHARS),
                        name="openings",
                        time_limit=data.time_limit,
                    )
                    frame = frame.merge(openings, on="article_id", how="left")
                if filters.q is not None:
                    texts = run(store, aq.match_texts_sql(page), name="match texts", time_limit=data.time_limit)
                    frame = frame.merge(texts, on="article_id", how="left")
        names = data.analysis(("agency names",), agency_names)
    except aq.GridRequestError as err:
        return GridAnswer({"rowData": [], "rowCount": 0}, f"This table request cannot be answered: {err}")
    except QueryTimeout as err:
        return GridAnswer({"rowData": [], "rowCount": 0}, f"Timed out: {err}")
    except StoreUnavailable as err:
        return GridAnswer({"rowData": [], "rowCount": 0}, err.message)
    except FilterError as err:
        return GridAnswer({"rowData": [], "rowCount": 0}, f"These filters cannot be used: {err}")
    except UserError as err:  # a text query without a search index
        return GridAnswer({"rowData": [], "rowCount": 0}, str(err))
    rows = [row_of(record, names, query=filters.q) for record in frame.to_dict("records")]
    status = f"{total:,} article{'s' if total != 1 else ''}" if total else "No articles match these filters"
    return GridAnswer({"rowData": rows, "rowCount": total}, status)


def row_of(record: dict[str, Any], names: dict[str, str], *, query: str | None = None) -> dict[str, Any]:
    """A grid row: plain JSON values (the grid shows them as text). An article without a title
    is listed by the first words of its text (`untitled`); credits name agencies by `names`.
    Under a text `query`, `match` is the passage where its words are found (`query_match`) and
    `match_pieces` that passage as [text, is a query's word] pairs, for the cell that marks them."""
    title = _text(record.get("title")).strip()
    opening = "" if title else opening_words(_text(record.get("opening")))
    found = query_match(record, query) if query is not None else None
    matched = {"match": found.text, "match_pieces": found.pieces()} if found else {"match": "", "match_pieces": []}
    return {
        "article_id": record["article_id"],
        "published": local_time(record.get("published_local"), record.get("tz_label")),
        "outlet": record.get("outlet"),
        "title": title or opening,
        "untitled": not title,
        "language": record.get("language"),
        "section": _text(record.get("section")),
        "source_ref": record.get("source_ref"),
        "wire_copy": "yes" if record.get("wire_copy") else "no",
        "credits": credit_names(record.get("credits") or "", names),
        **({} if query is None else matched),
    }


def query_match(record: dict[str, Any], query: str) -> Snippet | None:
    """The passage of a row's texts (MATCH_SOURCES, in turn) around the first word of `query` found."""
    for column, field in MATCH_SOURCES:
        value = record.get(column)
        text = captions_text(value) if column == "match_captions" else _text(value)
        found = snippet(text, query, field=field) if text else None
        if found is not None:
            return found
    return None


def opening_words(text: str, words: int = OPENING_WORDS) -> str:
    """The first `words` words of a text, "…" after them when it goes on."""
    found = text.split()
    return " ".join(found[:words]) + (" …" if len(found) > words else "")


def credit_names(credits: str, names: dict[str, str]) -> str:
    """`kcna: source, ap: cited` (details_sql: agency ids are [a-z0-9_]) with each agency's display name."""
    if not credits:
        return ""
    pairs = (credit.split(": ", 1) for credit in credits.split(", "))
    return ", ".join(f"{names.get(agency, agency)}: {role}" for agency, role in pairs)


def local_time(value: Any, tz_label: Any = None) -> str:
    """A local time as shown, in full: date and time to the second, then the time zone label if
    any; the date alone when the time is midnight (a source that gives only the date); "" when missing."""
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    text = stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} {tz_label}" if isinstance(tz_label, str) and tz_label else text


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


# --- one article ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Section:
    """One section of an article, cut into pieces for display."""

    name: str
    label: str
    pieces: tuple[Piece, ...]


@dataclasses.dataclass(frozen=True)
class ArticleView:
    """One article as the Articles page shows it."""

    article_id: str
    title: str
    heading: str  # outlet and local date, for the window title
    sections: tuple[Section, ...]
    metadata: tuple[tuple[str, str], ...]  # (label, value), all shown as text
    url: str | None  # only an http(s) address, else None
    attributions: tuple[dict[str, Any], ...]
    tags: tuple[str, ...]


def agency_names(store) -> dict[str, str]:
    """Display names of the agencies, from the registry the store's attributions were made with."""
    registry = registry_frame(store=store)
    return dict(zip(registry["agency"], registry["agency_name"]))


def load_article(
    data: Data, article_id: str
) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame, dict[str, str]] | None:
    """The stored article (its row, attributions, tags and the agencies' names), cached; None when
    no such article is stored."""

    def load(store):
        found = run(store, aq.article_sql(article_id), name="article", time_limit=data.time_limit)
        if found.empty:
            return None
        return (
            found.iloc[0].to_dict(),
            run(store, aq.attributions_sql(article_id), name="attributions", time_limit=data.time_limit),
            run(store, aq.tags_sql(article_id), name="tags", time_limit=data.time_limit),
            agency_names(store),
        )

    return data.get(("article", article_id), load)


def article_view(data: Data, article_id: str, query: str | None = None) -> ArticleView | None:
    """The article, its spans (and the words of the text `query`) and its metadata; None when no
    such article is stored."""
    loaded = load_article(data, article_id)
    if loaded is None:
        return None
    return build_view(*loaded, query=query)


def section_text(article: dict[str, Any], name: str) -> str:
    """The text of a section as the detector read it (captions joined as for detection, so the
    span offsets fit); "" when missing."""
    value = article.get(name)
    return captions_text(value) if name == "captions" else _text(value)


def captions_text(value: Any) -> str:
    """An article's captions (a list, or None) as one text, joined as for detection."""
    if value is None or isinstance(value, float):  # (a float: NaN, no row)
        return ""
    return CAPTION_SEPARATOR.join(str(c) for c in value if c)


def build_view(
    article: dict[str, Any],
    attributions: pd.DataFrame,
    tags: pd.DataFrame,
    names: dict[str, str],
    *,
    query: str | None = None,
) -> ArticleView:
    """The view of a loaded article: its sections cut at the spans (and at the words of the text
    `query`, in the sections the index holds), its attributions and tags, agencies shown by
    `names`; the URL only when http(s)."""
    spans: dict[str, list[Span]] = {}
    rows = []
    for record in attributions.to_dict("records"):
        agency, role = str(record["agency"]), str(record["role"])
        label = f"{names.get(agency, agency)} · {role}"
        spans.setdefault(record["section"], []).append(
            Span(int(record["start"]), int(record["end"]), agency, role, label, agency_colour(agency))
        )
        rows.append(
            {
                "agency": names.get(agency, agency),
                "role": role,
                "section": record["section"],
                "evidence": _text(record.get("evidence")),
                "confidence": float(record["confidence"]),
            }
        )
    sections = []
    for name, label in SECTIONS:
        text = section_text(article, name)
        if text or spans.get(name):
            field = SECTION_FIELDS.get(name)
            matches = highlights(text, query, field=field) if query is not None and field and text else []
            sections.append(Section(name, label, tuple(pieces(text, spans.get(name, []), matches))))
    tag_labels = tuple(f"{label} ({kind})" for kind, label in zip(tags["kind"], tags["label"]))
    url = _text(article.get("url"))
    return ArticleView(
        article_id=article["article_id"],
        title=_text(article.get("title")) or "(no title)",
        heading=" · ".join(
            p
            for p in (
                _text(article.get("outlet_name")) or "(unknown outlet)",
                local_time(article.get("published_local"), article.get("tz_label")),
            )
            if p
        ),
        sections=tuple(sections),
        metadata=metadata(article),
        url=url if url.lower().startswith(("http://", "https://")) else None,
        attributions=tuple(rows),
        tags=tag_labels,
    )


def metadata(article: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The article's details as (label, value), those without a value left out."""
    published_at = article.get("published_at")
    items = [
        ("Outlet", _text(article.get("outlet_name")) or "(unknown)"),
        ("Outlet id", " · ".join(_text(article.get(c)) for c in ("outlet_id", "outlet_kind") if _text(article.get(c)))),
        ("Outlet as read", _text(article.get("outlet"))),
        ("Channel", _text(article.get("channel"))),
        ("Published (local)", local_time(article.get("published_local"), article.get("tz_label"))),
        (
            "Published (UTC)",
            ""
            if published_at is None or pd.isna(published_at)
            else pd.Timestamp(published_at).tz_convert("UTC").strftime("%Y-%m-%d %H:%M UTC"),
        ),
        ("Date as written", _text(article.get("published_raw"))),
        ("Date problem", _text(article.get("published_issue"))),
        ("Event date", _date(article.get("event_date"))),
        ("Language", _text(article.get("language"))),
        ("Author", _text(article.get("author"))),
        ("Editor", _text(article.get("editor"))),
        ("Section", _text(article.get("section"))),
        ("Wire copy", "yes" if article.get("wire_copy") else "no"),
        ("Primary agency", _text(article.get("primary_agency"))),
        ("URL", _text(article.get("url"))),
        ("Source", _text(article.get("source_ref"))),
        ("Article id", _text(article.get("article_id"))),
    ]
    return tuple((label, value) for label, value in items if value)


def _date(value: Any) -> str:
    if value is None or pd.isna(value):  # NaT is a date too
        return ""
    return pd.Timestamp(value).date().isoformat()

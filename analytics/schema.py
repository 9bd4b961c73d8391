"""The article schema: the one definition every reader, the store and the exports use."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pyarrow as pa

ID_HEX_CHARS = 16  # 64 bits of sha1: collision-free far beyond any corpus we expect

ARROW_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source_ref", pa.string(), nullable=False),
        pa.field("outlet", pa.string()),  # the outlet's name as read (or guessed from a dateline or the URL's host)
        pa.field("outlet_id", pa.string()),  # the canonical outlet (analytics.enrich.outlets.resolve_outlet)
        pa.field("outlet_name", pa.string()),  # its display name
        pa.field("outlet_kind", pa.string()),  # newspaper | online | broadcaster | magazine | agency | aggregator
        pa.field("channel", pa.string()),  # the sub-site: `megapolitan` of megapolitan.kompas.com
        pa.field("outlet_method", pa.string()),  # host | alias | normalised | none
        pa.field("outlet_issue", pa.string()),  # why there is no outlet (method none)
        pa.field("url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("body", pa.string()),
        pa.field("captions", pa.list_(pa.string())),
        pa.field("author", pa.string()),
        pa.field("editor", pa.string()),
        pa.field("source_line", pa.string()),
        pa.field("published_raw", pa.string()),
        pa.field("published_at", pa.timestamp("us", tz="UTC")),
        pa.field("published_local", pa.timestamp("us")),
        pa.field("tz_label", pa.string()),
        pa.field("published_method", pa.string()),  # which date tier read published_raw
        pa.field("published_issue", pa.string()),  # missing | unparseable | future | implausibly_old
        pa.field("event_date", pa.date32()),  # the date the body gives for the reported event
        pa.field("event_lag_days", pa.int32()),  # published_local date - event_date
        pa.field("language", pa.string()),
        pa.field("tags", pa.list_(pa.string())),  # editor tags
        pa.field("places", pa.list_(pa.string())),  # place tags (Reuters-21578 PLACES)
        pa.field("section", pa.string()),  # category / channel / site section (the first one listed)
        pa.field("sections", pa.list_(pa.string())),  # every section the story is listed under, `section` first
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("text_fingerprint", pa.string()),  # the body's story text hashed (analytics.text.fingerprint)
        pa.field("ingested_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ]
)
COLUMNS = tuple(ARROW_SCHEMA.names)

# What the attribution detector derives, stored beside the articles (see analytics.enrich.attribution).
ATTRIBUTION_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("agency", pa.string(), nullable=False),
        pa.field("role", pa.string(), nullable=False),
        pa.field("section", pa.string(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("evidence", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
        pa.field("mentions", pa.int32(), nullable=False),
    ]
)
# Every tag of an article, by kind: editor `tag`, `place`, `section`, machine `keyword` (see analytics.enrich.tags).
TAG_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("tag", pa.string(), nullable=False),  # normalised key
        pa.field("label", pa.string(), nullable=False),  # readable form
    ]
)
CREDIT_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("wire_copy", pa.bool_(), nullable=False),
        pa.field("primary_agency", pa.string()),
    ]
)
LIST_COLUMNS = frozenset(f.name for f in ARROW_SCHEMA if pa.types.is_list(f.type))
# Fields a reader or a mapping may fill with text (the rest are derived).
DERIVED_FIELDS = frozenset(
    {
        "article_id",
        "source_ref",
        "content_hash",
        "text_fingerprint",
        "published_method",
        "published_issue",
        "outlet_id",
        "outlet_name",
        "outlet_kind",
        "channel",
        "outlet_method",
        "outlet_issue",
    }
)
TEXT_FIELDS = tuple(f.name for f in ARROW_SCHEMA if f.type == pa.string() and f.name not in DERIVED_FIELDS)


@dataclasses.dataclass
class Article:
    """One normalised article; field names and order are those of ARROW_SCHEMA."""

    article_id: str
    source_ref: str
    outlet: str | None = None
    outlet_id: str | None = None
    outlet_name: str | None = None
    outlet_kind: str | None = None
    channel: str | None = None
    outlet_method: str | None = None
    outlet_issue: str | None = None
    url: str | None = None
    title: str | None = None
    body: str | None = None
    captions: list[str] = dataclasses.field(default_factory=list)
    author: str | None = None
    editor: str | None = None
    source_line: str | None = None
    published_raw: str | None = None
    published_at: dt.datetime | None = None
    published_local: dt.datetime | None = None
    tz_label: str | None = None
    published_method: str | None = None
    published_issue: str | None = None
    event_date: dt.date | None = None
    event_lag_days: int | None = None
    language: str | None = None
    tags: list[str] = dataclasses.field(default_factory=list)
    places: list[str] = dataclasses.field(default_factory=list)
    section: str | None = None
    sections: list[str] = dataclasses.field(default_factory=list)
    content_hash: str = ""
    text_fingerprint: str | None = None
    ingested_at: dt.datetime | None = None


assert tuple(f.name for f in dataclasses.fields(Article)) == COLUMNS, "Article and ARROW_SCHEMA disagree"


QUARANTINE_SCHEMA = pa.schema([pa.field(name, pa.string()) for name in ("source_ref", "reason", "excerpt", "file_ref")])


@dataclasses.dataclass(frozen=True)
class BadRecord:
    """A record that could not become an article: where it came from, why, and a bounded excerpt."""

    source_ref: str
    reason: str
    excerpt: str = ""


def short_hash(*parts: str | None) -> str:
    """A stable hex digest of the parts (None counts as empty)."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def to_arrow(articles: list[Article]) -> pa.Table:
    """Articles as an Arrow table of the schema's columns."""
    columns = {name: [getattr(a, name) for a in articles] for name in COLUMNS}
    return pa.Table.from_pydict(columns, schema=ARROW_SCHEMA)

"""Mapping an input's own field names onto the article schema.

A manifest may give the mapping explicitly; otherwise fields are matched by
their common names in English and Indonesian. The mapping actually used is
described back to the user, so nothing is mapped silently.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Schema field -> input names that mean it, most specific first.
COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "judul", "heading"),
    "body": (
        "body",
        "maintext",  # news-please (its `text` is the deprecated, empty one)
        "main_text",
        "articlebody",  # schema.org articleBody
        "article_body",
        "full_text",
        "article_text",
        "text",
        "content",
        "contents",
        "isi",
        "isi_berita",
        "story_text",
        "article",
        "artikel",
        "description",
    ),
    "published_raw": (
        "published",
        "published_at",
        "publication_date",
        "publish_date",  # Media Cloud
        "published_date",
        "date_published",
        "date_publish",  # news-please
        "datepublished",  # schema.org datePublished
        "publishedat",  # NewsAPI publishedAt
        "pub_date",
        "date",
        "datetime",
        "pubdate",
        "tanggal_publikasi",
        "tanggal",
        "timestamp",
        "date_str",
    ),
    "url": ("url", "link", "href", "permalink"),
    "author": ("author", "penulis", "byline", "writer", "reporter"),
    "editor": ("editor", "penyunting"),
    "outlet": (
        "outlet",
        "media_name",  # Media Cloud
        "source_name",
        "newspaper",
        "source",
        "sumber",
        "publisher",
        "site",
        "sitename",
        "media",
        "source_domain",  # news-please
    ),
    "tags": ("tags", "tag", "keywords", "keyword"),
    "section": ("category", "kategori", "topic", "section", "rubrik", "channel"),
    "language": ("language", "lang", "bahasa"),
    "source_line": ("source_line", "credit"),
}
# Objects an API response may nest its list of articles in (NewsAPI's `articles`: 1; The Guardian's `response.results`: 2).
ENVELOPE_DEPTH = 3
# A time kept in its own column beside the date (old scraper CSVs: `date`, `time`).
TIME_NAMES = ("time", "jam", "waktu")
SCHEMA_FIELDS = frozenset(COMMON_NAMES)


def normalise_name(name: str) -> str:
    """A field name in the form names are compared in: case-folded, BOM dropped, spaces and dashes as `_`."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lstrip("\ufeff").casefold())


@dataclasses.dataclass(frozen=True)
class FieldMapping:
    """schema field -> the input field names whose values make it (joined by a space)."""

    fields: tuple[tuple[str, tuple[str, ...]], ...]
    unmapped: tuple[str, ...] = ()
    explicit: bool = False

    def apply(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The schema fields of one input record; empty values are skipped, several non-empty ones joined by a space."""
        out: dict[str, Any] = {}
        for target, names in self.fields:
            values = [v for v in map(record.get, names) if v not in (None, "")]
            if values:
                out[target] = values[0] if len(values) == 1 else " ".join(str(v) for v in values)
        return out

    def describe(self) -> str:
        """The mapping in one line for the user, e.g. `common names: title←headline, body←text; unmapped: id`."""
        pairs = ", ".join(f"{t}←{'+'.join(n)}" for t, n in self.fields)
        kind = "manifest mapping" if self.explicit else "common names"
        tail = f"; unmapped: {', '.join(self.unmapped)}" if self.unmapped else ""
        return f"{kind}: {pairs or 'nothing'}{tail}"


def explicit_mapping(spec: Mapping[str, str | Sequence[str]], input_names: list[str]) -> FieldMapping:
    """The mapping a manifest gives (schema field -> one input name or several); input names it does
    not use are reported as unmapped."""
    fields = tuple((target, tuple([names] if isinstance(names, str) else names)) for target, names in spec.items())
    used = {n for _, names in fields for n in names}
    return FieldMapping(fields, tuple(n for n in input_names if n not in used), explicit=True)


def guess_mapping(input_names: list[str]) -> FieldMapping:
    """Map input names by their common names; each input field is used once."""
    by_norm = {normalise_name(n): n for n in input_names}
    used: set[str] = set()
    fields = []
    for target, candidates in COMMON_NAMES.items():
        for candidate in candidates:
            name = by_norm.get(candidate)
            if name is not None and name not in used:
                names = [name]
                if target == "published_raw":
                    names += [by_norm[t] for t in TIME_NAMES if t in by_norm and by_norm[t] not in used]
                used.update(names)
                fields.append((target, tuple(names)))
                break
    return FieldMapping(tuple(fields), tuple(n for n in input_names if n not in used))


def records_inside(record: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The one list of objects a record holds, directly or in objects nested at most ENVELOPE_DEPTH
    deep: the articles of a saved API response (`{"status": "ok", "articles": [...]}`); None when it
    holds no such list or several."""
    found: list[list[dict[str, Any]]] = []

    def visit(value: Mapping[str, Any], depth: int) -> None:
        for inner in value.values():
            if isinstance(inner, list) and inner and all(isinstance(item, dict) for item in inner):
                found.append(inner)
            elif isinstance(inner, dict) and depth < ENVELOPE_DEPTH:
                visit(inner, depth + 1)

    visit(record, 1)
    return found[0] if len(found) == 1 else None


def passthrough(record: Mapping[str, Any]) -> dict[str, Any]:
    """Readers of self-describing formats already use schema names."""
    return dict(record)

"""Corpus manifests: TOML files that declare sources and how to read them.

root = "../../../shared/corpora"   # folder the paths are relative to (relative to this file)

[[source]]
name = "indonews"                  # shown in summaries
paths = ["indonews_rss_2025/**/*.csv"]
exclude = ["**/link_scrapping.csv"]
format = "csv"                     # optional: detected from extension and content
outlet = "..."                     # optional default outlet
language = "id"
timezone = "Asia/Jakarta"          # zone of times given without one
date_order = "mdy"                 # optional: numeric dates are "dmy" (18/06/2025), "mdy" (7/31/2025)
                                   #   or "ymd"; default: decided from all the source's values, else
                                   #   by language (dmy for id, en and others)
date_format = "%m/%d/%Y %H:%M"     # optional: strptime layout of the dates, tried before the others;
                                   #   its day/month order is the source's date order
encoding = "utf-8"                 # optional: detected
header = true                      # optional, tabular: detected
columns = ["a", "b"]               # optional, headerless tabular: column names
delimiter = ","                    # optional, tabular: sniffed
members = ["*.csv"]                # optional, zip archives: which members to read
[source.fields]                    # optional: schema field = input field (or a list, joined by a space)
title = "judul"
[source.values.section]            # optional: replace input values of a field
"1" = "World"
"""

from __future__ import annotations

import codecs
import dataclasses
import pathlib
import zoneinfo
from typing import Any

from analytics.errors import UserError
from analytics.ingest.fieldmap import SCHEMA_FIELDS
from analytics.ingest.formats import READERS
from analytics.ingest.readers.base import ReadOptions
from analytics.text import dates
from analytics.tomllines import TomlLines, read_toml

FORMATS = tuple(READERS)  # the formats a source may name, in the readers' order
SOURCE_KEYS = frozenset(
    {
        "name",
        "paths",
        "exclude",
        "format",
        "outlet",
        "language",
        "timezone",
        "date_order",
        "date_format",
        "encoding",
        "header",
        "columns",
        "delimiter",
        "sheet",
        "members",
        "fields",
        "values",
    }
)
TOP_KEYS = frozenset({"root", "source"})


class ManifestError(UserError):
    """A manifest that cannot be used; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class SourceSpec:
    """One [[source]] of a manifest: which files, how to read them, and how their fields map to the schema."""

    name: str
    paths: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    format: str | None = None
    outlet: str | None = None
    language: str | None = None
    timezone: str | None = None
    date_order: str | None = None  # a key of dates.DATE_ORDERS; ingest sets the one it decided
    date_format: str | None = None
    members: tuple[str, ...] = ()
    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    options: ReadOptions = ReadOptions()

    def value_maps(self) -> dict[str, dict[str, str]]:
        """Per schema field, the input values the manifest replaces: {field: {input value: value}}."""
        return {field: dict(pairs) for field, pairs in self.values}

    def field_spec(self) -> dict[str, tuple[str, ...]]:
        """Per schema field, the input field(s) the manifest maps to it."""
        return dict(self.fields)


@dataclasses.dataclass(frozen=True)
class Manifest:
    """A validated manifest: its file (None for an ad-hoc one from the command line), the root refs are relative to, its sources."""

    path: pathlib.Path | None
    root: pathlib.Path
    sources: tuple[SourceSpec, ...]


def load_manifest(path: pathlib.Path, *, root: pathlib.Path | None = None) -> Manifest:
    """Read and validate a manifest; `root` overrides the file's own `root`."""
    data, lines = read_toml(path, what="manifest", error=ManifestError)
    for key in data.keys() - TOP_KEYS:
        raise ManifestError(
            f"{lines.where(key=key)}: unknown top-level key '{key}' (expected: {', '.join(sorted(TOP_KEYS))})"
        )
    base = root if root is not None else (path.parent / str(data.get("root", "."))).resolve()
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ManifestError(f"{path}: no [[source]] tables")
    sources = tuple(_source(entry, n, lines) for n, entry in enumerate(raw_sources, 1))
    names = [s.name for s in sources]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise ManifestError(
                f"{lines.where(('source',), 'name', name, occurrence=index)}: source name '{name}' is used twice"
            )
    return Manifest(path, base, sources)


def adhoc_source(name: str, paths: list[str], **settings: Any) -> SourceSpec:
    """A source for paths given on the command line (everything detected)."""
    return SourceSpec(name=name, paths=tuple(paths), **settings)


def _source(entry: dict, number: int, lines: TomlLines) -> SourceSpec:
    label = f"source #{number}" + (f" '{entry['name']}'" if isinstance(entry.get("name"), str) else "")

    def fail(key: str, message: str) -> ManifestError:
        return ManifestError(f"{lines.where(('source',), key, occurrence=number - 1)}: {label}: {message}")

    for key in entry.keys() - SOURCE_KEYS:
        raise fail(key, f"unknown key '{key}' (expected one of: {', '.join(sorted(SOURCE_KEYS))})")
    name = entry.get("name") or f"source-{number}"
    paths = _str_list(entry.get("paths"), "paths", fail)
    if not paths:
        raise fail("paths", "needs 'paths', a list of globs")
    fmt = entry.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise fail("format", f"format '{fmt}' is not one of {', '.join(FORMATS)}")
    timezone = entry.get("timezone")
    if timezone is not None:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise fail("timezone", f"unknown time zone '{timezone}' (use an IANA name like 'Asia/Jakarta')") from None
    date_order, date_format = _date_settings(entry, fail)
    encoding = entry.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(str(encoding))
        except LookupError:
            raise fail("encoding", f"unknown encoding '{encoding}'") from None
    header = entry.get("header")
    if header is not None and not isinstance(header, bool):
        raise fail("header", "'header' must be true or false")
    fields = entry.get("fields", {})
    if not isinstance(fields, dict):
        raise fail("fields", "'fields' must be a table of schema field = input field")
    for target in fields.keys() - SCHEMA_FIELDS:
        raise fail(target, f"'{target}' is not a schema field (expected one of: {', '.join(sorted(SCHEMA_FIELDS))})")
    values = entry.get("values", {})
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise fail("values", "'values' must hold tables like [source.values.section]")
    for key in ("outlet", "language", "encoding", "delimiter", "sheet"):
        if key in entry and not isinstance(entry[key], str):
            raise fail(key, f"'{key}' must be a string")
    columns = _str_list(entry.get("columns"), "columns", fail)
    return SourceSpec(
        name=str(name),
        paths=tuple(paths),
        exclude=tuple(_str_list(entry.get("exclude"), "exclude", fail)),
        format=fmt,
        outlet=entry.get("outlet"),
        language=entry.get("language"),
        timezone=timezone,
        date_order=date_order,
        date_format=date_format,
        members=tuple(_str_list(entry.get("members"), "members", fail)),
        fields=tuple((t, tuple(_str_list(v, t, fail) if isinstance(v, list) else [str(v)])) for t, v in fields.items()),
        values=tuple((f, tuple((str(k), str(v)) for k, v in m.items())) for f, m in values.items()),
        options=ReadOptions(
            encoding=entry.get("encoding"),
            header=header,
            columns=tuple(columns) or None,
            delimiter=entry.get("delimiter"),
            sheet=entry.get("sheet"),
        ),
    )


def _date_settings(entry: dict, fail) -> tuple[str | None, str | None]:
    """The source's `date_order` and `date_format`, checked: a known order, a format with a day,
    a month and a year that reads back what it writes, and no order that contradicts the format."""
    date_order, date_format = entry.get("date_order"), entry.get("date_format")
    if date_order is not None and date_order not in dates.DATE_ORDERS:
        raise fail(
            "date_order", f"date_order must be one of {', '.join(map(repr, dates.DATE_ORDERS))}, not {date_order!r}"
        )
    if date_format is None:
        return date_order, None
    if not isinstance(date_format, str):
        raise fail("date_format", "'date_format' must be a string like \"%m/%d/%Y %H:%M\"")
    try:
        written = dates.format_order(date_format)
    except ValueError as err:
        raise fail("date_format", str(err)) from None
    if date_order is not None and date_order != written:
        raise fail("date_order", f"date_order {date_order!r} contradicts date_format {date_format!r} ({written})")
    return date_order, date_format


def _str_list(value: Any, key: str, fail) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, f"'{key}' must be a string or a list of strings")
    return value

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
allow_outside = true               # optional: read paths outside the root (absolute, or up with
                                   #   '..') and links out of it; default false: such a path is an
                                   #   error and such a link is quarantined
[source.fields]                    # optional: schema field = input field (or a list, joined by a space)
title = "judul"
[source.values.section]            # optional: replace input values of a field
"1" = "World"
"""

from __future__ import annotations

import codecs
import dataclasses
import os
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
        "allow_outside",
        "fields",
        "values",
    }
)
TOP_KEYS = frozenset({"root", "source"})
# The type of each source key's value, and how an error says it.
STRING_KEYS = frozenset(
    {"name", "format", "outlet", "language", "timezone", "date_order", "date_format", "encoding", "delimiter", "sheet"}
)
LIST_KEYS = frozenset({"paths", "exclude", "members", "columns"})
BOOLEAN_KEYS = frozenset({"header", "allow_outside"})
TABLE_KEYS = frozenset({"fields", "values"})


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
    allow_outside: bool = False  # read files outside the root: paths given so, and links out of it
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
    if not isinstance(data.get("root", "."), str):
        raise ManifestError(f"{lines.where(key='root')}: 'root' must be a string (a folder)")
    base = root if root is not None else (path.parent / data.get("root", ".")).resolve()
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources or not all(isinstance(s, dict) for s in raw_sources):
        raise ManifestError(f"{lines.where(key='source')}: no [[source]] tables")
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
    for key, value in entry.items():
        _check_type(key, value, fail)
    name = entry.get("name") or f"source-{number}"
    paths = _str_list(entry.get("paths"), "paths", fail)
    if not paths:
        raise fail("paths", "needs 'paths', a list of globs")
    allow_outside = entry.get("allow_outside", False)
    for pattern in paths:
        if not allow_outside and _outside_root(pattern):
            raise ManifestError(
                f"{lines.where(('source',), 'paths', pattern, occurrence=number - 1)}: {label}: path '{pattern}' "
                "is outside the root (absolute, or up with '..'): name it from the root, or set allow_outside = true"
            )
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
        _check_encoding(encoding, fail)
    header = entry.get("header")
    fields = entry.get("fields", {})
    for target in fields.keys() - SCHEMA_FIELDS:
        raise fail(target, f"'{target}' is not a schema field (expected one of: {', '.join(sorted(SCHEMA_FIELDS))})")
    for target, given in fields.items():
        if not isinstance(given, str):
            _str_list(given, target, fail, kind="a string or a list of strings")
    values = entry.get("values", {})
    if not all(isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) for v in values.values()):
        raise fail("values", "'values' must hold tables of strings like [source.values.section]")
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
        allow_outside=allow_outside,
        fields=tuple((t, tuple([v] if isinstance(v, str) else v)) for t, v in fields.items()),
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


def _check_type(key: str, value: Any, fail) -> None:
    """Refuse a source key's value of the wrong TOML type (`name = 5`, `paths = "a.txt"`)."""
    if key in STRING_KEYS and not isinstance(value, str):
        raise fail(key, f"'{key}' must be a string")
    if key in BOOLEAN_KEYS and not isinstance(value, bool):
        raise fail(key, f"'{key}' must be true or false")
    if key in TABLE_KEYS and not isinstance(value, dict):
        raise fail(key, f"'{key}' must be a table like [source.{key}]")
    if key in LIST_KEYS:
        _str_list(value, key, fail)


def _check_encoding(encoding: str, fail) -> None:
    """Refuse an encoding Python does not know, or one that does not decode bytes to text (rot13, base64)."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise fail("encoding", f"unknown encoding '{encoding}'") from None
    try:
        b"a".decode(encoding, errors="ignore")  # b"" would pass: decoding nothing never asks the codec
    except LookupError:
        raise fail("encoding", f"'{encoding}' is not a text encoding (use one like 'utf-8' or 'cp1252')") from None
    except UnicodeError:
        pass  # a text encoding that refuses this byte or this error handler (idna)


def _outside_root(pattern: str) -> bool:
    """Whether a path pattern names files outside the root: absolute, or going up past it with `..`."""
    path = pathlib.PurePath(pattern)
    return path.is_absolute() or os.path.normpath(pattern).split(os.sep)[0] == os.pardir


def _str_list(value: Any, key: str, fail, *, kind: str = "a list of strings") -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, f'\'{key}\' must be {kind}, like ["a", "b"]')
    return value

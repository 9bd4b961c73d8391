"""Registry files: TOML files of `[<table>.<id>]` tables, a shipped one with a user's one merged over it.

The agency registry (`attribution/agencies.toml`) and the outlet registry
(`outlets/outlets.toml`) share this shape and these rules. A table for a new id
adds an entry (it then needs the shape's `required` keys); a table for an
existing id overrides the scalar fields it gives and adds to the lists. Every
problem is the registry's error type naming the file and line.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
from collections.abc import Mapping
from typing import Any, Protocol

from analytics.tomllines import TomlLines, read_toml

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
COUNTRY_FORMAT = (re.compile(r"^[A-Z]{2}$"), "an ISO 3166 code like 'US'")
WHERE = "_where"  # the key of an entry's fields that says where its table was last written


class Fail(Protocol):
    """Builds the error for one entry."""

    def __call__(self, message: str, key: str | None = None, value: str | None = None) -> Exception:
        """The error `message`, placed at the line of `key` (or of its `value`) in the entry's table."""


@dataclasses.dataclass(frozen=True)
class EntryShape:
    """What the `[<table>.<id>]` tables of a registry file may hold, and how they are checked."""

    table: str  # the top-level table, also the word for an entry in messages: 'agency', 'outlet'
    example: str  # an id shown in messages: 'reuters'
    scalars: Mapping[str, type]  # key -> str or bool; a user's file overrides them
    lists: tuple[str, ...]  # lists of non-empty strings; a user's file adds to them
    required: tuple[str, ...]  # the keys a new id needs
    choices: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # scalar -> allowed values
    formats: Mapping[str, tuple[re.Pattern[str], str]] = dataclasses.field(
        default_factory=dict
    )  # scalar -> (pattern, what it is)
    checked_elsewhere: frozenset[str] = frozenset()  # keys the registry validates itself (the agencies' alias tables)

    @property
    def keys(self) -> frozenset[str]:
        """Every key an entry may have."""
        return frozenset({*self.scalars, *self.lists, *self.checked_elsewhere})


def read_registry_file(
    path: pathlib.Path,
    shape: EntryShape,
    *,
    what: str,
    error: type[Exception],
    other_tables: Mapping[str, str] | None = None,
) -> tuple[TomlLines, dict[str, Any]]:
    """Parse a registry file and check its top level: only `[<table>.<id>]` tables and the
    `other_tables` (top-level key -> how it is written in messages, like '[cues.<lang>]')."""
    data, lines = read_toml(path, what=what, error=error)
    other_tables = other_tables or {}
    expected = " and ".join([f"[{shape.table}.<id>]", *other_tables.values()])
    for key in data.keys() - {shape.table, *other_tables}:
        raise error(f"{lines.where(key=key)}: unknown top-level key '{key}' (expected {expected} tables)")
    table = data.get(shape.table, {})
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise error(
            f"{lines.where(key=shape.table)}: '{shape.table}' must hold tables like [{shape.table}.{shape.example}]"
        )
    return lines, data


def entry_failure(shape: EntryShape, entry_id: str, lines: TomlLines, error: type[Exception]) -> Fail:
    """The error builder for one entry: `path, line N: <table> '<id>': message`."""
    table = (shape.table, entry_id)

    def fail(message: str, key: str | None = None, value: str | None = None) -> Exception:
        return error(f"{lines.where(table, key, value)}: {shape.table} '{entry_id}': {message}")

    return fail


def entry_fields(
    shape: EntryShape, entry_id: str, entry: dict[str, Any], lines: TomlLines, fail: Fail
) -> dict[str, Any]:
    """The fields one file gives for one entry, validated against `shape`: its scalars, its lists (as
    tuples), and WHERE, where its table is written. The keys `checked_elsewhere` are left to the caller."""
    if not ID_PATTERN.match(entry_id):
        raise fail(f"an id must be lower case letters, digits and _ (like '{shape.example}')")
    for key in entry.keys() - shape.keys:
        raise fail(f"unknown key '{key}' (expected one of: {', '.join(sorted(shape.keys))})", key)
    fields: dict[str, Any] = {WHERE: lines.place((shape.table, entry_id))}
    for key, kind in shape.scalars.items():
        if key in entry:
            if not isinstance(entry[key], kind) or (kind is str and not entry[key].strip()):
                raise fail(f"'{key}' must be {'true or false' if kind is bool else 'a non-empty string'}", key)
            fields[key] = entry[key]
    for key, allowed in shape.choices.items():
        if key in fields and fields[key] not in allowed:
            raise fail(f"{key} '{fields[key]}' is not one of {', '.join(allowed)}", key)
    for key, (pattern, description) in shape.formats.items():
        if key in fields and not pattern.match(fields[key]):
            raise fail(f"{key} '{fields[key]}' is not {description}", key)
    for key in shape.lists:
        if key in entry:
            value = entry[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise fail(f"'{key}' must be a list of non-empty strings", key)
            fields[key] = tuple(value)
    return fields


def merge_entry(
    merged: dict[str, dict[str, Any]],
    shape: EntryShape,
    entry_id: str,
    fields: dict[str, Any],
    lines: TomlLines,
    error: type[Exception],
) -> None:
    """Add one file's fields of an entry to `merged`: a new id needs the shape's required keys; for a
    known id, the tuples it gives are added to the known ones and every other field overrides."""
    current = merged.get(entry_id)
    if current is None:
        missing = [k for k in shape.required if k not in fields]
        if missing:
            raise error(
                f"{fields[WHERE]}: new {shape.table} '{entry_id}' needs {', '.join(missing)} "
                f"(known ids can be overridden: there is no '{entry_id}' before {lines.path})"
            )
        merged[entry_id] = dict(fields)
        return
    for key, value in fields.items():
        current[key] = current.get(key, ()) + value if isinstance(value, tuple) else value


def enabled(merged: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The merged entries that are not switched off with `enabled = false`."""
    return {entry_id: fields for entry_id, fields in merged.items() if fields.get("enabled", True)}

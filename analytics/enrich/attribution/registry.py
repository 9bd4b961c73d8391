"""The agency registry: the shipped `agencies.toml` and `cues.toml`, plus a user's file merged over them.

A user file has the same shape as the default one. A table for a new id adds
an agency (it then needs `name`, `kind` and `aliases`); a table for an
existing id overrides the scalar fields it gives and adds to the lists.
Its `[cues.<lang>]` tables add citation cues to the shipped ones (see `cues`).
Every problem is a RegistryError (or CueError) naming the file and line.
"""

from __future__ import annotations

import dataclasses
import pathlib
import unicodedata
from typing import Any

from analytics.enrich.attribution.cues import LANG_SCRIPT_RANGES, Cues, glued_script, load_cues
from analytics.enrich.lookalikes import plain
from analytics.enrich.registry_file import (
    COUNTRY_FORMAT,
    WHERE,
    EntryShape,
    Fail,
    enabled,
    entry_failure,
    entry_fields,
    merge_entry,
    read_registry_file,
)
from analytics.enrich.registry_file import ID_PATTERN as ID_PATTERN  # the agencies' ids, checked by queries.filters
from analytics.errors import UserError
from analytics.tomllines import Place, TomlLines

DEFAULT_PATH = pathlib.Path(__file__).with_name("agencies.toml")
ROLES = ("source", "dateline", "photo", "cited")  # also the precedence order of the spec
KINDS = ("wire", "state")
ALIAS_KEYS = frozenset({"text", "lang", "case_sensitive", "strict", "roles", "only_in_lang"})
# A shorter alias (`A`, `R`) would be credited in every text that has the letter as a word (an initial,
# a list item, `Plan B`): it is refused unless matched in its exact case as a whole token.
MIN_ALIAS_CHARS = 2
SHAPE = EntryShape(
    table="agency",
    example="reuters",
    scalars={"name": str, "kind": str, "country": str, "enabled": bool},
    lists=("domains", "not_agency", "namesakes"),
    required=("name", "kind", "aliases"),
    choices={"kind": KINDS},
    formats={"country": COUNTRY_FORMAT},
    checked_elsewhere=frozenset({"aliases"}),
)


class RegistryError(UserError):
    """A registry file that cannot be used; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class Alias:
    """One way an agency is written, and the roles in which it may be credited."""

    text: str
    lang: str | None = None
    case_sensitive: bool = False
    strict: bool = False  # also a common word or initials: cited only next to a cue
    roles: tuple[str, ...] = ROLES
    only_in_lang: bool = False  # a name only in text of its `lang`, told by its script (see cues.LANG_SCRIPT_RANGES)


@dataclasses.dataclass(frozen=True)
class Agency:
    """One agency of the registry: its kind ('wire' or 'state'), its aliases and own domains, and the
    phrases that contain a name of it but mean something else (not_agency, namesakes)."""

    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[Alias, ...]
    domains: tuple[str, ...] = ()
    not_agency: tuple[str, ...] = ()
    namesakes: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Registry:
    """The agencies known to the detector, the citation cues, and the agency files they were read from."""

    agencies: tuple[Agency, ...]
    files: tuple[str, ...] = ()
    cues: Cues = dataclasses.field(default_factory=lambda: load_cues([]))

    def agency(self, agency_id: str) -> Agency:
        """The agency with this id; KeyError if there is none."""
        for agency in self.agencies:
            if agency.id == agency_id:
                return agency
        raise KeyError(agency_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of every agency, in registry order."""
        return tuple(a.id for a in self.agencies)


def load_registry(extra: pathlib.Path | None = None) -> Registry:
    """The default registry, with `extra` (a user's TOML file) merged over it."""
    merged: dict[str, dict[str, Any]] = {}
    files = [DEFAULT_PATH] + ([pathlib.Path(extra)] if extra is not None else [])
    cue_tables = []
    for path in files:
        lines, data = read_registry_file(
            path, SHAPE, what="agency registry", error=RegistryError, other_tables={"cues": "[cues.<lang>]"}
        )
        for agency_id, entry in data.get("agency", {}).items():
            merge_entry(merged, SHAPE, agency_id, _entry(agency_id, entry, lines), lines, RegistryError)
        if "cues" in data:
            cue_tables.append((lines, data["cues"]))
    agencies = tuple(_build(agency_id, fields) for agency_id, fields in enabled(merged).items())
    _check_alias_clashes(enabled(merged))
    return Registry(agencies, tuple(str(p) for p in files), load_cues(cue_tables))


def _entry(agency_id: str, entry: dict[str, Any], lines: TomlLines) -> dict[str, Any]:
    """The validated fields one file gives for one agency, each alias with where it was written."""
    fail = entry_failure(SHAPE, agency_id, lines, RegistryError)
    fields = entry_fields(SHAPE, agency_id, entry, lines, fail)
    if "aliases" in entry:
        raw = entry["aliases"]
        if not isinstance(raw, list) or not all(isinstance(a, dict) for a in raw):
            raise fail("'aliases' must be a list of tables like { text = \"Reuters\" }", "aliases")
        table = (SHAPE.table, agency_id)
        fields["aliases"] = tuple((_alias(a, fail), lines.place(table, "text", a.get("text"))) for a in raw)
    return fields


def _alias(raw: dict[str, Any], fail: Fail) -> Alias:
    text = raw.get("text")
    for key in raw.keys() - ALIAS_KEYS:
        raise fail(
            f"alias {text!r}: unknown key '{key}' (expected one of: {', '.join(sorted(ALIAS_KEYS))})",
            "text" if isinstance(text, str) else "aliases",
            text if isinstance(text, str) else None,
        )
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        raise fail(
            "every alias needs 'text', a non-empty string without surrounding spaces",
            "aliases",
            text if isinstance(text, str) else None,
        )
    for key in ("case_sensitive", "strict", "only_in_lang"):
        if not isinstance(raw.get(key, False), bool):
            raise fail(f"alias '{text}': '{key}' must be true or false", "text", text)
    name = plain(text)  # (as matched: invisible characters do not count)
    if len(name) < MIN_ALIAS_CHARS and not (name and raw.get("case_sensitive", False) and not glued_script(name[0])):
        raise fail(
            f"alias '{text}' is shorter than {MIN_ALIAS_CHARS} characters: it would be credited wherever the "
            "letter stands as a word. Write a longer alias, or mark it case_sensitive = true to match it only "
            "in its exact case as a whole token (a letter of a script written without spaces, CJK, kana or "
            "Hangul, matches inside words: it is always refused)",
            "text",
            text,
        )
    if not isinstance(raw.get("lang", ""), str):
        raise fail(f"alias '{text}': 'lang' must be a string like 'id'", "text", text)
    if raw.get("only_in_lang", False) and raw.get("lang") not in LANG_SCRIPT_RANGES:
        raise fail(
            f"alias '{text}': 'only_in_lang' needs a 'lang' written in a script of its own "
            f"(one of: {', '.join(LANG_SCRIPT_RANGES)})",
            "text",
            text,
        )
    roles = raw.get("roles", list(ROLES))
    if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles):
        raise fail(f"alias '{text}': 'roles' must be a non-empty list of {', '.join(ROLES)}", "text", text)
    return Alias(
        text,
        raw.get("lang"),
        raw.get("case_sensitive", False),
        raw.get("strict", False),
        tuple(r for r in ROLES if r in roles),
        raw.get("only_in_lang", False),
    )


def _build(agency_id: str, fields: dict[str, Any]) -> Agency:
    if not fields["aliases"]:
        raise RegistryError(f"{fields[WHERE]}: agency '{agency_id}' has no aliases")
    return Agency(
        id=agency_id,
        name=fields["name"],
        kind=fields["kind"],
        country=fields.get("country"),
        aliases=tuple(alias for alias, _ in fields["aliases"]),
        **{key: fields.get(key, ()) for key in SHAPE.lists},
    )


def _check_alias_clashes(merged: dict[str, dict[str, Any]]) -> None:
    """Two agencies (or one, twice) may not claim the same alias: a match could not be attributed."""
    claimed: dict[str, list[tuple[Alias, str, Place]]] = {}  # folded text -> (alias, agency, where)
    for agency_id, fields in merged.items():
        for alias, where in fields["aliases"]:
            folded = " ".join(unicodedata.normalize("NFKC", plain(alias.text)).casefold().split())
            for other, other_id, other_where in claimed.get(folded, ()):
                same_text = plain(alias.text) == plain(other.text) or not (
                    alias.case_sensitive and other.case_sensitive
                )
                if same_text and other_id != agency_id:
                    raise RegistryError(
                        f"{where}: alias '{alias.text}' of '{agency_id}' is already an alias of "
                        f"'{other_id}' ({other_where})"
                    )
            claimed.setdefault(folded, []).append((alias, agency_id, where))

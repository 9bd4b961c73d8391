"""The outlet registry: the shipped `outlets.toml`, plus a user's file merged over it.

A user file has the same shape as the default one and is merged the way the
agency registry is (see `analytics.enrich.registry_file`): a table for a new id
adds an outlet (it then needs `name` and `kind`); a table for an existing id
overrides the scalar fields it gives and adds to `hosts` and `aliases`;
`enabled = false` drops one. Its `[not_outlet]` names are added to the shipped
ones. An outlet's display name is one of its aliases. Every problem is an
OutletError naming the file and line: an unknown key, a bad kind, a host or an
alias claimed by two outlets, an agency the agency registry does not know.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from analytics.enrich.attribution.registry import Registry, load_registry
from analytics.enrich.outlets.names import channel_of, fold_name, host_in_name, host_of, name_key, registrable_domain
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
from analytics.errors import UserError
from analytics.tomllines import Place, TomlLines

DEFAULT_PATH = pathlib.Path(__file__).with_name("outlets.toml")
KINDS = ("newspaper", "online", "broadcaster", "magazine", "agency", "aggregator")
AGENCY_KIND = "agency"  # the kind of an agency's own feed, tied to its id in the agency registry
SHAPE = EntryShape(
    table="outlet",
    example="kompas",
    scalars={
        "name": str,
        "kind": str,
        "country": str,
        "language": str,
        "owner": str,
        "agency": str,
        "enabled": bool,
    },
    lists=("hosts", "aliases"),
    required=("name", "kind"),
    choices={"kind": KINDS},
    formats={"country": COUNTRY_FORMAT, "language": (re.compile(r"^[a-z]{2,3}$"), "an ISO 639 code like 'id'")},
)
NOT_OUTLET = "not_outlet"  # the table of raw values that name no outlet
NOT_OUTLET_KEYS = frozenset({"names"})
Located = tuple[str, Place]  # a value and where it is written


class OutletError(UserError):
    """An outlet registry file that cannot be used; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class Outlet:
    """One outlet of the registry: who publishes under which hosts and names."""

    id: str
    name: str
    kind: str
    country: str | None
    language: str | None
    owner: str | None
    agency: str | None  # for kind 'agency': the agency (of the agency registry) whose own feed this is
    hosts: tuple[str, ...]  # registrable domains (or a sub-site that is an outlet of its own); sub-domains roll up
    aliases: tuple[str, ...]  # raw names as found in the data


@dataclasses.dataclass(frozen=True, eq=False)  # compared and hashed by identity: resolutions are cached per registry
class OutletRegistry:
    """The outlets known to the resolver, their lookups, and the files they were read from."""

    outlets: tuple[Outlet, ...]
    files: tuple[str, ...]
    by_id: Mapping[str, Outlet]
    by_host: Mapping[str, str]  # host -> outlet id
    by_alias: Mapping[str, str]  # folded alias or display name -> outlet id
    by_key: Mapping[str, str]  # normalised id, name, alias or host -> outlet id, where only one outlet has it
    not_outlets: frozenset[str]  # the folded [not_outlet] names

    def outlet(self, outlet_id: str) -> Outlet:
        """The outlet with this id; KeyError if there is none."""
        return self.by_id[outlet_id]

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of every outlet, in registry order."""
        return tuple(o.id for o in self.outlets)

    def outlet_at(self, host: str) -> tuple[str, str | None] | None:
        """(outlet id, channel) of a canonical host (`names.host_of`) that is, or is a sub-domain of,
        a registry host: the most specific one, with the sub-site as channel."""
        site = site_of(self.by_host, host)
        return None if site is None else (self.by_host[site], channel_of(host, site))

    def outlet_named(self, raw_name: str) -> tuple[str, str | None] | None:
        """(outlet id, channel) of a raw outlet name: an alias or display name (any case and spacing),
        a name written as a host (`Liputan6.com`, `megapolitan.kompas.com`, with its channel), or the
        normalised form of an id, name, alias or host (`Okezone`)."""
        folded = fold_name(raw_name)
        if folded in self.by_alias:
            return self.by_alias[folded], None
        host = host_in_name(folded)
        if host is not None:
            return self.outlet_at(host)
        key = name_key(raw_name)
        return (self.by_key[key], None) if key in self.by_key else None


def site_of(by_host: Mapping[str, str], host: str) -> str | None:
    """The host of `by_host` that `host` is or is a sub-domain of (the most specific one), looked for
    from `host` down to its registrable domain."""
    site = registrable_domain(host)
    candidate = host
    while site is not None:
        if candidate in by_host:
            return candidate
        if candidate == site[0] or "." not in candidate:
            return None
        candidate = candidate.split(".", 1)[1]
    return None


def load_outlets(extra: pathlib.Path | None = None, *, agencies: Registry | None = None) -> OutletRegistry:
    """The default outlet registry, with `extra` (a user's TOML file) merged over it. The `agency` of
    an agency's own feed must be an id of `agencies` (default: the shipped agency registry)."""
    agencies = agencies if agencies is not None else load_registry()
    merged: dict[str, dict[str, Any]] = {}
    not_outlets: dict[str, Located] = {}  # folded -> (name, where)
    files = [DEFAULT_PATH] + ([pathlib.Path(extra)] if extra is not None else [])
    for path in files:
        lines, data = read_registry_file(
            path, SHAPE, what="outlet registry", error=OutletError, other_tables={NOT_OUTLET: f"[{NOT_OUTLET}]"}
        )
        for outlet_id, entry in data.get(SHAPE.table, {}).items():
            merge_entry(merged, SHAPE, outlet_id, _entry(outlet_id, entry, lines, agencies), lines, OutletError)
        for name, where in _not_outlet_names(data.get(NOT_OUTLET, {}), lines):
            not_outlets.setdefault(fold_name(name), (name, where))
    kept = enabled(merged)
    for outlet_id, fields in kept.items():
        _check_agency(outlet_id, fields)
    by_host = _claims(kept, _hosts, lambda host: host, "a host")
    by_alias = _claims(kept, _names, fold_name, "a name or alias")
    _check_names(kept, by_host)
    outlets = tuple(_build(outlet_id, fields) for outlet_id, fields in kept.items())
    registry = OutletRegistry(
        outlets=outlets,
        files=tuple(str(p) for p in files),
        by_id={o.id: o for o in outlets},
        by_host=by_host,
        by_alias=by_alias,
        by_key=_unambiguous_keys(outlets),
        not_outlets=frozenset(not_outlets),
    )
    for name, where in not_outlets.values():
        named = registry.outlet_named(name)
        if named is not None:
            raise OutletError(f"{where}: '{name}' is listed as not an outlet but names '{named[0]}'")
    return registry


def _entry(outlet_id: str, entry: dict[str, Any], lines: TomlLines, agencies: Registry) -> dict[str, Any]:
    """The validated fields one file gives for one outlet; each host and alias with where it is written."""
    fail = entry_failure(SHAPE, outlet_id, lines, OutletError)
    fields = entry_fields(SHAPE, outlet_id, entry, lines, fail)
    if "agency" in fields and fields["agency"] not in agencies.ids:
        raise fail(
            f"agency '{fields['agency']}' is not an agency of the agency registry ({', '.join(agencies.files)})",
            "agency",
        )
    for host in fields.get("hosts", ()):
        _check_host(host, fail)
    table = (SHAPE.table, outlet_id)
    for key in SHAPE.lists:
        if key in fields:
            fields[key] = tuple((value, lines.place(table, key, value)) for value in fields[key])
    return fields


def _check_host(host: str, fail: Fail) -> None:
    """A host is written as the resolver compares it: a host name under a public suffix, in lower case,
    without scheme, `www.`, port or path."""
    if host_of(host) != host or registrable_domain(host) is None:
        canonical = host_of(host)
        hint = f" (write '{canonical}')" if canonical and registrable_domain(canonical) else ""
        raise fail(
            f"host '{host}' is not a site's host name like 'kompas.com' (lower case, under a public suffix, "
            f"without scheme, www., port or path){hint}",
            "hosts",
            host,
        )


def _not_outlet_names(table: Any, lines: TomlLines) -> list[Located]:
    """The names of one file's `[not_outlet]` table, each with where it is written."""
    place = (NOT_OUTLET,)
    if not isinstance(table, dict):
        raise OutletError(f"{lines.where(key=NOT_OUTLET)}: '{NOT_OUTLET}' must be a table like [{NOT_OUTLET}]")
    for key in table.keys() - NOT_OUTLET_KEYS:
        raise OutletError(f"{lines.where(place, key)}: {NOT_OUTLET}: unknown key '{key}' (expected: names)")
    names = table.get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise OutletError(f"{lines.where(place, 'names')}: {NOT_OUTLET}: 'names' must be a list of non-empty strings")
    return [(name, lines.place(place, "names", name)) for name in names]


def _check_agency(outlet_id: str, fields: dict[str, Any]) -> None:
    """An agency's own feed names its agency, and only an agency's own feed does."""
    if fields["kind"] == AGENCY_KIND and "agency" not in fields:
        raise OutletError(
            f"{fields[WHERE]}: outlet '{outlet_id}': kind 'agency' needs 'agency', the id of the agency "
            "(in the agency registry) whose own feed it is"
        )
    if fields["kind"] != AGENCY_KIND and "agency" in fields:
        raise OutletError(
            f"{fields[WHERE]}: outlet '{outlet_id}': 'agency' is for outlets of kind 'agency' only "
            f"(this one is '{fields['kind']}')"
        )


def _hosts(fields: dict[str, Any]) -> tuple[Located, ...]:
    """An outlet's hosts, each with where it is written."""
    return fields.get("hosts", ())


def _names(fields: dict[str, Any]) -> tuple[Located, ...]:
    """An outlet's display name and aliases, each with where it is written."""
    return ((fields["name"], fields[WHERE]), *fields.get("aliases", ()))


def _claims(
    merged: dict[str, dict[str, Any]],
    values: Callable[[dict[str, Any]], tuple[Located, ...]],
    form: Callable[[str], str],
    what: str,
) -> dict[str, str]:
    """The outlet id of every value the outlets give (`values`), in its compared `form`. Two outlets
    may not claim the same one (one outlet may, twice): the error names both places."""
    claimed: dict[str, tuple[str, Place]] = {}
    for outlet_id, fields in merged.items():
        for value, where in values(fields):
            other_id, other_where = claimed.setdefault(form(value), (outlet_id, where))
            if other_id != outlet_id:
                raise OutletError(
                    f"{where}: outlet '{outlet_id}': '{value}' is already {what} of '{other_id}' ({other_where})"
                )
    return {compared: outlet_id for compared, (outlet_id, _) in claimed.items()}


def _check_names(merged: dict[str, dict[str, Any]], by_host: Mapping[str, str]) -> None:
    """No name or alias written as a host is another outlet's host."""
    for outlet_id, fields in merged.items():
        for alias, where in _names(fields):
            host = host_in_name(fold_name(alias))
            site = site_of(by_host, host) if host else None
            if site is not None and by_host[site] != outlet_id:
                raise OutletError(f"{where}: outlet '{outlet_id}': '{alias}' is written as a host of '{by_host[site]}'")


def _build(outlet_id: str, fields: dict[str, Any]) -> Outlet:
    return Outlet(
        id=outlet_id,
        name=fields["name"],
        kind=fields["kind"],
        country=fields.get("country"),
        language=fields.get("language"),
        owner=fields.get("owner"),
        agency=fields.get("agency"),
        hosts=tuple(dict.fromkeys(host for host, _ in fields.get("hosts", ()))),
        aliases=tuple(dict.fromkeys(alias for alias, _ in fields.get("aliases", ()))),
    )


def _unambiguous_keys(outlets: tuple[Outlet, ...]) -> dict[str, str]:
    """The normalised forms of every outlet's name, aliases and hosts (`okezone` for okezone.com),
    except those that two outlets share (`kompas` of kompas.com and kompas.id); and of every id."""
    owners: dict[str, set[str]] = {}
    for outlet in outlets:
        for text in (outlet.name, *outlet.aliases, *outlet.hosts):
            owners.setdefault(name_key(text), set()).add(outlet.id)
    keys = {key: ids.pop() for key, ids in owners.items() if key and len(ids) == 1}
    return keys | {name_key(outlet.id): outlet.id for outlet in outlets}

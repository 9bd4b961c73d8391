"""Filter values as a user writes them, matched to what the store holds: `--outlet KCNA` is the
outlet `kcna`, `--agency 新华社` the agency `xinhua`, `--tag "Korea Utara"` the tag `korea utara`;
a value matching nothing is unknown, with the nearest known values (difflib), never dropped in
silence. The report and the dashboard's links resolve their filters here.

    filters, unknown = resolve_filter_values(store, {"agencies": ["XINHUA", "xinhau"]})
    # filters.agencies == ("xinhua",); unknown == {"agencies": [("xinhau", ("xinhua",))]}
    if unknown:
        raise FilterError(unknown_values_message(unknown))

How a field's values match (a value matching as given stays as given):
- outlets: a stored outlet id, display name or raw outlet name, any case (a name becomes its id);
- agencies: an agency id, name or alias of the store's registry, or an id the attributions hold, any case;
- roles, outlet_kind: their fixed values, any case;
- tags: a stored tag key, written any way that normalises to it (`Korea-Utara`, `KOREA UTARA`);
- languages: a stored language code, any case; `(unknown)` for outlets and languages: none;
- copy_of: `agency:` or `uncredited:` and an agency as agencies match, `outlet:` and an outlet as
  outlets match (`agency:ANTARA` is `agency:antara`); a store without reuse tables has none, and says so.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping
from typing import Any

from analytics.enrich.attribution.registry import ROLES
from analytics.enrich.tags import normalise_tag
from analytics.queries.engine import run, store_registry
from analytics.queries.filters import (
    ALL_KINDS,
    COPY_KINDS,
    FIELDS,
    LIST_FIELDS,
    OUTLET_KINDS,
    UNKNOWN,
    FilterError,
    Filters,
    filters_from,
    list_values,
)
from analytics.queries.reuse import has_reuse


class NoReuse(FilterError):
    """A copy_of filter on a store that has no reuse tables (never given a reuse round)."""

    def __init__(self, path: Any) -> None:
        super().__init__(f"copy_of: this store has no text reuse yet: run `media-analytics reuse --store {path}`")


NEAREST_MATCHES = 3  # how many near values an unknown one is shown with
NEAREST_CUTOFF = 0.6  # difflib's similarity (0-1) a value must reach to be shown as near
Unknown = dict[str, list[tuple[str, tuple[str, ...]]]]  # field -> [(value as given, nearest known values)]


def resolve_filter_values(
    store, filters: Filters | Mapping[str, Any], *, time_limit: float | None = None
) -> tuple[Filters, Unknown]:
    """The filters with every list value matched to the store's (case, names, aliases: see the
    module docstring), and the values that match nothing, per field, each with its nearest known
    values. `filters` is a Filters or raw values as `filters_from` takes them (`XINHUA` is no
    valid agency id, so raw values are how a user's spelling gets here). The unknown values are
    left out of the Filters returned: never use it while `unknown` is not empty without saying
    so (the report stops; the dashboard shows them)."""
    raw = filters.as_dict() if isinstance(filters, Filters) else dict(filters)
    for name in raw.keys() - set(FIELDS):
        filters_from(**{name: raw[name]})  # raises FilterError naming the unknown filter
    resolved: dict[str, Any] = {name: raw.get(name) for name in FIELDS if name not in LIST_FIELDS}
    unknown: Unknown = {}
    for name, matches in match_filter_values(store, raw, time_limit=time_limit).items():
        resolved[name] = list(dict.fromkeys(match.found for match in matches if match.found is not None))
        missing = [(match.value, match.nearest) for match in matches if match.found is None]
        if missing:
            unknown[name] = missing
    return filters_from(**resolved), unknown


@dataclasses.dataclass(frozen=True)
class Match:
    """One value as a user gave it: the store's value it means (None: none), else the nearest known ones."""

    value: str
    found: str | None
    nearest: tuple[str, ...] = ()


def match_filter_values(
    store, raw: Mapping[str, Any], *, time_limit: float | None = None
) -> dict[str, tuple[Match, ...]]:
    """Each value of each list field in `raw` (a field's values as `filters_from` takes them), in
    the order given, matched to the store's: what `resolve_filter_values` decides, value by value,
    for a caller that keeps the unknown ones in place (the dashboard's links). Fields not given
    are left out."""
    matched: dict[str, tuple[Match, ...]] = {}
    for name in LIST_FIELDS:
        given = list_values(name, raw.get(name))
        if not given:
            continue
        known = _KNOWN[name](store, time_limit)
        found = [_match(name, value, known) for value in given]
        matched[name] = tuple(
            Match(value, hit, () if hit is not None else _nearest(name, value, known))
            for value, hit in zip(given, found)
        )
    return matched


def unknown_values_message(unknown: Unknown) -> str:
    """One sentence per field naming its unknown values and their nearest known ones."""
    parts = []
    for name, values in unknown.items():
        described = []
        for value, nearest in values:
            hint = f" (nearest: {', '.join(nearest)})" if nearest else " (nothing near it)"
            described.append(f"{value!r}{hint}")
        parts.append(f"unknown {name}: {'; '.join(described)}")
    return "; ".join(parts)


# --- the known values of each field: {matching key: the value the filters use} -----------------


def _key(name: str, value: str) -> str:
    """What a value is compared by: tags by their normalised key, anything else by its case-folded text."""
    return normalise_tag(value) if name == "tags" else value.strip().casefold()


def _match(name: str, value: str, known: dict[str, str]) -> str | None:
    if value in known.values():
        return value
    return known.get(_key(name, value))


def _nearest(name: str, value: str, known: dict[str, str]) -> tuple[str, ...]:
    keys = difflib.get_close_matches(_key(name, value), known, n=NEAREST_MATCHES * 2, cutoff=NEAREST_CUTOFF)
    return tuple(dict.fromkeys(known[k] for k in keys))[:NEAREST_MATCHES]


def _keyed(name: str, pairs: list[tuple[Any, str]]) -> dict[str, str]:
    """{key of each spelling: its value}; where two values share a key, the first given keeps it."""
    known: dict[str, str] = {}
    for spelling, value in pairs:
        if isinstance(spelling, str) and spelling.strip():  # a missing one is NaN in a frame
            known.setdefault(_key(name, spelling), value)
    return known


def _stored(store, sql: str, time_limit: float | None) -> list[tuple[Any, ...]]:
    """The rows of a query for the known values."""
    frame = run(store, sql, name="filter values", time_limit=time_limit)
    return list(frame.itertuples(index=False, name=None))


def _outlets(store, time_limit: float | None) -> dict[str, str]:
    # ids first, then display names, then raw names: a name is taken as the id of its articles
    # (a raw name of articles without an id stays itself, as the filters match it)
    spelled = _stored(
        store,
        f"SELECT spelling, id FROM (SELECT coalesce(outlet_id, '{UNKNOWN}') AS id, outlet_id AS spelling, 1 AS rank "
        "FROM articles UNION SELECT outlet_id, outlet_name, 2 FROM articles WHERE outlet_id IS NOT NULL "
        "UNION SELECT outlet_id, outlet, 3 FROM articles WHERE outlet_id IS NOT NULL "
        "UNION SELECT outlet, outlet, 4 FROM articles WHERE outlet_id IS NULL) ORDER BY rank, spelling",
        time_limit,
    )
    return _keyed("outlets", [(UNKNOWN, UNKNOWN), *spelled])


def _agencies(store, time_limit: float | None) -> dict[str, str]:
    registry = store_registry(store)
    pairs = [(a.id, a.id) for a in registry.agencies]
    pairs += [(a.name, a.id) for a in registry.agencies]
    pairs += [(alias.text, a.id) for a in registry.agencies for alias in a.aliases]
    pairs += [(agency, agency) for (agency,) in _stored(store, "SELECT DISTINCT agency FROM attributions", time_limit)]
    return _keyed("agencies", pairs)


def _tags(store, time_limit: float | None) -> dict[str, str]:
    return {tag: tag for (tag,) in _stored(store, "SELECT DISTINCT tag FROM tags", time_limit)}


def _languages(store, time_limit: float | None) -> dict[str, str]:
    stored = _stored(store, "SELECT DISTINCT language FROM articles WHERE language IS NOT NULL", time_limit)
    return _keyed("languages", [(UNKNOWN, UNKNOWN), *((language, language) for (language,) in stored)])


def _copies(store, time_limit: float | None) -> dict[str, str]:
    if not has_reuse(store):
        raise NoReuse(store.path)
    spelled = {"agency": _agencies(store, time_limit), "outlet": _outlets(store, time_limit)}
    spelled["uncredited"] = spelled["agency"]
    return {f"{kind}:{key}": f"{kind}:{value}" for kind in COPY_KINDS for key, value in spelled[kind].items()}


def _fixed(values: tuple[str, ...]) -> Callable[[Any, float | None], dict[str, str]]:
    return lambda _store, _time_limit: _keyed("fixed", [(value, value) for value in values])


_KNOWN: dict[str, Callable[[Any, float | None], dict[str, str]]] = {
    "outlets": _outlets,
    "agencies": _agencies,
    "roles": _fixed(ROLES),
    "tags": _tags,
    "languages": _languages,
    "outlet_kind": _fixed((*OUTLET_KINDS, ALL_KINDS)),
    "copy_of": _copies,
}

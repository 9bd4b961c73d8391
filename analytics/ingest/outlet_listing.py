"""The outlet mapping of a store, for a user to see and correct it (`media-analytics outlets`):
each canonical outlet with its articles, kind, and the raw names and URL hosts mapped to it,
and the raw names mapped to no outlet, by reason.

The mapping is the stored one (what ingest or the last `reoutlet` gave), or, with an outlet
registry, what that registry would give the same articles (before `reoutlet` stores it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from analytics.enrich.derive import outlet_columns
from analytics.enrich.outlets import OutletRegistry
from analytics.store.store import Store

NO_RAW_NAME = "(no outlet name)"  # how the listing shows articles that carry no raw outlet value
NO_HOST = "(no URL)"


@dataclasses.dataclass
class ListedOutlet:
    """One canonical outlet: its articles, and the raw names, hosts and methods that gave them."""

    outlet_id: str
    outlet_name: str | None
    outlet_kind: str | None  # None: an outlet the registry does not know (method `normalised`)
    articles: int = 0
    names: dict[str, int] = dataclasses.field(default_factory=dict)  # raw name -> articles
    hosts: dict[str, int] = dataclasses.field(default_factory=dict)  # URL host -> articles
    methods: dict[str, int] = dataclasses.field(default_factory=dict)  # outlet_method -> articles


@dataclasses.dataclass(frozen=True)
class Unmapped:
    """A raw outlet value mapped to no outlet: why, and how many articles carry it."""

    reason: str
    raw_name: str
    articles: int


@dataclasses.dataclass(frozen=True)
class OutletListing:
    """The outlets (most articles first), the unmapped raw names (by reason, most articles first),
    and the outlet registry files that mapped them (None: the mapping as stored)."""

    outlets: list[ListedOutlet]
    unmapped: list[Unmapped]
    registry_files: tuple[str, ...] | None

    def to_json(self) -> dict:
        """The listing as plain data."""
        return dataclasses.asdict(self)


def outlet_listing(store: Store, *, outlets: OutletRegistry | None = None) -> OutletListing:
    """The store's outlet mapping: as stored, or as `outlets` would map the same articles."""
    rows = store.outlet_pairs()
    if outlets is not None:
        rows = [_resolved(row, outlets) for row in rows]
    return _listing(rows, None if outlets is None else tuple(outlets.files))


def _resolved(row: tuple, outlets: OutletRegistry) -> tuple:
    """A (host, raw name, ...columns, articles) row with the columns `outlets` gives its host and name."""
    host, raw_name, *_, articles = row
    columns = outlet_columns(outlets, url=f"http://{host}/" if host else None, raw_name=raw_name)
    listed = ("outlet_id", "outlet_name", "outlet_kind", "outlet_method", "outlet_issue")
    return (host, raw_name, *(columns[name] for name in listed), articles)


def _listing(rows: Iterable[tuple], registry_files: tuple[str, ...] | None) -> OutletListing:
    listed: dict[str, ListedOutlet] = {}
    unmapped: dict[tuple[str, str], int] = {}
    for host, raw_name, outlet_id, name, kind, method, issue, articles in rows:
        raw = raw_name if raw_name is not None else NO_RAW_NAME
        if outlet_id is None:
            key = (issue or "", raw)
            unmapped[key] = unmapped.get(key, 0) + articles
            continue
        outlet = listed.setdefault(outlet_id, ListedOutlet(outlet_id, name, kind))
        outlet.articles += articles
        for counts, value in ((outlet.names, raw), (outlet.hosts, host or NO_HOST), (outlet.methods, method)):
            counts[value] = counts.get(value, 0) + articles
    for outlet in listed.values():
        for counts in (outlet.names, outlet.hosts, outlet.methods):
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            counts.clear()
            counts.update(ordered)
    return OutletListing(
        outlets=sorted(listed.values(), key=lambda o: (-o.articles, o.outlet_id)),
        unmapped=[
            Unmapped(reason, raw, n)
            for (reason, raw), n in sorted(unmapped.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
        ],
        registry_files=registry_files,
    )

"""Filter values from a link matched against what the store holds, by the analytics' own
resolver (`analytics.queries.match_filter_values`, the one `report` uses): `KCNA`, `Korea Utara`
or an old link's raw outlet name mean what they mean to the report.

A value the store knows in another spelling is replaced by the store's value; a value it does
not know is kept as given (in the URL and the dropdown), listed as unknown with the nearest known
values: a value from a link is never dropped.
"""

from __future__ import annotations

import dataclasses

from analytics import queries as q


@dataclasses.dataclass(frozen=True)
class Unknown:
    """A value the store does not know, and the nearest values it does know."""

    field: str
    value: str
    nearest: tuple[str, ...] = ()

    def text(self) -> str:
        """`outlets: "kcnaa" is unknown (nearest: kcna)`."""
        hint = f" (nearest: {', '.join(self.nearest)})" if self.nearest else " (no similar value)"
        return f'{self.field}: "{self.value}" is unknown{hint}'


@dataclasses.dataclass(frozen=True)
class Resolved:
    """The values of each field as the store knows them, and those it does not know (kept in `values`)."""

    values: dict[str, list[str]]
    unknown: tuple[Unknown, ...] = ()


def resolve_link_values(store, raw: dict[str, list[str]], *, time_limit: float | None = None) -> Resolved:
    """Each value of each list field of a link, in place, as the store holds it (`match_filter_values`);
    an unmatched value kept as given and listed as unknown with its nearest known values. Values
    no filter can take (too many of them) are left as given, for the link's parse to say so."""
    try:
        matched = q.match_filter_values(store, raw, time_limit=time_limit)
    except q.FilterError:
        return Resolved(raw)
    every = [(field, match) for field, matches in matched.items() for match in matches]
    meaning = {(field, match.value): match.found or match.value for field, match in every}
    values = {field: [meaning.get((field, value), value) for value in given] for field, given in raw.items()}
    unknown = tuple(Unknown(field, match.value, match.nearest) for field, match in every if match.found is None)
    return Resolved(values, unknown)


__all__ = ["Resolved", "Unknown", "resolve_link_values"]

"""Filter values from a link matched against what the store holds: the one place that
decides what `KCNA`, `Korea Utara` or `kcnaa` in a URL means.

A value is kept as given when the store knows it, matched by case or spelling (an outlet's
or agency's display name, a tag's label or normalised key) when it differs only so, and
otherwise kept too, as an unknown value, with the nearest known values to suggest: a value
from a link is never dropped. An outlet value the store does not list may still be a raw
name an older link used (`Filters` selects by raw names): it is unknown only when it selects
no article.

Until `analytics.queries` offers a resolver of its own, the known values come from the
dashboard's option lists (`filterbar.resolver` wires `resolve_values` to `filterbar.choices`,
which call `analytics.queries`); switching means replacing `resolve_values` alone.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Sequence

from analytics.enrich.tags import normalise_tag

NEAREST = 3  # suggestions for an unknown value
NEAREST_CUTOFF = 0.6  # difflib similarity a suggestion needs
# field -> (value, display name, articles) of every value the store holds
Known = Callable[[str], Sequence[tuple[str, str, int]] | None]  # None: the field is not resolved
Selects = Callable[[str, str], bool]  # (field, value) -> whether the value selects any article


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


def resolve_values(raw: dict[str, list[str]], *, known: Known, selects: Selects) -> Resolved:
    """Each value of each field matched against `known(field)` (exact, then ignoring case, then by
    display name or tag key); an unmatched value is kept and listed as unknown with its nearest matches."""
    values: dict[str, list[str]] = {}
    unknown: list[Unknown] = []
    for field, given in raw.items():
        entries = known(field)
        if entries is None:  # a field this resolver leaves to the filters' own checks
            values[field] = list(given)
            continue
        matched = [_match(field, value, entries) for value in given]
        values[field] = [found or value for found, value in zip(matched, given)]
        unknown += [
            Unknown(field, value, _nearest(value, entries))
            for found, value in zip(matched, given)
            if found is None and not (field == "outlets" and selects(field, value))
        ]
    return Resolved(values, tuple(unknown))


def _match(field: str, value: str, entries: Sequence[tuple[str, str, int]]) -> str | None:
    """The known value `value` means, or None."""
    ids = {known for known, _, _ in entries}
    if value in ids:
        return value
    folded = value.casefold()
    for known, name, _ in entries:
        if folded in (known.casefold(), name.casefold()):
            return known
    if field == "tags" and normalise_tag(value) in ids:
        return normalise_tag(value)
    return None


def _nearest(value: str, entries: Sequence[tuple[str, str, int]]) -> tuple[str, ...]:
    """The known values whose id or name is most like `value`."""
    by_text = {known.casefold(): known for known, _, _ in entries} | {
        name.casefold(): known for known, name, _ in entries
    }
    close = difflib.get_close_matches(value.casefold(), list(by_text), n=NEAREST * 2, cutoff=NEAREST_CUTOFF)
    return tuple(dict.fromkeys(by_text[text] for text in close))[:NEAREST]


__all__ = ["Resolved", "Unknown", "resolve_values"]

"""Several queries side by side: each analysis once per named query, with a `query` column.

A named query is a name and what it adds to the base filters: a text query (`rudal=rudal`,
`"Kim=\\"Kim Jong Un\\""`), or filters in URL form after a `?` (`KCNA cited=?agencies=kcna`,
`?q=nuklir&languages=id`). Its text query is ANDed with the base filters' own; any other
field it sets must be one the base filters leave unset, so every named query selects within
the base filters (the articles its shares can be of).

`compare(analysis, store, base, queries, ...)` runs an analysis under each named query's
filters. In a timeline (`timeline=True`; the catalog's `Analysis.timeline`) each query's count per period is a share
of the period's articles under the base filters (its `total`), so the series of several queries
are comparable as shares of one whole; every other analysis keeps the shares it has on its
own (e.g. the share of the query's articles that credit Xinhua).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from analytics.queries.engine import QueryError
from analytics.queries.filters import FilterError, Filters, from_query_string

MAX_QUERIES = 5
MAX_NAME_CHARS = 60
QUERY_COLUMN = "query"
FILTERS_MARK = "?"  # a named query's filters in URL form follow this mark


@dataclasses.dataclass(frozen=True)
class NamedQuery:
    """A name and the filter values it adds to the base filters (as Filters.as_dict gives them)."""

    name: str
    adds: tuple[tuple[str, Any], ...]

    @property
    def spec(self) -> str:
        """How it is written (`name=QUERY` or `name=?filters`): parse_named gives it back."""
        values = dict(self.adds)
        if set(values) == {"q"}:
            return f"{self.name}={values['q']}"
        return f"{self.name}={FILTERS_MARK}{Filters().replace(**values).to_query_string()}"

    def filters(self, base: Filters) -> Filters:
        """The base filters with this query's values: its text query ANDed with theirs."""
        values = dict(self.adds)
        if "q" in values and base.q:
            values["q"] = f"({base.q}) ({values['q']})"
        taken = [name for name in values if name != "q" and getattr(base, name) != getattr(Filters(), name)]
        if taken:
            raise FilterError(
                f"compare {self.name!r}: {', '.join(taken)} is set by the base filters already "
                "(a compared query narrows the base filters; give the field only in the queries)"
            )
        return base.replace(**values)


def parse_named(spec: str) -> NamedQuery:
    """A named query from `name=QUERY` or `name=?field=value&...`; FilterError saying what is wrong."""
    if not isinstance(spec, str) or "=" not in spec:
        raise FilterError(f"compare: {spec!r} is not NAME=QUERY (e.g. rudal=rudal, 'KCNA cited=?agencies=kcna')")
    name, _, text = spec.partition("=")
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise FilterError(f"compare: {spec!r} needs a name of 1 to {MAX_NAME_CHARS} characters before the =")
    if text.startswith(FILTERS_MARK):
        filters = from_query_string(text)
    else:
        filters = Filters(q=text.strip() or None)
    try:
        filters.validate()
    except FilterError as err:
        raise FilterError(f"compare {name!r}: {err}") from None
    adds = tuple((field, value) for field, value in filters.as_dict().items() if value not in (None, [], False))
    if not adds:
        raise FilterError(f"compare {name!r}: the query adds nothing to the base filters")
    return NamedQuery(name, adds)


def parse_compare(specs: Sequence[str]) -> tuple[NamedQuery, ...]:
    """Up to MAX_QUERIES named queries, their names distinct."""
    queries = tuple(parse_named(spec) for spec in specs)
    if len(queries) > MAX_QUERIES:
        raise FilterError(f"compare: {len(queries)} queries, at most {MAX_QUERIES}")
    names = [query.name for query in queries]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise FilterError(f"compare: the name {repeated[0]!r} is given twice")
    return queries


def compare(
    analysis: Callable[..., pd.DataFrame],
    store: Any,
    base: Filters,
    queries: Sequence[NamedQuery],
    *,
    timeline: bool = False,
    **options: Any,
) -> pd.DataFrame:
    """`analysis(store, filters, **options)` (an analytics function, or a catalog entry's
    `report_frame`) under each named query, one after the other, the query's name in a first
    column `query`. `timeline`: the analysis is a timeline (period, ..., count, total, share),
    whose totals become the base filters' period totals."""
    if not queries:
        raise QueryError("compare needs at least one named query")
    frames = [analysis(store, query.filters(base), **options).assign(**{QUERY_COLUMN: query.name}) for query in queries]
    if timeline:
        frames = _of_base_periods(frames, analysis(store, base, **options))
    columns = [QUERY_COLUMN, *(column for column in frames[0].columns if column != QUERY_COLUMN)]
    return pd.concat(frames, ignore_index=True)[columns]


def _of_base_periods(frames: list[pd.DataFrame], base: pd.DataFrame) -> list[pd.DataFrame]:
    """Each query's timeline with `total` the period's articles under the base filters and `share` count / total."""
    totals = base.groupby("period")["total"].max()
    out = []
    for frame in frames:
        total = frame["period"].map(totals).fillna(0).astype("int64")
        share = (frame["count"] / total.where(total > 0)).astype("float64")
        out.append(frame.assign(total=total, share=share))
    return out

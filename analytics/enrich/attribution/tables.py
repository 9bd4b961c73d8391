"""Detector output as the store keeps it: one row per (article, agency, role), one per article."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from analytics.enrich.attribution.detect import Attribution, detect, summarize
from analytics.enrich.attribution.registry import Registry
from analytics.schema import ATTRIBUTION_SCHEMA, CREDIT_SCHEMA


@dataclasses.dataclass(frozen=True)
class Credits:
    """Every attribution of one article, and what they make of it."""

    article_id: str
    attributions: tuple[Attribution, ...]
    wire_copy: bool
    primary_agency: str | None


def credits_of(article: Any, registry: Registry) -> Credits:
    """The attributions of one article and its wire-copy flag and primary agency."""
    rows = tuple(detect(article, registry))
    wire_copy, primary = summarize(rows)
    return Credits(article.article_id, rows, wire_copy, primary)


def attribution_table(credits: Iterable[Credits]) -> pa.Table:
    """One row per (article, agency, role) of the credits, as the store's attribution table."""
    rows = [(c.article_id, a) for c in credits for a in c.attributions]
    columns: dict[str, list] = {"article_id": [article_id for article_id, _ in rows]}
    for name in ATTRIBUTION_SCHEMA.names[1:]:
        columns[name] = [getattr(a, name) for _, a in rows]
    return pa.Table.from_pydict(columns, schema=ATTRIBUTION_SCHEMA)


def credit_table(credits: Iterable[Credits]) -> pa.Table:
    """One row per article of the credits, as the store's credit table."""
    credits = list(credits)
    columns = {name: [getattr(c, name) for c in credits] for name in CREDIT_SCHEMA.names}
    return pa.Table.from_pydict(columns, schema=CREDIT_SCHEMA)

"""Text reuse as the dashboard shows it: whether the store has it (the Reuse page says how to get
it when not), and one article's "also published as": the articles sharing its text
(`analytics.queries.reuse.article_reuse`), and for one of them the passages they share marked in
both texts (`highlight.pieces`, as text, never as HTML).

    missing(data)                        -> Message | None
    also_published(data, article_id)     -> tuple[Other, ...] | None
    beside(others, asked)                -> str | None
    compared(data, article_id, other_id) -> Comparison | None
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from analytics.queries.reuse import article_reuse, has_reuse
from dashboard.logic.data import Data
from dashboard.logic.grid import load_article, section_text
from dashboard.logic.highlight import Piece, pieces
from dashboard.logic.messages import Message, no_reuse

UNTITLED = "(no title)"
REUSED_SECTION = "body"  # the passages are offsets into the bodies (analytics.store.reuse)


@dataclasses.dataclass(frozen=True)
class Other:
    """An article sharing text with the one shown, as its "also published as" lists it."""

    article_id: str
    outlet: str
    title: str
    published: str  # UTC, "" when undated
    containment_this: float  # the share of the shown article found in this one
    containment_other: float  # the share of this one found in the shown article
    is_origin: bool  # this one is the origin of the shown article's story
    passages_this: tuple[tuple[int, int], ...]  # the shared passages in the shown article's body
    passages_other: tuple[tuple[int, int], ...]  # the same passages in this one's body, in the same order


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The shown article's body and the chosen other's, the passages they share marked (`Piece.shared`) in both."""

    other: Other
    this: tuple[Piece, ...]  # the shown article's body
    that: tuple[Piece, ...]  # the other's body


def missing(data: Data) -> Message | None:
    """What the Reuse page says when the store has no reuse tables (never given a reuse round), else None."""
    return None if data.get(("reuse tables",), has_reuse) else no_reuse(str(data.path))


def also_published(data: Data, article_id: str) -> tuple[Other, ...] | None:
    """The articles sharing text with `article_id`, the one sharing most of its text first, cached;
    None when the store has no reuse tables (`missing`: not known)."""
    if missing(data) is not None:
        return None
    frame = data.get(
        ("article reuse", article_id), lambda store: article_reuse(store, article_id, time_limit=data.time_limit)
    )
    return tuple(other_of(record) for record in frame.to_dict("records"))


def other_of(record: dict[str, Any]) -> Other:
    """An `article_reuse` row as the list shows it."""
    published = record.get("published_at")
    return Other(
        article_id=str(record["article_id"]),
        outlet=str(record["outlet_name"]),
        title=str(record.get("title") or "").strip() or UNTITLED,
        published="" if published is None or pd.isna(published) else f"{pd.Timestamp(published):%Y-%m-%d %H:%M} UTC",
        containment_this=float(record["containment_this"]),
        containment_other=float(record["containment_other"]),
        is_origin=bool(record["is_origin"]),
        passages_this=tuple(record["passages_this"]),
        passages_other=tuple(record["passages_other"]),
    )


def beside(others: tuple[Other, ...] | None, asked: str | None) -> str | None:
    """The article whose text is shown beside the open one's: `asked` (the URL's `beside`) when it
    shares text with it, else the one sharing most of its text; None when none does."""
    listed = [other.article_id for other in others or ()]
    return asked if asked in listed else (listed[0] if listed else None)


def compared(data: Data, article_id: str, other_id: str) -> Comparison | None:
    """`other_id`'s body beside `article_id`'s, the passages they share marked in both; None when it
    shares no text with it or either is no longer stored."""
    other = next((o for o in also_published(data, article_id) or () if o.article_id == other_id), None)
    this_article, other_article = load_article(data, article_id), load_article(data, other_id)
    if other is None or this_article is None or other_article is None:
        return None
    return Comparison(
        other,
        tuple(pieces(section_text(this_article[0], REUSED_SECTION), [], shared=other.passages_this)),
        tuple(pieces(section_text(other_article[0], REUSED_SECTION), [], shared=other.passages_other)),
    )

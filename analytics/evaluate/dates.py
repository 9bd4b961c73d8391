"""Scoring publication dates against the `published` values of a gold file.

A gold value is what the article shows: a datetime with its UTC offset
(`2021-07-12T12:02:00+07:00`), compared with the article's instant to the minute; a
datetime without one (`2025-06-10T20:51:00`), compared with the article's local wall time
to the minute; or a bare date (`2024-12-15`), compared with the article's local
publication date. Records whose gold value is null show no date and are not scored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from analytics.evaluate.scoring import GoldArticle, GoldError
from analytics.schema import Article


@dataclasses.dataclass(frozen=True)
class DateMiss:
    """A gold date the article did not get: what was expected, what was found, and the raw value read."""

    ref: str
    expected: str
    found: str | None
    raw: str | None


@dataclasses.dataclass
class DateScore:
    """Publication dates right out of those shown, with every miss."""

    shown: int = 0
    right: int = 0
    misses: list[DateMiss] = dataclasses.field(default_factory=list)

    @property
    def share(self) -> float:
        """right / shown; 1.0 when no record shows a date."""
        return self.right / self.shown if self.shown else 1.0


def score_dates(gold: Iterable[GoldArticle], articles: Mapping[str, Article]) -> DateScore:
    """Compare each gold `published` value with the publication date of the article read for its ref
    (a ref with no article counts as a miss)."""
    score = DateScore()
    for label in gold:
        if label.published is None:
            continue
        score.shown += 1
        kind, expected = _expected(label)
        article = articles.get(label.ref)
        found = _found(article, kind)
        if found == expected:
            score.right += 1
        else:
            raw = article.published_raw if article is not None else None
            score.misses.append(DateMiss(label.ref, label.published, found, raw))
    return score


def _expected(label: GoldArticle) -> tuple[str, str]:
    """What the gold value gives (`day`, `wall` time or `instant`) and its value, as `_found` writes it."""
    value = label.published or ""
    try:
        if "T" not in value:
            return "day", dt.date.fromisoformat(value).isoformat()
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise GoldError(f"{label.ref}: 'published' {value!r} is not an ISO date or datetime") from None
    return ("wall" if moment.tzinfo is None else "instant"), _minute(moment)


def _found(article: Article | None, kind: str) -> str | None:
    if article is None:
        return None
    if kind == "instant":
        return _minute(article.published_at) if article.published_at is not None else None
    local = article.published_local
    if local is None:
        return None
    return local.date().isoformat() if kind == "day" else _minute(local)


def _minute(moment: dt.datetime) -> str:
    """An instant in UTC (`Z`), or a wall time as it is, to the minute."""
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")

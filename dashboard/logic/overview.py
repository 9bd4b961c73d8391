"""The Overview page's headline figures and date-quality warnings, from `analytics.queries.overview`."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from analytics import queries as q
from analytics.queries.filters import Filters
from dashboard.logic.data import Data

WARNINGS = {  # date status -> what it means for the user
    "missing": "have no publication date: they are on no timeline, and any date range leaves them out",
    "unparseable": "have a publication date the parser could not read",
    "future": "are dated in the future (a wrong date or time zone in the source)",
    "implausibly_old": "are dated implausibly long ago",
}
STATUS_WORDS = {  # date status -> the word of the worst outlets' notes
    "missing": "undated",
    "unparseable": "unparseable",
    "future": "in the future",
    "implausibly_old": "implausibly old",
}


@dataclasses.dataclass(frozen=True)
class Kpi:
    """A headline figure of the Overview: label, value and a line of detail."""

    label: str
    value: str
    detail: str = ""


def facts_of(data: Data, filters: Filters) -> dict[str, Any]:
    """The overview's headline figures, its date quality over all outlets (what the page
    shows of overview()) and the outlets worst for dates, cached by (filters, store version)."""
    by_outlet = quality_by_outlet(data, filters)
    return {
        **headline_of(data, filters),
        "date_quality": q.pooled_date_quality(by_outlet),
        "worst_dated_outlets": q.worst_dated(by_outlet),
    }


def quality_by_outlet(data: Data, filters: Filters) -> pd.DataFrame:
    """date_quality per outlet, cached: the page's date-quality chart, its figures over all outlets
    and its worst outlets, from one query."""
    return data.analysis(
        ("date quality by outlet", filters),
        lambda store: q.date_quality(store, filters, by="outlet", time_limit=data.time_limit),
    )


def headline_of(data: Data, filters: Filters) -> dict[str, Any]:
    """headline() for the filters, cached: the figures above the page and its metrics chart."""
    return data.analysis(("headline", filters), lambda store: q.headline(store, filters, time_limit=data.time_limit))


def kpis(facts: dict[str, Any]) -> list[Kpi]:
    """The Overview's headline cards from its facts (`facts_of`): articles, outlets, dates, wire copy."""
    articles = facts["articles"]
    first, last = facts["first_date"], facts["last_date"]
    dated = int(facts["table"].set_index("metric").loc["dated", "count"]) if articles else 0
    share = facts["wire_copy_share"]
    return [
        Kpi("Articles", f"{articles:,}", f"{facts['languages']:,} language{'s' if facts['languages'] != 1 else ''}"),
        Kpi("Outlets", f"{facts['outlets']:,}", "canonical outlets of the articles"),
        Kpi(
            "Published",
            date_span(first, last),
            f"{first.isoformat()} to {last.isoformat()} · {dated:,} dated" if first and last else "no usable dates",
        ),
        Kpi("Wire copy", "–" if share is None else f"{share:.1%}", wire_copy_detail(facts)),
    ]


def wire_copy_detail(facts: dict[str, Any]) -> str:
    """The wire-copy card's line: count of total, and the agencies' own feeds left out of both."""
    detail = f"{facts['wire_copy']:,} of {facts['wire_copy_total']:,} articles with a source or dateline credit"
    left_out = facts["own_feeds_left_out"]
    if left_out:
        detail += f"; agencies' own feeds left out ({left_out:,} article{'' if left_out == 1 else 's'})"
    return detail


def date_span(first, last) -> str:
    """The headline of the date range: years when it spans several, else the days."""
    if not (first and last):
        return "–"
    if first.year != last.year:
        return f"{first.year} – {last.year}"
    return first.isoformat() if first == last else f"{first:%d %b} – {last:%d %b %Y}"


def worst_outlet_notes(worst: pd.DataFrame) -> list[str]:
    """One sentence per outlet of `worst_dated_outlets`, worst first: "KapanLagi: 47 % unparseable
    (60 of 127 articles)", its problems joined."""
    notes = []
    for _, rows in worst.groupby("outlet_id", sort=False):
        problems = ", ".join(
            f"{share:.0%} {STATUS_WORDS.get(status, status)} ({count:,} of {total:,} articles)"
            for status, count, total, share in zip(rows["status"], rows["count"], rows["total"], rows["share"])
        )
        notes.append(f"{rows['outlet_name'].iloc[0]}: {problems}.")
    return notes


def date_warnings(facts: dict[str, Any], filters: Filters) -> list[str]:
    """One sentence per date problem in the selected articles (none: an all-clear sentence), then one
    per outlet worst for dates (worst_outlet_notes)."""
    quality = facts["date_quality"]
    notes = []
    for status, count, total, share in zip(quality["status"], quality["count"], quality["total"], quality["share"]):
        if status in WARNINGS and count:
            notes.append(f"{count:,} of {total:,} articles ({share:.0%}) {WARNINGS[status]}.")
    if not notes and facts["articles"]:
        notes.append("Every selected article has a usable publication date.")
    notes += worst_outlet_notes(facts["worst_dated_outlets"])
    if filters.start or filters.end:
        notes.append("A date range is set: undated articles are left out, so clear it to see every date problem.")
    return notes

"""The analyses: one declaration each, which the report, the figures, the dashboard and the
notebooks derive from. Adding an analysis is one entry here, plus its figure builder in
`analytics.present.figures` unless it is drawn like another.

An entry names the query function, the columns it returns (the report's CSV columns), how
the report calls it (`report_options`, and whether it gets the report's freq, registry and tag labels),
the figure that draws it, a title, what a row counts and what its `total` counts, and
whether it is a wire-dependence analysis that leaves out the agencies' own feeds unless the
filters name outlet kinds (`leaves_out_own_feeds`: its chart then carries `note()`, the
report's manifest lists it; see `analytics.queries.outlets`).
Every analysis is written to the report, as `<name>.csv`, in the order below; the
dashboard's charts (`dashboard.logic.charts`) each show one, with settings of their own
(e.g. the 10 largest agencies).

The catalog is part of `queries`, which may not import `present` (present reads through
queries, never the reverse), so an entry names its figure: `figure` is a key of
`analytics.present.figures.FIGURES`, where each builder registers itself under the name of
the query whose result it draws (`@draws("tag_frequencies")`); tag frequencies per outlet
are drawn by that builder too. tests/present/test_figures.py checks that every figure named here
has a builder and every builder is named here.

    from analytics.queries.catalog import ANALYSES
    ANALYSES["wire_copy_by_outlet"].query(store, filters)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from analytics.enrich.attribution.registry import Registry
from analytics.queries.attribution import (
    attribution_by_agency,
    attribution_by_agency_role,
    attribution_by_outlet,
    attribution_by_role,
    outlet_agency_matrix,
    state_vs_independent,
    wire_copy_by_outlet,
)
from analytics.queries.dates import date_quality, event_lag
from analytics.queries.filters import Filters
from analytics.queries.outlets import own_feeds_note
from analytics.queries.overview import overview_table
from analytics.queries.reuse import (
    MATRIX_COLUMNS,
    STORY_COLUMNS,
    largest_stories,
    reuse_matrix,
    reuse_stories_by_outlet,
    reuse_stories_by_period,
    syndication_lag,
    uncredited_agency_copy_by_outlet,
)
from analytics.queries.tags import rising_tags, tag_cooccurrence, tag_frequencies
from analytics.queries.timeline import agency_timeline, publication_timeline, tag_timeline


@dataclasses.dataclass(frozen=True)
class Analysis:
    """One analysis: a query of the API, the columns of its result, and how it is reported and drawn."""

    name: str
    query: Callable[..., pd.DataFrame]  # (store, filters, *, time_limit, **options) -> frame
    columns: tuple[str, ...]
    _: dataclasses.KW_ONLY
    title: str  # the title of its charts
    description: str  # what a row counts: `contents` in the report's table of files
    total: str  # what `total` counts (share = count / total), in words: the denominator its charts state
    figure: str  # the key of its builder in analytics.present.figures.FIGURES
    report_options: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # the report's call options
    per_period: bool = False  # the report passes its `freq`
    agencies: bool = False  # the report passes its registry (agency names and kinds)
    labels: bool = False  # the report passes every tag's label, computed once for all these analyses
    leaves_out_own_feeds: bool = False  # a wire-dependence analysis: agencies' own feeds out by default
    timeline: bool = False  # counts per period of the whole period's articles: compared queries share its totals

    def note(self, filters: Filters, left_out: int) -> str | None:
        """The note its chart carries under `filters`, given the articles own_feeds_left_out()
        counted: what it leaves out (None when it leaves nothing out)."""
        if not (self.leaves_out_own_feeds and filters.leaves_out_own_feeds):
            return None
        return own_feeds_note(left_out)

    @property
    def denominator(self) -> str:
        """The sentence its charts and the report's manifest carry: what its shares are of."""
        return f"Shares are of {self.total}."

    @property
    def compared_denominator(self) -> str:
        """What its shares are of when queries are compared (analytics.queries.compare)."""
        if self.timeline:
            return "Shares are of all the period's articles under the base filters (not only the query's)."
        return f"Shares are of {self.total}, within each query's articles."

    @property
    def file(self) -> str:
        """The report's CSV of this analysis."""
        return f"{self.name}.csv"

    def report_frame(
        self,
        store: Any,
        filters: Filters,
        *,
        freq: str,
        registry: Registry | None,
        time_limit: float | None,
        labels: pd.DataFrame | None = None,
    ) -> pd.DataFrame:
        """The frame the report writes: the query with the report's options, freq, registry and
        tag labels (`labels`: analytics.queries.labels.all_tag_labels; None: the query computes those it shows)."""
        extra: dict[str, Any] = {"freq": freq} if self.per_period else {}
        if self.agencies:
            extra["registry"] = registry
        if self.labels:
            extra["labels"] = labels
        return self.query(store, filters, time_limit=time_limit, **self.report_options, **extra)


_COUNTED = ("count", "total", "share")
_AGENCY = ("agency", "agency_name", "agency_kind")
_OUTLET = ("outlet_id", "outlet_name", "outlet_kind")
_TAG = ("kind", "tag", "label")
# What `total` counts. Agency and role filters (with tags, tag filters; with wire copy,
# wire_copy_only) pick what is counted, never what it is counted out of (Filters.picks_sql).
_BUT = "under every filter but agency and role"
_BUT_TAGS = "under every filter but agency, role and tag"
_SELECTED = f"all articles {_BUT}"
_OUTLETS = f"all the outlet's articles {_BUT}"
_PERIODS = f"all the period's articles {_BUT}"
_EVERY = "under every filter, agency and role included"  # the analyses that split the selection itself
_OUTLETS_EVERY = f"all the outlet's articles {_EVERY}"  # the text-reuse analyses count within the selection

ANALYSES: dict[str, Analysis] = {
    analysis.name: analysis
    for analysis in (
        Analysis(
            "overview",
            overview_table,
            ("metric", *_COUNTED),
            title="The corpus at a glance",
            description="the corpus at a glance",
            total=f"the articles {_EVERY} (wire_copy: those not of an agency's own feed)",
            figure="overview_table",
            leaves_out_own_feeds=True,
        ),
        Analysis(
            "attribution_by_agency",
            attribution_by_agency,
            (*_AGENCY, *_COUNTED),
            title="Top agencies",
            description="articles crediting each agency",
            total=_SELECTED,
            figure="attribution_by_agency",
            agencies=True,
        ),
        Analysis(
            "attribution_by_role",
            attribution_by_role,
            ("role", *_COUNTED),
            title="Credits by role",
            description="articles crediting any agency, per role",
            total=_SELECTED,
            figure="attribution_by_role",
        ),
        Analysis(
            "attribution_by_agency_role",
            attribution_by_agency_role,
            (*_AGENCY, "role", *_COUNTED),
            title="Share by agency, split by role",
            description="articles crediting each agency in each role",
            total=_SELECTED,
            figure="attribution_by_agency_role",
            agencies=True,
        ),
        Analysis(
            "attribution_by_outlet",
            attribution_by_outlet,
            (*_OUTLET, *_COUNTED),
            title="Articles crediting an agency",
            description="articles of each outlet crediting any agency",
            total=_OUTLETS,
            figure="attribution_by_outlet",
        ),
        Analysis(
            "outlet_agency_matrix",
            outlet_agency_matrix,
            (*_OUTLET, *_AGENCY, *_COUNTED),
            title="Outlet × agency",
            description="articles of each outlet crediting each agency",
            total=_OUTLETS,
            figure="outlet_agency_matrix",
            agencies=True,
            leaves_out_own_feeds=True,
        ),
        Analysis(
            "wire_copy_by_outlet",
            wire_copy_by_outlet,
            (*_OUTLET, *_COUNTED),
            title="Wire copy by outlet",
            description="wire copy per outlet",
            total="all the outlet's articles under every filter but agency, role and wire copy only",
            figure="wire_copy_by_outlet",
            leaves_out_own_feeds=True,
        ),
        Analysis(
            "state_vs_independent",
            state_vs_independent,
            ("agency_kind", *_COUNTED),
            title="State media and independent wires",
            description="articles crediting state media / independent wires",
            total=_SELECTED,
            figure="state_vs_independent",
            agencies=True,
            leaves_out_own_feeds=True,
        ),
        Analysis(
            "agency_timeline",
            agency_timeline,
            ("period", *_AGENCY, *_COUNTED),
            title="Agency timeline",
            description="articles crediting each agency per period",
            total=_PERIODS,
            figure="agency_timeline",
            report_options={"top": None},
            per_period=True,
            timeline=True,
            agencies=True,
        ),
        Analysis(
            "publication_timeline",
            publication_timeline,
            ("period", *_OUTLET, *_COUNTED),
            title="Publications over time",
            description="articles of each outlet per period",
            total=_PERIODS,
            figure="publication_timeline",
            report_options={"by": "outlet", "top": None},
            per_period=True,
            timeline=True,
        ),
        Analysis(
            "tag_frequencies",
            tag_frequencies,
            (*_TAG, *_COUNTED),
            title="Top tags",
            description="top 1,000 tags of each kind",
            total=f"all articles {_BUT_TAGS}",
            figure="tag_frequencies",
            report_options={"limit": 1000},
            labels=True,
        ),
        Analysis(
            "tag_frequencies_by_outlet",
            tag_frequencies,
            (*_OUTLET, *_TAG, *_COUNTED),
            title="Top tags per outlet",
            description="top 100 tags of each kind per outlet",
            total=f"all the outlet's articles {_BUT_TAGS}",
            figure="tag_frequencies",
            report_options={"by": "outlet", "limit": 100},
            labels=True,
        ),
        Analysis(
            "tag_frequencies_by_agency",
            tag_frequencies,
            ("agency", *_TAG, *_COUNTED),
            title="Top tags per credited agency",
            description="top 100 tags of each kind per credited agency",
            total="all articles crediting the agency (in a role the filters allow) under every filter but tag",
            figure="tag_frequencies",
            report_options={"by": "agency", "limit": 100},
            labels=True,
        ),
        Analysis(
            "tag_timeline",
            tag_timeline,
            ("period", "tag", "label", *_COUNTED),
            title="Tag timeline",
            description="the 10 most frequent tags per period",
            total=f"all the period's articles {_BUT_TAGS}",
            figure="tag_timeline",
            report_options={"top": 10},
            per_period=True,
            timeline=True,
        ),
        Analysis(
            "tag_cooccurrence",
            tag_cooccurrence,
            (
                "kind_a",
                "tag_a",
                "label_a",
                "kind_b",
                "tag_b",
                "label_b",
                "count",
                "count_a",
                "count_b",
                "total",
                "share",
            ),
            title="Co-occurring tags",
            description="the 1,000 most frequent tag pairs",
            total=f"all articles {_BUT_TAGS}",
            figure="tag_cooccurrence",
            report_options={"limit": 1000},
            labels=True,
        ),
        Analysis(
            "rising_tags",
            rising_tags,
            (
                "period",
                "period_before",
                *_TAG,
                "count",
                "count_before",
                "change",
                "total",
                "total_before",
                "share",
                "share_before",
                "share_change",
            ),
            title="Rising tags",
            description="tags rising in the latest period over the one before",
            total=f"all articles of the latest period {_BUT_TAGS} (total_before: of the one before)",
            figure="rising_tags",
            report_options={"limit": 100},
            per_period=True,
        ),
        Analysis(
            "date_quality",
            date_quality,
            (*_OUTLET, "status", *_COUNTED),
            title="Publication-date quality by outlet",
            description="publication-date status per outlet",
            total=f"the outlet's articles {_EVERY}",
            figure="date_quality",
        ),
        Analysis(
            "event_lag",
            event_lag,
            ("lag_days", "lag_label", *_COUNTED),
            title="Event lag",
            description="days from event to publication (pooled beyond 30)",
            total=f"the articles {_EVERY} that date their event",
            figure="event_lag",
            report_options={"max_days": 30},
        ),
        Analysis(
            "reuse_stories_by_outlet",
            reuse_stories_by_outlet,
            (*_OUTLET, *_COUNTED),
            title="Distinct stories by outlet",
            description="distinct stories among each outlet's articles (an article sharing no story is one)",
            total=_OUTLETS_EVERY,
            figure="reuse_stories_by_outlet",
        ),
        Analysis(
            "reuse_stories_by_period",
            reuse_stories_by_period,
            ("period", *_COUNTED),
            title="Distinct stories by period",
            description="distinct stories among each period's articles (a story in several periods counts in each)",
            total=f"all the period's articles {_EVERY}",
            figure="reuse_stories_by_outlet",
            per_period=True,
        ),
        Analysis(
            "reuse_matrix",
            reuse_matrix,
            MATRIX_COLUMNS,
            title="Outlet × story origin",
            description="articles of each outlet copying another article's story, by the origin's agency or outlet",
            total=_OUTLETS_EVERY,
            figure="reuse_matrix",
            agencies=True,
        ),
        Analysis(
            "uncredited_agency_copy_by_outlet",
            uncredited_agency_copy_by_outlet,
            (*_OUTLET, *_AGENCY, *_COUNTED),
            title="Agency copy left uncredited",
            description="articles of each outlet copying an agency's story without crediting the agency",
            total=_OUTLETS_EVERY,
            figure="uncredited_agency_copy_by_outlet",
            agencies=True,
        ),
        Analysis(
            "syndication_lag",
            syndication_lag,
            ("lag", *_COUNTED),
            title="Syndication lag",
            description="time from a story's origin to each copy",
            total=f"the copies (articles {_EVERY} in a story whose origin is another article) dated, of a dated origin",
            figure="syndication_lag",
        ),
        Analysis(
            "largest_stories",
            largest_stories,
            STORY_COLUMNS,
            title="Largest stories",
            description="the 1,000 stories with the most articles",
            total=f"all articles {_EVERY}",
            figure="largest_stories",
            report_options={"limit": 1000},
        ),
    )
}

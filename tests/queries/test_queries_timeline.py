"""Timelines on the hand-made store of handmade_store.py: local-date buckets, zero rows, series.

Dated articles (status ok) by local day: 03-04 a01 a02 a09 | 03-05 a05 | 03-11 a10 | 03-12 a03 |
03-13 a06 | 04-01 a11 | 04-02 a07. ISO weeks: 03-04 (a01 a02 a05 a09), 03-11 (a03 a06 a10),
04-01 (a07 a11). a04 (missing), a08 (unparseable) and a12 (future) are on no timeline.
Periods between the first and the last dated article with none (the days between, the weeks of
03-18 and 03-25) are on every timeline with count 0, total 0 and no share.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from handmade_store import rows, store  # noqa: F401 - the shared store fixture

from analytics.queries import QueryError, agency_timeline, publication_timeline, tag_timeline
from analytics.queries.filters import filters_from

D = dt.date
EMPTY_WEEKS = (D(2024, 3, 18), D(2024, 3, 25))  # no dated article in these ISO weeks


def _with_empty_days(dated: dict[dt.date, tuple[int, int]], first: dt.date, last: dt.date) -> list:
    """(day, count, total) for every day from first to last: the dated ones as given, all others 0."""
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [(day, *dated.get(day, (0, 0))) for day in days]


def test_a_wib_midnight_article_falls_on_its_local_day(store):
    frame = publication_timeline(store, freq="day")
    assert list(frame.columns) == ["period", "count", "total", "share"]
    # a01 is 2024-03-04 00:30 WIB = 03-03 17:30 UTC: it counts on 03-04, and 03-03 has nothing
    dated = {
        D(2024, 3, 4): (3, 3),
        D(2024, 3, 5): (1, 1),
        D(2024, 3, 11): (1, 1),
        D(2024, 3, 12): (1, 1),
        D(2024, 3, 13): (1, 1),
        D(2024, 4, 1): (1, 1),
        D(2024, 4, 2): (1, 1),
    }
    assert rows(frame, "period", "count", "total") == _with_empty_days(dated, D(2024, 3, 4), D(2024, 4, 2))
    # a day without articles has no share (a line breaks there), a day with some has one
    assert all(math.isnan(s) == (t == 0) for s, t in zip(frame["share"], frame["total"]))


def test_weeks_start_on_monday_and_months_on_the_first(store):
    assert rows(publication_timeline(store, freq="week"), "period", "count") == [
        (D(2024, 3, 4), 4),
        (D(2024, 3, 11), 3),
        (EMPTY_WEEKS[0], 0),
        (EMPTY_WEEKS[1], 0),
        (D(2024, 4, 1), 2),
    ]
    assert rows(publication_timeline(store, freq="month"), "period", "count") == [
        (D(2024, 3, 1), 7),
        (D(2024, 4, 1), 2),
    ]


def test_publication_timeline_by_outlet_fills_zeros(store):
    frame = publication_timeline(store, freq="week", by="outlet")
    assert list(frame.columns) == ["period", "outlet_id", "outlet_name", "outlet_kind", "count", "total", "share"]
    assert rows(frame, "period", "outlet_name", "count", "total") == [
        (D(2024, 3, 4), "Kompas", 2, 4),
        (D(2024, 3, 4), "Tempo", 1, 4),
        (D(2024, 3, 4), "Wire Daily", 1, 4),
        (D(2024, 3, 11), "Kompas", 1, 3),
        (D(2024, 3, 11), "Tempo", 1, 3),
        (D(2024, 3, 11), "Wire Daily", 1, 3),
        *[(week, outlet, 0, 0) for week in EMPTY_WEEKS for outlet in ("Kompas", "Tempo", "Wire Daily")],
        (D(2024, 4, 1), "Kompas", 0, 2),
        (D(2024, 4, 1), "Tempo", 1, 2),
        (D(2024, 4, 1), "Wire Daily", 1, 2),
    ]
    assert frame["share"].iloc[0] == pytest.approx(0.5)


def test_publication_timeline_by_tag_and_language(store):
    by_tag = publication_timeline(store, freq="month", by="tag", top=1, kind="tag")
    # tag china on dated articles: a01 a03 a05 a10 in March, a07 in April (a12 is future-dated)
    assert rows(by_tag, "period", "tag", "label", "count", "total") == [
        (D(2024, 3, 1), "china", "China", 4, 7),
        (D(2024, 4, 1), "china", "China", 1, 2),
    ]
    by_language = publication_timeline(store, freq="month", by="language")
    assert rows(by_language, "period", "language", "count") == [
        (
            D(2024, 3, 1),
            "id",
            5,
        ),
        (D(2024, 3, 1), "en", 2),
        (D(2024, 4, 1), "id", 1),
        (D(2024, 4, 1), "en", 1),
    ]


def test_agency_timeline_counts_and_shares_of_all_articles_in_the_period(store):
    frame = agency_timeline(store, freq="week")
    assert list(frame.columns) == ["period", "agency", "agency_name", "agency_kind", "count", "total", "share"]
    cells = {(p, a): (c, t) for p, a, c, t in rows(frame, "period", "agency", "count", "total")}
    # reuters, ap, kcna, xinhua, antara in every week, the two empty ones too; afp is only on a12, dated in the future
    assert len(cells) == 5 * 5
    assert all(cells[(week, agency)] == (0, 0) for week in EMPTY_WEEKS for agency in ("reuters", "antara"))
    assert cells[(D(2024, 3, 4), "reuters")] == (3, 4)  # a01 a05 a09
    assert cells[(D(2024, 3, 4), "ap")] == (2, 4)  # a01 a02
    assert cells[(D(2024, 3, 11), "kcna")] == (2, 3)  # a03 a10
    assert cells[(D(2024, 3, 11), "xinhua")] == (1, 3)
    assert cells[(D(2024, 4, 1), "antara")] == (1, 2)  # a07 (a04's date is missing)
    assert cells[(D(2024, 4, 1), "ap")] == (0, 2)
    first = frame.iloc[0]
    assert (first["agency"], first["share"]) == ("reuters", pytest.approx(0.75))


def test_agency_timeline_top_and_filters(store):
    top = agency_timeline(store, freq="month", top=1)
    assert rows(top, "period", "agency", "count", "total") == [
        (D(2024, 3, 1), "reuters", 3, 7),
        (D(2024, 4, 1), "reuters", 1, 2),
    ]
    sources = agency_timeline(store, freq="month", filters=filters_from(roles=["source"]))
    # source credits on dated articles: a01 reuters, a02 ap, a09 reuters (March); a07 antara (April);
    # the role filter picks what is counted: the totals are every dated article of the month, as unfiltered
    assert sorted(rows(sources, "period", "agency", "count", "total")) == [
        (D(2024, 3, 1), "antara", 0, 7),
        (D(2024, 3, 1), "ap", 1, 7),
        (D(2024, 3, 1), "reuters", 2, 7),
        (D(2024, 4, 1), "antara", 1, 2),
        (D(2024, 4, 1), "ap", 0, 2),
        (D(2024, 4, 1), "reuters", 0, 2),
    ]


def test_tag_timeline_of_selected_tags_in_the_order_given(store):
    frame = tag_timeline(store, tags=["korea-utara", "north-korea", "no-such-tag"], freq="week")
    assert list(frame.columns) == ["period", "tag", "label", "count", "total", "share"]
    assert rows(frame, "period", "tag", "label", "count", "total") == [
        (D(2024, 3, 4), "korea-utara", "Korea Utara", 2, 4),
        (D(2024, 3, 4), "north-korea", "North Korea", 1, 4),
        (D(2024, 3, 4), "no-such-tag", "no-such-tag", 0, 4),
        (D(2024, 3, 11), "korea-utara", "Korea Utara", 2, 3),
        (D(2024, 3, 11), "north-korea", "North Korea", 1, 3),
        (D(2024, 3, 11), "no-such-tag", "no-such-tag", 0, 3),
        *[
            (week, tag, label, 0, 0)
            for week in EMPTY_WEEKS
            for tag, label in (
                ("korea-utara", "Korea Utara"),
                ("north-korea", "North Korea"),
                ("no-such-tag", "no-such-tag"),
            )
        ],
        (D(2024, 4, 1), "korea-utara", "Korea Utara", 0, 2),
        (D(2024, 4, 1), "north-korea", "North Korea", 0, 2),
        (D(2024, 4, 1), "no-such-tag", "no-such-tag", 0, 2),
    ]


def test_tag_timeline_defaults_to_the_filter_tags_then_the_top_ones(store):
    from_filters = tag_timeline(store, filters_from(tags=["north-korea"]), freq="month")
    # only a09 and a10 (March) carry the tag; the tag filter picks what is counted, so the total is
    # every dated article of the month, as in the unfiltered timeline above
    assert rows(from_filters, "period", "tag", "count", "total") == [
        (D(2024, 3, 1), "north-korea", 2, 7),
        (D(2024, 4, 1), "north-korea", 0, 2),
    ]
    top = tag_timeline(store, freq="month", top=1, kind="section")
    assert rows(top, "period", "tag", "count") == [(D(2024, 3, 1), "world", 2), (D(2024, 4, 1), "world", 1)]


def test_timeline_date_filter_uses_local_dates(store):
    one_day = filters_from(start="2024-03-04", end="2024-03-04")
    assert rows(publication_timeline(store, one_day, by="outlet"), "period", "outlet_name", "count") == [
        (D(2024, 3, 4), "Kompas", 2),
        (D(2024, 3, 4), "Wire Daily", 1),
    ]
    assert publication_timeline(store, filters_from(end="2024-03-03")).empty


def test_bad_options_are_clear_errors(store):
    with pytest.raises(QueryError, match="freq must be one of day, week, month"):
        publication_timeline(store, freq="year")
    with pytest.raises(QueryError, match="by must be one of"):
        publication_timeline(store, by="author")
    with pytest.raises(QueryError, match="top must be a whole number"):
        agency_timeline(store, top=0)
    with pytest.raises(QueryError, match="kind must be one of"):
        tag_timeline(store, kind="label")

"""Date quality and event lag on the hand-made store of handmade_store.py."""

from __future__ import annotations

import pytest
from handmade_store import rows, store  # noqa: F401 - the shared store fixture

from analytics.queries import QueryError, date_quality, event_lag, worst_dated_outlets
from analytics.queries.filters import filters_from


def test_date_quality_per_outlet_lists_every_status(store):
    frame = date_quality(store)
    assert list(frame.columns) == ["outlet_id", "outlet_name", "outlet_kind", "status", "count", "total", "share"]
    counts = {(o, s): (c, t) for o, s, c, t in rows(frame, "outlet_name", "status", "count", "total")}
    assert len(counts) == 4 * 5
    assert counts[("Kompas", "ok")] == (3, 4) and counts[("Kompas", "missing")] == (1, 4)
    assert counts[("Tempo", "ok")] == (3, 4) and counts[("Tempo", "unparseable")] == (1, 4)
    assert counts[("Wire Daily", "ok")] == (3, 3) and counts[("Wire Daily", "missing")] == (0, 3)
    assert counts[("(unknown)", "future")] == (1, 1)
    assert all(c == 0 for (_, status), (c, _) in counts.items() if status == "implausibly_old")
    assert rows(frame[frame["outlet_name"] == "Kompas"], "status", "share") == [
        ("ok", 0.75),
        ("missing", 0.25),
        ("unparseable", 0.0),
        ("future", 0.0),
        ("implausibly_old", 0.0),
    ]


def test_date_quality_overall(store):
    assert rows(date_quality(store, by=None), "status", "count", "total") == [
        ("ok", 9, 12),
        ("missing", 1, 12),
        ("unparseable", 1, 12),
        ("future", 1, 12),
        ("implausibly_old", 0, 12),
    ]


def test_worst_dated_outlets_rank_by_share_of_problems_then_id(store):
    # a12 (no outlet): 1 future of 1; Kompas: a04 missing of 4; Tempo: a08 unparseable of 4 (tie: by id)
    assert rows(worst_dated_outlets(store, min_articles=1), "outlet_id", "status", "count", "total") == [
        ("(unknown)", "future", 1, 1),
        ("kompas", "missing", 1, 4),
        ("tempo", "unparseable", 1, 4),
    ]
    assert rows(worst_dated_outlets(store, limit=1, min_articles=2), "outlet_id", "status", "count", "total") == [
        ("kompas", "missing", 1, 4),
    ]


def test_a_date_range_leaves_undated_articles_out(store):
    march = date_quality(store, filters_from(start="2024-03-01", end="2024-03-31"), by=None)
    assert rows(march, "status", "count", "total") == [
        ("ok", 7, 7),
        ("missing", 0, 7),
        ("unparseable", 0, 7),
        ("future", 0, 7),
        ("implausibly_old", 0, 7),
    ]


def test_event_lag_distribution_pools_the_tail(store):
    frame = event_lag(store)
    assert list(frame.columns) == ["lag_days", "lag_label", "count", "total", "share"]
    # lags: a03 -1, a02 0, a01 1, a05 1, a09 2, a10 45 (pooled at 30)
    assert rows(frame, "lag_days", "lag_label", "count", "total") == [
        (-1, "-1", 1, 6),
        (0, "0", 1, 6),
        (1, "1", 2, 6),
        (2, "2", 1, 6),
        (30, ">=30", 1, 6),
    ]
    raw = event_lag(store, max_days=None)
    assert rows(raw, "lag_days", "lag_label")[-1] == (45, "45")
    assert rows(event_lag(store, max_days=1), "lag_label", "count") == [("<=-1", 1), ("0", 1), (">=1", 4)]


def test_event_lag_by_outlet(store):
    frame = event_lag(store, by="outlet")
    assert rows(frame, "outlet_name", "lag_days", "count", "total") == [
        ("Kompas", -1, 1, 3),
        ("Kompas", 0, 1, 3),
        ("Kompas", 1, 1, 3),
        ("Tempo", 1, 1, 1),
        ("Wire Daily", 2, 1, 2),
        ("Wire Daily", 30, 1, 2),
    ]


def test_date_options_are_checked(store):
    with pytest.raises(QueryError, match="by must be one of"):
        date_quality(store, by="agency")
    with pytest.raises(QueryError, match="max_days"):
        event_lag(store, max_days=-3)

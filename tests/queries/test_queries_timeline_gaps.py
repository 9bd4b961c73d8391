"""Timelines over the empty periods of the shared corpora (Reuters-21578 in 1987, the Indonesian
pages from 2007 to 2025, CGTN and Xinhua in 2022): every period of the range is in the frame,
empty ones with count 0 and no share, and the dense range of a timeline. Expected numbers are
counted with plain SQL over `articles` or by brute force with pandas, not by the code under test."""

from __future__ import annotations

import pandas as pd
import pytest
from shared_store import shared_store  # noqa: F401

from analytics import queries as q
from analytics.queries.engine import run
from analytics.queries.filters import filters_from
from analytics.queries.timeline import DENSE_COVERAGE, dense_span, every_period, freq_of
from analytics.store.store import Store

# dated articles (no date issue) per local month / ISO week, by plain SQL
DATED_PER_PERIOD = (
    "SELECT CAST(date_trunc(?, published_local) AS DATE) AS period, count(*) AS n FROM articles "
    "WHERE published_at IS NOT NULL AND published_issue IS NULL AND {where} GROUP BY 1 ORDER BY 1"
)


@pytest.fixture(scope="module")
def store(shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as opened:
        yield opened


def dated(store, unit: str, where: str, *params) -> pd.Series:
    frame = run(store, DATED_PER_PERIOD.format(where=where), (unit, *params), name="dated per period")
    return frame.set_index(pd.to_datetime(frame["period"]))["n"]


def brute_force_dense(totals: pd.Series, coverage: float) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shortest (then earliest) run of consecutive periods holding `coverage` of the articles."""
    need = coverage * totals.sum()
    runs = [
        (j - i, i, j) for i in range(len(totals)) for j in range(i, len(totals)) if totals.iloc[i : j + 1].sum() >= need
    ]
    _, i, j = min(runs)
    return totals.index[i], totals.index[j]


def test_the_indonesian_weeks_have_every_week_from_2007_to_2025_per_agency(store):
    frame = q.agency_timeline(store, filters_from(languages=["id"]), freq="week")
    expected = dated(store, "week", "language = ?", "id")
    weeks = pd.date_range(expected.index.min(), expected.index.max(), freq="7D")
    assert expected.index.min().year == 2007 and len(expected) < len(weeks) / 4  # mostly empty weeks
    for agency, rows in frame.groupby("agency"):
        assert list(rows["period"]) == list(weeks), agency
        totals = rows.set_index("period")["total"]
        assert totals[expected.index].tolist() == expected.tolist(), agency
        empty = rows[~rows["period"].isin(expected.index)]
        assert (empty["count"] == 0).all() and (empty["total"] == 0).all() and empty["share"].isna().all()
        assert rows.loc[rows["total"] > 0, "share"].notna().all()


def test_reuters_1987_and_the_gap_to_2007_are_in_the_monthly_timeline_as_zeros(store):
    frame = q.publication_timeline(store, freq="month", by="outlet", top=None)
    months = pd.date_range("1987-02-01", frame["period"].max(), freq="MS")
    assert frame["period"].drop_duplicates().tolist() == list(months)
    reuters = frame[frame["outlet_id"] == "reuters"].set_index("period")
    counted = dated(store, "month", "outlet_id = ?", "reuters")
    assert list(counted.index) == list(pd.to_datetime(["1987-02-01", "1987-03-01", "1987-04-01"]))
    assert reuters.loc[counted.index, "count"].tolist() == counted.tolist()
    assert (reuters.loc["1987-05-01":, "count"] == 0).all()
    every = dated(store, "month", "TRUE")
    no_articles = frame[~frame["period"].isin(every.index)]
    assert set(no_articles["period"].dt.year) >= set(range(1988, 2007))  # the empty years, every month of them
    assert (no_articles["total"] == 0).all() and no_articles["share"].isna().all()


def test_every_period_leaves_a_complete_frame_as_it_is_and_keeps_the_series_order(store):
    frame = q.agency_timeline(store, filters_from(outlets=["xinhua"]), freq="month")
    assert every_period(frame, freq="month").equals(frame)
    first = frame[frame["period"] == frame["period"].min()]["agency"].tolist()
    assert all(rows["agency"].tolist() == first for _, rows in frame.groupby("period"))
    assert freq_of(frame["period"]) == "month"
    assert freq_of(q.publication_timeline(store, filters_from(outlets=["reuters"]), freq="day")["period"]) == "day"
    assert freq_of(frame["period"].head(1)) is None


@pytest.mark.parametrize("outlet", ["xinhua", "reuters", "okezone", "bbc"])
def test_the_dense_span_is_the_shortest_run_holding_most_articles(store, outlet):
    frame = q.publication_timeline(store, filters_from(outlets=[outlet]), freq="month")
    totals = frame.set_index("period")["total"]
    assert dense_span(frame) == brute_force_dense(totals, DENSE_COVERAGE)
    assert dense_span(frame, coverage=1) == (totals[totals > 0].index.min(), totals[totals > 0].index.max())


def test_the_dense_span_of_reuters_is_its_busy_1987_months(store):
    frame = q.publication_timeline(store, filters_from(outlets=["reuters"]), freq="month")
    counted = dated(store, "month", "outlet_id = ?", "reuters")
    assert counted.iloc[0] / counted.sum() < 1 - DENSE_COVERAGE  # February 1987 is the sparse start
    assert dense_span(frame) == (pd.Timestamp("1987-03-01"), pd.Timestamp("1987-04-01"))
    with pytest.raises(ValueError, match="coverage"):
        dense_span(frame, coverage=0)

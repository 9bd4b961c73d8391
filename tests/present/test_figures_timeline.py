"""Timeline figures on the shared corpora: no line across an empty period (counts drawn as 0,
shares broken), shares of thin periods not drawn and said so, the dense default range with the
full span as an option, ticks never finer than the period. Expected values come from the frame's
own count/total columns or plain SQL, not from the figure code."""

from __future__ import annotations

import pandas as pd
import pytest
from shared_store import shared_store  # noqa: F401

from analytics import queries as q
from analytics.present import figures as F
from analytics.queries.engine import run
from analytics.queries.filters import filters_from
from analytics.settings import TIMELINE_MIN_ARTICLES
from analytics.store.store import Store

WEEK_MS = 7 * 86_400_000


@pytest.fixture(scope="module")
def store(shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as opened:
        yield opened


def test_counts_are_zero_in_empty_months_and_shares_break_in_thin_ones(store):
    frame = q.publication_timeline(store, freq="month", by="outlet", top=None)
    counts = F.publication_timeline_figure(frame, measure="count")
    shares = F.publication_timeline_figure(frame, measure="share")
    for count_trace, share_trace in zip(counts.data, shares.data):
        rows = frame[frame["outlet_name"] == count_trace.name]
        assert list(count_trace.x) == list(rows["period"])  # every month, 1987-02 to 2025-06
        assert list(count_trace.y) == rows["count"].tolist()
        drawn = [y is not None for y in share_trace.y]
        assert drawn == (rows["total"] >= TIMELINE_MIN_ARTICLES).tolist()
        assert not share_trace.connectgaps
    reuters = next(t for t in counts.data if t.name == "Reuters")
    in_1990 = [y for x, y in zip(reuters.x, reuters.y) if pd.Timestamp(x).year == 1990]
    assert in_1990 == [0] * 12  # the empty years are zeros, not a line from 1987 to 2007
    assert (
        f"shares of months with < {TIMELINE_MIN_ARTICLES} articles not drawn" in shares.layout.xaxis.title.text.lower()
    )
    assert "not drawn" not in counts.layout.xaxis.title.text


def test_the_threshold_is_a_parameter(store):
    frame = q.agency_timeline(store, filters_from(languages=["id"]), freq="month")
    strict = F.agency_timeline_figure(frame, min_articles=100)
    loose = F.agency_timeline_figure(frame, min_articles=1)
    assert sum(y is not None for y in strict.data[0].y) < sum(y is not None for y in loose.data[0].y)
    assert sum(y is not None for y in loose.data[0].y) == int((frame.groupby("period")["total"].first() > 0).sum())
    assert "< 100 articles" in strict.layout.xaxis.title.text


def test_the_default_range_is_where_the_articles_are_and_the_full_span_is_an_option(store):
    xinhua = filters_from(outlets=["xinhua"])
    frame = q.agency_timeline(store, xinhua, freq="month")
    months = run(
        store,
        "SELECT CAST(date_trunc('month', published_local) AS DATE) AS m, count(*) AS n FROM articles "
        "WHERE outlet_id = 'xinhua' AND published_at IS NOT NULL AND published_issue IS NULL GROUP BY 1 ORDER BY 1",
        name="xinhua months",
    )
    busiest = pd.Timestamp(months.loc[months["n"].idxmax(), "m"])
    dense = F.agency_timeline_figure(frame)
    start, end = (pd.Timestamp(x) for x in dense.layout.xaxis.range)
    assert start < busiest < end
    assert start > pd.Timestamp(months["m"].min()) and end < pd.Timestamp(months["m"].max())
    assert "full span: 2012-12 – 2025-01" in dense.layout.xaxis.title.text
    full = F.agency_timeline_figure(frame, span="full")
    start, end = (pd.Timestamp(x) for x in full.layout.xaxis.range)
    assert start < pd.Timestamp(months["m"].min()) and end > pd.Timestamp(months["m"].max())
    assert "showing" not in full.layout.xaxis.title.text
    assert [list(t.x) for t in full.data] == [list(t.x) for t in dense.data]  # the same data, another range
    with pytest.raises(ValueError, match="span must be one of dense, full"):
        F.agency_timeline_figure(frame, span="all")


@pytest.mark.parametrize("freq", ["day", "week", "month"])
@pytest.mark.parametrize("span", ["dense", "full"])
def test_ticks_are_never_finer_than_the_period(store, freq, span):
    frame = q.publication_timeline(store, freq=freq)
    axis = F.publication_timeline_figure(frame, span=span).layout.xaxis
    finest = {"day": 1, "week": 7, "month": 28}[freq]  # days
    step = axis.dtick / 86_400_000 if isinstance(axis.dtick, int) else 30.44 * int(axis.dtick[1:])
    assert step >= finest
    start, end = (pd.Timestamp(x) for x in axis.range)
    assert (end - start).days / step <= F.MAX_TICKS + 1
    if isinstance(axis.dtick, str):  # months fall on their first day, weeks on Mondays
        assert axis.tick0 == "2000-01-01"
    else:
        assert pd.Timestamp(axis.tick0).dayofweek == 0


def test_period_ticks_for_short_and_long_ranges():
    month, march, june = "month", pd.Timestamp("2022-02-01"), pd.Timestamp("2022-08-01")
    assert F.period_ticks(month, march, june)["dtick"] == "M1"
    assert F.period_ticks(month, pd.Timestamp("1987-02-01"), pd.Timestamp("2025-06-01"))["dtick"] == "M60"
    assert F.period_ticks("week", march, pd.Timestamp("2022-04-01"))["dtick"] == WEEK_MS
    assert F.period_ticks("week", march, june)["dtick"] == "M1"
    assert F.period_ticks(None, march, march) == {"tickvals": [march], "ticktext": ["2022-02-01"]}

"""A source's date order: decided once from all its values, applied to each, contradictions refused.

The values are real: day-first ones from ../shared/corpora (Kompas in indonews_rss_2025,
detik pages in anpandu_news_html_fixtures), month-first ones as issue 12 quotes a scraped
Indonesian CSV (`7/31/2025 8:15`, see tests/fixtures/month_first/PROVENANCE.md).
"""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.text.dates import (
    OrderTally,
    ParsedDate,
    UnparsedDate,
    contradicts,
    decide_order,
    format_order,
    parse_published,
    pick_published,
)
from analytics.text.dates import order as order_module

JAKARTA = "Asia/Jakarta"
KOMPAS_DAY_FIRST = "Kompas.com- 18/06/2025, 21:35 WIB"  # indonews_rss_2025/dataset_new
KOMPAS_UNDECIDED = "Kompas.com - 10/06/2025, 21:23 WIB 21:23"  # indonews_rss_2025/old_dataset/berita_kompas.csv
DETIK_UNDECIDED = "Kamis, 05/11/2015 10:08 WIB"  # anpandu_news_html_fixtures/detik/detik-singlepage.html
MONTH_FIRST = "7/31/2025 8:15"  # issue 12
MONTH_FIRST_UNDECIDED = "8/1/2025 6:40"


def _tally(*values: object) -> OrderTally:
    tally = OrderTally()
    for value in values:
        tally.add(value)
    return tally


def test_a_first_number_over_12_settles_day_first():
    tally = _tally(KOMPAS_UNDECIDED, DETIK_UNDECIDED, KOMPAS_DAY_FIRST, None, "18 Jun 2025, 14:05 WIB")
    assert (tally.day_first, tally.month_first, tally.undecided) == (1, 0, 2)
    decision = decide_order(tally, language="id")
    assert (decision.order, decision.basis, decision.contradicted) == ("dmy", "values", False)


def test_a_second_number_over_12_settles_month_first():
    decision = decide_order(_tally(MONTH_FIRST_UNDECIDED, MONTH_FIRST), language="id")
    assert (decision.order, decision.basis, decision.month_first) == ("mdy", "values", 1)
    assert "decided by the values (0 day-first, 1 month-first values)" in decision.describe()


@pytest.mark.parametrize(
    ("language", "order"), [("id", "dmy"), ("en", "dmy"), ("zh", "dmy"), (None, "dmy"), ("xx", "mdy")]
)
def test_without_a_deciding_value_the_language_decides(language, order, monkeypatch):
    monkeypatch.setitem(order_module.LANGUAGE_DATE_ORDER, "xx", "mdy")  # a user's month-first language
    decision = decide_order(_tally(KOMPAS_UNDECIDED, DETIK_UNDECIDED), language=language)
    assert (decision.order, decision.basis) == (order, "language")


def test_a_column_that_contradicts_itself_is_reported_and_the_majority_wins():
    tally = _tally(MONTH_FIRST, "7/30/2025 19:05", "31/7/2025 8:15", MONTH_FIRST_UNDECIDED)
    decision = decide_order(tally, language="id")
    assert (decision.order, decision.day_first, decision.month_first) == ("mdy", 1, 2)
    assert decision.contradicted
    assert decision.examples == (("dmy", "31/7/2025 8:15"), ("mdy", MONTH_FIRST))
    assert "contradicts itself" in decision.describe()
    assert contradicts("31/7/2025 8:15", "mdy") and not contradicts(MONTH_FIRST, "mdy")
    # a tie goes to the language
    assert decide_order(_tally(MONTH_FIRST, "31/7/2025 8:15"), language="id").order == "dmy"


def test_the_manifest_order_or_format_is_not_second_guessed():
    tally = _tally(KOMPAS_DAY_FIRST)
    assert (decide_order(tally, language="id", date_order="mdy").order, "date_order") == ("mdy", "date_order")
    decision = decide_order(tally, language="id", date_format="%m/%d/%Y %H:%M")
    assert (decision.order, decision.basis) == ("mdy", "date_format")


def test_ambiguous_values_follow_the_decided_order():
    day_first = parse_published(MONTH_FIRST_UNDECIDED, default_tz=JAKARTA)  # the default order
    month_first = parse_published(MONTH_FIRST_UNDECIDED, default_tz=JAKARTA, order="mdy")
    assert day_first.published_local == dt.datetime(2025, 1, 8, 6, 40)
    assert month_first.published_local == dt.datetime(2025, 8, 1, 6, 40)
    assert month_first.method == "format:mdy_numeric" and month_first.tz_label == JAKARTA
    got = parse_published(KOMPAS_UNDECIDED, default_tz=JAKARTA, order="dmy")
    assert got.published_local == dt.datetime(2025, 6, 10, 21, 23) and got.method == "format:dmy_numeric"


@pytest.mark.parametrize(
    ("raw", "order"),
    [(MONTH_FIRST, "dmy"), (KOMPAS_DAY_FIRST, "mdy"), (KOMPAS_UNDECIDED, "ymd"), ("13.25.2025", "dmy")],
)
def test_a_value_against_the_order_is_refused_never_swapped(raw, order):
    got = parse_published(raw, default_tz=JAKARTA, languages=("id",), order=order)
    assert isinstance(got, UnparsedDate)
    assert got.reason.startswith(f"invalid date in the source's date order {order}")


def test_a_date_in_brackets_counts_and_is_checked():
    raw = "Selasa (18/6/2025) pukul 09.25 WIB"  # indonews_rss_2025 ...2025-06-18.csv#98 (body)
    assert _tally(raw).day_first == 1
    assert contradicts(raw, "mdy") and not contradicts(raw, "dmy")


def test_the_dateparser_tier_reads_numbers_in_the_order():
    raw = "Selasa (8/1/2025) pukul 09.25 WIB"  # the layout of indonews_rss_2025 ...2025-06-18.csv#98
    got = parse_published(raw, default_tz=JAKARTA, languages=("id",), order="mdy")
    assert (got.published_local, got.method) == (dt.datetime(2025, 8, 1, 9, 25), "dateparser")
    got = parse_published(raw, default_tz=JAKARTA, languages=("id",))
    assert got.published_local == dt.datetime(2025, 1, 8, 9, 25)


def test_date_format_is_tried_first_and_the_tiers_read_the_rest():
    layout = "%m/%d/%Y %H:%M"
    got = parse_published(MONTH_FIRST, default_tz=JAKARTA, date_format=layout, order="mdy")
    assert isinstance(got, ParsedDate) and got.method == "date_format"
    assert got.published_at == dt.datetime(2025, 7, 31, 1, 15, tzinfo=dt.UTC)
    zoned = parse_published("2025-07-31T08:15:00+0700", date_format="%Y-%m-%dT%H:%M:%S%z")
    assert (zoned.published_local, zoned.tz_label, zoned.method) == (
        dt.datetime(2025, 7, 31, 8, 15),
        "+07:00",
        "date_format",
    )
    other = parse_published("18 Jun 2025, 14:05 WIB", default_tz=JAKARTA, date_format=layout, order="mdy")
    assert other.method == "format:dmy_text"
    # the layout's precision counts when a shown date and metadata agree
    raw, picked = pick_published(["7/31/2025", MONTH_FIRST], default_tz=JAKARTA, date_format=layout, order="mdy")
    assert raw == MONTH_FIRST and picked.method == "date_format"


@pytest.mark.parametrize(
    ("layout", "order"),
    [("%m/%d/%Y %H:%M", "mdy"), ("%d.%m.%Y", "dmy"), ("%Y/%m/%d %H:%M:%S", "ymd"), ("%b %d, %Y", "mdy")],
)
def test_format_order(layout, order):
    assert format_order(layout) == order


@pytest.mark.parametrize(
    ("layout", "message"),
    [("%m/%Y", "has no day"), ("%H:%M", "has no day and no month and no year"), ("%d/%Y/%m", "writes dym")],
)
def test_format_order_refuses_an_incomplete_or_odd_layout(layout, message):
    with pytest.raises(ValueError, match=message):
        format_order(layout)

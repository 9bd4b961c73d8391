"""Tag frequencies, co-occurrence and rising tags on the hand-made store of handmade_store.py."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from handmade_store import rows, store  # noqa: F401 - the shared store fixture

from analytics.queries import QueryError, rising_tags, tag_cooccurrence, tag_frequencies
from analytics.queries.filters import filters_from

D = dt.date


def test_tag_frequencies_by_kind_keep_editor_tags_and_keywords_apart(store):
    frame = tag_frequencies(store, limit=None)
    assert list(frame.columns) == ["kind", "tag", "label", "count", "total", "share"]
    assert rows(frame, "kind", "tag", "label", "count", "total") == [
        ("tag", "china", "China", 6, 12),
        ("tag", "korea-utara", "Korea Utara", 4, 12),
        ("tag", "north-korea", "North Korea", 2, 12),
        ("place", "beijing", "Beijing", 1, 12),
        ("place", "china", "China", 1, 12),
        ("place", "pyongyang", "Pyongyang", 1, 12),
        ("section", "world", "World", 3, 12),
        ("section", "internasional", "Internasional", 2, 12),
        ("section", "nasional", "Nasional", 2, 12),
        ("keyword", "rudal", "rudal", 2, 12),
        ("keyword", "banjir", "banjir", 1, 12),
        ("keyword", "election", "election", 1, 12),
        ("keyword", "missile", "missile", 1, 12),
    ]
    assert frame["share"].iloc[0] == pytest.approx(0.5)


def test_tag_frequencies_of_one_kind_with_a_limit(store):
    assert rows(tag_frequencies(store, kind="keyword", limit=1), "tag", "count") == [("rudal", 2)]


def test_tag_frequencies_by_outlet(store):
    frame = tag_frequencies(store, kind="tag", by="outlet")
    assert list(frame.columns) == [
        "outlet_id",
        "outlet_name",
        "outlet_kind",
        "kind",
        "tag",
        "label",
        "count",
        "total",
        "share",
    ]
    assert rows(frame, "outlet_name", "tag", "count", "total") == [
        ("(unknown)", "china", 1, 1),
        ("Kompas", "korea-utara", 3, 4),
        ("Kompas", "china", 2, 4),
        ("Tempo", "china", 2, 4),
        ("Tempo", "korea-utara", 1, 4),
        ("Wire Daily", "north-korea", 2, 3),
        ("Wire Daily", "china", 1, 3),
    ]


def test_tag_frequencies_by_agency_total_is_the_articles_crediting_it(store):
    frame = tag_frequencies(store, kind="tag", by="agency")
    reuters = frame[frame["agency"] == "reuters"]  # a01 a05 a07 a09
    assert rows(reuters, "tag", "count", "total") == [("china", 3, 4), ("korea-utara", 1, 4), ("north-korea", 1, 4)]


def test_tag_frequencies_by_period(store):
    frame = tag_frequencies(store, kind="section", by="period", freq="month")
    # dated articles only: March a01 a02 (internasional), a09 a10 (world); April a11 (world)
    assert rows(frame, "period", "tag", "count", "total") == [
        (D(2024, 3, 1), "internasional", 2, 7),
        (D(2024, 3, 1), "world", 2, 7),
        (D(2024, 4, 1), "world", 1, 2),
    ]


def test_tag_filter_matches_any_kind(store):
    china = filters_from(tags=["china"])  # tag china on a01 a03 a05 a07 a10 a12, place china on a10
    frame = tag_frequencies(store, china, kind="place")
    # the tag filter picks the articles counted; the total is every article (no other filter)
    every = store.one("SELECT count(*) FROM articles")[0]
    assert rows(frame, "tag", "count", "total") == [("beijing", 1, every), ("china", 1, every), ("pyongyang", 1, every)]


def test_tag_cooccurrence_pairs(store):
    frame = tag_cooccurrence(store, kind="tag")
    assert list(frame.columns) == [
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
    ]
    assert rows(frame, "tag_a", "tag_b", "count", "count_a", "count_b", "total") == [
        ("china", "korea-utara", 2, 6, 4, 12),  # a01 a03
        ("china", "north-korea", 1, 6, 2, 12),  # a10
    ]


def test_tag_cooccurrence_across_kinds_never_pairs_a_key_with_itself(store):
    frame = tag_cooccurrence(store, limit=None)
    pairs = {(a, ta, b, tb): c for a, ta, b, tb, c in rows(frame, "kind_a", "tag_a", "kind_b", "tag_b", "count")}
    assert ("place", "china", "tag", "china") not in pairs  # a10 carries both
    assert pairs[("section", "internasional", "tag", "korea-utara")] == 2  # a01 a02
    assert pairs[("keyword", "rudal", "tag", "china")] == 1  # a05
    assert pairs[("place", "china", "section", "world")] == 1  # a10
    # distinct pairs per article, first seen: a01 3, a02 2, a03 2, a04 1, a05 1, a07 1, a09 3,
    # a10 4 (6 minus the china/china non-pair, minus north-korea/world seen in a09), a11 1
    assert len(pairs) == 18
    assert rows(tag_cooccurrence(store, min_count=2, limit=None), "tag_a", "tag_b", "count") == [
        ("internasional", "korea-utara", 2),
        ("world", "north-korea", 2),
        ("china", "korea-utara", 2),
    ]


def test_rising_tags_between_two_weeks(store):
    frame = rising_tags(store, freq="week", period=D(2024, 3, 13), min_count=1)
    assert list(frame.columns) == [
        "period",
        "period_before",
        "kind",
        "tag",
        "label",
        "count",
        "count_before",
        "change",
        "total",
        "total_before",
        "share",
        "share_before",
        "share_change",
    ]
    # week of 03-11 (a03 a06 a10) against week of 03-04 (a01 a02 a05 a09): only two places are new
    assert rows(
        frame, "period", "period_before", "kind", "tag", "count", "count_before", "change", "total", "total_before"
    ) == [
        (D(2024, 3, 11), D(2024, 3, 4), "place", "china", 1, 0, 1, 3, 4),
        (D(2024, 3, 11), D(2024, 3, 4), "place", "pyongyang", 1, 0, 1, 3, 4),
    ]
    first = frame.iloc[0]
    assert (first["share"], first["share_before"], first["share_change"]) == (
        pytest.approx(1 / 3),
        pytest.approx(0.0),
        pytest.approx(1 / 3),
    )
    assert rising_tags(store, freq="week", period=D(2024, 3, 13)).empty  # min_count 2: nothing rose that far


def test_rising_tags_default_to_the_latest_period(store):
    frame = rising_tags(store, freq="week", min_count=1)
    # week of 04-01 (a07 a11) against the empty week of 03-25
    assert rows(frame, "period", "period_before", "kind", "tag", "count", "count_before", "total", "total_before") == [
        (D(2024, 4, 1), D(2024, 3, 25), "tag", "china", 1, 0, 2, 0),  # ties: editor tags first
        (D(2024, 4, 1), D(2024, 3, 25), "place", "beijing", 1, 0, 2, 0),
        (D(2024, 4, 1), D(2024, 3, 25), "section", "world", 1, 0, 2, 0),
        (D(2024, 4, 1), D(2024, 3, 25), "keyword", "election", 1, 0, 2, 0),
    ]
    assert math.isnan(frame["share_before"].iloc[0])  # no articles before: no share


def test_rising_tags_by_month(store):
    frame = rising_tags(store, freq="month", period=D(2024, 3, 20), min_count=2)
    # March (7 dated articles) against an empty February
    assert rows(frame, "kind", "tag", "count", "change") == [
        ("tag", "china", 4, 4),
        ("tag", "korea-utara", 4, 4),
        ("tag", "north-korea", 2, 2),
        ("section", "internasional", 2, 2),
        ("section", "world", 2, 2),
        ("keyword", "rudal", 2, 2),
    ]


def test_tag_options_are_checked(store):
    with pytest.raises(QueryError, match="kind must be one of"):
        tag_frequencies(store, kind="hashtag")
    with pytest.raises(QueryError, match="min_count"):
        tag_cooccurrence(store, min_count=0)
    with pytest.raises(QueryError, match="by must be one of"):
        tag_frequencies(store, by="tag")

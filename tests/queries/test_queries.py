"""The analytics API on the small hand-made store of handmade_store.py: attribution shares, the
overview, the time limit. Expected counts are worked out by hand from its table, never by the code.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from handmade_store import build_store, rows, store  # noqa: F401 - the shared store fixture

from analytics.queries import (
    QueryTimeout,
    attribution_by_agency,
    attribution_by_agency_role,
    attribution_by_outlet,
    attribution_by_role,
    headline,
    outlet_agency_matrix,
    overview,
    overview_table,
    state_vs_independent,
    store_version,
    wire_copy_by_outlet,
)
from analytics.queries.engine import run
from analytics.queries.filters import Filters, filters_from
from analytics.store.store import Store

# --- attribution ----------------------------------------------------------------------------


def test_attribution_by_agency_counts_articles_not_mentions(store):
    frame = attribution_by_agency(store)
    assert list(frame.columns) == ["agency", "agency_name", "agency_kind", "count", "total", "share"]
    assert rows(frame, "agency", "count", "total") == [
        ("reuters", 4, 12),
        ("ap", 3, 12),
        ("antara", 2, 12),
        ("kcna", 2, 12),
        ("xinhua", 2, 12),
        ("afp", 1, 12),
    ]
    reuters = frame.iloc[0]
    assert reuters["agency_name"] == "Reuters" and reuters["agency_kind"] == "wire"
    assert reuters["share"] == pytest.approx(4 / 12)
    assert frame.set_index("agency").loc["kcna", "agency_kind"] == "state"
    assert frame["count"].dtype == "int64" and frame["share"].dtype == "float64"


def test_attribution_by_agency_limit_and_unregistered_agency(tmp_path):
    path = build_store(tmp_path / "s.duckdb", extra_attributions=[("a06", "zzpress", "cited")])
    with Store.open(path, read_only=True) as opened:
        frame = attribution_by_agency(opened, limit=2)
        assert rows(frame, "agency", "count") == [("reuters", 4), ("ap", 3)]
        other = attribution_by_agency(opened).set_index("agency").loc["zzpress"]
    assert (other["agency_name"], other["agency_kind"], other["count"]) == ("zzpress", "unregistered", 1)


def test_attribution_by_role_counts_each_article_once_per_role(store):
    frame = attribution_by_role(store)
    assert rows(frame, "role", "count", "total", "share") == [
        ("source", 5, 12, round(5 / 12, 4)),
        ("dateline", 4, 12, round(4 / 12, 4)),
        ("photo", 2, 12, round(2 / 12, 4)),
        ("cited", 3, 12, 0.25),  # a05 cites two agencies: one article
    ]


def test_attribution_by_agency_role(store):
    frame = attribution_by_agency_role(store)
    assert rows(frame, "agency", "role", "count", "total") == [
        ("reuters", "source", 2, 12),
        ("reuters", "dateline", 1, 12),
        ("reuters", "photo", 1, 12),
        ("reuters", "cited", 1, 12),
        ("ap", "source", 1, 12),
        ("ap", "dateline", 1, 12),
        ("ap", "photo", 1, 12),
        ("antara", "source", 1, 12),
        ("antara", "dateline", 1, 12),
        ("kcna", "cited", 2, 12),
        ("xinhua", "dateline", 1, 12),
        ("xinhua", "cited", 1, 12),
        ("afp", "source", 1, 12),
    ]


def test_attribution_by_outlet_labels_a_missing_outlet(store):
    frame = attribution_by_outlet(store)
    assert sorted(rows(frame, "outlet_name", "count", "total")) == [
        ("(unknown)", 1, 1),
        ("Kompas", 4, 4),
        ("Tempo", 3, 4),
        ("Wire Daily", 2, 3),
    ]


def test_wire_copy_by_outlet(store):
    frame = wire_copy_by_outlet(store)
    assert sorted(rows(frame, "outlet_name", "count", "total", "share")) == [
        ("(unknown)", 1, 1, 1.0),
        ("Kompas", 3, 4, 0.75),
        ("Tempo", 2, 4, 0.5),
        ("Wire Daily", 2, 3, round(2 / 3, 4)),
    ]


def test_outlet_agency_matrix(store):
    frame = outlet_agency_matrix(store)
    assert list(frame.columns) == [
        "outlet_id",
        "outlet_name",
        "outlet_kind",
        "agency",
        "agency_name",
        "agency_kind",
        "count",
        "total",
        "share",
    ]
    assert sorted(rows(frame, "outlet_name", "agency", "count", "total")) == [
        ("(unknown)", "afp", 1, 1),
        ("Kompas", "antara", 1, 4),
        ("Kompas", "ap", 2, 4),
        ("Kompas", "kcna", 1, 4),
        ("Kompas", "reuters", 1, 4),
        ("Tempo", "antara", 1, 4),
        ("Tempo", "ap", 1, 4),
        ("Tempo", "reuters", 2, 4),
        ("Tempo", "xinhua", 1, 4),
        ("Wire Daily", "kcna", 1, 3),
        ("Wire Daily", "reuters", 1, 3),
        ("Wire Daily", "xinhua", 1, 3),
    ]


def test_state_vs_independent(store):
    assert rows(state_vs_independent(store), "agency_kind", "count", "total") == [("state", 5, 12), ("wire", 7, 12)]
    by_outlet = state_vs_independent(store, by="outlet")
    assert sorted(rows(by_outlet, "outlet_name", "agency_kind", "count", "total")) == [
        ("(unknown)", "state", 0, 1),
        ("(unknown)", "wire", 1, 1),
        ("Kompas", "state", 2, 4),
        ("Kompas", "wire", 2, 4),  # a03 kcna, a04 antara / a01, a02
        ("Tempo", "state", 2, 4),
        ("Tempo", "wire", 3, 4),  # a05 xinhua, a07 antara / a05, a07, a08
        ("Wire Daily", "state", 1, 3),
        ("Wire Daily", "wire", 1, 3),  # a10 / a09
    ]


def test_role_and_agency_filters_narrow_the_attributions_counted_not_the_articles_they_are_counted_of(store):
    # agencies and roles pick what is counted; the total stays every article under the other filters
    every = store.one("SELECT count(*) FROM articles")[0]
    sources = attribution_by_agency(store, filters_from(roles=["source"]))
    # articles with a source credit: a01 a02 a07 a09 a12; a01's AP photo no longer counts
    assert rows(sources, "agency", "count", "total") == [
        ("reuters", 2, every),
        ("afp", 1, every),
        ("antara", 1, every),
        ("ap", 1, every),
    ]
    reuters = attribution_by_role(store, filters_from(agencies=["reuters"]))
    assert rows(reuters, "role", "count", "total") == [
        ("source", 2, every),
        ("dateline", 1, every),
        ("photo", 1, every),
        ("cited", 1, every),
    ]
    only = attribution_by_role(store, filters_from(agencies=["ap"], roles=["source"]))
    assert rows(only, "role", "count", "total") == [("source", 1, every)]


def test_no_matching_articles_gives_empty_frames_with_columns(store):
    nothing = filters_from(outlets=["No Such Outlet"])
    for frame in (
        attribution_by_agency(store, nothing),
        attribution_by_role(store, nothing),
        attribution_by_outlet(store, nothing),
        outlet_agency_matrix(store, nothing),
    ):
        assert frame.empty and {"count", "total", "share"} <= set(frame.columns)


# --- overview -------------------------------------------------------------------------------


def test_overview(store):
    facts = overview(store, top=2)
    assert (facts["articles"], facts["outlets"], facts["languages"]) == (12, 3, 2)
    # a12's 2031 date is flagged future: not the last date
    assert (facts["first_date"], facts["last_date"]) == (dt.date(2024, 3, 4), dt.date(2024, 4, 2))
    assert facts["wire_copy"] == 8 and facts["wire_copy_share"] == pytest.approx(8 / 12)
    assert rows(facts["table"], "metric", "count", "total") == [
        ("articles", 12, 12),
        ("dated", 9, 12),
        ("wire_copy", 8, 12),
        ("credits_an_agency", 10, 12),
        ("tagged", 12, 12),
        ("with_event_date", 6, 12),
        ("date_issues", 3, 12),
    ]
    assert rows(facts["top_agencies"], "agency", "count") == [("reuters", 4), ("ap", 3)]
    assert rows(facts["top_tags"], "kind", "tag", "count") == [
        ("tag", "china", 6),
        ("tag", "korea-utara", 4),
        ("place", "beijing", 1),
        ("place", "china", 1),
        ("section", "world", 3),
        ("section", "internasional", 2),
        ("keyword", "rudal", 2),
        ("keyword", "banjir", 1),
    ]
    assert rows(facts["date_quality"], "status", "count") == [
        ("ok", 9),
        ("missing", 1),
        ("unparseable", 1),
        ("future", 1),
        ("implausibly_old", 0),
    ]
    assert overview_table(store, filters_from(outlets=["Tempo"]))["total"].tolist() == [4] * 7
    figures = headline(store)  # the overview's figures alone
    assert list(figures) == list(facts)[: len(figures)] and "top_agencies" not in figures
    assert {k: v for k, v in figures.items() if k != "table"} == {k: facts[k] for k in figures if k != "table"}
    assert figures["table"].equals(facts["table"])


def test_overview_of_an_empty_store(tmp_path):
    with Store.open(tmp_path / "empty.duckdb") as empty:
        facts = overview(empty)
    assert facts["articles"] == 0 and facts["first_date"] is None and facts["wire_copy_share"] is None
    assert facts["top_agencies"].empty and facts["top_tags"].empty


# --- engine ---------------------------------------------------------------------------------


def test_a_slow_query_stops_at_its_time_limit(store):
    with pytest.raises(QueryTimeout, match="slow one took longer than 0.2 s"):
        run(
            store,
            "SELECT count(*) FROM range(100000000000) a(i), range(10) b(j) WHERE a.i + b.j < 0",
            name="slow one",
            time_limit=0.2,
        )
    assert run(store, "SELECT 1 AS one")["one"].tolist() == [1]  # the store is still usable


def test_queries_run_concurrently_from_threads(store):
    results, errors = [], []

    def work() -> None:
        try:
            results.append(attribution_by_agency(store)["count"].sum())
        except Exception as problem:  # noqa: BLE001 - reported below
            errors.append(problem)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and results == [14] * 8  # 4 + 3 + 2 + 2 + 2 + 1


def test_store_version_changes_when_the_store_changes(tmp_path):
    path = build_store(tmp_path / "s.duckdb")
    with Store.open(path, read_only=True) as opened:
        before = store_version(opened)
        assert store_version(opened) == before
    with Store.open(path) as writable:
        writable.connection.cursor().execute("DELETE FROM attributions WHERE article_id = 'a12'")
    with Store.open(path, read_only=True) as opened:
        assert store_version(opened) != before


def test_every_function_validates_its_filters(store):
    with pytest.raises(ValueError, match="roles"):
        attribution_by_agency(store, Filters(roles=("editor",)))

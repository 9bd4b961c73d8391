"""The analytics API on a small hand-made store: attribution shares, the overview, the
time limit. Expected counts are worked out by hand from the table below, never by the code.

The store (also used by test_queries_*.py, test_filters.py, test_figures.py, test_reports.py):

| id  | outlet     | published (local)      | UTC               | date issue  | lang | attributions (agency role)            | wire | tags (kind:key)                                   | lag |
|-----|------------|------------------------|-------------------|-------------|------|----------------------------------------|------|---------------------------------------------------|-----|
| a01 | Kompas     | 2024-03-04 00:30 WIB   | 2024-03-03 17:30  |             | id   | reuters source, reuters dateline, ap photo | yes | tag:korea-utara tag:china section:internasional | 1   |
| a02 | Kompas     | 2024-03-04 10:00 WIB   | 2024-03-04 03:00  |             | id   | ap source                               | yes  | tag:korea-utara keyword:rudal section:internasional | 0 |
| a03 | Kompas     | 2024-03-12 09:00 WIB   | 2024-03-12 02:00  |             | id   | kcna cited                              | no   | tag:korea-utara tag:china place:pyongyang         | -1  |
| a04 | Kompas     | -                      | -                 | missing     | id   | antara dateline                         | yes  | keyword:banjir section:nasional                   |     |
| a05 | Tempo      | 2024-03-05 23:45 WIB   | 2024-03-05 16:45  |             | id   | reuters cited, xinhua cited             | no   | tag:china keyword:rudal                           | 1   |
| a06 | Tempo      | 2024-03-13 08:00 WIB   | 2024-03-13 01:00  |             | id   | -                                       | no   | tag:korea-utara (label "Korut")                   |     |
| a07 | Tempo      | 2024-04-02 12:00 WIB   | 2024-04-02 05:00  |             | id   | antara source, reuters photo            | yes  | tag:china place:beijing                           |     |
| a08 | Tempo      | (unparseable text)     | -                 | unparseable | id   | ap dateline                             | yes  | section:nasional                                  |     |
| a09 | Wire Daily | 2024-03-04 12:00 UTC   | 2024-03-04 12:00  |             | en   | reuters source                          | yes  | tag:north-korea keyword:missile section:world     | 2   |
| a10 | Wire Daily | 2024-03-11 06:00 UTC   | 2024-03-11 06:00  |             | en   | xinhua dateline, kcna cited             | yes  | tag:north-korea tag:china place:china section:world | 45 |
| a11 | Wire Daily | 2024-04-01 09:00 UTC   | 2024-04-01 09:00  |             | en   | -                                       | no   | keyword:election section:world                    |     |
| a12 | (none)     | 2031-01-01 10:00 UTC   | 2031-01-01 10:00  | future      | -    | afp source                              | yes  | tag:china                                         |     |

Registry kinds: reuters, ap, afp are wires; kcna, xinhua, antara state media.
"""
from __future__ import annotations

import datetime as dt
import pathlib
import threading

import pandas as pd
import pyarrow as pa
import pytest

from analytics.queries.filters import Filters, filters_from
from analytics.queries import (
    QueryTimeout, attribution_by_agency, attribution_by_agency_role, attribution_by_outlet, attribution_by_role,
    headline, outlet_agency_matrix, overview, overview_table, state_vs_independent, store_version,
    wire_copy_by_outlet,
)
from analytics.queries.engine import run
from analytics.schema import ATTRIBUTION_SCHEMA, CREDIT_SCHEMA, TAG_SCHEMA, Article, to_arrow
from analytics.store.store import Store

UTC = dt.timezone.utc
WIB = dt.timedelta(hours=7)
KOMPAS, TEMPO, WIRE = "Kompas", "Tempo", "Wire Daily"


def _wib(text: str) -> tuple[dt.datetime, dt.datetime, str]:
    local = dt.datetime.fromisoformat(text)
    return (local - WIB).replace(tzinfo=UTC), local, "WIB"


def _utc(text: str) -> tuple[dt.datetime, dt.datetime, str]:
    local = dt.datetime.fromisoformat(text)
    return local.replace(tzinfo=UTC), local, "UTC"


# id: (outlet, (published_at, published_local, tz) | None, issue, language, event_lag_days, raw)
ARTICLES = {
    "a01": (KOMPAS, _wib("2024-03-04 00:30"), None, "id", 1, "Senin, 4 Mar 2024 00:30 WIB"),
    "a02": (KOMPAS, _wib("2024-03-04 10:00"), None, "id", 0, "4 Maret 2024, 10:00 WIB"),
    "a03": (KOMPAS, _wib("2024-03-12 09:00"), None, "id", -1, "12 Maret 2024, 09:00 WIB"),
    "a04": (KOMPAS, None, "missing", "id", None, None),
    "a05": (TEMPO, _wib("2024-03-05 23:45"), None, "id", 1, "5 Maret 2024 | 23.45 WIB"),
    "a06": (TEMPO, _wib("2024-03-13 08:00"), None, "id", None, "13 Maret 2024 | 08.00 WIB"),
    "a07": (TEMPO, _wib("2024-04-02 12:00"), None, "id", None, "2 April 2024 | 12.00 WIB"),
    "a08": (TEMPO, None, "unparseable", "id", None, "Scroll ke bawah untuk membaca berita"),
    "a09": (WIRE, _utc("2024-03-04 12:00"), None, "en", 2, "2024-03-04T12:00:00Z"),
    "a10": (WIRE, _utc("2024-03-11 06:00"), None, "en", 45, "2024-03-11T06:00:00Z"),
    "a11": (WIRE, _utc("2024-04-01 09:00"), None, "en", None, "2024-04-01T09:00:00Z"),
    "a12": (None, _utc("2031-01-01 10:00"), "future", None, None, "2031-01-01T10:00:00Z"),
}
ATTRIBUTIONS = [
    ("a01", "reuters", "source"), ("a01", "reuters", "dateline"), ("a01", "ap", "photo"),
    ("a02", "ap", "source"),
    ("a03", "kcna", "cited"),
    ("a04", "antara", "dateline"),
    ("a05", "reuters", "cited"), ("a05", "xinhua", "cited"),
    ("a07", "antara", "source"), ("a07", "reuters", "photo"),
    ("a08", "ap", "dateline"),
    ("a09", "reuters", "source"),
    ("a10", "xinhua", "dateline"), ("a10", "kcna", "cited"),
    ("a12", "afp", "source"),
]
CREDITS = {  # article: (wire_copy, primary_agency)
    "a01": (True, "reuters"), "a02": (True, "ap"), "a03": (False, None), "a04": (True, "antara"),
    "a05": (False, None), "a06": (False, None), "a07": (True, "antara"), "a08": (True, "ap"),
    "a09": (True, "reuters"), "a10": (True, "xinhua"), "a11": (False, None), "a12": (True, "afp"),
}
TAGS = [
    ("a01", "tag", "korea-utara", "Korea Utara"), ("a01", "tag", "china", "China"),
    ("a01", "section", "internasional", "Internasional"),
    ("a02", "tag", "korea-utara", "Korea Utara"), ("a02", "keyword", "rudal", "rudal"),
    ("a02", "section", "internasional", "Internasional"),
    ("a03", "tag", "korea-utara", "Korea Utara"), ("a03", "tag", "china", "China"),
    ("a03", "place", "pyongyang", "Pyongyang"),
    ("a04", "keyword", "banjir", "banjir"), ("a04", "section", "nasional", "Nasional"),
    ("a05", "tag", "china", "China"), ("a05", "keyword", "rudal", "rudal"),
    ("a06", "tag", "korea-utara", "Korut"),
    ("a07", "tag", "china", "China"), ("a07", "place", "beijing", "Beijing"),
    ("a08", "section", "nasional", "Nasional"),
    ("a09", "tag", "north-korea", "North Korea"), ("a09", "keyword", "missile", "missile"),
    ("a09", "section", "world", "World"),
    ("a10", "tag", "north-korea", "North Korea"), ("a10", "tag", "china", "China"),
    ("a10", "place", "china", "China"), ("a10", "section", "world", "World"),
    ("a11", "keyword", "election", "election"), ("a11", "section", "world", "World"),
    ("a12", "tag", "china", "China"),
]
INGESTED = dt.datetime(2024, 5, 1, tzinfo=UTC)


def _article(article_id: str) -> Article:
    outlet, published, issue, language, lag, raw = ARTICLES[article_id]
    published_at, local, tz = published or (None, None, None)
    tags = [t for a, kind, t, _ in TAGS if a == article_id and kind == "tag"]
    return Article(
        article_id=article_id, source_ref=f"hand/{article_id}.txt", outlet=outlet, url=f"https://example.org/{article_id}",
        title=f"Title of {article_id}", body=f"Body of {article_id}.", captions=[f"Caption {article_id}"],
        author="Reporter", published_raw=raw, published_at=published_at, published_local=local, tz_label=tz,
        published_method=None if issue else "table", published_issue=issue,
        event_date=(local.date() - dt.timedelta(days=lag)) if lag is not None else None, event_lag_days=lag,
        language=language, tags=tags, places=[t for a, kind, t, _ in TAGS if a == article_id and kind == "place"],
        section=next((label for a, kind, _, label in TAGS if a == article_id and kind == "section"), None),
        content_hash=f"hash-{article_id}", ingested_at=INGESTED,
    )


def build_store(
    path: pathlib.Path, *, extra_articles: list[Article] = (), extra_attributions=(), extra_tags=(),
) -> pathlib.Path:
    """The store of the module docstring (plus any extra rows), written through the store's own tables."""
    articles = [_article(a) for a in ARTICLES] + list(extra_articles)
    attributions = [
        {"article_id": a, "agency": agency, "role": role, "section": "body", "start": 0, "end": 10,
         "evidence": f"{agency} as {role} in {a}", "confidence": 0.9, "mentions": 1}
        for a, agency, role in [*ATTRIBUTIONS, *extra_attributions]
    ]
    credits = [{"article_id": a, "wire_copy": w, "primary_agency": p} for a, (w, p) in CREDITS.items()]
    tags = [{"article_id": a, "kind": k, "tag": t, "label": label} for a, k, t, label in [*TAGS, *extra_tags]]
    with Store.open(path) as store:
        cursor = store.connection.cursor()
        for name, table in (
            ("articles", to_arrow(articles)),
            ("attributions", pa.Table.from_pylist(attributions, schema=ATTRIBUTION_SCHEMA)),
            ("article_credits", pa.Table.from_pylist(credits, schema=CREDIT_SCHEMA)),
            ("tags", pa.Table.from_pylist(tags, schema=TAG_SCHEMA)),
        ):
            cursor.register("rows", table)
            cursor.execute(f"INSERT INTO {name} BY NAME SELECT * FROM rows")
            cursor.unregister("rows")
        cursor.close()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("hand") / "hand.duckdb")
    with Store.open(path, read_only=True) as opened:
        yield opened


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The frame's rows as plain tuples of the given columns (count, total as ints, share rounded)."""
    out = []
    for record in frame[list(columns)].itertuples(index=False, name=None):
        out.append(tuple(round(v, 4) if isinstance(v, float) else (v.date() if isinstance(v, pd.Timestamp) else v)
                         for v in record))
    return out


# --- attribution ----------------------------------------------------------------------------


def test_attribution_by_agency_counts_articles_not_mentions(store):
    frame = attribution_by_agency(store)
    assert list(frame.columns) == ["agency", "agency_name", "agency_kind", "count", "total", "share"]
    assert rows(frame, "agency", "count", "total") == [
        ("reuters", 4, 12), ("ap", 3, 12), ("antara", 2, 12), ("kcna", 2, 12), ("xinhua", 2, 12), ("afp", 1, 12),
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
        ("source", 5, 12, round(5 / 12, 4)), ("dateline", 4, 12, round(4 / 12, 4)),
        ("photo", 2, 12, round(2 / 12, 4)), ("cited", 3, 12, 0.25),  # a05 cites two agencies: one article
    ]


def test_attribution_by_agency_role(store):
    frame = attribution_by_agency_role(store)
    assert rows(frame, "agency", "role", "count", "total") == [
        ("reuters", "source", 2, 12), ("reuters", "dateline", 1, 12), ("reuters", "photo", 1, 12),
        ("reuters", "cited", 1, 12),
        ("ap", "source", 1, 12), ("ap", "dateline", 1, 12), ("ap", "photo", 1, 12),
        ("antara", "source", 1, 12), ("antara", "dateline", 1, 12),
        ("kcna", "cited", 2, 12),
        ("xinhua", "dateline", 1, 12), ("xinhua", "cited", 1, 12),
        ("afp", "source", 1, 12),
    ]


def test_attribution_by_outlet_labels_a_missing_outlet(store):
    frame = attribution_by_outlet(store)
    assert sorted(rows(frame, "outlet", "count", "total")) == [
        ("(unknown)", 1, 1), ("Kompas", 4, 4), ("Tempo", 3, 4), ("Wire Daily", 2, 3),
    ]


def test_wire_copy_by_outlet(store):
    frame = wire_copy_by_outlet(store)
    assert sorted(rows(frame, "outlet", "count", "total", "share")) == [
        ("(unknown)", 1, 1, 1.0), ("Kompas", 3, 4, 0.75), ("Tempo", 2, 4, 0.5), ("Wire Daily", 2, 3, round(2 / 3, 4)),
    ]


def test_outlet_agency_matrix(store):
    frame = outlet_agency_matrix(store)
    assert list(frame.columns) == ["outlet", "agency", "agency_name", "agency_kind", "count", "total", "share"]
    assert sorted(rows(frame, "outlet", "agency", "count", "total")) == [
        ("(unknown)", "afp", 1, 1),
        ("Kompas", "antara", 1, 4), ("Kompas", "ap", 2, 4), ("Kompas", "kcna", 1, 4), ("Kompas", "reuters", 1, 4),
        ("Tempo", "antara", 1, 4), ("Tempo", "ap", 1, 4), ("Tempo", "reuters", 2, 4), ("Tempo", "xinhua", 1, 4),
        ("Wire Daily", "kcna", 1, 3), ("Wire Daily", "reuters", 1, 3), ("Wire Daily", "xinhua", 1, 3),
    ]


def test_state_vs_independent(store):
    assert rows(state_vs_independent(store), "agency_kind", "count", "total") == [("state", 5, 12), ("wire", 7, 12)]
    by_outlet = state_vs_independent(store, by="outlet")
    assert sorted(rows(by_outlet, "outlet", "agency_kind", "count", "total")) == [
        ("(unknown)", "state", 0, 1), ("(unknown)", "wire", 1, 1),
        ("Kompas", "state", 2, 4), ("Kompas", "wire", 2, 4),  # a03 kcna, a04 antara / a01, a02
        ("Tempo", "state", 2, 4), ("Tempo", "wire", 3, 4),  # a05 xinhua, a07 antara / a05, a07, a08
        ("Wire Daily", "state", 1, 3), ("Wire Daily", "wire", 1, 3),  # a10 / a09
    ]


def test_role_and_agency_filters_narrow_the_attributions_counted(store):
    sources = attribution_by_agency(store, filters_from(roles=["source"]))
    # articles with a source credit: a01 a02 a07 a09 a12; a01's AP photo no longer counts
    assert rows(sources, "agency", "count", "total") == [
        ("reuters", 2, 5), ("afp", 1, 5), ("antara", 1, 5), ("ap", 1, 5),
    ]
    reuters = attribution_by_role(store, filters_from(agencies=["reuters"]))
    assert rows(reuters, "role", "count", "total") == [("source", 2, 4), ("dateline", 1, 4), ("photo", 1, 4), ("cited", 1, 4)]
    only = attribution_by_role(store, filters_from(agencies=["ap"], roles=["source"]))
    assert rows(only, "role", "count", "total") == [("source", 1, 1)]


def test_no_matching_articles_gives_empty_frames_with_columns(store):
    nothing = filters_from(outlets=["No Such Outlet"])
    for frame in (attribution_by_agency(store, nothing), attribution_by_role(store, nothing),
                  attribution_by_outlet(store, nothing), outlet_agency_matrix(store, nothing)):
        assert frame.empty and {"count", "total", "share"} <= set(frame.columns)


# --- overview -------------------------------------------------------------------------------


def test_overview(store):
    facts = overview(store, top=2)
    assert (facts["articles"], facts["outlets"], facts["languages"]) == (12, 3, 2)
    # a12's 2031 date is flagged future: not the last date
    assert (facts["first_date"], facts["last_date"]) == (dt.date(2024, 3, 4), dt.date(2024, 4, 2))
    assert facts["wire_copy"] == 8 and facts["wire_copy_share"] == pytest.approx(8 / 12)
    assert rows(facts["table"], "metric", "count", "total") == [
        ("articles", 12, 12), ("dated", 9, 12), ("wire_copy", 8, 12), ("credits_an_agency", 10, 12),
        ("tagged", 12, 12), ("with_event_date", 6, 12), ("date_issues", 3, 12),
    ]
    assert rows(facts["top_agencies"], "agency", "count") == [("reuters", 4), ("ap", 3)]
    assert rows(facts["top_tags"], "kind", "tag", "count") == [
        ("tag", "china", 6), ("tag", "korea-utara", 4), ("place", "beijing", 1), ("place", "china", 1),
        ("section", "world", 3), ("section", "internasional", 2), ("keyword", "rudal", 2), ("keyword", "banjir", 1),
    ]
    assert rows(facts["date_quality"], "status", "count") == [
        ("ok", 9), ("missing", 1), ("unparseable", 1), ("future", 1), ("implausibly_old", 0),
    ]
    assert overview_table(store, filters_from(outlets=["Tempo"]))["total"].tolist() == [4] * 7
    figures = headline(store)  # the overview's figures alone
    assert list(figures) == list(facts)[:len(figures)] and "top_agencies" not in figures
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
        run(store, "SELECT count(*) FROM range(100000000000) a(i), range(10) b(j) WHERE a.i + b.j < 0",
            name="slow one", time_limit=0.2)
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

"""Canonical outlets in the analyses (issue 13): grouping and filtering by outlet id with the
display name beside it, raw names of older links still selecting their outlet, and the
agencies' own feeds left out of the wire-dependence analyses unless outlet kinds are chosen.

The store is the hand-made one (tests/handmade_store.py) plus:
| id  | raw outlet             | outlet_id | kind   | published (local) | attributions   | wire |
|-----|------------------------|-----------|--------|-------------------|----------------|------|
| a13 | KCNA                   | kcna      | agency | 2024-03-06 09:00  | kcna dateline  | yes  |
| a14 | megapolitan.kompas.com | kompas    | online | 2024-03-06 09:00  | -              | no   |
a13 is KCNA's own feed crediting itself; a14 a Kompas sub-site (channel megapolitan).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from handmade_store import OWN_FEED_ID, build_store, own_feed_article, rows

from analytics import queries as q
from analytics.queries.catalog import ANALYSES
from analytics.queries.engine import NO_LIMIT, run
from analytics.queries.filters import UNKNOWN, FilterError, Filters, filters_from, from_query_string
from analytics.store.store import Store

SUB_SITE = "a14"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    sub_site = own_feed_article(
        SUB_SITE,
        outlet="megapolitan.kompas.com",
        outlet_id="kompas",
        outlet_name="Kompas",
        outlet_kind="online",
        channel="megapolitan",
        url="https://megapolitan.kompas.com/read/2024/03/06/a14",
        language="id",
    )
    path = build_store(
        tmp_path_factory.mktemp("outlets") / "outlets.duckdb",
        extra_articles=[own_feed_article(), sub_site],
        extra_attributions=[(OWN_FEED_ID, "kcna", "dateline")],
        extra_credits={OWN_FEED_ID: (True, "kcna"), SUB_SITE: (False, None)},
    )
    with Store.open(path, read_only=True) as opened:
        yield opened


def _ids(store, filters: Filters) -> list[str]:
    where, params = filters.to_sql("a")
    frame = run(store, f"SELECT a.article_id FROM articles a WHERE {where} ORDER BY 1", params)
    return frame["article_id"].tolist()


KOMPAS = ["a01", "a02", "a03", "a04", SUB_SITE]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("kompas", KOMPAS),  # the outlet id: every article of the outlet, the sub-site's too
        ("Kompas", KOMPAS),  # a raw name of an older link: its articles and its outlet's
        ("megapolitan.kompas.com", KOMPAS),  # a sub-site's raw name selects its outlet
        ("KCNA", [OWN_FEED_ID]),
        (UNKNOWN, ["a12"]),  # no outlet id
        ("no such outlet", []),
    ],
)
def test_outlets_filter_takes_ids_and_the_raw_names_of_older_links(store, value, expected):
    filters = from_query_string(f"outlets={value}")
    assert _ids(store, filters) == expected
    assert filters.outlets == (value,) and from_query_string(filters.to_query_string()) == filters  # kept as given


def test_analyses_group_by_outlet_id_with_its_name_and_kind(store):
    frame = q.attribution_by_outlet(store, Filters(outlet_kind=("all",)))
    assert rows(frame, "outlet_id", "outlet_name", "outlet_kind", "count", "total") == [
        ("kompas", "Kompas", "online", 4, 5),  # a14 (the sub-site) is one of Kompas' five articles
        ("tempo", "Tempo", "magazine", 3, 4),
        ("wire_daily", "Wire Daily", "newspaper", 2, 3),
        (UNKNOWN, UNKNOWN, UNKNOWN, 1, 1),
        ("kcna", "KCNA", "agency", 1, 1),
    ]
    by_kind = q.publication_timeline(store, filters_from(outlet_kind=["agency"]), freq="month", by="outlet")
    assert rows(by_kind, "period", "outlet_id", "outlet_name", "count", "total") == [
        (dt.date(2024, 3, 1), "kcna", "KCNA", 1, 1)
    ]


def test_wire_copy_by_outlet_leaves_out_agencies_own_feeds_by_default(store):
    # share = wire copy / the outlet's selected articles
    default = q.wire_copy_by_outlet(store)
    assert sorted(rows(default, "outlet_id", "count", "total", "share")) == [
        (UNKNOWN, 1, 1, 1.0),
        ("kompas", 3, 5, 0.6),
        ("tempo", 2, 4, 0.5),
        ("wire_daily", 2, 3, round(2 / 3, 4)),
    ]
    every_kind = q.wire_copy_by_outlet(store, filters_from(outlet_kind="all"))
    assert sorted(rows(every_kind, "outlet_id", "count", "total")) == sorted(
        [*rows(default, "outlet_id", "count", "total"), ("kcna", 1, 1)]
    )
    agencies = q.wire_copy_by_outlet(store, filters_from(outlet_kind=["agency"]))
    assert rows(agencies, "outlet_id", "outlet_kind", "count", "total", "share") == [("kcna", "agency", 1, 1, 1.0)]
    assert q.own_feeds_left_out(store) == 1
    assert q.own_feeds_left_out(store, filters_from(outlet_kind="all")) == 0
    assert q.own_feeds_left_out(store, filters_from(outlets=["kompas"])) == 0


def test_state_media_and_outlet_agency_leave_out_own_feeds_but_the_credit_stays(store):
    # a13 (KCNA crediting itself) is out of state vs independent (14 articles less a13) ...
    assert rows(q.state_vs_independent(store), "agency_kind", "count", "total") == [("state", 5, 13), ("wire", 7, 13)]
    everything = filters_from(outlet_kind="all")
    assert rows(q.state_vs_independent(store, everything), "agency_kind", "count", "total") == [
        ("state", 6, 14),
        ("wire", 7, 14),
    ]
    assert "kcna" not in set(q.outlet_agency_matrix(store)["outlet_id"])
    matrix = q.outlet_agency_matrix(store, everything)
    assert rows(matrix[matrix["outlet_id"] == "kcna"], "agency", "count", "total") == [("kcna", 1, 1)]
    # ... but it is still an attribution: the agency analyses count it
    by_agency = q.attribution_by_agency(store)
    assert rows(by_agency[by_agency["agency"] == "kcna"], "count", "total") == [(3, 14)]  # a03 a10 a13


def test_the_overview_wire_copy_share_leaves_out_own_feeds(store):
    facts = q.headline(store)
    assert (facts["articles"], facts["outlets"]) == (14, 4)  # kompas tempo wire_daily kcna
    assert (facts["wire_copy"], facts["wire_copy_total"], facts["own_feeds_left_out"]) == (8, 13, 1)
    assert facts["wire_copy_share"] == pytest.approx(8 / 13)
    table = dict(zip(facts["table"]["metric"], zip(facts["table"]["count"], facts["table"]["total"])))
    assert table["wire_copy"] == (8, 13) and table["articles"] == (14, 14)
    agencies = q.headline(store, filters_from(outlet_kind=["agency"]))
    assert (agencies["wire_copy"], agencies["wire_copy_total"], agencies["own_feeds_left_out"]) == (1, 1, 0)


def test_the_catalog_marks_exactly_the_analyses_that_leave_own_feeds_out(store):
    marked = {name for name, analysis in ANALYSES.items() if analysis.leaves_out_own_feeds}
    assert marked == {"overview", "wire_copy_by_outlet", "state_vs_independent", "outlet_agency_matrix"}
    differ = set()
    for name, analysis in ANALYSES.items():
        frames = [
            analysis.report_frame(store, filters, freq="month", registry=None, time_limit=NO_LIMIT)
            for filters in (Filters(), filters_from(outlet_kind="all"))
        ]
        if not frames[0].equals(frames[1]):
            differ.add(name)
    assert differ == marked
    note = ANALYSES["wire_copy_by_outlet"].note(Filters(), 1)
    assert note is not None and "own feeds" in note and "1 article." in note
    assert ANALYSES["wire_copy_by_outlet"].note(filters_from(outlet_kind="all"), 0) is None
    assert ANALYSES["attribution_by_agency"].note(Filters(), 1) is None


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"outlet_kind": ["blog"]}, "'blog' is not an outlet kind"),
        ({"outlet_kind": ["all", "agency"]}, "comes alone"),
    ],
)
def test_unusable_outlet_kinds_are_clear_errors(raw, message):
    with pytest.raises(FilterError, match=message):
        filters_from(**raw)


def test_outlet_kind_travels_in_the_url():
    filters = filters_from(outlets=["kompas"], outlet_kind=["newspaper", "agency", UNKNOWN])
    assert from_query_string(filters.to_query_string()) == filters
    assert "outlet_kind=agency" in filters.to_query_string()
    assert dataclasses.replace(filters, outlet_kind=()).leaves_out_own_feeds and not filters.leaves_out_own_feeds

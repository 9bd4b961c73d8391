"""Honest denominators on the shared corpora (issue 14, item 2): agency and role filters pick
what an analysis counts, never what it counts out of. Every expected total and count here is
counted with plain SQL over the store, apart from the code under test."""

from __future__ import annotations

import pandas as pd
import pytest
from shared_store import shared_store  # noqa: F401

from analytics import queries as q
from analytics.queries.filters import filters_from
from analytics.store.store import Store

AGENCIES = ["xinhua", "kcna"]
XINHUA_KCNA = filters_from(agencies=AGENCIES, outlet_kind="all")
MARCH_1987 = ("1987-03-01", "1987-04-01")
DATED = "a.published_issue IS NULL AND a.published_at IS NOT NULL"  # a usable publication date
CREDITS = "EXISTS (SELECT 1 FROM attributions t WHERE t.article_id = a.article_id AND t.agency IN ('xinhua', 'kcna'))"
WIRE_COPY = "EXISTS (SELECT 1 FROM article_credits w WHERE w.article_id = a.article_id AND w.wire_copy)"


@pytest.fixture(scope="module")
def store(shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as opened:
        yield opened


def counted(store, where: str, params: tuple = ()) -> int:
    return store.one(f"SELECT count(*) FROM articles a WHERE {where}", list(params))[0]


def per_outlet(store, where: str) -> dict[str, int]:
    rows = store.connection.execute(
        f"SELECT coalesce(a.outlet_id, '(unknown)'), count(*) FROM articles a WHERE {where} GROUP BY 1"
    ).fetchall()
    return dict(rows)


def test_the_agency_timeline_of_march_1987_is_of_every_article_of_the_month(store):
    frame = q.agency_timeline(store, XINHUA_KCNA, freq="month", top=None)
    march = frame[frame["period"] == pd.Timestamp(MARCH_1987[0])].set_index("agency")
    month = f"{DATED} AND a.published_local >= ? AND a.published_local < ?"
    every = counted(store, month, MARCH_1987)
    assert every > 10_000  # the month of Reuters-21578: far more than the 24 articles crediting Xinhua or KCNA
    assert set(march["total"]) == {every}
    for agency in AGENCIES:
        crediting = counted(
            store,
            f"{month} AND EXISTS (SELECT 1 FROM attributions t WHERE t.article_id = a.article_id AND t.agency = ?)",
            (*MARCH_1987, agency),
        )
        assert march.loc[agency, "count"] == crediting
        assert march.loc[agency, "share"] == pytest.approx(crediting / every)
    # as the unfiltered timeline counts the month
    unfiltered = q.publication_timeline(store, filters_from(outlet_kind="all"), freq="month")
    assert unfiltered.loc[unfiltered["period"] == pd.Timestamp(MARCH_1987[0]), "count"].item() == every


def test_the_attribution_analyses_count_out_of_every_article(store):
    every = counted(store, "TRUE")
    by_agency = q.attribution_by_agency(store, XINHUA_KCNA).set_index("agency")
    assert set(by_agency["total"]) == {every}
    assert by_agency.loc["xinhua", "count"] == counted(
        store, "EXISTS (SELECT 1 FROM attributions t WHERE t.article_id = a.article_id AND t.agency = 'xinhua')"
    )
    by_role = q.attribution_by_role(store, XINHUA_KCNA)
    assert set(by_role["total"]) == {every}
    by_outlet = q.attribution_by_outlet(store, XINHUA_KCNA).set_index("outlet_id")
    assert by_outlet["total"].to_dict() == per_outlet(store, "TRUE")
    assert by_outlet["count"][by_outlet["count"] > 0].to_dict() == per_outlet(store, CREDITS)


def test_the_wire_dependence_analyses_count_out_of_every_article_of_the_outlet(store):
    # default outlet kinds: the agencies' own feeds are left out of counts and totals alike
    feeds = "coalesce(a.outlet_kind, '') <> 'agency'"
    filters = filters_from(agencies=AGENCIES)
    wire = q.wire_copy_by_outlet(store, filters).set_index("outlet_id")
    assert wire["total"].to_dict() == per_outlet(store, feeds)
    assert wire["count"][wire["count"] > 0].to_dict() == per_outlet(store, f"{feeds} AND {WIRE_COPY} AND {CREDITS}")
    matrix = q.outlet_agency_matrix(store, filters)
    totals = per_outlet(store, feeds)
    assert all(totals[outlet] == total for outlet, total in zip(matrix["outlet_id"], matrix["total"]))
    kinds = q.state_vs_independent(store, filters).set_index("agency_kind")
    assert set(kinds["total"]) == {counted(store, feeds)}
    assert kinds.loc["state", "count"] == counted(store, f"{feeds} AND {CREDITS}")  # both agencies are state media
    assert q.own_feeds_left_out(store, filters) == counted(store, "a.outlet_kind = 'agency'")


def test_wire_copy_only_picks_the_wire_copy_counted_not_the_outlets_articles(store):
    every_kind = filters_from(outlet_kind="all")
    only = q.wire_copy_by_outlet(store, every_kind.replace(wire_copy_only=True))
    assert only.equals(q.wire_copy_by_outlet(store, every_kind))
    # elsewhere it selects: the agencies are counted out of the wire copy
    by_agency = q.attribution_by_agency(store, every_kind.replace(wire_copy_only=True))
    assert set(by_agency["total"]) == {counted(store, WIRE_COPY)}


def test_a_tag_filter_picks_the_tagged_articles_counted(store):
    kind, tag = store.one("SELECT kind, tag FROM tags GROUP BY kind, tag ORDER BY count(*) DESC, kind, tag LIMIT 1")
    frame = q.tag_frequencies(store, filters_from(tags=[tag]), kind=kind, limit=None)
    assert set(frame["total"]) == {counted(store, "TRUE")}
    tagged = "EXISTS (SELECT 1 FROM tags k WHERE k.article_id = a.article_id AND k.kind = ? AND k.tag = ?)"
    assert frame.loc[frame["tag"] == tag, "count"].item() == counted(store, tagged, (kind, tag))


def test_date_quality_splits_the_selection_itself(store):
    quality = q.date_quality(store, XINHUA_KCNA, by=None)
    assert set(quality["total"]) == {counted(store, CREDITS)}
    assert quality["share"].sum() == pytest.approx(1)

"""Canonical outlets on real pages: the Indonesian news pages of the shared corpora
(anpandu_news_html_fixtures: Antara, detik, Kompas, Liputan6, Okezone, Republika, Tempo,
VIVA ...), ingested and given their outlets as ingest stores them (issue 13)."""

from __future__ import annotations

import pytest

from analytics import queries as q
from analytics.cli import main
from analytics.queries.engine import run
from analytics.queries.filters import filters_from
from analytics.store.store import Store

PAGES = "anpandu_news_html_fixtures"


@pytest.fixture(scope="module")
def store(corpora, tmp_path_factory):
    pages = sorted(p for p in (corpora / PAGES).glob("*/*-singlepage*.html") if p.parent.name != "tempo-english")
    path = tmp_path_factory.mktemp("pages") / "pages.duckdb"
    args = ["ingest", *map(str, pages), "--root", str(corpora), "--format", "html", "--language", "id"]
    assert main([*args, "--timezone", "Asia/Jakarta", "--store", str(path)]) == 0
    with Store.open(path, read_only=True) as opened:
        yield opened


def test_one_outlet_id_per_real_outlet_and_agency_feeds_left_out(store):
    every = q.wire_copy_by_outlet(store, filters_from(outlet_kind="all"))
    kinds = dict(zip(every["outlet_id"], every["outlet_kind"]))
    assert {"kompas", "detik", "antara"} <= set(kinds) and kinds["antara"] == "agency"
    assert not [i for i in kinds if "." in i or i != i.lower()]  # ids, never hosts or names as read
    default = q.wire_copy_by_outlet(store)
    assert "antara" not in set(default["outlet_id"]) and "kompas" in set(default["outlet_id"])
    antara = int(every.loc[every["outlet_id"] == "antara", "total"].iloc[0])
    assert q.own_feeds_left_out(store) == antara
    # share = the outlet's wire copy / the outlet's selected articles
    assert (default["share"] == default["count"] / default["total"]).all()


def test_a_raw_name_selects_its_outlet(store):
    raw = run(store, "SELECT DISTINCT outlet FROM articles WHERE outlet_id = 'kompas' AND outlet IS NOT NULL")
    kompas = q.headline(store, filters_from(outlets=["kompas"]))["articles"]
    assert kompas >= 2 and len(raw)
    for name in raw["outlet"]:
        assert q.headline(store, filters_from(outlets=[name]))["articles"] == kompas, name

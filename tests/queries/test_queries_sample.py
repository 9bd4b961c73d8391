"""The analytics API on the bundled sample corpus (data/manifests/sample.toml): a few real facts."""

from __future__ import annotations

import datetime as dt

import pytest
from repo_paths import REPO

from analytics.cli import main
from analytics.queries import (
    attribution_by_agency,
    attribution_by_agency_role,
    overview,
    publication_timeline,
    wire_copy_by_outlet,
)
from analytics.queries.engine import run
from analytics.queries.filters import filters_from
from analytics.store.store import Store

SEED_OUTLET = "Sragen Update"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    assert main(["ingest", "--manifest", str(REPO / "data/manifests/sample.toml"), "--store", str(path)]) == 0
    with Store.open(path, read_only=True) as store:
        yield store


def test_the_seed_is_wire_copy_with_primary_agency_ap(sample):
    seed = filters_from(outlets=[SEED_OUTLET])
    wire = wire_copy_by_outlet(sample, seed)
    assert wire[["outlet_id", "outlet_name", "count", "total"]].values.tolist() == [
        ["sragen_update", SEED_OUTLET, 1, 1]
    ]
    primary = run(
        sample,
        "SELECT c.primary_agency FROM article_credits c JOIN articles a USING (article_id) WHERE a.outlet = ?",
        [SEED_OUTLET],
    )
    assert primary["primary_agency"].tolist() == ["ap"]
    credits = attribution_by_agency_role(sample, seed)
    assert sorted(map(tuple, credits[["agency", "role", "count"]].values.tolist())) == [
        ("ap", "source", 1),
        ("kcna", "cited", 1),
        ("reuters", "photo", 1),
        ("xinhua", "cited", 1),
    ]


def test_reuters_is_the_top_agency(sample):
    top = attribution_by_agency(sample, limit=3)
    assert top["agency"].iloc[0] == "reuters"
    assert top["agency_name"].iloc[0] == "Reuters"
    assert top["count"].iloc[0] > top["count"].iloc[1]
    assert (top["total"] == overview(sample)["articles"]).all()


def test_the_seed_counts_on_its_local_day(sample):
    # 12 Juli 2021, 12:02 WIB
    day = publication_timeline(sample, filters_from(outlets=[SEED_OUTLET]), freq="day")
    assert day[["period", "count"]].values.tolist() == [[dt.datetime(2021, 7, 12), 1]]


def test_the_sample_overview(sample):
    facts = overview(sample)
    assert facts["articles"] >= 1500  # 1 seed + 1,000 AG News + 300 Reuters-21578 + KCNA
    assert facts["first_date"] == dt.date(1987, 2, 26)  # the first Reuters-21578 story
    # Reuters-21578 is Reuters' own feed (outlet kind agency): wire copy by outlet leaves it out
    # unless outlet kinds are chosen; "Reuters" (the raw name of an older link) selects the outlet id reuters
    assert wire_copy_by_outlet(sample, filters_from(outlets=["Reuters"])).empty
    reuters_1987 = wire_copy_by_outlet(sample, filters_from(outlets=["Reuters"], outlet_kind=["agency"]))
    # 300 stories read; #16 and #55 repeat the text of #4 (BankAmerica) and #32 (export licensing bill)
    assert reuters_1987["total"].tolist() == [298]
    assert reuters_1987[["outlet_id", "outlet_name", "outlet_kind"]].values.tolist() == [
        ["reuters", "Reuters", "agency"]
    ]
    assert facts["own_feeds_left_out"] >= 298 + 1  # Reuters-21578 and the KCNA archive

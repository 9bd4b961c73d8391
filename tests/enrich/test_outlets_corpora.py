"""Every raw outlet value and URL host of the shared corpora (every source of
data/manifests/shared_corpora.toml, read as ingest reads it) maps to a registry outlet, or to no
outlet with a reason. The survey is benchmarks/outlet_survey.py (`python -m benchmarks.outlet_survey`)."""

from __future__ import annotations

import pytest

from analytics.enrich.outlets import load_outlets
from benchmarks.outlet_survey import Resolution, shared_records, survey

# Issue 13: these outlets were split over several raw names.
SPLIT_OUTLETS = {
    "kompas": {
        "kompas.com", "KOMPAS.com", "bola.kompas.com", "lifestyle.kompas.com", "megapolitan.kompas.com",
        "money.kompas.com", "nasional.kompas.com", "travel.kompas.com",
    },
    "detik": {
        "detik.com", "detikfinance", "detikinet", "finance.detik.com", "hot.detik.com", "news.detik.com",
        "oto.detik.com", "sport.detik.com", "travel.detik.com",
    },
    "liputan6": {"liputan6.com", "Liputan6.com"},
    "okezone": {"Okezone", "okezone.com", "celebrity.okezone.com", "lifestyle.okezone.com"},
    "tempo": {"tempo.co", "Tempo.co", "Tempo Gaya", "Tempo_English"},
}  # fmt: skip
# AG News values ingest read as an outlet, and AG News's 7,525 articles that name none (None)
NO_OUTLET = {
    '&lt;a href="http://arstechnica.com/news/posts/20040923',
    "Stocks finished mixed in post",
    "The News sports editor. HOUSTON",
    "World News",
    "United Online Inc.",
    None,
}


@pytest.fixture(scope="module")
def resolutions(corpora) -> tuple[dict[str | None, Resolution], dict[str, Resolution]]:
    return survey(shared_records(), load_outlets())


def outcomes(resolution: Resolution) -> set[tuple[str | None, str]]:
    return {(outlet_id, method) for outlet_id, method, _ in resolution.outcomes}


def test_every_raw_outlet_value_is_a_registry_outlet_or_none_with_a_reason(resolutions):
    by_name, _ = resolutions
    registry = load_outlets()
    unmapped = set()
    for raw_name, resolution in by_name.items():
        for outlet_id, method, reason in resolution.outcomes:
            if outlet_id is None:
                assert method == "none" and reason, raw_name
                unmapped.add(raw_name)
            else:
                assert method in ("host", "alias") and outlet_id in registry.ids, (raw_name, outlet_id, method)
    assert unmapped == NO_OUTLET
    assert all(len(outcomes(by_name[raw])) == 1 for raw in NO_OUTLET)


def test_each_split_outlet_is_one_id(resolutions):
    by_name, _ = resolutions
    for outlet_id, names in SPLIT_OUTLETS.items():
        assert {raw: outcomes(by_name[raw]) for raw in names} == {raw: {(outlet_id, "host")} for raw in names}, (
            outlet_id
        )
    assert {raw for raw, r in by_name.items() if "kompas" in {i for i, _, _ in r.outcomes}} == SPLIT_OUTLETS["kompas"]


def test_every_url_host_is_a_registry_host_with_its_channel(resolutions):
    _, by_host = resolutions
    assert len(by_host) > 100
    for host, resolution in by_host.items():
        [(outlet_id, method)] = outcomes(resolution)
        assert method == "host" and outlet_id, host
    assert by_host["megapolitan.kompas.com"].channels == {"megapolitan"}
    assert by_host["finance.detik.com"].channels == {"finance"}
    assert by_host["kompas.com"].channels == set()


def test_the_agencies_own_feeds_of_the_corpora(resolutions):
    by_name, by_host = resolutions
    registry = load_outlets()
    feeds = {
        raw: registry.outlet(outlet_id).agency
        for raw, r in by_name.items()
        for outlet_id, _, _ in r.outcomes
        if outlet_id and registry.outlet(outlet_id).kind == "agency"
    }
    assert feeds == {"KCNA": "kcna", "Reuters": "reuters", "Xinhua": "xinhua", "新华网": "xinhua",
                     "Antara News": "antara", "Antara News Agency": "antara"}  # fmt: skip
    assert by_name["KCNA"].articles == by_host["kcna.kp"].articles == 2111

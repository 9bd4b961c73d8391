"""The compact copy (analytics.queries.compact): every analysis gives on it exactly what it
gives on the store, for every kind of filter, on the hand-made store of handmade_store.py
with rows the store's own writers never leave (a tag and a credit of no stored article)."""

from __future__ import annotations

import pytest
from handmade_store import build_store

from analytics import queries as q
from analytics.queries.compact import ANALYSIS_COLUMNS, STORE_ID, compact_copy
from analytics.queries.filters import UNKNOWN, Filters, filters_from
from analytics.store.store import Store

FILTERS = (
    Filters(),
    filters_from(start="2024-03-04", end="2024-03-31"),
    filters_from(agencies=["reuters"], roles=["source", "dateline"]),
    filters_from(tags=["china"]),
    filters_from(outlets=["Kompas", UNKNOWN], languages=["id"]),
    filters_from(wire_copy_only=True, start="2024-03-01"),
    filters_from(outlets=["No Such Outlet"]),
)
# (analysis, options): every function of the API, its options varied
ANALYSES = (
    (q.attribution_by_agency, {}),
    (q.attribution_by_agency, {"by": "outlet", "limit": 2}),
    (q.attribution_by_agency, {"by": "period", "freq": "week"}),
    (q.attribution_by_role, {}),
    (q.attribution_by_agency_role, {"limit": 3}),
    (q.attribution_by_outlet, {}),
    (q.outlet_agency_matrix, {}),
    (q.wire_copy_by_outlet, {}),
    (q.state_vs_independent, {"by": "language"}),
    (q.publication_timeline, {"by": "outlet"}),
    (q.publication_timeline, {"by": "tag", "kind": "tag"}),
    (q.agency_timeline, {"freq": "month"}),
    (q.tag_timeline, {}),
    (q.tag_timeline, {"tags": ["china", "nothing"]}),
    (q.tag_frequencies, {}),
    (q.tag_frequencies, {"by": "agency", "kind": "keyword"}),
    (q.tag_cooccurrence, {}),
    (q.rising_tags, {"freq": "month", "min_count": 1}),
    (q.date_quality, {}),
    (q.date_quality, {"by": "language"}),
    (q.event_lag, {"by": "outlet", "max_days": 1}),
    (q.overview_table, {}),
)


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    path = build_store(
        tmp_path_factory.mktemp("compact") / "hand.duckdb", extra_tags=[("gone", "tag", "china", "A China")]
    )  # a tag of no stored article
    with Store.open(path) as store:
        store.connection.execute("INSERT INTO article_credits VALUES ('gone', true, 'reuters')")
    with Store.open(path, read_only=True) as store:
        copy = compact_copy(store)
        yield store, copy
        copy.close()


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.to_query_string() or "none")
@pytest.mark.parametrize("analysis, options", ANALYSES, ids=lambda a: getattr(a, "__name__", ""))
def test_every_analysis_gives_the_same_on_the_copy(stores, analysis, options, filters):
    store, copy = stores
    expected = analysis(store, filters, **options)
    assert analysis(copy, filters, **options).equals(expected)


def test_the_overview_and_the_registry_are_the_same_on_the_copy(stores):
    store, copy = stores
    for filters in FILTERS:
        on_store, on_copy = q.overview(store, filters, top=3), q.overview(copy, filters, top=3)
        assert on_store.keys() == on_copy.keys()
        for key, value in on_store.items():
            assert on_copy[key].equals(value) if hasattr(value, "equals") else on_copy[key] == value, key
    assert q.registry_frame(store=copy).equals(q.registry_frame(store=store))


def test_the_copy_holds_the_analysed_columns_with_ids_in_publication_order(stores):
    store, copy = stores
    for table, columns in ANALYSIS_COLUMNS.items():
        held = tuple(d[0] for d in copy.connection.execute(f"SELECT * FROM {table} LIMIT 0").description)
        assert held == ((*columns, STORE_ID) if table == "articles" else columns)
    pairs = copy.connection.execute(f"SELECT {STORE_ID}, outlet FROM articles").fetchall()
    stored = store.connection.execute("SELECT article_id, outlet FROM articles").fetchall()
    assert sorted(pairs, key=str) == sorted(stored, key=str)  # each article's id in the store
    ids = copy.connection.execute(
        "SELECT article_id FROM articles ORDER BY published_local NULLS LAST, article_id"
    ).fetchall()
    assert [i for (i,) in ids] == list(range(1, len(ids) + 1))
    assert copy.connection.execute("SELECT count(*) FROM tags WHERE article_id IS NULL").fetchone() == (1,)  # gone
    assert "body" not in ANALYSIS_COLUMNS["articles"]

"""Text-reuse queries (analytics.queries.reuse): on the hand-made reuse case of reuse_store.py,
against values worked out by hand; on the store of every shared corpus, against counts taken
straight from its reuse tables; and on a store never given a reuse round."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from handmade_store import build_store
from handmade_store import rows as frame_rows
from reuse_store import ADDED_WORDS, STORY_A, STORY_A_WORDS, STORY_B, build_reuse_store
from shared_store import shared_store  # noqa: F401  (the fixture)

from analytics import queries as q
from analytics.queries.compact import compact_copy
from analytics.queries.engine import QueryError, run
from analytics.queries.filter_values import NoReuse, resolve_filter_values
from analytics.queries.filters import FilterError, Filters, filters_from, narrow
from analytics.store.store import Store

R02_SHARE = round(STORY_A_WORDS / (STORY_A_WORDS + ADDED_WORDS), 4)  # r02's text found in story A's others
HAND_ARTICLES = 12 + 9  # handmade_store's a01-a12 and reuse_store's r01-r09


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    path = build_reuse_store(tmp_path_factory.mktemp("reuse") / "reuse.duckdb")
    with Store.open(path, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def shared(shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as opened:
        yield opened


# --- the hand-made case ----------------------------------------------------------------------


def test_distinct_stories_per_outlet(hand):
    frame = q.reuse_stories_by_outlet(hand)
    by_outlet = {r[0]: r[1:] for r in frame_rows(frame, "outlet_id", "count", "total", "share")}
    # Kompas: a01-a04 (no story: one each), r02 (A), r06 r07 (B): 6 stories in 7 articles
    assert by_outlet["kompas"] == (6, 7, round(6 / 7, 4))
    # Tempo: a05-a08, r03 r04 (A), r08 r09 (C): 6 in 8
    assert by_outlet["tempo"] == (6, 8, 0.75)
    assert by_outlet["wire_daily"] == (4, 4, 1.0) and by_outlet["kcna"] == (1, 1, 1.0)
    # the filters select the articles counted: Tempo's of 5-6 March are a05, r03 and r04 (both A)
    narrowed = q.reuse_stories_by_outlet(hand, filters_from(outlets=["tempo"], start="2024-03-05", end="2024-03-06"))
    assert frame_rows(narrowed, "outlet_id", "count", "total") == [("tempo", 2, 3)]


def test_distinct_stories_per_period(hand):
    frame = q.reuse_stories_by_period(hand, filters_from(outlets=["tempo"]), freq="month")
    # Tempo's dated articles: March a05 a06 r03 r04 r08 r09 (A twice, C twice): 4 stories in 6; April a07
    assert frame_rows(frame, "period", "count", "total") == [
        (dt.date(2024, 3, 1), 4, 6),
        (dt.date(2024, 4, 1), 1, 1),
    ]
    with pytest.raises(QueryError):
        q.reuse_stories_by_outlet(hand, by="agency")


def test_reuse_matrix_counts_copies_by_the_origins_agency_or_outlet(hand):
    frame = q.reuse_matrix(hand)
    cells = frame_rows(frame, "outlet_id", "origin_kind", "origin", "origin_name", "count", "total")
    # A's origin is KCNA's own feed (r01): r02 of Kompas, r03 r04 of Tempo copy it; B's is r05,
    # wire copy crediting Reuters: r06 r07 of Kompas; C's is Tempo's r08: r09 of Tempo
    assert sorted(cells) == sorted(
        [
            ("kompas", "agency", "reuters", "Reuters", 2, 7),
            ("kompas", "agency", "kcna", "KCNA (Korean Central News Agency)", 1, 7),
            ("tempo", "agency", "kcna", "KCNA (Korean Central News Agency)", 2, 8),
            ("tempo", "outlet", "tempo", "Tempo", 1, 8),
        ]
    )
    assert (frame["share"] == frame["count"] / frame["total"]).all()
    top = q.reuse_matrix(hand, limit=1)
    assert frame_rows(top, "outlet_id", "origin") == [("tempo", "kcna"), ("kompas", "reuters")]


def test_uncredited_copy_rows(hand):
    frame = q.uncredited_copy_rows(hand)
    assert tuple(frame.columns) == q.reuse.UNCREDITED_COLUMNS
    # r02 copies KCNA's feed crediting no one; r04 has its text too but is dated before the feed
    # (a copy comes after what it copies); r03 credits KCNA (cited): left out. r06 copies r05 and
    # r07, both Reuters wire copy (ties: the smaller id); r05 and r07 credit Reuters themselves
    assert frame_rows(frame, "article_id", "outlet", "agency", "origin_article_id", "containment") == [
        ("r02", "Kompas", "kcna", "r01", R02_SHARE),
        ("r06", "Kompas", "reuters", "r05", 1.0),
    ]
    assert list(frame["origin_source_ref"]) == ["hand/r01.txt", "hand/r05.txt"]
    # the evidence is the shared passage cut from the copy's body: the story up to its last word
    assert list(frame["evidence"]) == [STORY_A.rstrip("."), STORY_B.rstrip(".")]
    # an agency story's own feed is no uncredited copy of it; a date range leaves r02 only
    assert list(q.uncredited_copy_rows(hand, filters_from(end="2024-03-06"))["article_id"]) == ["r02"]
    assert list(q.uncredited_copy_rows(hand, filters_from(start="2024-03-07"))["article_id"]) == ["r06"]


def test_uncredited_agency_copy_per_outlet_and_agency(hand):
    frame = q.uncredited_agency_copy_by_outlet(hand)
    assert frame_rows(frame, "outlet_id", "agency", "agency_kind", "count", "total") == [
        ("kompas", "kcna", "state", 1, 7),
        ("kompas", "reuters", "wire", 1, 7),
    ]
    pooled = q.uncredited_agency_copy(hand)
    assert frame_rows(pooled, "agency", "count", "total") == [("kcna", 1, HAND_ARTICLES), ("reuters", 1, HAND_ARTICLES)]


def _selected(store, filters: Filters) -> list[str]:
    where, params = filters.to_sql("a")
    return sorted(run(store, f"SELECT article_id FROM articles a WHERE {where}", params)["article_id"])


def test_the_copy_of_filter_selects_the_copies_the_matrix_and_uncredited_copy_count(hand):
    # the matrix's cells worked out above: Kompas r06 r07 copy Reuters's story B, r02 KCNA's A;
    # Tempo r03 r04 copy A, r09 Tempo's own C; r02 and r06 copy their agency uncredited
    assert _selected(hand, filters_from(copy_of=["agency:kcna"])) == ["r02", "r03", "r04"]
    assert _selected(hand, filters_from(copy_of=["agency:reuters"], outlets=["kompas"])) == ["r06", "r07"]
    assert _selected(hand, filters_from(copy_of=["outlet:tempo"])) == ["r09"]
    assert _selected(hand, filters_from(copy_of=["uncredited:kcna", "uncredited:reuters"])) == ["r02", "r06"]
    assert _selected(hand, filters_from(copy_of=["agency:kcna", "uncredited:reuters"])) == ["r02", "r03", "r04", "r06"]
    assert _selected(hand, filters_from(copy_of=["outlet:kompas"])) == []  # no story of Kompas's is copied
    # every analysis counts within them: the reuse matrix's Tempo row is its copies of KCNA
    narrowed = q.reuse_matrix(hand, filters_from(copy_of=["agency:kcna"], outlets=["tempo"]))
    assert frame_rows(narrowed, "outlet_id", "origin", "count", "total") == [("tempo", "kcna", 2, 2)]


@pytest.mark.parametrize(
    "value, words",
    [
        ("kcna", "not <kind>:<id>"),
        ("wire:kcna", "not <kind>:<id>"),
        ("agency:", "not <kind>:<id>"),
        ("uncredited:KCNA!", "not an agency id"),
    ],
)
def test_a_copy_of_value_says_what_is_wrong(value, words):
    with pytest.raises(FilterError, match=words):
        filters_from(copy_of=[value])


def test_copy_of_values_as_users_write_them_and_a_store_without_reuse(hand, tmp_path):
    filters, unknown = resolve_filter_values(hand, {"copy_of": ["agency:KCNA", "outlet:Tempo", "uncredited:kcnaa"]})
    assert filters.copy_of == ("agency:kcna", "outlet:tempo")
    ((given, nearest),) = unknown["copy_of"]
    assert given == "uncredited:kcnaa" and nearest[0] == "uncredited:kcna"  # the nearest first
    with Store.open(build_store(tmp_path / "old.duckdb"), read_only=True) as old, pytest.raises(NoReuse, match="reuse"):
        resolve_filter_values(old, {"copy_of": ["agency:kcna"]})


def test_syndication_lag(hand):
    frame = q.syndication_lag(hand)
    # copies dated with a dated origin: r02 +3 h, r03 +12 h, r04 -4 h (dated before KCNA's feed,
    # the origin as the agency story), r06 +5 h, r09 +12 days; r07 is undated
    assert frame_rows(frame, "lag", "count", "total") == [
        ("before the origin", 1, 5),
        ("<1h", 0, 5),
        ("1-6h", 2, 5),
        ("6-24h", 1, 5),
        ("1-3 days", 0, 5),
        ("3-7 days", 0, 5),
        (">7 days", 1, 5),
    ]
    # no copy dated before its origin: no such row
    assert "before the origin" not in set(q.syndication_lag(hand, filters_from(outlets=["kompas"]))["lag"])


def test_largest_stories(hand):
    frame = q.largest_stories(hand)
    assert frame_rows(frame, "origin_id", "outlet_id", "articles", "outlets", "count", "total") == [
        ("r01", "kcna", 4, 3, 4, HAND_ARTICLES),
        ("r05", "wire_daily", 3, 2, 3, HAND_ARTICLES),
        ("r08", "tempo", 2, 1, 2, HAND_ARTICLES),
    ]
    first = frame.iloc[0]
    assert first["title"] == "Title of r01"
    assert first["first_published"] == pd.Timestamp("2024-03-05 20:00", tz="UTC")  # r04
    assert first["last_published"] == pd.Timestamp("2024-03-06 12:00", tz="UTC")  # r03
    # count is of the members under the filters, the story's articles of all its members
    kompas = q.largest_stories(hand, filters_from(outlets=["kompas"]), limit=1)
    assert frame_rows(kompas, "origin_id", "articles", "count", "total") == [("r05", 3, 2, 7)]


def test_reuse_pair_rows(hand):
    frame = q.reuse_pair_rows(hand)
    assert tuple(frame.columns) == q.reuse.PAIR_COLUMNS
    assert len(frame) == 6 + 3 + 1  # every two members of A (4), of B (3), of C (2)
    first = frame.iloc[0]
    assert (first["article_id_a"], first["article_id_b"], first["outlet_a"], first["outlet_b"]) == (
        "r01",
        "r02",
        "KCNA",
        "Kompas",
    )
    assert (first["containment_a"], round(first["containment_b"], 4)) == (1.0, R02_SHARE)
    assert first["shared_passage"] == STORY_A.rstrip(".")
    earlier = {(a, b): e for a, b, e in frame_rows(frame, "article_id_a", "article_id_b", "earlier")}
    assert earlier[("r01", "r02")] == "a" and earlier[("r01", "r04")] == "b" and earlier[("r06", "r07")] == ""
    # both articles under the filters: of Kompas, only r06 with r07
    kompas = q.reuse_pair_rows(hand, filters_from(outlets=["kompas"]))
    assert frame_rows(kompas, "article_id_a", "article_id_b") == [("r06", "r07")]


def test_article_reuse_gives_both_sides(hand):
    frame = q.article_reuse(hand, "r02")
    assert tuple(frame.columns) == q.reuse.ARTICLE_REUSE_COLUMNS
    assert frame_rows(frame, "article_id", "outlet_name", "containment_this", "containment_other", "is_origin") == [
        ("r01", "KCNA", R02_SHARE, 1.0, True),
        ("r03", "Tempo", R02_SHARE, 1.0, False),
        ("r04", "Tempo", R02_SHARE, 1.0, False),
    ]
    story = (0, len(STORY_A) - 1)  # up to the last word, the full stop left out
    assert list(frame["passages_this"]) == [[story]] * 3 and list(frame["passages_other"]) == [[story]] * 3
    # from the other side: r01 is pair (r01, r02)'s a, all of it found in r02
    assert frame_rows(q.article_reuse(hand, "r01"), "article_id", "containment_this", "containment_other") == [
        ("r02", 1.0, R02_SHARE),
        ("r03", 1.0, 1.0),
        ("r04", 1.0, 1.0),
    ]
    assert q.article_reuse(hand, "a01").empty


# --- a store never given a reuse round -------------------------------------------------------


def test_a_store_without_reuse_tables_gives_empty_results(tmp_path):
    path = build_store(tmp_path / "old.duckdb")
    with Store.open(path, read_only=True) as store:
        assert run(store, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'reuse%'")["n"][0] == 0
        for name in (
            "reuse_stories_by_outlet",
            "reuse_stories_by_period",
            "reuse_matrix",
            "uncredited_agency_copy",
            "uncredited_agency_copy_by_outlet",
            "uncredited_copy_rows",
            "syndication_lag",
            "largest_stories",
            "reuse_pair_rows",
        ):
            frame = getattr(q, name)(store)
            assert frame.empty, name
        assert tuple(q.uncredited_copy_rows(store).columns) == q.reuse.UNCREDITED_COLUMNS
        assert tuple(q.reuse_pair_rows(store).columns) == q.reuse.PAIR_COLUMNS
        assert q.article_reuse(store, "a01").empty


# --- the shared corpora ------------------------------------------------------------------------


def _table(store, sql: str) -> pd.DataFrame:
    return store.connection.execute(sql).df()


@pytest.mark.parametrize(
    "key, where, stories",
    [
        (
            "coalesce(a.outlet_id, '(unknown)')",
            "",
            lambda store: q.reuse_stories_by_outlet(store).set_index("outlet_id"),
        ),
        (
            "CAST(date_trunc('month', a.published_local) AS DATE)::VARCHAR",
            "WHERE a.published_local IS NOT NULL",
            lambda store: (
                q.reuse_stories_by_period(store, freq="month")
                .assign(period=lambda f: pd.to_datetime(f["period"]).dt.strftime("%Y-%m-%d"))
                .set_index("period")
            ),
        ),
    ],
    ids=["outlet", "month"],
)
def test_distinct_stories_match_the_tables(shared, key, where, stories):
    stored = _table(
        shared,
        f"SELECT {key} AS key, a.article_id, r.origin_id FROM articles a LEFT JOIN reuse_stories r USING (article_id) "
        + where,
    )
    stored["story"] = stored["origin_id"].fillna(stored["article_id"])
    expected = stored.groupby("key").agg(count=("story", "nunique"), total=("article_id", "size"))
    frame = stories(shared)
    assert frame[["count", "total"]].sort_index().equals(expected.sort_index())
    assert (frame["count"] < frame["total"]).any()  # some outlet (month) holds a story more than once


def test_each_cell_of_the_reuse_heatmaps_is_the_articles_its_copy_of_filter_selects(shared):
    copy = compact_copy(shared)  # the dashboard's: the filter reads the reuse tables copied with it
    cells = [
        (row.outlet_id, f"{row.origin_kind}:{row.origin}", row.count) for row in q.reuse_matrix(shared).itertuples()
    ] + [
        (row.outlet_id, f"uncredited:{row.agency}", row.count)
        for row in q.uncredited_agency_copy_by_outlet(shared).itertuples()
    ]
    assert any(value.startswith("uncredited:") for _, value, _ in cells)
    for outlet, value, count in cells:
        filters = narrow(Filters(), outlet=outlet, copy_of=value)
        assert len(_selected(shared, filters)) == len(_selected(copy, filters)) == count, (outlet, value)


def test_uncredited_copy_matches_the_tables_and_never_credits_the_agency(shared):
    threshold = float(_table(shared, "SELECT value FROM meta WHERE key = 'reuse_story_threshold'")["value"][0])
    pairs = _table(shared, "SELECT * FROM reuse_pairs")
    sides = pd.concat(
        [
            pairs.rename(columns={"article_id_a": "x", "article_id_b": "y", "containment_a": "c"})[["x", "y", "c"]],
            pairs.rename(columns={"article_id_b": "x", "article_id_a": "y", "containment_b": "c"})[["x", "y", "c"]],
        ]
    )
    articles = _table(shared, "SELECT article_id, outlet_id, outlet_kind, published_at FROM articles")
    credits = _table(shared, "SELECT article_id, agency, role FROM attributions")
    feeds = articles[articles["outlet_kind"] == "agency"][["article_id", "outlet_id"]]
    agency_stories = pd.concat(
        [
            feeds.rename(columns={"outlet_id": "agency"}),
            credits[credits["role"].isin(["source", "dateline"])][["article_id", "agency"]],
        ]
    ).drop_duplicates()
    found = sides[sides["c"] >= threshold].merge(agency_stories, left_on="y", right_on="article_id")
    found = found.merge(articles, left_on="x", right_on="article_id", suffixes=("", "_x"))
    found = found[~((found["outlet_kind"] == "agency") & (found["outlet_id"] == found["agency"]))]
    published = articles.set_index("article_id")["published_at"]
    # a copy comes after what it copies (NaT compares false: an undated side never rules a pair out)
    earlier = published.reindex(found["x"]).to_numpy() < published.reindex(found["y"]).to_numpy()
    found = found[~earlier]
    credited = set(zip(credits["article_id"], credits["agency"]))
    found = found[[(x, g) not in credited for x, g in zip(found["x"], found["agency"])]]
    expected = set(zip(found["x"], found["agency"]))

    rows = q.uncredited_copy_rows(shared)
    assert set(zip(rows["article_id"], rows["agency"])) == expected and len(rows) == len(expected)
    assert not set(zip(rows["article_id"], rows["agency"])) & credited
    assert (rows["containment"] >= threshold).all()
    best = found.groupby(["x", "agency"])["c"].max()
    assert [best[(x, g)] for x, g in zip(rows["article_id"], rows["agency"])] == list(rows["containment"])
    assert rows["evidence"].str.len().gt(0).all()

    by_outlet = q.uncredited_agency_copy_by_outlet(shared)
    assert by_outlet["count"].sum() == len(rows)
    indonesian = q.uncredited_agency_copy_by_outlet(shared, filters_from(outlets=["detik", "liputan6", "okezone"]))
    assert set(indonesian["outlet_id"]) <= {"detik", "liputan6", "okezone"}
    assert set(indonesian["agency"]) == {"antara"}


def test_filters_narrow_the_reuse_analyses(shared):
    pairs = q.reuse_pair_rows(shared)
    assert len(pairs) == _table(shared, "SELECT count(*) AS n FROM reuse_pairs")["n"][0]
    detik = filters_from(outlets=["detik"])
    narrowed = q.reuse_pair_rows(shared, detik)
    assert 0 < len(narrowed) < len(pairs)
    assert set(narrowed["outlet_a"]) == set(narrowed["outlet_b"]) == {"detikcom"}
    every_lag = q.syndication_lag(shared)
    assert every_lag["total"].iloc[0] > q.syndication_lag(shared, detik)["total"].iloc[0] > 0
    june = filters_from(start="2025-06-18", end="2025-06-18")
    dates = _table(shared, "SELECT article_id, published_local FROM articles")
    in_june = set(dates[dates["published_local"].dt.date == dt.date(2025, 6, 18)]["article_id"])
    june_pairs = q.reuse_pair_rows(shared, june)
    assert len(june_pairs) and set(june_pairs["article_id_a"]) | set(june_pairs["article_id_b"]) <= in_june
    # a text query: the articles counted and counted out of are those it matches
    prabowo = filters_from(q="prabowo")
    stories = q.largest_stories(shared, prabowo, limit=5)
    assert len(stories) and (stories["count"] <= stories["articles"]).all()
    assert stories["total"].iloc[0] == q.headline(shared, prabowo)["articles"] < len(dates)

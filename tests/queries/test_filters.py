"""The one filter object: checking, SQL with bound parameters only, the URL round trip,
and how each field narrows the hand-made store of handmade_store.py."""

from __future__ import annotations

import datetime as dt

import pytest
from handmade_store import build_store, rows, store  # noqa: F401 - the shared store fixture
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.queries import attribution_by_agency, overview_table, publication_timeline, tag_frequencies
from analytics.queries.engine import run
from analytics.queries.filters import (
    FIELDS,
    MAX_VALUES,
    UNKNOWN,
    FilterError,
    Filters,
    filters_from,
    from_query_string,
    narrow,
    period_bounds,
)
from analytics.store.store import Store

INJECTIONS = ("' OR 1=1 --", "x'); DROP TABLE articles; --", "Kompas' --", '" OR ""="', "%' OR '%'='")


def _articles(store, filters: Filters) -> int:
    return int(overview_table(store, filters)["total"].iloc[0])


# --- each field narrows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, 12),
        ({"start": "2024-03-04", "end": "2024-03-04"}, 3),  # a01 (00:30 WIB, the 3rd in UTC), a02, a09
        ({"start": "2024-03-05"}, 7),  # a03 a05 a06 a07 a10 a11, and a12 (2031, flagged future)
        ({"end": "2024-03-11"}, 5),  # a01 a02 a05 a09 a10; undated a04 a08 are out
        ({"outlets": ["Kompas"]}, 4),
        ({"outlets": ["Kompas", "Wire Daily"]}, 7),
        ({"outlets": [UNKNOWN]}, 1),  # a12 names no outlet
        ({"agencies": ["kcna"]}, 2),  # a03 a10
        ({"agencies": ["kcna", "afp"]}, 3),
        ({"roles": ["photo"]}, 2),  # a01 a07
        ({"agencies": ["reuters"], "roles": ["source"]}, 2),  # a01 a09; a05 only cites, a07 a photo
        ({"agencies": ["ap"], "roles": ["cited"]}, 0),
        ({"tags": ["china"]}, 6),  # tag china a01 a03 a05 a07 a10 a12 (place china: a10 again)
        ({"tags": ["pyongyang", "beijing"]}, 2),  # any of
        ({"languages": ["en"]}, 3),
        ({"languages": [UNKNOWN]}, 1),
        ({"wire_copy_only": True}, 8),
        ({"outlets": ["Tempo"], "wire_copy_only": True}, 2),  # a07 a08
        ({"outlets": ["Kompas"], "tags": ["korea-utara"], "start": "2024-03-10"}, 1),  # a03
    ],
)
def test_each_field_narrows_the_articles(store, raw, expected):
    assert _articles(store, filters_from(**raw)) == expected


def test_outlet_filter_narrows_a_timeline_and_tags_narrow_tag_counts(store):
    tempo = publication_timeline(store, filters_from(outlets=["Tempo"]), freq="month")
    assert rows(tempo, "period", "count") == [(dt.date(2024, 3, 1), 2), (dt.date(2024, 4, 1), 1)]  # a05 a06 | a07
    english = tag_frequencies(store, filters_from(languages=["en"]), kind="section")
    assert rows(english, "tag", "count", "total") == [("world", 3, 3)]


# --- SQL ------------------------------------------------------------------------------------


def test_to_sql_binds_every_value():
    filters = filters_from(
        start="2024-03-01",
        end="2024-03-31",
        outlets=["Kompas", INJECTIONS[1]],
        agencies=["ap"],
        roles=["source"],
        tags=[INJECTIONS[0]],
        languages=["id"],
        wire_copy_only=True,
    )
    sql, params = filters.to_sql("a")
    for value in ("Kompas", "DROP", "OR 1=1", "2024", "'ap'", "source", "'id'"):
        assert value not in sql
    assert sql.count("?") == len(params)
    assert params == [
        dt.datetime(2024, 3, 1),
        dt.datetime(2024, 4, 1),
        UNKNOWN,
        *(["Kompas", INJECTIONS[1]] * 3),  # an outlet id, a raw name, the ids of a raw name
        UNKNOWN,
        "id",
        "ap",
        "source",
        INJECTIONS[0],
    ]
    assert Filters().to_sql() == ("TRUE", [])


def test_to_sql_refuses_an_alias_that_is_not_a_name():
    with pytest.raises(ValueError, match="alias"):
        Filters().to_sql("a; DROP TABLE articles")


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_match_nothing_and_the_tables_survive(tmp_path, value):
    path = build_store(tmp_path / "s.duckdb")
    with Store.open(path, read_only=True) as opened:
        for raw in ({"outlets": [value]}, {"tags": [value]}, {"languages": [value]}, {"outlets": ["Kompas", value]}):
            filters = filters_from(**raw)
            assert _articles(opened, filters) == (4 if "Kompas" in raw.get("outlets", ()) else 0)
            assert attribution_by_agency(opened, filters)["count"].sum() in (0, 5)
        from_url = from_query_string(filters_from(outlets=[value], tags=[value]).to_query_string())
        assert from_url.outlets == (value,) and _articles(opened, from_url) == 0
    with Store.open(path, read_only=True) as reopened:
        counts = (
            run(
                reopened,
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM attributions), "
                "(SELECT count(*) FROM tags)",
            )
            .iloc[0]
            .tolist()
        )
    assert counts == [12, 15, 27]


def test_an_injection_string_is_not_an_agency_id():
    with pytest.raises(FilterError, match="agencies: .* is not an agency id"):
        filters_from(agencies=["ap' OR 1=1 --"])


# --- checking -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"start": "2024-13-01"}, "start must be a date written YYYY-MM-DD"),
        ({"start": "04/03/2024"}, "start must be a date written YYYY-MM-DD"),
        ({"end": dt.datetime(2024, 3, 1, 12)}, "end must be a date, not a date and time"),
        ({"start": "2024-03-05", "end": "2024-03-01"}, "start 2024-03-05 is after end 2024-03-01"),
        ({"roles": ["byline"]}, "roles: 'byline' is not a role"),
        ({"agencies": ["Reuters"]}, "not an agency id"),
        ({"outlets": [""]}, "outlets: empty value"),
        ({"tags": ["  "]}, "tags: empty value"),
        ({"outlets": [3]}, "outlets: 3 is not a string"),
        ({"outlets": ["x\x00y"]}, "control character"),
        ({"tags": ["x" * 301]}, "at most 300"),
        ({"tags": [f"t{i}" for i in range(MAX_VALUES + 1)]}, f"at most {MAX_VALUES}"),
        ({"wire_copy_only": "maybe"}, "wire_copy_only must be true or false"),
        ({"outlet": ["Kompas"]}, "unknown filter 'outlet'"),
        ({"languages": {"id": 1}}, "languages must be a list of strings"),
    ],
)
def test_bad_values_are_clear_errors(raw, message):
    with pytest.raises(FilterError, match=message):
        filters_from(**raw)


def test_validate_checks_a_directly_built_object():
    assert Filters(outlets=("Kompas",)).validate() == Filters(outlets=("Kompas",))
    with pytest.raises(FilterError, match="tuple"):
        Filters(outlets=["Kompas"]).validate()
    with pytest.raises(FilterError, match="given twice"):
        Filters(tags=("a", "a")).validate()
    with pytest.raises(FilterError, match="wire_copy_only"):
        Filters(wire_copy_only="yes").validate()


def test_filters_from_converts_and_keeps_order():
    filters = filters_from(start=dt.date(2024, 3, 1), outlets="Kompas", tags=["b", "a", "b"], wire_copy_only="true")
    assert filters == Filters(start=dt.date(2024, 3, 1), outlets=("Kompas",), tags=("b", "a"), wire_copy_only=True)
    assert filters_from(outlets=None, tags=[], start="") == Filters()
    assert hash(filters) == hash(filters_from(**filters.as_dict()))  # usable as a cache key
    assert filters.replace(outlets=["Tempo"]).outlets == ("Tempo",)


# --- URL ------------------------------------------------------------------------------------


def test_query_string_round_trip():
    filters = filters_from(
        start="2024-03-01",
        end="2024-03-31",
        outlets=["Kompas", "Wire Daily", "A&B=C"],
        agencies=["ap", "reuters"],
        roles=["source", "dateline"],
        tags=["korea-utara", "100%"],
        languages=["id"],
        wire_copy_only=True,
    )
    query = filters.to_query_string()
    assert query.startswith("start=2024-03-01&end=2024-03-31&outlets=Kompas&outlets=Wire%20Daily&outlets=A%26B%3DC")
    assert query.endswith("&wire_copy_only=1")
    assert from_query_string(query) == filters
    assert from_query_string("?" + query) == filters
    assert Filters().to_query_string() == "" and from_query_string("") == Filters()


def test_query_string_accepts_plus_for_space_and_ignores_page_keys():
    assert from_query_string("outlets=Wire+Daily&freq=week", ignore=["freq"]) == Filters(outlets=("Wire Daily",))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("colour=red", "unknown filter 'colour'"),
        ("freq=week", "unknown filter 'freq'"),
        ("outlets", "malformed query string"),
        ("outlets=Kompas&&tags=x", "malformed query string"),
        ("outlets=", "outlets: empty value"),
        ("start=2024-03-01&start=2024-03-02", "start is given 2 times"),
        ("start=yesterday", "start must be a date"),
        ("wire_copy_only=2", "wire_copy_only must be true or false"),
        ("roles=editor", "roles: 'editor' is not a role"),
        ("&".join(f"tags=t{i}" for i in range(MAX_VALUES * len(FIELDS) + 1)), "malformed query string"),
    ],
)
def test_malformed_query_strings_are_clear_errors(query, message):
    with pytest.raises(FilterError, match=message):
        from_query_string(query)


_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20).filter(str.strip)
_values = st.lists(_text, max_size=4, unique=True).map(tuple)


@settings(max_examples=300, deadline=None)
@given(
    start=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
    days=st.integers(0, 400),
    outlets=_values,
    tags=_values,
    languages=_values,
    agencies=st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), max_size=3, unique=True).map(tuple),
    roles=st.lists(st.sampled_from(["source", "dateline", "photo", "cited"]), max_size=4, unique=True).map(tuple),
    wire=st.booleans(),
)
def test_any_valid_filters_round_trip_through_the_url(start, days, outlets, tags, languages, agencies, roles, wire):
    end = start + dt.timedelta(days=days) if start else None
    filters = Filters(
        start=start,
        end=end,
        outlets=outlets,
        agencies=agencies,
        roles=roles,
        tags=tags,
        languages=languages,
        wire_copy_only=wire,
    ).validate()
    assert from_query_string(filters.to_query_string()) == filters


# --- drill-down -----------------------------------------------------------------------------


def test_narrow_to_a_clicked_cell_and_period():
    base = filters_from(start="2024-03-06", outlets=["Kompas", "Tempo"])
    cell = narrow(base, outlet="Tempo", agency="reuters", role="source")
    assert (cell.outlets, cell.agencies, cell.roles, cell.start) == (("Tempo",), ("reuters",), ("source",), base.start)
    week = narrow(base, period=dt.date(2024, 3, 4), freq="week")  # Mon 03-04 .. Sun 03-10, cut at the start filter
    assert (week.start, week.end) == (dt.date(2024, 3, 6), dt.date(2024, 3, 10))
    with pytest.raises(FilterError, match="outside the date range"):
        narrow(base, period=dt.date(2024, 2, 1), freq="month")
    with pytest.raises(FilterError, match="cannot narrow by 'colour'"):
        narrow(base, colour="red")


def test_period_bounds():
    assert period_bounds(dt.date(2024, 2, 14), "month") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period_bounds(dt.date(2024, 12, 31), "month") == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert period_bounds(dt.date(2024, 3, 10), "week") == (dt.date(2024, 3, 4), dt.date(2024, 3, 10))
    assert period_bounds(dt.date(2024, 3, 10), "day") == (dt.date(2024, 3, 10),) * 2
    with pytest.raises(FilterError, match="freq"):
        period_bounds(dt.date(2024, 3, 10), "year")

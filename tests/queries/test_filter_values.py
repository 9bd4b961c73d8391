"""resolve_filter_values on the shared corpora (issue 14, item 5): a user's spelling matched to the
store's values, an unknown value named with its nearest known ones, never dropped in silence."""

from __future__ import annotations

import pytest
from shared_store import shared_store  # noqa: F401

from analytics import queries as q
from analytics.queries.filters import filters_from
from analytics.store.store import Store


@pytest.fixture(scope="module")
def store(shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as opened:
        yield opened


def test_values_match_any_case_names_aliases_and_tag_spellings(store):
    label = store.one("SELECT label FROM tags WHERE tag = 'korea utara' LIMIT 1")[0]
    given = {
        "outlets": ["KCNA", "Kompas"],
        "agencies": ["XINHUA", "新华社", "Reuters"],
        "roles": ["Source"],
        "tags": [label.upper()],
        "languages": ["ID"],
        "outlet_kind": ["Agency"],
    }
    filters, unknown = q.resolve_filter_values(store, given)
    assert unknown == {}
    assert filters == filters_from(
        outlets=["kcna", "kompas"],
        agencies=["xinhua", "reuters"],
        roles=["source"],
        tags=["korea utara"],
        languages=["id"],
        outlet_kind=["agency"],
    )
    assert q.resolve_filter_values(store, filters) == (filters, {})  # resolved values resolve to themselves


def test_unknown_values_are_named_with_their_nearest_and_left_out(store):
    filters, unknown = q.resolve_filter_values(store, {"outlets": ["kcnaa", "kcna"], "agencies": ["xinhau"]})
    assert filters.outlets == ("kcna",) and filters.agencies == ()
    assert unknown["outlets"][0][0] == "kcnaa" and unknown["outlets"][0][1][0] == "kcna"
    assert unknown["agencies"][0][0] == "xinhau" and unknown["agencies"][0][1][0] == "xinhua"
    message = q.unknown_values_message(unknown)
    assert "unknown outlets: 'kcnaa' (nearest: kcna" in message and "unknown agencies: 'xinhau'" in message


def test_values_are_matched_one_by_one_in_place_old_raw_outlet_names_included(store):
    raw_name, outlet_id = store.one(
        "SELECT outlet, outlet_id FROM articles WHERE outlet <> outlet_name ORDER BY count(*) OVER (PARTITION BY outlet) "
        "DESC, outlet LIMIT 1"
    )
    given = {"outlets": ["kcnaa", raw_name.upper(), "KCNA"], "tags": []}
    matched = q.match_filter_values(store, given)
    assert list(matched) == ["outlets"]  # a field without values is left out
    assert [(m.value, m.found) for m in matched["outlets"]] == [
        ("kcnaa", None),
        (raw_name.upper(), outlet_id),  # an older link's raw name, any case, is its outlet
        ("KCNA", "kcna"),
    ]
    assert matched["outlets"][0].nearest[0] == "kcna" and matched["outlets"][1].nearest == ()

"""A text query is checked where every filter is: a word the index could not find is a FilterError
naming its character, before any analysis runs, and the command line says it without a traceback."""

from __future__ import annotations

import pytest
from repo_paths import REPO

from analytics.cli import main
from analytics.queries.filters import FilterError, filters_from


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("korea AND !!!", "'!!!' holds no word to search for at character 11"),
        ('"--" OR korea', "holds no word to search for at character 1"),
        ("korea a*", "a word before * needs at least 2 letters at character 7"),
    ],
)
def test_a_word_with_nothing_to_search_is_a_filter_error(query, problem):
    with pytest.raises(FilterError) as caught:
        filters_from(q=query)
    assert problem in str(caught.value)


def test_a_one_character_cjk_prefix_is_searchable():
    assert filters_from(q="朝*").q == "朝*"


def test_report_says_it_without_a_traceback(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert main(["ingest", "--store", str(store), str(REPO / "data/sample/kcna")]) == 0
    capsys.readouterr()
    assert main(["report", "--store", str(store), "--out", str(tmp_path / "out"), "--query", "korea AND !!!"]) == 1
    err = capsys.readouterr().err
    assert "holds no word to search for at character 11" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "manifest.json").exists()

"""Ingest keeps the search index beside the store current: built with the store, made current again
by the next ingest after a run that did not finish, built from the store for a store without one,
and the same as `reindex` makes it."""

from __future__ import annotations

import shutil

import pytest
from repo_paths import REPO

from analytics.ingest import pipeline
from analytics.ingest.manifest import load_manifest
from analytics.queries.search import matching_ids
from analytics.store import search_index
from analytics.store.store import Store

SAMPLE = REPO / "data/manifests/sample.toml"
QUERIES = ("korea", '"kim jong un"', "oil OR wheat", "title:korea", "NOT the", "pyong*", "antara -jakarta")


def _matches(path) -> dict[str, list[str]]:
    with Store.open(path, read_only=True) as store:
        return {query: sorted(matching_ids(store, query).to_pylist()) for query in QUERIES}


def _ingest(path, **options) -> None:
    with Store.open(path) as store:
        pipeline.ingest(load_manifest(SAMPLE), store, batch_size=200, **options)


def _state(path) -> search_index.IndexState:
    with Store.open(path, read_only=True) as store:
        return search_index.state(store)


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The sample ingested in one run, and its matches."""
    path = tmp_path_factory.mktemp("whole") / "store.duckdb"
    _ingest(path)
    return path, _matches(path)


def test_an_ingest_leaves_a_current_index_of_every_article(whole):
    path, matches = whole
    state = _state(path)
    with Store.open(path, read_only=True) as store:
        assert state.current and state.documents == store.one("SELECT count(*) FROM articles")[0]
    assert all(matches[query] for query in QUERIES if query != "NOT the"), matches


def test_a_run_that_failed_is_indexed_again_by_the_next(whole, tmp_path, monkeypatch):
    path, matches = whole
    store_path = tmp_path / "store.duckdb"
    write_file = pipeline._write_file
    files = []

    def fail_after_two_files(job, *args, **kwargs):
        if len(files) == 2:
            raise RuntimeError("the disk went away")
        write_file(job, *args, **kwargs)
        files.append(job)

    monkeypatch.setattr(pipeline, "_write_file", fail_after_two_files)
    monkeypatch.setattr(search_index, "COMMIT_SECONDS", 3600.0)  # no commit before the run fails
    with pytest.raises(RuntimeError, match="disk went away"):
        _ingest(store_path)
    with Store.open(store_path, read_only=True) as store:
        stored = store.one("SELECT count(*) FROM articles")[0]
        done = store.one("SELECT count(*) FROM ingest_files")[0]
    assert stored and done == 2 and _state(store_path).documents == 0  # two files stored and marked, none indexed
    monkeypatch.undo()
    _ingest(store_path)
    assert _state(store_path).current
    assert _matches(store_path) == matches


def test_a_store_without_an_index_gets_one_at_its_next_ingest_and_reindex_makes_the_same(whole, tmp_path):
    path, matches = whole
    copy = tmp_path / "store.duckdb"
    shutil.copy(path, copy)
    assert not _state(copy).exists
    _ingest(copy)  # nothing new to read: the index is built from the store
    assert _state(copy).current and _matches(copy) == matches
    with Store.open(copy) as store:
        search_index.rebuild(store)
    assert _state(copy).current and _matches(copy) == matches


def test_an_index_cut_with_another_word_pattern_is_built_anew(whole, tmp_path):
    # an index of an older version, which cut `６月29日电` as one word: made current again by the next ingest
    path, matches = whole
    store_path = tmp_path / "store.duckdb"
    shutil.copy(path, store_path)
    shutil.copytree(search_index.index_path(path), search_index.index_path(store_path))
    state_file = search_index.index_path(store_path) / search_index.STATE_FILE
    state_file.write_text(state_file.read_text().replace('"words": ', '"words": "old", "was": '))
    assert not _state(store_path).current
    _ingest(store_path)
    assert _state(store_path).current
    assert _matches(store_path) == matches

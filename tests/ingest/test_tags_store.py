"""Tags in the store: every kind from real corpora at ingest, and `retag` with a user alias file."""

from __future__ import annotations

import pathlib

import pytest

from analytics.cli import main
from analytics.store.store import Store


def _tags(path: pathlib.Path, ref: str) -> set[tuple[str, str]]:
    with Store.open(path, read_only=True) as store:
        return set(
            store.connection.execute(
                "SELECT kind, tag FROM tags JOIN articles USING (article_id) WHERE source_ref = ?", [ref]
            ).fetchall()
        )


@pytest.fixture(scope="module")
def store(corpora, tmp_path_factory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("tags")
    manifest = folder / "m.toml"
    manifest.write_text(
        f'root = "{corpora}"\n'
        '[[source]]\nname = "detik"\npaths = ["detik_2021/history/*.json"]\noutlet = "detik.com"\nlanguage = "id"\n'
        'timezone = "Asia/Jakarta"\n'
        '[[source]]\nname = "reuters"\npaths = ["reuters21578_subset/reut2-000.sgm"]\n'
        '[[source]]\nname = "seed"\npaths = ["seed/*.txt"]\nlanguage = "id"\ntimezone = "Asia/Jakarta"\n',
        encoding="utf-8",
    )
    path = folder / "s.duckdb"
    assert main(["ingest", "--manifest", str(manifest), "--store", str(path)]) == 0
    return path


def test_detik_tag_links_become_editor_tags(store):
    with Store.open(store, read_only=True) as opened:
        detik = "FROM tags JOIN articles USING (article_id) WHERE kind = 'tag' AND source_ref LIKE 'detik_2021/%'"
        counts = dict(
            opened.connection.execute(f"SELECT tag, count(DISTINCT article_id) {detik} GROUP BY 1").fetchall()
        )
        tagged = opened.one(f"SELECT count(DISTINCT article_id) {detik}")[0]
        merged = opened.connection.execute(
            "SELECT source_ref FROM duplicates WHERE source_ref LIKE 'detik_2021/%' ORDER BY ALL"
        ).fetchall()
    # PROVENANCE.md (detik_2021): 513 of 539 records carry tag links; virus-corona in 39, larangan-mudik in 26.
    # Three tagged records (#52, #260, #360) have the text of a tagged record read before them (one story
    # under two headlines or two links): one article each with it, so 510 articles.
    assert [ref.rsplit("#")[1] for (ref,) in merged] == ["260", "360", "52"]
    assert tagged == 513 - 3
    assert counts["virus corona"] == 39 and counts["larangan mudik"] == 26
    # covid_19 (23) and covid-19 spellings are one tag after normalisation
    assert counts["covid 19"] >= 23


def test_reuters_topics_places_and_the_seed_keywords(store):
    first = "reuters21578_subset/reut2-000.sgm#1"
    assert {("tag", "cocoa"), ("place", "el salvador"), ("place", "usa"), ("place", "uruguay")} <= _tags(store, first)
    assert not any(kind == "keyword" for kind, _ in _tags(store, first))  # editor tags exist: no keywords
    seed = _tags(store, "seed/000_7b6cb561483c8af7.txt")
    assert seed and {kind for kind, _ in seed} == {"keyword"}  # the seed's Tags heading is empty
    assert ("keyword", "korea utara") in seed


def test_retag_merges_synonyms_from_an_alias_file(store, tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[aliases]\n"COVID-19" = ["virus corona", "covid 19", "corona"]\n', encoding="utf-8")
    assert main(["retag", "--store", str(store), "--tag-aliases", str(aliases)]) == 0
    with Store.open(store, read_only=True) as opened:
        counts = dict(
            opened.connection.execute(
                "SELECT tag, count(DISTINCT article_id) FROM tags WHERE kind = 'tag' GROUP BY 1"
            ).fetchall()
        )
        label = opened.one("SELECT DISTINCT label FROM tags WHERE tag = 'covid 19'")[0]
    assert "virus corona" not in counts and counts["covid 19"] >= 39
    assert label == "COVID-19"
    assert main(["retag", "--store", str(store)]) == 0
    with Store.open(store, read_only=True) as opened:
        assert opened.one("SELECT count(*) FROM tags WHERE tag = 'virus corona'")[0] > 0


def test_malformed_alias_file_is_a_clear_error(store, tmp_path, capsys):
    bad = tmp_path / "aliases.toml"
    bad.write_text('[aliases]\n"Korea Utara" = 3\n', encoding="utf-8")
    assert main(["retag", "--store", str(store), "--tag-aliases", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "aliases.toml, line 2" in err and "Traceback" not in err

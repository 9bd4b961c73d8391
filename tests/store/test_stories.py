"""One story counted once (analytics.store.stories), on real records: a KCNA story listed under five
sections, a KCNA link read first without its text, a Chinese story in two outlets, Tempo's boilerplate."""

from __future__ import annotations

import csv
import dataclasses
import json
import pathlib

import pytest
from repo_paths import REPO

from analytics.cli import main
from analytics.ingest.manifest import Manifest, load_manifest
from analytics.ingest.pipeline import ingest
from analytics.store.store import SCHEMA_VERSION, Store, StoreError

MANIFEST = REPO / "data/manifests/shared_corpora.toml"
KCNA_FILE = "kcna_stiles_archive/headlines_2024-11-11.json"
# The archive's "Tripartite Cooperation" Will Hasten "Tripartite Ruin": KCNA Commentary, one text at
# five links, one per section (record indexes in the file, in the order read).
FIVE_LISTINGS = (212, 213, 215, 223, 226)
FIVE_SECTIONS = ["World", "External", "Latest News", "Top News", "News Commentary"]
# A 'Celebrations for New Year' link listed twice: first without its text, then with it.
EMPTY_FIRST, WITH_TEXT = 24, 26


def _spec(name: str):
    return next(s for s in load_manifest(MANIFEST).sources if s.name == name)


def _kcna_manifest(folder: pathlib.Path, *paths: str) -> Manifest:
    """The shipped manifest's KCNA source, reading `paths` under `folder`."""
    return Manifest(None, folder, (dataclasses.replace(_spec("kcna"), paths=paths),))


def _write_kcna(corpora: pathlib.Path, path: pathlib.Path, indexes) -> None:
    """A JSON file of the archive's records at `indexes`, as the archive writes them."""
    records = json.loads((corpora / KCNA_FILE).read_text(encoding="utf-8"))
    path.write_text(json.dumps([records[i] for i in indexes]), encoding="utf-8")


def _account(store: Store, file_ref: str) -> tuple[int, int, int, int]:
    entry = next(e for e in store.ingest_log() if e["file_ref"] == file_ref)
    return entry["records_read"], entry["stored"], entry["duplicates"], entry["quarantined"]


def test_a_story_listed_under_five_sections_is_one_article_with_the_five(corpora, tmp_path):
    _write_kcna(corpora, tmp_path / "k.json", range(FIVE_LISTINGS[0] - 2, FIVE_LISTINGS[-1] + 2))
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(_kcna_manifest(tmp_path, "k.json"), store)
        con = store.connection
        [(article_id, source_ref, section, sections)] = con.execute(
            "SELECT article_id, source_ref, section, sections FROM articles WHERE title LIKE '\"Tripartite Cooperation\"%'"
        ).fetchall()
        first, *later = [f"k.json#{n - FIVE_LISTINGS[0] + 3}" for n in FIVE_LISTINGS]
        assert (source_ref, section, sections) == (first, "World", FIVE_SECTIONS)
        section_tags = con.execute(
            "SELECT label FROM tags WHERE article_id = ? AND kind = 'section' ORDER BY label", [article_id]
        ).fetchall()
        assert [label for (label,) in section_tags] == sorted(FIVE_SECTIONS)
        dupes = con.execute(
            "SELECT source_ref, record_article_id FROM duplicates WHERE article_id = ? ORDER BY source_ref",
            [article_id],
        ).fetchall()
        assert [ref for ref, _ in dupes] == sorted(later)
        assert len({own for _, own in dupes} | {article_id}) == 5  # five links, each its own id
        # of the 18 records read, 7 are duplicates: 4 listings of this story, a story listed twice in
        # Society-Life and Latest News, one in Latest News and Home News, a video link listed twice
        assert _account(store, "k.json") == (18, 11, 7, 0)

    # retag recomputes the tags from the article: the five sections stay
    assert main(["retag", "--store", str(tmp_path / "s.duckdb")]) == 0
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.one("SELECT count(*) FROM tags WHERE article_id = ? AND kind = 'section'", [article_id])[0] == 5

        # read again in a later run (another file), every listing joins the stored story
        _write_kcna(corpora, tmp_path / "again.json", FIVE_LISTINGS)
        again = ingest(_kcna_manifest(tmp_path, "again.json"), store).sources[0]
        assert (again.stored, again.duplicates) == (0, 5)
        assert store.one("SELECT count(*) FROM duplicates WHERE article_id = ?", [article_id])[0] == 9
        assert store.one("SELECT count(*) FROM articles")[0] == 11


def _story_tables(store: Store, article_id: str) -> dict[str, list[tuple]]:
    """What ingest derived for one article: its attributions, credit and tags."""
    return {
        table: store.connection.execute(
            f"SELECT * EXCLUDE (article_id) FROM {table} WHERE article_id = ? ORDER BY ALL", [article_id]
        ).fetchall()
        for table in ("attributions", "article_credits", "tags")
    }


@pytest.mark.parametrize("batch_size", [1, 10])
def test_a_link_read_first_without_its_text_keeps_the_text(corpora, tmp_path, batch_size):
    _write_kcna(corpora, tmp_path / "k.json", (EMPTY_FIRST, EMPTY_FIRST + 1, WITH_TEXT))
    _write_kcna(corpora, tmp_path / "text.json", (WITH_TEXT,))
    with Store.open(tmp_path / "alone.duckdb") as alone:
        ingest(_kcna_manifest(tmp_path, "text.json"), alone)
        [(article_id, text)] = alone.connection.execute("SELECT article_id, body FROM articles").fetchall()
        expected = _story_tables(alone, article_id)
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(_kcna_manifest(tmp_path, "k.json"), store, batch_size=batch_size)
        row = store.first("SELECT source_ref, body FROM articles WHERE article_id = ?", [article_id])
        assert row == ("k.json#3", text) and text.startswith("Pyongyang, February 11 (KCNA) --")
        dupes = store.connection.execute("SELECT source_ref, article_id, record_article_id FROM duplicates").fetchall()
        assert dupes == [("k.json#1", article_id, article_id)]
        # attributions (KCNA's own dateline), credit and keywords are the text's, as if read alone
        assert _story_tables(store, article_id) == expected
        assert ("kcna", "dateline") in {(a[0], a[1]) for a in expected["attributions"]}
        assert _account(store, "k.json") == (3, 2, 1, 0)


def test_a_text_read_in_a_later_run_goes_to_the_stored_empty_article(corpora, tmp_path):
    """The empty record's file, ingested in an earlier run, has its account moved: stored 0, duplicates 1."""
    _write_kcna(corpora, tmp_path / "a.json", (EMPTY_FIRST,))
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(_kcna_manifest(tmp_path, "*.json"), store)
        assert store.one("SELECT body FROM articles")[0] is None
        assert _account(store, "a.json") == (1, 1, 0, 0)
        _write_kcna(corpora, tmp_path / "b.json", (WITH_TEXT,))
        later = ingest(_kcna_manifest(tmp_path, "*.json"), store).sources[0]
        assert (later.skipped_files, later.stored, later.duplicates) == (1, 1, 0)
        source_ref, body = store.one("SELECT source_ref, body FROM articles")
        assert source_ref == "b.json#1" and body.startswith("Pyongyang, February 11 (KCNA) --")
        assert store.connection.execute("SELECT source_ref FROM duplicates").fetchall() == [("a.json#1",)]
        assert _account(store, "a.json") == (1, 0, 1, 0)
        assert _account(store, "b.json") == (1, 1, 0, 0)


def test_the_same_text_in_two_outlets_is_two_articles_with_one_fingerprint(corpora, tmp_path):
    """Huanqiu (环球网) and People's Daily's military channel (人民网军事) carry the same story: syndication,
    left to a later analysis."""
    manifest = load_manifest(MANIFEST)
    manifest = dataclasses.replace(manifest, sources=(_spec("zh_trilateral_news"),))
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(manifest, store)
        rows = store.connection.execute(
            "SELECT outlet, text_fingerprint FROM articles WHERE source_ref IN (?, ?) ORDER BY outlet",
            [
                "zh_trilateral_news/filtered_huanqiu_by_source_add_date.json#5",
                "zh_trilateral_news/filtered_people_add_date.json#21",
            ],
        ).fetchall()
    assert [outlet for outlet, _ in rows] == ["人民网军事", "环球网"]
    assert rows[0][1] is not None and rows[0][1] == rows[1][1]


def test_boilerplate_bodies_do_not_merge_different_stories(corpora, tmp_path):
    """Thirteen Tempo fact-check newsletters of 2025-06-18 whose scraped body is only their greeting
    (or `Kawan Pal.`) stay thirteen articles."""
    spec = dataclasses.replace(
        _spec("indonews_rss_2025"), paths=("indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv",)
    )
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(Manifest(None, corpora, (spec,)), store)
        rows = store.connection.execute(
            "SELECT title, text_fingerprint FROM articles WHERE outlet = 'tempo.co' AND "
            "(body LIKE 'Halo, pembaca nawalaCek Fakta Tempo!%' OR body IN ('Kawan Pal.', 'TEMPO.CO,Jakarta-'))"
        ).fetchall()
    assert len(rows) == 13 and len({title for title, _ in rows}) == 13
    assert {fingerprint for _, fingerprint in rows} == {None}


def test_a_store_of_an_older_schema_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.duckdb"
    old = str(int(SCHEMA_VERSION) - 1)
    with Store.open(path) as store:
        store.set_meta("schema_version", old)
    for read_only in (True, False):
        with pytest.raises(StoreError, match=f"written with store schema {old}, this version needs {SCHEMA_VERSION}: "):
            Store.open(path, read_only=read_only)
    assert main(["info", "--store", str(path)]) == 1


INDONEWS_FILE = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"


@pytest.mark.parametrize("batch_size", [1, 10])
def test_a_later_record_giving_the_story_an_editor_tag_drops_its_keywords(corpora, tmp_path, batch_size):
    """An Indonesian article read twice, the second time with an editor tag: one story, with the
    tag and without the keywords it had before (tags_of's rule), whether the two records share a
    batch or not; a third record adding nothing leaves the stored story as it was."""
    with (corpora / INDONEWS_FILE).open(encoding="utf-8-sig", newline="") as stream:
        record = next(row for row in csv.DictReader(stream) if row["url"] and len(row["isi_berita"]) > 500)
    with (tmp_path / "news.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, [*record, "tags"])
        writer.writeheader()
        writer.writerows([{**record, "tags": ""}, {**record, "tags": "Politik"}, {**record, "tags": ""}])
    (tmp_path / "m.toml").write_text(
        'root = "."\n[[source]]\nname = "news"\npaths = ["news.csv"]\nformat = "csv"\nlanguage = "id"\n'
        'timezone = "Asia/Jakarta"\n',
        encoding="utf-8",
    )
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(load_manifest(tmp_path / "m.toml"), store, batch_size=batch_size)
        [(article_id, tags, source_ref)] = store.connection.execute(
            "SELECT article_id, tags, source_ref FROM articles"
        ).fetchall()
        assert (tags, source_ref) == (["Politik"], "news.csv#1")
        kinds = store.connection.execute("SELECT DISTINCT kind FROM tags WHERE article_id = ?", [article_id]).fetchall()
        assert kinds == [("tag",)]
        assert _account(store, "news.csv") == (3, 1, 2, 0)

"""One story counted once over the whole KCNA archive: the stories are those of reading its records
one at a time, and the store is the same with one process or two workers, with any batch size, in one
run or two; every file's records read = stored + duplicates + quarantined."""

from __future__ import annotations

import dataclasses
import json
import pathlib

import pytest
from repo_paths import REPO
from store_tables import TABLES, rows

from analytics.ingest import extract
from analytics.ingest.manifest import Manifest, load_manifest
from analytics.ingest.pipeline import ingest
from analytics.store.store import Store
from analytics.text.fingerprint import story_text

MANIFEST = REPO / "data/manifests/shared_corpora.toml"
KCNA_FILE = "kcna_stiles_archive/headlines_2024-11-11.json"
# The archive in three files; the first ends between a link's empty record (#25) and its text (#27).
PARTS = {"part1.json": (0, 26), "part2.json": (26, 1_000), "part3.json": (1_000, None)}
FILE_ACCOUNTS = "SELECT file_ref, records_read, stored, duplicates, quarantined FROM ingest_files ORDER BY ALL"


def _records(corpora: pathlib.Path) -> list[dict]:
    return json.loads((corpora / KCNA_FILE).read_text(encoding="utf-8"))


def _manifest(folder: pathlib.Path, paths: tuple[str, ...]) -> Manifest:
    kcna = next(s for s in load_manifest(MANIFEST).sources if s.name == "kcna")
    return Manifest(None, folder, (dataclasses.replace(kcna, paths=paths),))


def _one_by_one(records: list[dict]) -> list[list[int]]:
    """The stories of the records read one at a time, as record indexes: a record joins the story
    holding its link, else the one holding its text; a story without text takes the first text
    of its link no other story holds."""
    by_link: dict[str, int] = {}
    by_text: dict[str, int] = {}
    stories: list[list[int]] = []
    has_text: list[bool] = []
    for n, record in enumerate(records):
        text = story_text(record["story_text"])
        story = by_link.get(record["link"])
        if story is None and text is not None:
            story = by_text.get(text)
        if story is None:
            story = len(stories)
            stories.append([])
            has_text.append(False)
        if text is not None and not has_text[story] and text not in by_text:
            by_text[text] = story
            has_text[story] = True
        by_link.setdefault(record["link"], story)
        stories[story].append(n)
    return stories


@pytest.fixture(scope="module")
def stores(corpora, tmp_path_factory) -> dict[str, pathlib.Path]:
    """The archive in PARTS ingested by one process; by two workers in batches of 97 records; in
    two runs, the first file alone and then all three; and by one process in batches of 97 records
    deriving every record in full (ingest skips what the store drops of a record that repeats an
    earlier record's link, text and outlet: the archive lists a story under up to five sections)."""
    folder = tmp_path_factory.mktemp("stories")
    records = _records(corpora)
    for name, (start, end) in PARTS.items():
        (folder / name).write_text(json.dumps(records[start:end]), encoding="utf-8")
    everything = _manifest(folder, ("part*.json",))
    paths = {name: folder / f"{name}.duckdb" for name in ("one", "two_workers", "two_runs", "derived_in_full")}
    with Store.open(paths["one"]) as store:
        ingest(everything, store, workers=1)
    with Store.open(paths["two_workers"]) as store:
        ingest(everything, store, workers=2, batch_size=97)
    with Store.open(paths["derived_in_full"]) as store, pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "_shown_key", lambda article: None)  # no record is taken for a mere duplicate
        ingest(everything, store, workers=1, batch_size=97)
    with Store.open(paths["two_runs"]) as store:
        first = folder / "first"
        first.mkdir()
        (first / "part1.json").write_bytes((folder / "part1.json").read_bytes())
        ingest(_manifest(first, ("part*.json",)), store, batch_size=500)
        later = ingest(_manifest(folder, ("part*.json",)), store, batch_size=500)
        assert later.sources[0].skipped_files == 1  # part1.json: the same bytes, already done
    return paths


def _part_ref(n: int) -> str:
    """The source_ref of the archive's record n in PARTS."""
    name, (start, _) = next((name, span) for name, span in PARTS.items() if n >= span[0] and n < (span[1] or n + 1))
    return f"{name}#{n - start + 1}"


def test_stories_are_those_of_reading_one_record_at_a_time(stores, corpora):
    records = _records(corpora)
    expected = {frozenset(_part_ref(n) for n in story) for story in _one_by_one(records)}
    sections = {
        frozenset(_part_ref(n) for n in story): list(dict.fromkeys(records[n]["topic"] for n in story))
        for story in _one_by_one(records)
    }
    with Store.open(stores["one"], read_only=True) as store:
        found = store.connection.execute(
            "SELECT a.sections, list(r.source_ref) FROM articles a JOIN ("
            "SELECT article_id, source_ref FROM articles UNION ALL SELECT article_id, source_ref FROM duplicates"
            ") r USING (article_id) GROUP BY a.article_id, a.sections"
        ).fetchall()
        assert store.one("SELECT count(*) FROM articles")[0] == len(expected) == 1_277
    assert {frozenset(refs) for _, refs in found} == expected
    assert all(stored == sections[frozenset(refs)] for stored, refs in found)
    assert max(len(stored) for stored, _ in found) == 5


@pytest.mark.parametrize("other", ["two_workers", "two_runs", "derived_in_full"])
@pytest.mark.parametrize("table", TABLES)
def test_the_store_is_the_same_with_two_workers_small_batches_two_runs_and_full_derivation(stores, table, other):
    one = rows(stores["one"], table, TABLES[table])
    assert one or table == "quarantine"
    assert rows(stores[other], table, TABLES[table]) == one


@pytest.mark.parametrize("name", ["one", "two_workers", "two_runs"])
def test_every_file_accounts_for_its_records(stores, name):
    with Store.open(stores[name], read_only=True) as store:
        log = store.ingest_log()
        assert {e["file_ref"]: e["records_read"] for e in log} == {
            "part1.json": 26,
            "part2.json": 974,
            "part3.json": 1_111,
        }
        assert all(e["records_read"] == e["stored"] + e["duplicates"] + e["quarantined"] for e in log)
        for column, table in (("stored", "articles"), ("duplicates", "duplicates")):
            assert sum(e[column] for e in log) == store.one(f"SELECT count(*) FROM {table}")[0]
        # part2.json#1 gave its text to the link of part1.json#25, which is a duplicate in every store
        assert store.one("SELECT article_id FROM duplicates WHERE source_ref = 'part1.json#25'") == store.one(
            "SELECT article_id FROM articles WHERE source_ref = 'part2.json#1'"
        )
        accounts = store.connection.execute(
            "SELECT file_ref, records_read, stored, duplicates, quarantined FROM ingest_files "
            "QUALIFY row_number() OVER (PARTITION BY file_ref ORDER BY run_id DESC) = 1 ORDER BY ALL"
        ).fetchall()
    with Store.open(stores["one"], read_only=True) as store:
        assert accounts == store.connection.execute(FILE_ACCOUNTS).fetchall()

"""The store: idempotent and incremental ingest, duplicates, accounting, export."""

from __future__ import annotations

import csv
import json
import pathlib
import shutil

import pytest
from repo_paths import REPO

from analytics.cli import main
from analytics.ingest.manifest import Manifest, adhoc_source, load_manifest
from analytics.ingest.pipeline import ingest
from analytics.schema import COLUMNS
from analytics.store.store import Store, StoreError

SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"


def _counts(store: Store) -> tuple[int, int, int]:
    con = store.connection
    return tuple(
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "duplicates", "quarantine")
    )


def _folder_manifest(folder: pathlib.Path) -> Manifest:
    return Manifest(None, folder, (adhoc_source("t", [str(folder)], language="id", timezone="Asia/Jakarta"),))


def test_sample_ingests_and_accounting_adds_up(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        result = ingest(load_manifest(SAMPLE_MANIFEST), store)
        by_name = {s.name: s for s in result.sources}
        assert by_name["seed"].stored == 1
        assert by_name["ag_news_test"].records_read == 1000
        assert by_name["reuters21578"].records_read == 300
        assert by_name["kcna"].records_read == 300
        for s in result.sources:
            assert s.records_read == s.stored + s.duplicates + s.quarantined, s.name
        files = store.connection.execute(
            "SELECT sum(records_read), sum(stored + duplicates + quarantined) FROM ingest_files"
        ).fetchone()
        assert files[0] == files[1] == result.records_read
        articles, _, _ = _counts(store)
        assert articles == sum(s.stored for s in result.sources)


def test_same_ingest_twice_adds_nothing(tmp_path):
    manifest = load_manifest(SAMPLE_MANIFEST)
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(manifest, store)
        before = _counts(store)
        again = ingest(manifest, store)
        assert _counts(store) == before
        assert all(s.skipped_files == s.files for s in again.sources)
        assert again.records_read == 0


def test_new_file_adds_only_its_articles_and_copies_are_duplicates(tmp_path, corpora):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpora / "detik_2021/public_detik.com/example.json", folder / "a.json")
    with Store.open(tmp_path / "s.duckdb") as store:
        first = ingest(_folder_manifest(folder), store)
        assert first.sources[0].stored == 3
        shutil.copy(corpora / "detik_2021/public_detik.com/2021-07-05_1-10.json", folder / "b.json")
        shutil.copy(folder / "a.json", folder / "c.json")  # same articles under another name
        second = ingest(_folder_manifest(folder), store)
        summary = second.sources[0]
        assert summary.skipped_files == 1
        assert summary.records_read == 19 + 3
        assert summary.stored == 19 and summary.duplicates == 3
        dupes = dict(store.connection.execute("SELECT source_ref, article_id FROM duplicates").fetchall())
        originals = dict(store.connection.execute("SELECT source_ref, article_id FROM articles").fetchall())
        assert dupes == {f"c.json#{n}": originals[f"a.json#{n}"] for n in (1, 2, 3)}


def test_interrupted_file_reread_counts_stored_not_duplicate(tmp_path, corpora):
    """A file whose batches were written but which was never marked complete (a crash) is read
    again; its records already in the store count as stored, and nothing is stored twice."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpora / "detik_2021/public_detik.com/example_2021-07-07_12-52-42_1-5.json", folder / "a.json")
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(_folder_manifest(folder), store, batch_size=7)
        store.connection.execute("DELETE FROM ingest_files")  # as if the run died before marking the file
        before = _counts(store)
        again = ingest(_folder_manifest(folder), store, batch_size=7).sources[0]
        assert _counts(store) == before
        assert again.records_read == 39 and again.stored + again.duplicates == 39
        assert (
            store.connection.execute("SELECT count(*) FROM duplicates WHERE source_ref LIKE 'a.json#%'").fetchone()[0]
            == again.duplicates
        )


def test_export_csv_and_jsonl(tmp_path):
    store_path = tmp_path / "s.duckdb"
    assert main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(store_path)]) == 0
    with Store.open(store_path) as store:
        store.connection.execute("UPDATE articles SET author = '=HYPERLINK(\"x\")' WHERE source_ref LIKE 'seed/%'")
        total = store.connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert main(["export", "articles", "--store", str(store_path), "--out", str(tmp_path / "a.csv")]) == 0
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == total and tuple(rows[0]) == COLUMNS
    seed = next(r for r in rows if r["source_ref"].startswith("seed/"))
    assert seed["published_at"] == "2021-07-12T05:02:00+00:00"
    assert seed["author"] == '\'=HYPERLINK("x")'
    assert json.loads(seed["tags"]) == []
    reuters = next(r for r in rows if r["source_ref"] == "reuters21578/reut2-000_first300.sgm#1")
    assert json.loads(reuters["tags"])[0] == "cocoa"
    assert main(["export", "articles", "--store", str(store_path), "--out", str(tmp_path / "a.jsonl")]) == 0
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == total
    assert json.loads(lines[0]).keys() == set(COLUMNS)


def test_info_reports_the_store(tmp_path, capsys):
    store_path = tmp_path / "s.duckdb"
    main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(store_path)])
    capsys.readouterr()
    assert main(["info", "--store", str(store_path), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["articles"] > 1500
    assert facts["languages"].keys() == {"id", "en"}
    assert facts["first_published"].startswith("1987-02-26")
    assert facts["ingest_runs"] == 1 and facts["ingest_runs_not_completed"] == 0
    assert main(["info", "--store", str(store_path), "--files", "--json"]) == 0
    kcna = next(f for f in json.loads(capsys.readouterr().out)["files"] if f["source"] == "kcna")
    # 287 distinct links; 57 more records repeat a stored story's text under another link (another section)
    assert (kcna["records_read"], kcna["stored"], kcna["duplicates"], kcna["quarantined"]) == (300, 230, 70, 0)
    assert main(["info", "--store", str(store_path), "--files"]) == 0
    shown = capsys.readouterr().out
    assert "ingest log" in shown and "│ kcna " in shown and "230" in shown


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    assert main(["info", "--store", str(tmp_path / "nope.duckdb")]) == 1
    assert "no store at" in capsys.readouterr().err
    with pytest.raises(StoreError, match="not a media-analytics store"):
        import duckdb

        duckdb.connect(str(tmp_path / "other.duckdb")).close()
        Store.open(tmp_path / "other.duckdb", read_only=True)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-2e-3", "-2e-3"),
        ("Reuters", "Reuters"),
    ],
)
def test_formula_cells_are_neutralised_and_numbers_are_not(cell, expected):
    from analytics.present.exports import neutralise

    assert neutralise(cell) == expected

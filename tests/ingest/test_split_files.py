"""Big files read in chunks by every worker (analytics.ingest.split): one process reading each
file whole and two workers (a local pool, Dask) reading them in many chunks store exactly the same.

The corpus is built from real records: indonews rows in one CSV (a quoted newline where a cut
would fall, blank and ragged rows at a cut, cp1252 lines, duplicates in later chunks, padding at
the end), the same rows as JSON Lines (a blank and a broken line at a cut) and as a JSON array
(a string and an object nested too deep at a cut), and a Reuters SGML file. The shared corpora's own files are split too: see
test_ingest_parallel, whose parallel runs use CHUNK_BYTES below."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import shutil

import pytest
from store_tables import TABLES, file_accounts, rows

from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import ingest, plan_inputs
from analytics.ingest.split import plan_chunks
from analytics.store.store import Store

# Small enough that the shared corpora's CSV and SGML files and the files below fall into many chunks.
CHUNK_BYTES = 64 * 1024
INDONEWS = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"
REUTERS = "reuters21578_subset/reut2-000.sgm"
BOM = "\ufeff".encode()
DUPLICATED_ROWS = 150  # the first rows, written again at the end of the file
CP1252_ROWS = (100, 1500)  # rows given a cp1252 quotation mark (bytes 0x93 0x94)
# At the first cut: a blank row the first chunk ends on, then more blank rows (one of blank
# cells) and a ragged row the next starts with; the JSON Lines file gets a blank and a broken line there.
CSV_AT_CUT = b"\n , \nragged row,with three,fields\n"
JSONL_AT_CUT = b"\n{broken\n"
JSON_AT_CUT = b' "not an object", ' + b'{"title": "deep", "body": ' + b"[" * 70 + b"]" * 70 + b"},"
RUNS = (("local", 2), ("dask", 2))
BATCHES_BEFORE_FAILURE = 5  # of the CSV file (a chunk of 64 KiB is one batch)
MANIFEST = """root = "."
[[source]]
name = "news_csv"
paths = ["news.csv"]
language = "id"
timezone = "Asia/Jakarta"
[[source]]
name = "news_jsonl"
paths = ["news.jsonl"]
language = "id"
timezone = "Asia/Jakarta"
[[source]]
name = "news_json"
paths = ["news.json"]
language = "id"
timezone = "Asia/Jakarta"
[[source]]
name = "reuters"
paths = ["reut2-000.sgm"]
format = "reuters_sgml"
language = "en"
"""


def _csv_bytes(header: list[str], records: list[list[str]]) -> list[bytes]:
    lines = []
    for row in [header, *records]:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow(row)
        lines.append(text.getvalue().encode())
    return lines


def _first_cut(path: pathlib.Path) -> int:
    chunks = _chunks(path)
    assert chunks is not None and len(chunks) > 5, f"{path.name} is not split into many chunks"
    return chunks[1].chunk.start  # type: ignore[union-attr]


def _chunks(path: pathlib.Path):
    item = plan_inputs(load_manifest(path.parent / "manifest.toml"))
    (found,) = [i for i in item if i.path.name == path.name]
    return plan_chunks(found, split_bytes=CHUNK_BYTES, chunk_bytes=CHUNK_BYTES)


def _insert_at_first_cut(path: pathlib.Path, inserted: bytes) -> None:
    data = path.read_bytes()
    cut = _first_cut(path)
    path.write_bytes(data[:cut] + inserted + data[cut:])


@pytest.fixture(scope="module")
def corpus(corpora, tmp_path_factory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("split")
    (folder / "manifest.toml").write_text(MANIFEST)
    header, *records = list(csv.reader(io.StringIO((corpora / INDONEWS).read_text(encoding="utf-8-sig"))))
    lines = _csv_bytes(header, records + records[:DUPLICATED_ROWS])
    for n in CP1252_ROWS:
        lines[n] = lines[n].replace(b" ", b" \x93kutip\x94 ", 1)
    # The row that crosses CHUNK_BYTES, where the first cut falls, gives way to a row of spaces that does.
    crossing = next(n for n in range(len(lines)) if len(BOM + b"".join(lines[: n + 1])) >= CHUNK_BYTES)
    blank = b" " * (CHUNK_BYTES - len(BOM + b"".join(lines[:crossing]))) + b"\n"
    lines[crossing:crossing] = [blank, CSV_AT_CUT]
    (folder / "news.csv").write_bytes(BOM + b"".join(lines) + b"\n\n")
    objects = [dict(zip(header, record, strict=True)) for record in records + records[:DUPLICATED_ROWS]]
    (folder / "news.jsonl").write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects))
    _insert_at_first_cut(folder / "news.jsonl", JSONL_AT_CUT)
    (folder / "news.json").write_text(json.dumps(objects, ensure_ascii=False, indent=1))
    _insert_at_first_cut(folder / "news.json", JSON_AT_CUT)
    shutil.copy(corpora / REUTERS, folder / "reut2-000.sgm")
    return folder


@pytest.fixture(scope="module")
def stores(corpus, tmp_path_factory):
    """The corpus ingested by one process (every file whole), and in chunks by two local workers and by Dask."""
    folder = tmp_path_factory.mktemp("split-stores")
    paths, results = {}, {}
    for engine, workers in (("local", 1), *RUNS):
        paths[engine, workers] = folder / f"{engine}{workers}.duckdb"
        with Store.open(paths[engine, workers]) as store:
            results[engine, workers] = ingest(
                load_manifest(corpus / "manifest.toml"),
                store,
                engine=engine,
                workers=workers,
                batch_size=500,
                split_bytes=CHUNK_BYTES,
                chunk_bytes=CHUNK_BYTES,
            )
    return paths, results


def test_the_cuts_fall_where_the_file_is_hard_to_cut(corpus):
    """The plain files are cut in many chunks, one at least past a newline inside a quoted field;
    the blank and ragged rows inserted at the first cut start the second chunk."""
    data = (corpus / "news.csv").read_bytes()
    chunks = [item.chunk for item in _chunks(corpus / "news.csv")]
    assert any(b"\n" in data[c.start + CHUNK_BYTES : c.end - 1] for c in chunks[:-1])
    assert data[chunks[1].start - 2 : chunks[1].start + len(CSV_AT_CUT)] == b" \n" + CSV_AT_CUT
    rows_before = list(csv.reader(io.StringIO(data[len(BOM) : chunks[1].start].decode(errors="replace"))))
    assert chunks[1].records_before == len(rows_before) - 1  # (the header is no record)
    for name in ("news.jsonl", "news.json", "reut2-000.sgm"):
        assert len(_chunks(corpus / name)) > 5


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{w}" for e, w in RUNS])
@pytest.mark.parametrize("table", TABLES)
def test_chunks_store_what_one_reader_of_each_file_stores(stores, table, run):
    paths, _ = stores
    whole = rows(paths["local", 1], table, TABLES[table])
    assert whole, f"{table} is empty: the comparison would prove nothing"
    assert rows(paths[run], table, TABLES[table]) == whole


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{w}" for e, w in RUNS])
def test_file_accounts_notes_and_summaries_are_the_same(stores, run):
    paths, results = stores
    accounts = file_accounts(paths["local", 1])
    assert file_accounts(paths[run]) == accounts
    notes = {account[0]: account[-1] for account in accounts}
    assert "2 line(s) were not UTF-8 and were decoded as cp1252" in notes["news.csv"]
    assert "3 empty row(s) skipped (each keeps its record number)" in notes["news.csv"]
    assert results[run].sources == results["local", 1].sources
    assert results[run].quarantine == results["local", 1].quarantine


def test_ragged_and_broken_records_keep_their_numbers(stores):
    """The records inserted at the first cut are quarantined under the numbers one reader gives them."""
    paths, _ = stores
    quarantined = dict((ref, reason) for ref, reason, *_ in rows(paths["local", 2], "quarantine", TABLES["quarantine"]))
    ragged = [ref for ref, reason in quarantined.items() if "row has 3 fields, header has 6" in reason]
    broken = [ref for ref, reason in quarantined.items() if "invalid JSON" in reason]
    not_objects = [ref for ref, reason in quarantined.items() if reason.endswith("is a string, not an object")]
    too_deep = [ref for ref, reason in quarantined.items() if "is nested 71 levels deep" in reason]
    assert len(ragged) == 1 and ragged[0].startswith("news.csv#")
    assert len(broken) == 1 and broken[0].startswith("news.jsonl#")
    assert len(not_objects) == len(too_deep) == 1 and not_objects[0].startswith("news.json#")
    assert rows(paths["local", 2], "quarantine", TABLES["quarantine"]) == rows(
        paths["local", 1], "quarantine", TABLES["quarantine"]
    )


class _WriteFailed(Exception):
    pass


def test_an_ingest_that_fails_within_a_split_file_reruns_to_the_same_store(corpus, stores, tmp_path, monkeypatch):
    """Writing fails after some chunks of the first file are stored: the file is not marked done,
    and the next run reads it again whole and ends with the store of an uninterrupted run."""
    paths, _ = stores
    store_path = tmp_path / "rerun.duckdb"
    write_tables = Store.write_tables
    written = []

    def failing(self, *args, **kwargs):
        if len(written) == BATCHES_BEFORE_FAILURE:
            raise _WriteFailed
        written.append(1)
        return write_tables(self, *args, **kwargs)

    def run() -> None:
        with Store.open(store_path) as store:
            ingest(
                load_manifest(corpus / "manifest.toml"),
                store,
                workers=2,
                batch_size=500,
                split_bytes=CHUNK_BYTES,
                chunk_bytes=CHUNK_BYTES,
            )

    with monkeypatch.context() as patched:
        patched.setattr(Store, "write_tables", failing)
        with pytest.raises(_WriteFailed):
            run()
    assert not file_accounts(store_path) and rows(store_path, "articles", TABLES["articles"])
    run()
    for table, without in TABLES.items():
        assert rows(store_path, table, without) == rows(paths["local", 1], table, without), table
    assert file_accounts(store_path) == file_accounts(paths["local", 1])

"""A record that repeats an earlier record of its file (its URL, text and outlet) is not
attributed or given keywords at ingest: the store drops them (analytics.store.stories keeps
what the record that shows a story derived). The store must be the same as when every record
is derived in full, whichever batch the two records fall in, and when the earlier record had
no text or another text."""

from __future__ import annotations

import csv
import dataclasses
import pathlib

import pytest
from repo_paths import REPO
from store_tables import TABLES, rows

from analytics.enrich import derive
from analytics.ingest import extract
from analytics.ingest.manifest import Manifest, load_manifest
from analytics.ingest.pipeline import ingest
from analytics.store.store import Store

MANIFEST = REPO / "data/manifests/shared_corpora.toml"
INDONEWS_FILE = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"
FIRST = 120  # records read once...
REPEATED = 60  # ...then the first of them again: as read, with the text emptied, with another text
LATE = 20  # records read first with the text emptied, then as read
BATCH_SIZE = 97  # a repeat falls in the batch of its original, the next one or a later one


def _repeated_file(corpora: pathlib.Path, folder: pathlib.Path) -> pathlib.Path:
    with (corpora / INDONEWS_FILE).open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = list(reader.fieldnames or ())
        records = [row for _, row in zip(range(FIRST + LATE), reader, strict=False)]
    records, late = records[:FIRST], records[FIRST:]
    body = next(c for c in columns if c in ("isi_berita", "body", "content"))
    emptied = [{**r, body: ""} for r in records[:REPEATED:3]]
    rewritten = [{**r, body: r[body] + " Pembaruan: berita ini diperbarui."} for r in records[1:REPEATED:3]]
    path = folder / "repeated.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        writer.writerows(records + emptied + records[:REPEATED] + rewritten + records[REPEATED - 10 : REPEATED])
        writer.writerows([{**r, body: ""} for r in late] + late)
    return path


@pytest.fixture(scope="module")
def stores(corpora, tmp_path_factory) -> dict[str, pathlib.Path]:
    """The file ingested as ingest does it ('skipping', counting the records taken for mere
    duplicates) and with every record derived in full ('full')."""
    folder = tmp_path_factory.mktemp("repeated")
    _repeated_file(corpora, folder)
    indonews = next(s for s in load_manifest(MANIFEST).sources if s.name == "indonews_rss_2025")
    manifest = Manifest(None, folder, (dataclasses.replace(indonews, paths=("repeated.csv",)),))
    paths = {name: folder / f"{name}.duckdb" for name in ("skipping", "full")}
    joined = []
    with Store.open(paths["skipping"]) as store, pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "derive_joining", lambda a, **kw: joined.append(a) or derive.derive_joining(a, **kw))
        ingest(manifest, store, workers=1, batch_size=BATCH_SIZE)
    assert len(joined) >= REPEATED  # most repeats were taken for mere duplicates
    with Store.open(paths["full"]) as store, pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "_shown_key", lambda article: None)
        ingest(manifest, store, workers=1, batch_size=BATCH_SIZE)
    return paths


@pytest.mark.parametrize("table", TABLES)
def test_the_store_is_that_of_deriving_every_record(stores, table):
    full = rows(stores["full"], table, TABLES[table])
    assert full or table == "quarantine"
    assert rows(stores["skipping"], table, TABLES[table]) == full

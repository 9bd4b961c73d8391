"""Every shared corpus ingests through the shipped manifest with the counts its PROVENANCE.md gives."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from provenance_counts import FILE_RECORDS
from repo_paths import REPO

from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import ingest
from analytics.store.store import Store
from analytics.store.stories import OF_FILE

MANIFEST = REPO / "data/manifests/shared_corpora.toml"

# Unique articles per source (PROVENANCE.md: deduplicated by link/url, or by (timestamp, headline)).
PROVENANCE_UNIQUE = {
    "kcna": 2_078,
    "detik_2021": 657,
    "indonews_rss_2025": 7_592,
    "zh_trilateral_news": 381,  # every record has its own link, a republished story too
    "reuters21578": None,
}
HEADLINE_UNIQUE = {"xinhuanet": 11_651, "cgtn": 13_816, "globaltimes": 5_960, "chinadaily": 4_572, "bbc": 3_615}


@pytest.fixture(scope="module")
def ingested(corpora, tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("corpora") / "store.duckdb")
    result = ingest(load_manifest(MANIFEST), store)
    yield store, {s.name: s for s in result.sources}
    store.close()


def test_file_record_counts_match_provenance(ingested):
    store, _ = ingested
    read = dict(store.connection.execute("SELECT file_ref, records_read FROM ingest_files").fetchall())
    assert {ref: read.get(ref) for ref in FILE_RECORDS} == FILE_RECORDS
    sgm = {ref: n for ref, n in read.items() if ref.endswith(".sgm")}
    assert len(sgm) == 14 and set(sgm.values()) == {1_000}
    html = [ref for ref in read if ref.endswith(".html")]
    assert len(html) == 26 and all(read[ref] == 1 for ref in html)
    assert read["seed/000_7b6cb561483c8af7.txt"] == 1


def test_accounting_adds_up_for_every_file_and_source(ingested):
    store, sources = ingested
    unbalanced = store.connection.execute(
        "SELECT file_ref FROM ingest_files WHERE records_read != stored + duplicates + quarantined"
    ).fetchall()
    assert unbalanced == []
    for s in sources.values():
        assert s.records_read == s.stored + s.duplicates + s.quarantined, s.name
    con = store.connection
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == sum(s.stored for s in sources.values())
    assert con.execute("SELECT count(*) FROM duplicates").fetchone()[0] == sum(s.duplicates for s in sources.values())
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == sum(s.quarantined for s in sources.values())


def test_ingest_log_accounts_for_every_file(ingested):
    """The log `info --files` shows: each file once, PROVENANCE.md's record counts, and
    read = stored + duplicates + quarantined adding up to the store's own tables."""
    store, _ = ingested
    log = {entry["file_ref"]: entry for entry in store.ingest_log()}
    assert {ref: log[ref]["records_read"] for ref in FILE_RECORDS} == FILE_RECORDS
    assert all(e["records_read"] == e["stored"] + e["duplicates"] + e["quarantined"] for e in log.values())
    con = store.connection
    for column, table in (("stored", "articles"), ("duplicates", "duplicates"), ("quarantined", "quarantine")):
        assert sum(e[column] for e in log.values()) == con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_unique_articles_match_provenance(ingested):
    """Every unique link PROVENANCE.md counts is an article's id, or the id a duplicate carried
    when it joined an article of the same text (one story counted once)."""
    store, sources = ingested
    for name, unique in PROVENANCE_UNIQUE.items():
        if unique is not None:
            ids = store.one(
                f"""
                WITH files AS (SELECT file_ref FROM ingest_files WHERE source = ?),
                ids AS (
                    SELECT article_id AS id, source_ref FROM articles
                    UNION ALL SELECT record_article_id, source_ref FROM duplicates
                )
                SELECT count(DISTINCT id) FROM ids JOIN files
                ON {OF_FILE.format(ref="ids.source_ref", file="files.file_ref")}
                """,
                [name],
            )[0]
            assert ids == unique, name
            assert sources[name].stored <= unique, name
    assert sources["kcna"].stored == 1_277  # 2,078 links; a story listed under several sections is one article
    assert sources["reuters21578"].records_read == 14_000
    assert sources["seed"].stored == 1 and sources["ag_news_test"].records_read == 7_600


def _headline_rows(corpora, name):
    """(timestamp, headline) rows of one snapshot zip, read with the csv module (PROVENANCE.md's recipe)."""
    with zipfile.ZipFile(corpora / f"china_media_headlines_2022/{name}.zip") as archive:
        for member in archive.namelist():
            if member.endswith(".csv"):
                yield from csv.reader(io.TextIOWrapper(archive.open(member), encoding="utf-8-sig"))


def test_headline_snapshots_dedupe_on_timestamp_and_headline(ingested, corpora):
    """Rows with an empty headline are quarantined (no title, no body); the rest are stored once per
    (timestamp, headline), headlines that differ only in white space being the same headline."""
    _, sources = ingested
    for name, unique in HEADLINE_UNIQUE.items():
        rows = [(ts, headline) for ts, headline in _headline_rows(corpora, name)]
        assert len(set(rows)) == unique, name  # the oracle reads what PROVENANCE.md counted
        empty = [row for row in rows if not row[1].strip()]
        distinct = {(ts.strip(), " ".join(headline.split())) for ts, headline in rows if headline.strip()}
        assert sources[name].quarantined == len(empty), name
        assert sources[name].stored == len(distinct), name


@pytest.mark.parametrize("gold", ["gold_dev.jsonl", "gold_dev_multilingual.jsonl"])
def test_gold_refs_are_stored_or_recorded_as_duplicates(ingested, corpora, gold):
    store, _ = ingested
    refs = [json.loads(line)["ref"] for line in (corpora / gold).read_text().splitlines()]
    known = {
        r
        for (r,) in store.connection.execute(
            "SELECT source_ref FROM articles UNION ALL SELECT source_ref FROM duplicates"
        ).fetchall()
    }
    assert [r for r in refs if r not in known] == []


def test_seed_article_in_the_store(ingested):
    store, _ = ingested
    row = store.connection.execute(
        "SELECT title, outlet, published_at, editor, source_line, tags, body FROM articles WHERE source_ref = 'seed/000_7b6cb561483c8af7.txt'"
    ).fetchone()
    title, outlet, published_at, editor, source_line, tags, body = row
    assert title == "Korea Utara dan China Isyaratkan akan Perkuat Hubungan Bilateral"
    assert outlet == "Sragen Update"
    assert published_at.isoformat() == "2021-07-12T05:02:00+00:00"
    assert (editor, source_line, tags) == ("Yesa Novianti Putri Ashari", "Associated Press", [])
    assert "Baca Juga" not in body

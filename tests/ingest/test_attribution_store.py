"""Attribution in the store: computed at ingest, recomputed by `attribute`, scored by `evaluate`."""

from __future__ import annotations

import json
import pathlib

import pytest
from repo_paths import REPO

from analytics.cli import main
from analytics.store.store import Store

SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"
SEED = "seed/000_7b6cb561483c8af7.txt"
SEED_SPEC = {("ap", "source"), ("reuters", "photo"), ("kcna", "cited"), ("xinhua", "cited")}


@pytest.fixture
def sample_store(tmp_path) -> pathlib.Path:
    path = tmp_path / "s.duckdb"
    assert main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(path)]) == 0
    return path


def _stored(path: pathlib.Path, ref: str) -> set[tuple[str, str]]:
    with Store.open(path, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT agency, role FROM attributions JOIN articles USING (article_id) WHERE source_ref = ?", [ref]
        ).fetchall()
    return set(rows)


def test_ingest_stores_the_seed_attributions_and_credit_summary(sample_store):
    assert _stored(sample_store, SEED) == SEED_SPEC
    with Store.open(sample_store, read_only=True) as store:
        wire, primary = store.connection.execute(
            "SELECT wire_copy, primary_agency FROM article_credits JOIN articles USING (article_id) WHERE source_ref = ?",
            [SEED],
        ).fetchone()
        evidence = store.connection.execute(
            "SELECT attributions.section, evidence FROM attributions JOIN articles USING (article_id) "
            "WHERE source_ref = ? AND agency = 'ap'",
            [SEED],
        ).fetchone()
    assert (wire, primary) == (True, "ap")
    assert evidence[0] == "source_line" and "Associated Press" in evidence[1]


def test_every_stored_article_has_a_credit_row(sample_store):
    with Store.open(sample_store, read_only=True) as store:
        missing = store.connection.execute(
            "SELECT count(*) FROM articles LEFT JOIN article_credits USING (article_id) WHERE article_credits.article_id IS NULL"
        ).fetchone()[0]
        orphans = store.connection.execute(
            "SELECT count(*) FROM attributions LEFT JOIN articles USING (article_id) WHERE articles.article_id IS NULL"
        ).fetchone()[0]
    assert (missing, orphans) == (0, 0)


def test_duplicate_records_do_not_add_attributions(tmp_path, corpora):
    """KCNA #25 (empty text) and #27 (its full text) share a link: #25 is stored, #27 is a duplicate,
    and the text of #27 must not lend its dateline to the stored article."""
    path = tmp_path / "k.duckdb"
    manifest = tmp_path / "m.toml"
    manifest.write_text(
        f'root = "{corpora}"\n[[source]]\nname = "kcna"\npaths = ["kcna_stiles_archive/*.json"]\noutlet = "KCNA"\n'
    )
    assert main(["ingest", "--manifest", str(manifest), "--store", str(path)]) == 0
    assert _stored(path, "kcna_stiles_archive/headlines_2024-11-11.json#25") == set()
    assert ("kcna", "dateline") in _stored(path, "kcna_stiles_archive/headlines_2024-11-11.json#1")


def test_attribute_recomputes_with_a_user_registry(sample_store, tmp_path):
    user = tmp_path / "agencies.toml"
    user.write_text("[agency.reuters]\nenabled = false\n", encoding="utf-8")
    with Store.open(sample_store, read_only=True) as store:
        before = store.connection.execute("SELECT count(*) FROM attributions WHERE agency = 'reuters'").fetchone()[0]
    assert before > 250  # the Reuters-21578 slice carries the `Reuter` sign-off
    assert main(["attribute", "--store", str(sample_store), "--agencies", str(user)]) == 0
    assert _stored(sample_store, SEED) == SEED_SPEC - {("reuters", "photo")}
    with Store.open(sample_store, read_only=True) as store:
        assert store.connection.execute("SELECT count(*) FROM attributions WHERE agency = 'reuters'").fetchone()[0] == 0
        files = json.loads(
            store.connection.execute("SELECT value FROM meta WHERE key = 'registry_files'").fetchone()[0]
        )
    assert files[-1] == str(user)
    assert main(["attribute", "--store", str(sample_store)]) == 0
    assert _stored(sample_store, SEED) == SEED_SPEC


def test_malformed_registry_is_a_clear_error(sample_store, tmp_path, capsys):
    bad = tmp_path / "agencies.toml"
    bad.write_text('[agency.newsy]\nname = "Newsy"\nkind = "tabloid"\naliases = [{text = "Newsy"}]\n', encoding="utf-8")
    assert main(["attribute", "--store", str(sample_store), "--agencies", str(bad)]) == 1
    message = capsys.readouterr().err
    assert "agencies.toml, line 3" in message and "tabloid" in message and "Traceback" not in message


def test_evaluate_from_corpora_and_from_store_agree(corpora, tmp_path, capsys):
    gold = corpora / "gold_dev.jsonl"
    assert main(["evaluate", "--gold", str(gold), "--corpora", str(corpora), "--json"]) == 0
    fresh = json.loads(capsys.readouterr().out)
    assert fresh["articles"] == 178 and fresh["missing"] == []
    assert fresh["triples"]["tp"] + fresh["triples"]["fn"] == sum(
        len(json.loads(line)["attributions"]) for line in gold.read_text().splitlines()
    )
    store = tmp_path / "all.duckdb"
    assert main(["ingest", "--manifest", str(REPO / "data/manifests/shared_corpora.toml"), "--store", str(store)]) == 0
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(gold), "--store", str(store), "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    # The store scores the article each ref was stored as; a ref that duplicated an earlier
    # record is scored by that record's text, which is the only difference allowed.
    differing = {e["ref"] for e in stored["errors"]} ^ {e["ref"] for e in fresh["errors"]}
    assert differing <= {"kcna_stiles_archive/headlines_2024-11-11.json#25"}
    assert stored["missing"] == []


def test_evaluate_table_lists_errors(corpora, tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    seed_line = next(
        line for line in (corpora / "gold_dev.jsonl").read_text().splitlines() if line.startswith('{"ref": "seed/')
    )
    record = json.loads(seed_line)
    record["attributions"].append({"agency": "afp", "role": "cited", "evidence": "invented for the test"})
    gold.write_text(json.dumps(record) + "\n")
    assert main(["evaluate", "--gold", str(gold), "--corpora", str(corpora)]) == 0
    out = capsys.readouterr().out
    assert "FN seed/000_7b6cb561483c8af7.txt afp/cited: invented for the test" in out
    assert "triples" in out and "0.800" in out  # 4 of 5 gold triples found, none wrong


def test_analyses_name_agencies_from_the_registry_the_store_used(sample_store, tmp_path):
    """After `attribute --agencies FILE`, the analyses know the user's agency without being told."""
    from analytics import queries

    user = tmp_path / "agencies.toml"
    user.write_text(
        '[agency.tsn]\nname = "The Sports Network"\nkind = "wire"\ncountry = "CA"\n'
        'aliases = [{text = "The Sports Network", lang = "en"}, {text = "Sports Network", lang = "en"}]\n',
        encoding="utf-8",
    )
    assert main(["attribute", "--store", str(sample_store), "--agencies", str(user)]) == 0
    with Store.open(sample_store, read_only=True) as store:
        frame = queries.attribution_by_agency(store)
    row = frame[frame.agency == "tsn"].iloc[0]
    assert (row.agency_name, row.agency_kind) == ("The Sports Network", "wire")
    assert row["count"] > 0

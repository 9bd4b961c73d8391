"""Reuse rounds over a store (analytics.ingest.reuse): ingest runs one, a second finds nothing new,
an article added later is checked against those before it, a round that did not finish is done
again by the next, and the stories follow the threshold. On three days of Indonesian news of six
outlets (indonews_rss_2025/dataset_new), whose Tribun and Okezone copies are real reuse."""

from __future__ import annotations

import json
import shutil

import pytest
from repo_paths import SHARED_CORPORA

from analytics.cli import main
from analytics.ingest import reuse
from analytics.store import reuse as tables
from analytics.store.store import Store

DAYS = ("2025-06-18", "2025-06-19", "2025-06-20")
MANIFEST = """root = "{root}"
[[source]]
name = "indonews"
paths = [{paths}]
language = "id"
timezone = "Asia/Jakarta"
"""


def _manifest(folder, days) -> str:
    paths = ", ".join(f'"indonews_rss_2025/dataset_new/scrapping_news_{day}.csv"' for day in days)
    path = folder / f"{len(days)}.toml"
    path.write_text(MANIFEST.format(root=SHARED_CORPORA, paths=paths))
    return str(path)


def _emptied_copy(path, folder):
    """A copy of the store at `path` with its reuse tables emptied."""
    copy = folder / "store.duckdb"
    shutil.copy(path, copy)
    with Store.open(copy) as store:
        for table in tables.TABLES:
            store.connection.execute(f"DELETE FROM {table}")
    return copy


def _pairs(path) -> dict[tuple[str, str], tuple[float, float, str]]:
    with Store.open(path, read_only=True) as store:
        rows = store.connection.execute("SELECT * FROM reuse_pairs").fetchall()
    return {(a, b): (ca, cb, passages) for a, b, ca, cb, passages in rows}


@pytest.fixture(scope="module")
def ingested(corpora, tmp_path_factory):
    """The three days ingested at once (the CLI, so with its reuse round)."""
    folder = tmp_path_factory.mktemp("reuse")
    path = folder / "store.duckdb"
    assert main(["ingest", "--manifest", _manifest(folder, DAYS), "--store", str(path), "--workers", "1"]) == 0
    return folder, path


def test_ingest_leaves_pairs_with_passages_inside_both_bodies(ingested):
    _, path = ingested
    pairs = _pairs(path)
    assert len(pairs) > 100
    with Store.open(path, read_only=True) as store:
        lengths = dict(store.connection.execute("SELECT article_id, length(body) FROM articles").fetchall())
        unsketched = store.one(
            "SELECT count(*) FROM articles a ANTI JOIN reuse_sketched s USING (article_id) "
            "WHERE a.text_fingerprint IS NOT NULL"
        )[0]
    assert unsketched == 0
    for (a, b), (ca, cb, passages) in pairs.items():
        assert a < b and 0 < ca <= 1 and 0 < cb <= 1
        for a_start, a_end, b_start, b_end in json.loads(passages):
            assert 0 <= a_start < a_end <= lengths[a] and 0 <= b_start < b_end <= lengths[b]


def test_a_second_round_finds_nothing_new(ingested, tmp_path):
    _, path = ingested
    copy = tmp_path / "store.duckdb"
    shutil.copy(path, copy)
    with Store.open(copy) as store:
        again = reuse.update_reuse(store, threshold=0.5)
    assert (again.sketched, again.candidates, again.pairs) == (0, 0, 0)
    assert _pairs(copy) == _pairs(path)


def test_articles_added_later_are_checked_against_those_before(ingested, tmp_path):
    folder, path = ingested
    store_path = tmp_path / "store.duckdb"
    for days in (DAYS[:2], DAYS):
        assert (
            main(["ingest", "--manifest", _manifest(folder, days), "--store", str(store_path), "--workers", "1"]) == 0
        )
    with Store.open(store_path, read_only=True) as store:
        day_of = dict(
            store.connection.execute(
                "SELECT article_id, regexp_extract(source_ref, 'scrapping_news_([0-9-]+)', 1) FROM articles"
            ).fetchall()
        )
    later = {pair for pair in _pairs(store_path) if {day_of[pair[0]], day_of[pair[1]]} == {DAYS[1], DAYS[2]}}
    assert later  # pairs between the second run's articles and the first run's


def test_a_round_that_did_not_finish_is_done_again(ingested, tmp_path, monkeypatch):
    _, path = ingested
    store_path = _emptied_copy(path, tmp_path)
    monkeypatch.setattr(reuse, "PAIR_CHUNK", 50)

    def stop_after_two_chunks(stage, done, total):
        if stage == "checked" and done >= 100:
            raise KeyboardInterrupt

    with Store.open(store_path) as store, pytest.raises(KeyboardInterrupt):
        reuse.update_reuse(store, threshold=0.5, on_progress=stop_after_two_chunks)
    with Store.open(store_path) as store:
        reuse.update_reuse(store, threshold=0.5)
    assert _pairs(store_path) == _pairs(path)


def test_stories_follow_the_threshold(ingested, tmp_path):
    _, path = ingested
    store_path = tmp_path / "store.duckdb"
    shutil.copy(path, store_path)
    members = {}
    for threshold in (0.5, 0.9):
        with Store.open(store_path) as store:
            reuse.update_reuse(store, threshold=threshold)
            members[threshold] = dict(store.connection.execute("SELECT * FROM reuse_stories").fetchall())
            linked = tables.linked_pairs(store, threshold)
        assert {a for pair in linked for a in pair} == set(members[threshold])
        for a, b in linked:
            assert members[threshold][a] == members[threshold][b]
    assert set(members[0.9]) < set(members[0.5])


def test_the_reuse_command_says_what_it_did_and_refuses_a_threshold_past_one(ingested, tmp_path, capsys):
    _, path = ingested
    store_path = tmp_path / "store.duckdb"
    shutil.copy(path, store_path)
    assert main(["reuse", "--store", str(store_path), "--reuse-threshold", "0.8"]) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "sketched 0 articles, checked 0 candidate pairs" in said
    with Store.open(store_path, read_only=True) as store:
        assert store.meta(tables.STORY_THRESHOLD_META) == "0.8"
    assert main(["reuse", "--store", str(store_path), "--reuse-threshold", "1.5"]) != 0
    assert "reuse_threshold must be a share above 0 and at most 1, not 1.5" in capsys.readouterr().err


def test_worker_processes_find_what_one_process_finds(ingested, tmp_path, monkeypatch):
    _, path = ingested
    store_path = _emptied_copy(path, tmp_path)
    monkeypatch.setattr(reuse, "PARALLEL_MIN_ARTICLES", 0)  # this small round on worker processes too
    monkeypatch.setattr(reuse, "PAIR_CHUNK", 200)
    with Store.open(store_path) as store:
        reuse.update_reuse(store, threshold=0.5, workers=2)
    assert _pairs(store_path) == _pairs(path)


@pytest.mark.parametrize("share", [1.0, 0.3])
def test_both_candidate_plans_propose_the_same_pairs(ingested, tmp_path, monkeypatch, share):
    # a round of every sketched article, and of some: grouping every band, and only the round's buckets
    _, path = ingested
    copy = tmp_path / "store.duckdb"
    shutil.copy(path, copy)
    with Store.open(copy) as store:
        store.connection.execute(
            f"CREATE TABLE {tables.ROUND_TABLE} AS SELECT article_id FROM reuse_sketched "
            f"WHERE hash(article_id) % 1000 < {share * 1000}"
        )
        planned = {}
        for plan, whole_store_share in (("every band", 0.0), ("the round's buckets", 2.0)):
            monkeypatch.setattr(tables, "WHOLE_STORE_SHARE", whole_store_share)
            planned[plan] = tables.candidate_pairs(store)
    assert planned["every band"].num_rows > 100
    assert planned["every band"].equals(planned["the round's buckets"])


# Labelled by reading (tests/fixtures/reuse_pairs.jsonl): Okezone's short form of a press statement that detik runs
# at length, and a two-sentence Tempo teaser one of whose sentences detik carries.
SHORT_IN_LONG = (
    (
        "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#179",
        "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#1669",
    ),
    (
        "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#483",
        "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#1618",
    ),
)


def test_sampled_shingles_propose_short_copies_inside_long_texts(ingested, tmp_path, monkeypatch):
    _, path = ingested
    copy = tmp_path / "store.duckdb"
    shutil.copy(path, copy)
    with Store.open(copy) as store:
        ids = dict(store.connection.execute("SELECT source_ref, article_id FROM articles").fetchall())
        store.connection.execute(f"CREATE TABLE {tables.ROUND_TABLE} AS SELECT article_id FROM reuse_sketched")
        proposed = {}
        for channels, samples_shared in (("bands", 10**6), ("bands and samples", tables.SAMPLES_SHARED)):
            monkeypatch.setattr(tables, "SAMPLES_SHARED", samples_shared)
            found = tables.candidate_pairs(store)
            proposed[channels] = set(
                zip(found["article_id_a"].to_pylist(), found["article_id_b"].to_pylist(), strict=True)
            )
        labelled = {tuple(sorted((ids[a], ids[b]))) for a, b in SHORT_IN_LONG}
        shares = [
            store.first(
                "SELECT greatest(containment_a, containment_b) FROM reuse_pairs WHERE article_id_a = ? AND article_id_b = ?",
                list(pair),
            )
            for pair in sorted(labelled)
        ]
    assert labelled.isdisjoint(proposed["bands"])
    assert labelled <= proposed["bands and samples"]
    assert proposed["bands"] < proposed["bands and samples"]
    assert [share is not None and share[0] >= 0.5 for share in shares] == [True, True]  # the ingest's round found both


BODY_CREDITS = (
    'SELECT article_id, list([start, "end"] ORDER BY start, "end") AS spans FROM attributions '
    "WHERE section = 'body' AND role IN ('source', 'dateline', 'photo') GROUP BY article_id"
)
STORY_MEMBERS = (
    "SELECT r.article_id, r.origin_id, a.published_at, coalesce(a.outlet_kind = 'agency', FALSE) "
    "OR coalesce(c.wire_copy, FALSE) AS agency_story FROM reuse_stories r JOIN articles a USING (article_id) "
    "LEFT JOIN article_credits c USING (article_id)"
)


def test_attribute_sketches_again_the_articles_whose_credit_lines_changed(ingested, tmp_path, capsys):
    _, path = ingested
    copy = tmp_path / "store.duckdb"
    shutil.copy(path, copy)
    with Store.open(copy, read_only=True) as store:
        before = dict(store.connection.execute(BODY_CREDITS).fetchall())
        agency = store.one(
            "SELECT agency FROM attributions WHERE section = 'body' AND role IN ('source', 'dateline') "
            "GROUP BY agency ORDER BY count(*) DESC, agency LIMIT 1"
        )[0]
    registry = tmp_path / "agencies.toml"
    registry.write_text(f"[agency.{agency}]\nenabled = false\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["attribute", "--agencies", str(registry), "--store", str(copy)]) == 0
    with Store.open(copy, read_only=True) as store:
        after = dict(store.connection.execute(BODY_CREDITS).fetchall())
        members = store.connection.execute(STORY_MEMBERS).df()
    changed = {a for a in before.keys() | after.keys() if before.get(a) != after.get(a)}
    assert changed  # the agency's credit lines are no longer left out of those articles' texts
    said = " ".join(capsys.readouterr().err.split())
    assert f"reuse: sketched {len(changed):,} articles" in said
    # every story's origin chosen again under the new credits: its agency story first, then the earliest
    ordered = members.sort_values(["agency_story", "published_at", "article_id"], ascending=[False, True, True])
    expected = ordered.groupby("origin_id", sort=False)["article_id"].first()
    assert (expected.index == expected.to_numpy()).all()
    with Store.open(copy) as store:
        assert reuse.update_reuse(store, threshold=0.5).sketched == 0  # nothing left to sketch

"""Ingest gives every article its canonical outlet (issue 13), on real records of the shared corpora:
the KCNA archive, kompas.com's sub-sites in indonews, detik's travel sub-site, AG News lines read as
outlet names; one story per text within a canonical outlet; the same store with one or two workers;
`reoutlet` and `outlets` after a user's outlet file changes an outlet."""

from __future__ import annotations

import csv
import dataclasses
import json
import pathlib

from repo_paths import REPO
from store_tables import rows

from analytics.cli import main
from analytics.enrich.outlets import load_outlets
from analytics.ingest.manifest import Manifest, load_manifest
from analytics.ingest.pipeline import ingest
from analytics.store.store import OUTLETS_META, Store

MANIFEST = REPO / "data/manifests/shared_corpora.toml"
OUTLET_COLUMNS = "outlet, outlet_id, outlet_name, outlet_kind, channel, outlet_method, outlet_issue"
INDONEWS_FILE = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"
MEGAPOLITAN_RECORD = 182  # kompas.com's "1 RT di Jakbar Masih Terendam Banjir", at megapolitan.kompas.com
INDONEWS_RECORDS = (0, 1, MEGAPOLITAN_RECORD)  # two liputan6.com records and the kompas one
KOMPAS_FILE = "indonews_rss_2025/old_dataset/berita_kompas.csv"  # its first record: nasional.kompas.com
# The first three lines (the reader's sample of the file: two name no outlet, one SPACE.com), then
# an Ars Technica link's markup and a sentence, read as dateline outlets.
AG_NEWS_LINES = (1, 2, 3, 2346, 6470)
KCNA_FILE = "kcna_stiles_archive/headlines_2024-11-11.json"
KCNA_FIVE_LISTINGS = (212, 213, 215, 223, 226)  # one KCNA Commentary listed under five sections
DETIK_FILE = "detik_2021/history/2021-06-20_1-1000.json"
MEGAPOLITAN_FILE = (
    '[outlet.kompas_megapolitan]\nname = "Kompas Megapolitan"\nkind = "online"\nhosts = ["megapolitan.kompas.com"]\n'
)


def _manifest(source: str, folder: pathlib.Path, *paths: str) -> Manifest:
    """The shipped manifest's `source`, reading `paths` under `folder`."""
    spec = next(s for s in load_manifest(MANIFEST).sources if s.name == source)
    return Manifest(None, folder, (dataclasses.replace(spec, paths=paths),))


def _csv_records(path: pathlib.Path) -> tuple[list[str], list[dict]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: pathlib.Path, names: list[str], records: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, names)
        writer.writeheader()
        writer.writerows(records)


def _indonews(corpora: pathlib.Path, folder: pathlib.Path) -> Manifest:
    """Two files of real indonews records: three of dataset_new (two liputan6.com, one kompas.com
    record at megapolitan.kompas.com), and the first of berita_kompas.csv (nasional.kompas.com)."""
    names, records = _csv_records(corpora / INDONEWS_FILE)
    _write_csv(folder / "new.csv", names, [records[i] for i in INDONEWS_RECORDS])
    names, records = _csv_records(corpora / KOMPAS_FILE)
    _write_csv(folder / "berita_kompas.csv", names, records[:1])
    return _manifest("indonews_rss_2025", folder, "new.csv", "berita_kompas.csv")


def _outlets(store: Store, where: str = "TRUE") -> list[tuple]:
    return store.connection.execute(f"SELECT {OUTLET_COLUMNS} FROM articles WHERE {where} ORDER BY ALL").fetchall()


def test_kompas_sub_sites_are_one_outlet_with_their_channel(corpora, tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(_indonews(corpora, tmp_path), store)
        assert _outlets(store, "outlet_id <> 'liputan6'") == [
            ("kompas.com", "kompas", "Kompas", "online", "megapolitan", "host", None),
            ("nasional.kompas.com", "kompas", "Kompas", "online", "nasional", "host", None),
        ]
        assert store.one("SELECT count(*) FROM articles WHERE outlet_id = 'liputan6' AND outlet = 'liputan6.com'") == (
            2,
        )


def test_the_same_text_at_two_sub_sites_of_one_outlet_is_one_story(corpora, tmp_path):
    # The kompas record read again as megapolitan.kompas.com at another URL: one outlet, one story
    # (stored by raw outlet name, as before issue 13, they were two articles).
    names, records = _csv_records(corpora / INDONEWS_FILE)
    record = records[MEGAPOLITAN_RECORD]
    again = record | {"sumber": "megapolitan.kompas.com", "url": record["url"].split("?")[0] + "?page=all"}
    _write_csv(tmp_path / "k.csv", names, [record, again])
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = ingest(_manifest("indonews_rss_2025", tmp_path, "k.csv"), store).sources[0]
        assert (summary.stored, summary.duplicates) == (1, 1)
        assert _outlets(store) == [("kompas.com", "kompas", "Kompas", "online", "megapolitan", "host", None)]
        assert store.one("SELECT count(*) FROM duplicates")[0] == 1


def test_a_kcna_story_listed_five_times_is_one_article_of_the_agencys_own_feed(corpora, tmp_path):
    records = json.loads((corpora / KCNA_FILE).read_text(encoding="utf-8"))
    (tmp_path / "k.json").write_text(json.dumps([records[i] for i in KCNA_FIVE_LISTINGS]), encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(_manifest("kcna", tmp_path, "k.json"), store)
        assert _outlets(store) == [("KCNA", "kcna", "KCNA", "agency", None, "host", None)]
        assert store.one("SELECT count(*) FROM duplicates")[0] == 4


def test_detik_travel_is_detik_with_its_channel(corpora, tmp_path):
    records = json.loads((corpora / DETIK_FILE).read_text(encoding="utf-8"))
    (tmp_path / "d.json").write_text(json.dumps(records[:3]), encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(_manifest("detik_2021", tmp_path, "d.json"), store)
        assert _outlets(store) == [("detik.com", "detik", "detikcom", "online", "travel", "host", None)] * 3


def _ag_news(corpora: pathlib.Path, folder: pathlib.Path) -> pathlib.Path:
    """The AG News records at AG_NEWS_LINES (1-based lines of test.csv, one record a line) as a CSV file."""
    with (corpora / "ag_news_test/test.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    with (folder / "ag.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(records[n - 1] for n in AG_NEWS_LINES)
    return folder / "ag.csv"


def test_markup_and_sentences_read_as_outlet_names_are_no_outlet_and_counted(corpora, tmp_path, capsys):
    _ag_news(corpora, tmp_path)
    manifest = tmp_path / "ag.toml"
    spec = MANIFEST.read_text(encoding="utf-8")
    ag_source = spec[spec.index('[[source]]\nname = "ag_news_test"') :].split("\n[[source]]")[0]
    manifest.write_text(f'root = "{tmp_path}"\n' + ag_source.replace('"ag_news_test/test.csv"', '"ag.csv"'))
    store = tmp_path / "s.duckdb"
    assert main(["ingest", "--manifest", str(manifest), "--store", str(store)]) == 0
    summary = " ".join(capsys.readouterr().out.split())
    assert "ag_news_test: outlets: alias 20.0%, no outlet 80.0% (no outlet name 2, a sentence 1, markup 1)" in summary
    assert "80.0% of 5 articles have no outlet (above 5%)" in summary
    assert "'Stocks finished mixed in post'" in summary
    with Store.open(store, read_only=True) as opened:
        assert [row[1:] for row in _outlets(opened, "outlet IS NOT NULL AND outlet_id IS NULL")] == [
            (None, None, None, None, "none", reason) for reason in ("markup", "a sentence")
        ]
        facts = opened.info()
    assert facts["articles_without_outlet"] == {"no outlet name": 2, "a sentence": 1, "markup": 1}
    assert facts["outlets_found_by"] == {"none": 0.8, "alias": 0.2}
    assert main(["info", "--store", str(store)]) == 0
    assert "80.0% of the articles have no outlet" in " ".join(capsys.readouterr().err.split())


def test_one_and_two_workers_store_the_same_outlets_with_a_users_file(corpora, tmp_path):
    (tmp_path / "outlets.toml").write_text(MEGAPOLITAN_FILE, encoding="utf-8")
    outlets = load_outlets(tmp_path / "outlets.toml")
    manifest = _indonews(corpora, tmp_path)
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.duckdb") as store:
            ingest(manifest, store, outlets=outlets, workers=workers)
    one = rows(tmp_path / "w1.duckdb", "articles", ("ingested_at",))
    assert rows(tmp_path / "w2.duckdb", "articles", ("ingested_at",)) == one
    with Store.open(tmp_path / "w2.duckdb", read_only=True) as store:
        assert store.one("SELECT outlet_id FROM articles WHERE url LIKE '%megapolitan%'")[0] == "kompas_megapolitan"


def test_reoutlet_after_a_users_file_changes_an_outlet(corpora, tmp_path, capsys):
    store = tmp_path / "s.duckdb"
    with Store.open(store) as opened:
        ingest(_indonews(corpora, tmp_path), opened)
        duplicates = opened.connection.execute("SELECT * FROM duplicates ORDER BY ALL").fetchall()
    user = tmp_path / "outlets.toml"
    user.write_text(MEGAPOLITAN_FILE, encoding="utf-8")
    # `outlets` shows the stored mapping, and with the user's file what reoutlet would store
    assert main(["outlets", "--store", str(store), "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    kompas = next(o for o in stored["outlets"] if o["outlet_id"] == "kompas")
    assert (kompas["articles"], kompas["names"]) == (2, {"kompas.com": 1, "nasional.kompas.com": 1})
    assert kompas["hosts"] == {"megapolitan.kompas.com": 1, "nasional.kompas.com": 1}
    assert stored["registry_files"] is None and stored["unmapped"] == []
    assert main(["outlets", "--store", str(store), "--outlets", str(user), "--json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert {o["outlet_id"]: o["articles"] for o in preview["outlets"]} == {
        "liputan6": 2,
        "kompas": 1,
        "kompas_megapolitan": 1,
    }

    assert main(["reoutlet", "--store", str(store), "--outlets", str(user)]) == 0
    assert "stories were not merged again" in " ".join(capsys.readouterr().err.split())
    with Store.open(store, read_only=True) as opened:
        assert _outlets(opened, "outlet LIKE '%kompas%'") == [
            ("kompas.com", "kompas_megapolitan", "Kompas Megapolitan", "online", None, "host", None),
            ("nasional.kompas.com", "kompas", "Kompas", "online", "nasional", "host", None),
        ]
        assert json.loads(opened.meta(OUTLETS_META) or "null")[-1] == str(user)
        assert opened.connection.execute("SELECT * FROM duplicates ORDER BY ALL").fetchall() == duplicates
    assert main(["outlets", "--store", str(store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outlets"] == preview["outlets"]


def test_outlets_and_reoutlet_refuse_a_bad_users_file_naming_it(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[outlet.x]\nname = "X"\nkind = "blog"\n', encoding="utf-8")
    store = tmp_path / "s.duckdb"
    Store.open(store).close()
    for command in ("outlets", "reoutlet"):
        assert main([command, "--store", str(store), "--outlets", str(bad)]) == 1
        err = capsys.readouterr().err
        assert "bad.toml" in err and "Traceback" not in err

"""Attacks of issue 15 that the ingest withstood before it was filed, kept as tests so it goes on
withstanding them (docs/RELIABILITY.md gives their figures): a zip whose members climb out of any
folder ("zip slip"), entity expansion ("billion laughs") in a page, a page nested many thousand
elements deep, two ingests into one store at once."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import zipfile

from analytics.cli import main
from analytics.store.store import Store

ROW = "title,body,outlet\n{title},{body},Test Outlet\n"
# Nine levels of ten references each: expanded, the last entity is 10**9 times "lol" (3 GB).
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    + "]>\n"
)
TEXT = "Real text of the article, long enough to be read as its body. " * 8
DEEP_DIVS = 200_000  # lxml stops building the tree at depth 256: what lies deeper is never read


def _ingest(path: pathlib.Path, store_path: pathlib.Path) -> tuple[dict[str, str], dict[str, str], tuple[int, ...]]:
    main(["ingest", str(path), "--store", str(store_path)])
    with Store.open(store_path, read_only=True) as store:
        articles = dict(store.connection.execute("SELECT source_ref, body FROM articles").fetchall())
        quarantine = {ref: reason for ref, reason, _ in store.quarantine()}
        account = store.connection.execute(
            "SELECT sum(records_read), sum(stored), sum(duplicates), sum(quarantined) FROM ingest_files"
        ).fetchone()
    return articles, quarantine, account


def test_zip_members_named_outside_any_folder_are_read_never_written(tmp_path):
    archive = tmp_path / "slip.zip"
    escaped, absolute = tmp_path / "escaped.csv", tmp_path / "absolute.csv"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("../" * 8 + str(escaped).lstrip("/"), ROW.format(title="Slip one", body="The first body"))
        zipped.writestr(str(absolute), ROW.format(title="Slip two", body="The second body"))
        zipped.writestr("in/normal.csv", ROW.format(title="Normal", body="The third body"))
    articles, quarantine, account = _ingest(archive, tmp_path / "s.duckdb")
    assert not escaped.exists() and not absolute.exists()  # members are read in memory, never extracted
    assert sorted(articles.values()) == ["The first body", "The second body", "The third body"]
    assert all(ref.startswith("slip.zip/") for ref in articles)  # each one's ref stays inside the archive's
    assert quarantine == {} and account == (3, 3, 0, 0)


def test_entities_in_a_page_are_never_expanded(tmp_path):
    page = tmp_path / "laughs.html"
    page.write_text(LAUGHS + f"<html><body><article><p>&lol9;</p><p>{TEXT}</p></article></body></html>")
    articles, _, account = _ingest(page, tmp_path / "s.duckdb")
    (body,) = articles.values()
    assert "Real text of the article" in body and "lollol" not in body and len(body) < 2 * len(TEXT)
    assert account == (1, 1, 0, 0)


def test_a_page_nested_thousands_deep_is_accounted_for(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{'<div>' * DEEP_DIVS}{TEXT}{'</div>' * DEEP_DIVS}</body></html>")
    articles, quarantine, account = _ingest(page, tmp_path / "s.duckdb")
    assert articles == {} and quarantine == {"deep.html": "no article text found"}
    assert account == (1, 0, 0, 1)


def test_two_ingests_into_one_store_at_once_both_finish_and_store_each_record_once(tmp_path):
    inputs = []
    for name in ("first", "second"):
        path = tmp_path / f"{name}.csv"
        rows = "".join(f"{name} {n},Body {n} of the {name} file,Test Outlet\n" for n in range(200))
        path.write_text("title,body,outlet\n" + rows)
        inputs.append(path)
    store_path = tmp_path / "s.duckdb"
    command = [sys.executable, "-m", "analytics.cli", "ingest", "--store", str(store_path), "--workers", "1"]
    runs = [subprocess.Popen([*command, str(path)], stderr=subprocess.PIPE, text=True) for path in [*inputs, inputs[0]]]
    outcomes = [(run.wait(timeout=600), run.stderr.read() if run.stderr else "") for run in runs]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes  # each waits for the store in turn
    assert not any("Traceback" in err for _, err in outcomes)
    with Store.open(store_path, read_only=True) as store:
        assert store.connection.execute("SELECT count(*), count(DISTINCT body) FROM articles").fetchone() == (400, 400)

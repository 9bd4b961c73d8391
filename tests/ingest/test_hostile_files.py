"""Hostile input files: names, permissions, links and roots that must cost one file at most,
never the run, and never another file's accounting."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from repo_paths import REPO

from analytics.ingest.manifest import Manifest, SourceSpec, adhoc_source, load_manifest
from analytics.ingest.pipeline import file_fingerprint, ingest
from analytics.ingest.sources import InputFile
from analytics.store.store import Store

HEADER = "title,body,url,outlet\n"
SHARED_ROW = "Shared story,The shared story has words enough to be a real text of its own here.,https://x.id/shared,X\n"
# Dropping the capabilities that let root ignore file permissions makes root's process meet them as
# any user would (a process of another user cannot run this venv: its interpreter lives under /root).
WITHOUT_PERMISSION_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _row(title: str) -> str:
    return f"{title},The story {title} has words enough to be a real text of its own here.,https://x.id/{title},X\n"


def _ingest(root: pathlib.Path, store_path: pathlib.Path, spec: SourceSpec | None = None):
    manifest = Manifest(None, root.resolve(), (spec or adhoc_source("test", [str(root.resolve())]),))
    with Store.open(store_path) as store:
        return ingest(manifest, store)


def _query(store_path: pathlib.Path, sql: str) -> list[tuple]:
    with Store.open(store_path, read_only=True) as store:
        return store.connection.execute(sql).fetchall()


def _log(store_path: pathlib.Path) -> dict[str, tuple[int, int, int, int]]:
    with Store.open(store_path, read_only=True) as store:
        return {
            row["file_ref"]: (row["records_read"], row["stored"], row["duplicates"], row["quarantined"])
            for row in store.ingest_log()
        }


def test_same_file_name_under_two_roots_keeps_both_accounts(tmp_path):
    """a/2021/news.csv and a/2022/news.csv, each ingested with its folder as the root: the
    second gets a ref of its own, its copy of the shared story is a duplicate, and both
    files keep their accounting; running either again adds nothing."""
    for year, title in (("2021", "old"), ("2022", "new")):
        (tmp_path / "a" / year).mkdir(parents=True)
        (tmp_path / "a" / year / "news.csv").write_text(HEADER + SHARED_ROW + _row(title), encoding="utf-8")
    store = tmp_path / "s.duckdb"
    _ingest(tmp_path / "a" / "2021", store)
    second = _ingest(tmp_path / "a" / "2022", store)
    assert (second.sources[0].stored, second.sources[0].duplicates) == (1, 1)
    assert _log(store) == {"news.csv": (2, 2, 0, 0), "2022/news.csv": (2, 1, 1, 0)}
    assert _query(store, "SELECT source_ref FROM duplicates") == [("2022/news.csv#1",)]
    for year in ("2021", "2022", "2022"):
        again = _ingest(tmp_path / "a" / year, store)
        assert (again.sources[0].skipped_files, again.records_read) == (1, 0)
    assert _query(store, "SELECT count(*) FROM articles") == [(3,)]


def test_a_changed_file_keeps_its_ref(tmp_path):
    """The same file read again after it changed is still the same input: its ref stays."""
    for year in ("2021", "2022"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "news.csv").write_text(HEADER + _row(f"first{year}"), encoding="utf-8")
    store = tmp_path / "s.duckdb"
    _ingest(tmp_path / "2021", store)
    _ingest(tmp_path / "2022", store)
    for year in ("2021", "2022"):
        (tmp_path / year / "news.csv").write_text(HEADER + _row(f"first{year}") + _row(f"more{year}"), encoding="utf-8")
        _ingest(tmp_path / year, store)
    # A record that is its story's stored record counts as stored when its file is read again.
    assert _log(store) == {"news.csv": (2, 2, 0, 0), "2022/news.csv": (2, 2, 0, 0)}


def test_a_moved_corpus_keeps_its_refs(tmp_path):
    """The same bytes read with the same settings under another folder (a corpus moved, its
    manifest's root changed) are the same input: skipped, under their ref (month-first dates:
    the fingerprint holds the date order decided for the source)."""
    (tmp_path / "old").mkdir()
    dated = "title,body,date\nOne,The story one has words enough to be a real text of its own here.,7/31/2025\n"
    (tmp_path / "old" / "news.csv").write_text(dated, encoding="utf-8")
    (tmp_path / "m.toml").write_text('[[source]]\nname = "a"\npaths = ["*.csv"]\n', encoding="utf-8")
    store = tmp_path / "s.duckdb"
    with Store.open(store) as opened:
        ingest(load_manifest(tmp_path / "m.toml", root=tmp_path / "old"), opened)
    shutil.move(tmp_path / "old", tmp_path / "new")
    with Store.open(store) as opened:
        again = ingest(load_manifest(tmp_path / "m.toml", root=tmp_path / "new"), opened)
    assert again.sources[0].skipped_files == 1
    assert set(_log(store)) == {"news.csv"}


def test_a_file_name_that_is_not_utf8_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9 \xff.csv")  # latin-1 é and a byte that is never UTF-8
    (folder / name).write_text(HEADER + _row("cafe"), encoding="utf-8")
    (folder / "plain.csv").write_text(HEADER + _row("plain"), encoding="utf-8")
    store = tmp_path / "s.duckdb"
    result = _ingest(folder, store)
    assert (result.records_read, result.sources[0].stored) == (2, 2)
    assert set(_log(store)) == {"caf\\xe9 \\xff.csv", "plain.csv"}
    assert ("caf\\xe9 \\xff.csv#1",) in _query(store, "SELECT source_ref FROM articles")
    assert _ingest(folder, store).sources[0].skipped_files == 2


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux) to run without root's override")
def test_an_unreadable_file_is_quarantined_and_the_rest_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.csv").write_text(HEADER + _row("readable"), encoding="utf-8")
    secret = folder / "secret.csv"
    secret.write_text(HEADER + _row("secret"), encoding="utf-8")
    secret.chmod(0)
    store = tmp_path / "s.duckdb"
    command = [sys.executable, "-m", "analytics.cli", "ingest", str(folder), "--store", str(store)]
    prefix = WITHOUT_PERMISSION_OVERRIDE if os.geteuid() == 0 else []
    finished = subprocess.run(prefix + command, cwd=REPO, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr
    assert _log(store) == {"ok.csv": (1, 1, 0, 0), "secret.csv": (1, 0, 0, 1)}
    assert _query(store, "SELECT source_ref, reason FROM quarantine") == [
        ("secret.csv", "cannot open: Permission denied")
    ]


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux) to run without root's override")
def test_a_folder_that_cannot_be_listed_is_quarantined_and_the_rest_read(tmp_path):
    """Python's folder walks pass over a folder they cannot list without a word: its files were lost unseen."""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.csv").write_text(HEADER + _row("readable"), encoding="utf-8")
    (folder / "locked" / "hidden.csv").write_text(HEADER + _row("hidden"), encoding="utf-8")
    (folder / "locked").chmod(0)
    store = tmp_path / "s.duckdb"
    command = [sys.executable, "-m", "analytics.cli", "ingest", str(folder), "--store", str(store)]
    prefix = WITHOUT_PERMISSION_OVERRIDE if os.geteuid() == 0 else []
    try:
        finished = subprocess.run(prefix + command, cwd=REPO, capture_output=True, text=True, check=False)
    finally:
        (folder / "locked").chmod(0o755)  # pytest can remove it
    assert finished.returncode == 0 and "Traceback" not in finished.stderr, finished.stderr
    assert _log(store) == {"ok.csv": (1, 1, 0, 0), "locked": (1, 0, 0, 1)}
    assert _query(store, "SELECT source_ref, reason FROM quarantine") == [("locked", "cannot open: Permission denied")]


def test_a_link_out_of_the_input_folder_is_quarantined(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.csv").write_text(HEADER + _row("private"), encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "ok.csv").write_text(HEADER + _row("ok"), encoding="utf-8")
    (folder / "sub" / "link.csv").symlink_to(outside / "private.csv")
    (folder / "inner.csv").symlink_to(folder / "ok.csv")  # a link inside the folder is read
    store = tmp_path / "s.duckdb"
    result = _ingest(folder, store)
    assert result.sources[0].stored == 1
    assert _query(store, "SELECT source_ref, reason FROM quarantine") == [
        ("sub/link.csv", "link outside the input folder")
    ]
    assert _query(store, "SELECT title FROM articles") == [("ok",)]


def test_allow_outside_reads_links_and_paths_out_of_the_root(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.csv").write_text(HEADER + _row("private"), encoding="utf-8")
    (outside / "named.csv").write_text(HEADER + _row("named"), encoding="utf-8")
    root = tmp_path / "in"
    root.mkdir()
    (root / "link.csv").symlink_to(outside / "private.csv")
    manifest = tmp_path / "m.toml"
    manifest.write_text(
        'root = "in"\n[[source]]\nname = "a"\npaths = ["*.csv", "../outside/named.csv"]\nallow_outside = true\n',
        encoding="utf-8",
    )
    loaded = load_manifest(manifest)
    store = tmp_path / "s.duckdb"
    with Store.open(store) as opened:
        result = ingest(loaded, opened)
    assert (result.sources[0].stored, result.quarantined) == (2, 0)
    assert {title for (title,) in _query(store, "SELECT title FROM articles")} == {"private", "named"}


def test_fingerprints_stay_those_of_stores_ingested_before(tmp_path):
    """allow_outside is no part of a file's fingerprint, so a store ingested before it existed
    skips its files as ever (the value pinned was computed before allow_outside existed)."""
    path = tmp_path / "pin.csv"
    path.write_bytes(b"title,body\nA,B\n")
    spec = adhoc_source("t", ["pin.csv"], language="id")
    pinned = "3ffff43bac9b0f7b2303e02e0e2ad4ad2ba259c83a4de5ad4e2281ddedf9db37"
    assert file_fingerprint(InputFile(path, "pin.csv", spec)) == pinned
    allowed = dataclasses.replace(spec, allow_outside=True)
    assert file_fingerprint(InputFile(path, "pin.csv", allowed)) == pinned


# A file name's bytes: anything a Linux file system takes in one name (no "/" and no NUL, at most
# 255 bytes with the extension), non-UTF-8 bytes, controls, newlines and leading dashes included.
ODD_NAMES = (
    st.binary(min_size=1, max_size=250)
    .map(lambda raw: raw.replace(b"/", b"_").replace(b"\0", b"_"))
    .filter(lambda raw: not raw.startswith(b".") and raw != b"plain")  # a folder walk passes over dot files
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stems=st.lists(ODD_NAMES, min_size=1, max_size=3, unique=True))
def test_files_of_any_name_are_read_each_under_a_ref_of_its_own(tmp_path, stems):
    """Generated odd file names next to a plain one: every file is read, each record stored under
    a ref of its own, and a second run skips every file (the refs are stable)."""
    case = pathlib.Path(tempfile.mkdtemp(dir=tmp_path))
    folder = case / "in"
    folder.mkdir()
    names = [os.fsdecode(stem + b".csv") for stem in stems] + ["plain.csv"]
    for n, name in enumerate(names):
        (folder / name).write_text(HEADER + _row(f"story{n}"), encoding="utf-8")
    store = case / "s.duckdb"
    result = _ingest(folder, store)
    assert (result.records_read, result.sources[0].stored, result.sources[0].quarantined) == (len(names),) * 2 + (0,)
    refs = [ref for (ref,) in _query(store, "SELECT source_ref FROM articles")]
    assert len(set(refs)) == len(names) and all(ref.endswith("#1") for ref in refs)
    assert _ingest(folder, store).sources[0].skipped_files == len(names)

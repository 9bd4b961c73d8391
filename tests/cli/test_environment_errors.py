"""What the machine refuses is a one-line `error:` saying what, where and what to do, with
exit status 1, never a traceback: a disk that fills up during an ingest (the batches
written so far are kept and the same command finishes the job), a store or an output
folder the user cannot write, an output that is a file where a folder should be.

Permissions mean nothing to root, so as root the commands run as `nobody` (setpriv);
the full disk is a small tmpfs (mounting needs root: skipped, saying so, otherwise)."""

from __future__ import annotations

import json
import os
import pathlib
import random
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator

import pytest
from repo_paths import REPO
from store_tables import TABLES, rows

from analytics.store.store import Store

SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"
NOBODY = 65534  # the uid and gid of `nobody`
READ_ONLY = stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH  # 555
# The corpus the disk fills up with: records of random (incompressible) words, small
# batches, and a disk that holds about half of what its store needs, so that the ingest
# stops in the middle with several batches written.
CORPUS_RECORDS = 1_000
WORDS_PER_BODY = 300
BATCH_SIZE = 100
SMALL_DISK = "3m"
FREED_DISK = "64m"
NO_SPACE = "No space left on device"


def _run(args: list[str], *, unprivileged: bool = False) -> subprocess.CompletedProcess:
    """`media-analytics ARGS` in a process of its own; as `nobody` when `unprivileged` and this is root."""
    prefix = []
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running a command as nobody needs setpriv (util-linux)")
        prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    env = {**os.environ, "MEDIA_ANALYTICS_BATCH_SIZE": str(BATCH_SIZE)}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "analytics.cli", *args], cwd=REPO, env=env, capture_output=True, text=True
    )


def _assert_one_line_error(finished: subprocess.CompletedProcess, *words: str) -> str:
    """The command failed with exit 1 and one `error:` line holding every one of `words`."""
    assert finished.returncode == 1 and "Traceback" not in finished.stderr, finished.stderr
    lines = [line for line in finished.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and all(word in lines[0] for word in words), finished.stderr
    return lines[0]


@pytest.fixture()
def shared_folder() -> Iterator[pathlib.Path]:
    """A folder `nobody` can write in (pytest's tmp_path is under a folder only its owner enters)."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="environment-errors-"))
    folder.chmod(0o777)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> pathlib.Path:
    """The sample corpus's store, readable by everyone."""
    path = tmp_path_factory.mktemp("sample") / "s.duckdb"
    finished = _run(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(path)])
    assert finished.returncode == 0, finished.stderr
    return path


@pytest.fixture()
def readable_store(sample_store, shared_folder) -> pathlib.Path:
    """A copy of the sample store that `nobody` can read."""
    copy = shared_folder / "store" / "s.duckdb"
    copy.parent.mkdir()
    shutil.copy(sample_store, copy)
    return copy


def _read_only_folder(path: pathlib.Path) -> pathlib.Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(READ_ONLY)
    return path


# --- the store ------------------------------------------------------------------------------


@pytest.mark.parametrize("existing", [False, True], ids=["new store", "existing store"])
def test_ingest_into_a_folder_the_user_cannot_write_is_a_one_line_error(existing, sample_store, shared_folder):
    folder = shared_folder / "read-only"
    folder.mkdir()
    store = folder / "s.duckdb"
    if existing:
        shutil.copy(sample_store, store)
    _read_only_folder(folder)
    finished = _run(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(store)], unprivileged=True)
    _assert_one_line_error(finished, str(store), "Permission denied", "--store")
    assert sorted(p.name for p in folder.iterdir()) == (["s.duckdb"] if existing else [])


def test_ingest_into_a_missing_folder_under_one_the_user_cannot_write(shared_folder):
    store = _read_only_folder(shared_folder / "read-only") / "new" / "s.duckdb"
    finished = _run(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(store)], unprivileged=True)
    _assert_one_line_error(finished, str(store), "Permission denied", "--store")


@pytest.fixture()
def small_disk(tmp_path) -> Iterator[pathlib.Path]:
    """A tmpfs of SMALL_DISK bytes, unmounted after the test."""
    if shutil.which("mount") is None:
        pytest.skip("a full disk is a small tmpfs, and there is no `mount` command here")
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SMALL_DISK}", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"a full disk is a small tmpfs, and it cannot be mounted here: {mounted.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)


def _write_corpus(folder: pathlib.Path) -> pathlib.Path:
    """CORPUS_RECORDS JSON Lines records with bodies of random words."""
    words = random.Random(15)
    folder.mkdir()
    path = folder / "news.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(CORPUS_RECORDS):
            body = " ".join(f"{words.getrandbits(64):x}" for _ in range(WORDS_PER_BODY))
            record = {"title": f"story {n}", "body": body, "date": f"2024-01-{n % 28 + 1:02d}"}
            handle.write(json.dumps(record) + "\n")
    return folder


def test_a_disk_that_fills_up_during_ingest_keeps_the_batches_written(small_disk, tmp_path):
    corpus = _write_corpus(tmp_path / "corpus")
    reference = tmp_path / "reference.duckdb"
    assert _run(["ingest", str(corpus), "--store", str(reference), "--workers", "1"]).returncode == 0
    store = small_disk / "s.duckdb"
    command = ["ingest", str(corpus), "--store", str(store), "--workers", "1"]

    line = _assert_one_line_error(_run(command), NO_SPACE, str(store), "run the same command again")
    assert "batches written so far are kept" in line
    with Store.open(store, read_only=True) as opened:  # the store opens, with the batches written
        kept = opened.one("SELECT count(*) FROM articles")[0]
    assert 0 < kept < CORPUS_RECORDS

    _assert_one_line_error(_run(command), NO_SPACE, str(store))  # again before freeing space: the same advice
    subprocess.run(["mount", "-o", f"remount,size={FREED_DISK}", str(small_disk)], check=True)
    finished = _run(command)
    assert finished.returncode == 0, finished.stderr
    for table, without in TABLES.items():
        assert rows(store, table, without) == rows(reference, table, without), table


def test_ingest_into_a_read_only_file_system_is_a_one_line_error(small_disk):
    store = small_disk / "s.duckdb"
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    finished = _run(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(store)])
    _assert_one_line_error(finished, str(store), "Read-only file system", "--store")


# --- report and export ----------------------------------------------------------------------


@pytest.mark.parametrize("missing", [False, True], ids=["existing folder", "missing folder"])
def test_a_report_into_a_folder_the_user_cannot_write_is_a_one_line_error(missing, readable_store, shared_folder):
    out = _read_only_folder(shared_folder / "read-only")
    if missing:
        out = out / "report"
    finished = _run(["report", "--store", str(readable_store), "--out", str(out)], unprivileged=True)
    _assert_one_line_error(finished, str(out), "Permission denied", "--out")
    assert not any(out.parent.rglob("*.csv"))


def test_a_report_onto_a_file_is_a_one_line_error(sample_store, tmp_path):
    out = tmp_path / "report"
    out.write_text("a file of the user's", encoding="utf-8")
    finished = _run(["report", "--store", str(sample_store), "--out", str(out)])
    _assert_one_line_error(finished, str(out), "not a folder", "--out")
    assert out.read_text(encoding="utf-8") == "a file of the user's"


def test_an_export_into_a_missing_folder_is_made_or_a_one_line_error(readable_store, shared_folder):
    made = shared_folder / "exports" / "new" / "articles.csv"
    finished = _run(["export", "articles", "--store", str(readable_store), "--out", str(made)], unprivileged=True)
    assert finished.returncode == 0 and made.is_file(), finished.stderr
    out = _read_only_folder(shared_folder / "read-only") / "new" / "articles.csv"
    finished = _run(["export", "articles", "--store", str(readable_store), "--out", str(out)], unprivileged=True)
    _assert_one_line_error(finished, str(out.parent), "Permission denied", "--out")

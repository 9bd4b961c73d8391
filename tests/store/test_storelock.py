"""One writer, readers in other processes: a writer waits for readers to let go and
tells them it is waiting; a reader sees the notice; a killed writer's notice is ignored."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import duckdb
import pytest

from analytics.store import lock as storelock
from analytics.store.store import Store, StoreBusy

# A reader in another process: opens the store, then lets go once a writer says it is
# waiting (UNTIL_A_WRITER_WAITS), or once told on its stdin (UNTIL_TOLD). The test kills
# it when it fails, so the reader itself waits without a bound.
UNTIL_A_WRITER_WAITS, UNTIL_TOLD = "until-a-writer-waits", "until-told"
READER = textwrap.dedent(
    f"""
    import sys, time
    from analytics.store import lock as storelock
    from analytics.store.store import Store
    path = sys.argv[1]
    with Store.open(path, read_only=True) as store:
        print("open", flush=True)
        if sys.argv[2] == "{UNTIL_A_WRITER_WAITS}":
            while not storelock.writer_waiting(store.path):
                time.sleep(0.05)
            print("writer waiting", flush=True)
        else:
            sys.stdin.readline()
    """
)
# Bounds on waits, so that a hang fails instead of blocking; nothing else depends on them.
LIMIT_S = 120


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    return path


@contextlib.contextmanager
def _reader(path, until: str) -> Iterator[subprocess.Popen]:
    """A reader process holding the store open; killed at the end if still there."""
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(path), until], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "open"
        yield reader
    finally:
        reader.kill()
        reader.wait()


def test_writer_waits_for_a_reader_and_announces_itself(store_path):
    with _reader(store_path, UNTIL_A_WRITER_WAITS) as reader:
        with Store.open(store_path, lock_wait=LIMIT_S) as store:  # waits for the reader to close
            assert store.notice == storelock.notice_path(store_path) and store.notice.exists()
            store.set_meta("written", "yes")
        assert reader.stdout.readline().strip() == "writer waiting"
        assert reader.wait(timeout=LIMIT_S) == 0
    assert not storelock.notice_path(store_path).exists(), "the notice outlived the writer"
    with Store.open(store_path, read_only=True) as store:
        assert store.meta("written") == "yes"


def test_writer_gives_up_with_a_clear_error(store_path):
    with _reader(store_path, UNTIL_TOLD) as reader:  # holds the store until the writer has given up
        with pytest.raises(StoreBusy, match=r"another process has it open .* not free within 0.5 s"):
            Store.open(store_path, lock_wait=0.5)
        assert not storelock.notice_path(store_path).exists()
        reader.stdin.close()
        assert reader.wait(timeout=LIMIT_S) == 0


def test_notice_of_a_dead_or_no_writer_is_ignored(store_path):
    notice = storelock.notice_path(store_path)
    assert not storelock.writer_waiting(store_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    notice.write_text(dead.stdout.strip(), encoding="ascii")
    assert not storelock.writer_waiting(store_path)
    notice.write_text(str(os.getppid()), encoding="ascii")  # a live process: the one that ran the tests
    assert storelock.writer_waiting(store_path)
    notice.write_text("not a pid", encoding="ascii")
    assert not storelock.writer_waiting(store_path)


def test_only_duckdb_lock_conflicts_count_as_busy():
    assert storelock.is_lock_conflict(
        duckdb.IOException('IO Error: Could not set lock on file "s.duckdb": Conflicting lock')
    )
    assert not storelock.is_lock_conflict(duckdb.IOException("IO Error: Corrupt block in s.duckdb"))
    assert not storelock.is_lock_conflict(ValueError('Could not set lock on file "s.duckdb"'))

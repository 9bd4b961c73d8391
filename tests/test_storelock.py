"""One writer, readers in other processes: a writer waits for readers to let go and
tells them it is waiting; a reader sees the notice; a killed writer's notice is ignored."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import duckdb
import pytest

from analytics.store import lock as storelock
from analytics.store.store import Store, StoreBusy

# A reader in another process: opens the store, prints whether a writer is waiting once
# one is (or after 10 s), then lets go.
READER = textwrap.dedent(
    """
    import sys, time
    from analytics.store import lock as storelock
    from analytics.store.store import Store
    path = sys.argv[1]
    with Store.open(path, read_only=True) as store:
        print("open", flush=True)
        deadline = time.monotonic() + 10
        while not storelock.writer_waiting(store.path) and time.monotonic() < deadline:
            time.sleep(0.05)
        print("writer waiting" if storelock.writer_waiting(store.path) else "no writer", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    return path


def _reader(path, hold_seconds: float) -> subprocess.Popen:
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path), str(hold_seconds)], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    return reader


def test_writer_waits_for_a_reader_and_announces_itself(store_path):
    reader = _reader(store_path, 1.0)
    with Store.open(store_path, lock_wait=30) as store:  # waits for the reader to close
        assert store.notice == storelock.notice_path(store_path) and store.notice.exists()
        store.set_meta("written", "yes")
    assert reader.stdout.readline().strip() == "writer waiting"
    assert reader.wait(timeout=30) == 0
    assert not storelock.notice_path(store_path).exists(), "the notice outlived the writer"
    with Store.open(store_path, read_only=True) as store:
        assert store.meta("written") == "yes"


def test_writer_gives_up_with_a_clear_error(store_path):
    reader = _reader(store_path, 5.0)
    try:
        with pytest.raises(StoreBusy, match=r"another process has it open .* not free within 0.5 s"):
            Store.open(store_path, lock_wait=0.5)
        assert not storelock.notice_path(store_path).exists()
    finally:
        reader.wait(timeout=30)


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
    assert storelock.is_lock_conflict(duckdb.IOException('IO Error: Could not set lock on file "s.duckdb": Conflicting lock'))
    assert not storelock.is_lock_conflict(duckdb.IOException("IO Error: Corrupt block in s.duckdb"))
    assert not storelock.is_lock_conflict(ValueError('Could not set lock on file "s.duckdb"'))

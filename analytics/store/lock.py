"""Sharing the store file between one writer and readers in other processes.

DuckDB lets a file be open either by one process that writes or by processes that
only read. A writer (ingest, attribute, retag) therefore announces itself with a
notice file beside the store, `<store>.writer`, holding its process id, and waits
for the readers to let go; readers (the dashboard) see the notice, finish the
requests in flight, close the file and open no more until the writer is done. A
notice whose process is gone (killed) is ignored.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import time
from collections.abc import Callable
from typing import TypeVar

import duckdb

NOTICE_SUFFIX = ".writer"
LOCK_CONFLICT = "Could not set lock on file"  # DuckDB's words when another process holds it
RETRY_SECONDS = 0.1  # between attempts to take the store from its readers
T = TypeVar("T")


def notice_path(store: pathlib.Path) -> pathlib.Path:
    """The writer's notice file beside the store (`<store>.writer`)."""
    return store.with_name(store.name + NOTICE_SUFFIX)


def writer_waiting(store: pathlib.Path) -> bool:
    """Whether a live process has announced that it writes, or wants to write, `store`."""
    try:
        pid = int(notice_path(store).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    return True


def announce(store: pathlib.Path) -> pathlib.Path:
    """Write this process's notice that it writes the store; the notice's path, to withdraw it later."""
    notice = notice_path(store)
    notice.write_text(str(os.getpid()), encoding="ascii")
    return notice


def withdraw(notice: pathlib.Path) -> None:
    """Remove the notice if this process wrote it (a later writer's notice stays)."""
    with contextlib.suppress(OSError):
        if notice.read_text(encoding="ascii").strip() == str(os.getpid()):
            notice.unlink()


def is_lock_conflict(error: Exception) -> bool:
    """Whether a DuckDB error says another process holds the file."""
    return isinstance(error, duckdb.IOException) and LOCK_CONFLICT in str(error)


def retry_while_locked(attempt: Callable[[], T], *, wait: float) -> T:
    """`attempt()`, retried for up to `wait` seconds while it fails on a lock conflict."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return attempt()
        except Exception as err:
            if not is_lock_conflict(err) or time.monotonic() >= deadline:
                raise
        time.sleep(RETRY_SECONDS)

"""Store tables in tests: comparing two stores table by table (engines, crash safety)."""

from __future__ import annotations

import pathlib

from analytics.store.store import Store

# Every table ingest fills, with the columns that may differ between two runs.
TABLES = {
    "articles": ("ingested_at",),
    "duplicates": ("run_id",),
    "quarantine": ("run_id",),
    "attributions": (),
    "article_credits": (),
    "tags": (),
}


def rows(path: pathlib.Path, table: str, without: tuple[str, ...] = ()) -> list[tuple]:
    """Every row of `table`, sorted, without the columns `without`."""
    with Store.open(path, read_only=True) as store:
        columns = "*" + (f" EXCLUDE ({', '.join(without)})" if without else "")
        return store.connection.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


# What ingest records of each file, less the run and the time: the same whatever the engine.
FILE_ACCOUNT_COLUMNS = (
    "file_ref",
    "source",
    "fingerprint",
    "records_read",
    "stored",
    "duplicates",
    "quarantined",
    "mapping",
    "notes",
)


def file_accounts(path: pathlib.Path) -> list[tuple]:
    """Every file's account in `ingest_files` (FILE_ACCOUNT_COLUMNS), by file ref."""
    with Store.open(path, read_only=True) as store:
        query = f"SELECT {', '.join(FILE_ACCOUNT_COLUMNS)} FROM ingest_files ORDER BY file_ref"
        return store.connection.execute(query).fetchall()

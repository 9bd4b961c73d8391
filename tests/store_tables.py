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

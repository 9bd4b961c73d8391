"""Store tables in tests: comparing two stores table by table (engines, crash safety), and
filling the articles' outlet columns of a store (`fill_outlets`)."""

from __future__ import annotations

import pathlib

import pyarrow as pa

from analytics.enrich.outlets import load_outlets, resolve_outlet
from analytics.store.store import Store

OUTLET_COLUMNS = ("outlet_id", "outlet_name", "outlet_kind", "channel", "outlet_method", "outlet_issue")

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


def fill_outlets(path: pathlib.Path) -> int:
    """Give every article without an outlet id the outlet the shipped registry resolves from its
    URL and raw outlet name, as ingest stores it (resolve_outlet); returns the articles updated.
    Articles that already have an outlet id keep it."""
    registry = load_outlets()
    with Store.open(path) as store:
        con = store.connection
        found = con.execute("SELECT article_id, url, outlet FROM articles WHERE outlet_id IS NULL").fetchall()
        matches = [(a, resolve_outlet(registry, url=url, raw_name=raw)) for a, url, raw in found]
        table = pa.table(
            {
                "article_id": [a for a, _ in matches],
                "outlet_id": [m.outlet_id for _, m in matches],
                "outlet_name": [m.outlet_name for _, m in matches],
                "outlet_kind": [m.outlet_kind for _, m in matches],
                "channel": [m.channel for _, m in matches],
                "outlet_method": [m.method for _, m in matches],
                "outlet_issue": [m.reason for _, m in matches],
            },
            schema=pa.schema([("article_id", pa.string())] + [(c, pa.string()) for c in OUTLET_COLUMNS]),
        )
        con.register("resolved", table)
        assignments = ", ".join(f"{c} = r.{c}" for c in OUTLET_COLUMNS)
        con.execute(f"UPDATE articles SET {assignments} FROM resolved r WHERE articles.article_id = r.article_id")
        con.unregister("resolved")
    return len(matches)

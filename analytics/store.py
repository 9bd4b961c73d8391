"""The article store: one DuckDB file, written in Arrow batches inside transactions.

Tables:
- `articles`: one row per distinct article_id, the schema's columns.
- `attributions`, `article_credits`: what the attribution detector found in each stored article.
- `tags`: every tag of each stored article, by kind (editor tag, place, section, keyword).
- `duplicates`: every other record that carried an already-stored article_id.
- `quarantine`: every record that could not be stored, with its reason.
- `ingest_files`: per input file and run, records read/stored/duplicates/quarantined.
- `ingest_runs`: one row per ingest command.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from analytics.readers.base import BadRecord
from analytics.derive import Derived, derived_tables
from analytics.schema import ARROW_SCHEMA, ATTRIBUTION_SCHEMA, CREDIT_SCHEMA, TAG_SCHEMA, Article, to_arrow

SCHEMA_VERSION = "3"
REGISTRY_META = "registry_files"  # meta key: the registry files the stored attributions came from
_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.list_(pa.string()): "VARCHAR[]",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
    pa.timestamp("us"): "TIMESTAMP",
    pa.int32(): "INTEGER",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
}


def _table_ddl(name: str, schema: pa.Schema, primary_key: tuple[str, ...]) -> str:
    """CREATE TABLE from an Arrow schema, so the schema module stays the one definition."""
    columns = [
        f'"{f.name}" {_DUCKDB_TYPES[f.type]}' + ("" if f.nullable else " NOT NULL") for f in schema
    ]
    keys = ", ".join(f'"{k}"' for k in primary_key)
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(columns)}, PRIMARY KEY ({keys}))"


DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    _table_ddl("articles", ARROW_SCHEMA, ("article_id",)),
    _table_ddl("attributions", ATTRIBUTION_SCHEMA, ("article_id", "agency", "role")),
    _table_ddl("article_credits", CREDIT_SCHEMA, ("article_id",)),
    _table_ddl("tags", TAG_SCHEMA, ("article_id", "kind", "tag")),
    "CREATE TABLE IF NOT EXISTS duplicates (source_ref VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, run_id INTEGER)",
    "CREATE TABLE IF NOT EXISTS quarantine (source_ref VARCHAR, reason VARCHAR, excerpt VARCHAR, "
    "file_ref VARCHAR, run_id INTEGER, PRIMARY KEY (source_ref, reason))",
    "CREATE TABLE IF NOT EXISTS ingest_runs (run_id INTEGER PRIMARY KEY, started_at TIMESTAMPTZ, "
    "finished_at TIMESTAMPTZ, command VARCHAR, status VARCHAR)",
    "CREATE TABLE IF NOT EXISTS ingest_files (run_id INTEGER, file_ref VARCHAR, source VARCHAR, fingerprint VARCHAR, "
    "records_read BIGINT, stored BIGINT, duplicates BIGINT, quarantined BIGINT, mapping VARCHAR, notes VARCHAR[], "
    "completed_at TIMESTAMPTZ, PRIMARY KEY (run_id, file_ref))",
)


class StoreError(RuntimeError):
    """A store that cannot be opened or used; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class FileAccount:
    file_ref: str
    source: str
    fingerprint: str
    records_read: int
    stored: int
    duplicates: int
    quarantined: int
    mapping: str = ""
    notes: tuple[str, ...] = ()


@dataclasses.dataclass
class Store:
    path: pathlib.Path
    connection: duckdb.DuckDBPyConnection

    @classmethod
    def open(cls, path: pathlib.Path | str, *, read_only: bool = False) -> "Store":
        path = pathlib.Path(path)
        if read_only and not path.exists():
            raise StoreError(f"no store at {path}: run `media-analytics ingest` first")
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as err:
            raise StoreError(f"cannot open store {path}: {err}") from None
        connection.execute("SET TimeZone = 'UTC'")
        store = cls(path, connection)
        if read_only:
            store._check_version()
        else:
            store._create()
        return store

    def one(self, sql: str, params: list | None = None) -> tuple | None:
        """The first row of a query, read to the end (DuckDB keeps a connection busy until
        a result is exhausted)."""
        rows = self.connection.execute(sql, params or []).fetchall()
        return rows[0] if rows else None

    def meta(self, key: str) -> str | None:
        """A meta value; safe from several threads at once (it reads on a cursor of its own)."""
        cursor = self.connection.cursor()
        try:
            rows = cursor.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        finally:
            cursor.close()
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _create(self) -> None:
        for statement in DDL:
            self.connection.execute(statement)
        found = self.one("SELECT value FROM meta WHERE key = 'schema_version'")
        if found is None:
            self.connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self._check_version()

    def _check_version(self) -> None:
        try:
            found = self.one("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.CatalogException:
            raise StoreError(f"{self.path} is not a media-analytics store") from None
        if found is None or found[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written with store schema {found and found[0]}, this version needs "
                f"{SCHEMA_VERSION}: ingest again into a new store"
            )

    # --- writing -------------------------------------------------------------------------

    def start_run(self, command: str) -> int:
        run_id = self.one("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs")[0]
        self.connection.execute(
            "INSERT INTO ingest_runs VALUES (?, ?, NULL, ?, 'running')", [run_id, _now(), command]
        )
        return run_id

    def finish_run(self, run_id: int, status: str) -> None:
        self.connection.execute(
            "UPDATE ingest_runs SET finished_at = ?, status = ? WHERE run_id = ?", [_now(), status, run_id]
        )

    def file_done(self, file_ref: str, fingerprint: str) -> bool:
        """Whether this exact file content was already ingested completely with the same settings."""
        found = self.one(
            "SELECT 1 FROM ingest_files WHERE file_ref = ? AND fingerprint = ? AND completed_at IS NOT NULL LIMIT 1",
            [file_ref, fingerprint],
        )
        return found is not None

    def write_batch(
        self, articles: list[Article], bad: Iterable[tuple[BadRecord, str]], *, run_id: int,
        derived: list[Derived] | None = None,
    ) -> tuple[int, int]:
        """Store a batch, with what was derived from the articles it adds, in one
        transaction; returns (stored, duplicates). `derived`, when given, holds one entry
        per article, in the same order.

        A record whose article_id is already stored under the same source_ref
        is a re-read of that record (an interrupted ingest run again) and
        counts as stored; under another source_ref it is a duplicate.
        """
        unique: dict[str, Article] = {}
        repeats: list[Article] = []
        for article in articles:
            if article.article_id in unique:
                repeats.append(article)
            else:
                unique[article.article_id] = article
        con = self.connection
        self.connection.execute("BEGIN TRANSACTION")
        try:
            table = to_arrow(list(unique.values()))
            con.register("batch", table)
            existing = dict(
                self.connection.execute(
                    "SELECT a.article_id, a.source_ref FROM articles a JOIN batch b ON a.article_id = b.article_id"
                ).fetchall()
            )
            self.connection.execute("INSERT OR IGNORE INTO articles SELECT * FROM batch")
            con.unregister("batch")
            if derived is not None:
                added = [
                    d for a, d in zip(articles, derived, strict=True)
                    if unique[a.article_id] is a and a.article_id not in existing
                ]
                self._insert_tables(derived_tables(added))
            dupes = [a for a in unique.values() if a.article_id in existing and existing[a.article_id] != a.source_ref]
            dupes += repeats
            self._insert_rows(
                "duplicates", {"source_ref": [a.source_ref for a in dupes], "article_id": [a.article_id for a in dupes]},
                run_id=run_id,
            )
            bad = list(bad)
            self._insert_rows(
                "quarantine",
                {
                    "source_ref": [b.source_ref for b, _ in bad], "reason": [b.reason for b, _ in bad],
                    "excerpt": [b.excerpt for b, _ in bad], "file_ref": [f for _, f in bad],
                },
                run_id=run_id,
            )
            self.connection.execute("COMMIT")
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        return len(articles) - len(dupes), len(dupes)

    def _insert_tables(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            if table.num_rows:
                self.connection.register("new_rows", table)
                self.connection.execute(f"INSERT OR IGNORE INTO {name} SELECT * FROM new_rows")
                self.connection.unregister("new_rows")

    def replace_tables(self, names: tuple[str, ...], batches: Iterable[dict[str, pa.Table]], *,
                       meta: dict[str, str]) -> None:
        """Empty the named derived tables and fill them from `batches`, in one transaction
        (readers never see a half-done recomputation); `meta` records what made them."""
        self.connection.execute("BEGIN TRANSACTION")
        try:
            for name in names:
                self.connection.execute(f"DELETE FROM {name}")
            for tables in batches:
                self._insert_tables({name: tables[name] for name in names})
            for key, value in meta.items():
                self.set_meta(key, value)
            self.connection.execute("COMMIT")
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise

    def iter_articles(self, columns: tuple[str, ...], *, batch_rows: int) -> Iterator[list[dict]]:
        """Stored articles in batches of dicts with the given columns, in article_id order."""
        cursor = self.connection.cursor()  # its own connection: the caller may write meanwhile
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.sql(f"SELECT {names} FROM articles ORDER BY article_id").to_arrow_reader(batch_size=batch_rows) as reader:
            for batch in reader:
                yield batch.to_pylist()

    def _insert_rows(self, table: str, columns: dict[str, list[str]], *, run_id: int) -> None:
        """Insert rows through Arrow (DuckDB's executemany goes row by row)."""
        rows = pa.table({**columns, "run_id": pa.array([run_id] * len(next(iter(columns.values()))), pa.int32())})
        if rows.num_rows:
            self.connection.register("new_rows", rows)
            self.connection.execute(f"INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM new_rows")
            self.connection.unregister("new_rows")

    def record_file(self, run_id: int, account: FileAccount) -> None:
        """Mark a file ingested completely, with its accounting."""
        self.connection.execute(
            "INSERT OR REPLACE INTO ingest_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id, account.file_ref, account.source, account.fingerprint, account.records_read, account.stored,
                account.duplicates, account.quarantined, account.mapping, list(account.notes), _now(),
            ],
        )

    # --- reading -------------------------------------------------------------------------

    def info(self) -> dict:
        articles, outlets, first, last = self.one(
            "SELECT count(*), count(DISTINCT outlet), min(published_at), max(published_at) FROM articles"
        )
        languages = dict(
            self.connection.execute(
                "SELECT coalesce(language, '(unknown)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        )
        top_outlets = self.connection.execute(
            "SELECT coalesce(outlet, '(unknown)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10"
        ).fetchall()
        credited, wire_copy = self.one(
            "SELECT count(*), count(*) FILTER (WHERE wire_copy) FROM article_credits WHERE primary_agency IS NOT NULL"
        )
        top_agencies = self.connection.execute(
            "SELECT agency, count(DISTINCT article_id) FROM attributions GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10"
        ).fetchall()
        return {
            "store": str(self.path),
            "articles": articles,
            "outlets": outlets,
            "first_published": first.isoformat() if first else None,
            "last_published": last.isoformat() if last else None,
            "languages": languages,
            "top_outlets": dict(top_outlets),
            "articles_crediting_an_agency": credited,
            "wire_copy_articles": wire_copy,
            "top_agencies": dict(top_agencies),
            "duplicates": self.one("SELECT count(*) FROM duplicates")[0],
            "quarantined": self.one("SELECT count(*) FROM quarantine")[0],
            "ingest_runs": self.one("SELECT count(*) FROM ingest_runs")[0],
        }

    def quarantine(self, limit: int | None = None) -> list[tuple[str, str, str]]:
        sql = "SELECT source_ref, reason, excerpt FROM quarantine ORDER BY file_ref, source_ref"
        return self.connection.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


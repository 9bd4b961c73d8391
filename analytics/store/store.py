"""The article store: one DuckDB file, written in Arrow batches inside transactions.

Tables:
- `articles`: one row per story (analytics.store.stories), the schema's columns.
- `attributions`, `article_credits`: what the attribution detector found in each stored article.
- `tags`: every tag of each stored article, by kind (editor tag, place, section, keyword).
- `duplicates`: every other record of a stored story (same article_id, or same text in the
  same outlet), with the article_id it carried itself.
- `quarantine`: every record that could not be stored, with its reason.
- `ingest_files`: per input file and run, records read/stored/duplicates/quarantined.
- `ingest_runs`: one row per ingest command.
- `file_refs`: which input file (its path) holds each file ref, so that a file of another folder
  with the same name gets a ref of its own (analytics.ingest.pipeline). A schema 5 store from
  before it gets it when next opened to write; a ref it holds without a row is known by the
  fingerprints of its `ingest_files` rows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import os
import pathlib
import re
import threading
from collections.abc import Iterable, Iterator

import duckdb
import pyarrow as pa

from analytics import settings
from analytics.errors import StoreError
from analytics.schema import ARROW_SCHEMA, ATTRIBUTION_SCHEMA, CREDIT_SCHEMA, TAG_SCHEMA
from analytics.store import lock as storelock
from analytics.store import stories
from analytics.store.stories import BatchAccount
from analytics.store.tables import DERIVED_KEYS, DERIVED_TABLES, TableBatch

SCHEMA_VERSION = "5"  # 5: articles' canonical outlet (outlet_id ...); 4: sections, text_fingerprint, record_article_id
# DuckDB settings while ingest writes (Store.bulk_writes), measured on a million articles:
# DuckDB checkpoints whenever its write-ahead log passes 16 MB, after nearly every batch,
# rewriting the table indexes each time (ingest's writes took twice as long); and its
# buffer pool keeps every block written (3.9 GB of memory by a million articles; with
# this limit it evicts them and stays near 1.2 GB, a tenth slower).
BULK_CHECKPOINT_THRESHOLD = "256MB"
BULK_MEMORY_LIMIT = "1GB"
DEFAULT_LOCK_WAIT_S = float(settings.LOCK_WAIT_S)
_SIZE = re.compile(r"^\s*([\d.]+)\s*([KMGT]?i?B|bytes)?\s*$", re.IGNORECASE)
_UNITS = {
    "": 1,
    "b": 1,
    "bytes": 1,
    "kb": 1e3,
    "mb": 1e6,
    "gb": 1e9,
    "tb": 1e12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}
LOG_COLUMNS = ("file_ref", "source", "records_read", "stored", "duplicates", "quarantined", "run_id")
REGISTRY_META = "registry_files"  # meta key: the registry files the stored attributions came from
NO_OUTLET_EXAMPLES = 3  # raw outlet values without an outlet id that `info` shows, most frequent first
# The host of a URL (scheme://user@host:port/...), as DuckDB's regexp_extract group 1.
URL_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]+)"
SHARE_DIGITS = 4  # shares in `info` are rounded to this many digits
OUTLETS_META = "outlet_files"  # meta key: the outlet registry files the stored outlet columns came from
NO_SPACE = os.strerror(errno.ENOSPC)  # "No space left on device": how OSError and DuckDB's errors alike say it
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
    columns = [f'"{f.name}" {_DUCKDB_TYPES[f.type]}' + ("" if f.nullable else " NOT NULL") for f in schema]
    keys = ", ".join(f'"{k}"' for k in primary_key)
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(columns)}, PRIMARY KEY ({keys}))"


DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    _table_ddl("articles", ARROW_SCHEMA, ("article_id",)),
    _table_ddl("attributions", ATTRIBUTION_SCHEMA, DERIVED_KEYS["attributions"]),
    _table_ddl("article_credits", CREDIT_SCHEMA, DERIVED_KEYS["article_credits"]),
    _table_ddl("tags", TAG_SCHEMA, DERIVED_KEYS["tags"]),
    "CREATE TABLE IF NOT EXISTS duplicates (source_ref VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, "
    "record_article_id VARCHAR NOT NULL, run_id INTEGER)",
    "CREATE TABLE IF NOT EXISTS quarantine (source_ref VARCHAR, reason VARCHAR, excerpt VARCHAR, "
    "file_ref VARCHAR, run_id INTEGER, PRIMARY KEY (source_ref, reason))",
    "CREATE TABLE IF NOT EXISTS ingest_runs (run_id INTEGER PRIMARY KEY, started_at TIMESTAMPTZ, "
    "finished_at TIMESTAMPTZ, command VARCHAR, status VARCHAR)",
    "CREATE TABLE IF NOT EXISTS ingest_files (run_id INTEGER, file_ref VARCHAR, source VARCHAR, fingerprint VARCHAR, "
    "records_read BIGINT, stored BIGINT, duplicates BIGINT, quarantined BIGINT, mapping VARCHAR, notes VARCHAR[], "
    "completed_at TIMESTAMPTZ, PRIMARY KEY (run_id, file_ref))",
    "CREATE TABLE IF NOT EXISTS file_refs (file_ref VARCHAR PRIMARY KEY, path VARCHAR NOT NULL)",
)


class StoreBusy(StoreError):
    """Another process holds the store in a way that excludes this one (and did not let go in time)."""


class StoreFull(StoreError):
    """The disk filled up while the store was written."""


@contextlib.contextmanager
def full_disk_as_error(path: pathlib.Path, *, kept: str) -> Iterator[None]:
    """Turn a full disk while writing the store at `path` into a StoreFull saying what is
    `kept` and how to finish. DuckDB says it in a chain: a COMMIT that could not write,
    then perhaps a write that follows (the run's status) failing on the checkpoint."""
    try:
        yield
    except Exception as err:
        if not _disk_full(err):
            raise
        raise StoreFull(
            f"the disk is full ({NO_SPACE}) while writing {path}; {kept}: free space and run the same command again"
        ) from err


def _disk_full(err: BaseException | None) -> bool:
    """Whether `err`, or an exception it was raised from or while handling, says the disk is full."""
    while err is not None:
        if getattr(err, "errno", None) == errno.ENOSPC or NO_SPACE in str(err):
            return True
        err = err.__cause__ or err.__context__
    return False


@dataclasses.dataclass(frozen=True)
class FileAccount:
    """One input file's accounting in one run: records read = stored + duplicates + quarantined."""

    file_ref: str
    source: str
    fingerprint: str | None  # None: the file could not be read (or was refused), so no run skips it
    records_read: int
    stored: int
    duplicates: int
    quarantined: int
    mapping: str = ""
    notes: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class RefHolder:
    """The input file that holds a file ref: its path (None: held since before refs had paths)
    and the fingerprints it was ingested with."""

    path: str | None
    fingerprints: frozenset[str]


@dataclasses.dataclass
class Store:
    """An open article store: one DuckDB connection (read-only or the one writer) and the writer's notice."""

    path: pathlib.Path
    connection: duckdb.DuckDBPyConnection
    notice: pathlib.Path | None = None  # this writer's notice to readers (analytics.store.lock)
    # DuckDB refuses two calls on one connection at once, cursor() included.
    _cursor_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False, compare=False)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own for one query; safe to call from several threads."""
        with self._cursor_lock:
            return self.connection.cursor()

    @classmethod
    def open(
        cls, path: pathlib.Path | str, *, read_only: bool = False, lock_wait: float = DEFAULT_LOCK_WAIT_S
    ) -> Store:
        """Open the store to read, or to write (creating it). While another process holds
        the file in a way that excludes this one (a writer, or readers when writing), wait
        up to `lock_wait` seconds (the `lock_wait` setting's default unless told); a writer announces
        itself meanwhile so that the dashboard lets go (analytics.store.lock)."""
        path = pathlib.Path(path)
        if read_only and not path.exists():
            raise StoreError(f"no store at {path}: run `media-analytics ingest` first")
        notice = None
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                notice = storelock.announce(path)
            except OSError as err:
                raise StoreError(
                    f"cannot write in the folder of store {path} ({err.strerror}: {err.filename}): "
                    "give --store a path in a folder you can write"
                ) from None
        try:
            connection = storelock.retry_while_locked(
                lambda: duckdb.connect(str(path), read_only=read_only), wait=lock_wait
            )
        except duckdb.Error as err:
            if notice is not None:
                storelock.withdraw(notice)
            if storelock.is_lock_conflict(err):
                holder = (
                    "an ingest is writing it" if read_only else "another process has it open (a dashboard, a notebook?)"
                )
                raise StoreBusy(
                    f"cannot open store {path}: {holder}, and it was not free within {lock_wait:g} s"
                ) from None
            raise StoreError(f"cannot open store {path}: {err}") from None
        connection.execute("SET TimeZone = 'UTC'")
        store = cls(path, connection, notice)
        try:
            if read_only:
                store._check_version()
            else:
                store._create()
                connection.execute(stories.FIRST_OF_EACH_MACRO)
        except BaseException:
            store.close()
            raise
        return store

    def first(self, sql: str, params: list | None = None) -> tuple | None:
        """The first row of a query, or None, read to the end (DuckDB keeps a connection busy
        until a result is exhausted)."""
        rows = self.connection.execute(sql, params or []).fetchall()
        return rows[0] if rows else None

    def one(self, sql: str, params: list | None = None) -> tuple:
        """The row of a query that always gives one (an aggregate)."""
        row = self.first(sql, params)
        if row is None:
            raise LookupError(f"no row from {sql!r}")
        return row

    def meta(self, key: str) -> str | None:
        """A meta value; safe from several threads at once (it reads on a cursor of its own)."""
        cursor = self.cursor()
        try:
            rows = cursor.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        finally:
            cursor.close()
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Record a key/value fact about the store (what made its derived tables)."""
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def close(self) -> None:
        """Close the connection and withdraw this writer's notice to readers."""
        self.connection.close()
        if self.notice is not None:
            storelock.withdraw(self.notice)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _create(self) -> None:
        for statement in DDL:
            self.connection.execute(statement)
        found = self.first("SELECT value FROM meta WHERE key = 'schema_version'")
        if found is None:
            self.connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self._check_version()

    def _check_version(self) -> None:
        try:
            found = self.first("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.CatalogException:
            raise StoreError(f"{self.path} is not a media-analytics store") from None
        if found is None or found[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written with store schema {found and found[0]}, this version needs "
                f"{SCHEMA_VERSION}: ingest again into a new store"
            )

    # --- writing -------------------------------------------------------------------------

    def start_run(self, command: str) -> int:
        """Record a new ingest run as running; returns its id."""
        run_id = self.one("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs")[0]
        self.connection.execute("INSERT INTO ingest_runs VALUES (?, ?, NULL, ?, 'running')", [run_id, _now(), command])
        return run_id

    def finish_run(self, run_id: int, status: str) -> None:
        """Record how an ingest run ended (completed or failed)."""
        self.connection.execute(
            "UPDATE ingest_runs SET finished_at = ?, status = ? WHERE run_id = ?", [_now(), status, run_id]
        )

    def file_done(self, file_ref: str, fingerprint: str) -> bool:
        """Whether this exact file content was already ingested completely with the same settings."""
        found = self.first(
            "SELECT 1 FROM ingest_files WHERE file_ref = ? AND fingerprint = ? AND completed_at IS NOT NULL LIMIT 1",
            [file_ref, fingerprint],
        )
        return found is not None

    def ref_holders(self, file_refs: list[str]) -> dict[str, RefHolder]:
        """Of these file refs, those an input file of the store holds, with that file."""
        rows = self.connection.execute(
            "SELECT w.file_ref, any_value(c.path), list(DISTINCT f.fingerprint) FILTER (WHERE f.fingerprint IS NOT NULL) "
            "FROM (SELECT unnest(?::VARCHAR[]) AS file_ref) w LEFT JOIN file_refs c USING (file_ref) "
            "LEFT JOIN ingest_files f USING (file_ref) "
            "WHERE c.file_ref IS NOT NULL OR f.file_ref IS NOT NULL GROUP BY w.file_ref",
            [file_refs],
        ).fetchall()
        return {ref: RefHolder(path, frozenset(fingerprints or ())) for ref, path, fingerprints in rows}

    def claim_refs(self, paths: dict[str, str]) -> None:
        """Record which input file (its path) holds each file ref; refs already held stay with their file."""
        if paths:
            claims = pa.table({"file_ref": list(paths), "path": list(paths.values())})
            self.connection.register("new_claims", claims)
            self.connection.execute("INSERT OR IGNORE INTO file_refs SELECT * FROM new_claims")
            self.connection.unregister("new_claims")

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Settings for writing many batches (see BULK_CHECKPOINT_THRESHOLD) and DuckDB within
        BULK_MEMORY_LIMIT (`memory_capped`), restored after; no progress bar is printed."""
        with self._settings({"checkpoint_threshold": BULK_CHECKPOINT_THRESHOLD, "enable_progress_bar": False}):
            with self.memory_capped(BULK_MEMORY_LIMIT):
                yield

    @contextlib.contextmanager
    def memory_capped(self, limit: str) -> Iterator[None]:
        """DuckDB's memory_limit at most `limit` (a limit already lower is kept) within the block,
        restored after: DuckDB lets go of its buffers beyond it (the process's resident memory falls)."""
        current = self.one("SELECT current_setting('memory_limit')")[0]
        with self._settings({"memory_limit": limit} if _bytes(str(current)) > _bytes(limit) else {}):
            yield

    @contextlib.contextmanager
    def _settings(self, wanted: dict[str, str | bool]) -> Iterator[None]:
        """These DuckDB settings within the block, the earlier values restored after."""
        previous = {name: self.one(f"SELECT current_setting('{name}')")[0] for name in wanted}
        for name, value in wanted.items():
            self._set(name, value)
        try:
            yield
        finally:
            for name, value in previous.items():
                self._set(name, value)

    def _set(self, name: str, value: object) -> None:
        self.connection.execute(f"SET {name} = {value!r}" if isinstance(value, str) else f"SET {name} = {value}")

    def write_tables(self, batch: TableBatch, *, run_id: int, file_ref: str) -> BatchAccount:
        """Store a batch of Arrow tables (analytics.store.tables.TableBatch) of the input file
        `file_ref` in one transaction, one story counted once (analytics.store.stories);
        returns what it changed in the accounts.

        A record that is its story's stored record (an interrupted ingest run again) counts
        as stored; every other record of a story is a duplicate.
        """
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            rows = pa.array(range(batch.articles.num_rows), pa.int64())
            con.register("batch_articles", batch.articles.append_column(stories.RECORD_NO, rows))
            for name in DERIVED_TABLES:
                con.register(f"batch_{name}", batch.derived[name])
            stories.place_batch(con)
            stories.record_duplicates(con, run_id=run_id)
            account = stories.account(con, file_ref=file_ref, run_id=run_id)
            stories.drop_batch_tables(con)
            for name in ("articles", *DERIVED_TABLES):
                con.unregister(f"batch_{name}")
            self._insert_rows("quarantine", batch.quarantine, run_id=run_id)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        return account

    def _insert_tables(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            if table.num_rows:
                self.connection.register("new_rows", table)
                self.connection.execute(f"INSERT OR IGNORE INTO {name} SELECT * FROM new_rows")
                self.connection.unregister("new_rows")

    def replace_tables(
        self, names: tuple[str, ...], batches: Iterable[dict[str, pa.Table]], *, meta: dict[str, str]
    ) -> None:
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
            _rollback(self.connection)
            raise

    def update_articles(self, batches: Iterable[pa.Table], *, meta: dict[str, str]) -> None:
        """Set article columns from `batches` (each an Arrow table of article_id and the columns
        to set, rows of stored articles), in one transaction (readers never see a half-done
        recomputation); `meta` records what made them."""
        self.connection.execute("BEGIN TRANSACTION")
        try:
            for batch in batches:
                columns = [name for name in batch.column_names if name != "article_id"]
                assignments = ", ".join(f'"{c}" = new_values."{c}"' for c in columns)
                self.connection.register("new_values", batch)
                self.connection.execute(
                    f"UPDATE articles SET {assignments} FROM new_values WHERE articles.article_id = new_values.article_id"
                )
                self.connection.unregister("new_values")
            for key, value in meta.items():
                self.set_meta(key, value)
            self.connection.execute("COMMIT")
        except BaseException:
            _rollback(self.connection)
            raise

    def iter_articles(self, columns: tuple[str, ...], *, batch_rows: int) -> Iterator[list[dict]]:
        """Stored articles in batches of dicts with the given columns, in article_id order."""
        cursor = self.cursor()  # its own connection: the caller may write meanwhile
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.sql(f"SELECT {names} FROM articles ORDER BY article_id").to_arrow_reader(
            batch_size=batch_rows
        ) as reader:
            for batch in reader:
                yield batch.to_pylist()

    def _insert_rows(self, table: str, rows: pa.Table, *, run_id: int) -> None:
        """Insert rows through Arrow (DuckDB's executemany goes row by row)."""
        if rows.num_rows:
            rows = rows.append_column("run_id", pa.array([run_id] * rows.num_rows, pa.int32()))
            self.connection.register("new_rows", rows)
            self.connection.execute(f"INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM new_rows")
            self.connection.unregister("new_rows")

    def record_file(self, run_id: int, account: FileAccount) -> None:
        """Mark a file ingested completely, with its accounting."""
        self.connection.execute(
            "INSERT OR REPLACE INTO ingest_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                account.file_ref,
                account.source,
                account.fingerprint,
                account.records_read,
                account.stored,
                account.duplicates,
                account.quarantined,
                account.mapping,
                list(account.notes),
                _now(),
            ],
        )

    # --- reading -------------------------------------------------------------------------

    def info(self) -> dict:
        """What the store holds: articles, outlets, dates, languages, credits, the top outlets and agencies,
        how outlets were found (the share per method, the articles without one by reason, the raw
        names most often without one), duplicates, quarantine and ingest runs."""
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
            **self._outlet_facts(articles),
            "duplicates": self.one("SELECT count(*) FROM duplicates")[0],
            "quarantined": self.one("SELECT count(*) FROM quarantine")[0],
            "ingest_runs": self.one("SELECT count(*) FROM ingest_runs")[0],
            "ingest_runs_not_completed": self.one("SELECT count(*) FROM ingest_runs WHERE status != 'completed'")[0],
        }

    def _outlet_facts(self, articles: int) -> dict:
        """How the stored articles' outlets were found: canonical outlets, the share of articles
        per method, the articles without one per reason, and the raw values most often without one."""
        methods = self.connection.execute(
            "SELECT coalesce(outlet_method, 'none'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        issues = self.connection.execute(
            "SELECT coalesce(outlet_issue, '(unknown)'), count(*) FROM articles WHERE outlet_id IS NULL "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        examples = self.connection.execute(
            "SELECT outlet FROM articles WHERE outlet_id IS NULL AND outlet IS NOT NULL "
            f"GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT {NO_OUTLET_EXAMPLES}"
        ).fetchall()
        return {
            "canonical_outlets": self.one("SELECT count(DISTINCT outlet_id) FROM articles")[0],
            "outlets_found_by": {method: round(n / articles, SHARE_DIGITS) for method, n in methods},
            "articles_without_outlet": dict(issues),
            "names_without_outlet": [name for (name,) in examples],
        }

    def outlet_pairs(self) -> list[tuple]:
        """The stored articles counted per (URL host, raw outlet name) and the outlet columns they
        were given: rows of (host, outlet, outlet_id, outlet_name, outlet_kind, outlet_method,
        outlet_issue, articles). The host is the URL's, lower-cased, without `www.`; None without a URL."""
        return self.connection.execute(
            f"SELECT nullif(regexp_replace(lower(regexp_extract(url, '{URL_HOST}', 1)), '^www\\d*\\.', ''), '') AS host, "
            "outlet, outlet_id, outlet_name, outlet_kind, outlet_method, outlet_issue, count(*) "
            "FROM articles GROUP BY ALL ORDER BY ALL"
        ).fetchall()

    def ingest_log(self) -> list[dict]:
        """Per input file, its latest complete ingest: records read, stored, duplicates and
        quarantined (read = stored + duplicates + quarantined), with the run that read it."""
        return [
            dict(zip(LOG_COLUMNS, row))
            for row in self.connection.execute(
                f"SELECT {', '.join(LOG_COLUMNS)} FROM ingest_files WHERE completed_at IS NOT NULL "
                "QUALIFY row_number() OVER (PARTITION BY file_ref ORDER BY run_id DESC) = 1 ORDER BY source, file_ref"
            ).fetchall()
        ]

    def quarantine(self, limit: int | None = None) -> list[tuple[str, str, str]]:
        """The quarantined records (source_ref, reason, excerpt), all or the first `limit`."""
        sql = "SELECT source_ref, reason, excerpt FROM quarantine ORDER BY file_ref, source_ref"
        return self.connection.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()


def _rollback(connection: duckdb.DuckDBPyConnection) -> None:
    """Roll back the transaction, unless it has ended already: a COMMIT that failed (a full
    disk) ends it, and the error to raise is the COMMIT's."""
    with contextlib.suppress(duckdb.TransactionException):
        connection.execute("ROLLBACK")


def _bytes(size: str) -> float:
    """Bytes of a DuckDB size setting (`18.8 GiB`, `1GB`); unreadable sizes count as unlimited."""
    match = _SIZE.match(size)
    if not match:
        return float("inf")
    return float(match[1]) * _UNITS.get((match[2] or "").lower(), float("inf"))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)

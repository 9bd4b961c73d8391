"""The one store a dashboard reads, and the cache of what it computed.

The store is opened read-only when a request needs it and closed when the last
request using it ends, so an ingest can take the write lock between bursts of
requests (DuckDB lets no process write while another holds the file open). All
requests in flight share that one connection, each query on a cursor of its own
(the analytics engine's model); cursors are created one at a time, as DuckDB
refuses two calls on one connection at once, and connections are never opened or
closed while a query runs (opening one per request raced inside DuckDB: "Table
Function with name pandas_scan does not exist"). An app built on an already open
`Store` (a notebook's) uses that connection and never closes it. No path from a
request is ever opened: only the one given to `Data`.

Results are cached by (what was asked, filters, store version): `store_version`
changes whenever an ingest writes, so a cached result is never stale. The cache
is a small LRU shared by every page and thread of the app.
"""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import pathlib
import threading
from typing import Any, Callable, Hashable, Iterator, TypeVar

from analytics.queries.engine import run, store_version
from analytics.store import Store, StoreError

T = TypeVar("T")
CACHE_ENTRIES = 512  # results are summaries (tens to a few thousand rows); 512 of them stay small
INGEST_HINT = "media-analytics ingest --manifest data/manifests/sample.toml"
_MISSING = object()


class StoreUnavailable(RuntimeError):
    """The store cannot be read now; `kind` is missing | empty | busy | unusable."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


class ResultCache:
    """A thread-safe LRU of at most `maxsize` entries."""

    def __init__(self, maxsize: int = CACHE_ENTRIES):
        self.maxsize = maxsize
        self._entries: collections.OrderedDict[Hashable, Any] = collections.OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
            self.misses += 1
            return _MISSING

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class _Cursors:
    """A connection that hands out one cursor at a time (all the analytics engine asks of it)."""

    def __init__(self, connection: Any, lock: threading.Lock):
        self._connection = connection
        self._lock = lock

    def cursor(self) -> Any:
        with self._lock:
            return self._connection.cursor()


class SharedStore(Store):
    """What a request gets: a Store (so the analytics API reads its recorded registry)
    whose connection only hands out cursors; the dashboard closes the real one."""

    @classmethod
    def over(cls, store: Store, lock: threading.Lock) -> "SharedStore":
        return cls(store.path, _Cursors(store.connection, lock))

    def close(self) -> None:
        raise RuntimeError("a request's store is closed by the dashboard, not by the request")


@dataclasses.dataclass(frozen=True)
class StoreStatus:
    ok: bool
    kind: str  # ok | missing | empty | busy | unusable
    message: str
    articles: int = 0


class Data:
    """What the callbacks read through: `get(key, compute)` runs `compute(store)` on the
    store, or returns the cached result for (key, store version)."""

    def __init__(self, store: Store | pathlib.Path | str, *, time_limit: float | None = None,
                 cache_entries: int = CACHE_ENTRIES):
        if isinstance(store, Store):
            self.path, self._store = store.path, store
        else:
            self.path, self._store = pathlib.Path(store), None
        self.time_limit = time_limit  # None: the analytics default (QUERY_TIME_LIMIT_S)
        self.cache = ResultCache(cache_entries)
        self._lock = threading.Lock()  # guards opening, closing and the count of users
        self._cursor_lock = threading.Lock()
        self._shared: Store | None = None
        self._users = 0

    @contextlib.contextmanager
    def opened(self) -> Iterator["SharedStore"]:
        """The store for one request: a Store-like object whose connection hands out cursors."""
        if self._store is not None:
            yield SharedStore.over(self._store, self._cursor_lock)
            return
        with self._lock:
            if self._shared is None:
                self._shared = self._open()
            self._users += 1
            store = self._shared
        try:
            yield SharedStore.over(store, self._cursor_lock)
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0 and self._shared is not None:
                    self._shared.close()
                    self._shared = None

    def _open(self) -> Store:
        if not self.path.exists():
            raise StoreUnavailable("missing", f"There is no article store at {self.path} yet.")
        try:
            return Store.open(self.path, read_only=True)
        except StoreError as err:
            text = str(err)
            if "lock" in text.lower():
                raise StoreUnavailable(
                    "busy", f"The store {self.path} is being written (an ingest is running): try again in a moment."
                ) from None
            raise StoreUnavailable("unusable", text) from None

    def get(self, key: tuple, compute: Callable[[SharedStore], T]) -> T:
        """The cached result of `compute(store)` for `key` (which must name the query, its
        options and the filters) at the store's current version."""
        with self.opened() as store:
            full_key = (*key, store_version(store))
            found = self.cache.get(full_key)
            if found is not _MISSING:
                return found
            value = compute(store)
            self.cache.put(full_key, value)
            return value

    def status(self) -> StoreStatus:
        """Whether there is anything to show, and if not, why (for the start page)."""
        try:
            articles = self.get(("status",), _article_count)
        except StoreUnavailable as problem:
            return StoreStatus(False, problem.kind, problem.message)
        if not articles:
            return StoreStatus(False, "empty", f"The store {self.path} holds no articles yet.")
        return StoreStatus(True, "ok", "", articles)


def _article_count(store: SharedStore) -> int:
    return int(run(store, "SELECT count(*) AS n FROM articles", name="article count")["n"].iloc[0])

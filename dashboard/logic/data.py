"""The one store a dashboard reads, and the cache of what it computed.

The store is opened read-only when a request needs it and closed IDLE_CLOSE_S after
the last request using it ended, so an ingest can take the write lock between bursts
of requests (DuckDB lets no process write while another holds the file open), while
the requests of a burst (a page's charts, a user clicking on) reuse one connection
and the blocks it has read (opening a store of a million articles, and reading its
columns again, costs tens of milliseconds a request). A writer waiting for the store
(its notice, analytics.store.lock) is let in at once: the requests in flight finish,
the store closes, and requests say the store is busy until the writer is done. All
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

With `compact=True` (the served app), analyses (`analysis(key, compute)`) run on a
compact in-memory copy of what they read (`analytics.queries.compact`), two to three times as
fast, with the same results: the first analysis at a store version starts making the
copy in the background, and analyses run on the store itself until it is ready.

At exit the process waits for that background work (`stop_background_work`): DuckDB aborts
the whole process ("FATAL: exception not rethrown", status 134) when a daemon thread comes
back from it after the interpreter has begun to shut down.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import dataclasses
import logging
import pathlib
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar, cast

from analytics.queries.compact import compact_copy
from analytics.queries.engine import store_version
from analytics.queries.overview import article_count
from analytics.settings import TIMELINE_MIN_ARTICLES
from analytics.store import lock as storelock
from analytics.store.store import Store, StoreBusy, StoreError

T = TypeVar("T")
CACHE_ENTRIES = 512  # results are summaries (tens to a few thousand rows); 512 of them stay small
IDLE_CLOSE_S = 2.0  # seconds the store stays open after the last request (0: closed at once)
INGEST_HINT = "media-analytics ingest --manifest data/manifests/sample.toml"
_MISSING = object()
# Seconds the process waits at exit for a compact copy being made (a million articles take a
# few seconds; past this the exit goes on and may abort).
EXIT_WAIT_S = 60.0
_LIVE: weakref.WeakSet[Data] = weakref.WeakSet()  # every Data, for stop_background_work
log = logging.getLogger(__name__)


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
        """The cached value, now the most recently used, or the `_MISSING` sentinel."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
            self.misses += 1
            return _MISSING

    def put(self, key: Hashable, value: Any) -> None:
        """Caches a value, dropping the least recently used entries beyond `maxsize`."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Drops every entry."""
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
    def over(cls, store: Store, lock: threading.Lock) -> SharedStore:
        """A request's view of the open `store`, its cursors made one at a time under `lock`."""
        return cls(store.path, cast(Any, _Cursors(store.connection, lock)))  # hands out cursors, as a connection does

    def close(self) -> None:
        """Refused: the dashboard closes the store, never a request."""
        raise RuntimeError("a request's store is closed by the dashboard, not by the request")


@dataclasses.dataclass(frozen=True)
class StoreStatus:
    """Whether the store has anything to show (`Data.status`), and if not, why."""

    ok: bool
    kind: str  # ok | missing | empty | busy | unusable
    message: str
    articles: int = 0


class Data:
    """What the callbacks read through: `get(key, compute)` runs `compute(store)` on the
    store, or returns the cached result for (key, store version); `analysis(key, compute)`
    the same for a compute that only runs analyses (on the compact copy when there is one)."""

    def __init__(
        self,
        store: Store | pathlib.Path | str,
        *,
        time_limit: float | None = None,
        timeline_min_articles: int = TIMELINE_MIN_ARTICLES,
        cache_entries: int = CACHE_ENTRIES,
        idle_close: float = IDLE_CLOSE_S,
        compact: bool = False,
    ):
        self._store: Store | None
        if isinstance(store, Store):
            self.path, self._store = store.path, store
        else:
            self.path, self._store = pathlib.Path(store), None  # opened on demand
        self.time_limit = time_limit  # None: the analytics default (QUERY_TIME_LIMIT_S)
        self.timeline_min_articles = timeline_min_articles  # articles a period needs for its shares to be drawn
        self.idle_close = idle_close
        self._compact = compact and self._store is None  # an open Store (a notebook's) is read as it is
        self._copy: tuple[str, Store] | None = None  # (store version, its compact copy)
        self._copying: str | None = None  # the store version a copy was last started of (not retried)
        self.cache = ResultCache(cache_entries)
        self._lock = threading.Lock()  # guards opening, closing, the count of users and the closer
        self._cursor_lock = threading.Lock()
        self._shared: Store | None = None
        self._shared_version: str | None = None  # its version, while it is open
        self._users = 0
        self._closer: threading.Timer | None = None  # closes the store once it has been idle long enough
        self._copier: threading.Thread | None = None  # makes the compact copy
        _LIVE.add(self)

    @contextlib.contextmanager
    def opened(self) -> Iterator[SharedStore]:
        """The store for one request: a Store-like object whose connection hands out cursors."""
        if self._store is not None:
            yield SharedStore.over(self._store, self._cursor_lock)
            return
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if storelock.writer_waiting(self.path):  # the requests in flight finish, no other starts
                if self._users == 0:
                    self._close()
                raise _busy(self.path)
            if self._shared is None:
                self._shared = self._open()
            self._users += 1
            store = self._shared
        try:
            yield SharedStore.over(store, self._cursor_lock)
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    if self.idle_close > 0 and not storelock.writer_waiting(self.path):
                        self._closer = threading.Timer(self.idle_close, self._close_if_idle)
                        self._closer.daemon = True
                        self._closer.start()
                    else:
                        self._close()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._users == 0 and self._closer is threading.current_thread():  # not reopened meanwhile
                self._closer = None
                self._close()

    def _close(self) -> None:
        if self._shared is not None:
            self._shared.close()
            self._shared = None
            self._shared_version = None

    def _open(self) -> Store:
        if not self.path.exists():
            raise StoreUnavailable("missing", f"There is no article store at {self.path} yet.")
        try:
            return Store.open(self.path, read_only=True, lock_wait=0)  # a request says busy, never waits
        except StoreBusy:
            raise _busy(self.path) from None
        except StoreError as err:
            if storelock.writer_waiting(self.path):
                raise _busy(self.path) from None
            raise StoreUnavailable("unusable", str(err)) from None

    def get(self, key: tuple, compute: Callable[[Store], T]) -> T:
        """The cached result of `compute(store)` for `key` (which must name the query, its
        options and the filters) at the store's current version."""
        return self._cached(key, compute, analyses=False)

    def analysis(self, key: tuple, compute: Callable[[Store], T]) -> T:
        """`get` for a compute that runs analytics queries only: on the compact copy of the
        store at its current version once that is made (see the module docstring)."""
        return self._cached(key, compute, analyses=True)

    def compact(self) -> Store | None:
        """The compact copy of the store at its current version once it is made, else None
        (its making started, if the app makes one)."""
        with self.opened() as store:
            return self._copy_at(self._version(store))

    def _cached(self, key: tuple, compute: Callable[[Store], T], *, analyses: bool) -> T:
        with self.opened() as store:
            version = self._version(store)
            found = self.cache.get((*key, version))
            if found is not _MISSING:
                return found
            value = compute((self._copy_at(version) if analyses else None) or store)
            self.cache.put((*key, version), value)
            return value

    def _version(self, store: Store) -> str:
        """The store's version: once while the app holds it open (no process can write it
        then), at every request for an open Store (its owner may write between requests)."""
        if self._store is not None:
            return store_version(store)
        if self._shared_version is None:  # set at most once per opening: a race computes it twice
            self._shared_version = store_version(store)
        return self._shared_version

    def _copy_at(self, version: str) -> Store | None:
        """The compact copy of the store at `version`; None while it is being made (its
        making started here) or when the app makes none."""
        if not self._compact:
            return None
        with self._lock:
            if self._copy is not None and self._copy[0] == version:
                return self._copy[1]
            if self._copying != version:
                self._copying = version
                self._copier = threading.Thread(target=self._make_copy, args=(version,), daemon=True)
                self._copier.start()
        return None

    def _make_copy(self, version: str) -> None:
        copy = None
        try:
            with self.opened() as store:  # held open: no ingest writes while the copy is made
                if self._version(store) == version:
                    copy = compact_copy(store)
        except StoreUnavailable as problem:  # a writer came first: its store version gets a copy of its own
            log.info("no compact copy of %s: %s", self.path, problem.message)
        except Exception:  # the requests, on the store itself, say what is wrong with it
            log.exception("no compact copy of %s", self.path)
        if copy is not None:
            with self._lock:
                self._copy = (version, copy)  # an older copy closes when the last analysis on it ends

    def stop_background_work(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the compact copy being made, then close the store
        if no request holds it (instead of a timer closing it while the process exits)."""
        if self._copier is not None:
            self._copier.join(timeout)
        with self._lock:
            closer, self._closer = self._closer, None
            if closer is not None:
                closer.cancel()
            if self._users == 0:
                self._close()
        if closer is not None and closer is not threading.current_thread():
            closer.join(timeout)  # one that fired before the cancel

    def status(self) -> StoreStatus:
        """Whether there is anything to show, and if not, why (for the start page)."""
        try:
            articles = self.get(("status",), article_count)
        except StoreUnavailable as problem:
            return StoreStatus(False, problem.kind, problem.message)
        if not articles:
            return StoreStatus(False, "empty", f"The store {self.path} holds no articles yet.")
        return StoreStatus(True, "ok", "", articles)


@atexit.register
def stop_background_work() -> None:
    """Every Data's background work, finished or waited for (see the module docstring)."""
    for data in list(_LIVE):
        data.stop_background_work(EXIT_WAIT_S)


def _busy(path: pathlib.Path) -> StoreUnavailable:
    return StoreUnavailable("busy", f"The store {path} is being written (an ingest is running): try again in a moment.")

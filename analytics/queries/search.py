"""A text query as a filter: the articles it matches, as a table every analysis's SQL can read.

`Filters.q` becomes the condition `article_id IN (SELECT article_id FROM search_matches."q_<digest>")`
(`matches_condition`): plain SQL, the same in every analysis. Before a query runs, `prepare(store,
sql)` fills each such table it names: the search index (analytics.store.search_index) answers
the query once, its article keys go into a table of an in-memory database attached to the store's
connection (so every cursor sees it), under the store's own article ids (the compact copy's
integers there). The attached database's `made` table says which index state each table was made
from (it is made again once the index changed) and when it was last used (the last MAX_TABLES are kept).

`snippet(text, query)` shows where a text matches: a short passage around the first word of the
query found in it, with the spans of the query's words (`highlights`), as the index matches them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from typing import Any

import pyarrow as pa

from analytics.errors import UserError
from analytics.queries.compact import STORE_ID
from analytics.store import search_index
from analytics.text.search_syntax import Node, QuerySyntaxError, parse, positive_words

MATCHES_DB = "search_matches"
SNIPPET_CHARS = 160  # characters of text a snippet shows around the first word found
SNIPPET_LEAD = 24  # of them, at most this many before that word (a few words: a table's cell shows the word)
ELLIPSIS = "…"  # marks text cut off at either end of a snippet
MAX_TABLES = 32  # queries whose matches stay in memory per store (a million-article match is 8 MB of keys)
_TABLE = re.compile(MATCHES_DB + r'\."q_([0-9a-f]{16})"')
_queries: dict[str, str] = {}  # digest -> query text, filled as conditions are written
_lock = threading.Lock()


class QueryTextError(UserError):
    """A text query that cannot be read (QuerySyntaxError's message, with where)."""


def check(query: str) -> Node:
    """The tree of a text query; QueryTextError saying where it cannot be read, or where a word or
    phrase holds nothing the index could find (`!!!`, `a*`)."""
    try:
        tree = parse(query)
        search_index.check_words(tree, query)
    except QuerySyntaxError as err:
        raise QueryTextError(f"q: {err}") from None
    return tree


def matches_condition(query: str, alias: str) -> str:
    """The SQL condition: article `<alias>` matches the text query."""
    digest = hashlib.sha1(query.encode("utf-8")).hexdigest()[:16]
    _queries[digest] = query
    return f'{alias}.article_id IN (SELECT article_id FROM {MATCHES_DB}."q_{digest}")'


def prepare(store: Any, sql: str) -> None:
    """Make the match table of every text query `sql` names, for `store` (a Store or its compact copy)."""
    digests = dict.fromkeys(_TABLE.findall(sql))
    if not digests:
        return
    with _lock:
        for digest in digests:
            _make(store, digest, _queries[digest])


def matching_ids(store: Any, query: str) -> pa.Array:
    """The store article ids of every article matching the text query."""
    index = search_index.open_index(search_index.index_path(store.path))
    compiled = search_index.compile_query(check(query), index, query)
    return search_index.article_ids(search_index.matching_keys(index, compiled))


@dataclasses.dataclass(frozen=True)
class Snippet:
    """A short passage of a text, with the (start, end) spans of the query's words in it."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def pieces(self) -> list[tuple[str, bool]]:
        """The passage cut at its spans: (text, whether it is a query's word), in order."""
        out: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.spans:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


def highlights(text: str, query: str, *, field: str | None = None) -> list[tuple[int, int]]:
    """The (start, end) spans of `text` where the words a matching article holds (those under no
    NOT) occur, as the index matches them, in order, none overlapping; `field`: the index field the
    text is (title, text, caption), so a word asked in another field (`title:korea`) is left out."""
    words = [w for w in positive_words(check(query)) if field is None or w.field in (None, field)]
    merged: list[tuple[int, int]] = []
    for start, end in search_index.highlight_spans(text, words):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, query: str, *, chars: int = SNIPPET_CHARS, field: str | None = None) -> Snippet | None:
    """About `chars` characters of `text` (its runs of spaces and line breaks as one space) from
    shortly before the first word of the text query found in it, cut at a space where there is one
    near (CJK text has none), ELLIPSIS where text was cut off; None when no word of it is found."""
    flat = " ".join((text or "").split())
    spans = highlights(flat, query, field=field)
    if not spans:
        return None
    first = spans[0][0]
    start = max(0, first - SNIPPET_LEAD)
    if start > 0:
        space = flat.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(flat), max(start + chars, spans[0][1]))
    if end < len(flat):
        space = flat.rfind(" ", spans[0][1], end)
        end = space if space > start + chars // 2 else end
    lead = ELLIPSIS if start > 0 else ""
    shift = len(lead) - start
    shown = tuple((max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start)
    return Snippet(lead + flat[start:end] + (ELLIPSIS if end < len(flat) else ""), shown)


def _make(store: Any, digest: str, query: str) -> None:
    stamp = _stamp(search_index.index_path(store.path))
    cursor = store.cursor()  # an attached database is the store's, whatever connection attached it
    try:
        if not cursor.execute("SELECT 1 FROM duckdb_databases() WHERE database_name = ?", [MATCHES_DB]).fetchall():
            cursor.execute(f"ATTACH ':memory:' AS {MATCHES_DB} (READ_WRITE)")
            cursor.execute(f"CREATE TABLE {MATCHES_DB}.made (digest VARCHAR PRIMARY KEY, stamp BIGINT, used BIGINT)")
        used = cursor.execute(f"SELECT coalesce(max(used), 0) + 1 FROM {MATCHES_DB}.made").fetchone()[0]
        if cursor.execute(
            f"SELECT 1 FROM {MATCHES_DB}.made WHERE digest = ? AND stamp = ?", [digest, stamp]
        ).fetchall():
            cursor.execute(f"UPDATE {MATCHES_DB}.made SET used = ? WHERE digest = ?", [used, digest])
            return
        cursor.register("matched_ids", pa.table({"store_id": matching_ids(store, query)}))
        if _has_store_ids(cursor):  # the compact copy: its integer ids of those articles
            select = f"SELECT a.article_id FROM articles a SEMI JOIN matched_ids m ON a.{STORE_ID} = m.store_id"
        else:
            select = "SELECT store_id AS article_id FROM matched_ids"
        cursor.execute(f'CREATE OR REPLACE TABLE {MATCHES_DB}."q_{digest}" AS {select}')
        cursor.execute(f"INSERT OR REPLACE INTO {MATCHES_DB}.made VALUES (?, ?, ?)", [digest, stamp, used])
        for (old,) in cursor.execute(
            f"SELECT digest FROM {MATCHES_DB}.made ORDER BY used DESC OFFSET ?", [MAX_TABLES]
        ).fetchall():
            cursor.execute(f'DROP TABLE {MATCHES_DB}."q_{old}"')
            cursor.execute(f"DELETE FROM {MATCHES_DB}.made WHERE digest = ?", [old])
    finally:
        cursor.close()


def _stamp(path: Any) -> int:
    """When the index last changed (its meta file's time); IndexMissing without an index."""
    try:
        return (path / "meta.json").stat().st_mtime_ns
    except OSError:
        raise search_index.IndexMissing(
            f"the store has no search index ({path}): run `media-analytics reindex` to build it"
        ) from None


def _has_store_ids(connection: Any) -> bool:
    found = connection.execute(
        "SELECT 1 FROM duckdb_columns() WHERE database_name = current_database() AND table_name = 'articles' "
        "AND column_name = ?",
        [STORE_ID],
    ).fetchall()
    return bool(found)

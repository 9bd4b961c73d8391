"""The full-text index beside the store (`<store>.index/`): Tantivy, built from the stored articles.

One document per stored article: its title, body (`text`) and captions (`caption`), analysed
by `analyzer()` (words of letters and digits, analytics.text.words.WORD_PATTERN, lower-cased and folded to ASCII, so case and accents
never matter; each CJK character a word of its own, so a CJK word is found as the phrase of its
characters; no stemming, which would merge unrelated Indonesian words), and the article as a
number (`key`: its 16 hex digits). Nothing else is stored: the text stays in the store.

Ingest keeps it current: after each batch the articles the batch wrote or changed are indexed
again from the store (`stored_texts`), committed every COMMIT_SECONDS and when the run ends, which
records the run in the index (STATE_FILE, with the word pattern it cut the texts with). A run
that did not end so (killed, or failed) is repaired by the next ingest (`writer_for_ingest`): it
indexes again every article ingested since that run started; an index cut with another word
pattern (an older version's) is built anew. `reindex` builds it anew from the store (`rebuild`). `state()` says whether it
holds what the store holds.

`compile_query` turns a query's tree (analytics.text.search_syntax) into Tantivy's, after
`check_words` found a word to search for in each of its words and phrases; `matching_keys` returns
the keys of every article it matches; `highlight_spans` finds a query's words in a text, for snippets.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import pathlib
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import tantivy

from analytics.errors import UserError
from analytics.schema import ID_HEX_CHARS
from analytics.store.store import Store
from analytics.text.search_syntax import Either, Node, Not, QuerySyntaxError, Words, words_of
from analytics.text.words import WORD_PATTERN, is_cjk

INDEX_SUFFIX = ".index"
KEY = "key"
ANALYZER_NAME = "media_text"
# index field -> the articles column it holds (a list column: one value per caption)
FIELD_COLUMNS = {"title": "title", "text": "body", "caption": "captions"}
TEXT_COLUMNS = ", ".join(FIELD_COLUMNS.values())
REBUILD_BATCH_ROWS = 5000
STATE_FILE = "media_analytics_state.json"  # what the index was last made current with
WRITER_HEAP_BYTES = 128 * 1024 * 1024
WRITER_THREADS = 1  # ingest's workers have the other cores
# `reindex` runs alone: two indexing threads took 10-12 s for 200,000 articles where one took 20 s
# (the same CPU; each thread its own WRITER_HEAP_BYTES).
REBUILD_THREADS = 2
# Seconds between the commits of an ingest: each commit waits for the indexing thread and leaves a
# segment to merge (committing after every file of 5,000 articles cost 1.5-2x the indexing CPU).
COMMIT_SECONDS = 60
# How long before an unfinished run started the articles to index again begin: Dask workers stamp
# `ingested_at` by their own clocks.
CLOCK_MARGIN = dt.timedelta(hours=1)
MIN_PREFIX_CHARS = 2  # `a*` would expand to every word of the corpus


_HEX_PAIRS = np.frombuffer(b"".join(b"%02x" % byte for byte in range(256)), dtype="S2")  # byte -> its two hex digits


class IndexMissing(UserError):
    """The store has no search index (made before there was one, or deleted)."""


@dataclasses.dataclass(frozen=True)
class IndexState:
    """What the index holds against the store: its documents, the ingest run it was last made
    current by, and whether that is what the store holds now."""

    exists: bool
    documents: int = 0
    run_id: int | None = None
    current: bool = False


def index_path(store_path: pathlib.Path) -> pathlib.Path:
    """Where the index of the store at `store_path` lives."""
    return store_path.with_name(store_path.name + INDEX_SUFFIX)


def analyzer() -> tantivy.TextAnalyzer:
    """How text becomes words, for the articles and the queries alike (ASCII folding first, so
    a capital with a dot or accent lower-cases to its plain letter)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN))
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.lowercase())
        .build()
    )


@functools.cache
def shared_analyzer() -> tantivy.TextAnalyzer:
    """One analyzer() for the words analysed in Python (queries, highlights): building one takes about 0.2 ms."""
    return analyzer()


def schema() -> tantivy.Schema:
    """The index's fields: the article's key, and its texts (FIELD_COLUMNS) with word positions for phrases."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(KEY, indexed=True, fast=True)
    for field in FIELD_COLUMNS:
        builder.add_text_field(field, tokenizer_name=ANALYZER_NAME, index_option="position")
    return builder.build()


def key_of(article_id: str) -> int:
    """An article id (16 hex digits) as the index's number."""
    return int(article_id, 16)


def article_ids(keys: np.ndarray) -> pa.Array:
    """The article ids of index keys (ID_HEX_CHARS lower-case hex digits each), made with numpy: a
    common word's half a million keys formatted one by one in Python took half a second."""
    digits = _HEX_PAIRS[np.asarray(keys, dtype=">u8").view(np.uint8)]  # two hex digits per byte, big-endian
    offsets = np.arange(len(keys) + 1, dtype=np.int32) * ID_HEX_CHARS
    return pa.StringArray.from_buffers(len(keys), pa.py_buffer(offsets), pa.py_buffer(digits.tobytes()))


def open_index(path: pathlib.Path, *, create: bool = False) -> tantivy.Index:
    """The index at `path` (made empty when `create` and there is none); IndexMissing when there is none."""
    if not (path / "meta.json").exists():
        if not create:
            raise IndexMissing(
                f"{path} does not exist: run `media-analytics reindex` to build the store's search index"
            )
        path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema(), path=str(path))
    index.register_tokenizer(ANALYZER_NAME, analyzer())
    return index


@dataclasses.dataclass
class IndexWriter:
    """Documents added to the index, published by `commit()` (or `commit_if_due()`)."""

    index: tantivy.Index
    writer: Any
    path: pathlib.Path
    committed: float = dataclasses.field(default_factory=time.monotonic)  # when it last committed

    @classmethod
    def open(cls, path: pathlib.Path, *, threads: int = WRITER_THREADS) -> IndexWriter:
        """A writer of the index at `path` (made when there is none), indexing on `threads` threads."""
        index = open_index(path, create=True)
        return cls(index, index.writer(heap_size=WRITER_HEAP_BYTES * threads, num_threads=threads), path)

    def replace(self, texts: pa.Table) -> None:
        """(Re-)index the articles of `texts` (article_id and the FIELD_COLUMNS columns): any
        document of theirs is deleted first, so indexing an article twice leaves it once."""
        if not texts.num_rows:
            return
        keys = [key_of(article_id) for article_id in texts.column("article_id").to_pylist()]
        self.writer.delete_documents_by_query(tantivy.Query.term_set_query(self.index.schema, KEY, keys))
        columns = {field: texts.column(column).to_pylist() for field, column in FIELD_COLUMNS.items()}
        for row, key in enumerate(keys):
            document = tantivy.Document()
            document.add_unsigned(KEY, key)
            for field, values in columns.items():
                value = values[row]
                for text in value if isinstance(value, list) else [value]:
                    if text:
                        document.add_text(field, text)
            self.writer.add_document(document)

    def commit_if_due(self) -> None:
        """Commit when COMMIT_SECONDS have passed since the last commit."""
        if time.monotonic() - self.committed >= COMMIT_SECONDS:
            self.commit()

    def commit(self, *, run_id: int | None = None) -> None:
        """Publish what was added; with `run_id`, record that the index is current after that run."""
        self.writer.commit()
        self.committed = time.monotonic()
        if run_id is not None:
            self.index.reload()
            documents = self.index.searcher().num_docs
            state = {"run_id": run_id, "documents": documents, "words": WORD_PATTERN}
            (self.path / STATE_FILE).write_text(json.dumps(state))

    def close(self) -> None:
        """Let go of the index (its lock), dropping what was not committed."""
        self.writer.wait_merging_threads()


def writer_for_ingest(store: Store, *, run_id: int) -> IndexWriter:
    """The writer of the store's index for ingest run `run_id`. With no index, one is built first
    from what the store holds (a store made before there were indexes, or its index deleted). When
    an earlier run did not finish (killed, or failed), the articles it may have written or changed
    are indexed again first: those ingested since it started (CLOCK_MARGIN before, as Dask workers
    stamp the articles by their own clocks)."""
    path = index_path(store.path)
    if not (path / "meta.json").exists() or not _same_words(path):
        if store.one("SELECT count(*) FROM articles")[0]:
            rebuild(store)
        return IndexWriter.open(path)
    writer = IndexWriter.open(path)
    since = store.one(
        "SELECT min(started_at) FROM ingest_runs WHERE run_id > ? AND run_id < ?",
        [_recorded(path).get("run_id") or 0, run_id],
    )[0]
    if since is not None:
        with _texts(store, "WHERE ingested_at >= ?", [since - CLOCK_MARGIN]) as reader:
            for batch in reader:
                writer.replace(pa.Table.from_batches([batch]))
        writer.commit()
    return writer


def stored_texts(store: Store, articles: pa.Table, *, run_id: int) -> pa.Table:
    """The texts to index after ingest run `run_id` wrote a batch of `articles` (article_id and
    ingested_at columns): the articles whose text the batch set, new or given a text, all stamped
    with the batch's `ingested_at` (the store keeps a stored text and its stamp otherwise): those
    with the batch's ids, or that records with these ids joined in this run. The stamp lets DuckDB
    skip the row groups of earlier batches (a scan of every article per batch grew with the store:
    200 ms per batch at 905,000 articles, 12 ms so)."""
    if not articles.num_rows:
        return pa.table({"article_id": pa.array([], pa.string())})
    cursor = store.cursor()
    try:
        cursor.register("written_ids", articles.select(["article_id"]))
        return cursor.sql(
            f"SELECT article_id, {TEXT_COLUMNS} FROM articles WHERE ingested_at = ? AND article_id IN ("
            "SELECT article_id FROM written_ids UNION SELECT d.article_id FROM duplicates d "
            "JOIN written_ids w ON d.record_article_id = w.article_id WHERE d.run_id = ?)",
            params=[articles.column("ingested_at")[0].as_py(), run_id],
        ).to_arrow_table()
    finally:
        cursor.close()


def rebuild(
    store: Store, *, batch_rows: int = REBUILD_BATCH_ROWS, on_batch: Callable[[int], None] | None = None
) -> int:
    """A new index of every stored article, put in place of the old one only once complete;
    returns the documents indexed. `on_batch(rows)` follows the progress."""
    path = index_path(store.path)
    building = path.with_name(path.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    writer = IndexWriter.open(building, threads=REBUILD_THREADS)
    with _texts(store, batch_rows=batch_rows) as reader:
        for batch in reader:
            writer.replace(pa.Table.from_batches([batch]))
            if on_batch:
                on_batch(batch.num_rows)
    writer.commit(run_id=last_run_id(store))
    documents = writer.index.searcher().num_docs
    writer.close()
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    building.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return documents


@contextlib.contextmanager
def _texts(
    store: Store, where: str = "", params: list | None = None, *, batch_rows: int = REBUILD_BATCH_ROWS
) -> Iterator[pa.RecordBatchReader]:
    """The texts of the stored articles `where` selects, in batches, on a cursor of their own."""
    cursor = store.cursor()
    try:
        yield cursor.sql(f"SELECT article_id, {TEXT_COLUMNS} FROM articles {where}", params=params).to_arrow_reader(
            batch_rows
        )
    finally:
        cursor.close()


def _recorded(path: pathlib.Path) -> dict:
    """What the index at `path` was last made current with: the ingest run, its documents and the
    word pattern it cut the texts with (empty when not known)."""
    try:
        recorded = json.loads((path / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def _same_words(path: pathlib.Path) -> bool:
    """Whether the index cut its texts into words as the queries now do (WORD_PATTERN)."""
    return _recorded(path).get("words") == WORD_PATTERN


def last_run_id(store: Store) -> int | None:
    """The store's last ingest run (whatever its status), None before the first."""
    return store.one("SELECT max(run_id) FROM ingest_runs")[0]


def state(store: Store) -> IndexState:
    """The store's index against the store: current when it has a document per stored article, was
    last made current by the store's last ingest run and cut its texts into words as queries do."""
    path = index_path(store.path)
    if not (path / "meta.json").exists():
        return IndexState(exists=False)
    documents = open_index(path).searcher().num_docs
    run_id = _recorded(path).get("run_id")
    articles = store.one("SELECT count(*) FROM articles")[0]
    last = last_run_id(store)
    current = documents == articles and (last is None or run_id == last) and _same_words(path)
    return IndexState(True, documents, run_id, current)


def check_words(node: Node, query: str) -> None:
    """QuerySyntaxError for a word or phrase of the query's tree with no word to search for (`!!!`),
    or a prefix too short (`a*`), naming where it is."""
    for words in words_of(node):
        _analysed(words, query)


def compile_query(node: Node, index: tantivy.Index, query: str) -> tantivy.Query:
    """The Tantivy query of a query's tree; QuerySyntaxError as check_words raises it."""
    return _compiled(node, index.schema, query)


def matching_keys(index: tantivy.Index, query: tantivy.Query) -> np.ndarray:
    """The keys of every article matching `query`, in no particular order."""
    searcher = index.searcher()
    total = searcher.num_docs
    if not total:
        return np.empty(0, np.uint64)
    hits = searcher.search(tantivy.Query.const_score_query(query, 1.0), limit=total, count=False).hits
    addresses = [address for _, address in hits]
    return np.array(searcher.fast_field_values(KEY, addresses), dtype=np.uint64)


def highlight_spans(text: str, words: Iterable[Words]) -> list[tuple[int, int]]:
    """The (start, end) character spans of `text` where the given words and phrases occur, as
    the index matches them (a prefix word: any word it begins), in text order."""
    text_analyzer = shared_analyzer()
    tokens = text_analyzer.pre_tokenize(text).tokens
    terms = [t.text for t in tokens]
    spans: list[tuple[int, int]] = []
    for item in words:
        wanted = text_analyzer.analyze(item.text)
        if not wanted:
            continue
        for at in _occurrences(terms, wanted, prefix=item.prefix):
            spans.append((tokens[at].char_offset_from, tokens[at + len(wanted) - 1].char_offset_to))
    return sorted(set(spans))


def _occurrences(terms: list[str], wanted: list[str], *, prefix: bool) -> Iterator[int]:
    last = len(wanted) - 1
    for at in range(len(terms) - last):
        head_ok = terms[at : at + last] == wanted[:last]
        tail = terms[at + last]
        if head_ok and (tail.startswith(wanted[last]) if prefix else tail == wanted[last]):
            yield at


def _analysed(node: Words, query: str) -> list[str]:
    """The index's words of a word or phrase of the query; QuerySyntaxError when there are none to
    search for, or a prefix is too short."""
    words = shared_analyzer().analyze(node.text)
    if not words:
        raise QuerySyntaxError(query, node.position, f"{node.text!r} holds no word to search for")
    if node.prefix and len(words[-1]) < MIN_PREFIX_CHARS and not is_cjk(words[-1]):
        raise QuerySyntaxError(query, node.position, f"a word before * needs at least {MIN_PREFIX_CHARS} letters")
    return words


def _compiled(node: Node, index_schema: tantivy.Schema, query: str) -> tantivy.Query:
    if isinstance(node, Words):
        fields = [node.field] if node.field else list(FIELD_COLUMNS)
        words = _analysed(node, query)
        each = [_words_query(index_schema, field, words, prefix=node.prefix) for field in fields]
        return each[0] if len(each) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in each])
    if isinstance(node, Not):
        inner = _compiled(node.node, index_schema, query)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, inner)]
        )
    if isinstance(node, Either):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, _compiled(child, index_schema, query)) for child in node.nodes]
        )
    clauses = [
        (tantivy.Occur.MustNot, _compiled(child.node, index_schema, query))
        if isinstance(child, Not)
        else (tantivy.Occur.Must, _compiled(child, index_schema, query))
        for child in node.nodes
    ]
    if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
        clauses.insert(0, (tantivy.Occur.Must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(clauses)


def _words_query(index_schema: tantivy.Schema, field: str, words: list, *, prefix: bool) -> tantivy.Query:
    if prefix:
        if len(words) == 1:
            return tantivy.Query.regex_query(index_schema, field, _escaped(words[0]) + ".*")
        return tantivy.Query.phrase_prefix_query(index_schema, field, words)
    if len(words) == 1:
        return tantivy.Query.term_query(index_schema, field, words[0])
    return tantivy.Query.phrase_query(index_schema, field, words)


def _escaped(word: str) -> str:
    """A word as a literal in Tantivy's regex syntax (words hold only letters, marks and digits,
    but say so rather than rely on it)."""
    return "".join(f"\\{char}" if not char.isalnum() else char for char in word)

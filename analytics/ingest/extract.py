"""Read, parse and extract one input file: plain data in, plain data out, no store.

This is the heavy stage of ingest (readers, normalisation, dates, attribution,
tags), written as plain functions so that the same code runs in the ingesting
process, in a process pool, or as a Dask task:

- `iter_batches(item, ...)` reads one `InputFile` into batches of Arrow tables, in
  record order, counting what it read into a `FileState`. The in-process engine writes
  them one by one as they come; a worker process (analytics.ingest.handover) writes them
  as Arrow IPC files for the ingesting process.
- `Extraction` is how to extract as plain, picklable data (the agency registry, tag alias
  and outlet registry *file paths*, the batch size); a worker loads them once and keeps them.
- `date_tally(item)` is the first pass over a file that a source's date order is
  decided from (analytics.text.dates.order): its raw date values, nothing else.
  `DateStats` counts what the dates of a file's articles came to, for the summary.

The store alone decides what is a duplicate (analytics.store.stories): a batch holds
every article read, with what was derived from each.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import pathlib
import re
import zipfile
from collections.abc import Iterator
from typing import IO

import pyarrow as pa

from analytics import settings
from analytics.enrich.attribution.registry import DEFAULT_PATH, Registry, load_registry
from analytics.enrich.derive import Derived, derive, derive_joining, derived_tables, with_outlet
from analytics.enrich.outlets import NO_OUTLET_METHOD, OutletRegistry, load_outlets
from analytics.enrich.outlets.registry import DEFAULT_PATH as OUTLETS_PATH
from analytics.enrich.tags import TagAliases, load_aliases
from analytics.ingest import fieldmap, normalize
from analytics.ingest.manifest import SourceSpec
from analytics.ingest.readers.base import ChunkTally, FileNote, RawRecord, ReadLimits, excerpt, record_ref
from analytics.ingest.readers.text import UTF16_BOMS
from analytics.ingest.sources import SNIFF_BYTES, InputFile, member_refusal, open_member, read_input
from analytics.schema import QUARANTINE_SCHEMA, Article, BadRecord, to_arrow
from analytics.store.tables import RECORD_COLUMN, TableBatch
from analytics.text import dates

DEFAULT_BATCH_SIZE = settings.BATCH_SIZE
# Unreadable date values the summary shows per source.
DATE_EXAMPLES = 3
OUTLET_EXAMPLES = 3  # raw values that named no outlet, shown per source
# What a file's summary says when records mapping to no title or body held a list of articles (fieldmap.records_inside)
ENVELOPE_NOTE = "read the articles listed inside records that are no article themselves (saved API responses)"
# A numeric date anywhere in a file's bytes (a slash may be JSON-escaped, '7\/31\/2025'): a
# file without one (in an ASCII-compatible encoding, not compressed) has no value that tells
# its source's date order, so the first pass need not read it.
NUMERIC_DATE_BYTES = re.compile(rb"\d{1,2}(?:\\?/|[.\-])\d{1,2}(?:\\?/|[.\-])\d{4}")
ZIP_HEAD = b"PK\x03\x04"
# Heads of content whose bytes do not show their digits: a zip archive in a zip, UTF-16.
OPAQUE_HEADS = (ZIP_HEAD, *UTF16_BOMS)
SCAN_BLOCK = 1 << 20  # bytes searched at a time
SCAN_OVERLAP = 16  # the longest numeric date NUMERIC_DATE_BYTES matches, '12\/31\/2025', and more


@dataclasses.dataclass
class DateStats:
    """What the publication dates of a file's (or source's) articles came to: how many
    articles, how many with a date read, by which method, how many unreadable and the
    first few of those, and how many of them contradict the source's date order."""

    articles: int = 0
    dated: int = 0
    methods: dict[str, int] = dataclasses.field(default_factory=dict)
    unreadable: int = 0
    examples: list[str] = dataclasses.field(default_factory=list)  # the first DATE_EXAMPLES unreadable values
    contradicting: int = 0

    def add(self, article: Article, *, order: str | None) -> None:
        """Count one article's date, read in the source's `order`."""
        self.articles += 1
        if article.published_at is not None:
            self.dated += 1
            method = article.published_method or "unknown"
            self.methods[method] = self.methods.get(method, 0) + 1
        elif article.published_issue == "unparseable":
            self.unreadable += 1
            raw = article.published_raw or ""
            self.contradicting += dates.contradicts(raw, order or dates.DEFAULT_DATE_ORDER)
            if len(self.examples) < DATE_EXAMPLES:
                self.examples.append(excerpt(raw))

    def merge(self, other: DateStats) -> None:
        """Add the counts of a later file."""
        self.articles += other.articles
        self.dated += other.dated
        for method, count in other.methods.items():
            self.methods[method] = self.methods.get(method, 0) + count
        self.unreadable += other.unreadable
        self.examples.extend(other.examples[: DATE_EXAMPLES - len(self.examples)])
        self.contradicting += other.contradicting


@dataclasses.dataclass
class OutletStats:
    """How the outlets of a file's (or source's) articles were found: articles per method
    (analytics.enrich.outlets.resolve.METHODS), those with none per reason, and the first
    few raw values that named no outlet."""

    articles: int = 0
    methods: dict[str, int] = dataclasses.field(default_factory=dict)
    issues: dict[str, int] = dataclasses.field(default_factory=dict)
    examples: list[str] = dataclasses.field(default_factory=list)  # the first OUTLET_EXAMPLES raw non-names

    def add(self, article: Article) -> None:
        """Count one article's outlet (its outlet columns filled)."""
        self.articles += 1
        method = article.outlet_method or NO_OUTLET_METHOD
        self.methods[method] = self.methods.get(method, 0) + 1
        if method == NO_OUTLET_METHOD:
            reason = article.outlet_issue or NO_OUTLET_METHOD
            self.issues[reason] = self.issues.get(reason, 0) + 1
            if article.outlet and len(self.examples) < OUTLET_EXAMPLES:
                self.examples.append(excerpt(article.outlet))

    def merge(self, other: OutletStats) -> None:
        """Add the counts of a later file."""
        self.articles += other.articles
        for mine, theirs in ((self.methods, other.methods), (self.issues, other.issues)):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count
        self.examples.extend(other.examples[: OUTLET_EXAMPLES - len(self.examples)])

    @property
    def none_share(self) -> float | None:
        """The share of articles without an outlet (None without articles)."""
        return self.methods.get(NO_OUTLET_METHOD, 0) / self.articles if self.articles else None


@dataclasses.dataclass
class FileState:
    """What one input file has produced so far."""

    item: InputFile
    fingerprint: str = ""
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    mappings: dict[str, None] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)
    dates: DateStats = dataclasses.field(default_factory=DateStats)
    outlets: OutletStats = dataclasses.field(default_factory=OutletStats)
    tallies: list[ChunkTally] = dataclasses.field(default_factory=list)  # of a chunk: what its file's notes count


@dataclasses.dataclass(frozen=True)
class Extraction:
    """How to extract, as plain data a worker can receive: the agency registry files (the
    shipped one first, then the user's), the tag alias file, the outlet registry files
    (likewise), the batch size."""

    registry_files: tuple[str, ...] = (str(DEFAULT_PATH),)
    alias_path: str | None = None
    outlet_files: tuple[str, ...] = (str(OUTLETS_PATH),)
    batch_size: int = DEFAULT_BATCH_SIZE

    @classmethod
    def of(
        cls, registry: Registry, aliases: TagAliases, outlets: OutletRegistry, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Extraction:
        """The extraction settings of a loaded registry, alias file and outlet registry; a registry
        made of more than the shipped file plus one user file cannot be rebuilt in a worker."""
        alias_path = str(pathlib.Path(aliases.path).resolve()) if aliases.path else None
        return cls(
            _rebuildable(registry.files, DEFAULT_PATH),
            alias_path,
            _rebuildable(outlets.files, OUTLETS_PATH),
            batch_size,
        )

    def load(self) -> tuple[Registry, TagAliases, OutletRegistry]:
        """The agency registry, aliases and outlet registry, loaded once per process (the detector
        caches its matcher per registry object, the resolver its answers per outlet registry, so
        a worker must keep the same ones)."""
        return _loaded(self.registry_files, self.alias_path, self.outlet_files)


def _rebuildable(files: tuple[str, ...], shipped: pathlib.Path) -> tuple[str, ...]:
    """A registry's files as a worker reads them again: the `shipped` file, then the user's
    file as an absolute path (workers may run elsewhere)."""
    files = tuple(files) or (str(shipped),)
    if files[0] != str(shipped) or len(files) > 2:
        raise ValueError(f"a registry from {files} cannot be rebuilt from its files in a worker")
    return (files[0], *(str(pathlib.Path(f).resolve()) for f in files[1:]))


@functools.lru_cache(maxsize=4)
def _loaded(
    registry_files: tuple[str, ...], alias_path: str | None, outlet_files: tuple[str, ...]
) -> tuple[Registry, TagAliases, OutletRegistry]:
    registry = load_registry(_user_file(registry_files))
    outlets = load_outlets(_user_file(outlet_files), agencies=registry)
    return registry, load_aliases(pathlib.Path(alias_path) if alias_path else None), outlets


def _user_file(files: tuple[str, ...]) -> pathlib.Path | None:
    return pathlib.Path(files[1]) if len(files) > 1 else None


def warm_up(extraction: Extraction) -> None:
    """Load the registries and aliases and derive from one tiny article, so that a new
    worker builds its matcher and caches before its first file (pool initializer)."""
    registry, aliases, outlets = extraction.load()
    article = Article("warm-up", "warm-up", title="Warm up", body="JAKARTA (Antara) - Warm up, warm up.")
    derive(with_outlet(article, outlets), registry=registry, aliases=aliases)


def iter_batches(
    item: InputFile,
    state: FileState,
    *,
    registry: Registry,
    aliases: TagAliases,
    outlets: OutletRegistry,
    batch_size: int,
    ingested_at: dt.datetime | None = None,
) -> Iterator[TableBatch]:
    """The file's records as batches of at most `batch_size` records (articles and bad
    records together), in record order, each with what was derived from its articles.
    Each article gets its outlet columns (analytics.enrich.derive.outlet_columns). Counts what
    was read, quarantined and how outlets were found into `state` as it goes."""
    ingested_at = ingested_at or dt.datetime.now(dt.UTC)
    articles: list[Article] = []
    derived = []
    bad: list[BadRecord] = []
    shown: set[tuple[str, str | None, str]] = set()  # _shown_key of this batch's articles
    shown_before: set[tuple[str, str | None, str]] = set()  # and of the batch before
    for outcome in articles_of(item, ingested_at, state):
        if isinstance(outcome, Article):
            outcome = with_outlet(outcome, outlets)
            articles.append(outcome)
            key = _shown_key(outcome)
            if key is not None and (key in shown or key in shown_before):
                derived.append(derive_joining(outcome, aliases=aliases))
            else:
                derived.append(derive(outcome, registry=registry, aliases=aliases))
                if key is not None:
                    shown.add(key)
            state.dates.add(outcome, order=item.spec.date_order)
            state.outlets.add(outcome)
        else:
            bad.append(outcome)
            state.quarantined += 1
        if len(articles) + len(bad) >= batch_size:
            yield table_batch(articles, derived, bad, file_ref=item.ref)
            articles, derived, bad = [], [], []
            shown_before, shown = shown, set()
    if articles or bad:
        yield table_batch(articles, derived, bad, file_ref=item.ref)


def _shown_key(article: Article) -> tuple[str, str | None, str] | None:
    """What makes a later record of the file a mere duplicate of this one, or None (no text).

    A record with the article_id, text and outlet of an earlier record of its file that has a
    text joins the story that record was placed in (analytics.store.stories): in one batch the
    earlier record shows their group; in a later one the id finds its story, which has a text,
    or the text is held in that outlet by another story already. The store then keeps only its
    editor tags, places and sections (derive_joining), and the same stays true when the file is
    read again. Only the current and the previous batch are remembered (bounded memory); a
    duplicate further away is derived in full, as every record was."""
    if article.text_fingerprint is None:
        return None
    return article.article_id, article.outlet_id, article.text_fingerprint


def articles_of(item: InputFile, ingested_at: dt.datetime, state: FileState) -> Iterator[Article | BadRecord]:
    """Articles and bad records of one input file, counting what was read into `state`."""
    for record in mapped_records(item, state):
        if isinstance(record, BadRecord):
            yield record
            continue
        raw, fields = record
        try:
            yield normalize.to_article(fields, source_ref=raw.source_ref, spec=item.spec, ingested_at=ingested_at)
        except normalize.NoContent as err:
            yield BadRecord(raw.source_ref, str(err), excerpt(raw.fields))


def date_tally(item: InputFile) -> dates.OrderTally:
    """The first pass of a file for its source's date order: every raw date candidate of its
    records, tallied (records are read and mapped as ingest maps them; nothing else is done)."""
    tally = dates.OrderTally()
    if not _may_hold_numeric_dates(item.path, item.spec.options.limits):
        return tally
    for record in mapped_records(item, FileState(item)):
        if not isinstance(record, BadRecord):
            for name in normalize.DATE_CANDIDATES:
                tally.add(record[1].get(name))
    return tally


def _may_hold_numeric_dates(path: pathlib.Path, limits: ReadLimits = ReadLimits()) -> bool:
    """False when the file's bytes (a zip archive's: its members' within `limits`, xlsx included)
    show no numeric date at all; True when they do, or cannot show one (UTF-16, a zip in a zip,
    an unreadable file or member: the reader has the last word)."""
    try:
        with path.open("rb") as stream:
            if not stream.read(len(ZIP_HEAD)).startswith(ZIP_HEAD):
                stream.seek(0)
                return _shows_numeric_date(stream)
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and member_refusal(m, limits) is None]
            return any(_shows_numeric_date(open_member(archive, member)) for member in members)
    except (OSError, ValueError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError):
        return True


def _shows_numeric_date(stream: IO[bytes]) -> bool:
    """Whether a stream's bytes hold NUMERIC_DATE_BYTES (read in blocks that overlap by
    the longest match); True for content whose bytes do not show their digits."""
    with stream:
        block = stream.read(SCAN_BLOCK)
        if block.startswith(OPAQUE_HEADS) or b"\x00" in block[:SNIFF_BYTES]:
            return True
        while block:
            if NUMERIC_DATE_BYTES.search(block):
                return True
            more = stream.read(SCAN_BLOCK)
            block = block[-SCAN_OVERLAP:] + more if more else b""
        return False


def mapped_records(item: InputFile, state: FileState) -> Iterator[tuple[RawRecord, dict] | BadRecord]:
    """Each record of one input file with its fields under schema names, or a bad record;
    counts what was read, and the notes and field mappings, into `state`."""
    mappings: dict[tuple[str, ...], fieldmap.FieldMapping] = {}
    for record in read_input(item):
        if isinstance(record, FileNote):
            state.notes.append(record.message)
            continue
        if isinstance(record, ChunkTally):
            state.tallies.append(record)
            continue
        state.read += 1
        if isinstance(record, BadRecord):
            yield record
            continue
        mapping = None if record.mapped else _mapping(record, item.spec, mappings)
        fields = record.fields if mapping is None else mapping.apply(record.fields)
        inside = (
            None if mapping is None or "title" in fields or "body" in fields else _inside(record, item.spec, mappings)
        )
        if inside is None:
            if mapping is not None:
                state.mappings.setdefault(mapping.describe(), None)
            yield record, fields
            continue
        if ENVELOPE_NOTE not in state.notes:
            state.notes.append(ENVELOPE_NOTE)
        state.read += len(inside) - 1
        for inner, inner_mapping, inner_fields in inside:
            state.mappings.setdefault(inner_mapping.describe(), None)
            yield inner, inner_fields


def _inside(
    record: RawRecord, spec: SourceSpec, mappings: dict[tuple[str, ...], fieldmap.FieldMapping]
) -> list[tuple[RawRecord, fieldmap.FieldMapping, dict]] | None:
    """The records listed inside a record that is no article itself (fieldmap.records_inside), numbered
    within it, with their mappings and fields; None when it lists none, or none with a title or body
    (an unknown article's list of tags stays that article, quarantined whole)."""
    listed = fieldmap.records_inside(record.fields)
    if listed is None:
        return None
    inside = []
    for number, element in enumerate(listed, start=1):
        inner = RawRecord(record_ref(record.source_ref, number), element)
        inner_mapping = _mapping(inner, spec, mappings)
        inside.append((inner, inner_mapping, inner_mapping.apply(element)))
    return inside if any("title" in fields or "body" in fields for _, _, fields in inside) else None


def _mapping(
    record: RawRecord, spec: SourceSpec, mappings: dict[tuple[str, ...], fieldmap.FieldMapping]
) -> fieldmap.FieldMapping:
    """The mapping of the record's field names (the manifest's, else guessed), made once per names."""
    names = tuple(record.fields)
    if names not in mappings:
        mappings[names] = (
            fieldmap.explicit_mapping(spec.field_spec(), list(names))
            if spec.fields
            else fieldmap.guess_mapping(list(names))
        )
    return mappings[names]


def table_batch(
    articles: list[Article],
    derived: list[Derived],
    bad: list[BadRecord],
    *,
    file_ref: str | list[str],
) -> TableBatch:
    """A batch of articles (with what was derived from each, in the same order) and bad
    records (from the input `file_ref`, or one file ref per bad record)."""
    refs = [a.source_ref for a in articles]
    rows_per_article = {
        "attributions": [len(d.credits.attributions) for d in derived],
        "article_credits": [1] * len(derived),
        "tags": [len(d.tags) for d in derived],
    }
    file_refs = [file_ref] * len(bad) if isinstance(file_ref, str) else file_ref
    return TableBatch(
        articles=to_arrow(articles),
        derived={
            name: _with_records(table, refs, rows_per_article[name]) for name, table in derived_tables(derived).items()
        },
        quarantine=pa.Table.from_pydict(
            {
                "source_ref": [b.source_ref for b in bad],
                "reason": [b.reason for b in bad],
                "excerpt": [b.excerpt for b in bad],
                "file_ref": list(file_refs),
            },
            schema=QUARANTINE_SCHEMA,
        ),
    )


def _with_records(table: pa.Table, refs: list[str], rows: list[int]) -> pa.Table:
    """A derived table with the record each row was derived from first (`rows[i]` rows of record `refs[i]`)."""
    column = pa.array([ref for ref, n in zip(refs, rows, strict=True) for _ in range(n)], pa.string())
    return table.add_column(0, RECORD_COLUMN, column)

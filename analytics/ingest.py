"""Ingest: inputs -> records -> articles (+ attributions) -> store, with every record accounted for.

Per input file: records read = stored + duplicates + quarantined. A file whose
bytes and source settings were already ingested completely is skipped, so
running the same ingest twice adds nothing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import pathlib
from typing import Callable, Iterator

from analytics import fieldmap, normalize
from analytics.attribution.registry import Registry, load_registry
from analytics.derive import Derived, derive
from analytics.tags import TagAliases
from analytics.manifest import Manifest, SourceSpec
from analytics.readers.base import BadRecord, FileNote, RawRecord, excerpt
from analytics.schema import Article
from analytics.sources import InputFile, discover, read_input
from analytics.store import REGISTRY_META, FileAccount, Store

DEFAULT_BATCH_SIZE = 5_000
# Quarantined records kept in the result for the summary; the store keeps them all.
QUARANTINE_SAMPLE = 100
HASH_BLOCK = 1 << 20


@dataclasses.dataclass
class SourceSummary:
    name: str
    files: int = 0
    skipped_files: int = 0
    records_read: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    mappings: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    unmatched: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class IngestResult:
    run_id: int
    sources: list[SourceSummary]
    quarantine: list[BadRecord]  # the first QUARANTINE_SAMPLE of them

    @property
    def records_read(self) -> int:
        return sum(s.records_read for s in self.sources)

    @property
    def quarantined(self) -> int:
        return sum(s.quarantined for s in self.sources)

    @property
    def files(self) -> int:
        return sum(s.files for s in self.sources)


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


ProgressCallback = Callable[[int, int], None]  # (records just read, bytes of the file just finished)


def ingest(
    manifest: Manifest, store: Store, *, registry: Registry | None = None, aliases: TagAliases | None = None,
    command: str = "ingest", batch_size: int = DEFAULT_BATCH_SIZE, on_progress: ProgressCallback | None = None,
) -> IngestResult:
    """Read every source of the manifest into the store, attributing each article with
    `registry` (the shipped agency registry when None) and tagging it with `aliases`."""
    registry = registry or load_registry()
    aliases = aliases or TagAliases()
    run_id = store.start_run(command)
    store.set_meta(REGISTRY_META, json.dumps(list(registry.files)))
    summaries = []
    quarantined: list[BadRecord] = []
    status = "failed"
    try:
        for spec in manifest.sources:
            summary = SourceSummary(spec.name)
            inputs, summary.unmatched = discover(spec, manifest.root)
            for item in inputs:
                summary.files += 1
                fingerprint = file_fingerprint(item)
                if store.file_done(item.ref, fingerprint):
                    summary.skipped_files += 1
                    _progress(on_progress, 0, item)
                    continue
                state = _ingest_file(
                    item, fingerprint, store, functools.partial(derive, registry=registry, aliases=aliases), run_id,
                    batch_size, quarantined, on_progress,
                )
                summary.records_read += state.read
                summary.stored += state.stored
                summary.duplicates += state.duplicates
                summary.quarantined += state.quarantined
                summary.mappings.extend(m for m in state.mappings if m not in summary.mappings)
                summary.notes.extend(state.notes)
            summaries.append(summary)
        status = "completed"
    finally:
        store.finish_run(run_id, status)
    return IngestResult(run_id, summaries, quarantined)


def plan_inputs(manifest: Manifest) -> list[InputFile]:
    """Every input file the manifest names, in ingest order (for sizing a progress bar)."""
    return [item for spec in manifest.sources for item in discover(spec, manifest.root)[0]]


def file_fingerprint(item: InputFile) -> str:
    """Content hash of the file plus the source settings that shape its articles."""
    digest = hashlib.sha256(repr(dataclasses.astuple(item.spec)).encode())
    with item.path.open("rb") as stream:
        while block := stream.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _ingest_file(
    item: InputFile, fingerprint: str, store: Store, derive_one: Callable[[Article], Derived], run_id: int,
    batch_size: int,
    quarantined: list[BadRecord], on_progress: ProgressCallback | None,
) -> FileState:
    state = FileState(item, fingerprint)
    ingested_at = dt.datetime.now(dt.timezone.utc)
    articles: list[Article] = []
    derived: list[Derived] = []
    bad: list[tuple[BadRecord, str]] = []

    def flush() -> None:
        stored, duplicates = store.write_batch(articles, bad, run_id=run_id, derived=derived)
        state.stored += stored
        state.duplicates += duplicates
        _progress(on_progress, len(articles) + len(bad), None)
        articles.clear()
        derived.clear()
        bad.clear()

    for outcome in articles_of(item, ingested_at, state):
        if isinstance(outcome, Article):
            articles.append(outcome)
            derived.append(derive_one(outcome))
        else:
            bad.append((outcome, item.ref))
            if len(quarantined) < QUARANTINE_SAMPLE:
                quarantined.append(outcome)
            state.quarantined += 1
        if len(articles) + len(bad) >= batch_size:
            flush()
    flush()
    # A crash before this line leaves the file unmarked: the next run re-reads it,
    # and records already stored under the same ref count as stored, not duplicates.
    store.record_file(
        run_id,
        FileAccount(
            item.ref, item.spec.name, fingerprint, state.read, state.stored, state.duplicates, state.quarantined,
            "; ".join(state.mappings), tuple(state.notes),
        ),
    )
    _progress(on_progress, 0, item)
    return state


def articles_of(item: InputFile, ingested_at: dt.datetime, state: FileState) -> Iterator[Article | BadRecord]:
    """Articles and bad records of one input file, counting what was read into `state`."""
    mappings: dict[tuple[str, ...], fieldmap.FieldMapping] = {}
    for record in read_input(item):
        if isinstance(record, FileNote):
            state.notes.append(record.message)
            continue
        state.read += 1
        if isinstance(record, BadRecord):
            yield record
            continue
        if record.mapped:
            fields = record.fields
        else:
            names = tuple(record.fields)
            mapping = mappings.get(names)
            if mapping is None:
                mapping = mappings[names] = _mapping_for(item.spec, list(names))
                state.mappings.setdefault(mapping.describe(), None)
            fields = mapping.apply(record.fields)
        try:
            yield normalize.to_article(fields, source_ref=record.source_ref, spec=item.spec, ingested_at=ingested_at)
        except normalize.NoContent as err:
            yield BadRecord(record.source_ref, str(err), excerpt(record.fields))


def _mapping_for(spec: SourceSpec, names: list[str]) -> fieldmap.FieldMapping:
    if spec.fields:
        return fieldmap.explicit_mapping(spec.field_spec(), names)
    return fieldmap.guess_mapping(names)


def _progress(callback: ProgressCallback | None, records: int, finished: InputFile | None) -> None:
    if callback is not None:
        callback(records, finished.path.stat().st_size if finished else 0)

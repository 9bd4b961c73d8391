"""Ingest: inputs -> records -> articles (+ attributions) -> store, with every record accounted for.

Per input file: records read = stored + duplicates + quarantined. A file whose
bytes and source settings were already ingested completely is skipped, so
running the same ingest twice adds nothing.

The heavy stage, read-parse-extract (analytics.ingest.extract), runs per input file: in
this process, or in worker processes (a local pool, or Dask tasks: analytics.
dask_engine) that hand each file's batches over as Arrow IPC partitions (analytics.
handover); workers read a big plain file in chunks, all at once (analytics.ingest.split).
Either way this process alone writes to the store, file after file (chunk after chunk) in
input order, so the store is the same whatever the engine and number of workers.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import os
import pathlib
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, TypeVar

from analytics.enrich.attribution.registry import Registry, load_registry
from analytics.enrich.outlets import OutletRegistry, load_outlets
from analytics.enrich.tags import TagAliases
from analytics.errors import UserError
from analytics.ingest import dask_engine, handover, split
from analytics.ingest.extract import (
    DEFAULT_BATCH_SIZE,
    DateStats,
    Extraction,
    FileState,
    OutletStats,
    articles_of,
    date_tally,
    iter_batches,
    warm_up,
)
from analytics.ingest.manifest import Manifest, SourceSpec
from analytics.ingest.readers.base import ReadLimits, ReadOptions
from analytics.ingest.sources import InputFile, discover, longer_refs, path_text
from analytics.schema import BadRecord
from analytics.settings import CHUNK_BYTES, ENGINES, SPLIT_FILE_BYTES
from analytics.store import search_index
from analytics.store.store import OUTLETS_META, REGISTRY_META, FileAccount, RefHolder, Store
from analytics.store.tables import TableBatch
from analytics.text import dates

__all__ = ["FileState", "IngestResult", "SourceSummary", "articles_of", "file_fingerprint", "ingest", "plan_inputs"]

# Files (or chunks of a big one) handed to the workers ahead of the one being written, per
# worker: enough to keep every worker busy while this process writes, few enough to bound the
# disk that partitions waiting to be written take (and, with chunks, a file's share of it).
IN_FLIGHT_PER_WORKER = 2
T = TypeVar("T")
# Quarantined records kept in the result for the summary; the store keeps them all.
QUARANTINE_SAMPLE = 100
HASH_BLOCK = 1 << 20
PARENT_CHECK_SECONDS = 1.0  # how often a pool worker checks that the ingesting process lives
PARTITIONS_SUFFIX = ".parts"  # the workers' default partitions folder: <store file>.parts
# A source whose articles have a date read for less than this share gets a warning line
# (the bar: a scrape that loses more than one date in twenty needs the user's eye).
DATED_SHARE_WARNING = 0.95
# A source whose articles have no outlet for more than this share gets a warning line with examples
# (the same bar as the dates': one article in twenty).
NO_OUTLET_SHARE_WARNING = 0.05
# Source settings a file's fingerprint leaves out at these values: how every source was
# read before date orders were decided, so the files ingested then keep their fingerprints;
# allow_outside at any value (it decides which files are read, not what a file gives).
FINGERPRINT_DEFAULTS = {
    "date_order": (None, dates.DEFAULT_DATE_ORDER),
    "date_format": (None,),
    "allow_outside": (False, True),
}


@dataclasses.dataclass
class SourceSummary:
    """What one manifest source gave in one run: files, records read, stored, duplicates, quarantined, notes."""

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
    date_order: dates.OrderDecision | None = None  # how the source's numeric dates were read
    dates: DateStats = dataclasses.field(default_factory=DateStats)  # what its articles' dates came to
    outlets: OutletStats = dataclasses.field(default_factory=OutletStats)  # how its articles' outlets were found

    @property
    def dated_share(self) -> float | None:
        """The share of this run's articles with a publication date read (None without articles)."""
        return self.dates.dated / self.dates.articles if self.dates.articles else None

    @property
    def dates_need_attention(self) -> bool:
        """Whether the dated share is below DATED_SHARE_WARNING."""
        share = self.dated_share
        return share is not None and share < DATED_SHARE_WARNING

    @property
    def outlets_need_attention(self) -> bool:
        """Whether the share of articles without an outlet is above NO_OUTLET_SHARE_WARNING."""
        share = self.outlets.none_share
        return share is not None and share > NO_OUTLET_SHARE_WARNING


@dataclasses.dataclass
class IngestResult:
    """What an ingest run did, per source, with a sample of the quarantined records."""

    run_id: int
    sources: list[SourceSummary]
    quarantine: list[BadRecord]  # the first QUARANTINE_SAMPLE of them

    @property
    def records_read(self) -> int:
        """Records read over every source."""
        return sum(s.records_read for s in self.sources)

    @property
    def quarantined(self) -> int:
        """Records quarantined over every source."""
        return sum(s.quarantined for s in self.sources)

    @property
    def files(self) -> int:
        """Input files over every source (unchanged ones included)."""
        return sum(s.files for s in self.sources)


ProgressCallback = Callable[[int, int], None]  # (records just read, bytes of the file just finished)


@dataclasses.dataclass(frozen=True, eq=False)
class _Job:
    """One input file to read, with the source summary it counts towards."""

    summary: SourceSummary
    item: InputFile
    fingerprint: str | None  # None: not read before (see file_fingerprint)


def ingest(
    manifest: Manifest,
    store: Store,
    *,
    registry: Registry | None = None,
    aliases: TagAliases | None = None,
    outlets: OutletRegistry | None = None,
    command: str = "ingest",
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    partitions: pathlib.Path | None = None,
    limits: ReadLimits = ReadLimits(),
    split_bytes: int = SPLIT_FILE_BYTES,
    chunk_bytes: int = CHUNK_BYTES,
) -> IngestResult:
    """Read every source of the manifest into the store, attributing each article with
    `registry` (the shipped agency registry when None), tagging it with `aliases` and
    giving it its canonical outlet from `outlets` (the shipped outlet registry when None).

    `engine` runs the reading and extraction (analytics.ingest.extract): "local" uses `workers`
    processes (0: one per core; 1: this process alone); "dask" runs it on the Dask
    cluster at `scheduler` (a LocalCluster of `workers` processes when None). Worker
    processes write Arrow IPC partitions under `partitions` (default: beside the store).
    Whatever the engine, only this process writes to the store, file by file in input
    order, so the store ends up the same as with one process. Records, zip members and
    archives past `limits` are quarantined (a file's fingerprint holds the limits it was
    read within: raising one reads the file again). With worker processes, a plain file over
    `split_bytes` is read in chunks of about `chunk_bytes` (analytics.ingest.split), all workers at
    once; the store takes them in order, and the file is done once its last chunk is stored."""
    check_engine(engine)
    registry = registry or load_registry()
    aliases = aliases or TagAliases()
    outlets = outlets or load_outlets(agencies=registry)
    specs = [dataclasses.replace(s, options=dataclasses.replace(s.options, limits=limits)) for s in manifest.sources]
    sources = [_planned(spec, manifest.root, store) for spec in specs]
    units = sum(_work_units(item, split_bytes, chunk_bytes) for _, inputs, _ in sources for item in inputs)
    workers = max(min(resolve_workers(workers), units), 1)
    parallel = workers > 1 or engine == "dask"
    extraction = Extraction.of(registry, aliases, outlets, batch_size=batch_size) if parallel else None
    run_id = store.start_run(command)
    store.set_meta(REGISTRY_META, json.dumps(list(registry.files)))
    store.set_meta(OUTLETS_META, json.dumps(list(outlets.files)))
    quarantined: list[BadRecord] = []
    status = "failed"
    jobs = _jobs(sources, store, on_progress)
    folder = partitions or store.path.with_name(store.path.name + PARTITIONS_SUFFIX)
    if extraction is None:
        extracts = _local_extracts(jobs, registry, aliases, outlets, batch_size)
    else:
        submit = dask_engine.dask_submit(scheduler, workers) if engine == "dask" else _pool_submit(extraction, workers)
        cut = functools.partial(split.plan_chunks, split_bytes=split_bytes, chunk_bytes=chunk_bytes)
        extracts = _handed_over(submit, _tasks(jobs, cut), extraction, folder, store.path)
    summaries = {item.ref: summary for summary, inputs, _ in sources for item in inputs}
    index = search_index.writer_for_ingest(store, run_id=run_id)
    try:
        with store.bulk_writes():
            for job, state, batches in extracts:
                _write_file(job, state, batches, store, index, run_id, quarantined, on_progress, summaries)
        status = "completed"
    finally:
        extracts.close()  # stops a pool at once when writing failed
        store.finish_run(run_id, status)
        if status == "completed":
            index.commit(run_id=run_id)
        index.close()  # what was not committed is dropped: the next ingest indexes this run's articles again
    return IngestResult(run_id, [summary for summary, _, _ in sources], quarantined)


def check_engine(engine: str) -> None:
    """Refuse an engine name ingest does not have."""
    if engine not in ENGINES:
        raise UserError(f"unknown ingest engine {engine!r}: one of {', '.join(ENGINES)}")


def _work_units(item: InputFile, split_bytes: int, chunk_bytes: int) -> int:
    """How many workers one input file may keep busy: one, or as many as the chunks of a file
    past `split_bytes` (from its size: whether it can be cut is known once it is read)."""
    try:
        size = item.path.stat().st_size
    except OSError:
        return 1
    return -(-size // max(chunk_bytes, 1)) if size > split_bytes else 1


def resolve_workers(workers: int | None) -> int:
    """The number of worker processes: `workers`, or one per core when 0 or None."""
    if workers is None or workers == 0:
        return os.cpu_count() or 1
    if workers < 0:
        raise UserError(f"workers must be 0 (one per core) or more, not {workers}")
    return workers


def with_date_order(
    spec: SourceSpec, inputs: list[InputFile], unmatched: list[str]
) -> tuple[SourceSummary, list[InputFile], list[str]]:
    """A source's summary and input files, each file's spec holding the date order decided
    for the whole source (from the manifest, else from the raw date values of all its
    files, else from its language). Whatever reads a source's articles goes through this,
    so a date means the same everywhere."""
    tally = dates.OrderTally()
    if not (spec.date_order or spec.date_format):
        for item in inputs:
            if item.refusal is None:
                tally.merge(date_tally(item))
    decision = dates.decide_order(
        tally, language=spec.language, date_order=spec.date_order, date_format=spec.date_format
    )
    decided = dataclasses.replace(spec, date_order=decision.order)
    summary = SourceSummary(spec.name, unmatched=unmatched, date_order=decision)
    return summary, [dataclasses.replace(item, spec=decided) for item in inputs], unmatched


def _planned(spec: SourceSpec, root: pathlib.Path, store: Store) -> tuple[SourceSummary, list[InputFile], list[str]]:
    """A source's summary and input files (with_date_order), each file with a ref of its own in the store
    (found with the fingerprints of the decided date order, those the store knows)."""
    summary, inputs, unmatched = with_date_order(spec, *discover(spec, root))
    return summary, _own_refs(inputs, root, store), unmatched


def _own_refs(inputs: list[InputFile], root: pathlib.Path, store: Store) -> list[InputFile]:
    """The input files, each with a ref no other file of the store holds: its ref from the root
    while that is new to the store or held by the same file (the same path, or the same bytes and
    settings: a corpus moved), else the shortest of its longer refs (sources.longer_refs) that
    is; the store records which file holds each ref it gave."""
    holders = store.ref_holders([ref for item in inputs for ref in (item.ref, *longer_refs(item.ref, root))])
    claims: dict[str, str] = {}
    owned = []
    for item in inputs:
        path = path_text(item.path.absolute())
        refs = [item.ref, *longer_refs(item.ref, root)]
        fingerprint = functools.cache(functools.partial(file_fingerprint, item))  # read only when a ref is held
        ref = next((ref for ref in refs if _held_by(holders.get(ref), path, fingerprint)), refs[-1])
        if ref not in holders or holders[ref].path is None:
            claims[ref] = path
        owned.append(dataclasses.replace(item, ref=ref))
    store.claim_refs(claims)
    return owned


def _held_by(holder: RefHolder | None, path: str, fingerprint: Callable[[], str | None]) -> bool:
    """Whether the input file at `path` (its fingerprint) may take a ref that `holder` holds (None: nobody does)."""
    return holder is None or holder.path == path or fingerprint() in holder.fingerprints


def plan_inputs(manifest: Manifest) -> list[InputFile]:
    """Every input file the manifest names, in ingest order (for sizing a progress bar)."""
    return [item for spec in manifest.sources for item in discover(spec, manifest.root)[0]]


def file_fingerprint(item: InputFile) -> str | None:
    """Content hash of the file plus the source settings that shape its articles; None for a
    file refused or that cannot be read, which every run reads (and quarantines) again."""
    if item.refusal is not None:
        return None
    digest = hashlib.sha256(repr(_settings_key(item.spec)).encode())
    try:
        with item.path.open("rb") as stream:
            while block := stream.read(HASH_BLOCK):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _settings_key(spec: SourceSpec) -> tuple:
    """The source's settings as a tuple, less those at FINGERPRINT_DEFAULTS."""
    values = zip(dataclasses.fields(spec), dataclasses.astuple(spec), strict=True)
    return tuple(
        _options_key(spec.options) if field.name == "options" else value
        for field, value in values
        if value not in FINGERPRINT_DEFAULTS.get(field.name, ())
    )


def _options_key(options: ReadOptions) -> tuple:
    """A source's read options as a tuple, with its read limits only when they are not the
    settings' defaults: the files ingested before there were limits keep their fingerprints."""
    values = [getattr(options, field.name) for field in dataclasses.fields(options)]
    return tuple(
        dataclasses.astuple(value) if isinstance(value, ReadLimits) else value
        for value in values
        if value != ReadLimits()
    )


def _jobs(
    sources: list[tuple[SourceSummary, list[InputFile], list[str]]],
    store: Store,
    on_progress: ProgressCallback | None,
) -> Iterator[_Job]:
    """The input files to read, in input order; files already ingested completely with
    the same content and settings (in an earlier run, or earlier in this one) are skipped."""
    taken: set[tuple[str, str]] = set()  # handed out in this run, perhaps not yet written
    for summary, inputs, _ in sources:
        for item in inputs:
            summary.files += 1
            fingerprint = file_fingerprint(item)
            if fingerprint is not None and ((item.ref, fingerprint) in taken or store.file_done(item.ref, fingerprint)):
                summary.skipped_files += 1
                _progress(on_progress, 0, item)
                continue
            if fingerprint is not None:
                taken.add((item.ref, fingerprint))
            yield _Job(summary, item, fingerprint)


Extracts = Generator[tuple[_Job, FileState, Iterable[TableBatch]], None, None]  # closed early when writing fails


@dataclasses.dataclass(frozen=True, eq=False)
class _Task:
    """What one worker reads: a file, or a chunk of it (`item.chunk`), the file's `last` one or not."""

    job: _Job
    item: InputFile
    last: bool = True
    ingested_at: dt.datetime | None = None  # of every chunk of a file: the time it was split


def _tasks(jobs: Iterable[_Job], cut: Callable[[InputFile], list[InputFile] | None]) -> Iterator[_Task]:
    """The files to read, each whole or in the chunks `cut` cuts it into."""
    for job in jobs:
        chunks = cut(job.item)
        if chunks is None:
            yield _Task(job, job.item)
            continue
        now = dt.datetime.now(dt.UTC)
        for n, chunk in enumerate(chunks, 1):
            yield _Task(job, chunk, last=n == len(chunks), ingested_at=now)


def _local_extracts(
    jobs: Iterable[_Job], registry: Registry, aliases: TagAliases, outlets: OutletRegistry, batch_size: int
) -> Extracts:
    """Each file read in this process, batch by batch as the store takes them."""
    for job in jobs:
        state = FileState(job.item, job.fingerprint or "")
        batches = iter_batches(
            job.item, state, registry=registry, aliases=aliases, outlets=outlets, batch_size=batch_size
        )
        yield job, state, batches


@contextlib.contextmanager
def _pool_submit(extraction: Extraction, workers: int) -> Iterator[tuple[Callable, int]]:
    """`submit(function, *args)` onto a pool of `workers` local processes, and its size."""
    context = multiprocessing.get_context("spawn")  # never fork a process holding a DuckDB connection
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(extraction, os.getpid())
    ) as pool:
        try:
            yield pool.submit, workers
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # stop at once when writing failed
            raise


def _handed_over(
    executor: contextlib.AbstractContextManager,
    tasks: Iterable[_Task],
    extraction: Extraction,
    folder: pathlib.Path,
    store_path: pathlib.Path,
) -> Extracts:
    """Files extracted by worker processes (`executor` gives their submit function and
    how many run at once), whole or in chunks, handed back in input order as Arrow IPC
    partitions under `folder`."""
    with executor as (submit, slots):
        run = handover.run_folder(folder, store_path)
        try:
            results = in_input_order(
                lambda task: submit(
                    handover.extract_to_partitions,
                    task.item,
                    extraction,
                    handover.partition_folder(run, task.item, task.job.fingerprint or ""),
                    task.ingested_at,
                ),
                tasks,
                window=slots * IN_FLIGHT_PER_WORKER,
            )
            for task, partitions in results:
                state = FileState(task.job.item, task.job.fingerprint or "")
                _add_chunk(state, partitions)
                if task.last:
                    yield task.job, state, handover.read_partitions(partitions)
                else:
                    yield task.job, state, _chunks_batches(task, state, partitions, results)
        finally:
            handover.remove_run_folder(run)


def _chunks_batches(
    first: _Task, state: FileState, partitions: handover.Partitions, results: Iterator[tuple[_Task, Any]]
) -> Iterator[TableBatch]:
    """The batches of a file read in chunks, from its `first` chunk's partitions to its last's,
    taking each later chunk's from `results` as the store takes the batches, its accounting into
    `state`; then the file's notes from the chunks' tallies."""
    task = first
    yield from handover.read_partitions(partitions)
    while not task.last:
        task, partitions = next(results)
        _add_chunk(state, partitions)
        yield from handover.read_partitions(partitions)
    assert task.item.chunk is not None  # (a file split in more than one chunk)
    state.notes.extend(split.file_notes(task.job.item, task.item.chunk.fmt, state.tallies))


def _add_chunk(state: FileState, partitions: handover.Partitions) -> None:
    """Count what a worker extracted from a file (or the next chunk of it) into its state."""
    state.read += partitions.read
    state.quarantined += partitions.quarantined
    state.mappings.update(dict.fromkeys(partitions.mappings))
    state.notes.extend(partitions.notes)
    state.dates.merge(partitions.dates)
    state.outlets.merge(partitions.outlets)
    state.tallies.extend(partitions.tallies)


def _start_worker(extraction: Extraction, parent: int) -> None:
    """A pool worker leaves Ctrl-C to the ingesting process `parent` (which stops the pool),
    ends when that process dies, and loads what it needs before its first file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    warm_up(extraction)


def _exit_with_parent(parent: int) -> None:
    """End this worker once its parent, the ingesting process `parent`, is gone. A pool's
    workers hold both ends of its queues, so they never see the ingesting process die
    (killed with SIGKILL, say) and would otherwise wait for work forever. The parent's pid
    comes from the parent: a worker whose parent died before it started has been given
    another one already, which os.getppid() inside the worker would take for the parent."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def in_input_order(submit: Callable[[T], Any], jobs: Iterable[T], *, window: int) -> Iterator[tuple[T, Any]]:
    """(job, result) for every job, in the order of `jobs`, keeping up to `window` jobs
    submitted ahead. `submit(job)` returns a future (anything with `.result()`):
    concurrent.futures and Dask futures alike."""
    pending: collections.deque = collections.deque()
    for job in jobs:
        pending.append((job, submit(job)))
        if len(pending) >= window:
            first, future = pending.popleft()
            yield first, future.result()
    while pending:
        first, future = pending.popleft()
        yield first, future.result()


def _write_file(
    job: _Job,
    state: FileState,
    batches: Iterable[TableBatch],
    store: Store,
    index: search_index.IndexWriter,
    run_id: int,
    quarantined: list[BadRecord],
    on_progress: ProgressCallback | None,
    summaries: dict[str, SourceSummary],
) -> None:
    """Store one file's batches in order, each indexed for search, then mark the file done and
    count it to its source (and the stored records of earlier files of the run that became
    duplicates, to theirs)."""
    for batch in batches:
        account = store.write_tables(batch, run_id=run_id, file_ref=job.item.ref)
        index.replace(search_index.stored_texts(store, batch.articles, run_id=run_id))
        state.stored += account.stored
        state.duplicates += account.duplicates
        for file_ref, moved in account.moved.items():
            summaries[file_ref].stored -= moved
            summaries[file_ref].duplicates += moved
        if len(quarantined) < QUARANTINE_SAMPLE and batch.quarantine.num_rows:
            quarantined.extend(batch.bad_records(QUARANTINE_SAMPLE - len(quarantined)))
        _progress(on_progress, batch.records, None)
    # A crash before this line leaves the file unmarked: the next run re-reads it, and records
    # already stored under the same ref count as stored, not duplicates.
    item = job.item
    store.record_file(
        run_id,
        FileAccount(
            item.ref,
            item.spec.name,
            job.fingerprint,
            state.read,
            state.stored,
            state.duplicates,
            state.quarantined,
            "; ".join(state.mappings),
            tuple(state.notes),
        ),
    )
    index.commit_if_due()
    _progress(on_progress, 0, item)
    summary = job.summary
    summary.records_read += state.read
    summary.stored += state.stored
    summary.duplicates += state.duplicates
    summary.quarantined += state.quarantined
    summary.mappings.extend(m for m in state.mappings if m not in summary.mappings)
    summary.notes.extend(state.notes)
    summary.dates.merge(state.dates)
    summary.outlets.merge(state.outlets)


def _progress(callback: ProgressCallback | None, records: int, finished: InputFile | None) -> None:
    if callback is not None:
        callback(records, finished.path.stat().st_size if finished else 0)

"""The commands: `run_<command>(args, settings)` does the work and returns the exit status.

`args` holds the command's own options (parsing), `settings` every setting resolved once
(options, environment, defaults); the library functions get them as parameters.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import pathlib
import sys
from collections.abc import Iterator

from rich.progress import Progress

from analytics.cli import parsing, rendering
from analytics.cli.console import err, error, out
from analytics.cli.exits import EXIT_OK, EXIT_QUARANTINED, EXIT_USAGE
from analytics.enrich.attribution.registry import load_registry
from analytics.enrich.outlets import load_outlets
from analytics.enrich.tags import load_aliases
from analytics.errors import UserError
from analytics.evaluate.corpus import articles_for_refs
from analytics.evaluate.scoring import evaluate, evaluate_articles, read_gold
from analytics.evaluate.stored import stored_predictions
from analytics.ingest.manifest import FORMATS, Manifest, adhoc_source, load_manifest
from analytics.ingest.outlet_listing import outlet_listing
from analytics.ingest.pipeline import check_engine, ingest, plan_inputs
from analytics.ingest.readers.base import ReadLimits
from analytics.ingest.recompute import reattribute, reoutlet, retag
from analytics.ingest.reuse import ReuseRound, update_reuse
from analytics.present import exports
from analytics.present.reports import write_report
from analytics.queries.compare import parse_compare
from analytics.queries.engine import NO_LIMIT, store_registry
from analytics.queries.filter_values import resolve_filter_values, unknown_values_message
from analytics.queries.filters import FilterError
from analytics.queries.overview import article_count
from analytics.queries.reuse import has_reuse
from analytics.settings import Settings
from analytics.store import search_index
from analytics.store.store import Store, full_disk_as_error

# What a command that writes the store leaves when the disk fills up (store.full_disk_as_error):
# ingest commits batch by batch; a recomputation commits once, at its end.
INGEST_KEPT = "the batches written so far are kept"
RECOMPUTE_KEPT = "the store is as the last command that finished left it"


@contextlib.contextmanager
def _writing(settings: Settings, *, kept: str) -> Iterator[tuple[Store, Progress]]:
    """The store opened to write, and a progress bar; a full disk meanwhile is an error
    saying what is `kept` and how to finish (store.full_disk_as_error)."""
    with (
        full_disk_as_error(settings.store, kept=kept),
        Store.open(settings.store, lock_wait=settings.lock_wait) as store,
        rendering.progress_bar() as progress,
    ):
        yield store, progress


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics ingest`: read the inputs into the store with a progress bar, then print the summary; exit 3 with --strict when anything was quarantined."""
    manifest = _manifest_from_args(args)
    registry, aliases = load_registry(settings.agencies), load_aliases(settings.tag_aliases)
    outlets = load_outlets(settings.outlets, agencies=registry)
    check_engine(settings.engine)  # before the store is opened (and perhaps created)
    if settings.engine != "dask" and parsing.given(args, "scheduler"):
        raise UserError("--scheduler needs --engine dask")
    inputs = plan_inputs(manifest)
    if not inputs:
        error("no input files found")
        return EXIT_USAGE
    with _writing(settings, kept=INGEST_KEPT) as (store, progress):
        advance = rendering.ingest_progress(progress, sum(i.path.stat().st_size for i in inputs))
        result = ingest(
            manifest,
            store,
            registry=registry,
            aliases=aliases,
            outlets=outlets,
            command=" ".join(sys.argv),
            batch_size=settings.batch_size,
            on_progress=advance,
            workers=settings.workers,
            engine=settings.engine,
            scheduler=settings.scheduler,
            partitions=settings.partitions,
            limits=ReadLimits(
                max_record_bytes=settings.max_record_bytes,
                zip_max_ratio=settings.zip_max_ratio,
                zip_max_member_bytes=settings.zip_max_member_bytes,
                zip_max_depth=settings.zip_max_depth,
            ),
            split_bytes=settings.split_file_bytes,
            chunk_bytes=settings.chunk_bytes,
        )
        reused = _reuse_round(store, settings, progress)
    rendering.ingest_summary(result)
    rendering.reuse_summary(reused)
    readable = sum(s.stored + s.duplicates + s.skipped_files for s in result.sources)
    if not readable:
        error("nothing could be read")
        return EXIT_USAGE
    if args.strict and result.quarantined:
        return EXIT_QUARANTINED
    return EXIT_OK


def _manifest_from_args(args: argparse.Namespace) -> Manifest:
    if args.manifest and args.paths:
        raise UserError("give either PATH... or --manifest, not both")
    if args.manifest:
        return load_manifest(args.manifest, root=args.root)
    if not args.paths:
        raise UserError("nothing to ingest: give PATH... or --manifest FILE")
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}")
    if args.format and args.format not in FORMATS:
        raise UserError(f"--format must be one of {', '.join(FORMATS)}")
    root = args.root or _common_root(args.paths)
    source = adhoc_source(
        "command line",
        [str(p.resolve()) for p in args.paths],
        format=args.format,
        outlet=args.outlet,
        language=args.language,
        timezone=args.timezone,
    )
    return Manifest(None, root.resolve(), (source,))


def _common_root(paths: list[pathlib.Path]) -> pathlib.Path:
    """Folders are their own root; a file's root is its folder."""
    folders = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    return pathlib.Path(*pathlib.Path(folders[0]).parts[: _shared_prefix(folders)])


def _shared_prefix(folders: list[pathlib.Path]) -> int:
    n = 0
    for parts in zip(*(f.parts for f in folders)):
        if len(set(parts)) != 1:
            break
        n += 1
    return n


def run_info(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics info`: what the store holds, its ingest log (--files) and quarantine (--quarantine), as tables or JSON."""
    with Store.open(settings.store, read_only=True, lock_wait=settings.lock_wait) as store:
        facts = {**store.info(), "search_index": rendering.index_state(search_index.state(store))}
        rows = store.quarantine() if args.quarantine else []
        log = store.ingest_log() if args.files else []
    if args.json:
        facts["quarantine_records"] = [dict(zip(("source_ref", "reason", "excerpt"), r)) for r in rows]
        if args.files:
            facts["files"] = log
        out.print_json(json.dumps(facts, ensure_ascii=False))
    else:
        rendering.store_info(facts, rows, log)
    return EXIT_OK


def run_attribute(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics attribute`: recompute every article's attributions with the registry given
    (then the text reuse of the articles whose credit lines changed, and the stories' origins)."""
    registry = load_registry(settings.agencies)
    with _writing(settings, kept=RECOMPUTE_KEPT) as (store, progress):
        advance = rendering.recompute_progress(progress, "attribute", article_count(store, time_limit=NO_LIMIT))
        count = reattribute(store, registry, on_progress=advance)
        rows = store.one("SELECT count(*) FROM attributions")[0]
        reused = _reuse_again(store, settings, progress)
    err.print(f"attributed {count:,} articles: {rows:,} attributions (registry: {', '.join(registry.files)})")
    if reused is not None:
        rendering.reuse_summary(reused)
    return EXIT_OK


def run_retag(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics retag`: recompute every article's tags with the alias file given."""
    aliases = load_aliases(settings.tag_aliases)
    with _writing(settings, kept=RECOMPUTE_KEPT) as (store, progress):
        advance = rendering.recompute_progress(progress, "retag", article_count(store, time_limit=NO_LIMIT))
        count = retag(store, aliases, on_progress=advance)
        rows = store.one("SELECT count(*) FROM tags")[0]
    err.print(f"tagged {count:,} articles: {rows:,} tags ({len(aliases):,} aliases)")
    return EXIT_OK


def run_reoutlet(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics reoutlet`: recompute every article's outlet columns with the outlet registry given."""
    outlets = load_outlets(settings.outlets, agencies=load_registry(settings.agencies))
    with _writing(settings, kept=RECOMPUTE_KEPT) as (store, progress):
        advance = rendering.recompute_progress(progress, "reoutlet", article_count(store, time_limit=NO_LIMIT))
        count = reoutlet(store, outlets, on_progress=advance)
        found = store.one("SELECT count(DISTINCT outlet_id), count(outlet_id) FROM articles")
        reused = _reuse_again(store, settings, progress)
    err.print(
        f"resolved {count:,} articles: {found[1]:,} with an outlet, {found[0]:,} outlets "
        f"(outlet registry: {', '.join(outlets.files)}); stories were not merged again"
    )
    if reused is not None:
        rendering.reuse_summary(reused)
    return EXIT_OK


def run_reindex(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics reindex`: build the store's search index anew from its articles."""
    with _writing(settings, kept="the search index is as before") as (store, progress):
        advance = rendering.recompute_progress(progress, "reindex", article_count(store, time_limit=NO_LIMIT))
        documents = search_index.rebuild(store, on_batch=advance)
    err.print(f"indexed {documents:,} articles into {search_index.index_path(store.path)}")
    return EXIT_OK


def run_reuse(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics reuse`: a reuse round over the store (every article again after the settings changed)."""
    with _writing(settings, kept="the reuse tables are as before") as (store, progress):
        reused = _reuse_round(store, settings, progress)
    rendering.reuse_summary(reused)
    return EXIT_OK


def _reuse_round(store: Store, settings: Settings, progress: Progress) -> ReuseRound:
    """A reuse round over the store with the settings' threshold and workers, on the progress bar."""
    return update_reuse(
        store,
        threshold=settings.reuse_threshold,
        workers=settings.workers,
        on_progress=rendering.reuse_progress(progress),
    )


def _reuse_again(store: Store, settings: Settings, progress: Progress) -> ReuseRound | None:
    """After the credits or outlets changed, a reuse round on a store that has reuse tables (None
    without): it sketches again the articles whose credit lines changed, and every story's origin
    (an agency's own feed, or wire copy crediting it) is chosen anew."""
    return _reuse_round(store, settings, progress) if has_reuse(store) else None


def run_outlets(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics outlets`: the store's outlet mapping (as stored, or as an --outlets file would
    map it), as tables or JSON."""
    given = settings.outlets is not None
    outlets = load_outlets(settings.outlets, agencies=load_registry(settings.agencies)) if given else None
    with Store.open(settings.store, read_only=True, lock_wait=settings.lock_wait) as store:
        listing = outlet_listing(store, outlets=outlets)
    if args.json:
        out.print_json(json.dumps(listing.to_json(), ensure_ascii=False))
    else:
        rendering.outlet_listing(listing, every=args.all)
    return EXIT_OK


def run_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics evaluate`: score attribution against a gold file, detecting afresh from the corpora or reading the store."""
    registry = load_registry(settings.agencies)
    gold = read_gold(args.gold)
    refs = [g.ref for g in gold]
    if args.store:
        with Store.open(args.store, read_only=True, lock_wait=settings.lock_wait) as store:
            predictions, missing = stored_predictions(store, refs)
        result = evaluate(gold, predictions, missing=missing)
    else:
        if args.corpora is None:
            raise UserError("give --corpora DIR (where the gold refs live) or --store PATH")
        manifest = load_manifest(args.manifest, root=args.corpora.resolve())
        result = evaluate_articles(gold, articles_for_refs(refs, manifest), registry)
    if args.json:
        out.print_json(result.to_json())
    else:
        rendering.evaluation(result)
    return EXIT_OK


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics report`: write one CSV per analysis for the filters given; a filter value
    matching nothing in the store is an error naming it and its nearest values (nothing written)."""
    given = {
        "start": args.start,
        "end": args.end,
        "outlets": args.outlets,
        "agencies": args.agencies,
        "roles": args.roles,
        "tags": args.tags,
        "languages": args.languages,
        "outlet_kind": args.outlet_kind,
        "copy_of": args.copy_of,
        "wire_copy_only": args.wire_copy_only,
        "q": args.q,
    }
    compared = parse_compare(args.compare or [])
    with Store.open(settings.store, read_only=True, lock_wait=settings.lock_wait) as store:
        filters, unknown = resolve_filter_values(store, given, time_limit=NO_LIMIT)
        if unknown:
            raise FilterError(unknown_values_message(unknown))
        for query in compared:
            query.filters(filters)  # a query that would widen the base filters is an error before any file
        with rendering.progress_bar() as progress:
            manifest = write_report(
                store,
                args.out,
                filters,
                freq=args.freq,
                on_progress=rendering.report_progress(progress),
                registry=store_registry(store, agencies=settings.agencies),
                compared=compared,
            )
    for name, written in manifest["files"].items():
        out.print(f"{written['rows']:>9,} rows  {args.out / name}", highlight=False)
    if manifest["left_out"]["note"]:  # the wire-dependence files' default scope, never silent
        err.print(manifest["left_out"]["note"], highlight=False)
    return EXIT_OK


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics export articles`: write every stored article to CSV or JSON Lines."""
    with Store.open(settings.store, read_only=True, lock_wait=settings.lock_wait) as store:
        count = exports.export_articles(store, args.out)
    err.print(f"wrote {count:,} articles to {args.out}")
    return EXIT_OK

"""The `media-analytics` command."""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from analytics import __version__, settings
from analytics.present import exports
from analytics.evaluate.corpus import articles_for_refs
from analytics.evaluate.scoring import Evaluation, GoldError, evaluate, evaluate_articles, read_gold
from analytics.enrich.attribution.registry import ROLES, Registry, RegistryError, load_registry
from analytics.evaluate.stored import stored_predictions
from analytics.queries.filters import FilterError, filters_from
from analytics.ingest.pipeline import ENGINES, IngestResult, check_engine, ingest, plan_inputs
from analytics.ingest.recompute import reattribute, retag
from analytics.present.reports import write_report
from analytics.enrich.tags import TagAliasError, TagAliases, load_aliases
from analytics.ingest.manifest import FORMATS, Manifest, ManifestError, adhoc_source, load_manifest
from analytics.store.store import Store, StoreError

EXIT_OK, EXIT_USAGE, EXIT_QUARANTINED = 0, 1, 3
QUARANTINE_LINES_SHOWN = 20
SHARED_MANIFEST = pathlib.Path(__file__).resolve().parents[2] / "data/manifests/shared_corpora.toml"

out = Console()
err = Console(stderr=True)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except (ManifestError, RegistryError, TagAliasError, GoldError, FilterError, StoreError, exports.ExportError,
            ValueError) as problem:
        err.print(f"[red]error:[/red] {problem}", highlight=False, soft_wrap=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.print("interrupted: batches written so far are kept; run the same command again to finish")
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="media-analytics", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(title="commands")

    ingest_cmd = commands.add_parser("ingest", help="read articles into the store")
    ingest_cmd.add_argument("paths", nargs="*", type=pathlib.Path, help="files or folders to ingest")
    ingest_cmd.add_argument("--manifest", type=pathlib.Path, help="a corpus manifest (TOML) declaring the sources")
    ingest_cmd.add_argument("--root", type=pathlib.Path, help="folder source refs are relative to")
    ingest_cmd.add_argument("--format", help="read every path as this format instead of detecting it")
    ingest_cmd.add_argument("--outlet", help="default outlet for records that name none")
    ingest_cmd.add_argument("--language", help="language of the articles, e.g. id or en")
    ingest_cmd.add_argument("--timezone", help="IANA zone of times given without one, e.g. Asia/Jakarta")
    ingest_cmd.add_argument("--strict", action="store_true", help="exit 3 if any record was quarantined")
    ingest_cmd.add_argument("--workers", type=int, default=None,
                            help="processes that read and extract (default: one per core; 1: this process alone)")
    ingest_cmd.add_argument("--engine", choices=ENGINES, default=None,
                            help="local: processes on this machine (default); dask: tasks on a Dask cluster")
    ingest_cmd.add_argument("--scheduler", default=None,
                            help="Dask scheduler address for --engine dask (default: a local cluster of --workers processes)")
    ingest_cmd.add_argument("--partitions", type=pathlib.Path, default=None,
                            help="folder for the workers' Parquet partitions (default: the store path + .parts)")
    _store_option(ingest_cmd)
    _agencies_option(ingest_cmd)
    _aliases_option(ingest_cmd)
    ingest_cmd.set_defaults(run=_run_ingest)

    attribute_cmd = commands.add_parser("attribute", help="recompute every article's attributions (after the registry changed)")
    _store_option(attribute_cmd)
    _agencies_option(attribute_cmd)
    attribute_cmd.set_defaults(run=_run_attribute)

    retag_cmd = commands.add_parser("retag", help="recompute every article's tags (after the tag aliases changed)")
    _store_option(retag_cmd)
    _aliases_option(retag_cmd)
    retag_cmd.set_defaults(run=_run_retag)

    evaluate_cmd = commands.add_parser("evaluate", help="score attribution against a gold file")
    evaluate_cmd.add_argument("--gold", type=pathlib.Path, required=True, help="gold labels (JSON Lines, see the spec)")
    evaluate_cmd.add_argument("--corpora", type=pathlib.Path, help="folder the gold refs are relative to")
    evaluate_cmd.add_argument("--manifest", type=pathlib.Path, default=SHARED_MANIFEST,
                              help="how to read the corpora (default: data/manifests/shared_corpora.toml)")
    evaluate_cmd.add_argument("--store", type=pathlib.Path, help="score the attributions stored here instead of detecting afresh")
    evaluate_cmd.add_argument("--json", action="store_true", help="print JSON instead of tables")
    _agencies_option(evaluate_cmd)
    evaluate_cmd.set_defaults(run=_run_evaluate)

    info_cmd = commands.add_parser("info", help="what the store holds")
    _store_option(info_cmd)
    info_cmd.add_argument("--quarantine", action="store_true", help="list every quarantined record")
    info_cmd.add_argument("--files", action="store_true", help="the ingest log: each input file's record accounting")
    info_cmd.add_argument("--json", action="store_true", help="print JSON instead of a table")
    info_cmd.set_defaults(run=_run_info)

    report_cmd = commands.add_parser("report", help="write one CSV per analysis (see README) into a folder")
    _store_option(report_cmd)
    report_cmd.add_argument("--out", type=pathlib.Path, required=True, help="folder for the CSV files and manifest.json")
    report_cmd.add_argument("--freq", default="month", choices=["day", "week", "month"], help="period of the timelines")
    report_cmd.add_argument("--start", help="first local publication date, YYYY-MM-DD")
    report_cmd.add_argument("--end", help="last local publication date, YYYY-MM-DD")
    for option, field in (("--outlet", "outlets"), ("--agency", "agencies"), ("--role", "roles"), ("--tag", "tags"),
                          ("--language", "languages")):
        report_cmd.add_argument(option, dest=field, action="append", help=f"keep only these {field} (repeatable)")
    report_cmd.add_argument("--wire-copy-only", action="store_true", help="only articles that are wire copy")
    report_cmd.set_defaults(run=_run_report)

    export_cmd = commands.add_parser("export", help="write store tables to files")
    export_cmd.add_argument("table", choices=["articles"])
    export_cmd.add_argument("--out", type=pathlib.Path, required=True, help="FILE.csv or FILE.jsonl")
    _store_option(export_cmd)
    export_cmd.set_defaults(run=_run_export)

    bench_cmd = commands.add_parser("bench", help="run the benchmarks and rewrite benchmarks/RESULTS.md (make bench)")
    bench_cmd.add_argument("--scale", help="scaled corpus sizes, comma-separated (default 100000; 100000,1000000 adds 1M)")
    bench_cmd.add_argument("--workers", help="ingest worker counts to measure, comma-separated (default 1,2)")
    bench_cmd.set_defaults(run=_run_bench)

    dash_cmd = commands.add_parser("dashboard", help="serve the dashboard")
    _store_option(dash_cmd)
    dash_cmd.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    dash_cmd.add_argument("--port", type=int, default=None, help="port (default 8050)")
    dash_cmd.add_argument("--debug", action="store_true", help="Dash debug mode (never on a shared host)")
    dash_cmd.set_defaults(run=_run_dashboard)
    return parser


def _store_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--store", type=pathlib.Path, default=None, help="the store file (default data/store/media.duckdb)")


def _agencies_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--agencies", type=pathlib.Path, default=None,
                         help="a TOML file of agencies extending or overriding the shipped registry")


def _registry(args: argparse.Namespace) -> Registry:
    extra = args.agencies or settings.get("agencies") or None
    return load_registry(pathlib.Path(extra) if extra else None)


def _aliases_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--tag-aliases", type=pathlib.Path, default=None,
                         help="a TOML file of tag synonyms ([aliases] \"Korea Utara\" = [\"Korut\"])")


def _aliases(args: argparse.Namespace) -> TagAliases:
    path = args.tag_aliases or settings.get("tag_aliases") or None
    return load_aliases(pathlib.Path(path) if path else None)


def _store_path(args: argparse.Namespace) -> pathlib.Path:
    return pathlib.Path(settings.get("store", args.store))


def _run_ingest(args: argparse.Namespace) -> int:
    manifest = _manifest_from_args(args)
    registry, aliases = _registry(args), _aliases(args)
    engine = settings.get("engine", args.engine)
    check_engine(engine)  # before the store is opened (and perhaps created)
    if engine != "dask" and args.scheduler:
        raise ValueError("--scheduler needs --engine dask")
    partitions = settings.get("partitions", args.partitions)
    inputs = plan_inputs(manifest)
    if not inputs:
        err.print("[red]error:[/red] no input files found", highlight=False)
        return EXIT_USAGE
    with Store.open(_store_path(args)) as store, _progress_bar() as progress:
        task = progress.add_task("ingest", total=sum(i.path.stat().st_size for i in inputs), records=0, rate=0.0)

        def advance(records: int, size: int) -> None:
            state = progress.tasks[task]
            done = state.fields["records"] + records
            rate = done / state.elapsed if state.elapsed else 0.0
            progress.update(task, advance=size, records=done, rate=rate)

        result = ingest(manifest, store, registry=registry, aliases=aliases, command=" ".join(sys.argv),
                        batch_size=int(settings.get("batch_size")), on_progress=advance,
                        workers=int(settings.get("workers", args.workers)), engine=engine,
                        scheduler=settings.get("scheduler", args.scheduler) or None,
                        partitions=pathlib.Path(partitions) if partitions else None)
    _print_summary(result)
    readable = sum(s.stored + s.duplicates + s.skipped_files for s in result.sources)
    if not readable:
        err.print("[red]error:[/red] nothing could be read", highlight=False)
        return EXIT_USAGE
    if args.strict and result.quarantined:
        return EXIT_QUARANTINED
    return EXIT_OK


def _manifest_from_args(args: argparse.Namespace) -> Manifest:
    if args.manifest and args.paths:
        raise ValueError("give either PATH... or --manifest, not both")
    if args.manifest:
        return load_manifest(args.manifest, root=args.root)
    if not args.paths:
        raise ValueError("nothing to ingest: give PATH... or --manifest FILE")
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise ValueError(f"no such file or folder: {', '.join(missing)}")
    if args.format and args.format not in FORMATS:
        raise ValueError(f"--format must be one of {', '.join(FORMATS)}")
    root = args.root or _common_root(args.paths)
    source = adhoc_source(
        "command line", [str(p.resolve()) for p in args.paths], format=args.format, outlet=args.outlet,
        language=args.language, timezone=args.timezone,
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


def _progress_bar() -> Progress:
    """Bytes done as the bar, records read and records/s beside it (on stderr)."""
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[records]:,} records"),
        TextColumn("{task.fields[rate]:,.0f} records/s"), TimeElapsedColumn(), console=err, transient=True,
    )


def _print_summary(result: IngestResult) -> None:
    table = Table(title=f"ingest run {result.run_id}")
    for name in ("source", "files", "read", "stored", "duplicates", "quarantined"):
        table.add_column(name, justify="left" if name == "source" else "right")
    for s in result.sources:
        files = f"{s.files}" + (f" ({s.skipped_files} unchanged)" if s.skipped_files else "")
        table.add_row(s.name, files, f"{s.records_read:,}", f"{s.stored:,}", f"{s.duplicates:,}", f"{s.quarantined:,}")
    out.print(table)
    for s in result.sources:
        for pattern in s.unmatched:
            out.print(f"[yellow]{s.name}: no file matches {pattern}[/yellow]", highlight=False)
        for mapping in s.mappings:
            out.print(f"{s.name}: fields mapped by {mapping}", highlight=False, soft_wrap=True)
        for note in s.notes:
            out.print(f"[yellow]{s.name}: {note}[/yellow]", highlight=False, soft_wrap=True)
    for bad in result.quarantine[:QUARANTINE_LINES_SHOWN]:
        out.print(f"[yellow]quarantined[/yellow] {bad.source_ref}: {bad.reason}", highlight=False, soft_wrap=True)
    hidden = result.quarantined - QUARANTINE_LINES_SHOWN
    if hidden > 0:
        out.print(f"... and {hidden:,} more: `media-analytics info --quarantine` lists them all")


def _run_info(args: argparse.Namespace) -> int:
    with Store.open(_store_path(args), read_only=True) as store:
        facts = store.info()
        rows = store.quarantine() if args.quarantine else []
        log = store.ingest_log() if args.files else []
    if args.json:
        facts["quarantine_records"] = [dict(zip(("source_ref", "reason", "excerpt"), r)) for r in rows]
        if args.files:
            facts["files"] = log
        out.print_json(json.dumps(facts, ensure_ascii=False))
        return EXIT_OK
    if log:
        out.print(_log_table(log))
    table = Table(show_header=False, title="store")
    for key, value in facts.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v:,}" for k, v in value.items())
        table.add_row(key.replace("_", " "), f"{value:,}" if isinstance(value, int) else str(value))
    out.print(table)
    for ref, reason, text in rows:
        out.print(f"{ref}: {reason}" + (f"  [dim]{text}[/dim]" if text else ""), highlight=False)
    return EXIT_OK


def _log_table(log: list[dict]) -> Table:
    table = Table(title="ingest log: latest complete read of each file")
    for column in log[0]:
        numeric = isinstance(log[0][column], int)
        table.add_column(column.replace("_", " "), justify="right" if numeric else "left", overflow="fold")
    for entry in log:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in entry.values()))
    return table


def _run_attribute(args: argparse.Namespace) -> int:
    registry = _registry(args)
    with Store.open(_store_path(args)) as store:
        count = _recompute_with_progress(store, "attribute", lambda advance: reattribute(store, registry, on_progress=advance))
        rows = store.one("SELECT count(*) FROM attributions")[0]
    err.print(f"attributed {count:,} articles: {rows:,} attributions (registry: {', '.join(registry.files)})")
    return EXIT_OK


def _run_retag(args: argparse.Namespace) -> int:
    aliases = _aliases(args)
    with Store.open(_store_path(args)) as store:
        count = _recompute_with_progress(store, "retag", lambda advance: retag(store, aliases, on_progress=advance))
        rows = store.one("SELECT count(*) FROM tags")[0]
    err.print(f"tagged {count:,} articles: {rows:,} tags ({len(aliases):,} aliases)")
    return EXIT_OK


def _recompute_with_progress(store: Store, label: str, work) -> int:
    with _progress_bar() as progress:
        task = progress.add_task(label, total=store.one("SELECT count(*) FROM articles")[0], records=0, rate=0.0)

        def advance(articles: int) -> None:
            state = progress.tasks[task]
            done = state.fields["records"] + articles
            progress.update(task, advance=articles, records=done, rate=done / state.elapsed if state.elapsed else 0.0)

        return work(advance)


def _run_evaluate(args: argparse.Namespace) -> int:
    registry = _registry(args)
    gold = read_gold(args.gold)
    refs = [g.ref for g in gold]
    if args.store:
        with Store.open(args.store, read_only=True) as store:
            predictions, missing = stored_predictions(store, refs)
        result = evaluate(gold, predictions, missing=missing)
    else:
        if args.corpora is None:
            raise ValueError("give --corpora DIR (where the gold refs live) or --store PATH")
        manifest = load_manifest(args.manifest, root=args.corpora.resolve())
        result = evaluate_articles(gold, articles_for_refs(refs, manifest), registry)
    if args.json:
        out.print_json(result.to_json())
    else:
        _print_evaluation(result)
    return EXIT_OK


def _print_evaluation(result: Evaluation) -> None:
    table = Table(title=f"attribution on {result.articles} gold articles")
    for name in ("scope", "tp", "fp", "fn", "precision", "recall", "f1"):
        table.add_column(name, justify="left" if name == "scope" else "right")
    scopes = [("triples", result.triples), ("agency only", result.agency_only)]
    scopes += [(f"role {k}", result.per_role[k]) for k in ROLES if k in result.per_role]
    scopes += [(f"agency {k}", v) for k, v in sorted(result.per_agency.items())]
    for name, score in scopes:
        table.add_row(name, str(score.tp), str(score.fp), str(score.fn),
                      f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}")
    out.print(table)
    for error in result.errors:
        out.print(f"{error.kind.upper()} {error.ref} {error.agency}/{error.role}: {error.evidence}", highlight=False,
                  soft_wrap=True)
    for ref in result.missing:
        out.print(f"[yellow]no article for {ref}[/yellow]", highlight=False, soft_wrap=True)


def _run_report(args: argparse.Namespace) -> int:
    filters = filters_from(
        start=args.start, end=args.end, outlets=args.outlets, agencies=args.agencies, roles=args.roles, tags=args.tags,
        languages=args.languages, wire_copy_only=args.wire_copy_only,
    )
    with Store.open(_store_path(args), read_only=True) as store, _progress_bar() as progress:
        task = progress.add_task("report", total=None, records=0, rate=0.0)

        def advance(done: int, total: int, _file: str) -> None:
            elapsed = progress.tasks[task].elapsed
            progress.update(task, completed=done, total=total, records=done, rate=done / elapsed if elapsed else 0.0)

        manifest = write_report(store, args.out, filters, freq=args.freq, on_progress=advance)
    for name, written in manifest["files"].items():
        out.print(f"{written['rows']:>9,} rows  {args.out / name}", highlight=False)
    return EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    with Store.open(_store_path(args), read_only=True) as store:
        count = exports.export_articles(store, args.out)
    err.print(f"wrote {count:,} articles to {args.out}")
    return EXIT_OK


def _run_bench(args: argparse.Namespace) -> int:
    try:
        from benchmarks import bench_ingest, run, scaled
    except ImportError:
        raise ValueError("the benchmarks come with the repository: run this from a clone (make install)") from None
    for variable, value in ((scaled.SCALE_ENV, args.scale), (bench_ingest.WORKERS_ENV, args.workers)):
        if value:
            os.environ[variable] = value
    return run.main()


def _run_dashboard(args: argparse.Namespace) -> int:
    from dashboard.app import serve

    serve(
        store=_store_path(args), host=str(settings.get("host", args.host)), port=int(settings.get("port", args.port)),
        debug=args.debug,
    )
    return EXIT_OK


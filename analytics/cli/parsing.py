"""The command line: each command with its options. A setting's option (`--lock-wait` for
`lock_wait`) is made from its declaration in `analytics.settings` and read as text; the
command's Settings convert it (`settings_from`)."""

from __future__ import annotations

import argparse
import pathlib
from typing import Any

from analytics import __version__
from analytics.settings import ENGINES, SETTINGS, SETTINGS_BY_NAME, Settings

SHARED_MANIFEST = pathlib.Path(__file__).resolve().parents[2] / "data/manifests/shared_corpora.toml"
SETTING_DEST = "setting_{}"  # where a setting's option lands in the parsed arguments, apart from other options
DESCRIPTION = "The `media-analytics` command."


def parser() -> argparse.ArgumentParser:
    """The `media-analytics` parser; `command` is the name of the command given (None: none)."""
    parser = argparse.ArgumentParser(prog="media-analytics", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=__version__)
    subparsers = parser.add_subparsers(title="commands", dest="command")

    ingest = subparsers.add_parser("ingest", help="read articles into the store")
    ingest.add_argument("paths", nargs="*", type=pathlib.Path, help="files or folders to ingest")
    ingest.add_argument("--manifest", type=pathlib.Path, help="a corpus manifest (TOML) declaring the sources")
    ingest.add_argument("--root", type=pathlib.Path, help="folder source refs are relative to")
    ingest.add_argument("--format", help="read every path as this format instead of detecting it")
    ingest.add_argument("--outlet", help="default outlet for records that name none")
    ingest.add_argument("--language", help="language of the articles, e.g. id or en")
    ingest.add_argument("--timezone", help="IANA zone of times given without one, e.g. Asia/Jakarta")
    ingest.add_argument("--strict", action="store_true", help="exit 3 if any record was quarantined")
    _setting_options(
        ingest,
        "store",
        "batch_size",
        "workers",
        "engine",
        "scheduler",
        "partitions",
        "agencies",
        "outlets",
        "tag_aliases",
        "lock_wait",
        "max_record_bytes",
        "zip_max_ratio",
        "zip_max_member_bytes",
        "zip_max_depth",
        "split_file_bytes",
        "chunk_bytes",
        "reuse_threshold",
        engine={"choices": ENGINES},
    )

    attribute = subparsers.add_parser(
        "attribute", help="recompute every article's attributions (after the registry changed)"
    )
    _setting_options(attribute, "store", "agencies", "workers", "lock_wait")

    retag = subparsers.add_parser("retag", help="recompute every article's tags (after the tag aliases changed)")
    _setting_options(retag, "store", "tag_aliases", "lock_wait")

    reoutlet = subparsers.add_parser(
        "reoutlet",
        help="recompute every article's outlet columns (after the outlet registry changed); stories are not merged again",
        description="Resolve every stored article's canonical outlet again from its URL and raw outlet name. "
        "Stories are not merged again: records stored as one story (the same text within one outlet) stay "
        "one article, and articles the new mapping puts in one outlet stay separate; ingest into a new store "
        "to merge them.",
    )
    _setting_options(reoutlet, "store", "agencies", "outlets", "workers", "lock_wait")

    reindex = subparsers.add_parser(
        "reindex",
        help="build the store's search index anew from the stored articles (ingest keeps it current)",
    )
    _setting_options(reindex, "store", "lock_wait")

    reuse = subparsers.add_parser(
        "reuse",
        help="find the text articles share: sketch the articles not sketched yet and check their candidate pairs "
        "(ingest does it for the articles it adds; after the reuse settings changed, it does every article again)",
    )
    _setting_options(reuse, "store", "workers", "reuse_threshold", "lock_wait")

    outlets = subparsers.add_parser(
        "outlets", help="the canonical outlets with their articles, raw names and hosts, and the unmapped names"
    )
    outlets.add_argument("--json", action="store_true", help="print JSON instead of tables")
    outlets.add_argument(
        "--all", action="store_true", help="every raw name, host and unmapped name (default: the most frequent)"
    )
    _setting_options(outlets, "store", "agencies", "outlets", "lock_wait")

    evaluate = subparsers.add_parser("evaluate", help="score attribution against a gold file")
    evaluate.add_argument("--gold", type=pathlib.Path, required=True, help="gold labels (JSON Lines, see the spec)")
    evaluate.add_argument("--corpora", type=pathlib.Path, help="folder the gold refs are relative to")
    evaluate.add_argument(
        "--manifest",
        type=pathlib.Path,
        default=SHARED_MANIFEST,
        help="how to read the corpora (default: data/manifests/shared_corpora.toml)",
    )
    evaluate.add_argument(
        "--store", type=pathlib.Path, help="score the attributions stored here instead of detecting afresh"
    )
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of tables")
    _setting_options(evaluate, "agencies", "lock_wait")

    info = subparsers.add_parser("info", help="what the store holds")
    info.add_argument("--quarantine", action="store_true", help="list every quarantined record")
    info.add_argument("--files", action="store_true", help="the ingest log: each input file's record accounting")
    info.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _setting_options(info, "store", "lock_wait")

    report = subparsers.add_parser("report", help="write one CSV per analysis (see README) into a folder")
    report.add_argument("--out", type=pathlib.Path, required=True, help="folder for the CSV files and manifest.json")
    report.add_argument("--freq", default="month", choices=["day", "week", "month"], help="period of the timelines")
    report.add_argument("--start", help="first local publication date, YYYY-MM-DD")
    report.add_argument("--end", help="last local publication date, YYYY-MM-DD")
    for option, field in (
        ("--outlet", "outlets"),
        ("--agency", "agencies"),
        ("--role", "roles"),
        ("--tag", "tags"),
        ("--language", "languages"),
    ):
        report.add_argument(option, dest=field, action="append", help=f"keep only these {field} (repeatable)")
    report.add_argument(
        "--outlet-kind",
        dest="outlet_kind",
        action="append",
        help="keep only outlets of this kind (repeatable; `all`: every kind). Without it the wire-dependence "
        "files leave out agencies' own feeds (kind agency); manifest.json says how many articles",
    )
    report.add_argument(
        "--copy-of",
        dest="copy_of",
        action="append",
        metavar="KIND:ID",
        help="only text reuse (repeatable): agency:ID the copies of an agency's stories, outlet:ID of an outlet's, "
        "uncredited:ID the articles copying an agency's story without crediting it",
    )
    report.add_argument("--wire-copy-only", action="store_true", help="only articles that are wire copy")
    report.add_argument(
        "--query",
        dest="q",
        help='only articles matching this text query: words, "phrases", AND/OR/NOT, -word, (groups), prefix*, '
        "title:/text:/caption: (README: Search)",
    )
    report.add_argument(
        "--compare",
        action="append",
        metavar="NAME=QUERY",
        help="compare up to 5 named queries (repeatable): every analysis file gets a `query` column. QUERY is a "
        "text query, or filters in URL form after ? ('KCNA cited=?agencies=kcna')",
    )
    _setting_options(report, "store", "lock_wait")

    export = subparsers.add_parser("export", help="write store tables to files")
    export.add_argument("table", choices=["articles"])
    export.add_argument("--out", type=pathlib.Path, required=True, help="FILE.csv or FILE.jsonl")
    _setting_options(export, "store", "lock_wait")

    dashboard = subparsers.add_parser("dashboard", help="serve the dashboard")
    dashboard.add_argument("--debug", action="store_true", help="Dash debug mode (never on a shared host)")
    _setting_options(dashboard, "store", "host", "port", "query_time_limit", "timeline_min_articles")
    return parser


def _setting_options(command: argparse.ArgumentParser, *names: str, **extra: dict[str, Any]) -> None:
    """The options of these settings, with their help and default from the declaration;
    `extra[name]`: further add_argument keywords (choices)."""
    for name in names:
        setting = SETTINGS_BY_NAME[name]
        options = extra.get(name, {})
        default = f"{setting.default}" if setting.default != "" else "none"
        command.add_argument(
            setting.flag,
            dest=SETTING_DEST.format(name),
            default=None,
            metavar=None if "choices" in options else name.upper(),
            help=f"{setting.help} Environment: {setting.env_var}; default: {default}.",
            **options,
        )


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings of this command: its options where given, else the environment, else the defaults."""
    return Settings.resolve({s.name: getattr(args, SETTING_DEST.format(s.name), None) for s in SETTINGS})


def given(args: argparse.Namespace, name: str) -> bool:
    """Whether the setting's option was given (not empty) on the command line."""
    return bool(getattr(args, SETTING_DEST.format(name), None))

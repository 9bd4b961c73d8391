"""What the commands show: results on stdout (rich tables), progress bars and messages on stderr."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from analytics.cli.console import err, out, warning
from analytics.enrich.attribution.registry import ROLES
from analytics.enrich.outlets import NO_OUTLET_METHOD
from analytics.evaluate.scoring import Evaluation
from analytics.ingest.outlet_listing import OutletListing, Unmapped
from analytics.ingest.pipeline import DATED_SHARE_WARNING, NO_OUTLET_SHARE_WARNING, IngestResult, SourceSummary
from analytics.ingest.reuse import ReuseRound
from analytics.store.search_index import IndexState

QUARANTINE_LINES_SHOWN = 20
LISTED_VALUES_SHOWN = 6  # raw names and hosts shown per outlet without --all
UNMAPPED_SHOWN = 10  # unmapped raw names shown per reason without --all


def progress_bar() -> Progress:
    """Work done as the bar, records read and records/s beside it (on stderr). Each task has
    the fields `records` and `rate`."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[records]:,} records"),
        TextColumn("{task.fields[rate]:,.0f} records/s"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def ingest_progress(progress: Progress, total_bytes: int) -> Callable[[int, int], None]:
    """A new task of `progress` for ingest: bytes as the bar; the callback ingest calls with the
    records and bytes each step read."""
    task = progress.add_task("ingest", total=total_bytes, records=0, rate=0.0)

    def advance(records: int, size: int) -> None:
        state = progress.tasks[task]
        done = state.fields["records"] + records
        rate = done / state.elapsed if state.elapsed else 0.0
        progress.update(task, advance=size, records=done, rate=rate)

    return advance


def recompute_progress(progress: Progress, label: str, articles: int) -> Callable[[int], None]:
    """A new task of `progress` over `articles`; the callback a recompute calls with the articles each step did."""
    task = progress.add_task(label, total=articles, records=0, rate=0.0)

    def advance(done_now: int) -> None:
        state = progress.tasks[task]
        done = state.fields["records"] + done_now
        progress.update(task, advance=done_now, records=done, rate=done / state.elapsed if state.elapsed else 0.0)

    return advance


def reuse_progress(progress: Progress) -> Callable[[str, int, int], None]:
    """Tasks of `progress` for a reuse round, one per stage; the callback update_reuse calls with the
    stage, what it did so far and in all."""
    tasks: dict[str, TaskID] = {}

    def advance(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(f"reuse: {stage}", total=total, records=0, rate=0.0)
        state = progress.tasks[tasks[stage]]
        progress.update(tasks[stage], completed=done, records=done, rate=done / state.elapsed if state.elapsed else 0.0)

    return advance


def reuse_summary(reused: ReuseRound) -> None:
    """One line: what a reuse round did."""
    err.print(
        f"reuse: sketched {reused.sketched:,} articles, checked {reused.candidates:,} candidate pairs, "
        f"{reused.pairs:,} share text; {reused.stories:,} stories of articles sharing at least the threshold"
    )


def report_progress(progress: Progress) -> Callable[[int, int, str], None]:
    """A new task of `progress` for a report; the callback write_report calls with units done and in all."""
    task = progress.add_task("report", total=None, records=0, rate=0.0)

    def advance(done: int, total: int, _file: str) -> None:
        elapsed = progress.tasks[task].elapsed
        progress.update(task, completed=done, total=total, records=done, rate=done / elapsed if elapsed else 0.0)

    return advance


def ingest_summary(result: IngestResult) -> None:
    """A table of records per source (with the share of articles dated and the date order),
    then what needs the user's attention: unmatched patterns, field mappings, notes, how
    dates were read and a warning where too few were, how outlets were found and a warning
    where too many articles have none, and the first quarantined records."""
    table = Table(title=f"ingest run {result.run_id}")
    for name in ("source", "files", "read", "stored", "duplicates", "quarantined", "dated", "date order"):
        table.add_column(name, justify="left" if name in ("source", "date order") else "right")
    for s in result.sources:
        files = f"{s.files}" + (f" ({s.skipped_files} unchanged)" if s.skipped_files else "")
        share = s.dated_share
        order = f"{s.date_order.order} ({s.date_order.basis})" if s.date_order else "-"
        table.add_row(
            s.name,
            files,
            f"{s.records_read:,}",
            f"{s.stored:,}",
            f"{s.duplicates:,}",
            f"{s.quarantined:,}",
            "-" if share is None else f"{share:.1%}",
            order,
        )
    out.print(table)
    for s in result.sources:
        for pattern in s.unmatched:
            out.print(f"[yellow]{s.name}: no file matches {pattern}[/yellow]", highlight=False)
        for mapping in s.mappings:
            out.print(f"{s.name}: fields mapped by {mapping}", highlight=False, soft_wrap=True)
        for note in s.notes:
            out.print(f"[yellow]{s.name}: {note}[/yellow]", highlight=False, soft_wrap=True)
        for line, warn in _date_lines(s) + _outlet_lines(s):
            out.print(f"[yellow]{line}[/yellow]" if warn else line, highlight=False, soft_wrap=True)
    for bad in result.quarantine[:QUARANTINE_LINES_SHOWN]:
        out.print(f"[yellow]quarantined[/yellow] {bad.source_ref}: {bad.reason}", highlight=False, soft_wrap=True)
    hidden = result.quarantined - QUARANTINE_LINES_SHOWN
    if hidden > 0:
        out.print(f"... and {hidden:,} more: `media-analytics info --quarantine` lists them all")


def _date_lines(s: SourceSummary) -> list[tuple[str, bool]]:
    """What the summary says of a source's dates, as (line, is a warning): the methods that
    read them, the date order when values or the manifest decided it, what contradicts it,
    and a warning when the dated share is below DATED_SHARE_WARNING."""
    stats, decision = s.dates, s.date_order
    lines = []
    if stats.methods:
        lines.append((f"{s.name}: dates read by " + _counts(stats.methods), False))
    if decision is not None and (decision.basis != "language" or stats.contradicting):
        lines.append((f"{s.name}: {decision.describe()}", decision.contradicted))
    if stats.contradicting:
        lines.append(
            (
                f"{s.name}: {stats.contradicting:,} dates contradict the date order {decision and decision.order}, left unparsed",
                True,
            )
        )
    if s.dates_need_attention:
        missing = stats.articles - stats.dated - stats.unreadable
        text = (
            f"{s.name}: only {s.dated_share:.1%} of {stats.articles:,} articles have a publication date"
            f" (below {DATED_SHARE_WARNING:.0%}): {stats.unreadable:,} unreadable, {missing:,} without one"
        )
        if stats.examples:
            text += "; could not read " + ", ".join(repr(v) for v in stats.examples)
        lines.append((text, True))
    return lines


def _outlet_lines(s: SourceSummary) -> list[tuple[str, bool]]:
    """What the summary says of a source's outlets, as (line, is a warning): the share found by
    each method, the articles without one by reason, and a warning with examples when their
    share is above NO_OUTLET_SHARE_WARNING."""
    stats = s.outlets
    if not stats.articles:
        return []
    found = sorted(
        ((m, n) for m, n in stats.methods.items() if m != NO_OUTLET_METHOD), key=lambda item: (-item[1], item[0])
    )
    parts = [f"{m} {n / stats.articles:.1%}" for m, n in found]
    if stats.issues:
        parts.append(f"no outlet {stats.none_share:.1%} ({_counts(stats.issues)})")
    lines = [(f"{s.name}: outlets: " + ", ".join(parts), False)]
    if s.outlets_need_attention:
        warning = (
            f"{s.name}: {stats.none_share:.1%} of {stats.articles:,} articles have no outlet (above "
            f"{NO_OUTLET_SHARE_WARNING:.0%}): give the source an `outlet` (manifest) or --outlet"
        )
        if stats.examples:
            warning += "; not outlet names: " + ", ".join(repr(v) for v in stats.examples)
        lines.append((warning, True))
    return lines


def _counts(counts: dict[str, int]) -> str:
    """`key n, key n`, largest first."""
    return ", ".join(f"{k} {n:,}" for k, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def store_info(facts: dict[str, Any], quarantine: list[tuple], log: list[dict]) -> None:
    """The ingest log (when asked for), the store's facts (a warning when too many articles have no
    outlet), and the quarantined records (when asked for)."""
    if log:
        out.print(_log_table(log))
    table = Table(show_header=False, title="store")
    for key, value in facts.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v:.1%}" if isinstance(v, float) else f"{k} {v:,}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(repr(v) for v in value)
        table.add_row(key.replace("_", " "), f"{value:,}" if isinstance(value, int) else str(value))
    out.print(table)
    none_share = facts["outlets_found_by"].get(NO_OUTLET_METHOD, 0.0)
    if none_share > NO_OUTLET_SHARE_WARNING:
        text = f"{none_share:.1%} of the articles have no outlet (above {NO_OUTLET_SHARE_WARNING:.0%})"
        text += ": " + _counts(facts["articles_without_outlet"])
        if facts["names_without_outlet"]:
            text += "; not outlet names: " + ", ".join(repr(v) for v in facts["names_without_outlet"])
        warning(text + "; `media-analytics outlets` lists them")
    for ref, reason, text in quarantine:
        out.print(f"{ref}: {reason}" + (f"  [dim]{text}[/dim]" if text else ""), highlight=False)


def index_state(state: IndexState) -> str:
    """The search index in one line: whether it holds what the store holds, else what to do."""
    if not state.exists:
        return "none: run `media-analytics reindex` to build it"
    if state.current:
        return f"current ({state.documents:,} articles)"
    return (
        f"not current ({state.documents:,} articles, made by ingest run {state.run_id}): finish the "
        "ingest (run it again) or run `media-analytics reindex`"
    )


def _log_table(log: list[dict]) -> Table:
    table = Table(title="ingest log: latest complete read of each file")
    for column in log[0]:
        numeric = isinstance(log[0][column], int)
        table.add_column(column.replace("_", " "), justify="right" if numeric else "left", overflow="fold")
    for entry in log:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in entry.values()))
    return table


def outlet_listing(listing: OutletListing, *, every: bool) -> None:
    """The canonical outlets (articles, kind, raw names and hosts mapped to each), then the unmapped
    raw names by reason; without `every`, the most frequent names, hosts and unmapped names."""
    source = "as stored" if listing.registry_files is None else f"as {', '.join(listing.registry_files)} maps them"
    table = Table(title=f"outlets {source}")
    for name in ("outlet", "name", "kind", "articles", "raw names", "hosts"):
        table.add_column(name, justify="right" if name == "articles" else "left", overflow="fold")
    for outlet in listing.outlets:
        table.add_row(
            outlet.outlet_id,
            outlet.outlet_name or "",
            outlet.outlet_kind or "(not in the registry)",
            f"{outlet.articles:,}",
            _some(outlet.names, every=every, shown=LISTED_VALUES_SHOWN),
            _some(outlet.hosts, every=every, shown=LISTED_VALUES_SHOWN),
        )
    out.print(table)
    by_reason: dict[str, list[Unmapped]] = {}
    for unmapped in listing.unmapped:
        by_reason.setdefault(unmapped.reason, []).append(unmapped)
    for reason, names in by_reason.items():
        total = sum(u.articles for u in names)
        out.print(f"[yellow]no outlet ({reason}): {total:,} articles[/yellow]", highlight=False)
        for unmapped in names if every else names[:UNMAPPED_SHOWN]:
            out.print(f"  {unmapped.articles:>7,}  {unmapped.raw_name!r}", highlight=False, soft_wrap=True)
        if not every and len(names) > UNMAPPED_SHOWN:
            out.print(f"  ... and {len(names) - UNMAPPED_SHOWN:,} more: --all lists them", highlight=False)


def _some(counts: dict[str, int], *, every: bool, shown: int) -> str:
    """`value n, value n`, the first `shown` unless `every`, and how many more."""
    items = list(counts.items())
    text = ", ".join(f"{value} {n:,}" for value, n in (items if every else items[:shown]))
    return text if every or len(items) <= shown else f"{text}, … {len(items) - shown:,} more"


def evaluation(result: Evaluation) -> None:
    """Scores per scope (triples, agency only, each role, each agency), then every error and missing article."""
    table = Table(title=f"attribution on {result.articles} gold articles")
    for name in ("scope", "tp", "fp", "fn", "precision", "recall", "f1"):
        table.add_column(name, justify="left" if name == "scope" else "right")
    scopes = [("triples", result.triples), ("agency only", result.agency_only)]
    scopes += [(f"role {k}", result.per_role[k]) for k in ROLES if k in result.per_role]
    scopes += [(f"agency {k}", v) for k, v in sorted(result.per_agency.items())]
    for name, score in scopes:
        table.add_row(
            name,
            str(score.tp),
            str(score.fp),
            str(score.fn),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
        )
    out.print(table)
    for error in result.errors:
        out.print(
            f"{error.kind.upper()} {error.ref} {error.agency}/{error.role}: {error.evidence}",
            highlight=False,
            soft_wrap=True,
        )
    for ref in result.missing:
        out.print(f"[yellow]no article for {ref}[/yellow]", highlight=False, soft_wrap=True)

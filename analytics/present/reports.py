"""CSV reports: every analysis of the API, written for one set of filters.

`write_report(store, out_dir, filters)` writes the files below and returns the
manifest it wrote: one CSV per analysis of `analytics.queries.catalog` (in its
order, with its columns and report options), then the two streamed tables and the
manifest. Every CSV is UTF-8 with a BOM (Excel then reads Indonesian text right);
every text cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed
with `'` against formula injection, unless it is a plain number (`-3` in `change`
stays a number; see `analytics.present.exports.neutralise`). Dates are `YYYY-MM-DD`,
UTC times ISO 8601 with `+00:00`, lists JSON arrays.
`count` / `total` / `share` mean what the API says: share = count / total, the
total stated in the row; the manifest states each file's `denominator` in words (what `total`
counts: agency and role filters pick what is counted, never what it is counted out of). The dashboard's "Download CSV" writes the same columns
(`csv_bytes(frame)`).

| file | contents | columns |
|---|---|---|
| `overview.csv` | the corpus at a glance | metric, count, total, share |
| `attribution_by_agency.csv` | articles crediting each agency | agency, agency_name, agency_kind, count, total, share |
| `attribution_by_role.csv` | articles crediting any agency, per role | role, count, total, share |
| `attribution_by_agency_role.csv` | articles crediting each agency in each role | agency, agency_name, agency_kind, role, count, total, share |
| `attribution_by_outlet.csv` | articles of each outlet crediting any agency | outlet_id, outlet_name, outlet_kind, count, total, share |
| `outlet_agency_matrix.csv` | articles of each outlet crediting each agency | outlet_id, outlet_name, outlet_kind, agency, agency_name, agency_kind, count, total, share |
| `wire_copy_by_outlet.csv` | wire copy per outlet | outlet_id, outlet_name, outlet_kind, count, total, share |
| `state_vs_independent.csv` | articles crediting state media / independent wires | agency_kind, count, total, share |
| `agency_timeline.csv` | articles crediting each agency per period | period, agency, agency_name, agency_kind, count, total, share |
| `publication_timeline.csv` | articles of each outlet per period | period, outlet_id, outlet_name, outlet_kind, count, total, share |
| `tag_frequencies.csv` | top 1,000 tags of each kind | kind, tag, label, count, total, share |
| `tag_frequencies_by_outlet.csv` | top 100 tags of each kind per outlet | outlet_id, outlet_name, outlet_kind, kind, tag, label, count, total, share |
| `tag_frequencies_by_agency.csv` | top 100 tags of each kind per credited agency | agency, kind, tag, label, count, total, share |
| `tag_timeline.csv` | the 10 most frequent tags per period | period, tag, label, count, total, share |
| `tag_cooccurrence.csv` | the 1,000 most frequent tag pairs | kind_a, tag_a, label_a, kind_b, tag_b, label_b, count, count_a, count_b, total, share |
| `rising_tags.csv` | tags rising in the latest period over the one before | period, period_before, kind, tag, label, count, count_before, change, total, total_before, share, share_before, share_change |
| `date_quality.csv` | publication-date status per outlet | outlet_id, outlet_name, outlet_kind, status, count, total, share |
| `event_lag.csv` | days from event to publication (pooled beyond 30) | lag_days, lag_label, count, total, share |
| `reuse_stories_by_outlet.csv` | distinct stories among each outlet's articles (an article sharing no story is one) | outlet_id, outlet_name, outlet_kind, count, total, share |
| `reuse_stories_by_period.csv` | distinct stories among each period's articles (a story in several periods counts in each) | period, count, total, share |
| `reuse_matrix.csv` | articles of each outlet copying another article's story, by the origin's agency or outlet | outlet_id, outlet_name, outlet_kind, origin_kind, origin, origin_name, count, total, share |
| `uncredited_agency_copy_by_outlet.csv` | articles of each outlet copying an agency's story without crediting the agency | outlet_id, outlet_name, outlet_kind, agency, agency_name, agency_kind, count, total, share |
| `syndication_lag.csv` | time from a story's origin to each copy | lag, count, total, share |
| `largest_stories.csv` | the 1,000 stories with the most articles | origin_id, title, outlet_id, outlet_name, articles, outlets, first_published, last_published, count, total, share |
| `reuse_pairs.csv` | every pair of selected articles sharing text, with their longest shared passage | article_id_a, source_ref_a, outlet_a, article_id_b, source_ref_b, outlet_b, containment_a, containment_b, shared_passage, earlier |
| `uncredited_agency_copy.csv` | each selected article copying an agency's story without crediting the agency, with the story and the passage | article_id, source_ref, outlet, agency, origin_article_id, origin_source_ref, containment, evidence |
| `attributions.csv` | every attribution of the selected articles (agencies and roles as filtered) | article_id, source_ref, outlet, outlet_id, outlet_name, outlet_kind, published_at, agency, role, evidence, confidence |
| `articles.csv` | the selected articles, every schema column but the body | article_id, source_ref, outlet, outlet_id, outlet_name, outlet_kind, channel, outlet_method, outlet_issue, url, title, captions, author, editor, source_line, published_raw, published_at, published_local, tz_label, published_method, published_issue, event_date, event_lag_days, language, tags, places, section, sections, content_hash, text_fingerprint, ingested_at |
| `manifest.json` | filters, store, options, rows and columns per file, what was left out, version, time | |

Periods are months unless `freq` says otherwise (the manifest records it). An outlet is its
canonical id (`outlet_id`) with its display name and kind beside it; `outlet` in
articles.csv and attributions.csv is the name as read. The wire-dependence analyses
(`leaves_out_own_feeds` in the catalog) leave out the agencies' own feeds unless the filters
name outlet kinds; the manifest's `left_out` says which kinds, how many articles and from
which files, with the note the charts carry (`{"outlet_kinds": [], "articles": 0, "files": [],
"note": null}` when nothing was left out).
`reuse_pairs.csv` and `uncredited_agency_copy.csv` are the text-reuse rows behind the reuse
analyses (analytics.queries.reuse: reuse_pair_rows, uncredited_copy_rows): a pair when both its
articles are selected; `outlet` there is the outlet's display name. A store never given a reuse
round writes them, and the reuse analyses, with a header and no rows.
`articles.csv` and `attributions.csv` stream from the store in batches, their lines
written by DuckDB, so a large store is never held in memory (nor converted value by value).
"""

from __future__ import annotations

import concurrent.futures
import csv
import datetime as dt
import functools
import io
import json
import os
import pathlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import ESCAPE_DCT
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics import __version__
from analytics.enrich.attribution.registry import Registry
from analytics.present.exports import CSV_ENCODING, FETCH_ROWS, FORMULA_STARTS, PLAIN_NUMBER, neutralise, output_folder
from analytics.queries import catalog, search
from analytics.queries.compare import QUERY_COLUMN, NamedQuery, compare
from analytics.queries.engine import NO_LIMIT, Sql, check_freq, run, store_version
from analytics.queries.filters import Filters
from analytics.queries.labels import all_tag_labels
from analytics.queries.outlets import LEFT_OUT_KINDS, own_feeds_left_out, own_feeds_note
from analytics.queries.reuse import PAIR_COLUMNS, UNCREDITED_COLUMNS, reuse_pair_rows, uncredited_copy_rows
from analytics.schema import ARROW_SCHEMA, ATTRIBUTION_SCHEMA, COLUMNS

MANIFEST = "manifest.json"
ARTICLE_COLUMNS = tuple(c for c in COLUMNS if c != "body")
ATTRIBUTION_COLUMNS = (
    "article_id",
    "source_ref",
    "outlet",
    "outlet_id",
    "outlet_name",
    "outlet_kind",
    "published_at",
    "agency",
    "role",
    "evidence",
    "confidence",
)
DATE_COLUMNS = frozenset({"period", "period_before", "event_date"})  # written YYYY-MM-DD
ProgressCallback = Callable[[int, int, str], None]  # (work done, total work, file being written)
ANALYSES = tuple(catalog.ANALYSES.values())  # in the order of the table above
# the row-level text-reuse files: (file, columns, the query giving its rows under the filters)
REUSE_ROWS = (
    ("reuse_pairs.csv", PAIR_COLUMNS, reuse_pair_rows),
    ("uncredited_agency_copy.csv", UNCREDITED_COLUMNS, uncredited_copy_rows),
)
FILES = (
    *(a.file for a in ANALYSES),
    *(name for name, _, _ in REUSE_ROWS),
    "attributions.csv",
    "articles.csv",
    MANIFEST,
)


def write_report(
    store,
    out_dir: pathlib.Path | str,
    filters: Filters = Filters(),
    *,
    freq: str = "month",
    on_progress: ProgressCallback | None = None,
    registry: Registry | None = None,
    time_limit: float = NO_LIMIT,
    compared: Sequence[NamedQuery] = (),
) -> dict[str, Any]:
    """Write every file of the table above into `out_dir` (created if needed; files of an
    earlier report there are replaced) and return the manifest. Each file is written
    under a temporary name and renamed when complete. With `compared` named queries
    (analytics.queries.compare), each analysis's file holds its rows for every query, named
    in a first column `query`; articles.csv, attributions.csv and the reuse rows (REUSE_ROWS) stay
    those of `filters`. `on_progress(done, total, file)` is called as work advances: one unit per
    analysis and reuse rows' file, one per article and attribution row.
    The large files (articles.csv, attributions.csv) are written beside the analyses, in a
    thread of their own: while one waits on Python, the other keeps DuckDB busy."""
    filters.validate()
    check_freq(freq)
    out = pathlib.Path(out_dir)
    output_folder(out)
    article_rows, attribution_rows = _sizes(store, filters)
    total = len(ANALYSES) + len(REUSE_ROWS) + article_rows + attribution_rows
    done = 0
    lock = threading.Lock()

    def advance(units: int, name: str) -> None:
        nonlocal done
        with lock:
            done += units
            if on_progress is not None:
                on_progress(done, total, name)

    large_files = (
        ("attributions.csv", ATTRIBUTION_COLUMNS, _attribution_lines(filters)),
        ("articles.csv", ARTICLE_COLUMNS, _article_lines(filters)),
    )
    for _, _, (sql, _) in large_files:
        search.prepare(
            store, sql
        )  # a text query's matches, as engine.run makes them: these stream on cursors of their own
    # (file, columns, cursor, (sql, params)): each cursor made here, so that the connection is
    # never asked for two at once
    streamed = [(name, columns, store.cursor(), lines) for name, columns, lines in large_files]

    def write_large() -> dict[str, int]:
        return {
            name: _write_lines(out / name, columns, cursor, sql, params, functools.partial(advance, name=name))
            for name, columns, cursor, (sql, params) in streamed
        }

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        large = pool.submit(write_large)
        files: dict[str, dict[str, Any]] = {}
        labels = all_tag_labels(store, time_limit=time_limit)  # for every analysis showing tags, computed once
        options = {"freq": freq, "registry": registry, "time_limit": time_limit, "labels": labels}
        for analysis in ANALYSES:
            if compared:
                frame = compare(analysis.report_frame, store, filters, compared, timeline=analysis.timeline, **options)
                columns = (QUERY_COLUMN, *analysis.columns)
            else:
                frame = analysis.report_frame(store, filters, **options)
                columns = analysis.columns
            if tuple(frame.columns) != columns:
                raise RuntimeError(
                    f"{analysis.file}: the analysis gave columns {list(frame.columns)}, "
                    f"the report promises {list(columns)}"
                )
            rows = _write_cells(out / analysis.file, columns, frame_cells(frame))
            files[analysis.file] = {
                "rows": rows,
                "columns": list(columns),
                "denominator": analysis.compared_denominator if compared else analysis.denominator,
            }
            advance(1, analysis.file)
        for name, columns, rows_of in REUSE_ROWS:
            frame = rows_of(store, filters, time_limit=time_limit)
            files[name] = {"rows": _write_cells(out / name, columns, frame_cells(frame)), "columns": list(columns)}
            advance(1, name)
        for name, columns, _, _ in streamed:
            files[name] = {"rows": large.result()[name], "columns": list(columns)}
    manifest = {
        "version": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "store": str(getattr(store, "path", "")),
        "store_version": store_version(store),
        "filters": filters.as_dict(),
        "query_string": filters.to_query_string(),
        "compare": [query.spec for query in compared],
        "options": {"freq": freq},
        "left_out": left_out(store, filters),
        "files": files,
    }
    _replace(out / MANIFEST, lambda handle: json.dump(manifest, handle, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def left_out(store, filters: Filters) -> dict[str, Any]:
    """The manifest's `left_out`: the outlet kinds the wire-dependence analyses left out, the
    articles of those kinds the filters select, and the files written without them."""
    if not filters.leaves_out_own_feeds:
        return {"outlet_kinds": [], "articles": 0, "files": [], "note": None}
    articles = own_feeds_left_out(store, filters, time_limit=NO_LIMIT)
    return {
        "outlet_kinds": list(LEFT_OUT_KINDS),
        "articles": articles,
        "files": [a.file for a in ANALYSES if a.leaves_out_own_feeds],
        "note": own_feeds_note(articles),
    }


# --- CSV ------------------------------------------------------------------------------------


def write_csv(path: pathlib.Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header and rows (streamed) as UTF-8 with BOM, every cell through `cell`;
    returns the rows written. The file appears under its name only when complete."""
    cells = ([cell(value, name) for name, value in zip(columns, row, strict=True)] for row in rows)
    return _write_cells(path, columns, cells)


def _write_cells(path: pathlib.Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """write_csv of rows already formatted (each cell as `cell` writes it)."""
    count = 0

    def write(handle) -> None:
        nonlocal count
        writer = csv.writer(handle)
        writer.writerow([neutralise(c) for c in columns])
        for row in rows:
            writer.writerow(row)
            count += 1

    _replace(path, write, encoding=CSV_ENCODING, newline="")
    return count


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A DataFrame as the bytes of a report CSV (BOM, neutralised cells): the dashboard's downloads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    writer.writerows(frame_cells(frame))
    return buffer.getvalue().encode(CSV_ENCODING)


def frame_cells(frame: pd.DataFrame) -> Iterator[tuple[str, ...]]:
    """The rows of `frame` as their CSV cells, each what `cell` writes, formatted a column at a time:
    values taken out by tolist() (iterating a pandas string column takes 20 times as long), numbers
    formatted without `cell`'s checks of each value's type."""
    return zip(*(_column_cells(frame.iloc[:, i], str(name)) for i, name in enumerate(frame.columns)))


def _column_cells(values: pd.Series, column: str) -> list[str]:
    """`cell(value, column)` of each value of a column."""
    if isinstance(values.dtype, np.dtype):  # not an extension dtype (pd.NA would be no number)
        if values.dtype.kind in "iu":
            return [str(value) for value in values.tolist()]
        if values.dtype.kind == "f":
            return ["" if value != value else repr(value) for value in values.tolist()]  # NaN is no value
        if values.dtype.kind == "M":  # periods repeat: each distinct one formatted once
            formatted = {value: cell(value, column) for value in values.drop_duplicates()}
            return [formatted[value] for value in values]
    return [neutralise(value) if type(value) is str else cell(value, column) for value in values.tolist()]


def cell(value: Any, column: str = "") -> str:
    """One CSV cell: text is neutralised against formulas; numbers, dates and times are
    written in a fixed form (they cannot start a formula); lists as JSON arrays."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return neutralise(json.dumps([_plain(v) for v in value], ensure_ascii=False))
    if value is None or pd.isna(value):  # None, NaN, NaT, pd.NA
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, dt.datetime):  # pandas Timestamps too
        if column in DATE_COLUMNS:
            return value.date().isoformat()
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _replace(path: pathlib.Path, write: Callable[[Any], None], mode: str = "w", **open_args: Any) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open(mode, **open_args) as handle:
            write(handle)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


# --- the streamed tables --------------------------------------------------------------------
# articles.csv and attributions.csv can hold millions of rows: DuckDB writes each row's CSV
# line (every cell as `cell` writes it, quoted as csv.writer quotes it) and the lines stream
# out in batches of about FETCH_ROWS, so Python never handles a single value.

_TYPES = {**{f.name: f.type for f in ATTRIBUTION_SCHEMA}, **{f.name: f.type for f in ARROW_SCHEMA}}
_ATTRIBUTION_SOURCES = dict(
    zip(
        ATTRIBUTION_COLUMNS,
        (
            "t.article_id",
            "a.source_ref",
            "a.outlet",
            "a.outlet_id",
            "a.outlet_name",
            "a.outlet_kind",
            "a.published_at",
            "t.agency",
            "t.role",
            "t.evidence",
            "t.confidence",
        ),
    )
)
_ROLE_ORDER = "list_position(['source', 'dateline', 'photo', 'cited'], t.role)"
# exports.PLAIN_NUMBER in DuckDB's regular expressions (RE2), where \d is only 0-9: Python's is any digit
_PLAIN_NUMBER = PLAIN_NUMBER.pattern.replace("\\d", "\\p{Nd}")
_QUOTE, _APOSTROPHE, _BACKSLASH = '"', "'", "\\"
_CSV_SPECIALS = (",", _QUOTE, "\r", "\n")  # csv.writer quotes a cell holding any of these
_LINE_END = "\r\n"  # csv.writer's


def _sql_text(value: str) -> str:
    """A SQL expression for a constant string (each character through chr(): no quoting to get wrong)."""
    return " || ".join(f"chr({ord(c)})" for c in value)


def _sql_cell(expr: str, kind: pa.DataType) -> str:
    """SQL giving `cell(value)` for a column of the given Arrow type (NULL for an empty cell)."""
    if pa.types.is_list(kind):
        return f"'[' || array_to_string(list_transform({expr}, lambda s: {_sql_json_string('s')}), ', ') || ']'"
    if pa.types.is_timestamp(kind):  # with a zone: UTC, its wall time from the microseconds since the epoch
        return _sql_iso(f"make_timestamp(epoch_us({expr}))", "+00:00") if kind.tz else _sql_iso(expr, "")
    if pa.types.is_date(kind):
        return f"strftime({expr}, '%Y-%m-%d')"
    if pa.types.is_floating(kind):  # DuckDB writes a double as Python's repr() does
        return f"CASE WHEN isnan({expr}) THEN NULL ELSE CAST({expr} AS VARCHAR) END"
    if pa.types.is_boolean(kind):
        return f"CASE WHEN {expr} THEN 'true' ELSE 'false' END"
    if pa.types.is_integer(kind):
        return f"CAST({expr} AS VARCHAR)"
    formula = ", ".join(str(ord(c)) for c in FORMULA_STARTS)  # ord(): the code point of the first character
    return (
        f"CASE WHEN ord({expr}) IN ({formula}) AND NOT regexp_full_match({expr}, '{_PLAIN_NUMBER}') "
        f"THEN {_sql_text(_APOSTROPHE)} || {expr} ELSE {expr} END"
    )


def _sql_json_string(expr: str) -> str:
    """json.dumps(value, ensure_ascii=False) of a string or null: json.encoder's escapes."""
    escaped = f"replace({expr}, {_sql_text(_BACKSLASH)}, {_sql_text(ESCAPE_DCT[_BACKSLASH])})"  # backslashes first
    controls = escaped
    for char, escape in ESCAPE_DCT.items():
        if char != _BACKSLASH:
            controls = f"replace({controls}, {_sql_text(char)}, {_sql_text(escape)})"
    quoted = f"CASE WHEN regexp_matches({escaped}, '[\\x00-\\x1f\"]') THEN {controls} ELSE {escaped} END"
    return f"CASE WHEN {expr} IS NULL THEN 'null' ELSE {_sql_text(_QUOTE)} || {quoted} || {_sql_text(_QUOTE)} END"


def _sql_iso(expr: str, zone: str) -> str:
    """datetime.isoformat() of a TIMESTAMP (a fraction only when there are microseconds), then `zone`."""
    return (
        f"CASE WHEN microsecond({expr}) % 1000000 = 0 THEN strftime({expr}, '%Y-%m-%dT%H:%M:%S') "
        f"ELSE strftime({expr}, '%Y-%m-%dT%H:%M:%S.%f') END || '{zone}'"
    )


def _sql_quoted(cell_sql: str) -> str:
    """A formatted cell as csv.writer writes it: in quotes (doubled inside) when it holds a special character."""
    special = " OR ".join(f"contains({cell_sql}, {_sql_text(c)})" for c in _CSV_SPECIALS)
    q = _sql_text(_QUOTE)
    return (
        f"coalesce(CASE WHEN {special} THEN {q} || replace({cell_sql}, {q}, {q} || {q}) || {q} ELSE {cell_sql} END, '')"
    )


def _is_text(kind: pa.DataType) -> bool:
    """Whether a cell of this type can hold a character csv.writer quotes (a number, date or time cannot)."""
    return pa.types.is_string(kind) or pa.types.is_list(kind)


def _lines_sql(sources: dict[str, str], body: str, order: Sequence[str]) -> str:
    """`SELECT line`: the CSV line of each row of `SELECT <sources> <body>` (column name -> SQL), its line end
    included, in `order`."""
    cells = ", ".join(f"{_sql_cell(expr, _TYPES[name])} AS c{i}" for i, (name, expr) in enumerate(sources.items()))
    keys = ", ".join(f"{expr} AS k{i}" for i, expr in enumerate(order))
    # one concat_ws, not a chain of ||: each || copies the line so far (the articles' lines took twice as long)
    quoted = (
        _sql_quoted(f"c{i}") if _is_text(_TYPES[name]) else f"coalesce(c{i}, '')" for i, name in enumerate(sources)
    )
    cells_line = f"concat_ws(',', {', '.join(quoted)})"
    line = f"concat({cells_line}, {_sql_text(_LINE_END)})"
    ordered = ", ".join(f"k{i}" for i in range(len(order)))
    return f"SELECT {line} AS line FROM (SELECT {cells}, {keys} {body}) ORDER BY {ordered}"


def _article_lines(filters: Filters) -> tuple[str, list[Any]]:
    where, params = filters.to_sql("a")
    sources = {c: f'a."{c}"' for c in ARTICLE_COLUMNS}
    return _lines_sql(sources, f"FROM articles a WHERE {where}", ("a.source_ref", "a.article_id")), params


def _attribution_lines(filters: Filters) -> tuple[str, list[Any]]:
    where, params = filters.to_sql("a")
    condition, condition_params = filters.attribution_sql("t")
    body = f"FROM attributions t JOIN articles a ON a.article_id = t.article_id WHERE {where} AND {condition}"
    order = ("a.source_ref", "t.article_id", _ROLE_ORDER, "t.agency")
    return _lines_sql(_ATTRIBUTION_SOURCES, body, order), [*params, *condition_params]


def _sizes(store, filters: Filters) -> tuple[int, int]:
    where, params = filters.to_sql("a")
    condition, condition_params = filters.attribution_sql("t")
    sql = (
        f"WITH scope AS (SELECT a.article_id FROM articles a WHERE {where}) "
        "SELECT (SELECT count(*) FROM scope), (SELECT count(*) FROM attributions t "
        f"JOIN scope s ON s.article_id = t.article_id WHERE {condition})"
    )
    row = run(store, sql, [*params, *condition_params], name="report size", time_limit=NO_LIMIT).iloc[0]
    return int(row.iloc[0]), int(row.iloc[1])


def _write_lines(
    path: pathlib.Path, columns: Sequence[str], cursor, sql: str, params: list[Any], advance: Callable[[int], None]
) -> int:
    """Write a header and the lines of `sql` (its one column) as a report CSV, streamed from
    `cursor` (closed after) in batches of about FETCH_ROWS; returns the rows written."""
    count = 0

    def write(handle) -> None:
        nonlocal count
        handle.write(_header(columns).encode(CSV_ENCODING))
        for rows, text in _batches(cursor, sql, params):
            handle.write(text)
            count += rows
            advance(rows)

    try:
        _replace(path, write, mode="wb")
    finally:
        cursor.close()
    return count


def _header(columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise(c) for c in columns])
    return buffer.getvalue()


def _batches(cursor, sql: str, params: list[Any]) -> Iterator[tuple[int, pa.Buffer]]:
    """The lines of `sql` (its one column, each line with its line end) from `cursor`, in batches of
    about FETCH_ROWS: (lines, their UTF-8 text), the text taken whole from the Arrow column (no str per line)."""
    with cursor.sql(sql, params=params).to_arrow_reader(batch_size=FETCH_ROWS) as reader:
        for batch in reader:
            lines = batch.column(0)  # offsets into one buffer of text: 32-bit, 64-bit for a large_string
            if len(lines):
                _, offsets, text = lines.buffers()
                width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
                first, last = np.frombuffer(offsets, dtype=width)[[lines.offset, lines.offset + len(lines)]]
                yield len(lines), text[first:last]


# --- the Articles page's CSV ------------------------------------------------------------------
ARTICLE_CREDIT_COLUMNS = (*ATTRIBUTION_COLUMNS[:7], "url", "title", *ATTRIBUTION_COLUMNS[7:])


def article_credit_csv(store, filters: Filters, where: Sql) -> Iterator[str]:
    """The dashboard's Articles CSV as text chunks (BOM and header first), streamed from the store
    in batches: each article `where` selects (over `articles a`) once per credit the filters keep,
    as attributions.csv writes it with the article's url and title beside it, or once with empty
    credit cells when it has none; in attributions.csv's order."""
    condition, condition_params = filters.attribution_sql("t")
    sources = {**_ATTRIBUTION_SOURCES, "article_id": "a.article_id", "url": "a.url", "title": "a.title"}
    body = f"FROM articles a LEFT JOIN attributions t ON t.article_id = a.article_id AND {condition} WHERE {where.text}"
    sql = _lines_sql(
        {name: sources[name] for name in ARTICLE_CREDIT_COLUMNS},
        body,
        ("a.source_ref", "a.article_id", _ROLE_ORDER, "t.agency"),
    )
    search.prepare(store, sql)  # a text query's matches (engine.run prepares them; this cursor is our own)
    cursor = store.cursor()
    try:
        yield "\ufeff" + _header(ARTICLE_CREDIT_COLUMNS)  # the BOM CSV_ENCODING writes
        for _, text in _batches(cursor, sql, [*condition_params, *where.params]):
            yield text.to_pybytes().decode("utf-8")
    finally:
        cursor.close()

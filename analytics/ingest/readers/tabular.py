"""CSV/TSV, XLSX and Parquet readers: one record per data row, keyed by the file's own column names.

Numbering: record N is the N-th row after the header (1-based). A completely
empty row yields nothing but keeps its number, so `#N` stays the spreadsheet's
row N+1 (pandas `read_excel` counts the same way); a FileNote says how many
were skipped. Empty rows before the first non-empty row are not counted, and
empty rows at the end (spreadsheet padding) are dropped without a note.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime
import io
import itertools
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, NamedTuple

import openpyxl
import pyarrow.parquet as pq

from analytics.ingest.readers.base import (
    BadRecord,
    Chunk,
    ChunkTally,
    FileNote,
    Opener,
    OversizedRecord,
    RawRecord,
    ReaderItem,
    ReadOptions,
    excerpt,
    record_ref,
)
from analytics.ingest.readers.text import BinaryInput, iter_text_lines

DELIMITERS = ",;\t|"
# Text sampled to sniff the delimiter: enough for a few dozen rows of long article bodies.
SNIFF_CHARS = 64 * 1024
# A header cell is a column name: short, a few words, no digits-with-separators (dates, times).
HEADER_CELL_MAX_CHARS = 40
HEADER_CELL_MAX_WORDS = 4
# csv's default limit (128 KiB) is below some article bodies; a runaway quote stops here.
CSV_FIELD_LIMIT = 16 * 1024 * 1024
# Non-seekable xlsx and Parquet streams (zip members) are spooled; in memory up to this size, then on disk.
SPOOL_BYTES = 32 * 1024 * 1024
PARQUET_BATCH_ROWS = 1_000  # rows a Parquet file is read in at a time

_NUMBER = re.compile(r"[-+]?[\d.,]*\d[\d.,]*%?")
_DATE_OR_TIME = re.compile(r"\d[-/:.]\d")


class _Row(NamedTuple):
    cells: list[Any]
    where: str  # "line 12" / "lines 12-15" / "sheet row 13", for reasons
    error: str | None = None  # a row the csv parser rejected


class _ReadFailure(NamedTuple):
    error: Exception


def read_csv(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """Rows of a delimited text file (CSV, TSV, `;`- or `|`-separated), header detected or declared."""
    notes: list[FileNote] = []
    with open_stream() as stream:
        lines = iter_text_lines(
            stream, ref=ref, encoding=options.encoding, notes=notes, max_line_bytes=options.limits.max_record_bytes
        )
        try:
            sample, lines = _take_sample(lines)
        except BinaryInput:
            yield BadRecord(ref, "binary content, not text")
            return
        if not sample:
            yield BadRecord(ref, "empty file")
            return
        delimiter = options.delimiter or sniff_delimiter("".join(sample))
        csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
        reader = csv.reader(itertools.chain(sample, lines), delimiter=delimiter)
        yield from _records(_guarded(_csv_rows(reader)), ref, options, detect_header=True, cells_may_be_omitted=False)
    yield from notes


@dataclasses.dataclass(frozen=True)
class CsvLayout:
    """What every chunk of a delimited file needs from its start (read_csv_chunk): the delimiter,
    the column names (and how a ragged row's reason names their count), the empty rows before the
    first row (not numbered), and whether that row is the header (not numbered either)."""

    delimiter: str
    columns: tuple[str, ...]
    width_label: str
    leading_empty_rows: int
    has_header: bool


def csv_layout(open_stream: Opener, ref: str, options: ReadOptions) -> CsvLayout | None:
    """The layout read_csv finds at the start of a delimited file; None when its start is not
    plain rows (binary, empty, an unreadable or oversized first row): such a file is read whole."""
    with open_stream() as stream:
        lines = iter_text_lines(
            stream, ref=ref, encoding=options.encoding, max_line_bytes=options.limits.max_record_bytes
        )
        try:
            sample, lines = _take_sample(lines)
        except (BinaryInput, OversizedRecord, OSError):
            return None
        delimiter = options.delimiter or sniff_delimiter("".join(sample))
        csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
        reader = csv.reader(itertools.chain(sample, lines), delimiter=delimiter)
        skipped = 0
        for row in _guarded(_csv_rows(reader)):
            if isinstance(row, _ReadFailure) or row.error:
                return None
            if not _is_empty(row.cells):
                has_header, (names, width_label) = _header(row.cells, options, detect_header=True)
                return CsvLayout(delimiter, tuple(names), width_label, skipped, has_header)
            skipped += 1
    return None


def read_csv_chunk(open_stream: Opener, ref: str, options: ReadOptions, chunk: Chunk) -> Iterator[ReaderItem]:
    """The rows of one chunk of a delimited file (its first chunk finds the header as read_csv
    does; a later one takes the columns of the chunk), numbered as read_csv numbers them; then the
    chunk's tally in place of the notes."""
    tally = ChunkTally()
    continued = chunk.start > 0
    with open_stream() as stream:
        lines = iter_text_lines(
            stream,
            ref=ref,
            encoding=options.encoding,
            max_line_bytes=options.limits.max_record_bytes,
            tally=tally,
            continued=continued,
        )
        csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
        rows = _guarded(_csv_rows(csv.reader(lines, delimiter=chunk.delimiter or ","), lines_before=chunk.lines_before))
        yield from _records(
            rows,
            ref,
            options,
            detect_header=True,
            cells_may_be_omitted=False,
            columns=(list(chunk.columns), chunk.width_label) if continued else None,
            records_before=chunk.records_before,
            tally=tally,
        )
    yield tally


def read_xlsx(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """Rows of one worksheet (the first, or `options.sheet`), streamed; row 1 is the header unless header=False."""
    with open_stream() as stream, _seekable(stream) as source:
        if not source.read(1):
            yield BadRecord(ref, "empty file")
            return
        source.seek(0)
        try:
            # data_only: a formula cell gives its cached value (Tribun's `No` column is `=ROW()-1`).
            workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
        except Exception as err:  # BadZipFile, KeyError, InvalidFileException, XML errors...
            yield BadRecord(ref, f"not a readable xlsx workbook: {err}")
            return
        try:
            if options.sheet is not None and options.sheet not in workbook.sheetnames:
                yield BadRecord(ref, f"no sheet named {options.sheet!r}; sheets: {', '.join(workbook.sheetnames)}")
                return
            sheet = workbook[options.sheet] if options.sheet is not None else workbook.worksheets[0]
            rows = (
                _Row([_cell_text(value) for value in values], f"sheet row {number}")
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
            )
            yield from _records(_guarded(rows), ref, options, detect_header=False, cells_may_be_omitted=True)
        finally:
            workbook.close()


def read_parquet(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """Rows of a Parquet file (pandas' `to_parquet`, Hugging Face datasets), streamed a batch at a time;
    values stay as stored (lists stay lists, timestamps are datetimes). A file broken midway keeps the
    rows before the break."""
    with open_stream() as stream, _seekable(stream) as source:
        try:
            table = pq.ParquetFile(source)
        except Exception as err:  # ArrowInvalid, OSError: not Parquet, or its footer is gone
            yield BadRecord(ref, f"not a readable Parquet file: {err}")
            return
        number = 0
        try:
            for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS):
                for row in batch.to_pylist():
                    number += 1
                    yield RawRecord(record_ref(ref, number), row)
        except Exception as err:  # a column chunk that cannot be decoded
            yield BadRecord(ref, f"unreadable Parquet data after row {number}: {err}")
            return
        if number == 0:
            yield FileNote(ref, "the Parquet file holds no rows")


def sniff_delimiter(sample: str) -> str:
    """The delimiter among DELIMITERS that splits most sample rows into the same number (>1) of fields."""
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        if len(rows) > 1:
            rows.pop()  # the sample may end inside the last row
        widths = Counter(len(row) for row in rows)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        if width > 1 and (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


def looks_like_header(cells: list[Any]) -> bool:
    """True when every cell reads as a column name: non-empty, short, unique, not a number/date/URL/sentence.

    A single empty first cell is allowed: pandas writes its index column that way.
    """
    names = [_clean_name(cell) for cell in _trim_trailing_empty(cells)]
    if names[:1] == [""]:
        names = names[1:]
    if not names or len({name.casefold() for name in names}) != len(names):
        return False
    return all(_is_column_name(name) for name in names)


def _is_column_name(name: str) -> bool:
    return (
        bool(name)
        and len(name) <= HEADER_CELL_MAX_CHARS
        and len(name.split()) <= HEADER_CELL_MAX_WORDS
        and not _NUMBER.fullmatch(name)
        and not _DATE_OR_TIME.search(name)
        and "://" not in name
    )


def _records(
    rows: Iterable[_Row | _ReadFailure],
    ref: str,
    options: ReadOptions,
    *,
    detect_header: bool,
    cells_may_be_omitted: bool,
    columns: tuple[list[str], str] | None = None,
    records_before: int = 0,
    tally: ChunkTally | None = None,
) -> Iterator[ReaderItem]:
    """Rows to records: header decision, column names, ragged and empty rows, numbering. A chunk
    of a file after its first (readers.base.Chunk) comes with the file's `columns` (names, and how
    a ragged row's reason names their count) and the records before it; with a `tally` (a chunk)
    the empty rows are counted into it instead of a note."""
    rows = iter(rows)
    if columns is None:
        first = next((row for row in rows if not isinstance(row, _Row) or row.error or not _is_empty(row.cells)), None)
        if first is None:
            yield BadRecord(ref, "empty file")
            return
        if isinstance(first, _ReadFailure) or first.error:
            yield BadRecord(ref, f"first row unreadable: {first.error}")
            return
        has_header, columns = _header(first.cells, options, detect_header=detect_header)
        if not has_header:
            rows = itertools.chain([first], rows)
    names, width_label = columns

    counted = tally if tally is not None else ChunkTally()
    number = records_before
    for row in rows:
        number += 1
        if isinstance(row, _ReadFailure):
            counted.data = True
            yield BadRecord(record_ref(ref, number), f"reading stopped at record {number}: {row.error}")
            break
        if not row.error and _is_empty(row.cells):
            counted.pending_empty += 1  # counted once a later row shows it is not trailing padding
            continue
        counted.empty, counted.pending_empty, counted.data = counted.empty + counted.pending_empty, 0, True
        if row.error:
            yield BadRecord(record_ref(ref, number), f"{row.where}: {row.error}")
            continue
        cells = _fit(row.cells, len(names), cells_may_be_omitted)
        if len(cells) != len(names):
            reason = f"{row.where}: row has {len(cells)} fields, {width_label} {len(names)}"
            yield BadRecord(
                record_ref(ref, number), reason, excerpt(" | ".join(str(c) for c in cells if c is not None))
            )
            continue
        yield RawRecord(record_ref(ref, number), dict(zip(names, cells, strict=True)))
    if tally is None:
        yield from row_notes(ref, counted)


def row_notes(ref: str, tally: ChunkTally) -> list[FileNote]:
    """The notes on a table's rows: empty rows skipped (trailing padding left out), no data rows."""
    notes = []
    if tally.empty:
        notes.append(FileNote(ref, f"{tally.empty} empty row(s) skipped (each keeps its record number)"))
    if not tally.data:
        notes.append(FileNote(ref, "no data rows after the header"))
    return notes


def _header(first: list[Any], options: ReadOptions, *, detect_header: bool) -> tuple[bool, tuple[list[str], str]]:
    """Whether the first row is the header (declared, else detected when `detect_header`, else
    assumed), and the column names with how a ragged row's reason names their count."""
    has_header = options.header
    if has_header is None:
        has_header = looks_like_header(first) if detect_header else True
    return has_header, _names(first, has_header, options.columns)


def _names(first: list[Any], has_header: bool, columns: tuple[str, ...] | None) -> tuple[list[str], str]:
    """Column names, and how to describe the expected width in a ragged-row reason."""
    if columns:
        return list(columns), "expected"
    if has_header:
        return _column_names(_trim_trailing_empty(first)), "header has"
    # A headerless first row is data: its empty last cell (a missing headline) is still a column.
    return [f"column_{i}" for i in range(1, len(first) + 1)], "expected"


def _fit(cells: list[Any], width: int, cells_may_be_omitted: bool) -> list[Any]:
    """Drop empty cells past the last column; pad a short xlsx row (xlsx does not store empty cells)."""
    if len(cells) > width and all(_is_blank(cell) for cell in cells[width:]):
        return cells[:width]
    if len(cells) < width and cells_may_be_omitted:
        return cells + [None] * (width - len(cells))
    return cells


def _column_names(cells: list[Any]) -> list[str]:
    """Header cells as names: stripped of whitespace and BOM; empty or repeated ones made unique."""
    names: list[str] = []
    for position, cell in enumerate(cells, 1):
        name = _clean_name(cell) or f"column_{position}"
        names.append(f"{name}_{position}" if name in names else name)
    return names


def _clean_name(cell: Any) -> str:
    return "" if cell is None else str(cell).replace("\ufeff", "").strip()


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _is_empty(cells: list[Any]) -> bool:
    return all(_is_blank(cell) for cell in cells)


def _trim_trailing_empty(cells: list[Any]) -> list[Any]:
    end = len(cells)
    while end and _is_blank(cells[end - 1]):
        end -= 1
    return cells[:end]


def _take_sample(lines: Iterator[str]) -> tuple[list[str], Iterator[str]]:
    """The first lines (about SNIFF_CHARS), and the lines after them; an oversized line or a read
    error (a corrupt zip member) met in the sample is raised again where the rows come to it,
    after the rows before it."""
    sample: list[str] = []
    size = 0
    try:
        for line in lines:
            sample.append(line)
            size += len(line)
            if size >= SNIFF_CHARS:
                break
    except (OversizedRecord, OSError) as err:
        if not sample:
            raise
        return sample, _raising(err)
    return sample, lines


def _raising(err: Exception) -> Iterator[str]:
    raise err
    yield  # a generator that raises `err` when first asked for a line


def _csv_rows(reader: Any, *, lines_before: int = 0) -> Iterator[_Row]:
    """csv rows with the physical lines they came from (after `lines_before` lines: a chunk's);
    a csv.Error costs only its row."""
    last_line = lines_before
    while True:
        cells, error = [], None
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:  # the reader carries on with the next line
            error = str(err)
        first_line, last_line = last_line + 1, lines_before + reader.line_num
        where = f"line {first_line}" if first_line == last_line else f"lines {first_line}-{last_line}"
        yield _Row(cells, where, error)


def _guarded(rows: Iterable[_Row]) -> Iterator[_Row | _ReadFailure]:
    """Turn an exception while reading (truncated zip, corrupt XML, I/O) into a final _ReadFailure."""
    try:
        yield from rows
    except Exception as err:
        yield _ReadFailure(err)


def _cell_text(value: Any) -> str | None:
    """An xlsx cell value as text: integral floats without `.0`, midnight datetimes as dates, ISO otherwise."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


@contextlib.contextmanager
def _seekable(stream: BinaryIO) -> Iterator[BinaryIO]:
    """openpyxl and Parquet need random access (an xlsx is a zip, Parquet's schema is at its end); spool a stream
    that cannot seek."""
    if stream.seekable():
        yield stream
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        shutil.copyfileobj(stream, spool)
        spool.seek(0)
        yield spool  # type: ignore[misc]

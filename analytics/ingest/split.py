"""Splitting a big file into chunks of records, so that every worker reads a part of it.

A plain file (no zip member) over `split_bytes`, in a format whose records can be told apart
from its bytes, is cut into stretches of about `chunk_bytes` at record boundaries: delimited text
(CSV/TSV) after a row (a newline inside a quoted field is no boundary: the cut follows csv's own
quoting rules), JSON Lines after a line, a JSON array after the comma that ends an element, Reuters SGML
before a line that opens a `<REUTERS>` document. Each chunk (readers.base.Chunk) knows the records and lines of the file before it, so
that its reader numbers records and lines as one reader of the whole file does, and what it needs
from the file's start (the delimiter and columns of a table); the notes of the file come from the
tallies of its chunks (`file_notes`), once.

Only text in an encoding whose line breaks, quotes and delimiters are the ASCII bytes is cut
(UTF-8 with or without BOM, Latin-1, the cp125x pages: ingest's default decoding of unmarked text
is one of these, line by line). A file is read whole when anything about it could make a cut
differ from a whole read: UTF-16 or an encoding outside those, a NUL byte (dropped by the reader,
it could join a quote pair), a record near the record size limit or csv's field limit (its line
would stop the whole file's reading), XLSX workbooks (not split yet). A JSON array is cut only
when it is clean UTF-8 and every chunk, read as an array of its own, parses (json's own parser
finds the elements): a fault stops the whole file's array where it is, which separate chunks
could not do.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import json
import re
from collections.abc import Callable, Iterator
from typing import IO

from analytics.ingest.readers import jsonfmt, sgml, tabular
from analytics.ingest.readers.base import Chunk, ChunkTally, FileNote
from analytics.ingest.readers.text import SNIFF_BYTES, UTF16_BOMS, decoding_notes, looks_binary
from analytics.ingest.sources import CHUNK_READERS, InputFile, detect_format
from analytics.ingest.sources import SNIFF_BYTES as FORMAT_SNIFF_BYTES

SCAN_BLOCK = 1 << 20  # bytes read at a time while looking for the cuts
BOM = codecs.BOM_UTF8
# Encodings (codecs' names) whose text shows its line breaks, quotes and delimiters as ASCII bytes.
ASCII_COMPATIBLE = ("utf-8", "utf-8-sig", "ascii", "latin-1", "iso8859-", "cp125")
# A record this close to a limit is not cut around: its lines are measured with their ending,
# the csv field limit is in characters.
LIMIT_MARGIN = 16
# A line of a JSON Lines file that holds a record shows one of these bytes (blank lines hold none).
VISIBLE_ASCII = re.compile(rb"[\x21-\x7e]")
SGML_OPENING = re.compile(rb"<REUTERS\b[^>\r\n]*>", re.I)
SGML_CUT = re.compile(rb"(?<=[\r\n])<REUTERS\b", re.I)
# `\b` of a bytes pattern is ASCII; the reader's text pattern also takes letters past ASCII for word characters.
SGML_UNSURE = re.compile(rb"<REUTERS[\x80-\xff]", re.I)
# What json takes between values; before and after a JSON array, what the reader strips
# (bytes.strip: ASCII whitespace with vertical tab and form feed).
_JSON_BLANKS = re.compile(r"[ \t\n\r]*")
STRIPPED_BLANKS = " \t\n\r\x0b\x0c"
UTF8 = ("utf-8", "utf-8-sig")  # (codecs' names)


@dataclasses.dataclass
class _Cuts:
    """The chunks found so far while scanning a file: their bounds and what lies before each."""

    bounds: list[tuple[int, int, int, int]] = dataclasses.field(default_factory=list)  # start, end, records, lines
    start: int = 0
    records: int = 0
    lines: int = 0

    def cut(self, end: int, *, records: int, lines: int) -> None:
        """End the current chunk at `end`, after which come `records` records and `lines` lines."""
        self.bounds.append((self.start, end, self.records, self.lines))
        self.start, self.records, self.lines = end, records, lines


def plan_chunks(item: InputFile, *, split_bytes: int, chunk_bytes: int) -> list[InputFile] | None:
    """The chunks of `item` to read one by one (in file order), each as an InputFile; None when
    the file is read whole (small, or not safely cut: see the module)."""
    if item.refusal is not None or item.chunk is not None or not item.path.is_file():
        return None
    try:
        with item.path.open("rb") as stream:
            size = stream.seek(0, 2)
            if size <= split_bytes:
                return None
            stream.seek(0)
            head = stream.read(SNIFF_BYTES)
            fmt = detect_format(item.path.name, head[:FORMAT_SNIFF_BYTES])
            fmt = None if fmt == "zip" else item.spec.format or fmt
            if fmt not in CHUNK_READERS or not _plain_text(head, item.spec.options.encoding):
                return None
            stream.seek(0)
            planned = _PLANNERS[fmt](item, stream, size, chunk_bytes=max(chunk_bytes, 1), head=head)
    except OSError:
        return None  # the whole read says why
    if planned is None or len(planned) < 2:
        return None
    return [dataclasses.replace(item, chunk=chunk) for chunk in planned]


def file_notes(item: InputFile, fmt: str, tallies: list[ChunkTally]) -> list[str]:
    """The notes of a file of format `fmt` read in chunks, from the chunks' tallies in file order:
    those one reader of the whole file gives."""
    tally = functools.reduce(ChunkTally.then, tallies, ChunkTally())
    notes: list[FileNote] = tabular.row_notes(item.ref, tally) if fmt == "csv" else []
    encoding = item.spec.options.encoding or (sgml.DEFAULT_ENCODING if fmt == "reuters_sgml" else None)
    notes.extend(decoding_notes(item.ref, tally.decoded, tally.nuls, encoding))
    return [note.message for note in notes]


def _plain_text(head: bytes, encoding: str | None) -> bool:
    """Whether a file with this head and encoding setting is text whose structure shows in ASCII bytes."""
    if head.startswith(UTF16_BOMS) or looks_binary(head):
        return False
    if encoding is None:
        return True
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(ASCII_COMPATIBLE)


def _count_lines(data: bytes) -> int:
    """Lines ended in `data` as the text reader counts them: CR, LF and CRLF each end one."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """The file's bytes block by block; stops (the caller reads the file whole) at a NUL byte."""
    while block := stream.read(SCAN_BLOCK):
        if b"\x00" in block:
            raise _Uncuttable
        yield block


class _Uncuttable(Exception):
    """The file cannot be cut safely: it is read whole."""


def _record_guard(item: InputFile) -> int:
    return min(item.spec.options.limits.max_record_bytes, tabular.CSV_FIELD_LIMIT) - LIMIT_MARGIN


def _csv_record(delimiter: str) -> re.Pattern[bytes]:
    """One csv row as the csv module reads it (quote `"`, doubled inside a quoted field; after a
    closing quote the field goes on unquoted), ended by its line break."""
    d = re.escape(delimiter.encode("ascii"))
    plain = rb"[^" + d + rb"\r\n]*+"
    field = rb'(?:"(?:[^"]++|"")*+"' + plain + rb"|(?!\")" + plain + rb")"
    return re.compile(field + rb"(?:" + d + field + rb")*+(?:\r\n|\n|\r)")


def _plan_csv(item: InputFile, stream: IO[bytes], size: int, *, chunk_bytes: int, head: bytes) -> list[Chunk] | None:
    layout = tabular.csv_layout(lambda: item.path.open("rb"), item.ref, item.spec.options)
    if layout is None or not layout.delimiter.isascii() or layout.delimiter in '"\r\n':
        return None
    record, guard = _csv_record(layout.delimiter), _record_guard(item)
    first_row = layout.leading_empty_rows + 1  # the row that decides the header stays in the first chunk
    cuts = _Cuts()
    rows = counted = base = lines = 0  # rows before `pos`, lines before file offset `counted`, offset of buf[0]
    buf, pos = b"", 0
    try:
        for block in _blocks(stream):
            lines += _count_lines(buf[counted - base : pos])
            counted = base + pos
            buf, base, pos = buf[pos:] + block, base + pos, 0
            if base == 0 and buf.startswith(BOM):
                pos = counted = len(BOM)  # the reader drops it: a quote after it opens a quoted field
            # A CR at the end may be half a CRLF: the row it ends is taken with the next block.
            endpos = len(buf) - 1 if buf.endswith(b"\r") else len(buf)
            while match := record.match(buf, pos, endpos):
                if match.end() - pos > guard:
                    return None
                pos, rows = match.end(), rows + 1
                if base + pos - cuts.start >= chunk_bytes and rows >= first_row and base + pos < size:
                    lines += _count_lines(buf[counted - base : pos])
                    counted = base + pos
                    before = rows - layout.leading_empty_rows - layout.has_header
                    cuts.cut(base + pos, records=before, lines=lines)
            if len(buf) - pos > guard:
                return None
    except _Uncuttable:
        return None
    return _chunks("csv", cuts, size, delimiter=layout.delimiter, columns=layout.columns, label=layout.width_label)


def _plan_lines(
    item: InputFile,
    stream: IO[bytes],
    size: int,
    *,
    chunk_bytes: int,
    fmt: str,
    cut_in: Callable[[bytes, int], int],
    count: Callable[[bytes], int],
) -> list[Chunk] | None:
    """Chunks of a file cut at line starts: `cut_in(data, least)` is the first place at or past
    `least` where `data` may be cut (0: none in it), `count(region)` the records a region starts."""
    guard = _record_guard(item)
    cuts = _Cuts()
    buf = b""
    try:
        for block in _blocks(stream):
            buf += block
            while (at := cut_in(buf, chunk_bytes)) and cuts.start + at < size:
                region, buf = buf[:at], buf[at:]
                if _longest_line(region) > guard:
                    return None
                cuts.cut(cuts.start + at, records=cuts.records + count(region), lines=cuts.lines + _count_lines(region))
        if _longest_line(buf) > guard:
            return None
        count(buf)  # (SGML: refuses a tag it is unsure of)
    except _Uncuttable:
        return None
    return _chunks(fmt, cuts, size)


def _longest_line(data: bytes) -> int:
    return max(map(len, data.splitlines(keepends=True)), default=0)


def _plan_jsonl(item: InputFile, stream: IO[bytes], size: int, *, chunk_bytes: int, head: bytes) -> list[Chunk] | None:
    if not VISIBLE_ASCII.search(head):  # the first chunk must hold a record, as the file then does
        return None
    return _plan_lines(
        item,
        stream,
        size,
        chunk_bytes=chunk_bytes,
        fmt="jsonl",
        cut_in=lambda data, least: data.find(b"\n", least - 1) + 1,
        count=lambda region: 0,
    )


def _plan_sgml(item: InputFile, stream: IO[bytes], size: int, *, chunk_bytes: int, head: bytes) -> list[Chunk] | None:
    encoding = item.spec.options.encoding
    if encoding is not None and codecs.lookup(encoding).name != codecs.lookup(sgml.DEFAULT_ENCODING).name:
        return None  # the reader's tags are matched in text, without case: past Latin-1 a letter may match an ASCII one

    def cut_in(data: bytes, least: int) -> int:
        found = SGML_CUT.search(data, least)
        return found.start() if found else 0

    def count(region: bytes) -> int:
        if SGML_UNSURE.search(region):
            raise _Uncuttable
        return len(SGML_OPENING.findall(region))

    return _plan_lines(item, stream, size, chunk_bytes=chunk_bytes, fmt="reuters_sgml", cut_in=cut_in, count=count)


def _chunks(
    fmt: str, cuts: _Cuts, size: int, *, delimiter: str | None = None, columns: tuple[str, ...] = (), label: str = ""
) -> list[Chunk]:
    cuts.cut(size, records=0, lines=0)
    return [
        Chunk(fmt, start, end, records, lines, delimiter=delimiter, columns=columns, width_label=label)
        for start, end, records, lines in cuts.bounds
    ]


def _plan_json(item: InputFile, stream: IO[bytes], size: int, *, chunk_bytes: int, head: bytes) -> list[Chunk] | None:
    """A JSON Lines file named .json as JSON Lines, an array by its elements (`_plan_array`), one object not at all."""
    start = head.removeprefix(BOM).lstrip(STRIPPED_BLANKS.encode())
    if start.startswith(b"{") and jsonfmt.sniff_json_kind(head) == "jsonl":
        return _plan_jsonl(item, stream, size, chunk_bytes=chunk_bytes, head=head)
    encoding = item.spec.options.encoding
    if not start.startswith(b"[") or (encoding is not None and codecs.lookup(encoding).name not in UTF8):
        return None
    return _plan_array(item, stream, size, chunk_bytes=chunk_bytes, base=len(BOM) if head.startswith(BOM) else 0)


def _plan_array(item: InputFile, stream: IO[bytes], size: int, *, chunk_bytes: int, base: int) -> list[Chunk] | None:
    """Chunks of a top-level JSON array cut after the comma that follows an element: json's parser
    reads the elements one by one (raw_decode), so that a cut never falls inside one. None when the
    text is not clean UTF-8, an element is broken, too long or nested too deep to parse, or a
    constant JSON does not know (NaN, Infinity) stands in it: the reader stops the array there.
    The text starts at byte `base` of the file (after a BOM)."""
    parser = json.JSONDecoder(parse_constant=_refuse_constant)
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    guard = _record_guard(item)
    cuts = _Cuts()
    text, pos = "", -1  # the text since the last cut, and where the scan is in it (-1: before the `[`), at byte `base`
    elements, ended = 0, False
    try:
        for block in _blocks(stream):
            text += decoder.decode(block)
            if pos < 0:
                pos = len(text) - len(text.lstrip(STRIPPED_BLANKS))
                if pos == len(text):
                    continue
                pos += 1  # the `[` (plan_json saw it)
                base += pos  # (the blanks before it are ASCII)
            while not ended and (at := _JSON_BLANKS.match(text, pos).end()) < len(text):  # type: ignore[union-attr]
                if text[at] == "]" and not elements:
                    return None  # `[]`: nothing to cut
                try:
                    _, end = parser.raw_decode(text, at)
                except (ValueError, RecursionError):
                    if len(text) - at > guard:
                        return None
                    break  # the element goes on in the next block, or is broken (the file's end tells)
                after = _JSON_BLANKS.match(text, end).end()  # type: ignore[union-attr]
                if after == len(text):
                    break  # what follows it is in the next block: it is parsed again then
                if text[after] not in ",]":
                    return None
                elements, ended = elements + 1, text[after] == "]"
                base, pos = base + len(text[pos : after + 1].encode()), after + 1
                if not ended and base - cuts.start >= chunk_bytes:
                    cuts.cut(base, records=elements, lines=0)
                    text, pos = text[pos:], 0
            if ended and text[pos:].strip(STRIPPED_BLANKS):
                return None  # garbage after the array
        if not ended or decoder.decode(b"", final=True):
            return None
    except (_Uncuttable, UnicodeDecodeError, _Unparsable):
        return None
    return _chunks("json", cuts, size)


class _Unparsable(Exception):
    """A JSON constant the reader's scan refuses (NaN, Infinity), which json's parser would take."""


def _refuse_constant(name: str) -> float:
    raise _Unparsable(name)


_PLANNERS = {"csv": _plan_csv, "jsonl": _plan_jsonl, "json": _plan_json, "reuters_sgml": _plan_sgml}

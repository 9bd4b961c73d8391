"""Bytes to text for every reader: BOMs, UTF-16, mixed encodings, line endings, NULs.

Real scraper output is mostly UTF-8, sometimes cp1252 or latin-1, and now and
then a mix of both in one file. We decode line by line so one bad line costs
nothing but a note: UTF-8 first, then cp1252, then latin-1 (which never fails).
(A block's whole lines are decoded at once where they are UTF-8 without NULs, nearly
always: the same lines, without a Python step per line.)
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO, cast

from analytics.ingest.readers.base import ChunkTally, FileNote, OversizedRecord

FALLBACK_ENCODINGS = ("cp1252", "latin-1")
SNIFF_BYTES = 64 * 1024
# Share of control bytes in the first block above which an input is binary, not text.
BINARY_CONTROL_SHARE = 0.10
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_LINE_END = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # a line with its ending (the last may have none)
_TEXT_LINE_BREAK = re.compile(r"[\r\n]")
UTF16_UNIT_BYTES = 2  # a UTF-16 line's size in bytes, from its characters (outside the BMP: 4, counted as 2)

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class BinaryInput(ValueError):
    """The input is not text."""


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of an input look like a binary file (too many control bytes, no BOM)."""
    if not head:
        return False
    if head.startswith(UTF16_BOMS) or head.startswith(codecs.BOM_UTF8):
        return False
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES if b != 0) + head.count(b"\x00")
    return controls / len(head) > BINARY_CONTROL_SHARE


def _decode_line(raw: bytes, counts: dict[str, int]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        for name in FALLBACK_ENCODINGS:
            try:
                text = raw.decode(name)
            except UnicodeDecodeError:
                continue
            counts[name] = counts.get(name, 0) + 1
            return text
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def iter_text_lines(
    stream: BinaryIO,
    *,
    ref: str,
    encoding: str | None = None,
    notes: list[FileNote] | None = None,
    max_line_bytes: int | None = None,
    tally: ChunkTally | None = None,
    continued: bool = False,
) -> Iterator[str]:
    """Yield the text lines of a byte stream, each ending in '\\n' (the last may not).

    CR, LF and CRLF all end a line; NUL bytes are dropped. With an explicit
    `encoding` every line is decoded with it (undecodable bytes replaced, and
    counted). Without one, a BOM decides, else each line is tried as UTF-8 and
    falls back to cp1252/latin-1. Anything worth telling the user is appended
    to `notes` once the stream is exhausted. A line over `max_line_bytes` raises
    OversizedRecord once its end is found, without ever being held whole.
    A `continued` stream is a chunk of a file (readers.base.Chunk) from a line's start on: no BOM
    and no binary check (the file's first bytes had them), and what the notes would say is
    counted into `tally` instead.
    """
    head = stream.read(SNIFF_BYTES)
    if not continued and looks_binary(head):
        raise BinaryInput("binary content, not text")
    counts: dict[str, int] = {}
    nul_count = 0
    if (head.startswith(UTF16_BOMS) and not continued) or (encoding or "").lower().startswith("utf-16"):
        decoder = codecs.getincrementaldecoder(encoding or "utf-16")(errors="replace")
        chunks = _iter_decoded(head, stream, decoder)
        pending = ""
        limit = max_line_bytes if max_line_bytes is not None else sys.maxsize
        for chunk in chunks:
            chunk = pending + chunk
            nul_count += chunk.count("\x00")
            # A CR at the end of a chunk stays pending: its LF may start the next chunk.
            lines = re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?=[^\n])", chunk.replace("\x00", ""))
            pending = lines.pop()
            for line in lines:
                if len(line) * UTF16_UNIT_BYTES > limit:
                    raise OversizedRecord(len(line) * UTF16_UNIT_BYTES, limit)
                yield line.rstrip("\r\n") + "\n"
            if len(pending) * UTF16_UNIT_BYTES > limit:
                raise OversizedRecord(_chars_to_line_end(pending, chunks) * UTF16_UNIT_BYTES, limit)
        if pending:
            last = pending.rstrip("\r\n")
            yield last + ("\n" if last != pending else "")
    else:
        if head.startswith(codecs.BOM_UTF8) and not continued:
            head = head[len(codecs.BOM_UTF8) :]
        for run in _iter_byte_runs(head, stream, max_line_bytes=max_line_bytes):
            whole = _utf8_without_nuls(run) if encoding is None else None
            if whole is not None:
                yield from _text_lines(whole)
                continue
            for match in _LINE_END.finditer(run):
                raw = match[0]
                nul_count += raw.count(b"\x00")
                raw = raw.replace(b"\x00", b"")
                body = raw.rstrip(b"\r\n")
                ending = "\n" if len(body) != len(raw) else ""
                if encoding:
                    text = body.decode(encoding, errors="replace")
                    if "\ufffd" in text and b"\xef\xbf\xbd" not in body:
                        counts["replaced"] = counts.get("replaced", 0) + 1
                else:
                    text = _decode_line(body, counts)
                yield text + ending
    if tally is not None:
        tally.decoded, tally.nuls = counts, nul_count
    if notes is not None:
        notes.extend(decoding_notes(ref, counts, nul_count, encoding))


def decoding_notes(ref: str, counts: dict[str, int], nuls: int, encoding: str | None) -> list[FileNote]:
    """The notes on a text's decoding: lines per fallback encoding (or with bytes invalid in
    `encoding` replaced, counted as "replaced"), NUL characters removed."""
    notes = []
    for name, n in counts.items():
        if name == "replaced":
            notes.append(FileNote(ref, f"{n} line(s) had bytes invalid in {encoding}; replaced with U+FFFD"))
        else:
            notes.append(FileNote(ref, f"{n} line(s) were not UTF-8 and were decoded as {name}"))
    if nuls:
        notes.append(FileNote(ref, f"{nuls} NUL character(s) removed"))
    return notes


def _chars_to_line_end(begun: str, chunks: Iterator[str]) -> int:
    """The length of the line `begun`, read on in `chunks` up to its end, keeping nothing."""
    size = len(begun)
    for chunk in chunks:
        broken = _TEXT_LINE_BREAK.search(chunk)
        if broken:
            return size + broken.start()
        size += len(chunk)
    return size


def _iter_decoded(head: bytes, stream: BinaryIO, decoder: codecs.IncrementalDecoder) -> Iterator[str]:
    yield decoder.decode(head)
    while block := stream.read(SNIFF_BYTES):
        yield decoder.decode(block)
    yield decoder.decode(b"", final=True)


def _iter_byte_runs(head: bytes, stream: BinaryIO, *, max_line_bytes: int | None = None) -> Iterator[bytes]:
    """Split bytes into runs of lines on CR, LF or CRLF, each line keeping its ending (only the
    stream's last line may have none); a line over `max_line_bytes` raises OversizedRecord (its
    size read to its end, but never held), after the lines before it. A run is a block's whole
    lines, or one line where the block is longer than `max_line_bytes`."""
    limit = max_line_bytes if max_line_bytes is not None else sys.maxsize
    pending = b""  # the line begun and not yet ended
    # Blocks without a line break wait here and are joined once: adding each to
    # `pending` and rescanning it made a long line cost quadratic time.
    unbroken: list[bytes] = []
    unbroken_bytes = 0
    block = head
    while True:
        if block and b"\n" not in block and b"\r" not in block:
            unbroken.append(block)
            unbroken_bytes += len(block)
            if len(pending) + unbroken_bytes > limit:
                raise OversizedRecord(len(pending) + unbroken_bytes + _bytes_to_line_end(stream), limit)
            block = stream.read(SNIFF_BYTES)
            continue
        if unbroken:
            pending += b"".join(unbroken)
            unbroken, unbroken_bytes = [], 0
        pending += block
        # Hold back a final CR: its LF may be in the next block.
        cut = len(pending) - 1 if block and pending.endswith(b"\r") else len(pending)
        end = max(pending.rfind(b"\n", 0, cut), pending.rfind(b"\r", 0, cut)) + 1
        if end <= limit:  # (no line in it can be longer)
            if end:
                yield pending[:end]
        else:
            start = 0
            for match in _LINE_BREAK.finditer(pending, 0, end):
                if match.end() - start > limit:
                    raise OversizedRecord(match.end() - start, limit)
                yield pending[start : match.end()]
                start = match.end()
        pending = pending[end:]
        if not block:
            break
        block = stream.read(SNIFF_BYTES)
    if len(pending) > limit:
        raise OversizedRecord(len(pending), limit)
    if pending:
        yield pending


def _utf8_without_nuls(run: bytes) -> str | None:
    """The run decoded, where it is UTF-8 and has no NUL; else None (its lines are decoded one by one).
    Decoding it whole gives its lines' texts: a line break is an ASCII byte, never inside a UTF-8 sequence."""
    if b"\x00" in run:
        return None
    try:
        return run.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _text_lines(text: str) -> Iterator[str]:
    """The lines of a decoded run, each ending in '\\n' (CR and CRLF made LF; the last may have no ending)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    last = lines.pop()
    for line in lines:
        yield line + "\n"
    if last:
        yield last


def _bytes_to_line_end(stream: BinaryIO) -> int:
    """Read `stream` up to the next line break (or its end), keeping nothing: how many bytes that was."""
    size = 0
    while block := stream.read(SNIFF_BYTES):
        broken = _LINE_BREAK.search(block)
        if broken:
            return size + broken.start()
        size += len(block)
    return size


class _Bounded:
    """A byte stream that raises OversizedRecord once more than `limit` bytes are read from it
    (after reading the rest, keeping nothing, to tell its size)."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._read += len(data)
        if self._read > self._limit:
            while block := self._stream.read(SNIFF_BYTES):
                self._read += len(block)
            raise OversizedRecord(self._read, self._limit)
        return data


def read_text(
    stream: BinaryIO,
    *,
    ref: str,
    encoding: str | None = None,
    notes: list[FileNote] | None = None,
    max_bytes: int | None = None,
) -> str:
    """The whole stream as one text with '\\n' line endings; OversizedRecord when it is over `max_bytes`."""
    source = stream if max_bytes is None else cast(BinaryIO, _Bounded(stream, max_bytes))
    return "".join(iter_text_lines(source, ref=ref, encoding=encoding, notes=notes))

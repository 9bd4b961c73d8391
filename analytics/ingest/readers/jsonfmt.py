"""JSON readers: a top-level array of objects (streamed), a single object, or JSON Lines.

Numbering: record N is the N-th element of the top-level array, or line N of a
JSON Lines file (blank lines are skipped but keep their numbers). A file that
is one JSON object is one record named by the plain ref, like any one-article file.
(A record that is a saved API response, no article but a list of them, is read as
that list by ingest's mapping step: analytics.ingest.extract.)
Values stay as parsed: lists stay lists, numbers stay int/float.

A JSON array is cut into its elements by following its brackets outside strings
(`jsonscan`), block by block, and each element is parsed on its own with
json.loads: the file is never held whole, and a record that cannot be read
(nested too deep, a number too long, a lone surrogate) is quarantined while the
elements after it are read. A syntax error stops the array, as the elements
after it could no longer be numbered with certainty.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from analytics.ingest.readers.base import (
    BadRecord,
    Chunk,
    ChunkTally,
    FileNote,
    Opener,
    RawRecord,
    ReaderItem,
    ReadOptions,
    excerpt,
    record_ref,
)
from analytics.ingest.readers.jsonscan import MAX_JSON_DEPTH, BrokenJson, Nesting, Values
from analytics.ingest.readers.text import (
    FALLBACK_ENCODINGS,
    SNIFF_BYTES,
    UTF16_BOMS,
    BinaryInput,
    iter_text_lines,
    looks_binary,
)

# Bytes of the head of a JSON text that decide UTF-16 without a BOM (RFC 4627 §3: JSON starts with ASCII).
UTF16_PROBE_BYTES = 64
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
# \uD800-\uDFFF escapes: a pair of them is one character, one alone is no text at all.
_SURROGATE_ESCAPE = r"\\u[dD][89a-fA-F]"
_SURROGATE_ESCAPE_TEXT = re.compile(_SURROGATE_ESCAPE)
_SURROGATE_ESCAPE_BYTES = re.compile(_SURROGATE_ESCAPE.encode())
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def sniff_json_kind(head: bytes) -> str:
    """ "json" for an array or a single object, "jsonl" when a complete object line is followed by another `{` line."""
    lines = [line.strip() for line in _LINE_BREAK.split(_decode_head(head)) if line.strip()]
    if len(lines) < 2 or not (lines[0].startswith("{") and lines[1].startswith("{")):
        return "json"
    try:
        json.loads(lines[0])
    except ValueError:  # the first object spans lines: pretty-printed JSON
        return "json"
    return "jsonl"


def read_json(open_stream: Opener, ref: str, options: ReadOptions, chunk: Chunk | None = None) -> Iterator[ReaderItem]:
    """Objects of a top-level JSON array (or the one top-level object), streamed; JSON Lines input is delegated.
    With a `chunk` of an array, its elements, numbered as in the file; then the chunk's (empty) tally."""
    if chunk is not None:
        yield from _array_chunk(open_stream, ref, chunk)
        return
    with open_stream() as stream:
        try:
            source = _Utf8Source(stream, options.encoding)
        except BinaryInput:
            yield BadRecord(ref, "binary content, not text")
            return
        first = source.first_char()
        if first is None:
            yield BadRecord(ref, "empty file")
            return
        is_jsonl = first == "{" and sniff_json_kind(source.head) == "jsonl"
        if not is_jsonl:
            if first not in "[{":
                yield BadRecord(ref, f"top-level JSON value is not an array or object (starts with {first!r})")
                return
            yield from _array_items(source.read, ref) if first == "[" else _single_object(source, ref)
            yield from source.notes(ref)
    if is_jsonl:
        yield from read_jsonl(open_stream, ref, options)


def read_jsonl(open_stream: Opener, ref: str, options: ReadOptions, chunk: Chunk | None = None) -> Iterator[ReaderItem]:
    """One object per line; a bad line is a BadRecord naming its line, blank lines are skipped.
    With a `chunk` of the file, its records, numbered by their lines in the file; then the
    chunk's tally in place of the notes (the file's first chunk holds a record: see split)."""
    notes: list[FileNote] = []
    tally = None if chunk is None else ChunkTally()
    before = chunk.lines_before if chunk else 0
    number, records = before, 0
    with open_stream() as stream:
        try:
            lines = iter_text_lines(
                stream,
                ref=ref,
                encoding=options.encoding,
                notes=notes,
                max_line_bytes=options.limits.max_record_bytes,
                tally=tally,
                continued=chunk is not None and chunk.start > 0,
            )
            for number, line in enumerate(lines, before + 1):
                if line.strip():
                    records += 1
                    yield _line_record(line, ref, number)
        except BinaryInput:
            yield BadRecord(ref, "binary content, not text")
            return
        except Exception as err:  # I/O or archive errors mid-file
            yield BadRecord(record_ref(ref, number + 1), f"reading stopped at line {number + 1}: {err}")
    if tally is not None:
        yield tally
        return
    if not records:
        yield BadRecord(ref, "empty file")
    yield from notes


def _line_record(line: str, ref: str, number: int) -> ReaderItem:
    """The record of line `number` of a JSON Lines file (not a blank one), or why it is none."""
    text, line_ref, label = line.rstrip("\n"), record_ref(ref, number), f"line {number}"
    depth = _line_depth(text)
    if depth > MAX_JSON_DEPTH:
        return _too_deep(line_ref, label, depth, text)
    try:
        return _record(text, line_ref, label)
    except json.JSONDecodeError as err:
        reason = f"{label}: invalid JSON: {err.msg} (column {err.colno})"
        return BadRecord(line_ref, reason, excerpt(line))


def _array_chunk(open_stream: Opener, ref: str, chunk: Chunk) -> Iterator[ReaderItem]:
    """The elements of a chunk of an array, cut after the comma that ends its last element but in
    the file's last chunk: read as an array of their own (the planner made sure the file is clean
    UTF-8 and holds no NUL: there is nothing to decode by a fallback nor to tally)."""
    with open_stream() as stream:
        text = stream.read()
    if chunk.start > 0:
        text = b"[" + text
    if text.endswith(b","):
        text = text[:-1] + b"]"
    blocks = iter((text.removeprefix(codecs.BOM_UTF8),))
    yield from _array_items(lambda: next(blocks, b""), ref, before=chunk.records_before)
    yield ChunkTally()


def _array_items(read: Callable[[], bytes], ref: str, *, before: int = 0) -> Iterator[ReaderItem]:
    """The elements of the array whose UTF-8 text `read()` hands out block by block (b"" at its end),
    numbered after `before` elements of the file."""
    number = before  # the elements read whole
    try:
        for element in Values(read).array_elements():
            element_ref, label = record_ref(ref, number + 1), f"array element {number + 1}"
            if element.depth > MAX_JSON_DEPTH:
                yield _too_deep(element_ref, label, element.depth, element.text)
            else:
                yield _record(element.text, element_ref, label)
            number += 1
    except Exception as err:  # broken JSON text (the elements after it cannot be told apart); I/O errors
        reason = f"JSON breaks after record {number} (in or before record {number + 1}): {_fault(err)}"
        yield BadRecord(record_ref(ref, number + 1), reason)
        return
    if number == 0:  # (a chunk holds at least one element)
        yield FileNote(ref, "the JSON array is empty")


def _single_object(source: _Utf8Source, ref: str) -> Iterator[ReaderItem]:
    try:
        document = Values(source.read).whole_document()
        if document.depth > MAX_JSON_DEPTH:
            yield _too_deep(ref, "the object", document.depth, document.text)
        else:
            yield _record(document.text, ref, "the object")
    except Exception as err:  # a broken object, or text after a complete one; I/O errors
        yield BadRecord(ref, f"malformed JSON object: {_fault(err)}")


def _record(text: str | bytes, ref: str, label: str) -> RawRecord | BadRecord:
    """The record in the JSON text of `label`, or why it cannot be one (json.JSONDecodeError
    when the text is not JSON). Its nesting must have been found within MAX_JSON_DEPTH."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # json's only other refusal: an int past Python's limit on digits read from text
        reason = f"{label} holds a number of more than {sys.get_int_max_str_digits()} digits"
        return BadRecord(ref, reason, _excerpt(text))
    if not isinstance(value, dict):
        return BadRecord(ref, f"{label} is {_json_type(value)}, not an object", _excerpt(text))
    field = _lone_surrogate_field(value) if _may_escape_surrogates(text) else None
    if field is not None:
        reason = f"{label}: field {field!r} holds a lone surrogate escape (half a character), not text a store can hold"
        return BadRecord(ref, reason, _excerpt(text))
    return RawRecord(ref, value)


def _too_deep(ref: str, label: str, depth: int, text: str | bytes) -> BadRecord:
    return BadRecord(ref, f"{label} is nested {depth} levels deep (more than {MAX_JSON_DEPTH})", _excerpt(text))


def _line_depth(line: str) -> int:
    """How deep a JSON Lines record nests; for a line with no more brackets than MAX_JSON_DEPTH,
    its number of opening brackets (a bound within the limit: such a line is not scanned)."""
    brackets = line.count("[") + line.count("{")
    if brackets <= MAX_JSON_DEPTH:
        return brackets
    nesting = Nesting()
    try:
        nesting.follow(line.encode("utf-8"), 0)
    except BrokenJson:
        pass  # json.loads stops at the same fault, no deeper than the scan went, and names it
    return nesting.deepest


def _may_escape_surrogates(text: str | bytes) -> bool:
    if isinstance(text, bytes):
        return _SURROGATE_ESCAPE_BYTES.search(text) is not None
    return _SURROGATE_ESCAPE_TEXT.search(text) is not None


def _lone_surrogate_field(record: dict[str, Any]) -> str | None:
    """The first field whose name or value holds a lone surrogate (json.loads joins an escaped
    pair into one character, and leaves one alone as it is: no UTF-8 text holds it)."""
    return next((name for name, value in record.items() if _holds_lone_surrogate([name, value])), None)


def _holds_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _LONE_SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_holds_lone_surrogate([name, item]) for name, item in value.items())
    if isinstance(value, list):
        return any(_holds_lone_surrogate(item) for item in value)
    return False


def _excerpt(text: str | bytes) -> str:
    return excerpt(text.decode("utf-8", "replace") if isinstance(text, bytes) else text)


def _fault(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"parse error: {err.msg}"
    return str(err) or type(err).__name__


class _Utf8Source:
    """A byte stream re-encoded as clean UTF-8, chunk by chunk (never the whole file).

    A BOM decides UTF-8/UTF-16 (UTF-16 without a BOM is recognised by its NUL
    pattern); byte runs that are not UTF-8 are decoded as cp1252, else latin-1;
    NULs are dropped. We do not go through iter_text_lines because a JSON
    array is often a single line (the detik files are), and that would hold
    the whole file in memory.
    """

    def __init__(self, stream: BinaryIO, encoding: str | None) -> None:
        self._stream = stream
        self.fallback_runs = 0
        self.nul_count = 0
        self.head = stream.read(SNIFF_BYTES)
        codec = encoding or _bom_or_utf16_codec(self.head)
        if codec is None:
            if looks_binary(self.head):
                raise BinaryInput("binary content, not text")
            codec = "utf-8-sig"
        is_utf8 = codecs.lookup(codec).name in ("utf-8", "utf-8-sig")
        errors = "surrogateescape" if is_utf8 else "replace"
        self._decoder = codecs.getincrementaldecoder(codec)(errors=errors)
        self._buffer = self._encode(self._decoder.decode(self.head, final=False))
        self._at_end = False

    def first_char(self) -> str | None:
        """The first non-whitespace character, reading ahead as far as needed."""
        while not self._buffer.strip() and self._fill():
            pass
        stripped = self._buffer.lstrip()
        return chr(stripped[0]) if stripped else None

    def read(self, size: int = -1) -> bytes:
        while not self._buffer and self._fill():
            pass
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def notes(self, ref: str) -> Iterator[FileNote]:
        if self.fallback_runs:
            yield FileNote(
                ref, f"{self.fallback_runs} byte sequence(s) were not UTF-8 and were decoded as {FALLBACK_ENCODINGS[0]}"
            )
        if self.nul_count:
            yield FileNote(ref, f"{self.nul_count} NUL character(s) removed")

    def _fill(self) -> bool:
        if self._at_end:
            return False
        block = self._stream.read(SNIFF_BYTES)
        self._at_end = not block
        self._buffer += self._encode(self._decoder.decode(block, final=self._at_end))
        return True

    def _encode(self, text: str) -> bytes:
        if "\x00" in text:
            self.nul_count += text.count("\x00")
            text = text.replace("\x00", "")
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # bytes that were not UTF-8, kept as surrogates by surrogateescape
            return _ESCAPED_BYTES.sub(self._fallback, text).encode("utf-8")

    def _fallback(self, match: re.Match[str]) -> str:
        self.fallback_runs += 1
        raw = bytes(ord(char) - 0xDC00 for char in match.group())
        for name in FALLBACK_ENCODINGS:
            try:
                return raw.decode(name)
            except UnicodeDecodeError:
                continue
        raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _bom_or_utf16_codec(head: bytes) -> str | None:
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    probe = head[: min(len(head), UTF16_PROBE_BYTES) // 2 * 2]
    if len(probe) >= 2:
        even, odd = probe[0::2], probe[1::2]
        if not odd.strip(b"\x00") and b"\x00" not in even:
            return "utf-16-le"
        if not even.strip(b"\x00") and b"\x00" not in odd:
            return "utf-16-be"
    return None


def _decode_head(head: bytes) -> str:
    codec = _bom_or_utf16_codec(head) or "utf-8-sig"
    return head.decode(codec, errors="replace")


def _json_type(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return _JSON_TYPES.get(type(value), type(value).__name__)

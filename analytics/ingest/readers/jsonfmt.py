"""JSON readers: a top-level array of objects (streamed with ijson), a single object, or JSON Lines.

Numbering: record N is the N-th element of the top-level array, or line N of a
JSON Lines file (blank lines are skipped but keep their numbers). A file that
is one JSON object is one record named by the plain ref, like any one-article file.
Values stay as parsed: lists stay lists, numbers stay int/float.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from analytics.ingest.readers.base import (
    BadRecord,
    FileNote,
    Opener,
    RawRecord,
    ReaderItem,
    ReadOptions,
    excerpt,
    record_ref,
)
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


def read_json(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """Objects of a top-level JSON array (or the one top-level object), streamed; JSON Lines input is delegated."""
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
            yield from _array_items(source, ref) if first == "[" else _single_object(source, ref)
            yield from source.notes(ref)
    if is_jsonl:
        yield from read_jsonl(open_stream, ref, options)


def read_jsonl(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """One object per line; a bad line is a BadRecord naming its line, blank lines are skipped."""
    notes: list[FileNote] = []
    number = records = 0
    with open_stream() as stream:
        try:
            lines = iter_text_lines(
                stream, ref=ref, encoding=options.encoding, notes=notes, max_line_bytes=options.limits.max_record_bytes
            )
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                records += 1
                try:
                    value = json.loads(line.rstrip("\n"))
                except ValueError as err:
                    reason = (
                        f"line {number}: invalid JSON: {getattr(err, 'msg', err)} (column {getattr(err, 'colno', '?')})"
                    )
                    yield BadRecord(record_ref(ref, number), reason, excerpt(line))
                    continue
                if isinstance(value, dict):
                    yield RawRecord(record_ref(ref, number), value)
                else:
                    yield BadRecord(
                        record_ref(ref, number), f"line {number} is {_json_type(value)}, not an object", excerpt(line)
                    )
        except BinaryInput:
            yield BadRecord(ref, "binary content, not text")
            return
        except Exception as err:  # I/O or archive errors mid-file
            yield BadRecord(record_ref(ref, number + 1), f"reading stopped at line {number + 1}: {err}")
    if not records:
        yield BadRecord(ref, "empty file")
    yield from notes


def _array_items(source: _Utf8Source, ref: str) -> Iterator[ReaderItem]:
    number = 0
    try:
        for value in ijson.items(source, "item", use_float=True):
            number += 1
            if isinstance(value, dict):
                yield RawRecord(record_ref(ref, number), value)
            else:
                reason = f"array element {number} is {_json_type(value)}, not an object"
                yield BadRecord(record_ref(ref, number), reason, excerpt(json.dumps(value, ensure_ascii=False)))
    except Exception as err:  # ijson.JSONError for malformed/truncated text; I/O errors
        reason = f"JSON breaks after record {number} (in or before record {number + 1}): {_first_line(err)}"
        yield BadRecord(record_ref(ref, number + 1), reason)
        return
    if number == 0:
        yield FileNote(ref, "the JSON array is empty")


def _single_object(source: _Utf8Source, ref: str) -> Iterator[ReaderItem]:
    try:
        for value in ijson.items(source, "", use_float=True):
            yield RawRecord(ref, value)
    except Exception as err:  # a broken object, or text after a complete one
        yield BadRecord(ref, f"malformed JSON object: {_first_line(err)}")


class _Utf8Source:
    """A byte stream re-encoded as clean UTF-8 for ijson, chunk by chunk (never the whole file).

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
        self._is_utf8 = codecs.lookup(codec).name in ("utf-8", "utf-8-sig")
        errors = "surrogateescape" if self._is_utf8 else "replace"
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
        if self._is_utf8:
            text = _ESCAPED_BYTES.sub(self._fallback, text)
        return text.encode("utf-8")

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


def _first_line(err: Exception) -> str:
    """The gist of an error: ijson's messages go on to draw the text around the fault over several lines."""
    message = err.args[0] if err.args else ""
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    text = str(message).strip()
    return text.splitlines()[0] if text else type(err).__name__

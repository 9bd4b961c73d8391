"""Cutting JSON text into its top-level values by following its brackets outside strings, block
by block, without parsing the values: where each value ends and how deep it nests, so that a
value nested past MAX_JSON_DEPTH is refused before any of it is built (the readers in `jsonfmt`
parse each value on its own)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

# Levels of arrays and objects a record may nest (the record itself is the first). News records
# nest two or three (an article, its list of paragraphs, an object in that list). Parsing and
# normalisation walk nested values recursively, within Python's recursion limit (1,000 frames),
# and the cost of a deep record grows with its depth (ijson, which read arrays before, took 20 GB
# for a record 100,000 deep). A deeper record is refused from a scan of its bytes, before any of
# it is built.
MAX_JSON_DEPTH = 64
# What matters in JSON text outside strings: a quote, a bracket, or a byte JSON holds only inside
# strings (text that lost track of its quotes: the array stops there, before its rest is gathered
# as one element); commas only outside every bracket. Numbers, literals, colons and blanks do not.
_INSIDE_BRACKETS = re.compile(rb"[^\s:,0-9.eE+\-truefalsn]")
_OUTSIDE_BRACKETS = re.compile(rb"[^\s:0-9.eE+\-truefalsn]")
_OPENING = b"[{"
_MATCHING_OPENER = {ord("]"): ord("["), ord("}"): ord("{")}
_QUOTE, _BACKSLASH = ord('"'), ord("\\")


class BrokenJson(ValueError):
    """JSON text that cannot be cut into its values: cut short, or a bracket or byte out of place."""


@dataclasses.dataclass(frozen=True)
class Value:
    """The text of one top-level JSON value and how deep it nests; of a value nested deeper than
    MAX_JSON_DEPTH, only the start of its text is kept."""

    text: bytes
    depth: int


class Values:
    """The top-level values of a JSON document, cut from its UTF-8 text as `read()` hands it out
    block by block (b"" at its end): one value's text is held at a time, never the file's."""

    def __init__(self, read: Callable[[], bytes]) -> None:
        self._read = read
        self._block = b""
        self._pos = 0

    def array_elements(self) -> Iterator[Value]:
        """The elements of the array the document is: blanks, `[`, elements, `]`, blanks."""
        self._block = self._read()
        self._pos = self._block.index(b"[") + 1  # the source's first non-blank character
        first = True
        while True:
            element, end = self._cut()
            if not (first and end == ord("]") and not element.text.strip()):  # `[ ]`: no element
                yield element
            first = False
            if end == ord("]"):
                break
            if end == ord("}"):
                raise BrokenJson("parse error: '}' closes the array")
        if not self._rest_is_blank():
            raise BrokenJson("parse error: trailing garbage")

    def whole_document(self) -> Value:
        """The document's text as one value."""
        value, _ = self._cut(whole=True)
        return value

    def _cut(self, *, whole: bool = False) -> tuple[Value, int | None]:
        """The next value and the `,`, `]` or `}` outside every bracket that ends it or, when
        `whole`, the text up to its end (and None)."""
        nesting = Nesting()
        parts: list[bytes] = []
        while True:
            if self._pos == len(self._block):
                self._block, self._pos = self._read(), 0
                if not self._block:
                    if nesting.is_open or not whole:
                        raise BrokenJson("parse error: premature EOF")
                    return Value(b"".join(parts), nesting.deepest), None
            start = self._pos
            end = nesting.follow(self._block, start)
            if end is not None and not whole:
                self._pos = end + 1
                self._keep(parts, self._block[start:end], nesting)
                return Value(b"".join(parts), nesting.deepest), self._block[end]
            self._pos = len(self._block) if end is None else end + 1
            self._keep(parts, self._block[start : self._pos], nesting)

    @staticmethod
    def _keep(parts: list[bytes], piece: bytes, nesting: Nesting) -> None:
        """Keep a piece of a value's text; of a value nested too deep, only its first piece (for the excerpt)."""
        if nesting.deepest <= MAX_JSON_DEPTH or not parts:
            parts.append(piece)
        else:
            del parts[1:]

    def _rest_is_blank(self) -> bool:
        while not self._block[self._pos :].strip():
            self._block, self._pos = self._read(), 0
            if not self._block:
                return True
        return False


class Nesting:
    """Follows the brackets of JSON text outside its strings, block by block, without parsing its
    values: how deep it nests, and where a value that began outside every bracket ends."""

    def __init__(self) -> None:
        self.deepest = 0
        self._open = bytearray()  # the opening brackets not closed yet, innermost last
        self._in_string = False
        self._escaped = False  # the last block ended on a backslash inside a string

    @property
    def is_open(self) -> bool:
        """Whether the text so far leaves a string or a bracket open."""
        return self._in_string or bool(self._open)

    def follow(self, block: bytes, start: int) -> int | None:
        """Follow `block` from `start`: the position of the first `,`, `]` or `}` outside every
        bracket (where the value ends), or None when the block ends first. Raises BrokenJson on
        a bracket that closes one of the other kind or a byte JSON allows only in strings."""
        pos = start
        while True:
            if self._in_string:
                after = self._after_string(block, pos)
                if after is None:
                    return None
                pos = after
            pattern = _INSIDE_BRACKETS if self._open else _OUTSIDE_BRACKETS
            match = pattern.search(block, pos)
            if match is None:
                return None
            at = match.start()
            pos = at + 1
            byte = block[at]
            if byte == _QUOTE:
                quote = block.find(b'"', pos)
                if quote >= 0 and block[quote - 1] != _BACKSLASH:  # most strings: no escape before their end
                    pos = quote + 1
                else:
                    self._in_string = True
            elif byte in _OPENING:
                self._open.append(byte)
                if len(self._open) > self.deepest:
                    self.deepest = len(self._open)
            elif not self._open and byte in b",]}":
                return at
            elif byte in _MATCHING_OPENER:
                if self._open.pop() != _MATCHING_OPENER[byte]:
                    raise BrokenJson(f"parse error: {chr(byte)!r} closes a bracket of the other kind")
            else:
                raise BrokenJson(f"parse error: {repr(bytes([byte]))[1:]} outside a string")

    def _after_string(self, block: bytes, pos: int) -> int | None:
        """The position after the closing quote of the string the text is in, or None when the block ends first."""
        if self._escaped:
            pos += 1  # the byte the last block's final backslash escapes
            self._escaped = False
        while True:
            quote = block.find(b'"', pos)
            if quote < 0:
                self._escaped = _escapes_next(block, pos, len(block))
                return None
            if not _escapes_next(block, pos, quote):
                self._in_string = False
                return quote + 1
            pos = quote + 1


def _escapes_next(block: bytes, start: int, end: int) -> bool:
    """Whether the backslashes right before `end` (none before `start`, where no escape is
    pending) escape the byte at `end`: an odd number of them."""
    piece = block[start:end]
    return (len(piece) - len(piece.rstrip(b"\\"))) % 2 == 1

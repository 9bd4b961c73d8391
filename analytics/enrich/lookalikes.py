"""Invisible characters and look-alike letters, made harmless where names are compared or matched.

`Reu\\u200bters` (a zero-width space inside) and `Rеuters` (a Cyrillic е) look like Reuters
and are not: unread, they would be other outlets and would slip past every alias. `unmask`
reads a text as a reader sees it:
- format characters (Unicode category Cf: zero-width space, joiner and non-joiner, soft hyphen,
  byte-order mark, bidirectional marks) are removed, and the way back to the offsets of the
  original text is kept (the attribution evidence points into the original text);
- in a word that mixes Latin letters with Cyrillic or Greek ones, each of those drawn like a
  Latin letter becomes that letter (`lookalikes.toml`, from Unicode's confusables.txt). A word
  wholly in Cyrillic or Greek (`ТАСС`) stays as it is.
Nearly every text has neither: an ASCII text is passed at once, any other after one search of its
characters beyond ASCII.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import pathlib
import re
import tomllib
from typing import NamedTuple, cast

TABLE_PATH = pathlib.Path(__file__).with_name("lookalikes.toml")
# Every character of Unicode category Cf (format characters: invisible), as ranges of code points.
# Written out, not collected from `unicodedata` at start (a tenth of a second per process); a test
# checks them against unicodedata.
FORMAT_RANGES = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
FORMAT_CHARACTERS = "".join(chr(code) for first, last in FORMAT_RANGES for code in range(first, last + 1))
# (A class of ranges: one of every character would be tried one by one, twenty times slower.)
FORMAT_RUN = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in FORMAT_RANGES) + "]+")
ASCII_BYTES = bytes(range(0x80))
# UTF-8 bytes per character above which a text is mostly beyond ASCII (a Latin text with some curly
# quotes has about 1.01; Chinese about 2.6): searched as it is, not for its characters beyond ASCII.
MOSTLY_BEYOND_ASCII = 1.5
BMP_END = 0xFFFF  # the last character of the Basic Multilingual Plane
LOOKALIKE_BLOCKS = (0x0370, 0x052F)  # Greek and Coptic, Cyrillic, Cyrillic Supplement: where the look-alikes are
# One search that every text `unmask` changes matches: a format character of the Basic Multilingual
# Plane, a letter of LOOKALIKE_BLOCKS, or any character beyond that plane (an emoji; the rare format
# characters there). One character class of ranges: a third as costly as the exact searches.
_SUSPECT = re.compile(
    "["
    + "".join(f"{chr(first)}-{chr(last)}" for first, last in (*FORMAT_RANGES, LOOKALIKE_BLOCKS) if last <= BMP_END)
    + f"{chr(BMP_END + 1)}-{chr(0x10FFFF)}]"
)
_WORD = re.compile(r"[^\W\d_]+")
LATIN_LETTERS = "A-Za-z"  # the letters a look-alike must stand next to for its word to count as mixed


class LookalikeError(ValueError):
    """The shipped look-alike table is malformed (a one-letter key and value each, the value Latin)."""


@dataclasses.dataclass(frozen=True)
class Unmasked:
    """A text with its format characters removed and the look-alike letters of its mixed words made
    Latin, and the way back to the original text's offsets."""

    text: str
    gaps: tuple[int, ...] = ()  # positions in `text` where removed characters stood, in order
    removed: tuple[int, ...] = ()  # characters removed up to and including each gap

    @property
    def breaks(self) -> frozenset[int]:
        """The positions in `text` where removed characters stood (a zero-width space parts words)."""
        return frozenset(self.gaps)

    def start(self, position: int) -> int:
        """The offset in the original text of the character at `position` (a span's start)."""
        index = bisect.bisect_right(self.gaps, position) - 1
        return position + (self.removed[index] if index >= 0 else 0)

    def end(self, position: int) -> int:
        """The offset in the original text just after the character before `position` (a span's end):
        a span keeps the removed characters inside it, not those around it."""
        return self.start(position - 1) + 1 if position > 0 else self.start(0)


class Lookalikes(NamedTuple):
    """The look-alike table, read for use."""

    translation: dict[int, str]  # code point -> Latin letter, for str.translate
    letter: re.Pattern[str]  # a look-alike letter
    mixed: re.Pattern[str]  # a look-alike letter next to a Latin one


@functools.cache
def lookalike_table() -> Lookalikes:
    """The look-alike letters of lookalikes.toml, checked."""
    with TABLE_PATH.open("rb") as file:
        table = tomllib.load(file).get("lookalikes", {})
    for key, value in table.items():
        if (
            len(key) != 1
            or not LOOKALIKE_BLOCKS[0] <= ord(key) <= LOOKALIKE_BLOCKS[1]
            or not isinstance(value, str)
            or len(value) != 1
            or not re.fullmatch(f"[{LATIN_LETTERS}]", value)
        ):
            raise LookalikeError(
                f"{TABLE_PATH}: '{key}' = {value!r}: each line maps one Greek or Cyrillic letter to one Latin letter"
            )
    letters = re.escape("".join(table))
    return Lookalikes(
        {ord(key): value for key, value in table.items()},
        re.compile(f"[{letters}]"),
        re.compile(f"[{LATIN_LETTERS}][{letters}]|[{letters}][{LATIN_LETTERS}]"),
    )


def unmask(text: str) -> Unmasked | None:
    """`text` read as a reader sees it (see the module); None when it holds nothing to change."""
    if text.isascii() or not _suspect(text):
        return None
    suspect = cast(re.Match[str], _SUSPECT.search(text))  # (_suspect found one)
    first = suspect.start()  # (nothing before it changes: the searches start there, or a letter before)
    table = lookalike_table()
    has_format = FORMAT_RUN.search(text, first) is not None
    # (The search for one letter first: the search for a pair is slower, and most texts have none.)
    may_mix = table.letter.search(text, first) is not None
    if not has_format and not (may_mix and table.mixed.search(text, max(0, first - 1))):
        return None
    unmasked = _without_format(text, first) if has_format else Unmasked(text)
    plain = unmasked.text
    if may_mix and table.mixed.search(plain, max(0, first - 1)) is not None:
        plain = _WORD.sub(lambda word: _latin(word[0], table), plain)
    return dataclasses.replace(unmasked, text=plain)


def plain(text: str) -> str:
    """`text` read as a reader sees it (see `unmask`), for names compared without offsets."""
    unmasked = unmask(text)
    return text if unmasked is None else unmasked.text


def _suspect(text: str) -> bool:
    """Whether `text` (not ASCII) holds a character _SUSPECT finds. In a Latin text with a few curly
    quotes the search reads only its characters beyond ASCII: its UTF-8 with the ASCII bytes deleted
    (no other character has one in its encoding), three passes in C three times faster than
    searching the text; a text mostly beyond ASCII (Chinese, Russian) is searched as it is."""
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) > MOSTLY_BEYOND_ASCII * len(text):
        return _SUSPECT.search(text) is not None
    beyond = encoded.translate(None, ASCII_BYTES)
    return _SUSPECT.search(beyond.decode("utf-8", "surrogatepass")) is not None


def _without_format(text: str, first: int) -> Unmasked:
    """`text` without its format characters, the first at or after `first`."""
    pieces, gaps, removed, total, last = [], [], [], 0, 0
    for match in FORMAT_RUN.finditer(text, first):
        start, end = match.span()
        pieces.append(text[last:start])
        last = end
        gaps.append(start - total)
        total += end - start
        removed.append(total)
    pieces.append(text[last:])
    return Unmasked("".join(pieces), tuple(gaps), tuple(removed))


def _latin(word: str, table: Lookalikes) -> str:
    return word.translate(table.translation) if not word.isascii() and table.mixed.search(word) else word

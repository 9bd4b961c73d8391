"""Where in a text a name cannot be a credit of this article.

Related-link lines (`Baca juga: ...`), tag lists, everything after a
navigation heading, and links (`www.investor.reuters.com`). Ingest already
drops most furniture lines from bodies (`analytics.text.cleaning`); this also
covers texts that kept them and related links glued into a paragraph
(`... melaporkan.BACA JUGA - Samsung ...`).

Only the lines that hold a name are looked at (and, for a navigation heading,
the lines before them), each once.
"""

from __future__ import annotations

import bisect
import itertools
import re

from analytics.text import cleaning

RELATED_PHRASES = (
    "baca juga",
    "read also",
    "see also",
    "lihat juga",
    "simak juga",
    "baca selengkapnya",
    "artikel terkait",
    "berita terkait",
)
# (The lookahead holds the first letters of the phrases: most positions fail there at once,
# a search twice as fast with the same matches.)
RELATED_INLINE = re.compile(
    r"(?i:(?=[ablrs])(?:" + "|".join(p.replace(" ", r"\s+") for p in RELATED_PHRASES) + r"|related\s*:))\s*[:\-–—]?"
)
# What a line holds, in any case, if it is a navigation heading (the heading) or holds a related
# link (one of these words), with the flag it gives: the matcher reports the flags of those that
# occur in a text in its pass over it (see Furniture).
HEADING, RELATED = 1, 2
RELATED_WORDS = frozenset(p.split()[-1] for p in RELATED_PHRASES) | {"related"}
MARKS = {
    phrase: (HEADING if phrase in cleaning.NAVIGATION_HEADINGS else 0) | (RELATED if phrase in RELATED_WORDS else 0)
    for phrase in cleaning.NAVIGATION_HEADINGS | RELATED_WORDS
}
# The characters that a case-insensitive regex (RELATED_INLINE) takes for ASCII letters and
# lower-casing (the matcher's pass, which reports the MARKS) does not: `İ` and `ı` are `i`, `ſ`
# is `s` (a test checks every character). A line without them holds a related link only if the
# text's lower case holds its word: most lines that are not ASCII (Chinese, Korean) have none.
CASE_ODDITIES = "\u0130\u0131\u017f"
# The lengths a navigation heading line may have (stripped, as `is_navigation_heading` reads it):
# a case-fold never makes a text shorter (each character folds to one or more: a test checks
# every character), so a line longer than the longest heading is none.
HEADING_LENGTHS = range(1, max(map(len, cleaning.NAVIGATION_HEADINGS)) + 1)
TAG_LINE = re.compile(r"^\s*(?i:tags?|topik|topics?|label|kata\s+kunci|keywords?)\s*:", re.MULTILINE)
URL_MARKS = ("://", "www.", "@")
DOMAIN_PART = re.compile(r"\w\.[^.]+\.\w")  # `investor.reuters.com`: the name between two dots
# A related-link title glued into a paragraph (Sindonews bodies are one line:
# `...Baca Juga: Gempa Pangandaran M5,2, Ini Penjelasan BMKG BMKG memastikan, gempa ...`)
# ends where the article's next sentence starts: the word before the first lower-case
# word that is not one of the small words titles keep in lower case. Never longer than:
RELATED_TITLE_MAX_CHARS = 160
TITLE_SMALL_WORDS = frozenset(
    "di ke dari dan yang untuk dengan pada atau vs dalam oleh of and the in on for to a an at by with from".split()
)
WORD = re.compile(r"\S+")
# How far to look for the ends of the token around a name; longer runs without
# a space are not prose, and a name inside them is not a credit either.
TOKEN_REACH = 200


class Furniture:
    """The page furniture of one text, worked out only for the lines asked about (and the short
    lines, for a heading): `position in Furniture(text, marks)`. A line is furniture, or holds a
    related link, on its own; a navigation heading (not on the first line) makes everything after
    it furniture.

    `marks` are the flags of the MARKS that occur in the text's lower case. In an ASCII text
    (whose lower case is also its case-fold, and where ignoring case is lower-casing) there is
    no navigation heading without the HEADING flag, and in any text no related link without
    RELATED outside the lines that hold CASE_ODDITIES."""

    def __init__(self, text: str, marks: int) -> None:
        self._lines = text.splitlines(keepends=True)
        # where each line starts, and the end (no sums for a text of one line, like a title)
        self._starts = (
            [0, len(text)] if len(self._lines) == 1 else list(itertools.accumulate(map(len, self._lines), initial=0))
        )
        self._unicode = not text.isascii()
        self._related = bool(marks & RELATED)  # any line may hold a related link (else see CASE_ODDITIES)
        # the first line that is a navigation heading
        self._heading = _first_heading(self._lines) if self._unicode or marks & HEADING else None
        self._spans: dict[int, tuple[int, int] | None] = {}  # line -> its furniture, once worked out

    def __contains__(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        if self._heading is not None and self._heading <= index:
            return True
        if index not in self._spans:
            self._spans[index] = self._line_furniture(self._lines[index])
        span = self._spans[index]
        return span is not None and span[0] <= position - self._starts[index] < span[1]

    def _line_furniture(self, line: str) -> tuple[int, int] | None:
        """The span of a line that is furniture: the whole line, or a related link in it."""
        if cleaning.is_furniture(line.strip()) or TAG_LINE.match(line):
            return 0, len(line)
        may_link = self._related or (self._unicode and any(map(line.__contains__, CASE_ODDITIES)))
        related = RELATED_INLINE.search(line) if may_link else None
        if related:
            return related.start(), _related_title_end(line, related.end())
        return None


def _first_heading(lines: list[str]) -> int | None:
    """The first line after the first that is a navigation heading (only the lines of
    HEADING_LENGTHS are read)."""
    for index in range(1, len(lines)):
        if len(lines[index].strip().rstrip(":")) in HEADING_LENGTHS and cleaning.is_navigation_heading(lines[index]):
            return index
    return None


def _related_title_end(line: str, start: int) -> int:
    """Where the related-link title that starts at `start` ends (see RELATED_TITLE_MAX_CHARS)."""
    limit = min(len(line), start + RELATED_TITLE_MAX_CHARS)
    previous_start = start
    for word in WORD.finditer(line, start, limit):
        text = word.group().strip(".,:;!?\"'()")
        if text[:1].islower() and text.lower() not in TITLE_SMALL_WORDS:
            return previous_start
        previous_start = word.start()
    return limit


def has_url_marks(text: str) -> bool:
    """Whether the text holds a URL mark anywhere: if not, a name in it can be in a domain only
    (worked out once for all its names: most texts hold none)."""
    return any(map(text.__contains__, URL_MARKS))


def in_link(text: str, start: int, end: int, *, url_marks: bool = True) -> bool:
    """Whether the name at [start, end) is part of a URL, domain or e-mail address (`url_marks`:
    whether the text holds any, see `has_url_marks`)."""
    if start >= 2 and text[start - 1] == "." and DOMAIN_PART.fullmatch(text, start - 2, end + 2):
        return True
    if not url_marks:
        return False
    near = text[max(0, start - TOKEN_REACH) : end + TOKEN_REACH]  # (the token lies within)
    if not any(map(near.__contains__, URL_MARKS)):  # (most names: no mark that near)
        return False
    token = text[start:end]
    if start and not text[start - 1].isspace():
        token = text[max(0, start - TOKEN_REACH) : start].rsplit(None, 1)[-1] + token
    if end < len(text) and not text[end].isspace():
        token += text[end : end + TOKEN_REACH].split(None, 1)[0]
    return any(map(token.__contains__, URL_MARKS))

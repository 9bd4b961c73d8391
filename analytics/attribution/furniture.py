"""Where in a text a name cannot be a credit of this article.

Related-link lines (`Baca juga: ...`), tag lists, everything after a
navigation heading, and links (`www.investor.reuters.com`). Ingest already
drops most furniture lines from bodies (`analytics.cleaning`); this also
covers texts that kept them and related links glued into a paragraph
(`... melaporkan.BACA JUGA - Samsung ...`).
"""
from __future__ import annotations

import re

from analytics import cleaning

# (The lookahead holds the first letters of the phrases: most positions fail there at once,
# a search twice as fast with the same matches.)
RELATED_INLINE = re.compile(
    r"(?i:(?=[ablrs])(?:baca\s+juga|read\s+also|see\s+also|lihat\s+juga|simak\s+juga|baca\s+selengkapnya"
    r"|artikel\s+terkait|berita\s+terkait|related\s*:))\s*[:\-–—]?"
)
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


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are page furniture, in order."""
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if cleaning.is_navigation_heading(stripped) and offset > 0:
            spans.append((offset, len(text)))
            break
        if cleaning.is_furniture(stripped) or TAG_LINE.match(line):
            spans.append((offset, offset + len(line)))
        else:
            related = RELATED_INLINE.search(line)
            if related:
                spans.append((offset + related.start(), offset + _related_title_end(line, related.end())))
        offset += len(line)
    return spans


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


def inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(a <= start < b for a, b in spans)


def in_link(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) is part of a URL, domain or e-mail address."""
    if start >= 2 and DOMAIN_PART.fullmatch(text[start - 2:end + 2]):
        return True
    left = text[max(0, start - TOKEN_REACH):start]
    right = text[end:end + TOKEN_REACH]
    token = (left.split() or [""])[-1] if left[-1:].strip() else ""
    token += text[start:end] + ((right.split() or [""])[0] if right[:1].strip() else "")
    return any(mark in token for mark in URL_MARKS)

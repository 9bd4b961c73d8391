"""How a text is cut into words, for the search index and for text reuse alike.

A word is a run of letters, marks and digits, and each CJK character (Han, Hiragana,
Katakana) is a word of its own: CJK text has no spaces to cut at. `words(text)` gives the
words folded for comparison (lower case, accents dropped: `Café` and `cafe` are one word) with
their character offsets in the text, so a match can be shown where it is, and the sentence
each is in (a sentence ends at a line break, a CJK full stop, or white space after . ! ?).
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata

import regex

# The search index's tokenizer (analytics.store.search_index) uses this pattern too: Rust's regex syntax
# and the `regex` module's (in its VERSION1 mode) agree on it. CJK characters are taken out of the
# run of letters, or a run that starts with a digit or a Latin letter would take the CJK text after
# it along (`６月29日电` one word, where `日电` is two).
CJK = r"\p{Han}\p{Hiragana}\p{Katakana}"
SENTENCE_END = r"\n|[。！？]+|(?<=[.!?][\"'”’)]?)\s+"
WORD_PATTERN = rf"[{CJK}]|[[\p{{L}}\p{{M}}\p{{N}}]--[{CJK}]]+"


@dataclasses.dataclass(frozen=True)
class Words:
    """The words of a text, folded, with the (start, end) character offsets of each in the text and
    the sentence each is in (numbered from 0)."""

    folded: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sentences: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.folded)

    def cjk_share(self) -> float:
        """The share of the words that are single CJK characters."""
        if not self.folded:
            return 0.0
        return sum(1 for w in self.folded if is_cjk(w)) / len(self.folded)


def words(text: str) -> Words:
    """The words of `text`, folded (`fold`), with their offsets and sentences."""
    folded, starts, ends, sentences = [], [], [], []
    breaks = [m.end() for m in _sentence_end().finditer(text)]
    sentence = 0
    for match in _pattern().finditer(text):
        word = match.group()
        while sentence < len(breaks) and breaks[sentence] <= match.start():
            sentence += 1
        folded.append(word.lower() if word.isascii() else fold(word))
        starts.append(match.start())
        ends.append(match.end())
        sentences.append(sentence)
    return Words(tuple(folded), tuple(starts), tuple(ends), tuple(sentences))


def is_cjk(word: str) -> bool:
    """A CJK character (a word of one, as WORD_PATTERN cuts them): Han, Hiragana or Katakana."""
    return len(word) == 1 and _cjk().match(word) is not None


def fold(word: str) -> str:
    """A word in lower case without accents (`Ñandú` -> `nandu`); a CJK character unchanged (`で`
    keeps its voicing mark: it is not `て`)."""
    if is_cjk(word):
        return word
    decomposed = unicodedata.normalize("NFKD", word.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped or word.lower()


@functools.cache
def _sentence_end() -> regex.Pattern:
    """Where a sentence ends: a line break, a CJK full stop, or white space after . ! ? (and a closing quote)."""
    return regex.compile(SENTENCE_END)


@functools.cache
def _cjk() -> regex.Pattern:
    return regex.compile(f"[{CJK}]")


@functools.cache
def _pattern() -> regex.Pattern:
    return regex.compile(WORD_PATTERN, flags=regex.VERSION1)

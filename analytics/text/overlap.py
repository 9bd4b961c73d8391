"""Text two articles share: how much of each is found in the other, and where.

Both texts are cut into words (analytics.text.words) and each word position starts a
shingle: the run of `shingle_size` words from it (SHINGLE_WORDS; SHINGLE_CJK_CHARS in CJK
text, where a word is one character). A shingle of `a` found in `b` is a seed. Seeds that
follow one another in both texts, each at most `shingle size + MAX_GAP` words after the last,
chain into a passage: a light edit (a word changed, dropped or added) breaks the shingles
around it, never the passage, unless the gap changes a figure (one side's figures there are
not the other's): a copy keeps the figures, a template (a daily price list, a dividend notice,
a market-operation report) changes only them and its sentences are not one passage but pieces,
each too short to count. A passage shorter than MIN_PASSAGE_WORDS on either side is a stock
phrase both happen to use, not shared text, and is left out.

`containment_a` is the share of a's words found in b: the words inside its passages, and every
word of a sentence most of whose words are (SENTENCE_SHARE), as a reader counts a sentence
taken with a few words changed; `containment_b` the same of b. They differ when one text is longer: a short item copied whole
into a long one is contained 1.0 in it, the long one far less in the short.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Collection

from analytics.text.words import Words, words

SHINGLE_WORDS = 4
SHINGLE_CJK_CHARS = 8  # about as much text as five words: Chinese words are one to three characters
CJK_TEXT_SHARE = 0.5  # a text whose words are at least this share of CJK characters is CJK text
MAX_GAP = 8  # words an edit may change between two seeds of one passage
# What a gap between two seeds may not do (`_same_figures`); kept with the reuse tables, which another rule makes anew.
GAP_RULE = "change a figure"
MIN_PASSAGE_WORDS = 12  # words (characters in CJK text) of the shortest passage that counts as shared text
MAX_OCCURRENCES = 8  # a shingle found more often than this in the other text (a refrain) seeds nothing
SENTENCE_SHARE = 0.6  # a sentence with this share of its words inside passages is found whole
SAMPLE_MOD = 8  # one shingle in this many is sampled to count where the corpus repeats text (sampled_hashes)


@dataclasses.dataclass(frozen=True)
class Passage:
    """Text found in both: its character offsets in a and in b, and its words in each."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words_a: int
    words_b: int


@dataclasses.dataclass(frozen=True)
class Overlap:
    """How much of a is found in b (containment_a) and of b in a, and the passages, in a's order."""

    containment_a: float
    containment_b: float
    passages: tuple[Passage, ...]


def shingle_size(text_words: Words) -> int:
    """Words per shingle: SHINGLE_CJK_CHARS in CJK text, else SHINGLE_WORDS."""
    return SHINGLE_CJK_CHARS if text_words.cjk_share() >= CJK_TEXT_SHARE else SHINGLE_WORDS


def shingles(text_words: Words, size: int) -> list[str]:
    """The shingle starting at each word position (none in a text of fewer words than `size`)."""
    folded = text_words.folded
    return [" ".join(folded[i : i + size]) for i in range(len(folded) - size + 1)]


def blanked(text: str, spans: list[list[int]]) -> str:
    """The text with the characters of these [start, end] spans made spaces: their words are gone,
    every other character keeps its offset (a passage found in it is where it is in the text)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def shingle_hash(shingle: str) -> int:
    """A shingle's 32-bit hash, the same in every process (CRC-32 of its UTF-8)."""
    return zlib.crc32(shingle.encode("utf-8"))


def text_shingles(text_words: Words) -> list[str]:
    """A text's shingles, of its own `shingle_size`: what its sketch is made of."""
    return shingles(text_words, shingle_size(text_words))


def sampled_hashes(text_shingles: list[str]) -> set[int]:
    """The hashes of a text's shingles that fall in the sample (a hash divisible by SAMPLE_MOD):
    the same shingle is sampled in every text, so the corpus can count in how many texts, on how
    many days, each sampled shingle occurs."""
    return {h for h in map(shingle_hash, text_shingles) if h % SAMPLE_MOD == 0}


def overlap(a: str, b: str, *, template: Collection[int] = frozenset()) -> Overlap:
    """The text a and b share (see the module docstring); `template`: see overlap_of."""
    return overlap_of(words(a), words(b), template=template)


def overlap_of(a_words: Words, b_words: Words, *, template: Collection[int] = frozenset()) -> Overlap:
    """`overlap` of two texts' words. `template`: the sampled shingle hashes the corpus uses as
    template text (a daily post's frame, a notice's formula: analytics.store.reuse.template_hashes);
    a passage most of whose sampled shingles are template text is not shared text."""
    size = max(shingle_size(a_words), shingle_size(b_words))
    a_shingles = shingles(a_words, size)
    passages = []
    for chain in _chains(a_shingles, shingles(b_words, size), _figures(a_words), _figures(b_words), size):
        (first_i, first_j), (last_i, last_j) = chain[0], chain[-1]
        a_end, b_end = last_i + size, last_j + size
        if min(a_end - first_i, b_end - first_j) < MIN_PASSAGE_WORDS:
            continue
        if template and _mostly_template(a_shingles[first_i : last_i + 1], template):
            continue
        passages.append(
            Passage(
                a_words.starts[first_i],
                a_words.ends[a_end - 1],
                b_words.starts[first_j],
                b_words.ends[b_end - 1],
                a_end - first_i,
                b_end - first_j,
            )
        )
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    return Overlap(
        _covered(a_words, [(p.a_start, p.a_end) for p in passages]),
        _covered(b_words, [(p.b_start, p.b_end) for p in passages]),
        tuple(passages),
    )


def _mostly_template(passage_shingles: list[str], template: Collection[int]) -> bool:
    """Whether more than half of the passage's sampled shingles are template text."""
    sampled = [h for h in map(shingle_hash, passage_shingles) if h % SAMPLE_MOD == 0]
    return 2 * sum(1 for h in sampled if h in template) > len(sampled)


def _chains(
    a_shingles: list[str], b_shingles: list[str], a_figures: list[str], b_figures: list[str], size: int
) -> list[list[tuple[int, int]]]:
    """Seeds (i in a, j in b) chained into runs that follow one another in both texts, never
    across a gap that changes a figure (`_figures`, `_same_figures`)."""
    where: dict[str, list[int]] = {}
    for j, shingle in enumerate(b_shingles):
        where.setdefault(shingle, []).append(j)
    reach = size + MAX_GAP
    done: list[list[tuple[int, int]]] = []
    active: list[list[tuple[int, int]]] = []
    for i, shingle in enumerate(a_shingles):
        found = where.get(shingle)
        if not found or len(found) > MAX_OCCURRENCES:
            continue
        still: list[list[tuple[int, int]]] = []
        for chain in active:
            (done if chain[-1][0] < i - reach else still).append(chain)
        active = still
        for j in found:
            best, best_skew = None, reach + 1
            for chain in active:
                last_i, last_j = chain[-1]
                if not (last_i < i and 0 < j - last_j <= reach):
                    continue
                skew = abs((j - last_j) - (i - last_i))
                if skew < best_skew and _same_figures(a_figures[last_i + size : i], b_figures[last_j + size : j]):
                    best, best_skew = chain, skew
            if best is None:
                active.append([(i, j)])
            else:
                best.append((i, j))
    return done + active


def _figures(text_words: Words) -> list[str]:
    """Each word holding a digit, and "" for every other word."""
    return [w if any(c.isdigit() for c in w) else "" for w in text_words.folded]


def _same_figures(a_gap: list[str], b_gap: list[str]) -> bool:
    """Whether two gaps between seeds (`_figures` of their words) keep their figures: not one side's
    figures changed into others (a figure added or dropped is an edit a copy may make)."""
    a_figures, b_figures = sorted(filter(None, a_gap)), sorted(filter(None, b_gap))
    return not (a_figures and b_figures and a_figures != b_figures)


def _covered(text_words: Words, spans: list[tuple[int, int]]) -> float:
    """The share of the words found: those inside the character spans, and every word of a
    sentence with at least SENTENCE_SHARE of its words inside them."""
    if not len(text_words):
        return 0.0
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    inside: dict[int, int] = {}
    of_sentence: dict[int, int] = {}
    at = 0
    for start, end, sentence in zip(text_words.starts, text_words.ends, text_words.sentences, strict=True):
        while at < len(merged) and merged[at][1] < end:
            at += 1
        of_sentence[sentence] = of_sentence.get(sentence, 0) + 1
        if at < len(merged) and merged[at][0] <= start:
            inside[sentence] = inside.get(sentence, 0) + 1
    found = sum(
        of_sentence[sentence] if count >= SENTENCE_SHARE * of_sentence[sentence] else count
        for sentence, count in inside.items()
    )
    return found / len(text_words)

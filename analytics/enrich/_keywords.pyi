"""The per-article core of keywords.py in C (_keywords.c)."""

from collections.abc import Callable
from re import Pattern

def configure(
    *,
    token: Pattern[str],
    candidate: int,
    joiner: int,
    inner: int,
    sentence_end: int,
    title_weight: int,
    min_phrase_tf: int,
    lead_words: int,
    glue_head_chars: int,
    glue_tail_chars: int,
    glue_stem_chars: int,
    glue_not_heads: frozenset[str],
    glue_not_tails: frozenset[str],
    camel_heads: frozenset[str],
) -> None: ...
def extract(
    title: str, body: str, top: int, flags: dict[str, int], learn: Callable[[set[str]], None], lexicon: frozenset[str]
) -> list[str]: ...
def tokenize(text: str) -> tuple[list[str], list[str]]: ...

"""The text-reuse benchmark's corpus rewrite (benchmarks/bench_reuse): each replica round's cipher is
a bijection that keeps the reuse between two texts of the round and leaves none with another round."""

from __future__ import annotations

import string

import duckdb

from analytics.text.overlap import overlap_of
from analytics.text.words import words
from benchmarks.bench_reuse import cipher, encipher

STORY = (
    "The central bank raised its benchmark rate by 25 basis points to 6.5 percent on Thursday, "
    "citing inflation that stayed above its target for the third quarter in a row, the governor said."
)
A = "JAKARTA (Antara) - " + STORY + " Markets closed higher after the announcement."
B = "Officials in the capital were cautious. " + STORY


def test_a_round_cipher_is_a_bijection_of_letters_and_of_digits() -> None:
    assert cipher(0)[0] == cipher(0)[1]
    for round_ in (1, 2, 31):
        source, target = cipher(round_)
        assert sorted(source) == sorted(target)
        assert target[:26] != string.ascii_lowercase
        assert set(target[:26]) == set(string.ascii_lowercase)
        assert target[26:52] == target[:26].upper()
        assert set(target[52:]) == set(string.digits)
        assert encipher(encipher(A, round_), round_) != A or round_ == 0
    assert cipher(1) != cipher(2)


def test_same_round_reuse_is_kept_and_none_across_rounds() -> None:
    real = overlap_of(words(A), words(B))
    assert real.passages
    for round_ in (1, 7):
        a, b = encipher(A, round_), encipher(B, round_)
        same = overlap_of(words(a), words(b))
        assert (same.containment_a, same.containment_b) == (real.containment_a, real.containment_b)
        assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in same.passages] == [
            (p.a_start, p.a_end, p.b_start, p.b_end) for p in real.passages
        ]
        assert not overlap_of(words(A), words(b)).passages
        assert not overlap_of(words(encipher(A, round_ + 1)), words(b)).passages


def test_duckdb_translate_is_the_same_cipher() -> None:
    source, target = cipher(5)
    text = A + " Ümlaut ÉTÉ 1987"
    with duckdb.connect() as con:
        assert con.execute("SELECT translate(?, ?, ?)", [text, source, target]).fetchall() == [(encipher(text, 5),)]

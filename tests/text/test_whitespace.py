"""collapse (white space runs made one space, by str.replace) is `" ".join(text.split())`: on
generated text heavy in white space, and on the bodies of a day of the Indonesian RSS corpus."""

from __future__ import annotations

import csv
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.text.whitespace import WHITESPACE, collapse

INDONEWS_DAY = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"


def test_whitespace_is_every_character_split_and_the_regex_take_for_it():
    """collapse, and the attribution matcher's triggers (a name's head followed by whitespace),
    need every character that folding takes for whitespace: str.isspace() and `\\s` agree on them."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert WHITESPACE == "".join(c for c in everything if c.isspace()) == "".join(re.findall(r"\s", everything))


@settings(max_examples=5_000, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(WHITESPACE + "ab\u00e9\u4e00.")))
def test_collapse_is_split_and_join(text):
    assert collapse(text) == " ".join(text.split())


def test_collapse_is_split_and_join_on_real_bodies(corpora):
    csv.field_size_limit(sys.maxsize)
    with (corpora / INDONEWS_DAY).open(encoding="utf-8", newline="") as file:
        texts = [text for row in csv.reader(file) for text in row]
    assert len(texts) > 5_000 and any(not t.isascii() for t in texts)
    assert all(collapse(t) == " ".join(t.split()) for t in texts)

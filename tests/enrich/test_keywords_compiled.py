"""The keyword extractor's C core (analytics/enrich/_keywords.c, built by `make install`: setup.py) against
keywords.py run as plain Python: the same keywords for every Indonesian RSS article of the shared corpora
and for hostile text, and the same tokens as TOKEN.findall. A stale extension (the C source edited after
`make install`) fails here too: run `make install` again."""

from __future__ import annotations

import csv
import importlib.util
import pathlib
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import analytics.enrich
from analytics.enrich import keywords
from analytics.text import cleaning

TOP = keywords.KEYWORD_COUNT
# The corpus's article files (as in data/manifests/shared_corpora.toml) and their title and body columns.
INDONEWS_FILES = ("indonews_rss_2025/dataset_new/*.csv", "indonews_rss_2025/old_dataset/berita_*.csv")
TITLE_COLUMNS = ("judul", "title")
BODY_COLUMNS = ("isi_berita", "content")
EXTENSION = "analytics.enrich._keywords"
NOT_BUILT = "the C core analytics.enrich._keywords is not built here (no `make install` build, or no C compiler)"


@pytest.fixture(scope="module")
def core():
    """The C core in use."""
    if keywords._core is None:
        pytest.skip(NOT_BUILT)
    return keywords._core


@pytest.fixture(scope="module")
def pure_keywords(core):
    """keywords.py loaded from its source with the C core hidden: the plain-Python extractor."""
    saved = sys.modules[EXTENSION], analytics.enrich.__dict__.pop("_keywords")
    sys.modules[EXTENSION] = None  # (a None entry makes the import fail)
    try:
        spec = importlib.util.spec_from_file_location("keywords_as_plain_python", pathlib.Path(keywords.__file__))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.modules[EXTENSION] = saved[0]
        analytics.enrich._keywords = saved[1]
    assert module.BUILD == "pure Python" and keywords.BUILD == "compiled (C)"
    return module


def test_compiled_and_plain_python_give_the_same_keywords(corpora, pure_keywords):
    articles = 0
    paths = sorted(path for pattern in INDONEWS_FILES for path in corpora.glob(pattern))
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = csv.DictReader(handle)
            title_column = next(c for c in TITLE_COLUMNS if c in (rows.fieldnames or ()))
            body_column = next(c for c in BODY_COLUMNS if c in (rows.fieldnames or ()))
            for row in rows:
                title, body = row[title_column], cleaning.clean_body(row[body_column] or "")
                assert keywords.extract(title, body, "id", top=TOP) == pure_keywords.extract(title, body, "id", top=TOP)
                articles += 1
    assert articles > 5_000  # every file of the corpus was read


# Pieces of text where the C tokenizer's own scan and TOKEN could part: words in every case shape, numbers
# with separators, hyphens and apostrophes, camel case, detik channels, domains, punctuation (ASCII and
# not), word characters that are not ASCII letters (digits of other scripts, combining marks, letters
# whose lower case is longer or depends on the next letter, CJK, emoji), symbols with a lower case (`Ⓐ`),
# every kind of whitespace (paragraph breaks included), NUL, a lone surrogate and a very long word.
TEXT_PIECES = (
    (
        "kata Kata KATA K k 2025 5.000 73,6 1.000.000 5.000an 5,5% 5.000-an (5/3/2025). a/b kata,Kata kata.Kata "
        "Covid-19 A-9 x-y-z kata-kata- -kata kata' x-detik detik-detik "
        "Jum'at Jakarta’s Kim's 's ’s mengutipCNBC DaimlerChrysler WhatsApp BankAmerica McDonald abC aB "
        "detikNews 20detik detikcom KOMPAS.com republika.co.id .com ab.cd a_b 9a A9 ² ٣ Ⅻ é e\u0301 Σ ΑΣ ς İ ß ﬁ "
        "ǅ Ⓐ 中文 😀 a-é"
    ).split()
    + list(".,;:!?()[]\"'’“”…–—-/&%_")
    + [" ", "  ", "\n", "\n\n", " \n \n ", "\t", "\r\n", "\x0b", "\x0c", "\x85", "\xa0", "\u1680", "\u2000", "\u2028"]
    + ["\u2029", "\u202f", "\u3000", "\x1c", "\x1f", "\x00", "\x7f", "\ud800", "a" * 2_000, "Kata" * 500]
)
any_character = st.characters(exclude_categories=())  # (surrogates included: a str may hold them)
hostile_text = st.lists(st.sampled_from(TEXT_PIECES) | any_character, max_size=40).map("".join)


@given(hostile_text)
@settings(max_examples=3_000, deadline=None)
@example("")
def test_the_c_tokenizer_gives_the_tokens_of_the_regular_expression(core, text):
    tokens = keywords.TOKEN.findall(text)
    assert core.tokenize(text) == (tokens, [token.lower() for token in tokens])
    assert keywords.tokenize(text) == (tokens, [token.lower() for token in tokens])


@given(hostile_text, hostile_text, st.sampled_from(["id", "en", None]))
@settings(max_examples=500, deadline=None)
@example("", "", "id")
@example("KIM JONG UN", "Kim Jong Un. Kim Jong Un.\n\nKim Jong Un", "en")
def test_compiled_and_plain_python_give_the_same_keywords_of_hostile_text(pure_keywords, title, body, language):
    assert keywords.extract(title, body, language, top=TOP) == pure_keywords.extract(title, body, language, top=TOP)


def test_the_flag_table_holds_words_as_a_dict_would(core):
    table, words = core.Flags(), ["kata", "Kata", "", "\x00", "\ud800", "😀", "中文", "a" * 1_000]
    for flags, word in enumerate(words * 300):  # (the table grows)
        table[word] = flags
    assert len(table) == len(words)
    assert all(word in table for word in words) and "kata " not in table and 1 not in table
    assert [table[word] for word in words] == [flags + len(words) * 299 for flags in range(len(words))]
    with pytest.raises(KeyError):
        table["other"]
    with pytest.raises(ValueError):
        table["kata"] = -1
    with pytest.raises(TypeError):
        del table["kata"]

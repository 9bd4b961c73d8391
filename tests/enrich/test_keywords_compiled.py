"""The compiled keyword extractor (mypyc, built by `make install`: setup.py) against its own source
run as plain Python: the same keywords for every Indonesian RSS article of the shared corpora. A stale
extension (the source edited after `make install`) fails here too: run `make install` again."""

from __future__ import annotations

import csv
import importlib.util
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.enrich import keywords
from analytics.text import cleaning

TOP = keywords.KEYWORD_COUNT
# The corpus's article files (as in data/manifests/shared_corpora.toml) and their title and body columns.
INDONEWS_FILES = ("indonews_rss_2025/dataset_new/*.csv", "indonews_rss_2025/old_dataset/berita_*.csv")
TITLE_COLUMNS = ("judul", "title")
BODY_COLUMNS = ("isi_berita", "content")


@pytest.fixture(scope="module")
def pure_keywords():
    """keywords.py loaded from its source as plain Python, beside the compiled module in use."""
    if keywords.BUILD == "pure Python":
        pytest.skip("analytics.enrich.keywords is not compiled here (no `make install` build, or no C compiler)")
    source = pathlib.Path(keywords.__file__).with_name("keywords.py")
    spec = importlib.util.spec_from_file_location("keywords_as_plain_python", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.BUILD == "pure Python"
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


# Pieces of text where the compiled tokenizer's own scan and TOKEN could part: words in every case
# shape, numbers, camel case, detik channels, domains, apostrophes, punctuation (ASCII and not),
# word characters that are not letters, and every kind of whitespace (paragraph breaks included).
TEXT_PIECES = (
    (
        "kata Kata KATA K k 2025 5.000 73,6 Covid-19 Jum'at Jakarta’s Kim's mengutipCNBC DaimlerChrysler WhatsApp "
        "BankAmerica detikNews 20detik detikcom KOMPAS.com republika.co.id a_b ² ٣ Ⅻ é Σ ς İ"
    ).split()
    + list(".,;:!?()[]\"'’“”…–—-/&%_")
    + [" ", "  ", "\n", "\n\n", " \n \n ", "\t", "\r\n", "\xa0", "\u2028", "\x1c", "\x00"]
)


@given(st.lists(st.sampled_from(TEXT_PIECES), max_size=40).map("".join))
@settings(max_examples=2_000, deadline=None)
def test_the_tokenizer_scan_gives_the_tokens_of_the_regular_expression(text):
    tokens = keywords.TOKEN.findall(text)
    assert keywords._scan(text) == (tokens, [token.lower() for token in tokens])
    assert keywords.tokenize(text) == (tokens, [token.lower() for token in tokens])

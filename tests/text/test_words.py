"""Words with their offsets (analytics.text.words), as the search index and text reuse cut them."""

from __future__ import annotations

from analytics.text.words import fold, is_cjk, words


def test_words_are_folded_and_keep_where_they_are():
    text = "Café di JAKARTA, Ñandú 2024!"
    cut = words(text)
    assert cut.folded == ("cafe", "di", "jakarta", "nandu", "2024")
    assert [text[s:e] for s, e in zip(cut.starts, cut.ends, strict=True)] == ["Café", "di", "JAKARTA", "Ñandú", "2024"]


def test_a_cjk_character_is_a_word_of_its_own():
    cut = words("新华社平壤６月29日电")
    assert cut.folded[:5] == ("新", "华", "社", "平", "壤")
    assert "6" in cut.folded  # the full-width digit folded to its plain form
    assert cut.cjk_share() > 0.5
    assert is_cjk("新") and not is_cjk("a") and not is_cjk("新华")


def test_fold_leaves_a_word_without_accents_as_it_is_in_lower_case():
    assert fold("Straße") == "straße"
    assert fold("Dǎo") == "dao"


def test_the_search_index_cuts_the_same_words():
    # one pattern, two regex engines (Rust's in Tantivy, the `regex` module here)
    from analytics.store.search_index import analyzer

    text = "新华社平壤６月29日电 Kim Jong-un's café; 東京タワーで 2024年"
    assert analyzer().analyze(text) == list(words(text).folded)

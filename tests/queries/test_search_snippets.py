"""`analytics.queries.search.snippet`: a short passage around the first word of a text query found
in a text, its words marked as the index matches them, on real articles of the shared corpora
(KCNA English stories, Chinese articles from Xinhuanet). Skips, saying so, without the corpora."""

from __future__ import annotations

import json
import re

import pytest

from analytics.queries.search import ELLIPSIS, SNIPPET_CHARS, SNIPPET_LEAD, QueryTextError, highlights, snippet

LONGEST = SNIPPET_CHARS + 2 * len(ELLIPSIS)
KOREA = re.compile(r"\bkorea\b", re.IGNORECASE)  # the word, not "Korean"
PHRASE = "Korean people"


@pytest.fixture(scope="module")
def kcna_story(corpora) -> str:
    """A long KCNA story that first names Korea past its first 300 characters (so a snippet of it
    is cut at both ends) and speaks of the Korean people."""
    stories = json.loads((corpora / "kcna_stiles_archive/headlines_2024-11-11.json").read_text(encoding="utf-8"))
    return next(
        text
        for text in (s["story_text"] for s in stories)
        if len(text) > 1000 and (word := KOREA.search(text)) and word.start() > 300 and PHRASE in text
    )


@pytest.fixture(scope="module")
def zh_article(corpora) -> str:
    """A Xinhuanet article that first names North Korea (朝鲜) past its first 100 characters, in
    Chinese: no spaces between words."""
    records = json.loads((corpora / "zh_trilateral_news/filtered_xinhuanet_by_source.json").read_text(encoding="utf-8"))
    return next(text for text in (r["content"] or "" for r in records) if text.find("朝鲜") > 100)


def marked(found) -> list[str]:
    return [text for text, is_word in found.pieces() if is_word]


def test_a_snippet_of_an_english_story_marks_the_query_words(kcna_story):
    text = " ".join(kcna_story.split())
    first = KOREA.search(text).start()
    found = snippet(kcna_story, "korea")
    assert found is not None and len(found.text) <= LONGEST
    assert "".join(t for t, _ in found.pieces()) == found.text
    assert marked(found) and {m.lower() for m in marked(found)} == {"korea"}
    body = found.text.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
    assert body in text and text.index(body) <= first < text.index(body) + len(body)
    assert found.text.startswith(ELLIPSIS) == (text.index(body) > 0)
    # a word cut at a space: the passage starts and ends with whole words
    start = text.index(body)
    assert start == 0 or text[start - 1] == " "


def test_prefixes_phrases_and_not_are_marked_as_the_index_matches_them(kcna_story):
    found = snippet(kcna_story, "kore* -xyzzy")
    assert found is not None and all(m.lower().startswith("kore") for m in marked(found))
    quoted = snippet(kcna_story, f'"{PHRASE}"')
    assert quoted is not None and {m.lower() for m in marked(quoted)} == {PHRASE.lower()}
    assert all(m.lower() == "korea" for m in marked(snippet(kcna_story, "korea NOT zzzunheard")))
    assert snippet(kcna_story, "zzzunheard") is None
    assert snippet(kcna_story, "title:korea", field="text") is None  # a title's word is not the text's
    assert snippet(kcna_story, "text:korea", field="text") is not None
    with pytest.raises(QueryTextError, match="character"):
        snippet(kcna_story, "korea AND (")


def test_a_snippet_of_a_chinese_article_marks_the_cjk_words(zh_article):
    found = snippet(zh_article, "朝鲜 OR 韩国")
    assert found is not None and len(found.text) <= LONGEST
    assert marked(found) and set(marked(found)) <= {"朝鲜", "韩国"}
    flat = " ".join(zh_article.split())
    spans = highlights(flat, "朝鲜")
    assert spans and all(flat[s:e] == "朝鲜" for s, e in spans)
    assert len(spans) == flat.count("朝鲜")
    alone = snippet(zh_article, "朝鲜")  # cut before the word, where Chinese has no space to cut at
    first = flat.index("朝鲜")
    assert alone.text.startswith(ELLIPSIS) and alone.spans[0][0] == len(ELLIPSIS) + SNIPPET_LEAD
    assert alone.text[len(ELLIPSIS) :].startswith(flat[first - SNIPPET_LEAD : first + 2])

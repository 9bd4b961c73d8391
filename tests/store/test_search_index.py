"""The search index against a brute-force scan of the same analysed text, on the shared corpora.

For 30 queries of each syntax element (words, phrases, AND, OR, NOT, -word, groups, prefix*,
each field, CJK words), drawn from the stored articles with a fixed seed, the articles the
index matches equal those a plain Python scan of the articles' words finds. The scan reads
the words with the index's own analyser (that is what "the same normalised text" means) but
decides matches itself (Scan): a word is in a field's words, a phrase is a run of them, a prefix
begins one. The comparison is over a sample of the articles (the index holds them all: its
matches are compared within the sample), every Chinese article included.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from shared_store import shared_store  # noqa: F401  (the fixture)

from analytics.queries.filters import FilterError, filters_from
from analytics.queries.search import matching_ids
from analytics.store import search_index
from analytics.store.store import Store
from analytics.text.search_syntax import All, Either, Node, Not, parse

QUERIES_PER_ELEMENT = 30
SAMPLE_EVERY = 8  # one article in eight, besides every Chinese one
SEED = 17


@pytest.fixture(scope="module")
def corpus(shared_store):
    """(store path, sample): the sample's articles as {article_id: {field: [words of each value]}}."""
    analyse = search_index.analyzer().analyze  # the index's analyser: the same words it indexed
    with Store.open(shared_store, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT article_id, title, body, captions, language FROM articles "
            "WHERE language = 'zh' OR hash(article_id) % ? = 0 ORDER BY article_id",
            [SAMPLE_EVERY],
        ).fetchall()
    sample = {}
    for article_id, title, body, captions, language in rows:
        sample[article_id] = {
            "title": [analyse(title)] if title else [],
            "text": [analyse(body)] if body else [],
            "caption": [analyse(c) for c in captions or [] if c],
            "language": language,
        }
    return shared_store, sample


class Scan:
    """The articles of the sample matching a query's tree, found from their words: a word's
    articles are looked up in a table of each field's words (built here, from the sample), a
    phrase's candidates are checked for the run of its words, a prefix's for a word it begins."""

    def __init__(self, sample: dict):
        self.sample = sample
        self.postings: dict[str, dict[str, set[str]]] = {field: {} for field in search_index.FIELD_COLUMNS}
        for article_id, article in sample.items():
            for field, postings in self.postings.items():
                for words in article[field]:
                    for word in words:
                        postings.setdefault(word, set()).add(article_id)

    def matches(self, node: Node) -> set[str]:
        if isinstance(node, Not):
            return set(self.sample) - self.matches(node.node)
        if isinstance(node, All):
            return set.intersection(*(self.matches(child) for child in node.nodes))
        if isinstance(node, Either):
            return set.union(*(self.matches(child) for child in node.nodes))
        wanted = search_index.analyzer().analyze(node.text)
        fields = [node.field] if node.field else list(search_index.FIELD_COLUMNS)
        return {article_id for field in fields for article_id in self._in_field(field, wanted, node.prefix)}

    def _in_field(self, field: str, wanted: list[str], prefix: bool) -> set[str]:
        postings = self.postings[field]
        candidates = [postings.get(word, set()) for word in wanted[:-1]]
        if prefix:
            candidates.append(set().union(*(ids for word, ids in postings.items() if word.startswith(wanted[-1]))))
        else:
            candidates.append(postings.get(wanted[-1], set()))
        return {
            article_id
            for article_id in set.intersection(*candidates)
            if any(_has_run(words, wanted, prefix) for words in self.sample[article_id][field])
        }


def _has_run(words: list[str], wanted: list[str], prefix: bool) -> bool:
    """Whether `wanted` occurs as a run of `words` (its last word only begun, with `prefix`)."""
    last = len(wanted) - 1
    for at in range(len(words) - last):
        if words[at : at + last] == wanted[:last]:
            tail = words[at + last]
            if tail.startswith(wanted[last]) if prefix else tail == wanted[last]:
                return True
    return False


def _queries(sample: dict) -> dict[str, list[str]]:
    """QUERIES_PER_ELEMENT queries per syntax element, made of words the sample's articles hold."""
    pick = random.Random(SEED)
    latin = [a for a in sample.values() if a["language"] != "zh" and a["text"] and len(a["text"][0]) > 5]
    chinese = [a for a in sample.values() if a["language"] == "zh" and a["text"] and len(a["text"][0]) > 5]
    titled = [a for a in latin if a["title"] and a["title"][0]]
    captioned = [a for a in sample.values() if a["caption"]]

    def word(articles: list[dict] = latin, field: str = "text") -> str:
        return together(articles, field, 1)[0]

    def together(articles: list[dict] = latin, field: str = "text", count: int = 2) -> list[str]:
        """`count` words of one article (so that ANDing them matches something)."""
        words = pick.choice(pick.choice(articles)[field])
        return [pick.choice([w for w in words if len(w) > 2] or words) for _ in range(count)]

    def run(articles: list[dict], length: int) -> list[str]:
        words = pick.choice(articles)["text"][0]
        at = pick.randrange(len(words) - length)
        return words[at : at + length]

    def cjk_run(length: int) -> str:
        """Characters side by side in a Chinese article (no Latin word or digit among them)."""
        words = run(chinese, length)
        while not all(len(w) == 1 and ord(w) >= 0x2E80 for w in words):
            words = run(chinese, length)
        return "".join(words)

    makers: dict[str, Callable[[], str]] = {
        "word": lambda: word(),
        "phrase": lambda: '"' + " ".join(run(latin, pick.choice((2, 3)))) + '"',
        "AND": lambda: " AND ".join(together()),
        "implicit AND": lambda: " ".join(together()),
        "OR": lambda: f"{word()} OR {word()}",
        "NOT": lambda: f"{word()} NOT {word()}",
        "-word": lambda: f"{word()} -{word()}",
        "group": lambda: "({} OR {}) {}".format(*together(count=3)),
        "prefix*": lambda: word()[: pick.choice((3, 4, 5))] + "*",
        "title:": lambda: f"title:{word(titled, 'title')}",
        "text:": lambda: 'text:"' + " ".join(run(latin, 2)) + '"',
        "caption:": lambda: f"caption:{word(captioned, 'caption')}",
        "CJK word": lambda: cjk_run(pick.choice((2, 3))),
        "CJK OR": lambda: cjk_run(2) + " OR " + cjk_run(2),
    }
    return {name: [make() for _ in range(QUERIES_PER_ELEMENT)] for name, make in makers.items()}


def test_the_index_matches_what_a_scan_of_the_words_finds(corpus):
    path, sample = corpus
    assert sum(a["language"] == "zh" for a in sample.values()) > 300 and len(sample) > 5_000
    ids = pa.array(sorted(sample))
    scan = Scan(sample)
    queries = _queries(sample)
    differences = []
    matched_some = dict.fromkeys(queries, 0)
    with Store.open(path, read_only=True) as store:
        for element, texts in queries.items():
            for query in texts:
                matched = matching_ids(store, query)
                found = set(matched.filter(pc.is_in(matched, value_set=ids)).to_pylist())
                scanned = scan.matches(parse(query))
                matched_some[element] += bool(scanned)
                if found != scanned:
                    differences.append((element, query, len(found), len(scanned), sorted(found ^ scanned)[:3]))
    assert not differences, differences
    # the queries were drawn from the articles' words: nearly all of them match something
    assert all(count >= QUERIES_PER_ELEMENT // 2 for count in matched_some.values()), matched_some


def test_case_accents_and_cjk_are_found_as_typed_any_way(corpus):
    path, _ = corpus
    with Store.open(path, read_only=True) as store:
        assert len(matching_ids(store, "pyongyang")) > 100
        assert set(matching_ids(store, "PYÖNGYANG").to_pylist()) == set(matching_ids(store, "pyongyang").to_pylist())
        korea = set(matching_ids(store, "朝鲜").to_pylist())
        assert len(korea) > 50
        assert korea == set(matching_ids(store, '"朝 鲜"').to_pylist())  # a CJK word is the phrase of its characters


def test_every_stored_article_is_indexed_once(shared_store):
    with Store.open(shared_store, read_only=True) as store:
        state = search_index.state(store)
        stored = store.one("SELECT count(*) FROM articles")[0]
    assert state.current and state.documents == stored


def test_a_query_with_nothing_to_search_is_an_error_naming_it(shared_store):
    with Store.open(shared_store, read_only=True) as store, pytest.raises(ValueError, match="no word to search for"):
        matching_ids(store, "rudal AND !!!")
    with pytest.raises(FilterError, match="at character 7"):
        filters_from(q="rudal (nuklir")

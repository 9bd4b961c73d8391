"""The text query language: every syntax element read into its tree, and every malformed query
refused with the character where reading failed."""

from __future__ import annotations

import pytest

from analytics.text.search_syntax import (
    MAX_CLAUSES,
    MAX_DEPTH,
    MAX_QUERY_CHARS,
    All,
    Either,
    Not,
    QuerySyntaxError,
    Words,
    parse,
    positive_words,
)


def word(text: str, position: int, *, field: str | None = None, phrase: bool = False, prefix: bool = False) -> Words:
    return Words(text, field, phrase=phrase, prefix=prefix, position=position)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("rudal", word("rudal", 0)),
        ('"Korea Utara"', word("Korea Utara", 0, phrase=True)),
        ("rudal nuklir", All((word("rudal", 0), word("nuklir", 6)))),
        ("rudal AND nuklir", All((word("rudal", 0), word("nuklir", 10)))),
        ("rudal OR nuklir", Either((word("rudal", 0), word("nuklir", 9)))),
        ("Xinhua NOT Reuters", All((word("Xinhua", 0), Not(word("Reuters", 11))))),
        ("Xinhua -Reuters", All((word("Xinhua", 0), Not(word("Reuters", 8))))),
        ("+Xinhua", word("Xinhua", 1)),
        ("NOT Reuters", Not(word("Reuters", 4))),
        ("nukl*", word("nukl", 0, prefix=True)),
        ("title:korea", word("korea", 6, field="title")),
        ('caption:"foto antara"', word("foto antara", 8, field="caption", phrase=True)),
        (
            "text:(rudal OR title:nuklir)",
            Either((word("rudal", 6, field="text"), word("nuklir", 21, field="title"))),
        ),
        # precedence: NOT over AND over OR
        ("a b OR c", Either((All((word("a", 0), word("b", 2))), word("c", 7)))),
        ("a OR b c", Either((word("a", 0), All((word("b", 5), word("c", 7)))))),
        ("(a OR b) c", All((Either((word("a", 1), word("b", 6))), word("c", 9)))),
        ("-(a OR b)", Not(Either((word("a", 2), word("b", 7))))),
        # lower-case operators are words; a URL's scheme is no field; a hyphen inside a word stays
        ("a and b", All((word("a", 0), word("and", 2), word("b", 6)))),
        ("https://kcna.kp", word("https://kcna.kp", 0)),
        ("Korea-Utara", word("Korea-Utara", 0)),
        ("朝鲜 导弹", All((word("朝鲜", 0), word("导弹", 3)))),
    ],
)
def test_each_element_reads_into_its_tree(query, tree):
    assert parse(query) == tree


@pytest.mark.parametrize(
    ("query", "position", "problem"),
    [
        ("", 0, "an empty query"),
        ("   ", 0, "an empty query"),
        ('rudal "Korea Utara', 6, "a quote that is not closed"),
        ("(rudal OR nuklir", 0, "a ( that is not closed"),
        ("rudal)", 5, "a ) without its ("),
        ("rudal OR", 8, "the query ends"),
        ("OR rudal", 0, "OR needs a query before and after it"),
        ("rudal AND AND nuklir", 10, "AND needs a query before and after it"),
        ("NOT", 3, "the query ends"),
        ("rudal ()", 6, "an empty group ()"),
        ('""', 0, 'an empty phrase ""'),
        ("*", 0, "a * alone"),
        ("ru*dal", 2, "a * inside a word"),
        ('"nuclear te*"', 0, "a * inside a phrase"),
        ("titel:korea", 0, "unknown field 'titel'"),
        ("title: korea", 6, "title: needs a word"),
        ("rudal (nuklir OR)", 16, "a ) where a word, a phrase or a group was expected"),
    ],
)
def test_a_malformed_query_names_the_character(query, position, problem):
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert caught.value.position == position
    assert problem in str(caught.value)
    assert f"at character {position + 1} of the query" in str(caught.value)


def test_limits_are_errors_not_hangs():
    with pytest.raises(QuerySyntaxError, match="too long"):
        parse("a " * MAX_QUERY_CHARS)
    with pytest.raises(QuerySyntaxError, match="nested"):
        parse("(" * (MAX_DEPTH + 2) + "a" + ")" * (MAX_DEPTH + 2))
    with pytest.raises(QuerySyntaxError, match=f"at most {MAX_CLAUSES}"):
        parse(" ".join(f"w{n}" for n in range(MAX_CLAUSES + 1)))


def test_positive_words_leave_out_what_is_negated():
    tree = parse('rudal -nuklir (korea OR NOT "kim jong") title:pyongyang')
    assert [w.text for w in positive_words(tree)] == ["rudal", "korea", "pyongyang"]

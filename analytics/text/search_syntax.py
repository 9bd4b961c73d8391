"""The text query language, read into a tree: what users know from Lucene and Media Cloud.

    rudal "Korea Utara"            both (words side by side are ANDed)
    nuclear OR nuklir              either
    Xinhua NOT Reuters, Xinhua -Reuters
    (rudal OR nuklir) AND title:korea
    nuklir*                        a word starting with `nuklir`
    title:  text:  caption:        one field (a word, a "phrase" or a (group)); else any of them

AND, OR and NOT are operators in capitals only ("and" is a word); NOT binds tighter than AND,
AND tighter than OR. A word or phrase is kept as typed: the search index analyses it (case,
accents, CJK) as it analysed the articles (analytics.store.search_index). `parse(query)`
returns the tree or raises QuerySyntaxError naming the character where reading failed.
"""

from __future__ import annotations

import dataclasses
import re

FIELDS = ("title", "text", "caption")  # what `field:` may name; unprefixed words search all of them
OPERATORS = ("AND", "OR", "NOT")
MAX_QUERY_CHARS = 1000
MAX_DEPTH = 20  # nested groups and NOTs: a longer chain is a mistake, not a query
MAX_CLAUSES = 100  # words and phrases in one query
PREFIX_MARK = "*"
_FIELD = re.compile(r"([A-Za-z_]+):(?!//)")  # `title:`, not the scheme of a URL
_WORD_END = re.compile(r'[\s()"]')


class QuerySyntaxError(ValueError):
    """A query that cannot be read; `position` is the 0-based character where reading failed."""

    def __init__(self, query: str, position: int, problem: str):
        shown = query[:position].rstrip()
        where = f"after {shown[-30:]!r}" if shown else "at its start"
        super().__init__(f"{problem} at character {position + 1} of the query ({where})")
        self.query = query
        self.position = position
        self.problem = problem


@dataclasses.dataclass(frozen=True)
class Words:
    """A word (`prefix`: it ends in *) or a "phrase", in one field (None: any)."""

    text: str
    field: str | None
    phrase: bool
    prefix: bool
    position: int


@dataclasses.dataclass(frozen=True)
class Not:
    """Articles not matching `node`."""

    node: Node


@dataclasses.dataclass(frozen=True)
class All:
    """Articles matching every node (AND)."""

    nodes: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class Either:
    """Articles matching any node (OR)."""

    nodes: tuple[Node, ...]


Node = Words | Not | All | Either


@dataclasses.dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, open, close, and, or, not, minus, plus, field
    text: str
    position: int


def parse(query: str) -> Node:
    """The tree of `query`; QuerySyntaxError for one that cannot be read."""
    if not isinstance(query, str):
        raise TypeError(f"a query is text, not {type(query).__name__}")
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(query, MAX_QUERY_CHARS, f"a query of {len(query)} characters is too long")
    tokens = _tokens(query)
    if not tokens:
        raise QuerySyntaxError(query, 0, "an empty query")
    parser = _Parser(query, tokens)
    node = parser.either(depth=0)
    if parser.at < len(tokens):
        token = tokens[parser.at]
        problem = "a ) without its (" if token.kind == "close" else f"unexpected {token.text!r}"
        raise QuerySyntaxError(query, token.position, problem)
    clauses = sum(1 for _ in words_of(node))
    if clauses > MAX_CLAUSES:
        raise QuerySyntaxError(query, 0, f"{clauses} words and phrases, at most {MAX_CLAUSES}")
    return node


def words_of(node: Node) -> list[Words]:
    """Every word and phrase of the tree, in query order."""
    if isinstance(node, Words):
        return [node]
    if isinstance(node, Not):
        return words_of(node.node)
    return [words for child in node.nodes for words in words_of(child)]


def positive_words(node: Node) -> list[Words]:
    """The words and phrases a matching article contains (those under no NOT): what to highlight."""
    if isinstance(node, Words):
        return [node]
    if isinstance(node, Not):
        return []
    return [words for child in node.nodes for words in positive_words(child)]


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    while at < len(query):
        char = query[at]
        if char.isspace():
            at += 1
        elif char in "()":
            tokens.append(_Token("open" if char == "(" else "close", char, at))
            at += 1
        elif char == '"':
            closing = query.find('"', at + 1)
            if closing < 0:
                raise QuerySyntaxError(query, at, "a quote that is not closed")
            tokens.append(_Token("phrase", query[at + 1 : closing], at))
            at = closing + 1
        elif char in "-+" and at + 1 < len(query) and not query[at + 1].isspace() and query[at + 1] != ")":
            tokens.append(_Token("minus" if char == "-" else "plus", char, at))
            at += 1
        else:
            field = _FIELD.match(query, at)
            if field:
                name = field.group(1)
                if name not in FIELDS:
                    raise QuerySyntaxError(query, at, f"unknown field {name!r} (fields: {', '.join(FIELDS)})")
                tokens.append(_Token("field", name, at))
                at = field.end()
                if at >= len(query) or query[at].isspace():
                    raise QuerySyntaxError(query, at, f"{name}: needs a word, a phrase or a group right after it")
                continue
            boundary = _WORD_END.search(query, at)
            stop = boundary.start() if boundary else len(query)
            text = query[at:stop]
            kind = text.lower() if text in OPERATORS else "word"
            tokens.append(_Token(kind, text, at))
            at = stop
    return tokens


class _Parser:
    """Recursive descent over the tokens: either := all (OR all)*; all := unary ([AND] unary)*;
    unary := (NOT | -) unary | + unary | [field:] (group | phrase | word)."""

    def __init__(self, query: str, tokens: list[_Token]):
        self.query = query
        self.tokens = tokens
        self.at = 0

    def either(self, depth: int) -> Node:
        nodes = [self.all(depth)]
        while self._next_is("or"):
            self.at += 1
            nodes.append(self.all(depth))
        return nodes[0] if len(nodes) == 1 else Either(tuple(nodes))

    def all(self, depth: int) -> Node:
        nodes = [self.unary(depth)]
        while self.at < len(self.tokens) and self.tokens[self.at].kind not in ("or", "close"):
            if self._next_is("and"):
                self.at += 1
            nodes.append(self.unary(depth))
        return nodes[0] if len(nodes) == 1 else All(tuple(nodes))

    def unary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise QuerySyntaxError(self.query, self._position(), f"more than {MAX_DEPTH} nested groups or NOTs")
        token = self._take("a word, a phrase or a group")
        if token.kind in ("not", "minus"):
            return Not(self.unary(depth + 1))
        if token.kind == "plus":
            return self.unary(depth + 1)
        field = None
        if token.kind == "field":
            field = token.text
            token = self._take(f"a word, a phrase or a group after {field}:")
        if token.kind == "open":
            if self._next_is("close"):
                raise QuerySyntaxError(self.query, token.position, "an empty group ()")
            node = self.either(depth + 1)
            if not self._next_is("close"):
                raise QuerySyntaxError(self.query, token.position, "a ( that is not closed")
            self.at += 1
            return _in_field(node, field) if field else node
        if token.kind == "phrase":
            if not token.text.strip():
                raise QuerySyntaxError(self.query, token.position, 'an empty phrase ""')
            if PREFIX_MARK in token.text:
                raise QuerySyntaxError(self.query, token.position, "a * inside a phrase (it only ends a word)")
            return Words(token.text, field, phrase=True, prefix=False, position=token.position)
        if token.kind == "word":
            return self._word(token, field)
        raise QuerySyntaxError(self.query, token.position, f"{token.text} needs a query before and after it")

    def _word(self, token: _Token, field: str | None) -> Words:
        text = token.text
        stem = text.removesuffix(PREFIX_MARK)
        if PREFIX_MARK in stem:
            place = token.position + stem.index(PREFIX_MARK)
            raise QuerySyntaxError(self.query, place, "a * inside a word (it only ends one)")
        if not stem:
            raise QuerySyntaxError(self.query, token.position, "a * alone (it ends a word: rudal*)")
        return Words(stem, field, phrase=False, prefix=stem != text, position=token.position)

    def _take(self, wanted: str) -> _Token:
        if self.at >= len(self.tokens):
            raise QuerySyntaxError(self.query, len(self.query), f"the query ends where {wanted} was expected")
        token = self.tokens[self.at]
        self.at += 1
        if token.kind == "close":
            raise QuerySyntaxError(self.query, token.position, f"a ) where {wanted} was expected")
        if token.kind in ("and", "or"):
            raise QuerySyntaxError(self.query, token.position, f"{token.text} needs a query before and after it")
        return token

    def _next_is(self, kind: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at].kind == kind

    def _position(self) -> int:
        return self.tokens[self.at].position if self.at < len(self.tokens) else len(self.query)


def _in_field(node: Node, field: str) -> Node:
    """A group under `field:`: each of its words in that field, unless a word names its own."""
    if isinstance(node, Words):
        return node if node.field else dataclasses.replace(node, field=field)
    if isinstance(node, Not):
        return Not(_in_field(node.node, field))
    return type(node)(tuple(_in_field(child, field) for child in node.nodes))

"""Parsing a page and reading text off its lxml tree.

Knows how a saved page becomes a tree (a feed's root tag sniffed first, an
XML declaration stripped, scripts and other non-content dropped), what text an
element shows (a space wherever a block or <br> breaks it), what names it
carries in its class and id, how much of its text sits in links, and how a
paragraph list is cleaned of staff lines. Knows nothing of articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeAlias

import lxml.etree
import lxml.html

from analytics.ingest.readers.html.rules import DROPPED_TAGS, INLINE_TAGS, PROLOG_RE, PROLOG_SNIFF_CHARS, STAFF_LINE_RE

# lxml ships no type stubs, so this alias is Any to mypy; it still names what a function takes.
Element: TypeAlias = lxml.html.HtmlElement


def first_tag(text: str) -> str | None:
    """Lower-case name of the document's first element, after declarations and comments."""
    match = re.match(r"\s*<([\w:.-]+)", PROLOG_RE.sub("", text[:PROLOG_SNIFF_CHARS]))
    return match.group(1).lower() if match else None


def parse(html: str) -> Element | None:
    # lxml refuses a str that carries its own encoding declaration.
    """The page's lxml tree; None when it cannot be parsed or has no <body>."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    return doc if doc.find("body") is not None else None


def drop_non_content(doc: Element) -> None:
    """Remove comments and the elements that show no article text (scripts, styles, frames ...: DROPPED_TAGS)."""
    for el in doc.xpath("|".join(f"//{tag}" for tag in DROPPED_TAGS) + "|//comment()"):
        if el.getparent() is not None:
            el.drop_tree()


def norm(text: str | None) -> str:
    """The text with its whitespace (NBSP included) folded to single spaces; '' for None."""
    return " ".join((text or "").replace("\xa0", " ").split())


def text_of(el: Element) -> str:
    """Visible text of an element, with a space wherever a block element or <br> breaks it."""
    pieces: list[str] = []

    def walk(node: Element) -> None:
        pieces.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                gap = "" if child.tag in INLINE_TAGS else " "
                pieces.append(gap)
                walk(child)
                pieces.append(gap)
            pieces.append(child.tail or "")

    walk(el)
    return norm("".join(pieces))


def names_of(el: Element) -> str:
    """The element's class and id, as one string to search for telling names."""
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def elements(root: Element) -> Iterator[Element]:
    """Every element under (and including) `root`, without comments and processing instructions."""
    return (el for el in root.iter() if isinstance(el.tag, str))


def link_chars(el: Element) -> int:
    """How many characters of the element's text sit in links."""
    return sum(len(text_of(a)) for a in el.iter("a") if a.get("href"))


def unique(values: Iterable[str]) -> list[str]:
    """The values in order, each once (compared case-insensitively)."""
    seen: set[str] = set()
    out = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def drop(elements: Iterable[Element]) -> None:
    """Remove these elements from their tree (each once: one inside another goes with it)."""
    doomed = list(elements)
    marked = set(doomed)
    for el in doomed:
        if el.getparent() is not None and not any(a in marked for a in el.iterancestors()):
            el.drop_tree()


def paragraphs(text: str) -> str:
    """The text's non-empty lines, whitespace folded, without staff credit lines, a blank line apart."""
    lines = (norm(line) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line and not STAFF_LINE_RE.match(line))

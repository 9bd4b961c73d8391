"""Finding the article block in a page's tree.

Knows what page furniture looks like (lists of other stories, menus, comments:
by tag or class/id name) and the heading that goes with such a block; how much
paragraph prose an element holds directly; which element is the *main text*
(the declared articleBody, else the one with the most prose outside furniture);
which element is the *headline* (the page title shown nearest the main text,
not in a link or a related list); and the *article root*, their lowest common
ancestor below <body>.
"""

from __future__ import annotations

from analytics.ingest.readers.html.rules import (
    FURNITURE_NAME_RE,
    FURNITURE_TAGS,
    HEADING_TAGS,
    HEADLINE_TAG_RANK,
    INLINE_TAGS,
    LINKED_HEADLINE_TAGS,
    MAX_HEADLINE_EXTRA_CHARS,
    MIN_HEADLINE_CHARS,
    MIN_MAIN_TEXT_CHARS,
    MIN_TEXT_CHUNK_CHARS,
    TEASER_HEADING_MAX_CHARS,
    TEASER_LEAD_RE,
)
from analytics.ingest.readers.html.tree import Element, elements, link_chars, names_of, norm, text_of


def _prose_score(el: Element) -> int:
    """Characters of paragraph text el holds directly; text in links does not count."""
    chunks = [el.text]
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "p" or _is_paragraph_like(child):
            text = text_of(child)
            chunks.append(text if link_chars(child) < len(text) / 2 else "")
        chunks.append(child.tail)
    return sum(len(t) for t in map(norm, chunks) if len(t) >= MIN_TEXT_CHUNK_CHARS)


def _is_paragraph_like(el: Element) -> bool:
    return el.tag in ("div", "section", "blockquote") and all(
        not isinstance(d.tag, str) or d.tag in INLINE_TAGS or d.tag == "br" for d in el.iterdescendants()
    )


def main_text_element(doc: Element) -> Element | None:
    """The element holding the article text: the declared articleBody if it is long enough, else the
    element with the most prose, preferring one outside page furniture; None if no prose."""
    declared = doc.xpath("//*[@itemprop='articleBody']")
    if declared and len(text_of(declared[0])) >= MIN_MAIN_TEXT_CHARS:
        return declared[0]  # structured data says where the text is
    scored = [(score, el) for el in elements(doc.body) if (score := _prose_score(el)) > 0]
    if not scored:
        return None
    clean = [item for item in scored if not any(is_furniture(a) for a in [item[1], *item[1].iterancestors()])]
    best_clean = max(clean, key=lambda item: item[0], default=(0, None))
    if best_clean[0] >= MIN_MAIN_TEXT_CHARS:
        return best_clean[1]
    return max(scored, key=lambda item: item[0])[1]


def headline_element(doc: Element, titles: list[str], main: Element | None) -> Element | None:
    """The element showing the title nearest the main text (related lists repeat titles elsewhere)."""
    if not titles:
        return None
    folded = [t.casefold() for t in titles]
    longest = max(map(len, folded)) + MAX_HEADLINE_EXTRA_CHARS
    main_path = [*reversed(list(main.iterancestors())), main] if main is not None else []
    best, best_key = None, None
    for el in elements(doc.body):
        if len(norm(el.text_content())) > longest:
            continue  # cheap test first: most elements are far longer than a title
        if el.tag == "a" or any(a.tag == "a" or is_furniture(a) for a in [el, *el.iterancestors()]):
            continue  # the title in a link or a related list is a teaser, not the headline
        if el.find(".//a") is not None and el.tag not in LINKED_HEADLINE_TAGS:
            continue
        text = text_of(el).casefold()
        if not MIN_HEADLINE_CHARS <= len(text) <= longest:
            continue
        if not any(text == t or (t in text and len(text) - len(t) <= MAX_HEADLINE_EXTRA_CHARS) for t in folded):
            continue
        ancestors = {el, *el.iterancestors()}
        shared = sum(1 for node in main_path if node in ancestors)  # depth of the common ancestor
        key = (-shared, HEADLINE_TAG_RANK.get(el.tag, len(HEADLINE_TAG_RANK)), -len(ancestors))
        if best_key is None or key < best_key:
            best, best_key = el, key
    return best


def article_root(headline: Element | None, main: Element | None) -> Element | None:
    """The element holding both headline and main text (their nearest common ancestor below <body>),
    else the main text element; None without main text."""
    if main is None:
        return None
    if headline is None:
        return main
    ancestors = {main, *main.iterancestors()}
    node = headline
    while node is not None and node not in ancestors:
        node = node.getparent()
    if node is None or node.tag in ("html", "body"):
        return main  # headline and text meet only at page level: trust the text
    return node


def is_furniture(el: Element) -> bool:
    """Whether the element is page furniture (navigation, sidebar, share buttons ...) by its tag or names."""
    return el.tag in FURNITURE_TAGS or bool(FURNITURE_NAME_RE.search(names_of(el)))


def heading_before(el: Element) -> Element | None:
    """The heading of a block ("Popular Videos", "Baca Juga" above the list), which goes with it."""
    previous = el.getprevious()
    if previous is None:
        return None
    text = text_of(previous)
    if len(text) <= TEASER_HEADING_MAX_CHARS and (previous.tag in HEADING_TAGS or TEASER_LEAD_RE.match(text)):
        return previous
    return None

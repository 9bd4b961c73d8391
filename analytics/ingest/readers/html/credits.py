"""Credits and other labelled parts inside the article root.

Knows the captions and credits of the article's own images (a <figure>, a
<figcaption>, an element named like a caption next to an image, a photo wrapper
around one image; never a teaser's image), the article's tag links (in its root
or column, not in site chrome or running text), values shown after a label
('Editor: X', or the label in one cell and the value in the next), itemprop
values, and the first date-and-time the article shows.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analytics.ingest.readers.html.locate import is_furniture
from analytics.ingest.readers.html.rules import (
    CAPTION_MAX_CHARS,
    CAPTION_MAX_LINK_SHARE,
    CAPTION_MIN_CHARS,
    CAPTION_NAME_RE,
    FURNITURE_TAGS,
    IMAGE_WRAPPER_NAME_RE,
    INLINE_LINK_CONTEXT_CHARS,
    INLINE_TAGS,
    LABEL_LINE_MAX_CHARS,
    SITE_CHROME_NAME_RE,
    TAG_BOX_NAME_RE,
    TAG_HREF_RE,
    VISIBLE_DATE_MAX_CHARS,
    VISIBLE_DATE_RE,
)
from analytics.ingest.readers.html.tree import Element, elements, link_chars, names_of, norm, text_of, unique


def captions(
    root: Element, main: Element, protected: set[Element], headline: Element | None
) -> list[tuple[Element, str]]:
    """Caption and credit texts of the article's own images, in page order.

    A candidate is a <figure>/<figcaption>, an element named like a caption or
    credit next to an image, or a wrapper named like a photo around exactly one
    image. Of nested candidates the outermost wins: it holds caption and credit.
    On a photo page the main text may itself be a <figcaption>.
    """
    candidates: list[tuple[Element, str]] = []
    for el in elements(root):
        if el is root or any(a.tag == "a" for a in el.iterancestors()):
            continue
        if el in protected and not (el is main and el.tag == "figcaption"):
            continue
        if headline is not None and (el is headline or headline in el.iterancestors()):
            continue
        images = len(el.findall(".//img"))
        parent = el.getparent()
        near_image = images > 0 or (parent is not None and parent.find(".//img") is not None)
        named = el.tag in ("figure", "figcaption") or bool(CAPTION_NAME_RE.search(names_of(el)))
        wrapper = images == 1 and bool(IMAGE_WRAPPER_NAME_RE.search(names_of(el)))
        if not ((named and near_image) or wrapper or el.tag == "figcaption"):
            continue
        text = text_of(el)
        mostly_links = link_chars(el) > len(text) * CAPTION_MAX_LINK_SHARE
        if CAPTION_MIN_CHARS <= len(text) <= CAPTION_MAX_CHARS and not mostly_links:
            candidates.append((el, text))
    chosen = {el for el, _ in candidates}
    return [(el, text) for el, text in candidates if not any(a in chosen for a in el.iterancestors())]


def tags(root: Element) -> list[str]:
    """Texts of the article's tag/topic links, in its root or its column; not site chrome, not running text."""
    parent = root.getparent()
    region = parent if parent is not None and parent.tag != "body" else root
    root_path = {root, *root.iterancestors()}
    found = []
    for link in region.iter("a"):
        if not TAG_HREF_RE.search(link.get("href") or ""):
            continue
        below = [a for a in link.iterancestors() if a not in root_path]
        if any(a.tag in FURNITURE_TAGS or a.tag == "header" or SITE_CHROME_NAME_RE.search(names_of(a)) for a in below):
            continue
        if any(is_furniture(a) for a in below) and not any(TAG_BOX_NAME_RE.search(names_of(a)) for a in below):
            continue
        text = text_of(link).lstrip("#").strip()
        if text and not _in_running_text(link, text):
            found.append(text)
    return unique(found)


def _in_running_text(link: Element, text: str) -> bool:
    block = link.getparent()
    while block is not None and block.tag in INLINE_TAGS:
        block = block.getparent()
    return block is not None and len(text_of(block)) - link_chars(block) > INLINE_LINK_CONTEXT_CHARS


class Labelled(NamedTuple):
    """A value found after a label (`Editor: X`), with the element that holds it."""

    element: Element  # the labelled element, or the row holding label and value
    label: str
    value: str


def labelled_value(root: Element, labels: tuple[str, ...], same_element: bool = False) -> Labelled | None:
    """The first value shown after one of the labels, as in 'Editor: X'.

    The value is in the labelled element itself or, unless `same_element`, in
    the next table cell or list item ("Editor" | "X").
    """
    alternatives = "|".join(map(re.escape, labels))
    label_re = re.compile(rf"^\W*({alternatives})(?=\s*[:|]|\s*$)[\s:|]*", re.I)
    for el in elements(root):
        text = text_of(el)
        match = label_re.match(text)
        if not match or len(text) > LABEL_LINE_MAX_CHARS:
            continue
        if any(label_re.match(text_of(d)) for d in el.iterdescendants() if isinstance(d.tag, str)):
            continue  # a smaller element holds the same label
        value = text[match.end() :].strip(" :|")
        if value:
            return Labelled(el, match.group(1), value)
        if same_element:
            continue
        # The label alone in its element: the value follows it, as text or in the next cell or item.
        node = el
        while not norm(node.tail) and node.getnext() is None:
            parent = node.getparent()
            if parent is None or text_of(parent) != text:
                break
            node = parent
        value = norm(node.tail).strip(" :|")
        sibling = node.getnext()
        while not value and sibling is not None:
            value = text_of(sibling).strip(" :|")
            sibling = sibling.getnext()
        if value and len(value) <= LABEL_LINE_MAX_CHARS and node.getparent() is not None:
            return Labelled(node.getparent(), match.group(1), value)
    return None


def strip_label(value: str | None, labels: tuple[str, ...]) -> str | None:
    """The value without a leading label (`Editor: X` -> `X`); None if nothing is left."""
    if not value:
        return value
    alternatives = "|".join(map(re.escape, labels))
    return re.sub(rf"^(?:{alternatives})\s*:?\s*", "", value, flags=re.I) or None


def itemprop_text(root: Element, prop: str) -> str | None:
    """The text of the first element with this microdata `itemprop` (a <meta>'s content), or None."""
    for el in root.xpath(f".//*[@itemprop='{prop}']"):
        text = norm(el.get("content")) if el.tag == "meta" else text_of(el)
        if text:
            return text
    return None


def visible_date(root: Element) -> tuple[Element | None, str | None]:
    """The first date-and-time shown in the article ('Rabu, 4 November 2015 | 21:04 WIB'), verbatim."""
    for el in elements(root):
        text = text_of(el)
        if len(text) > VISIBLE_DATE_MAX_CHARS:
            continue
        match = VISIBLE_DATE_RE.search(text)
        if match:
            return el, match.group(0).strip()
    return None, None

"""Saved news pages: one article per HTML file.

trafilatura reads the page metadata and turns markup into paragraphs, but on
these portals it often takes a related-stories list or the sidebar for the
article, and it drops `<figure>` and photo captions. So we find the article in
the lxml tree first and hand only that part to trafilatura:

* the *main text* is the element holding the most paragraph text outside page
  furniture (related/popular/trending lists, menus, comments, ...);
* the *headline* is the element showing the page title nearest to it;
* the *article root* is their lowest common ancestor. Tag links are read in
  it and its parent column (outside site chrome); then furniture inside it is
  removed, captions, credits, the shown date, editor and source line are read
  from what is left, and trafilatura extracts the body from the rest.

Spec rule: in saved HTML only the article counts. Thumbnails of other stories
carry their own agency credits (Liputan6 pages carry dozens, mostly in `alt`
attributes), so captions come only from inside the article root, never from
image attributes or links to other stories.

The package: `rules` holds the names, labels and thresholds; `tree` parsing
and element text; `metadata` the page's meta tags, JSON-LD and titles;
`locate` main text, headline and furniture; `credits` captions, tags, labelled
staff and source lines and the shown date. This module ties them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast

import lxml.html
import trafilatura
from trafilatura.settings import Document

from analytics.ingest.readers.base import BadRecord, FileNote, Opener, RawRecord, ReaderItem, ReadOptions, excerpt
from analytics.ingest.readers.html import credits, locate, metadata
from analytics.ingest.readers.html.rules import (
    AUTHOR_LABELS,
    BLOCK_TAGS,
    BODY_NOISE_NAME_RE,
    COPYRIGHT_LINE_RE,
    EDITOR_LABELS,
    FEED_ROOT_TAGS,
    INLINE_TAGS,
    MIN_MAIN_TEXT_CHARS,
    OUTLET_META,
    PHOTO_CREDIT_LABELS,
    PUBLISHED_META,
    PUBLISHED_META_FALLBACK,
    SECTION_META,
    SOURCE_LABELS,
    TEASER_HEADING_MAX_CHARS,
    TEASER_LEAD_RE,
    URL_META,
)
from analytics.ingest.readers.html.tree import (
    Element,
    drop,
    drop_non_content,
    elements,
    first_tag,
    names_of,
    norm,
    paragraphs,
    parse,
    text_of,
    unique,
)
from analytics.ingest.readers.text import BinaryInput, read_text


def read_html(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """Yield one RawRecord for the article of a saved HTML page, or a BadRecord."""
    notes: list[FileNote] = []
    try:
        with open_stream() as stream:
            text = read_text(
                stream, ref=ref, encoding=options.encoding, notes=notes, max_bytes=options.limits.max_record_bytes
            )
    except BinaryInput:
        yield BadRecord(ref, "binary content, not HTML")
        return
    except (OSError, LookupError) as exc:
        yield BadRecord(ref, f"unreadable: {exc}")
        return
    yield from notes
    if not text.strip():
        yield BadRecord(ref, "empty file")
        return
    first = first_tag(text)
    if first in FEED_ROOT_TAGS:
        yield BadRecord(ref, f"a <{first}> news feed, not an article page", excerpt(text))
        return
    try:
        fields = extract_article(text)
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura can raise almost anything on hostile markup
        yield BadRecord(ref, f"unparseable HTML ({type(exc).__name__}: {exc})", excerpt(text))
        return
    if fields is None:
        yield BadRecord(ref, "no article text found", excerpt(text))
        return
    yield RawRecord(ref, fields)


def extract_article(html: str) -> dict[str, Any] | None:
    """Schema fields of the article in one page's markup; None when it holds no article text.

    Besides schema fields it may yield `keywords` (the page's hidden meta
    keywords, which the page does not show as tags) and `published_visible`
    (the date shown in the article, when it differs from `published_raw`).
    """
    doc = parse(html)
    if doc is None:
        return None
    meta = metadata.page_meta(doc)
    # bare_extraction's declared dict return comes only with as_dict=True
    extracted = cast(Document | None, trafilatura.bare_extraction(html, with_metadata=True, include_comments=False))
    page = extracted.as_dict() if extracted is not None else {}
    drop_non_content(doc)

    main = locate.main_text_element(doc)
    titles = metadata.title_candidates(meta, page)
    headline = locate.headline_element(doc, titles, main)
    root = locate.article_root(headline, main)
    parts = _read_article(root, main, headline, metadata.own_names(meta, page)) if root is not None else {}

    fields: dict[str, Any] = {}
    _put(fields, "title", text_of(headline) if headline is not None else metadata.clean_title(titles))
    body = parts.get("body", "")
    if root is None:  # no paragraph text anywhere: trust trafilatura only if it found a real amount
        fallback = paragraphs(page.get("text") or "")
        body = fallback if len(fallback) >= MIN_MAIN_TEXT_CHARS else ""
    if body:
        fields["body"] = body
    if parts.get("captions"):
        fields["captions"] = parts["captions"]
    if not body and not parts.get("captions"):
        return None
    _put(fields, "author", parts.get("author") or meta.get("ld:author") or _not_url(page.get("author")))
    _put(fields, "editor", parts.get("editor") or meta.get("ld:editor"))
    _put(fields, "source_line", parts.get("source_line"))
    published = metadata.first_meta(meta, PUBLISHED_META) or parts.get("date")
    published = published or metadata.first_meta(meta, PUBLISHED_META_FALLBACK) or page.get("date")
    _put(fields, "published_raw", published)
    _put(fields, "url", metadata.first_meta(meta, URL_META) or page.get("url"))
    outlet = metadata.first_meta(meta, OUTLET_META) or _not_url(page.get("sitename")) or page.get("hostname")
    _put(fields, "outlet", outlet)
    _put(fields, "language", metadata.language(meta))
    _put(fields, "section", metadata.first_meta(meta, SECTION_META) or _first(page.get("categories")))
    if parts.get("tags"):
        fields["tags"] = parts["tags"]
    keywords = metadata.keywords(meta)
    if keywords:
        fields["keywords"] = keywords
    if parts.get("date") and parts["date"] != published:
        fields["published_visible"] = parts["date"]
    return fields


def _first(values: Any) -> str | None:
    return next((v for v in values or [] if v), None)


def _not_url(value: str | None) -> str | None:
    # trafilatura sometimes takes the publisher's Facebook page for the author or site name
    return None if value and re.match(r"https?://", value) else value


def _put(fields: dict[str, Any], key: str, value: str | None) -> None:
    value = norm(value)
    if value:
        fields[key] = value


def _read_article(root: Element, main: Element, headline: Element | None, own_names: set[str]) -> dict[str, Any]:
    """Body, captions, tags, shown date and staff lines of the article under root.

    Furniture inside the root is dropped first; what is read as a caption,
    credit, date or byline is dropped next, so the body does not repeat it.
    """
    protected = {main, *main.iterancestors()}
    if headline is not None:
        protected.update({headline, *headline.iterancestors()})
    tags = credits.tags(root)  # before pruning: tag boxes sit in "related tags" blocks
    furniture = [el for el in elements(root) if el is not root and el not in protected and locate.is_furniture(el)]
    drop(furniture + [h for el in furniture if (h := locate.heading_before(el)) is not None and h not in protected])

    captions = credits.captions(root, main, protected, headline)
    credit = credits.labelled_value(root, PHOTO_CREDIT_LABELS, same_element=True)
    if credit is not None and not any(el in {credit.element, *credit.element.iterancestors()} for el, _ in captions):
        captions.append((credit.element, text_of(credit.element)))
    date_el, date = credits.visible_date(root)
    editor = credits.labelled_value(root, EDITOR_LABELS)
    author = credits.labelled_value(root, AUTHOR_LABELS)
    source = credits.labelled_value(root, SOURCE_LABELS)  # stays in the body too: it is part of the story
    author_name = credits.strip_label(credits.itemprop_text(root, "author"), AUTHOR_LABELS)
    author_name = author_name or (author.value if author else None)
    teasers = {text for a in root.iter("a") if a.get("href") and (text := text_of(a))}

    noise = [el for el, _ in captions] + [e for e in (headline, date_el) if e is not None]
    noise += [found.element for found in (editor, author) if found is not None]
    noise += [
        el
        for el in elements(root)
        if el not in protected and el.tag not in INLINE_TAGS and BODY_NOISE_NAME_RE.search(names_of(el))
    ]
    # Of the headline and main text, only the headline and a main text that is a caption may go.
    removable = {headline, *(el for el, _ in captions)}
    drop(el for el in noise if el is not root and (el not in protected or el in removable))
    return {
        "body": _body_text(root, teasers, own_names),
        "captions": unique(text for _, text in captions),
        "tags": tags,
        "date": date,
        "editor": editor.value if editor else None,
        "author": author_name,
        "source_line": f"{source.label}: {source.value}" if source else None,
    }


def _body_text(root: Element, teasers: set[str], own_names: set[str]) -> str:
    for el in elements(root):
        if el.tag in INLINE_TAGS and el.tag != "a" and any(c.tag in BLOCK_TAGS for c in el if isinstance(c.tag, str)):
            el.tag = "div"  # a <span> wrapping paragraphs: trafilatura would drop its own text
    markup = lxml.html.tostring(root, encoding="unicode")
    # Recall mode: the root is already the article; precision mode drops first paragraphs and source lines.
    extracted = cast(
        Document | None,
        trafilatura.bare_extraction(f"<html><body>{markup}</body></html>", favor_recall=True, include_comments=False),
    )
    # a Document's text is always a str here (bare_extraction fills it), `or ""` only tells mypy so
    lines = paragraphs((extracted.text or "") if extracted is not None else "").split("\n\n")
    kept: list[str] = []
    for line in lines:
        lead = TEASER_LEAD_RE.match(line)
        if lead and line[lead.end() :].strip(" :-") in teasers | {""}:
            continue  # "Baca Juga: <headline of another story>"
        if line in teasers:
            # a headline linking to another story; drop the list's heading with it
            if kept and len(kept[-1]) <= TEASER_HEADING_MAX_CHARS and kept[-1] not in teasers:
                kept.pop()
            continue
        if COPYRIGHT_LINE_RE.match(line) and _is_own_notice(line, own_names):
            continue
        kept.append(line)
    return "\n\n".join(kept)


def _is_own_notice(line: str, own_names: set[str]) -> bool:
    words = set(re.findall(r"[a-z0-9]+", line.lower()))
    named = words - {"copyright", "c", "all", "rights", "reserved", "hak", "cipta", "dilindungi", "undang"}
    named = {w for w in named if not w.isdigit()}
    return not named or any(word.startswith(name) for word in named for name in own_names)

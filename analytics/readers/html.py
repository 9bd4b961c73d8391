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
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator, NamedTuple

import lxml.etree
import lxml.html
import trafilatura

from analytics.readers.base import BadRecord, FileNote, Opener, RawRecord, ReaderItem, ReadOptions, excerpt
from analytics.readers.text import BinaryInput, read_text

Element = lxml.html.HtmlElement

# --- What parts of a page look like, by tag and class/id name ----------------
# Blocks listing *other* stories, or site chrome; matched anywhere in a class or
# id value ("relateds--grid", "berita-terkait-wrap", "footer-popular-articles").
FURNITURE_NAME_RE = re.compile(
    r"related|terkait|popular|populer|trending|terkini|lainnya|rekomendasi|recommend"
    r"|baca[-_]?juga|read[-_]?also|more[-_]?stories|mega[-_]?menu|navbar|sidebar|breadcrumb"
    r"|comment|komentar|newsletter|footer|hot[-_]?topic|photonews|arsip|archive",
    re.I,
)
FURNITURE_TAGS = frozenset({"nav", "aside", "footer"})
# Site-wide columns and headers: tag links there are navigation, not the
# article's tags. Whole name parts only ("right" must not match "copyright").
SITE_CHROME_NAME_RE = re.compile(
    r"(?:^|[-_\s])(?:header|nav|navbar|menu|sidebar|aside|footer|trending|right)(?:$|[-_\s])", re.I
)
TAG_BOX_NAME_RE = re.compile(r"tag|topi[ck]", re.I)
TAG_HREF_RE = re.compile(r"/(?:tag|tags|topic|topik|tag-populer|hot_topic)/", re.I)
CAPTION_NAME_RE = re.compile(
    r"caption|credit(?!s)|keterangan|ket[-_]?foto|cap[-_]?foto|deskripsi|(?:photo|foto|img|image|pic)[-_]?desc", re.I
)
IMAGE_WRAPPER_NAME_RE = re.compile(r"photo|foto|image|img|pic|gambar|figure", re.I)
# Bylines, dates, share/rating widgets and tag boxes: metadata, not body text.
BODY_NOISE_NAME_RE = re.compile(
    r"author|autor|byline|reporter|penulis|editor|credits|share|sosmed|social|rating|thumbs|vote|tagging"
    r"|(?:^|[-_\s])(?:tags?|topic|topik|date|tanggal|time|tgl)(?:$|[-_\s])",
    re.I,
)

EDITOR_LABELS = ("Editor", "Redaktur", "Penyunting", "Red")
AUTHOR_LABELS = ("Penulis", "Pewarta", "Reporter", "Oleh")
PHOTO_CREDIT_LABELS = ("Fotografer", "Photographer", "Pewarta Foto")
SOURCE_LABELS = ("Sumber", "Source")
# The lead of a list of other stories: "Baca Juga:", "Read also", "FOTO TERKAIT:".
TEASER_LEAD_RE = re.compile(
    r"^(?:baca|lihat|simak) juga|^(?:read|see) also|^(?:berita|foto|artikel|video) terkait"
    r"|^related(?: news| stories)?\b",
    re.I,
)
# A staff credit left in the body text: "Editor: X", "| Penulis | : Y |".
STAFF_LINE_RE = re.compile(r"^\W*(?:%s)\W*\s*:\s*\S" % "|".join(EDITOR_LABELS + AUTHOR_LABELS), re.I)
# The site's own notice under every page ("COPYRIGHT © ANTARA 2015"); a credit
# of another outlet ("Copyright 2021 The Associated Press") is kept.
COPYRIGHT_LINE_RE = re.compile(r"^(?:copyright\b|©|\(c\))", re.I)

# RSS/Atom/RDF feeds saved with an .html name (the Antara and Detik "mainpage" fixtures).
FEED_ROOT_TAGS = frozenset({"rss", "feed", "rdf:rdf"})
PROLOG_RE = re.compile(r"<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>", re.S | re.I)
PROLOG_SNIFF_CHARS = 4096
DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "object", "embed", "select")
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "cite", "em", "font", "i", "img", "q", "small", "span", "strong", "sub", "sup", "u", "time"}
)
HEADLINE_TAG_RANK = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
LINKED_HEADLINE_TAGS = frozenset({"h1", "h2"})  # <h1><a href=permalink>Title</a></h1> is still the headline
TITLE_SEPARATORS_RE = re.compile(r"\s+(?:\||-|–|—|::|:)\s+")
SITE_PREFIX_RE = re.compile(r"^[\w.]+\.(?:com|co\.id|id|net)\s*:\s*(.+)$", re.I)  # "KapanLagi.com: Title"
HOST_LABELS_IGNORED = frozenset({"www", "com", "co", "id", "net", "org", "or", "go", "ac"})

MONTHS = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember"
    "|january|february|march|may|june|july|august|october|december"
    "|jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec"
)
# "Rabu, 4 November 2015 | 21:04 WIB", "Kamis, 05/11/2015 09:25 WIB", "Jumat , 17 February 2017, 13:16 WIB"
VISIBLE_DATE_RE = re.compile(
    rf"(?:[A-Za-z']+\s*,\s*)?\d{{1,2}}(?:\s+(?:{MONTHS})\.?,?\s+|/\d{{1,2}}/)\d{{4}}"
    r"[\s,|\-–]+(?:pukul\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?:WIB|WITA|WIT|GMT|UTC)\b)?",
    re.I,
)

PUBLISHED_META = ("article:published_time", "ld:published", "og:published_time", "datepublished")
PUBLISHED_META_FALLBACK = ("pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "datecreated")
URL_META = ("canonical", "og:url")
OUTLET_META = ("og:site_name", "application-name")
SECTION_META = ("article:section", "ld:section")
LANGUAGE_META = ("language", "content-language", "dc.language", "og:locale", "html:lang")
KEYWORDS_META = ("news_keywords", "keywords", "ld:keywords")

# --- Thresholds ---------------------------------------------------------------
MIN_TEXT_CHUNK_CHARS = 40  # loose text shorter than this is a label, not prose
MIN_MAIN_TEXT_CHARS = 150  # a main-text element outside furniture must hold this much
MIN_HEADLINE_CHARS = 10
MAX_HEADLINE_EXTRA_CHARS = 20  # kickers around the title, as in "In Picture: <title>"
CAPTION_MIN_CHARS = 3
CAPTION_MAX_CHARS = 800
CAPTION_MAX_LINK_SHARE = 0.5  # a caption mostly made of links is a teaser of another story
INLINE_LINK_CONTEXT_CHARS = 40  # a tag link among this much unlinked text is a link in running text
LABEL_LINE_MAX_CHARS = 120
MIN_OWN_NAME_CHARS = 4  # shorter site-name parts ("en" of en.tempo.co) would match other outlets' names
VISIBLE_DATE_MAX_CHARS = 80
TEASER_HEADING_MAX_CHARS = 40  # "Jangan Lewatkan", "Popular Videos": the heading of a teaser list
BLOCK_TAGS = frozenset(
    {"div", "p", "section", "article", "blockquote", "ul", "ol", "table", "figure", "h1", "h2", "h3"}
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "header"})


def read_html(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """Yield one RawRecord for the article of a saved HTML page, or a BadRecord."""
    notes: list[FileNote] = []
    try:
        with open_stream() as stream:
            text = read_text(stream, ref=ref, encoding=options.encoding, notes=notes)
    except BinaryInput:
        yield BadRecord(ref, f"{ref}: binary content, not HTML")
        return
    except (OSError, LookupError) as exc:
        yield BadRecord(ref, f"{ref}: unreadable: {exc}")
        return
    yield from notes
    if not text.strip():
        yield BadRecord(ref, f"{ref}: empty file")
        return
    first = _first_tag(text)
    if first in FEED_ROOT_TAGS:
        yield BadRecord(ref, f"{ref}: a <{first}> news feed, not an article page", excerpt(text))
        return
    try:
        fields = extract_article(text)
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura can raise almost anything on hostile markup
        yield BadRecord(ref, f"{ref}: unparseable HTML ({type(exc).__name__}: {exc})", excerpt(text))
        return
    if fields is None:
        yield BadRecord(ref, f"{ref}: no article text found", excerpt(text))
        return
    yield RawRecord(ref, fields)


def extract_article(html: str) -> dict[str, Any] | None:
    """Schema fields of the article in one page's markup; None when it holds no article text.

    Besides schema fields it may yield `keywords` (the page's hidden meta
    keywords, which the page does not show as tags) and `published_visible`
    (the date shown in the article, when it differs from `published_raw`).
    """
    doc = _parse(html)
    if doc is None:
        return None
    meta = _page_meta(doc)
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    page = extracted.as_dict() if extracted is not None else {}
    _drop_non_content(doc)

    main = _main_text_element(doc)
    titles = _title_candidates(meta, page)
    headline = _headline_element(doc, titles, main)
    root = _article_root(headline, main)
    parts = _read_article(root, main, headline, _own_names(meta, page)) if root is not None else {}

    fields: dict[str, Any] = {}
    _put(fields, "title", _text(headline) if headline is not None else _clean_title(titles))
    body = parts.get("body", "")
    if root is None:  # no paragraph text anywhere: trust trafilatura only if it found a real amount
        fallback = _paragraphs(page.get("text") or "")
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
    published = _first_meta(meta, PUBLISHED_META) or parts.get("date")
    published = published or _first_meta(meta, PUBLISHED_META_FALLBACK) or page.get("date")
    _put(fields, "published_raw", published)
    _put(fields, "url", _first_meta(meta, URL_META) or page.get("url"))
    _put(fields, "outlet", _first_meta(meta, OUTLET_META) or _not_url(page.get("sitename")) or page.get("hostname"))
    _put(fields, "language", _language(meta))
    _put(fields, "section", _first_meta(meta, SECTION_META) or _first(page.get("categories")))
    if parts.get("tags"):
        fields["tags"] = parts["tags"]
    keywords = _keywords(meta)
    if keywords:
        fields["keywords"] = keywords
    if parts.get("date") and parts["date"] != published:
        fields["published_visible"] = parts["date"]
    return fields


# --- Parsing and text -----------------------------------------------------------


def _first_tag(text: str) -> str | None:
    """Lower-case name of the document's first element, after declarations and comments."""
    match = re.match(r"\s*<([\w:.-]+)", PROLOG_RE.sub("", text[:PROLOG_SNIFF_CHARS]))
    return match.group(1).lower() if match else None


def _parse(html: str) -> Element | None:
    # lxml refuses a str that carries its own encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    return doc if doc.find("body") is not None else None


def _drop_non_content(doc: Element) -> None:
    for el in doc.xpath("|".join(f"//{tag}" for tag in DROPPED_TAGS) + "|//comment()"):
        if el.getparent() is not None:
            el.drop_tree()


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("\xa0", " ").split())


def _text(el: Element) -> str:
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
    return _norm("".join(pieces))


def _names(el: Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _is_furniture(el: Element) -> bool:
    return el.tag in FURNITURE_TAGS or bool(FURNITURE_NAME_RE.search(_names(el)))


def _elements(root: Element) -> Iterator[Element]:
    return (el for el in root.iter() if isinstance(el.tag, str))


def _link_chars(el: Element) -> int:
    return sum(len(_text(a)) for a in el.iter("a") if a.get("href"))


# --- Page metadata ---------------------------------------------------------------


def _page_meta(doc: Element) -> dict[str, str]:
    """Metadata by lower-case key: every <meta> name/property/itemprop (first value wins),
    `canonical`, `html:lang`, and `ld:*` values from JSON-LD."""
    meta: dict[str, str] = {}
    for el in doc.iter("meta"):
        value = _norm(el.get("content"))
        for attr in ("property", "name", "itemprop", "http-equiv"):
            if el.get(attr) and value:
                meta.setdefault(el.get(attr).lower(), value)
    for el in doc.xpath("//time[@itemprop='datePublished'][@datetime]"):
        meta.setdefault("datepublished", _norm(el.get("datetime")))
    canonical = [_norm(href) for href in doc.xpath("//link[@rel='canonical']/@href") if _norm(href)]
    if canonical:
        meta["canonical"] = canonical[0]
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        meta["html:lang"] = lang
    for obj in _json_ld_objects(doc):
        for source, key in (
            ("datePublished", "ld:published"),
            ("articleSection", "ld:section"),
            ("keywords", "ld:keywords"),
            ("author", "ld:author"),
            ("editor", "ld:editor"),
        ):
            value = _ld_text(obj.get(source))
            if value:
                meta.setdefault(key, value)
    return meta


def _json_ld_objects(doc: Element) -> Iterator[dict[str, Any]]:
    for script in doc.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [graph] if graph else [])
                yield item


def _ld_text(value: Any) -> str:
    """A JSON-LD value as text: a person's name, lists joined by ', '."""
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list):
        return ", ".join(p for p in map(_ld_text, value) if p)
    return _norm(str(value)) if value is not None else ""


def _first_meta(meta: dict[str, str], keys: Iterable[str]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _first(values: Any) -> str | None:
    return next((v for v in values or [] if v), None)


def _not_url(value: str | None) -> str | None:
    # trafilatura sometimes takes the publisher's Facebook page for the author or site name
    return None if value and re.match(r"https?://", value) else value


def _put(fields: dict[str, Any], key: str, value: str | None) -> None:
    value = _norm(value)
    if value:
        fields[key] = value


def _language(meta: dict[str, str]) -> str | None:
    """The primary subtag of the declared language ("In-Id" -> "in", "id_ID" -> "id")."""
    value = _first_meta(meta, LANGUAGE_META)
    if not value:
        return None
    return re.split(r"[-_\s]", value.strip())[0].lower() or None


def _keywords(meta: dict[str, str]) -> list[str]:
    raw = _first_meta(meta, KEYWORDS_META) or ""
    return _unique(k for k in map(_norm, raw.split(",")) if k)


def _own_names(meta: dict[str, str], page: dict[str, Any]) -> set[str]:
    """Lower-case names the site calls itself: first word of its name, labels of its host name."""
    names = set()
    outlet = _first_meta(meta, OUTLET_META) or page.get("sitename") or ""
    words = re.findall(r"[a-z0-9]+", outlet.lower())
    if words and not outlet.startswith("http"):
        names.add(words[0])
    url = _first_meta(meta, URL_META) or page.get("url") or ""
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0]
    names.update(label for label in host.split(".") if label not in HOST_LABELS_IGNORED)
    return {name for name in names if len(name) >= MIN_OWN_NAME_CHARS}


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


# --- Finding the article ---------------------------------------------------------------


def _prose_score(el: Element) -> int:
    """Characters of paragraph text el holds directly; text in links does not count."""
    chunks = [el.text]
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "p" or _is_paragraph_like(child):
            text = _text(child)
            chunks.append(text if _link_chars(child) < len(text) / 2 else "")
        chunks.append(child.tail)
    return sum(len(t) for t in map(_norm, chunks) if len(t) >= MIN_TEXT_CHUNK_CHARS)


def _is_paragraph_like(el: Element) -> bool:
    return el.tag in ("div", "section", "blockquote") and all(
        not isinstance(d.tag, str) or d.tag in INLINE_TAGS or d.tag == "br" for d in el.iterdescendants()
    )


def _main_text_element(doc: Element) -> Element | None:
    declared = doc.xpath("//*[@itemprop='articleBody']")
    if declared and len(_text(declared[0])) >= MIN_MAIN_TEXT_CHARS:
        return declared[0]  # structured data says where the text is
    scored = [(score, el) for el in _elements(doc.body) if (score := _prose_score(el)) > 0]
    if not scored:
        return None
    clean = [item for item in scored if not any(_is_furniture(a) for a in [item[1], *item[1].iterancestors()])]
    best_clean = max(clean, key=lambda item: item[0], default=(0, None))
    if best_clean[0] >= MIN_MAIN_TEXT_CHARS:
        return best_clean[1]
    return max(scored, key=lambda item: item[0])[1]


def _title_candidates(meta: dict[str, str], page: dict[str, Any]) -> list[str]:
    raw = [meta.get("og:title"), meta.get("twitter:title"), meta.get("title"), page.get("title")]
    candidates: list[str] = []
    for value in filter(None, map(_norm, raw)):
        candidates.append(value)
        # Site names ride on either end: "Title | Site", "Site: Title", "Title - Section - Site".
        parts = TITLE_SEPARATORS_RE.split(value)
        if len(parts) > 1:
            candidates.append(max(parts, key=len))
        prefixed = SITE_PREFIX_RE.match(value)
        if prefixed:
            candidates.append(prefixed.group(1))
    return [c for c in _unique(candidates) if len(c) >= MIN_HEADLINE_CHARS]


def _clean_title(candidates: list[str]) -> str | None:
    # With the site name cut off, the shortest candidate is the headline.
    return min(candidates, key=len) if candidates else None


def _headline_element(doc: Element, titles: list[str], main: Element | None) -> Element | None:
    """The element showing the title nearest the main text (related lists repeat titles elsewhere)."""
    if not titles:
        return None
    folded = [t.casefold() for t in titles]
    longest = max(map(len, folded)) + MAX_HEADLINE_EXTRA_CHARS
    main_path = [*reversed(list(main.iterancestors())), main] if main is not None else []
    best, best_key = None, None
    for el in _elements(doc.body):
        if len(_norm(el.text_content())) > longest:
            continue  # cheap test first: most elements are far longer than a title
        if el.tag == "a" or any(a.tag == "a" or _is_furniture(a) for a in [el, *el.iterancestors()]):
            continue  # the title in a link or a related list is a teaser, not the headline
        if el.find(".//a") is not None and el.tag not in LINKED_HEADLINE_TAGS:
            continue
        text = _text(el).casefold()
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


def _article_root(headline: Element | None, main: Element | None) -> Element | None:
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


def _read_article(root: Element, main: Element, headline: Element | None, own_names: set[str]) -> dict[str, Any]:
    protected = {main, *main.iterancestors()}
    if headline is not None:
        protected.update({headline, *headline.iterancestors()})
    tags = _tags(root)  # before pruning: tag boxes sit in "related tags" blocks
    furniture = [el for el in _elements(root) if el is not root and el not in protected and _is_furniture(el)]
    _drop(furniture + [h for el in furniture if (h := _heading_before(el)) is not None and h not in protected])

    captions = _captions(root, main, protected, headline)
    credit = _labelled_value(root, PHOTO_CREDIT_LABELS, same_element=True)
    if credit is not None and not any(el in {credit.element, *credit.element.iterancestors()} for el, _ in captions):
        captions.append((credit.element, _text(credit.element)))
    date_el, date = _visible_date(root)
    editor = _labelled_value(root, EDITOR_LABELS)
    author = _labelled_value(root, AUTHOR_LABELS)
    source = _labelled_value(root, SOURCE_LABELS)  # stays in the body too: it is part of the story
    author_name = _strip_label(_itemprop_text(root, "author"), AUTHOR_LABELS) or (author.value if author else None)
    teasers = {text for a in root.iter("a") if a.get("href") and (text := _text(a))}

    noise = [el for el, _ in captions] + [e for e in (headline, date_el) if e is not None]
    noise += [found.element for found in (editor, author) if found is not None]
    noise += [
        el
        for el in _elements(root)
        if el not in protected and el.tag not in INLINE_TAGS and BODY_NOISE_NAME_RE.search(_names(el))
    ]
    # Of the headline and main text, only the headline and a main text that is a caption may go.
    removable = {headline, *(el for el, _ in captions)}
    _drop(el for el in noise if el is not root and (el not in protected or el in removable))
    return {
        "body": _body_text(root, teasers, own_names),
        "captions": _unique(text for _, text in captions),
        "tags": tags,
        "date": date,
        "editor": editor.value if editor else None,
        "author": author_name,
        "source_line": f"{source.label}: {source.value}" if source else None,
    }


def _heading_before(el: Element) -> Element | None:
    """The heading of a block ("Popular Videos", "Baca Juga" above the list), which goes with it."""
    previous = el.getprevious()
    if previous is None:
        return None
    text = _text(previous)
    if len(text) <= TEASER_HEADING_MAX_CHARS and (previous.tag in HEADING_TAGS or TEASER_LEAD_RE.match(text)):
        return previous
    return None


def _drop(elements: Iterable[Element]) -> None:
    doomed = list(elements)
    marked = set(doomed)
    for el in doomed:
        if el.getparent() is not None and not any(a in marked for a in el.iterancestors()):
            el.drop_tree()


# --- Parts of the article ---------------------------------------------------------------


def _captions(
    root: Element, main: Element, protected: set[Element], headline: Element | None
) -> list[tuple[Element, str]]:
    """Caption and credit texts of the article's own images, in page order.

    A candidate is a <figure>/<figcaption>, an element named like a caption or
    credit next to an image, or a wrapper named like a photo around exactly one
    image. Of nested candidates the outermost wins: it holds caption and credit.
    On a photo page the main text may itself be a <figcaption>.
    """
    candidates: list[tuple[Element, str]] = []
    for el in _elements(root):
        if el is root or any(a.tag == "a" for a in el.iterancestors()):
            continue
        if el in protected and not (el is main and el.tag == "figcaption"):
            continue
        if headline is not None and (el is headline or headline in el.iterancestors()):
            continue
        images = len(el.findall(".//img"))
        parent = el.getparent()
        near_image = images > 0 or (parent is not None and parent.find(".//img") is not None)
        named = el.tag in ("figure", "figcaption") or bool(CAPTION_NAME_RE.search(_names(el)))
        wrapper = images == 1 and bool(IMAGE_WRAPPER_NAME_RE.search(_names(el)))
        if not ((named and near_image) or wrapper or el.tag == "figcaption"):
            continue
        text = _text(el)
        mostly_links = _link_chars(el) > len(text) * CAPTION_MAX_LINK_SHARE
        if CAPTION_MIN_CHARS <= len(text) <= CAPTION_MAX_CHARS and not mostly_links:
            candidates.append((el, text))
    chosen = {el for el, _ in candidates}
    return [(el, text) for el, text in candidates if not any(a in chosen for a in el.iterancestors())]


def _tags(root: Element) -> list[str]:
    """Texts of the article's tag/topic links, in its root or its column; not site chrome, not running text."""
    parent = root.getparent()
    region = parent if parent is not None and parent.tag != "body" else root
    root_path = {root, *root.iterancestors()}
    found = []
    for link in region.iter("a"):
        if not TAG_HREF_RE.search(link.get("href") or ""):
            continue
        below = [a for a in link.iterancestors() if a not in root_path]
        if any(a.tag in FURNITURE_TAGS or a.tag == "header" or SITE_CHROME_NAME_RE.search(_names(a)) for a in below):
            continue
        if any(_is_furniture(a) for a in below) and not any(TAG_BOX_NAME_RE.search(_names(a)) for a in below):
            continue
        text = _text(link).lstrip("#").strip()
        if text and not _in_running_text(link, text):
            found.append(text)
    return _unique(found)


def _in_running_text(link: Element, text: str) -> bool:
    block = link.getparent()
    while block is not None and block.tag in INLINE_TAGS:
        block = block.getparent()
    return block is not None and len(_text(block)) - _link_chars(block) > INLINE_LINK_CONTEXT_CHARS


class Labelled(NamedTuple):
    element: Element  # the labelled element, or the row holding label and value
    label: str
    value: str


def _labelled_value(root: Element, labels: tuple[str, ...], same_element: bool = False) -> Labelled | None:
    """The first value shown after one of the labels, as in 'Editor: X'.

    The value is in the labelled element itself or, unless `same_element`, in
    the next table cell or list item ("Editor" | "X").
    """
    label_re = re.compile(r"^\W*(%s)(?=\s*[:|]|\s*$)[\s:|]*" % "|".join(map(re.escape, labels)), re.I)
    for el in _elements(root):
        text = _text(el)
        match = label_re.match(text)
        if not match or len(text) > LABEL_LINE_MAX_CHARS:
            continue
        if any(label_re.match(_text(d)) for d in el.iterdescendants() if isinstance(d.tag, str)):
            continue  # a smaller element holds the same label
        value = text[match.end() :].strip(" :|")
        if value:
            return Labelled(el, match.group(1), value)
        if same_element:
            continue
        # The label alone in its element: the value follows it, as text or in the next cell or item.
        node = el
        while not _norm(node.tail) and node.getnext() is None:
            parent = node.getparent()
            if parent is None or _text(parent) != text:
                break
            node = parent
        value = _norm(node.tail).strip(" :|")
        sibling = node.getnext()
        while not value and sibling is not None:
            value = _text(sibling).strip(" :|")
            sibling = sibling.getnext()
        if value and len(value) <= LABEL_LINE_MAX_CHARS and node.getparent() is not None:
            return Labelled(node.getparent(), match.group(1), value)
    return None


def _strip_label(value: str | None, labels: tuple[str, ...]) -> str | None:
    if not value:
        return value
    return re.sub(r"^(?:%s)\s*:?\s*" % "|".join(map(re.escape, labels)), "", value, flags=re.I) or None


def _itemprop_text(root: Element, prop: str) -> str | None:
    for el in root.xpath(f".//*[@itemprop='{prop}']"):
        text = _norm(el.get("content")) if el.tag == "meta" else _text(el)
        if text:
            return text
    return None


def _visible_date(root: Element) -> tuple[Element | None, str | None]:
    """The first date-and-time shown in the article ('Rabu, 4 November 2015 | 21:04 WIB'), verbatim."""
    for el in _elements(root):
        text = _text(el)
        if len(text) > VISIBLE_DATE_MAX_CHARS:
            continue
        match = VISIBLE_DATE_RE.search(text)
        if match:
            return el, match.group(0).strip()
    return None, None


def _body_text(root: Element, teasers: set[str], own_names: set[str]) -> str:
    for el in _elements(root):
        if el.tag in INLINE_TAGS and el.tag != "a" and any(c.tag in BLOCK_TAGS for c in el if isinstance(c.tag, str)):
            el.tag = "div"  # a <span> wrapping paragraphs: trafilatura would drop its own text
    markup = lxml.html.tostring(root, encoding="unicode")
    # Recall mode: the root is already the article; precision mode drops first paragraphs and source lines.
    extracted = trafilatura.bare_extraction(
        f"<html><body>{markup}</body></html>", favor_recall=True, include_comments=False
    )
    lines = _paragraphs(extracted.text if extracted is not None else "").split("\n\n")
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


def _paragraphs(text: str) -> str:
    lines = (_norm(line) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line and not STAFF_LINE_RE.match(line))

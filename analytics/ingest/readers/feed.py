"""RSS and Atom feeds saved as files: one record per `<item>` (RSS 2.0 and 1.0) or `<entry>` (Atom).

The feed is parsed as it streams (lxml's iterparse; entities are not resolved and nothing is
fetched), and each item is let go once read. Item N (1-based, in file order) is `record_ref(ref, N)`.
Fields, under schema names: title; body from the full text (`content:encoded`, Atom `content`), else
the summary (`description`, Atom `summary`); url (RSS `link`, Atom `link` href, else a permalink
`guid`); published_raw (`pubDate`, `dc:date`, Atom `published`, else `updated`); author (`dc:creator`,
`author`, Atom `author/name`); tags (`category`, Atom `category` term); outlet from RSS `source` (the
publisher an aggregator's item names, as Google News does); language from the channel's `language`
or `xml:lang`. Text that is not well-formed XML stops the feed where it breaks: the items before it
are kept, the rest is one bad record saying where.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from analytics.ingest.readers.base import BadRecord, Opener, RawRecord, ReaderItem, ReadOptions, record_ref

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_TAGS = frozenset({"item", f"{{{RSS1}}}item", f"{{{ATOM}}}entry"})
# schema field -> the item's elements that give it, first found wins (a bare name: no namespace)
TEXT_ELEMENTS = {
    "title": ("title", f"{{{RSS1}}}title", f"{{{ATOM}}}title"),
    "body": (
        f"{{{CONTENT}}}encoded",
        f"{{{ATOM}}}content",
        "description",
        f"{{{RSS1}}}description",
        f"{{{ATOM}}}summary",
    ),
    "published_raw": ("pubDate", f"{{{DC}}}date", f"{{{ATOM}}}published", f"{{{ATOM}}}updated"),
    "author": (f"{{{DC}}}creator", "author", f"{{{ATOM}}}author"),
    "outlet": ("source",),
}


def read_feed(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """One RawRecord per item or entry of an RSS or Atom feed (see the module docstring)."""
    items = 0
    language = None
    with open_stream() as stream:
        parsing = etree.iterparse(
            stream, events=("start", "end"), resolve_entities=False, no_network=True, remove_comments=True
        )
        try:
            for event, element in parsing:
                if event == "start":
                    language = language or element.get(XML_LANG)
                elif element.tag == "language" and language is None:
                    language = (element.text or "").strip() or None
                elif element.tag in ITEM_TAGS:
                    items += 1
                    yield RawRecord(record_ref(ref, items), _fields(element, language))
                    element.clear()
                    while element.getprevious() is not None:  # the items read: let them go
                        del element.getparent()[0]
        except etree.XMLSyntaxError as err:
            yield BadRecord(
                ref, f"not well-formed XML after item {items} ({err.msg}, line {err.lineno}): the rest is not read"
            )
            return
    if items == 0:
        yield BadRecord(ref, "XML with no RSS <item> or Atom <entry>: no article in it")


def _fields(item: etree._Element, language: str | None) -> dict[str, object]:
    fields: dict[str, object] = {}
    for name, elements in TEXT_ELEMENTS.items():
        for tag in elements:
            child = item.find(tag)
            text = _text(child) if child is not None else None
            if text:
                fields[name] = text
                break
    url = _link(item)
    if url:
        fields["url"] = url
    categories = [
        c.get("term") or c.get("label") or (c.text or "").strip() for c in item if _local(c.tag) == "category"
    ]
    if any(categories):
        fields["tags"] = [c for c in categories if c]
    if item.get(XML_LANG) or language:
        fields["language"] = item.get(XML_LANG) or language
    return fields


def _text(element: etree._Element) -> str:
    """An element's text: escaped or CDATA HTML as written (normalisation makes it text), an Atom
    person by its `name`, Atom XHTML content by its text."""
    name = element.find(f"{{{ATOM}}}name")
    if name is not None:
        return (name.text or "").strip()
    if len(element):
        return " ".join(t.strip() for t in element.itertext() if t.strip())
    return (element.text or "").strip()


def _link(item: etree._Element) -> str | None:
    """RSS `link` text; Atom `link` href (rel alternate, or none); else a permalink `guid`."""
    for child in item:
        if _local(child.tag) != "link":
            continue
        if child.get("href") is not None:
            if child.get("rel", "alternate") == "alternate":
                return child.get("href")
        elif (child.text or "").strip():
            return child.text.strip()
    guid = item.find("guid")
    if guid is not None and guid.get("isPermaLink", "true") == "true" and (guid.text or "").startswith("http"):
        return guid.text.strip()
    return None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""

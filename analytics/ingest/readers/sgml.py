"""Reuters-21578 SGML: 1,000 `<REUTERS>` documents per `.sgm` file.

The files are not well-formed XML (a DOCTYPE line, bare `&#3;` control
references, `<` in text written as `&lt;`), so we do not parse a tree. A
line scanner cuts the stream at `<REUTERS ...>` / `</REUTERS>` boundaries and
each document is read with a few regular expressions. Document N (1-based,
in file order) is `record_ref(ref, N)`, the spec's name for it; a document
that is cut off or has unclosed elements becomes a BadRecord and the scan
goes on with the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import cast

from analytics.ingest.readers.base import (
    BadRecord,
    Chunk,
    ChunkTally,
    FileNote,
    Opener,
    RawRecord,
    ReaderItem,
    ReadOptions,
    excerpt,
    record_ref,
)
from analytics.ingest.readers.text import BinaryInput, iter_text_lines

DEFAULT_ENCODING = "latin-1"  # the collection is ASCII; latin-1 never fails on a stray byte
OUTLET = "Reuters"
LANGUAGE = "en"

BOUNDARY_RE = re.compile(r"<REUTERS\b[^>]*>|</REUTERS>", re.I)
ATTRIBUTE_RE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
TEXT_RE = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S | re.I)
ITEM_RE = re.compile(r"<D>(.*?)</D>", re.S | re.I)
ELEMENT_RE = re.compile(r"</?[A-Za-z]+\b[^>]*>")
CHECKED_ELEMENTS = ("DATE", "TOPICS", "PLACES", "TITLE", "DATELINE", "BODY", "AUTHOR", "TEXT")

NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
ENTITY_RE = re.compile(r"&(?:#(\d+)|([a-z]+));", re.I)
# Wire control codes (&#2; start of text, &#3; end of text, &#22; SYN, ...) and DEL.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_reuters_sgml(
    open_stream: Opener, ref: str, options: ReadOptions, chunk: Chunk | None = None
) -> Iterator[ReaderItem]:
    """Yield one RawRecord per `<REUTERS>` document of a Reuters-21578 `.sgm` file.

    Fields: title, body (dateline + " " + body text, sign-off kept), author
    (the rare AUTHOR line), published_raw (the DATE text), tags (TOPICS),
    places (PLACES), outlet, language; extra `newid`.
    With a `chunk` of the file (cut before a `<REUTERS` tag), its documents, numbered as in the
    file; then the chunk's tally in place of the notes.
    """
    notes: list[FileNote] = []
    tally = None if chunk is None else ChunkTally()
    count = 0
    try:
        with open_stream() as stream:
            lines = iter_text_lines(
                stream,
                ref=ref,
                encoding=options.encoding or DEFAULT_ENCODING,
                notes=notes,
                max_line_bytes=options.limits.max_record_bytes,
                tally=tally,
                continued=chunk is not None and chunk.start > 0,
            )
            for number, text, closed in _documents(lines, before=chunk.records_before if chunk else 0):
                count += 1
                yield _record(ref, number, text, closed)
    except BinaryInput:
        yield BadRecord(ref, "binary content, not SGML")
        return
    except (OSError, LookupError) as exc:
        yield BadRecord(ref, f"unreadable after {count} document(s): {exc}")
        return
    if tally is not None:
        yield tally
        return
    yield from notes
    if count == 0:
        yield FileNote(ref, "no <REUTERS> documents found")


def _documents(lines: Iterable[str], *, before: int = 0) -> Iterator[tuple[int, str, bool]]:
    """(number, text, closed) for each document, from its opening tag to its closing tag,
    numbered after the `before` documents of the file ahead of these lines.

    A document still open when the next one starts, or when the input ends,
    comes out with closed=False.
    """
    number = before
    parts: list[str] | None = None
    for line in lines:
        position = 0
        for match in BOUNDARY_RE.finditer(line):
            if match.group().startswith("</"):
                if parts is not None:  # a closing tag outside a document is ignored
                    parts.append(line[position : match.end()])
                    yield number, "".join(parts), True
                    parts = None
                position = match.end()
            else:
                if parts is not None:
                    parts.append(line[position : match.start()])
                    yield number, "".join(parts), False
                number += 1
                parts = []
                position = match.start()
        if parts is not None:
            parts.append(line[position:])
    if parts is not None:
        yield number, "".join(parts), False


def _record(ref: str, number: int, text: str, closed: bool) -> RawRecord | BadRecord:
    name = record_ref(ref, number)
    boundary = cast(re.Match[str], BOUNDARY_RE.match(text))  # the scanner cut the document at its boundary
    attributes = dict(ATTRIBUTE_RE.findall(boundary.group()))
    newid = attributes.get("NEWID")
    label = f"NEWID {newid}: " if newid else ""
    problem = _problem(text) if closed else "truncated: no </REUTERS> before the next document or the end of the file"
    if problem:
        return BadRecord(name, f"{label}{problem}", excerpt(text))

    text_match = cast(re.Match[str], TEXT_RE.search(text))  # else _problem would have said so
    text_type = dict(ATTRIBUTE_RE.findall(text_match.group(1))).get("TYPE", "NORM").upper()
    content = text_match.group(2)
    fields: dict[str, object] = {}
    if text_type == "UNPROC":
        body = _clean(ELEMENT_RE.sub("", content))
    else:
        title = _element(content, "TITLE")
        if title:
            fields["title"] = " ".join(title.split())
        body = _element(content, "BODY") if text_type != "BRIEF" else ""
        if body:
            dateline = " ".join(_element(content, "DATELINE").split())
            body = f"{dateline} {body}" if dateline else body
        author = " ".join(_element(content, "AUTHOR").split())
        if author:
            fields["author"] = author
    if body:
        fields["body"] = body
    if not fields:
        return BadRecord(name, f"{label}no title and no text", excerpt(text))

    topics, places = _items(text, "TOPICS"), _items(text, "PLACES")
    published = _element(text, "DATE")
    if published:
        fields["published_raw"] = published
    fields["outlet"] = OUTLET
    fields["language"] = LANGUAGE
    fields["tags"] = topics
    fields["places"] = places
    if newid:
        fields["newid"] = newid
    return RawRecord(name, fields)


def _problem(text: str) -> str | None:
    """Why a closed document cannot be read, or None."""
    if not TEXT_RE.search(text):
        return "no complete <TEXT> element"
    for tag in CHECKED_ELEMENTS:
        opened = len(re.findall(rf"<{tag}\b", text, re.I))
        shut = len(re.findall(rf"</{tag}>", text, re.I))
        if opened != shut:
            return f"unbalanced <{tag}> element ({opened} opened, {shut} closed)"
    return None


def _element(text: str, tag: str) -> str:
    """Cleaned text of the first <tag> element, '' if absent."""
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.S | re.I)
    return _clean(match.group(1)) if match else ""


def _items(text: str, tag: str) -> list[str]:
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.S | re.I)
    if not match:
        return []
    return [item for item in (_clean(i) for i in ITEM_RE.findall(match.group(1))) if item]


def _clean(text: str) -> str:
    """Entities resolved, control codes dropped, wrapped lines joined into paragraphs.

    A line that starts with whitespace starts a paragraph (the wire indents
    paragraphs and table rows); paragraphs are separated by a blank line.
    """
    text = CONTROL_RE.sub("", ENTITY_RE.sub(_entity, text))
    paragraphs: list[list[str]] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            if paragraphs and paragraphs[-1]:
                paragraphs.append([])
            continue
        if not paragraphs or not paragraphs[-1] or line[0].isspace():
            paragraphs.append([stripped])
        else:
            paragraphs[-1].append(stripped)
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _entity(match: re.Match[str]) -> str:
    code, name = match.groups()
    if code is not None:
        value = int(code)
        return chr(value) if value < 0x110000 and not 0xD800 <= value <= 0xDFFF else ""
    return NAMED_ENTITIES.get(name.lower(), match.group())

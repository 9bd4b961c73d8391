"""Page-text dumps: a news page copied as plain text (the seed is one).

The layout these dumps share: a title line; a date line; image captions with
their credits; the body, usually opened by the outlet's dateline
(`SRAGEN UPDATE - ...`); credit lines (`Editor:`, `Sumber:` ...); a `Tags`
section; then the site's navigation. We find each part by what it looks like,
never by its position in one known page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analytics.ingest.readers.base import BadRecord, Opener, OversizedRecord, RawRecord, ReaderItem, ReadOptions
from analytics.ingest.readers.text import BinaryInput, read_text
from analytics.text import cleaning, dates

# How far into the page the title, date and captions may stand (non-empty lines).
HEAD_LINES = 8
DATE_LINE_MAX_CHARS = 80
TAG_MAX_CHARS = 60
MAX_TAGS = 30

CREDIT_LINE = re.compile(
    r"^\s*(?P<key>editor|penyunting|penulis|reporter|pewarta|writer|author|sumber|source|foto|photo)\s*:\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
CREDIT_FIELDS = {
    "editor": "editor",
    "penyunting": "editor",
    "penulis": "author",
    "reporter": "author",
    "pewarta": "author",
    "writer": "author",
    "author": "author",
    "sumber": "source_line",
    "source": "source_line",
    "foto": "captions",
    "photo": "captions",
}
TAGS_HEADING = re.compile(r"^\s*(?:tags?|topik)\s*(?::\s*(?P<inline>.*))?$", re.IGNORECASE)
# An outlet or city dateline opening the body: `SRAGEN UPDATE -`, `JAKARTA, KOMPAS.com -`,
# `Liputan6.com, Jakarta -`, `SEOUL (Reuters) -`.
BODY_DATELINE = re.compile(r"^(?P<prefix>[A-Z][\w.]*(?:[ ,]+[\w.()]+){0,5})(?:\s+[-–—]{1,2}|[-–—]{1,2}\s)")
# ... whose prefix has a word in capitals or a domain, unlike a sentence (`Maung Bandung -julukan Persib-`).
DATELINE_MARK = re.compile(r"\b[A-Z]{2,}\b|\w\.(?i:com|co|id)\b")
# Marks of a photo credit on a caption line.
PHOTO_CREDIT = re.compile(r"\s//\s*[A-Z]|\b(?i:foto|photo)\s*:|ANTARA FOTO/|AP Photo/|REUTERS/")
CAPTION_MAX_LINES = 3
DATE_LINE_PUNCT = " -–—•|"


def read_pagetext(open_stream: Opener, ref: str, options: ReadOptions) -> Iterator[ReaderItem]:
    """Yield the one RawRecord of a page-text dump (schema field names), after any notes on its
    decoding; a BadRecord for a binary, empty or oversized file (an oversized page is quarantined,
    not cut: its end holds the credits and tags, and a cut text would be a different story)."""
    notes: list = []
    try:
        with open_stream() as stream:
            text = read_text(
                stream, ref=ref, encoding=options.encoding, notes=notes, max_bytes=options.limits.max_record_bytes
            )
    except (BinaryInput, OversizedRecord) as err:
        yield BadRecord(ref, str(err))
        return
    yield from notes
    if not text.strip():
        yield BadRecord(ref, "empty file")
        return
    yield RawRecord(ref, parse_page(text))


def parse_page(text: str) -> dict:
    """The parts of one page dump, under the schema's field names."""
    lines = [line.rstrip() for line in text.splitlines()]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    fields: dict = {"title": lines[filled[0]].strip()}
    head = filled[1:HEAD_LINES]

    date_at = next((i for i in head if _date_line(lines[i])), None)
    if date_at is not None:
        fields["published_raw"] = lines[date_at].strip(DATE_LINE_PUNCT)
    after_head = date_at if date_at is not None else filled[0]

    body_start, captions = _split_captions(lines, after_head)
    body_end = _body_end(lines, body_start)
    fields["body"] = cleaning.clean_body("\n".join(lines[body_start:body_end]))
    credits = _read_tail(lines[body_end:])
    fields["captions"] = captions + credits.pop("captions", [])
    fields.update(credits)
    return fields


def _date_line(line: str) -> bool:
    stripped = line.strip(DATE_LINE_PUNCT)
    return len(stripped) <= DATE_LINE_MAX_CHARS and isinstance(dates.parse_published(stripped), dates.ParsedDate)


def _split_captions(lines: list[str], after: int) -> tuple[int, list[str]]:
    """Where the body starts, and the caption lines standing between the head and it."""
    following = [i for i in range(after + 1, len(lines)) if lines[i].strip()]
    if not following:
        return after + 1, []
    for i in following[:HEAD_LINES]:
        dateline = BODY_DATELINE.match(lines[i].strip())
        if dateline and DATELINE_MARK.search(dateline["prefix"]):
            return i, [lines[j].strip() for j in following if j < i]
    # No dateline: the first block is a caption block only if it carries a photo credit.
    block: list[int] = []
    for i in following:
        if block and i != block[-1] + 1:
            break
        block.append(i)
    is_caption = len(block) <= CAPTION_MAX_LINES and any(PHOTO_CREDIT.search(lines[i]) for i in block)
    if block[-1] != following[-1] and is_caption:
        return block[-1] + 1, [lines[i].strip() for i in block]
    return following[0], []


def _body_end(lines: list[str], start: int) -> int:
    """Where the closing block starts: pagination, credits, tags and navigation.

    The block is found from the end backwards and holds only short lines and
    markers, so a `Sumber:` line inside a long article never cuts its text.
    """
    end = len(lines)
    for i in range(len(lines) - 1, start, -1):
        line = lines[i].strip()
        marker = bool(
            cleaning.PAGINATION.match(line)
            or CREDIT_LINE.match(line)
            or TAGS_HEADING.match(line)
            or cleaning.is_navigation_heading(line)
        )
        if marker:
            end = i
        elif len(line) > TAG_MAX_CHARS:
            break
    return end


def _read_tail(lines: list[str]) -> dict:
    """Credit lines and the tag list after the body; navigation ends everything."""
    fields: dict = {}
    tags: list[str] | None = None
    for raw in lines:
        line = raw.strip()
        if not line or cleaning.is_furniture(line):
            continue
        if cleaning.is_navigation_heading(line):
            break
        credit = CREDIT_LINE.match(line)
        if credit and credit["value"]:
            field = CREDIT_FIELDS[credit["key"].lower()]
            if field == "captions":
                fields.setdefault("captions", []).append(line)
            else:
                fields.setdefault(field, credit["value"])
            tags = None
            continue
        heading = TAGS_HEADING.match(line)
        if heading:
            tags = fields.setdefault("tags", [])
            tags.extend(t.strip() for t in (heading["inline"] or "").split(",") if t.strip())
            continue
        if tags is not None and len(line) <= TAG_MAX_CHARS and len(tags) < MAX_TAGS:
            tags.extend(t.strip().lstrip("#") for t in line.split(",") if t.strip())
            continue
        tags = None
    fields.setdefault("tags", [])
    return fields

"""What every reader yields, and the options a source can set.

A reader knows a format, not its meaning: it turns one input (a file or a zip
member, opened as bytes) into records, and reports each record it cannot read
as a BadRecord instead of raising. Tabular and JSON readers keep the input's own
field names (`analytics.ingest.fieldmap` maps them to the schema); readers of
self-describing formats (page text, HTML, Reuters SGML) yield schema field names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from analytics import settings
from analytics.schema import BadRecord

EXCERPT_CHARS = 120


@dataclasses.dataclass(frozen=True)
class RawRecord:
    """One record as a reader found it, before mapping and normalisation."""

    source_ref: str
    fields: dict[str, Any]
    # True when the fields already carry schema names (self-describing formats).
    mapped: bool = False


@dataclasses.dataclass(frozen=True)
class FileNote:
    """Something the user should know about a whole input that lost no record
    (for example: lines decoded as cp1252 because they were not UTF-8)."""

    source_ref: str
    message: str


ReaderItem = RawRecord | BadRecord | FileNote
Opener = Callable[[], BinaryIO]


@dataclasses.dataclass(frozen=True)
class ReadLimits:
    """What ingest refuses to read (the settings of the same names): a record whose input is over
    `max_record_bytes`, a zip member that expands over `zip_max_ratio` times its compressed size or
    to over `zip_max_member_bytes`, and zip archives nested over `zip_max_depth` deep."""

    max_record_bytes: int = settings.MAX_RECORD_BYTES
    zip_max_ratio: int = settings.ZIP_MAX_RATIO
    zip_max_member_bytes: int = settings.ZIP_MAX_MEMBER_BYTES
    zip_max_depth: int = settings.ZIP_MAX_DEPTH


@dataclasses.dataclass(frozen=True)
class ReadOptions:
    """Per-source reading options, as a manifest declares them (None = detect), and the limits
    ingest reads within (from the settings: a file read within other limits is read again)."""

    encoding: str | None = None
    header: bool | None = None
    columns: tuple[str, ...] | None = None
    delimiter: str | None = None
    sheet: str | None = None
    limits: ReadLimits = ReadLimits()


class OversizedRecord(ValueError):
    """A record whose input is over the record size limit; the message is the quarantine reason."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"oversized: {size:,} bytes (limit {limit:,})")


def excerpt(text: Any, limit: int = EXCERPT_CHARS) -> str:
    """A one-line, bounded excerpt of a value for quarantine messages."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def record_ref(ref: str, number: int) -> str:
    """The spec's name for the N-th (1-based) record of a multi-record input."""
    return f"{ref}#{number}"


Reader = Callable[[Opener, str, ReadOptions], Iterator[ReaderItem]]

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


@dataclasses.dataclass(frozen=True)
class Chunk:
    """A stretch of a file's records that one worker reads: bytes `start` to `end`, cut at record
    boundaries, after `records_before` records and `lines_before` lines of the file, so that its
    records keep their numbers and lines. A tabular chunk carries the file's delimiter and column
    names; every other chunk reads as the file's first bytes are read (the encoding, a BOM)."""

    fmt: str
    start: int
    end: int
    records_before: int
    lines_before: int
    delimiter: str | None = None
    columns: tuple[str, ...] = ()
    width_label: str = ""


@dataclasses.dataclass
class ChunkTally:
    """What a chunk's reader counted towards the notes of its whole file, which are given once
    the file's last chunk is read: lines decoded by a fallback encoding (or with bytes replaced),
    NULs removed, and for tables the empty rows (those followed by a row, those that may be
    trailing padding) and whether any other row came."""

    decoded: dict[str, int] = dataclasses.field(default_factory=dict)
    nuls: int = 0
    empty: int = 0
    pending_empty: int = 0
    data: bool = False

    def then(self, later: ChunkTally) -> ChunkTally:
        """The tally of this stretch followed by the `later` one."""
        decoded = dict(self.decoded)
        for name, count in later.decoded.items():
            decoded[name] = decoded.get(name, 0) + count
        if later.data:
            empty, pending = self.empty + self.pending_empty + later.empty, later.pending_empty
        else:
            empty, pending = self.empty, self.pending_empty + later.pending_empty
        return ChunkTally(decoded, self.nuls + later.nuls, empty, pending, self.data or later.data)


ReaderItem = RawRecord | BadRecord | FileNote | ChunkTally
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
# A chunk's reader: the records of `Chunk` of the input, then its ChunkTally (never a FileNote).
ChunkReader = Callable[[Opener, str, ReadOptions, Chunk], Iterator[ReaderItem]]

"""Finding the inputs of a source and handing each to the reader of its format.

Zip archives are read as if they were folders: a member's ref is the
archive's ref followed by the member's path (`x/cgtn.zip/cgtn/file.csv`).

A file's ref is its path from the ingest root (the store may lengthen it: see
`longer_refs`); bytes of a name that are not UTF-8 are written `\\xNN`. A file found
outside the folder it was looked for in (a link out of it, a path up past it) is
refused, read as one quarantined record, unless its source allows it (`allow_outside`).

An archive may hold two members of one name: the second is read as a copy, `file (2).csv`,
so that every record keeps a ref of its own (and its place in `duplicates`).

A hostile archive costs one bad record per member, never the run: a member that is
encrypted, would expand past `zip_max_ratio` times its compressed size or past
`zip_max_member_bytes` (settings; zipfile never inflates more than a member declares),
or an archive nested deeper than `zip_max_depth`, is refused with the figure in the
reason; a member whose compressed data is corrupt is quarantined after the records
read from it before the damage.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import functools
import io
import os
import pathlib
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, BinaryIO, cast

from analytics.ingest.formats import READERS
from analytics.ingest.manifest import SourceSpec
from analytics.ingest.readers import jsonfmt, sgml, tabular
from analytics.ingest.readers.base import (
    BadRecord,
    Chunk,
    ChunkReader,
    Opener,
    OversizedRecord,
    RawRecord,
    ReaderItem,
    ReadLimits,
)
from analytics.ingest.readers.text import UTF16_BOMS, looks_binary

# Formats whose readers yield schema field names.
SELF_DESCRIBING = frozenset({"pagetext", "html", "reuters_sgml", "feed"})
EXTENSION_FORMATS = {
    ".txt": None,
    ".text": "pagetext",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".json": None,
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".sgm": "reuters_sgml",
    ".sgml": "reuters_sgml",
    ".zip": "zip",
    ".parquet": "parquet",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": None,
}
# Markers in the head of an XML text that make it a feed (RSS 2.0, RSS 1.0 / RDF, Atom), lower case.
FEED_MARKERS = (b"<rss", b"<rdf:rdf", b"http://www.w3.org/2005/atom")
# Files a folder walk passes over: documentation that travels with corpora.
DOCUMENTATION_GLOBS = ("readme*", "license*", "provenance*", "changelog*", "sha256sums*", "*.md", ".*")
# The readers of a chunk of a file, by format: the formats whose files are split (analytics.ingest.split).
CHUNK_READERS: dict[str, ChunkReader] = {
    "csv": tabular.read_csv_chunk,
    "jsonl": jsonfmt.read_jsonl,
    "json": jsonfmt.read_json,
    "reuters_sgml": sgml.read_reuters_sgml,
}
SNIFF_BYTES = 4096
LINK_OUTSIDE = "link outside the input folder"  # the quarantine reason of a file a link out of the folder names
PATH_OUTSIDE = "outside the input folder"  # of a file a path going up past the folder names
# Zip members this small are not held to the ratio limit: whatever they expand by, they cost
# little (deflate expands at most 1032 times, so at 64 KiB one member compresses to 64 bytes).
ZIP_RATIO_GRACE_BYTES = 64 * 1024
# A zip inside a zip is copied out to be read: in memory up to this size, then on disk.
NESTED_ZIP_SPOOL_BYTES = 32 * 1024 * 1024
ENCRYPTED_FLAG = 0x1  # bit 0 of a zip member's general-purpose flags


@dataclasses.dataclass(frozen=True)
class InputFile:
    """One input file to read: its path, its source ref (relative to the ingest root), its source's
    settings, and why it is not read when it is refused (a link out of its folder, a folder
    that cannot be listed); a chunk of a file split across workers names its stretch."""

    path: pathlib.Path
    ref: str
    spec: SourceSpec
    refusal: str | None = None
    chunk: Chunk | None = None  # the stretch of the file to read, when it is split (analytics.ingest.split)


def discover(spec: SourceSpec, root: pathlib.Path) -> tuple[list[InputFile], list[str]]:
    """The files a source names (sorted, excludes applied), and the patterns that matched nothing."""
    found: dict[pathlib.Path, tuple[pathlib.Path, str | None]] = {}  # file: its folder, why it cannot be listed
    unmatched = []
    for pattern in spec.paths:
        matches = sorted(_expand(root, pattern), key=lambda match: match[0])
        if not matches:
            unmatched.append(pattern)
        for path, folder, unlisted in matches:
            found.setdefault(path, (folder, unlisted))
    inputs = []
    for path, (folder, unlisted) in found.items():
        ref = _ref(path, root)
        if any(fnmatch.fnmatch(ref, ex) for ex in spec.exclude):
            continue
        refusal = unlisted or (None if spec.allow_outside else _refusal(path, folder))
        inputs.append(InputFile(path, ref, spec, refusal))
    return inputs, unmatched


def _expand(root: pathlib.Path, pattern: str) -> Iterator[tuple[pathlib.Path, pathlib.Path, str | None]]:
    """The files a pattern names, each with the folder it was looked for in (the root, or the
    folder an absolute pattern names: a file named so is its own folder), and the folders under
    them that cannot be listed, with the reason (read as one quarantined record each)."""
    given = pathlib.Path(pattern)
    for path in [given] if given.is_absolute() else root.glob(pattern):
        folder = path if given.is_absolute() else root
        if path.is_dir():
            yield from ((p, folder, unlisted) for p, unlisted in _walk(path))
        elif path.is_file():
            yield path, folder, None


def _walk(folder: pathlib.Path) -> Iterator[tuple[pathlib.Path, str | None]]:
    """Every file under a folder but documentation, links to folders not followed; and every
    folder under it that cannot be listed, with the reason (`cannot open: Permission denied`)."""
    unlisted: list[OSError] = []
    for parent, _, names in os.walk(folder, onerror=unlisted.append):
        for name in names:
            path = pathlib.Path(parent, name)
            if path.is_file() and not _is_documentation(name):
                yield path, None
    for problem in unlisted:
        yield pathlib.Path(problem.filename), f"cannot open: {problem.strerror}"


def _is_documentation(name: str) -> bool:
    return any(fnmatch.fnmatch(name.lower(), g) for g in DOCUMENTATION_GLOBS)


def _refusal(path: pathlib.Path, folder: pathlib.Path) -> str | None:
    """Why a file found looking in `folder` is not read: it lies outside it (None: it does not)."""
    if path.resolve().is_relative_to(folder.resolve()):
        return None
    return LINK_OUTSIDE if _lexical(path).is_relative_to(_lexical(folder)) else PATH_OUTSIDE


def _lexical(path: pathlib.Path) -> pathlib.Path:
    """The path with `..` taken off as written, links not followed."""
    return pathlib.Path(os.path.normpath(path))


def _ref(path: pathlib.Path, root: pathlib.Path) -> str:
    """The path from the root, links followed (else as written: a link out of the root), else the whole path."""
    for file, folder in ((path.resolve(), root.resolve()), (_lexical(path), _lexical(root))):
        if file.is_relative_to(folder):
            return path_text(file.relative_to(folder))
    return path_text(path)


def path_text(path: pathlib.PurePath) -> str:
    """A path as text the store can hold: `/`-separated, bytes of its name that are not UTF-8 as `\\xNN`."""
    return os.fsencode(path.as_posix()).decode("utf-8", errors="backslashreplace")


def longer_refs(ref: str, root: pathlib.Path) -> list[str]:
    """The refs a file takes when another file of the store holds its own, shortest first: its
    ref under the root's own folders, nearest first (`news.csv` of the root /data/a/2022:
    `2022/news.csv`, `a/2022/news.csv`, `data/a/2022/news.csv`, `/data/a/2022/news.csv`)."""
    if pathlib.PurePosixPath(ref).is_absolute():
        return []
    parts = root.resolve().parts
    return [f"{path_text(pathlib.PurePosixPath(*parts[-n:]))}/{ref}" for n in range(1, len(parts) + 1)]


def detect_format(name: str, head: bytes) -> str | None:
    """The format of an input, from its extension, then from its first bytes."""
    suffix = pathlib.PurePosixPath(name).suffix.lower()
    known = EXTENSION_FORMATS.get(suffix)
    if known:
        return known
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if b"[Content_Types].xml" in head and b"xl/" in head else "zip"
    if head.startswith(UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype lewis", b"<reuters")):
        return "reuters_sgml"
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    if text.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")):  # XHTML is a page; other XML, a feed or nothing
        return "html" if b"<html" in text and not any(m in text for m in FEED_MARKERS) else "feed"
    if text.startswith((b"[", b"{")):
        return jsonfmt.sniff_json_kind(head)
    if looks_binary(head):
        return None
    return "pagetext"


def read_input(item: InputFile) -> Iterator[ReaderItem]:
    """Every record, bad record and note of one input file."""
    if item.refusal is not None:
        yield BadRecord(item.ref, item.refusal)
        return
    if item.chunk is not None:
        yield from _read_chunk(item.path, item.ref, item.spec, item.chunk)
        return
    yield from _read(lambda: item.path.open("rb"), item.ref, item.path.name, item.spec, depth=0)


def _read(open_stream: Opener, ref: str, name: str, spec: SourceSpec, *, depth: int) -> Iterator[ReaderItem]:
    """The items of one input (a file, or a member of an archive `depth` archives deep)."""
    try:
        with open_stream() as stream:
            head = stream.read(SNIFF_BYTES)
    except MemberUnreadable as err:
        yield BadRecord(ref, str(err))
        return
    except OSError as err:
        yield BadRecord(ref, f"cannot open: {err.strerror or err}")
        return
    if not head:
        yield BadRecord(ref, "empty file")
        return
    fmt = detect_format(name, head)
    if fmt == "zip":
        yield from _read_zip(open_stream, ref, spec, depth=depth + 1)
        return
    fmt = spec.format or fmt
    if fmt is None:
        yield BadRecord(ref, "binary content in no format we read")
        return
    try:
        for item in READERS[fmt](open_stream, ref, spec.options):
            if fmt in SELF_DESCRIBING and isinstance(item, RawRecord):
                item = dataclasses.replace(item, mapped=True)
            yield item
    except (MemberUnreadable, OversizedRecord) as err:  # the reason says it all
        yield BadRecord(ref, str(err))
    except Exception as err:  # a reader's unforeseen failure costs the rest of this input, never the run
        yield BadRecord(ref, f"unreadable: {type(err).__name__}: {err}")


def _read_chunk(path: pathlib.Path, ref: str, spec: SourceSpec, chunk: Chunk) -> Iterator[ReaderItem]:
    """The items of one chunk of a plain file, as `_read` gives the file's (then the chunk's tally)."""
    opener = cast(Opener, functools.partial(_open_span, path, chunk.start, chunk.end))
    try:
        for item in CHUNK_READERS[chunk.fmt](opener, ref, spec.options, chunk):
            if chunk.fmt in SELF_DESCRIBING and isinstance(item, RawRecord):
                item = dataclasses.replace(item, mapped=True)
            yield item
    except OSError as err:
        yield BadRecord(ref, f"cannot open: {err.strerror or err}")
    except Exception as err:  # as in _read: a reader's unforeseen failure costs the rest of this input
        yield BadRecord(ref, f"unreadable: {type(err).__name__}: {err}")


def _open_span(path: pathlib.Path, start: int, end: int) -> BinaryIO:
    stream = path.open("rb")
    stream.seek(start)
    return cast(BinaryIO, _Span(stream, end - start))


class _Span(io.BufferedIOBase):
    """The next `size` bytes of a binary file, as a binary file."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        super().__init__()
        self._stream = stream
        self._left = size

    def read(self, size: int | None = -1) -> bytes:
        wanted = self._left if size is None or size < 0 else min(size, self._left)
        data = self._stream.read(wanted)
        self._left -= len(data)
        return data

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._stream.close()
        super().close()


def _read_zip(open_stream: Opener, ref: str, spec: SourceSpec, *, depth: int) -> Iterator[ReaderItem]:
    """The items of the members of a zip archive (`depth` 1 for a file, 2 for a zip in it ...)."""
    limits = spec.options.limits
    if depth > limits.zip_max_depth:
        yield BadRecord(ref, f"refused: a zip archive nested {depth} deep (limit {limits.zip_max_depth})")
        return
    try:
        with open_stream() as raw, _spooled(raw, nested=depth > 1) as source, zipfile.ZipFile(source) as archive:
            names = {member.filename for member in archive.infolist()}
            taken: set[str] = set()
            for member in archive.infolist():
                name = member.filename
                if (
                    member.is_dir()
                    or name.startswith("__MACOSX/")
                    or _is_documentation(pathlib.PurePosixPath(name).name)
                ):
                    continue
                if spec.members and not any(fnmatch.fnmatch(name, m) for m in spec.members):
                    continue
                member_ref = f"{ref}/{_copy_name(name, names, taken)}"
                refusal = member_refusal(member, limits)
                if refusal:
                    yield BadRecord(member_ref, refusal)
                    continue
                opener = cast(Opener, functools.partial(open_member, archive, member))
                yield from _read(opener, member_ref, name, spec, depth=depth)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as err:
        yield BadRecord(ref, f"not a readable zip archive: {err}")


def _copy_name(name: str, names: set[str], taken: set[str]) -> str:
    """The name a member's ref gives it: its own, or when an earlier member of the archive took
    it (two members may have one name), the first copy name free among the archive's names, as
    file managers name copies (`x.csv`, `x (2).csv`, `x (3).csv`): each member keeps its own
    records, and the `#N` of a record never reads as a member's."""
    path = pathlib.PurePosixPath(name)
    copy, number = name, 1
    while copy in taken or (copy != name and copy in names):
        number += 1
        copy = str(path.with_name(f"{path.stem} ({number}){path.suffix}"))
    taken.add(copy)
    return copy


def member_refusal(member: zipfile.ZipInfo, limits: ReadLimits) -> str | None:
    """Why a zip member is not read (encrypted, or it would expand past the limits), or None.

    The sizes are the archive's own word, and zipfile holds it to them: it never inflates more
    than the declared size (a member whose data goes on fails its CRC check, and is corrupt)."""
    if member.flag_bits & ENCRYPTED_FLAG:
        return "encrypted: needs a password"
    if member.file_size > limits.zip_max_member_bytes:
        return f"refused: expands to {member.file_size:,} bytes (limit {limits.zip_max_member_bytes:,})"
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > ZIP_RATIO_GRACE_BYTES and ratio > limits.zip_max_ratio:
        return f"refused: expands {ratio:,.0f}x (limit {limits.zip_max_ratio:,}x)"
    return None


def open_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> BinaryIO:
    """A zip member's bytes, whose failures to inflate raise MemberUnreadable."""
    with _inflating():
        return cast(BinaryIO, _MemberStream(archive.open(member)))


class MemberUnreadable(OSError):
    """A zip member whose data cannot be inflated; the message is the quarantine reason."""


@contextlib.contextmanager
def _inflating() -> Iterator[None]:
    try:
        yield
    except (zlib.error, EOFError, zipfile.BadZipFile) as err:  # bad deflate data, cut short, a bad CRC or header
        raise MemberUnreadable(f"corrupt compressed data ({err})") from err
    except NotImplementedError as err:  # a compression method zipfile lacks
        raise MemberUnreadable(f"unreadable compressed data ({err})") from err


class _MemberStream(io.BufferedIOBase):
    """A zip member as a binary file whose failures to inflate raise MemberUnreadable."""

    def __init__(self, member: IO[bytes]) -> None:
        super().__init__()
        self._member = member

    def read(self, size: int | None = -1) -> bytes:
        with _inflating():
            return self._member.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._member.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        with _inflating():
            return self._member.seek(offset, whence)

    def tell(self) -> int:
        return self._member.tell()

    def close(self) -> None:
        self._member.close()
        super().close()


@contextlib.contextmanager
def _spooled(raw: BinaryIO, *, nested: bool) -> Iterator[BinaryIO]:
    """An archive to open: a file as it is; a zip inside a zip copied out first (zipfile seeks
    to each member, and a seek back in a compressed member inflates it again from its start)."""
    if not nested:
        yield raw
        return
    with tempfile.SpooledTemporaryFile(max_size=NESTED_ZIP_SPOOL_BYTES) as spool:
        shutil.copyfileobj(raw, spool)
        spool.seek(0)
        yield cast(BinaryIO, spool)

"""Finding the inputs of a source and handing each to the reader of its format.

Zip archives are read as if they were folders: a member's ref is the
archive's ref followed by the member's path (`x/cgtn.zip/cgtn/file.csv`).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import pathlib
import zipfile
from collections.abc import Iterator
from typing import cast

from analytics.ingest.formats import READERS
from analytics.ingest.manifest import SourceSpec
from analytics.ingest.readers import jsonfmt
from analytics.ingest.readers.base import BadRecord, Opener, RawRecord, ReaderItem
from analytics.ingest.readers.text import UTF16_BOMS, looks_binary

# Formats whose readers yield schema field names.
SELF_DESCRIBING = frozenset({"pagetext", "html", "reuters_sgml"})
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
}
# Files a folder walk passes over: documentation that travels with corpora.
DOCUMENTATION_GLOBS = ("readme*", "license*", "provenance*", "changelog*", "sha256sums*", "*.md", ".*")
SNIFF_BYTES = 4096


@dataclasses.dataclass(frozen=True)
class InputFile:
    """One input file to read: its path, its source ref (relative to the ingest root) and its source's settings."""

    path: pathlib.Path
    ref: str
    spec: SourceSpec


def discover(spec: SourceSpec, root: pathlib.Path) -> tuple[list[InputFile], list[str]]:
    """The files a source names (sorted, excludes applied), and the patterns that matched nothing."""
    found: dict[pathlib.Path, None] = {}
    unmatched = []
    for pattern in spec.paths:
        matches = sorted(_expand(root, pattern))
        if not matches:
            unmatched.append(pattern)
        for path in matches:
            found.setdefault(path, None)
    inputs = []
    for path in found:
        ref = _ref(path, root)
        if any(fnmatch.fnmatch(ref, ex) for ex in spec.exclude):
            continue
        inputs.append(InputFile(path, ref, spec))
    return inputs, unmatched


def _expand(root: pathlib.Path, pattern: str) -> Iterator[pathlib.Path]:
    given = pathlib.Path(pattern)
    for path in [given] if given.is_absolute() else root.glob(pattern):
        if path.is_dir():
            yield from (p for p in path.rglob("*") if p.is_file() and not _is_documentation(p.name))
        elif path.is_file():
            yield path


def _is_documentation(name: str) -> bool:
    return any(fnmatch.fnmatch(name.lower(), g) for g in DOCUMENTATION_GLOBS)


def _ref(path: pathlib.Path, root: pathlib.Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def detect_format(name: str, head: bytes) -> str | None:
    """The format of an input, from its extension, then from its first bytes."""
    suffix = pathlib.PurePosixPath(name).suffix.lower()
    known = EXTENSION_FORMATS.get(suffix)
    if known:
        return known
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if b"[Content_Types].xml" in head and b"xl/" in head else "zip"
    if head.startswith(UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype lewis", b"<reuters")):
        return "reuters_sgml"
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    if text.startswith((b"[", b"{")):
        return jsonfmt.sniff_json_kind(head)
    if looks_binary(head):
        return None
    return "pagetext"


def read_input(item: InputFile) -> Iterator[ReaderItem]:
    """Every record, bad record and note of one input file."""
    yield from _read(lambda: item.path.open("rb"), item.ref, item.path.name, item.spec)


def _read(open_stream: Opener, ref: str, name: str, spec: SourceSpec) -> Iterator[ReaderItem]:
    try:
        with open_stream() as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as err:
        yield BadRecord(ref, f"cannot open: {err.strerror or err}")
        return
    if not head:
        yield BadRecord(ref, "empty file")
        return
    fmt = detect_format(name, head)
    if fmt == "zip":
        yield from _read_zip(open_stream, ref, spec)
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
    except Exception as err:  # a reader's unforeseen failure costs the rest of this input, never the run
        yield BadRecord(ref, f"unreadable: {type(err).__name__}: {err}")


def _read_zip(open_stream: Opener, ref: str, spec: SourceSpec) -> Iterator[ReaderItem]:
    try:
        with open_stream() as raw, zipfile.ZipFile(raw) as archive:
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
                opener = cast(Opener, functools.partial(archive.open, member))  # a zip member reads as a binary file
                yield from _read(opener, f"{ref}/{name}", name, spec)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as err:
        yield BadRecord(ref, f"not a readable zip archive: {err}")

"""Articles for a list of source refs, read straight from the corpora.

The evaluation only needs the few hundred records a gold file names; reading
just the files they live in (and, in a zip, just the members) is much faster
than ingesting every corpus into a store. Each ref gets its own Article, so a
record that ingest would file as a duplicate is still scored under its ref.
(`articles_of` takes ingest's per-file counter, `FileState`; nothing is stored.) Dates are
read in the order ingest decides for the whole source, from all its files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import re
from collections.abc import Iterable

from analytics.ingest.manifest import Manifest
from analytics.ingest.pipeline import FileState, articles_of, with_date_order
from analytics.ingest.sources import InputFile, discover
from analytics.schema import Article

ZIP_MARK = ".zip/"
_FNMATCH_SPECIAL = re.compile(r"([*?[])")


def articles_for_refs(refs: Iterable[str], manifest: Manifest) -> dict[str, Article]:
    """The Article of every ref the manifest's sources can read (missing refs are left out)."""
    wanted = set(refs)
    by_file: dict[str, set[str]] = {}
    for ref in wanted:
        by_file.setdefault(_file_ref(ref), set()).add(ref)
    found: dict[str, Article] = {}
    now = dt.datetime.now(dt.UTC)
    for item in _inputs(manifest, by_file):
        members = _members(item.ref, by_file)
        if members:
            item = dataclasses.replace(item, spec=dataclasses.replace(item.spec, members=tuple(sorted(members))))
        for outcome in articles_of(item, now, FileState(item)):
            if isinstance(outcome, Article) and outcome.source_ref in wanted:
                found.setdefault(outcome.source_ref, outcome)
    return found


def _file_ref(ref: str) -> str:
    """The input file a ref lives in: the part before `#`, or the archive of a zip member."""
    path = ref.split("#", 1)[0]
    if ZIP_MARK in path:
        return path.split(ZIP_MARK, 1)[0] + ".zip"
    return path


def _members(archive_ref: str, by_file: dict[str, set[str]]) -> set[str]:
    """The archive members the refs name, as fnmatch patterns that match only themselves."""
    prefix = archive_ref + "/"
    names = {ref.split("#", 1)[0][len(prefix) :] for ref in by_file.get(archive_ref, ()) if ref.startswith(prefix)}
    return {_FNMATCH_SPECIAL.sub(r"[\1]", name) for name in names}


def _inputs(manifest: Manifest, by_file: dict[str, set[str]]) -> Iterable[InputFile]:
    """The files the refs live in, read with the date order ingest decides for their source."""
    seen: set[pathlib.Path] = set()
    for spec in manifest.sources:
        inputs, unmatched = discover(spec, manifest.root)
        if not any(item.ref in by_file for item in inputs):
            continue
        for item in with_date_order(spec, inputs, unmatched)[1]:
            if item.ref in by_file and item.path not in seen:
                seen.add(item.path)
                yield item

"""Calling a reader the way analytics.ingest.sources does, for the reader tests."""

from __future__ import annotations

import io
import pathlib
from collections.abc import Callable

from analytics.ingest.readers.base import RawRecord, ReadOptions


def read_path(reader, path: pathlib.Path, ref: str, **options) -> list:
    return list(reader(lambda: open(path, "rb"), ref, ReadOptions(**options)))


def bytes_reader(default_ref: str) -> Callable[..., list]:
    """read_bytes(reader, data, ref=default_ref, **options): a reader's items for in-memory bytes."""

    def read_bytes(reader, data: bytes, ref: str = default_ref, **options) -> list:
        return list(reader(lambda: io.BytesIO(data), ref, ReadOptions(**options)))

    return read_bytes


def records(items: list) -> list[RawRecord]:
    return [item for item in items if isinstance(item, RawRecord)]


def of_type(items: list, kind: type) -> list:
    return [item for item in items if isinstance(item, kind)]

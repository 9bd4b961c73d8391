"""Line numbers for values of a parsed TOML file, for error messages.

`tomllib` reports positions only for syntax errors; a value that parses but
is wrong (an unknown key, a bad kind) needs its line found again in the text.
This finds the table header, then the key or a quoted string inside that
table, so an error in the tenth agency points at the tenth agency, not at the
first line that happens to use the same key.

It knows TOML's surface only (headers, `key =`, quoted strings): the agency
registry and the corpus manifests both use it. For an array of tables
(`[[source]]`), `occurrence` picks the element.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
import tomllib
from typing import Any

_SYNTAX_LINE = re.compile(r"\(at line (\d+), column \d+\)")
HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_BARE_OR_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_-]+)")


@dataclasses.dataclass(frozen=True)
class TomlLines:
    """The text of one TOML file, to find where a table, key or value is written."""

    path: pathlib.Path | str
    text: str

    def where(
        self, table: tuple[str, ...] = (), key: str | None = None, value: str | None = None, *, occurrence: int = 0
    ) -> str:
        """`path, line N` of `key = "value"`, else of the quoted `value`, else of `key =`,
        inside `table`; else of the table header; else just `path`."""
        line = self.line(table, key, value, occurrence=occurrence)
        return f"{self.path}, line {line}" if line else str(self.path)

    def place(
        self, table: tuple[str, ...] = (), key: str | None = None, value: str | None = None, *, occurrence: int = 0
    ) -> Place:
        """What `where` says, found only when shown: a registry keeps one per value it reads and shows
        one only in an error message."""
        return Place(self, table, key, value, occurrence)

    def line(
        self, table: tuple[str, ...] = (), key: str | None = None, value: str | None = None, *, occurrence: int = 0
    ) -> int | None:
        """The 1-based line number `where` reports (same order of preference); None when nothing is found."""
        lines = self.text.splitlines()
        start, end = self._table_span(lines, table, occurrence)
        if start is None:
            return None
        patterns = []
        if value is not None:
            quoted = r"[\"']" + re.escape(value) + r"[\"']"
            if key is not None:
                patterns.append(re.compile(r"\b" + re.escape(key) + r"\s*=\s*" + quoted))
            patterns.append(re.compile(quoted))
        if key is not None:
            patterns.append(re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*="))
            patterns.append(re.compile(r"^\s*\[\[?\s*" + r"\s*\.\s*".join(re.escape(p) for p in (*table, key))))
        for pattern in patterns:
            for number in range(start, end):
                if pattern.search(lines[number]):
                    return number + 1
        return start + 1 if table else None

    def _table_span(self, lines: list[str], table: tuple[str, ...], occurrence: int) -> tuple[int | None, int]:
        """Lines [start, end) of `table` (its `occurrence`-th header): from that header to the
        next header that is not inside it, or that starts the next element of the same array."""
        if not table:
            first_header = next((n for n, line in enumerate(lines) if HEADER.match(line)), len(lines))
            return 0, first_header
        start = None
        seen = 0
        for number, line in enumerate(lines):
            match = HEADER.match(line)
            if not match:
                continue
            name = _dotted(match["name"])
            if start is None and name == table:
                if seen == occurrence:
                    start = number
                seen += 1
            elif start is not None and (name[: len(table)] != table or name == table):
                return start, number
        return start, len(lines)


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a table, key or value is written in a TOML file: its `str` is `TomlLines.where`."""

    lines: TomlLines
    table: tuple[str, ...] = ()
    key: str | None = None
    value: str | None = None
    occurrence: int = 0

    def __str__(self) -> str:
        return self.lines.where(self.table, self.key, self.value, occurrence=self.occurrence)


def _dotted(name: str) -> tuple[str, ...]:
    """`agency."new-id".x` -> ('agency', 'new-id', 'x')."""
    return tuple(next(g for g in m.groups() if g is not None) for m in _BARE_OR_QUOTED.finditer(name))


def read_toml(path: pathlib.Path, *, what: str, error: type[Exception]) -> tuple[dict[str, Any], TomlLines]:
    """Read and parse a user's TOML file; every failure is `error` naming the file (and the
    line, for a syntax error) and `what` the file is."""
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise error(f"{path}: cannot read {what}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise error(f"{path}: {what} is not UTF-8 text ({err.reason} at byte {err.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = _SYNTAX_LINE.search(str(err))
        where = f"{path}, line {line[1]}" if line else str(path)
        raise error(f"{where}: invalid TOML in {what}: {err}") from None
    return data, TomlLines(path, text)

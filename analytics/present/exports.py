"""Writing store tables to CSV and JSON Lines, streamed in batches.

CSV cells that a spreadsheet would run as a formula (starting with `=`, `+`,
`-`, `@`, tab or carriage return, and not a plain number) are prefixed with a
quote character.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import pathlib
import re
import tempfile
from typing import Any

from analytics.errors import UserError
from analytics.queries.engine import stored_rows
from analytics.schema import COLUMNS, LIST_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FETCH_ROWS = 10_000
CSV_ENCODING = "utf-8-sig"  # with a BOM, so Excel reads Indonesian text right


class ExportError(UserError):
    """An export or report that cannot be written: an output name of an unknown kind, a
    folder that cannot be made or written in, a file where its folder should be."""


# A cell that is just a number (`-3`, `+1.5`, `-2e-3`) is a value to a spreadsheet, not a formula.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """Prefix a quote to a text cell a spreadsheet would run as a formula."""
    if cell.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def output_folder(folder: pathlib.Path) -> None:
    """Make the output folder `folder` if it is missing and check that this process can
    write in it, before any work: else an ExportError naming it, why and what to do."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write in {folder}: it is a file, not a folder: give --out another path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()  # what the OS says, whoever runs this (root writes anywhere)
    except OSError as err:
        raise ExportError(f"cannot write in {folder} ({err.strerror}): give --out a path you can write in") from None


def export_articles(store: Any, out: pathlib.Path) -> int:
    """Write every stored article (schema columns) to a .csv or .jsonl file; returns rows written."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise ExportError(f"{out}: the output must end in .csv or .jsonl")
    output_folder(out.parent)
    rows = stored_rows(store, "articles", COLUMNS, order_by="source_ref", batch_rows=FETCH_ROWS)
    count = 0
    if suffix == ".csv":
        with out.open("w", encoding=CSV_ENCODING, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([neutralise(_csv_cell(name, value)) for name, value in zip(COLUMNS, row)])
                count += 1
    else:
        with out.open("w", encoding="utf-8") as handle:
            for row in rows:
                record = {name: _json_value(value) for name, value in zip(COLUMNS, row)}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def _csv_cell(name: str, value: Any) -> str:
    if name in LIST_COLUMNS:
        return json.dumps(value or [], ensure_ascii=False)
    return "" if value is None else str(_json_value(value))


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return value

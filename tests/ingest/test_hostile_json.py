"""Hostile JSON and JSON Lines through `media-analytics ingest` (issue 15, items 3, 4, 5 and 10):
records nested 100,000 deep, integers of 5,000 digits, lone surrogate escapes. Each such record is
quarantined with a one-line reason naming its record, and every record around it is read and
stored: per file, read = stored + duplicates + quarantined."""

from __future__ import annotations

import json
import pathlib

import duckdb
import pytest

from analytics.cli import main
from analytics.ingest.readers.jsonfmt import MAX_JSON_DEPTH

HOSTILE_DEPTH = 100_000  # the depth of the issue's files: ijson grew to 20 GB on it, json.loads hit its recursion limit
HUGE_DIGITS = 5_000  # past Python's limit on the digits of an int read from text (4,300)
PAST_FLOAT_DIGITS = 400  # an int this long is no float (the largest float has 309 digits)


def _good(n: int) -> str:
    return json.dumps({"title": f"Judul {n}", "body": f"Isi berita nomor {n}.", "url": f"https://x.id/{n}"})


def _ingest(folder: pathlib.Path, store: pathlib.Path) -> None:
    code = main(["ingest", str(folder), "--root", str(folder), "--store", str(store), "--workers", "1"])
    assert code == 0


def _outcome(store: pathlib.Path, file_ref: str) -> tuple[tuple[int, int, int, int], dict[str, str], list[str]]:
    """The file's (read, stored, duplicates, quarantined), its quarantine (ref: reason), its stored refs."""
    with duckdb.connect(str(store), read_only=True) as connection:
        counts = connection.execute(
            "SELECT records_read, stored, duplicates, quarantined FROM ingest_files WHERE file_ref = ?", [file_ref]
        ).fetchone()
        quarantine = dict(
            connection.execute("SELECT source_ref, reason FROM quarantine WHERE file_ref = ?", [file_ref]).fetchall()
        )
        stored = [
            ref for (ref,) in connection.execute("SELECT source_ref FROM articles ORDER BY source_ref").fetchall()
        ]
    assert counts is not None, f"{file_ref} has no ingest_files row"
    read, kept, duplicates, quarantined = counts
    assert read == kept + duplicates + quarantined
    return counts, quarantine, stored


def _write(tmp_path: pathlib.Path, name: str, text: str) -> pathlib.Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _quarantined_between_good_records(tmp_path: pathlib.Path, name: str, record: str) -> str:
    """Ingest `record` as the second of three in a JSON (`.json`) or JSON Lines file: the two good
    ones around it are stored; the reason it was quarantined for."""
    records = [_good(1), record, _good(3)]
    text = f"[{', '.join(records)}]" if name.endswith(".json") else "\n".join(records) + "\n"
    _ingest(_write(tmp_path, name, text), tmp_path / "s.duckdb")
    counts, quarantine, stored = _outcome(tmp_path / "s.duckdb", name)
    assert (counts, stored, list(quarantine)) == ((3, 2, 0, 1), [f"{name}#1", f"{name}#3"], [f"{name}#2"])
    return quarantine[f"{name}#2"]


def _nested(depth: int, *, innermost: str = "1") -> str:
    """A value `depth` levels deep, objects in objects as in the issue's 586 KB file."""
    return '{"a":' * depth + innermost + "}" * depth


def _one_line(reason: str) -> None:
    assert reason and "\n" not in reason and len(reason) < 300, reason


def test_a_json_lines_record_nested_100000_deep_is_quarantined_and_the_lines_after_it_read(tmp_path):
    deep = '{"title": "l2", "body": ' + "[" * HOSTILE_DEPTH + "]" * HOSTILE_DEPTH + "}"
    folder = _write(tmp_path, "deep.jsonl", "\n".join([_good(1), deep, _good(3), _good(4)]) + "\n")
    _ingest(folder, tmp_path / "s.duckdb")
    counts, quarantine, stored = _outcome(tmp_path / "s.duckdb", "deep.jsonl")
    assert counts == (4, 3, 0, 1)
    assert stored == ["deep.jsonl#1", "deep.jsonl#3", "deep.jsonl#4"]
    reason = quarantine["deep.jsonl#2"]
    assert reason == f"line 2 is nested {HOSTILE_DEPTH + 1} levels deep (more than {MAX_JSON_DEPTH})"


@pytest.mark.parametrize("where", ["element", "body"])
def test_a_json_array_element_nested_100000_deep_is_refused_and_its_neighbours_kept(tmp_path, where):
    """The issue's 586 KB file (one element 100,000 deep: 20 GB, then killed) and its `"body":` variant
    (over a minute), with a good record on either side."""
    if where == "element":
        deep, depth = _nested(HOSTILE_DEPTH), HOSTILE_DEPTH
    else:
        deep, depth = '{"title": "a2", "body": ' + _nested(HOSTILE_DEPTH) + "}", HOSTILE_DEPTH + 1
    folder = _write(tmp_path, "deep.json", f"[{_good(1)},\n{deep},\n{_good(3)}]")
    _ingest(folder, tmp_path / "s.duckdb")
    counts, quarantine, stored = _outcome(tmp_path / "s.duckdb", "deep.json")
    assert counts == (3, 2, 0, 1)
    assert stored == ["deep.json#1", "deep.json#3"]
    assert quarantine == {"deep.json#2": f"array element 2 is nested {depth} levels deep (more than {MAX_JSON_DEPTH})"}


def test_nesting_at_the_limit_is_read_and_one_level_more_is_refused(tmp_path):
    inside = MAX_JSON_DEPTH - 1  # the record object is the first level
    at_limit = '{"title": "a1", "body": ' + "[" * inside + '"isi"' + "]" * inside + "}"
    past_limit = '{"title": "a2", "body": ' + "[" * (inside + 1) + '"isi"' + "]" * (inside + 1) + "}"
    folder = _write(tmp_path, "edge.jsonl", f"{at_limit}\n{past_limit}\n")
    _ingest(folder, tmp_path / "s.duckdb")
    counts, quarantine, stored = _outcome(tmp_path / "s.duckdb", "edge.jsonl")
    assert counts == (2, 1, 0, 1)
    assert stored == ["edge.jsonl#1"]
    assert quarantine == {
        "edge.jsonl#2": f"line 2 is nested {MAX_JSON_DEPTH + 1} levels deep (more than {MAX_JSON_DEPTH})"
    }


def test_a_single_object_file_nested_100000_deep_is_one_quarantined_record(tmp_path):
    folder = _write(tmp_path, "one.json", '{"title": "t", "body": ' + _nested(HOSTILE_DEPTH) + "}")
    code = main(["ingest", str(folder), "--root", str(folder), "--store", str(tmp_path / "s.duckdb"), "--workers", "1"])
    assert code == 1  # nothing could be read
    counts, quarantine, _ = _outcome(tmp_path / "s.duckdb", "one.json")
    assert counts == (1, 0, 0, 1)
    assert quarantine == {
        "one.json": f"the object is nested {HOSTILE_DEPTH + 1} levels deep (more than {MAX_JSON_DEPTH})"
    }


@pytest.mark.parametrize("name", ["big.json", "big.jsonl"])
def test_an_integer_of_5000_digits_is_quarantined_and_the_records_after_it_read(tmp_path, name):
    huge = '{"title": "a2", "body": "Isi.", "n": ' + "9" * HUGE_DIGITS + "}"
    record = "array element 2" if name.endswith(".json") else "line 2"
    assert (
        _quarantined_between_good_records(tmp_path, name, huge) == f"{record} holds a number of more than 4300 digits"
    )


def test_an_integer_date_past_the_float_range_is_stored_with_its_date_unreadable(tmp_path):
    record = '{"title": "a1", "body": "Isi.", "date": ' + "9" * PAST_FLOAT_DIGITS + "}"
    folder = _write(tmp_path, "date.jsonl", record + "\n" + _good(2) + "\n")
    _ingest(folder, tmp_path / "s.duckdb")
    counts, _, stored = _outcome(tmp_path / "s.duckdb", "date.jsonl")
    assert counts == (2, 2, 0, 0)
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as connection:
        issue = connection.execute("SELECT published_issue FROM articles WHERE source_ref = 'date.jsonl#1'").fetchone()
    assert issue == ("unparseable",)


@pytest.mark.parametrize(
    "name,record,field",
    [
        ("s.jsonl", '{"title": "s2", "body": "bad \\ud800 here"}', "body"),
        ("s.jsonl", '{"title": "s2 \\udc00", "body": "Isi."}', "title"),
        ("s.json", '{"title": "s2", "body": "Isi.", "tags": ["ok", ["deep \\udfff"]]}', "tags"),
        ("s.json", '{"title": "s2", "body": "Isi.", "x\\ud800": "key"}', "x\\ud800"),
    ],
    ids=["jsonl-body", "jsonl-title", "json-nested-list", "json-key"],
)
def test_a_lone_surrogate_escape_quarantines_its_record_naming_the_field(tmp_path, name, record, field):
    reason = _quarantined_between_good_records(tmp_path, name, record)
    _one_line(reason)
    assert f"field '{field}' holds a lone surrogate" in reason


def test_an_escaped_surrogate_pair_is_one_character_and_stored(tmp_path):
    folder = _write(tmp_path, "pair.jsonl", '{"title": "senyum \\ud83d\\ude00", "body": "Isi."}\n')
    _ingest(folder, tmp_path / "s.duckdb")
    counts, _, _ = _outcome(tmp_path / "s.duckdb", "pair.jsonl")
    assert counts == (1, 1, 0, 0)
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT title FROM articles").fetchone() == ("senyum \U0001f600",)

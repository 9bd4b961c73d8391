"""JSON and JSON Lines readers: real corpus files (counts, values, gold numbering) and small broken files."""

from __future__ import annotations

import codecs
import io
import json
import random
import re

import pytest
from provenance_counts import counts_of
from reader_helpers import bytes_reader, of_type, read_path, records

from analytics.ingest.readers.base import BadRecord, FileNote, RawRecord, ReadOptions
from analytics.ingest.readers.jsonfmt import read_json, read_jsonl, sniff_json_kind

JSON_COUNTS = counts_of(".json")
KCNA = "kcna_stiles_archive/headlines_2024-11-11.json"


read_bytes = bytes_reader("t.json")


# --- real corpus files ---------------------------------------------------------------------


@pytest.mark.parametrize("ref,count", JSON_COUNTS.items())
def test_real_json_counts_and_values_equal_json_load(corpora, ref, count):
    items = read_path(read_json, corpora / ref, ref)
    assert of_type(items, BadRecord) == [] and of_type(items, FileNote) == []
    assert [r.source_ref for r in items] == [f"{ref}#{n}" for n in range(1, count + 1)]
    assert [r.fields for r in items] == json.loads((corpora / ref).read_text(encoding="utf-8"))


def test_real_json_value_types_are_kept(corpora):
    kcna = records(read_path(read_json, corpora / KCNA, KCNA))
    assert {type(r.fields["date"]) for r in kcna} == {int}  # epoch milliseconds
    assert {type(r.fields["story_text"]) for r in kcna} == {str}
    june = "detik_2021/history/2021-06-20_1-1000.json"
    detik = records(read_path(read_json, corpora / june, june))
    assert all(
        isinstance(r.fields["content"], list) and all(isinstance(p, str) for p in r.fields["content"]) for r in detik
    )
    july = "detik_2021/public_detik.com/2021-07-05_23-06-07_1-10.json"
    without_contents = [
        r.source_ref for r in records(read_path(read_json, corpora / july, july)) if "contents" not in r.fields
    ]
    assert len(without_contents) == 5


def test_real_json_files_sniff_as_json(corpora):
    for ref in JSON_COUNTS:
        with open(corpora / ref, "rb") as handle:
            assert sniff_json_kind(handle.read(4096)) == "json", ref


def _searchable(value) -> str:
    if isinstance(value, list):
        value = " ".join(_searchable(v) for v in value)
    return " ".join(re.sub(r"<[^>]+>", "", "" if value is None else str(value)).split())


def test_gold_refs_name_the_record_holding_their_evidence(corpora):
    """Every gold ref to a JSON array element is a record of ours, holding each label's evidence.

    detik's June paragraphs are HTML fragments; the gold quotes them with tags removed.
    """
    gold = [json.loads(line) for line in (corpora / "gold_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    by_file: dict[str, dict[str, RawRecord]] = {}
    checked = evidence_checked = 0
    for label in gold:
        path, _, number = label["ref"].partition("#")
        if not path.endswith(".json") or not number:
            continue
        if path not in by_file:
            by_file[path] = {r.source_ref: r for r in records(read_path(read_json, corpora / path, path))}
        record = by_file[path][label["ref"]]
        text = " ".join(_searchable(v) for v in record.fields.values())
        for attribution in label["attributions"]:
            assert _searchable(attribution["evidence"]) in text, (label["ref"], attribution["evidence"])
            evidence_checked += 1
        checked += 1
    assert checked == 35
    assert evidence_checked >= 20


# --- sniff_json_kind -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "head,expected",
    [
        (b'[{"a": 1}, {"a": 2}]', "json"),
        (b'  \n[\n  {"a": 1}\n]', "json"),
        (b'{"a": 1}\n{"a": 2}\n', "jsonl"),
        (b'\xef\xbb\xbf{"a": 1}\r\n{"a": 2}', "jsonl"),
        (b'{"a": 1}\n', "json"),
        (b'{\n  "a": 1\n}\n', "json"),
        (b'{"items": [\n{"x": 1},\n{"x": 2}\n]}', "json"),
        (b'{"a": "line\xe2\x80\xa8sep"}\n{"a": 2}', "jsonl"),  # U+2028 is not a line break in JSON Lines
        ('{"a": 1}\n{"a": 2}\n'.encode("utf-16"), "jsonl"),
        (b"", "json"),
    ],
)
def test_sniff_json_kind(head, expected):
    assert sniff_json_kind(head) == expected


# --- bad and odd JSON inputs ---------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n"], ids=["zero-bytes", "whitespace"])
def test_empty_json_is_one_bad_record(data):
    assert read_bytes(read_json, data, "e.json") == [BadRecord("e.json", "empty file")]


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200), random.Random(3).randbytes(4096)],
    ids=["png", "random"],
)
def test_binary_json_is_one_bad_record(data):
    assert read_bytes(read_json, data, "b.json") == [BadRecord("b.json", "binary content, not text")]
    assert read_bytes(read_jsonl, data, "b.jsonl") == [BadRecord("b.jsonl", "binary content, not text")]


def test_truncated_array_keeps_every_record_before_the_break():
    data = b'[{"title": "one"}, {"title": "two"}, {"title": "thr'
    items = read_bytes(read_json, data, "cut.json")
    assert items[:2] == [RawRecord("cut.json#1", {"title": "one"}), RawRecord("cut.json#2", {"title": "two"})]
    assert items[2:] == [
        BadRecord("cut.json#3", "JSON breaks after record 2 (in or before record 3): parse error: premature EOF")
    ]


def test_malformed_element_stops_at_its_number():
    data = b'[{"a": 1},\n {"a": 2},\n {"a": 3,, "b": 4},\n {"a": 5}]'
    items = read_bytes(read_json, data, "m.json")
    assert [r.source_ref for r in records(items)] == ["m.json#1", "m.json#2"]
    [bad] = of_type(items, BadRecord)
    assert bad.source_ref == "m.json#3"
    assert bad.reason.startswith("JSON breaks after record 2 (in or before record 3): parse error")


def test_text_after_the_array_is_reported_after_the_last_record():
    items = read_bytes(read_json, b'[{"a": 1}] trailing', "g.json")
    assert items == [
        RawRecord("g.json#1", {"a": 1}),
        BadRecord("g.json#2", "JSON breaks after record 1 (in or before record 2): parse error: trailing garbage"),
    ]


def test_array_elements_that_are_not_objects():
    items = read_bytes(read_json, b'[{"a": 1}, 5, "x", [1], null, {"b": 2}]', "n.json")
    assert [r.source_ref for r in records(items)] == ["n.json#1", "n.json#6"]
    assert [(b.source_ref, b.reason, b.excerpt) for b in of_type(items, BadRecord)] == [
        ("n.json#2", "array element 2 is a number, not an object", "5"),
        ("n.json#3", "array element 3 is a string, not an object", '"x"'),
        ("n.json#4", "array element 4 is an array, not an object", "[1]"),
        ("n.json#5", "array element 5 is null, not an object", "null"),
    ]


def test_single_object_is_one_record_under_the_plain_ref():
    assert read_bytes(read_json, b'{\n  "title": "t",\n  "tags": ["a", "b"]\n}\n', "one.json") == [
        RawRecord("one.json", {"title": "t", "tags": ["a", "b"]})
    ]


def test_broken_single_object():
    [bad] = read_bytes(read_json, b'{"title": "t", ', "one.json")
    assert (bad.source_ref, bad.reason) == ("one.json", "malformed JSON object: parse error: premature EOF")


def test_empty_array_is_a_note():
    assert read_bytes(read_json, b" [ ] ", "a.json") == [FileNote("a.json", "the JSON array is empty")]


def test_top_level_scalar_is_a_bad_record():
    assert read_bytes(read_json, b'"just a string"', "s.json") == [
        BadRecord("s.json", "top-level JSON value is not an array or object (starts with '\"')")
    ]


def test_numbers_are_int_or_float_not_decimal():
    [record] = read_bytes(read_json, b'[{"ms": 1703376000000, "f": 1.5, "e": 2e3, "nested": {"l": [1, 2.25]}}]')
    assert record.fields == {"ms": 1703376000000, "f": 1.5, "e": 2000.0, "nested": {"l": [1, 2.25]}}
    assert [type(record.fields[k]) for k in ("ms", "f", "e")] == [int, float, float]
    assert type(record.fields["nested"]["l"][1]) is float


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with BOM
        lambda text: text.encode("utf-16-le"),  # no BOM
        lambda text: text.encode("utf-16-be"),  # no BOM
    ],
    ids=["utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be"],
)
def test_json_encodings(encode):
    text = '[{"judul": "Kabar dari Pyongyang – “KCNA”", "n": 1}, {"judul": "Zoë", "n": 2}]'
    items = read_bytes(read_json, encode(text), "enc.json")
    assert items == [
        RawRecord("enc.json#1", {"judul": "Kabar dari Pyongyang – “KCNA”", "n": 1}),
        RawRecord("enc.json#2", {"judul": "Zoë", "n": 2}),
    ]


def test_cp1252_bytes_in_utf8_json_are_decoded_with_a_note():
    # Three bad runs: the two curly quotes and the ï.
    data = '[{"a": "café"}, {"a": "'.encode() + "“naïve”".encode("cp1252") + b'"}]'
    items = read_bytes(read_json, data, "c.json")
    assert [r.fields["a"] for r in records(items)] == ["café", "“naïve”"]
    assert of_type(items, FileNote) == [
        FileNote("c.json", "3 byte sequence(s) were not UTF-8 and were decoded as cp1252")
    ]


def test_nul_bytes_in_json_are_dropped_with_a_note():
    data = b'[{"a": "x\x00y"}, {"a": "long enough text to stay below the binary threshold"}]'
    items = read_bytes(read_json, data, "z.json")
    assert records(items)[0].fields == {"a": "xy"}
    assert of_type(items, FileNote) == [FileNote("z.json", "1 NUL character(s) removed")]


def test_json_lines_given_to_read_json_are_read_as_lines():
    items = read_bytes(read_json, b'{"a": 1}\n{"a": 2}\n', "l.json")
    assert items == [RawRecord("l.json#1", {"a": 1}), RawRecord("l.json#2", {"a": 2})]


class _CountingStream(io.BytesIO):
    """Remembers how far the reader has read, to show the file is not read whole."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return chunk


def test_single_line_array_is_streamed_not_read_whole():
    # Like the detik files: one line, no newline anywhere.
    data = json.dumps([{"n": n, "text": "kata " * 20} for n in range(50_000)]).encode()
    assert b"\n" not in data
    stream = _CountingStream(data)
    items = read_json(lambda: stream, "big.json", ReadOptions())
    assert next(items) == RawRecord("big.json#1", {"n": 0, "text": "kata " * 20})
    assert stream.furthest < len(data) // 4
    assert sum(1 for _ in items) == 49_999


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_bad_lines_between_good_ones():
    data = b'{"a": 1}\n{"a": 2,\n\n[1, 2]\n  \n{"a": 6}\n"text"\n'
    items = read_bytes(read_jsonl, data, "l.jsonl")
    assert records(items) == [RawRecord("l.jsonl#1", {"a": 1}), RawRecord("l.jsonl#6", {"a": 6})]
    assert [(b.source_ref, b.reason, b.excerpt) for b in of_type(items, BadRecord)] == [
        ("l.jsonl#2", "line 2: invalid JSON: Expecting property name enclosed in double quotes (column 9)", '{"a": 2,'),
        ("l.jsonl#4", "line 4 is an array, not an object", "[1, 2]"),
        ("l.jsonl#7", "line 7 is a string, not an object", '"text"'),
    ]


def test_jsonl_line_endings_bom_and_cp1252():
    data = codecs.BOM_UTF8 + b'{"a": "x"}\r\n{"a": "y"}\r' + '{"a": "kafé"}'.encode("cp1252")
    items = read_bytes(read_jsonl, data, "e.jsonl")
    assert records(items) == [
        RawRecord("e.jsonl#1", {"a": "x"}),
        RawRecord("e.jsonl#2", {"a": "y"}),
        RawRecord("e.jsonl#3", {"a": "kafé"}),
    ]
    assert of_type(items, FileNote) == [FileNote("e.jsonl", "1 line(s) were not UTF-8 and were decoded as cp1252")]


def test_jsonl_utf16():
    items = read_bytes(read_jsonl, '{"a": 1}\n{"a": "Zoë"}\n'.encode("utf-16"), "u.jsonl")
    assert items == [RawRecord("u.jsonl#1", {"a": 1}), RawRecord("u.jsonl#2", {"a": "Zoë"})]


def test_jsonl_line_longer_than_several_read_blocks():
    long_text = "panjang " * 60_000  # about 480 KB on one line
    data = b'{"a": 1}\n' + json.dumps({"text": long_text}).encode() + b'\n{"a": 3}\n'
    items = read_bytes(read_jsonl, data, "long.jsonl")
    assert [r.source_ref for r in items] == ["long.jsonl#1", "long.jsonl#2", "long.jsonl#3"]
    assert items[1].fields == {"text": long_text}


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"], ids=["zero-bytes", "blank-lines"])
def test_empty_jsonl_is_one_bad_record(data):
    assert read_bytes(read_jsonl, data, "e.jsonl") == [BadRecord("e.jsonl", "empty file")]

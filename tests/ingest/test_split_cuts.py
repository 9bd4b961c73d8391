"""Cutting files into chunks (analytics.ingest.split) where cuts are easy to get wrong: the records,
bad records and notes of the chunks, read one after the other, are those of the whole file, for
chunks of every size down to one record each. (test_split_files checks whole ingests.)"""

from __future__ import annotations

import pathlib
from codecs import BOM_UTF8

import pytest

from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import plan_inputs
from analytics.ingest.readers.base import BadRecord, ChunkTally, FileNote, RawRecord
from analytics.ingest.sources import read_input
from analytics.ingest.split import file_notes, plan_chunks

CHUNK_SIZES = (1, 40, 150, 600)
# Rows csv reads differently from a count of quotes or line breaks: a quote inside an unquoted field,
# text after a closing quote, doubled quotes, line breaks (CRLF, CR, LF) inside quoted fields, blank
# rows and rows of blank cells, ragged rows, a cp1252 byte, padding at the end, and a quote left open.
CSV_ROWS = [
    b'\xef\xbb\xbf"title","body","url"\r\n',
    b'a"b,"c,d\r\ne",u1\r\n',
    b'"x"y"z,"quoted ""inner"" text",u2\n',
    b'"multi\nline\rbody",second "half,u3\r',
    b"\n",
    b" , ,\n",
    b"plain,row,u4\n",
    b"ragged,row\n",
    b'"a ""b"", c","d\r\n\r\ne\n",u5\n',
    b"caf\xe9 au lait,sweet,u6\n",
    b"\n\n",
    b'last,"unclosed quote\nthat never ends,u7\n',
]
JSONL_LINES = [
    b'{"title": "one", "body": "first"}\r\n',
    b"\n",
    b"   \n",
    b'{"title": "two", "body": "caf\xe9"}\n',
    b"{broken\n",
    b'["not", "an object"]\r',
    b'{"title": "three", "body": "line\\nbreak"}\n',
    b'{"title": "four", "body": "no end"}',
]
# Elements of a JSON array a reader keeps apart: objects with brackets, commas and escaped quotes in
# strings and nested values, a string, an array, an object nested past MAX_JSON_DEPTH (quarantined,
# the array goes on), a lone surrogate escape, text past ASCII, and blanks json allows between them.
DEEP = b'{"title": "deep", "body": ' + b"[" * 70 + b"]" * 70 + b"}"
JSON_ELEMENTS = [
    b'{"title": "one, ] } [ {", "body": "a \\"quoted\\" word"}',
    b'\r\n {"title": "two", "tags": [{"a": [1, 2.5e3, true, false, null]}, {"b": "]"}]}',
    b'"a string"',
    b"[1, 2]",
    DEEP,
    b'{"title": "half \\ud800 a pair", "body": "x"}',
    '{"title": "café ✓ 中文", "body": "\\u00e9"}'.encode(),
    b'\t{"title": "last"}\n',
]


def _json_array(elements: list[bytes], *, bom: bytes = b"") -> bytes:
    return bom + b" \n[" + b",".join(elements) + b"]\n "


def _item(folder: pathlib.Path, name: str, data: bytes, settings: str = ""):
    (folder / name).write_bytes(data)
    (folder / "manifest.toml").write_text(f'root = "."\n[[source]]\nname = "s"\npaths = ["{name}"]\n{settings}')
    (item,) = plan_inputs(load_manifest(folder / "manifest.toml"))
    return item


def _records_and_notes(items) -> tuple[list, list[str], list[ChunkTally]]:
    records, notes, tallies = [], [], []
    for got in items:
        if isinstance(got, FileNote):
            notes.append(got.message)
        elif isinstance(got, ChunkTally):
            tallies.append(got)
        else:
            assert isinstance(got, RawRecord | BadRecord)
            records.append(got)
    return records, notes, tallies


def _assert_chunks_read_as_the_whole(item, fmt: str, sizes=CHUNK_SIZES) -> None:
    whole, notes, _ = _records_and_notes(read_input(item))
    for size in sizes:
        chunks = plan_chunks(item, split_bytes=0, chunk_bytes=size)
        assert chunks is not None and len(chunks) > 1, size
        assert chunks[0].chunk.start == 0 and chunks[-1].chunk.end == item.path.stat().st_size
        assert all(a.chunk.end == b.chunk.start for a, b in zip(chunks, chunks[1:], strict=False))
        records, chunk_notes, tallies = _records_and_notes(x for chunk in chunks for x in read_input(chunk))
        assert not chunk_notes
        assert records == whole, size
        assert file_notes(item, fmt, tallies) == notes, size


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_csv_chunks_read_as_the_whole_file(tmp_path, delimiter):
    data = b"".join(CSV_ROWS * 3).replace(b",", delimiter.encode())
    item = _item(tmp_path, "news.csv" if delimiter == "," else "news.tsv", data, 'format = "csv"\n')
    whole, notes, _ = _records_and_notes(read_input(item))
    assert any(isinstance(r, BadRecord) and "row has 2 fields" in r.reason for r in whole)
    assert any("empty row(s) skipped" in n for n in notes) and any("cp1252" in n for n in notes)
    _assert_chunks_read_as_the_whole(item, "csv")


def test_csv_without_header_with_declared_columns(tmp_path):
    data = b"".join(CSV_ROWS[1:] * 6)
    settings = 'format = "csv"\nheader = false\ncolumns = ["title", "body", "url"]\n'
    _assert_chunks_read_as_the_whole(_item(tmp_path, "news.csv", data, settings), "csv")


def test_jsonl_chunks_read_as_the_whole_file(tmp_path):
    item = _item(tmp_path, "news.jsonl", b"".join(JSONL_LINES * 6), 'format = "jsonl"\n')
    _assert_chunks_read_as_the_whole(item, "jsonl")


@pytest.mark.parametrize("bom", [b"", BOM_UTF8])
def test_json_array_chunks_read_as_the_whole_file(tmp_path, bom):
    item = _item(tmp_path, "news.json", _json_array(JSON_ELEMENTS * 6, bom=bom))
    whole, _, _ = _records_and_notes(read_input(item))
    reasons = [r.reason for r in whole if isinstance(r, BadRecord)]
    assert len(whole) == len(JSON_ELEMENTS) * 6 and len(reasons) == 4 * 6, reasons
    assert sum("nested 71 levels deep" in reason for reason in reasons) == 6
    _assert_chunks_read_as_the_whole(item, "json")


def test_a_json_lines_file_named_json_is_cut_by_its_lines(tmp_path):
    item = _item(tmp_path, "news.json", b"".join(JSONL_LINES * 6))
    chunks = plan_chunks(item, split_bytes=0, chunk_bytes=40)
    assert chunks is not None and {c.chunk.fmt for c in chunks} == {"jsonl"}
    _assert_chunks_read_as_the_whole(item, "jsonl")


def test_reuters_sgml_chunks_read_as_the_whole_file(corpora, tmp_path):
    data = (corpora / "reuters21578_subset/reut2-000.sgm").read_bytes()
    item = _item(tmp_path, "reut2-000.sgm", data, 'format = "reuters_sgml"\n')
    _assert_chunks_read_as_the_whole(item, "reuters_sgml", sizes=(5_000, 100_000))


@pytest.mark.parametrize(
    ("name", "data", "settings"),
    [
        ("utf16.csv", "title,body\na,b\n".encode("utf-16") * 50, ""),
        ("nul.csv", b"title,body\n" + b"a\x00,b\n" * 50, ""),
        # JSON arrays whose reader stops where separate chunks would go on, or that hold nothing to cut
        ("broken.json", _json_array([*JSON_ELEMENTS, b'{"title": tru}', *JSON_ELEMENTS]), ""),
        ("nan.json", _json_array([*JSON_ELEMENTS, b'{"score": NaN}', *JSON_ELEMENTS]), ""),
        ("empty.json", b"[" + b" " * 500 + b"]", ""),
        ("garbage.json", _json_array(JSON_ELEMENTS) + b"x", ""),
        ("unclosed.json", _json_array(JSON_ELEMENTS)[:-3], ""),
        ("vertical_tab.json", _json_array([*JSON_ELEMENTS, b"\x0b{}", *JSON_ELEMENTS]), ""),
        ("cp1252.json", _json_array([*JSON_ELEMENTS, b'{"title": "caf\xe9"}', *JSON_ELEMENTS]), ""),
        ("latin1.json", _json_array(JSON_ELEMENTS), 'encoding = "latin-1"\n'),
        ("object.json", b'{"title": "one object", "body": "' + b"x" * 500 + b'"}', ""),
        ("latin.csv", b"title,body\n" + b"a,b\n" * 50, 'encoding = "cp037"\n'),
    ],
)
def test_files_that_cannot_be_cut_safely_are_read_whole(tmp_path, name, data, settings):
    assert plan_chunks(_item(tmp_path, name, data, settings), split_bytes=0, chunk_bytes=10) is None

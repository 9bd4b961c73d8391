"""CSV/TSV and XLSX readers: real corpus files (counts, gold numbering) and small files imitating real failures."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import pathlib
import random
import re

import openpyxl
import pandas as pd
import pytest
from provenance_counts import counts_of
from reader_helpers import bytes_reader, of_type, read_path, records

from analytics.ingest.readers.base import BadRecord, FileNote, RawRecord, ReadOptions
from analytics.ingest.readers.tabular import looks_like_header, read_csv, read_xlsx, sniff_delimiter
from analytics.ingest.readers.text import SNIFF_BYTES

INDONEWS = "indonews_rss_2025"
CSV_COUNTS = counts_of(".csv")
XLSX_COUNTS = counts_of(".xlsx")
XLSX_REF_TRIBUN = f"{INDONEWS}/old_dataset/berita_tribun.xlsx"
XLSX_FIELDS = ["Sumber", "Judul", "Isi", "Tanggal", "Kategori", "Link"]


read_bytes = bytes_reader("t.csv")


# --- real corpus files ---------------------------------------------------------------------


@pytest.mark.parametrize("ref,count", CSV_COUNTS.items())
def test_real_csv_row_counts_match_provenance(corpora, ref, count):
    items = read_path(read_csv, corpora / ref, ref)
    assert of_type(items, BadRecord) == []
    assert [r.source_ref for r in records(items)] == [f"{ref}#{n}" for n in range(1, count + 1)]


@pytest.mark.parametrize("ref,count", XLSX_COUNTS.items())
def test_real_xlsx_row_counts_match_provenance(corpora, ref, count):
    items = read_path(read_xlsx, corpora / ref, ref)
    assert of_type(items, BadRecord) == []
    rows = records(items)
    assert [r.source_ref for r in rows] == [f"{ref}#{n}" for n in range(1, count + 1)]
    assert list(rows[0].fields)[-6:] == XLSX_FIELDS


@pytest.mark.parametrize("ref", [r for r in CSV_COUNTS if r.startswith(INDONEWS)])
def test_real_csv_with_header_equals_stdlib_csv(corpora, ref):
    with open(corpora / ref, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    expected = [dict(zip(header, row)) for row in rows]
    assert [r.fields for r in records(read_path(read_csv, corpora / ref, ref))] == expected


def test_dataset_new_header_loses_its_bom(corpora):
    ref = f"{INDONEWS}/dataset_new/scrapping_news_2025-06-18.csv"
    first = records(read_path(read_csv, corpora / ref, ref))[0]
    assert list(first.fields) == ["sumber", "url", "judul", "author", "tanggal_publikasi", "isi_berita"]
    assert first.fields["url"].startswith("https://")


def test_ag_news_is_detected_headerless(corpora):
    ref = "ag_news_test/test.csv"
    with open(corpora / ref, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    got = records(read_path(read_csv, corpora / ref, ref))
    assert [list(r.fields) for r in got[:1]] == [["column_1", "column_2", "column_3"]]
    assert [list(r.fields.values()) for r in got] == rows
    named = records(read_path(read_csv, corpora / ref, ref, columns=("class_index", "title", "description")))
    assert named[0].fields["class_index"] == rows[0][0] == "3"
    assert named[-1].source_ref == "ag_news_test/test.csv#7600"


@pytest.mark.parametrize("ref", XLSX_COUNTS)
def test_real_xlsx_text_cells_equal_pandas(corpora, ref):
    frame = pd.read_excel(corpora / ref, dtype=object)
    got = records(read_path(read_xlsx, corpora / ref, ref))
    for column in XLSX_FIELDS:
        expected = [None if pd.isna(v) else v for v in frame[column]]
        assert [r.fields[column] for r in got] == expected, column


def test_xlsx_formula_column_gives_its_cached_value(corpora):
    # Tribun's `No` column is `=ROW()-1`; Okezone's `No.` column holds integers.
    tribun = records(read_path(read_xlsx, corpora / XLSX_REF_TRIBUN, XLSX_REF_TRIBUN))
    assert [tribun[0].fields["No"], tribun[-1].fields["No"]] == ["1", "1085"]
    okezone_ref = f"{INDONEWS}/old_dataset/berita_okezone.xlsx"
    okezone = records(read_path(read_xlsx, corpora / okezone_ref, okezone_ref))
    assert okezone[0].fields["No."] == "1"


def test_tempo_empty_body_cell_stays_none(corpora):
    ref = f"{INDONEWS}/old_dataset/berita_tempo.xlsx"
    empty = [r.source_ref for r in records(read_path(read_xlsx, corpora / ref, ref)) if r.fields["Isi"] is None]
    assert empty == [f"{ref}#131"]


def _flat_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_flat_text(v) for v in value)
    return "" if value is None else str(value)


def _searchable(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


def test_gold_refs_name_the_record_holding_their_evidence(corpora):
    """Every gold ref to a CSV/XLSX row is a record of ours, and each label's evidence is in that record."""
    gold = [json.loads(line) for line in (corpora / "gold_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    readers = {".csv": read_csv, ".xlsx": read_xlsx}
    by_file: dict[str, dict[str, RawRecord]] = {}
    checked = evidence_checked = 0
    for label in gold:
        path, _, number = label["ref"].partition("#")
        if ".zip/" in path or not number or pathlib.Path(path).suffix not in readers:
            continue
        if path not in by_file:
            items = read_path(readers[pathlib.Path(path).suffix], corpora / path, path)
            by_file[path] = {r.source_ref: r for r in records(items)}
        record = by_file[path][label["ref"]]
        text = _searchable(" ".join(_flat_text(v) for v in record.fields.values()))
        for attribution in label["attributions"]:
            assert _searchable(attribution["evidence"]) in text, (label["ref"], attribution["evidence"])
            evidence_checked += 1
        checked += 1
    assert checked == 93
    assert evidence_checked >= 40


# --- header and delimiter detection --------------------------------------------------------


@pytest.mark.parametrize(
    "cells,expected",
    [
        (["sumber", "url", "judul", "author", "tanggal_publikasi", "isi_berita"], True),
        (["No.", "Sumber", "sub-category"], True),
        (["", "title", "url"], True),  # pandas index column
        (["title", "url", ""], True),  # trailing empty cell
        (["3", "Fears for T N pension after talks", "Unions representing workers at Turner"], False),
        (["2022-02-20 20:12:00", "Xi meets Biden"], False),
        (["07:10, 11-Jun-2022", "Short headline"], False),
        (["https://www.sindonews.com/feed", "sindonews"], False),
        (["title", "Title"], False),
        (["title", "", "url"], False),
        (["title", "x" * 41], False),
        ([], False),
    ],
)
def test_looks_like_header(cells, expected):
    assert looks_like_header(cells) is expected


@pytest.mark.parametrize(
    "sample,expected",
    [
        ("a,b,c\n1,2,3\n4,5,6\n", ","),
        ("a\tb\n1, with comma\t2\n3\t4, and more, commas\n", "\t"),
        ("name;price\nx;1,5\ny;2\nz;3,25\n", ";"),
        ("a|b\n1|2\n", "|"),
        ('title,body\n"one","x;y"\n"two","multi\nline; text"\n', ","),
        ("single\ncolumn\n", ","),
    ],
)
def test_sniff_delimiter(sample, expected):
    assert sniff_delimiter(sample) == expected


# --- bad and odd CSV inputs ----------------------------------------------------------------


def test_empty_csv_is_one_bad_record():
    assert read_bytes(read_csv, b"", "e.csv") == [BadRecord("e.csv", "empty file")]


def test_blank_lines_only_csv_is_empty_file():
    assert read_bytes(read_csv, b"\n\r\n  \n", "e.csv") == [BadRecord("e.csv", "empty file")]


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200), random.Random(7).randbytes(4096)],
    ids=["png", "random"],
)
def test_binary_csv_is_one_bad_record(data):
    assert read_bytes(read_csv, data, "img.csv") == [BadRecord("img.csv", "binary content, not text")]


def test_ragged_rows_between_good_rows():
    data = b"a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15,,\n"
    items = read_bytes(read_csv, data, "r.csv")
    assert [(r.source_ref, r.fields) for r in records(items)] == [
        ("r.csv#1", {"a": "1", "b": "2", "c": "3"}),
        ("r.csv#3", {"a": "6", "b": "7", "c": "8"}),
        ("r.csv#5", {"a": "13", "b": "14", "c": "15"}),  # trailing empty cells are not ragged
    ]
    bad = of_type(items, BadRecord)
    assert [(b.source_ref, b.reason) for b in bad] == [
        ("r.csv#2", "line 3: row has 2 fields, header has 3"),
        ("r.csv#4", "line 5: row has 4 fields, header has 3"),
    ]
    assert bad[0].excerpt == "4 | 5"


def test_ragged_row_in_headerless_file_names_expected_width():
    items = read_bytes(read_csv, b'"1","2","3"\n"4","5"\n', "h.csv", header=False)
    assert [b.reason for b in of_type(items, BadRecord)] == ["line 2: row has 2 fields, expected 3"]


def test_multiline_quoted_fields_and_line_span_in_reasons():
    data = b'id,body,url\n1,"para one\r\npara two",u1\n2,"x\ny\nz"\n3,ok,u3\n'
    items = read_bytes(read_csv, data, "m.csv")
    assert records(items)[0].fields == {"id": "1", "body": "para one\npara two", "url": "u1"}
    assert [(b.source_ref, b.reason) for b in of_type(items, BadRecord)] == [
        ("m.csv#2", "lines 4-6: row has 2 fields, header has 3")
    ]
    assert records(items)[-1].source_ref == "m.csv#3"


def test_field_longer_than_the_csv_default_limit_and_several_read_blocks():
    body = "isi berita " * 30_000  # 330 KB: above csv's 128 KiB default, one line
    data = f'judul,isi\nsatu,"{body}"\ndua,pendek\n'.encode()
    items = read_bytes(read_csv, data, "long.csv")
    assert [(r.source_ref, r.fields["judul"]) for r in items] == [("long.csv#1", "satu"), ("long.csv#2", "dua")]
    assert items[0].fields["isi"] == body


def test_cp1252_and_latin1_csv():
    data = "name,city,quote\nJosé,São Paulo,“hi”\n".encode("cp1252") + "Zoë,Köln,x\n".encode("latin-1")
    items = read_bytes(read_csv, data, "l.csv")
    assert [r.fields for r in records(items)] == [
        {"name": "José", "city": "São Paulo", "quote": "“hi”"},
        {"name": "Zoë", "city": "Köln", "quote": "x"},
    ]
    assert of_type(items, FileNote) == [FileNote("l.csv", "2 line(s) were not UTF-8 and were decoded as cp1252")]


def test_explicit_encoding_is_used():
    data = "a,b\nĀ,x\n".encode().replace(b"x", "é".encode("latin-1"))
    items = read_bytes(read_csv, data, "e.csv", encoding="latin-1")
    assert records(items)[0].fields == {"a": "Ä\x80", "b": "é"}


def test_utf16_with_bom_csv():
    data = "\ufefftitle,outlet\r\nBerita satu,detik\r\nBerita dua,kompas\r\n".encode("utf-16-le")
    assert data.startswith(codecs.BOM_UTF16_LE)
    items = read_bytes(read_csv, data, "u.csv")
    assert [r.fields for r in records(items)] == [
        {"title": "Berita satu", "outlet": "detik"},
        {"title": "Berita dua", "outlet": "kompas"},
    ]


def test_utf16_crlf_across_read_blocks_adds_no_row():
    # The CR of a CRLF is the last character of the first 64 KiB block; its LF opens the next one.
    header = "a,b\r\n"
    filler = "x" * (SNIFF_BYTES // 2 - 2 - len(header) - len("1,"))
    text = header + "1," + filler + "\r\n2,z\r\n"
    assert text.index("\r", len(header)) == SNIFF_BYTES // 2 - 2
    items = read_bytes(read_csv, codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "u.csv")
    assert [(r.source_ref, r.fields["a"]) for r in records(items)] == [("u.csv#1", "1"), ("u.csv#2", "2")]
    assert of_type(items, FileNote) == []


def test_mixed_utf8_and_cp1252_lines():
    data = "a,b\nkafé,1\n".encode() + "kafé,2\n".encode("cp1252") + "naïve,3\n".encode()
    items = read_bytes(read_csv, data, "m.csv")
    assert [r.fields["a"] for r in records(items)] == ["kafé", "kafé", "naïve"]
    assert of_type(items, FileNote) == [FileNote("m.csv", "1 line(s) were not UTF-8 and were decoded as cp1252")]


def test_crlf_cr_lf_mixed_line_endings():
    items = read_bytes(read_csv, b"a,b\r\n1,2\r3,4\n5,6", "e.csv")
    assert [r.fields for r in records(items)] == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}, {"a": "5", "b": "6"}]


def test_nul_bytes_are_dropped_with_a_note():
    # A few stray NULs in text (a much higher share would make the input binary).
    data = b"title,body\n" + b"headline one,some body text\x00\x00\n" + b"headline two,more body text here\n" * 3
    items = read_bytes(read_csv, data, "n.csv")
    assert [r.fields["body"] for r in records(items)] == ["some body text"] + ["more body text here"] * 3
    assert of_type(items, FileNote) == [FileNote("n.csv", "2 NUL character(s) removed")]


def test_tsv_with_commas_in_text():
    data = b"title\tbody\nA, B and C\tone, two, three\nD\tfour, five\n"
    assert [r.fields for r in records(read_bytes(read_csv, data, "t.tsv"))] == [
        {"title": "A, B and C", "body": "one, two, three"},
        {"title": "D", "body": "four, five"},
    ]


def test_semicolon_delimiter_with_decimal_commas():
    items = read_bytes(read_csv, b"name;price\nx;1,5\ny;2\n", "s.csv")
    assert [r.fields for r in records(items)] == [{"name": "x", "price": "1,5"}, {"name": "y", "price": "2"}]


def test_declared_delimiter_overrides_sniffing():
    items = read_bytes(read_csv, b"a|b,c\n1|2,3\n", "d.csv", delimiter="|")
    assert records(items)[0].fields == {"a": "1", "b,c": "2,3"}


def test_headerless_csv_numbers_from_first_row_and_takes_declared_columns():
    data = b'"2","Match report (AP)","AP - A long description of the game."\n"1","World news","Text"\n'
    auto = records(read_bytes(read_csv, data, "h.csv"))
    assert [(r.source_ref, r.fields["column_1"]) for r in auto] == [("h.csv#1", "2"), ("h.csv#2", "1")]
    named = records(read_bytes(read_csv, data, "h.csv", columns=("class_index", "title", "description")))
    assert named[0].fields == {
        "class_index": "2",
        "title": "Match report (AP)",
        "description": "AP - A long description of the game.",
    }


def test_headerless_first_row_with_empty_last_cell_keeps_its_width():
    # china_media_headlines_2022: a snapshot's first row can have an empty headline.
    data = "\ufeff2022-06-30T05:34:46.000Z,\r\n2022-06-30T16:34:30.000Z,Some headline\r\n".encode("utf-8")
    items = read_bytes(read_csv, data, "bbc.zip/bbc/x.csv")
    assert [(r.source_ref, r.fields) for r in items] == [
        ("bbc.zip/bbc/x.csv#1", {"column_1": "2022-06-30T05:34:46.000Z", "column_2": ""}),
        ("bbc.zip/bbc/x.csv#2", {"column_1": "2022-06-30T16:34:30.000Z", "column_2": "Some headline"}),
    ]


def test_declared_header_flag_overrides_detection():
    data = b"1,2\n3,4\n"
    forced = records(read_bytes(read_csv, data, "f.csv", header=True))
    assert [(r.source_ref, r.fields) for r in forced] == [("f.csv#1", {"1": "3", "2": "4"})]
    plain = records(read_bytes(read_csv, b"a,b\n1,2\n", "p.csv", header=False))
    assert [(r.source_ref, r.fields) for r in plain] == [
        ("p.csv#1", {"column_1": "a", "column_2": "b"}),
        ("p.csv#2", {"column_1": "1", "column_2": "2"}),
    ]


def test_header_names_are_stripped_and_made_unique():
    data = "\ufeff sumber ,,sumber\n1,2,3\n".encode("utf-8")
    items = read_bytes(read_csv, data, "h.csv", header=True)
    assert records(items)[0].fields == {"sumber": "1", "column_2": "2", "sumber_3": "3"}


def test_empty_rows_are_skipped_but_keep_their_numbers():
    # Leading blank lines come before the header; trailing ones are padding and go unreported.
    items = read_bytes(read_csv, b"\n\na,b\n1,2\n\n,\n3,4\n\n,,\n", "e.csv")
    assert [r.source_ref for r in records(items)] == ["e.csv#1", "e.csv#4"]
    assert of_type(items, FileNote) == [FileNote("e.csv", "2 empty row(s) skipped (each keeps its record number)")]


def test_header_only_csv_has_no_records_and_says_so():
    assert read_bytes(read_csv, b"a,b\n", "h.csv") == [FileNote("h.csv", "no data rows after the header")]
    assert read_bytes(read_csv, b"a,b\n,\n\n", "h.csv") == [FileNote("h.csv", "no data rows after the header")]


class _CountingStream(io.BytesIO):
    """Remembers how far the reader has read, to show the file is not read whole."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return chunk


def test_csv_is_streamed_not_read_whole():
    data = b"a,b\n" + b"".join(b"%d,some text here\n" % n for n in range(200_000))
    stream = _CountingStream(data)
    items = read_csv(lambda: stream, "big.csv", ReadOptions())
    assert next(items).source_ref == "big.csv#1"
    assert stream.furthest < len(data) // 4


# --- XLSX ----------------------------------------------------------------------------------


def _write_xlsx(path: pathlib.Path, rows: list[list], extra_sheet: list[list] | None = None) -> pathlib.Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "articles"
    for row in rows:
        sheet.append(row)
    if extra_sheet is not None:
        other = workbook.create_sheet("other")
        for row in extra_sheet:
            other.append(row)
    workbook.save(path)
    return path


def test_xlsx_values_become_text(tmp_path):
    path = _write_xlsx(
        tmp_path / "v.xlsx",
        [
            ["\ufeffJudul ", " Tanggal", "Nilai", "Skor", "Catatan"],
            ["Satu", datetime.datetime(2025, 6, 10, 8, 52), 3.0, 2.5, None],
            ["Dua", datetime.datetime(2025, 6, 11), 7, True, ""],
        ],
    )
    got = records(read_path(read_xlsx, path, "v.xlsx"))
    assert [(r.source_ref, r.fields) for r in got] == [
        ("v.xlsx#1", {"Judul": "Satu", "Tanggal": "2025-06-10 08:52:00", "Nilai": "3", "Skor": "2.5", "Catatan": None}),
        ("v.xlsx#2", {"Judul": "Dua", "Tanggal": "2025-06-11", "Nilai": "7", "Skor": "True", "Catatan": None}),
    ]


def test_xlsx_empty_rows_ragged_rows_and_trailing_cells(tmp_path):
    path = _write_xlsx(
        tmp_path / "r.xlsx",
        [["a", "b", "c"], ["1", "2", "3"], [None, None, None], ["4", "5", "6", "stray"], ["7"], ["8", "9", "10", None]],
    )
    items = read_path(read_xlsx, path, "r.xlsx")
    assert [(r.source_ref, r.fields) for r in records(items)] == [
        ("r.xlsx#1", {"a": "1", "b": "2", "c": "3"}),
        ("r.xlsx#4", {"a": "7", "b": None, "c": None}),  # xlsx does not store empty cells: not ragged
        ("r.xlsx#5", {"a": "8", "b": "9", "c": "10"}),
    ]
    assert [(b.source_ref, b.reason) for b in of_type(items, BadRecord)] == [
        ("r.xlsx#3", "sheet row 4: row has 4 fields, header has 3")
    ]
    assert of_type(items, FileNote) == [FileNote("r.xlsx", "1 empty row(s) skipped (each keeps its record number)")]


def test_xlsx_sheet_option_and_missing_sheet(tmp_path):
    path = _write_xlsx(tmp_path / "s.xlsx", [["a"], ["first"]], extra_sheet=[["b"], ["second"]])
    assert records(read_path(read_xlsx, path, "s.xlsx"))[0].fields == {"a": "first"}
    assert records(read_path(read_xlsx, path, "s.xlsx", sheet="other"))[0].fields == {"b": "second"}
    assert read_path(read_xlsx, path, "s.xlsx", sheet="nope") == [
        BadRecord("s.xlsx", "no sheet named 'nope'; sheets: articles, other")
    ]


def test_xlsx_without_header(tmp_path):
    path = _write_xlsx(tmp_path / "n.xlsx", [["x", "y"], ["z", "w"]])
    got = records(read_path(read_xlsx, path, "n.xlsx", header=False))
    assert [(r.source_ref, r.fields) for r in got] == [
        ("n.xlsx#1", {"column_1": "x", "column_2": "y"}),
        ("n.xlsx#2", {"column_1": "z", "column_2": "w"}),
    ]


def test_xlsx_from_a_stream_that_cannot_seek(tmp_path):
    data = _write_xlsx(tmp_path / "z.xlsx", [["a"], ["1"], ["2"]]).read_bytes()

    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self._inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            chunk = self._inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    items = list(read_xlsx(Unseekable, "zip/z.xlsx", ReadOptions()))
    assert [r.source_ref for r in records(items)] == ["zip/z.xlsx#1", "zip/z.xlsx#2"]


def test_xlsx_empty_and_not_a_workbook():
    assert read_bytes(read_xlsx, b"", "e.xlsx") == [BadRecord("e.xlsx", "empty file")]
    [bad] = read_bytes(read_xlsx, b"\x89PNG\r\n\x1a\n" + bytes(100), "p.xlsx")
    assert bad.source_ref == "p.xlsx"
    assert bad.reason.startswith("not a readable xlsx workbook: ")


def test_xlsx_truncated_workbook(tmp_path):
    data = _write_xlsx(tmp_path / "t.xlsx", [["a"]] + [[str(n)] for n in range(50)]).read_bytes()
    [bad] = read_bytes(read_xlsx, data[: len(data) // 2], "t.xlsx")
    assert bad.source_ref == "t.xlsx"
    assert bad.reason.startswith("not a readable xlsx workbook: ")

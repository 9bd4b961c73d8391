"""The Reuters-21578 reader on the 14 real .sgm files, the gold labels, and damaged input."""

from __future__ import annotations

import collections
import json
import pathlib
import re

import pytest

from analytics.ingest.readers.base import BadRecord, FileNote, RawRecord, ReadOptions
from analytics.ingest.readers.sgml import read_reuters_sgml

SUBSET = "reuters21578_subset"
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read(path: pathlib.Path, ref: str | None = None) -> list:
    return list(read_reuters_sgml(lambda: path.open("rb"), ref or path.name, ReadOptions()))


@pytest.fixture(scope="module")
def collection(corpora) -> dict[str, list]:
    """Every item of every .sgm file, by file name."""
    files = sorted((corpora / SUBSET).glob("reut2-*.sgm"))
    return {path.name: read(path, f"{SUBSET}/{path.name}") for path in files}


@pytest.fixture(scope="module")
def records(collection) -> dict[str, dict]:
    items = (item for file_items in collection.values() for item in file_items)
    return {item.source_ref: item.fields for item in items if isinstance(item, RawRecord)}


def test_fourteen_files_of_a_thousand_documents(collection):
    assert len(collection) == 14
    for name, items in collection.items():
        numbers = [int(item.source_ref.rsplit("#", 1)[1]) for item in items]
        assert numbers == list(range(1, 1001)), name
    kinds = collections.Counter(type(item).__name__ for items in collection.values() for item in items)
    assert kinds == {"RawRecord": 13_999, "BadRecord": 1}


def test_the_one_empty_document_is_quarantined_by_number_and_newid(collection):
    [bad] = [item for items in collection.values() for item in items if isinstance(item, BadRecord)]
    assert bad.source_ref == f"{SUBSET}/reut2-012.sgm#793"
    assert bad.reason == "NEWID 12793: no title and no text"


def test_first_document(records):
    fields = records[f"{SUBSET}/reut2-000.sgm#1"]
    assert fields["title"] == "BAHIA COCOA REVIEW"
    assert fields["body"].startswith("SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone")
    assert fields["body"].endswith("\n\nReuter")
    assert fields["published_raw"] == "26-FEB-1987 15:01:01.79"
    assert fields["tags"] == ["cocoa"]
    assert fields["places"] == ["el-salvador", "usa", "uruguay"]
    assert fields["outlet"] == "Reuters" and fields["language"] == "en"
    assert fields["newid"] == "1"
    assert "url" not in fields


def test_dateline_joins_the_body(records):
    fields = records[f"{SUBSET}/reut2-000.sgm#239"]
    assert fields["title"] == "CHINA TO BORROW 390 MLN DLRS"
    assert fields["body"].startswith(
        "PEKING, March 1 - China will receive loans totalling 390 mln dlrs from Japan and the World Bank"
    )
    assert "the official New China News Agency reported." in fields["body"]
    assert fields["body"].endswith("REUTER")
    assert fields["tags"] == [] and fields["places"] == ["china", "japan"]
    assert fields["newid"] == "239"


def test_entities_resolved_and_control_codes_gone(records):
    fields = records[f"{SUBSET}/reut2-004.sgm#387"]
    assert fields["title"] == "TRINITY INDUSTRIES INC <TRN> SETS QUARTERLY"
    assert fields["body"] == (
        "DALLAS, March 12 - Qtly div 12-1/2 cts vs 12-1/2 cts prior\n\nPay April 30\n\nRecord April 15\n\nReuter"
    )
    for ref, fields in records.items():
        text = fields.get("title", "") + fields.get("body", "")
        assert not CONTROL_CHARS.search(text) and "&#" not in text and "&lt;" not in text, ref


def test_brief_and_unprocessed_documents(records):
    brief = records[f"{SUBSET}/reut2-002.sgm#726"]
    assert brief["title"].startswith("SHULTZ AND SHEVARNADZE TO MEET IN MOSCOW")
    assert "body" not in brief  # the collection's "Blah blah blah." filler is not text
    unprocessed = records[f"{SUBSET}/reut2-013.sgm#28"]
    assert "title" not in unprocessed
    assert unprocessed["body"].startswith("CBT SILVER VOLUME/OPEN INTEREST FOR APRIL 2")
    assert unprocessed["body"].endswith("Reuter")
    assert unprocessed["newid"] == "13028"


def test_sign_off_artefact_and_author_line(records):
    assert records[f"{SUBSET}/reut2-012.sgm#392"]["body"].endswith("REUTER^M")
    assert records[f"{SUBSET}/reut2-000.sgm#4"]["author"] == "by Janie Gabbett, Reuters"


def test_gold_evidence_and_dates(corpora, records):
    lines = (corpora / "gold_dev.jsonl").read_text(encoding="utf-8").splitlines()
    labels = [label for label in map(json.loads, lines) if label["ref"].startswith(SUBSET)]
    assert len(labels) == 21
    quotes = 0
    for label in labels:
        fields = records[label["ref"]]
        text = " ".join((fields.get("title", "") + "\n" + fields.get("body", "")).split())
        for attribution in label["attributions"]:
            assert " ".join(attribution["evidence"].split()) in text, (label["ref"], attribution)
            quotes += 1
        day, month, year = fields["published_raw"].split()[0].split("-")
        assert label["published"].startswith(f"{year}-"), label["ref"]
        assert label["published"][8:10] == f"{int(day):02d}", label["ref"]
    assert quotes == 21


# --- Damaged input ----------------------------------------------------------------------

DOCUMENT = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="{n}" NEWID="{n}">
<DATE> 2-MAR-1987 10:00:0{n}.00</DATE>
<TOPICS><D>grain</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<TEXT>&#2;
<TITLE>STORY NUMBER {n} &lt;ABC&gt;</TITLE>
<DATELINE>    CHICAGO, March 2 - </DATELINE><BODY>First line of story {n}
continues here.
    Second paragraph.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""
HEADER = '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'


def write(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    path = tmp_path / "test.sgm"
    path.write_bytes(text.encode("latin-1"))
    return path


def test_synthetic_document_fields(tmp_path):
    [record] = read(write(tmp_path, HEADER + DOCUMENT.format(n=1)), "t.sgm")
    assert record.source_ref == "t.sgm#1"
    assert record.fields["title"] == "STORY NUMBER 1 <ABC>"
    assert record.fields["body"] == (
        "CHICAGO, March 2 - First line of story 1 continues here.\n\nSecond paragraph.\n\nReuter"
    )
    assert record.fields["published_raw"] == "2-MAR-1987 10:00:01.00"


def test_truncated_document_between_good_ones(tmp_path):
    cut = DOCUMENT.format(n=2).split("<BODY>")[0]  # ends inside the TEXT element, no </REUTERS>
    items = read(write(tmp_path, HEADER + DOCUMENT.format(n=1) + cut + DOCUMENT.format(n=3)), "t.sgm")
    assert [type(item) for item in items] == [RawRecord, BadRecord, RawRecord]
    assert [item.source_ref for item in items] == ["t.sgm#1", "t.sgm#2", "t.sgm#3"]
    assert items[1].reason.startswith("NEWID 2: truncated")
    assert items[2].fields["title"] == "STORY NUMBER 3 <ABC>"


def test_document_cut_off_at_end_of_file(tmp_path):
    text = HEADER + DOCUMENT.format(n=1) + DOCUMENT.format(n=2)[:150]
    items = read(write(tmp_path, text), "t.sgm")
    assert isinstance(items[0], RawRecord)
    assert isinstance(items[1], BadRecord) and items[1].reason.startswith("NEWID 2: truncated")


def test_unclosed_element_inside_a_closed_document(tmp_path):
    broken = DOCUMENT.format(n=2).replace("</BODY>", "")
    items = read(write(tmp_path, HEADER + broken + DOCUMENT.format(n=3)), "t.sgm")
    assert isinstance(items[0], BadRecord) and "unbalanced <BODY>" in items[0].reason
    assert isinstance(items[1], RawRecord) and items[1].source_ref == "t.sgm#2"


def test_binary_and_empty_files(tmp_path):
    junk = tmp_path / "junk.sgm"
    junk.write_bytes(bytes(range(256)) * 64)
    [item] = read(junk, "junk.sgm")
    assert isinstance(item, BadRecord) and "binary" in item.reason
    [note] = read(write(tmp_path, ""), "empty.sgm")
    assert isinstance(note, FileNote) and note.message == "no <REUTERS> documents found"

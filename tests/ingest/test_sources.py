"""Finding inputs and dispatching them to readers."""

from __future__ import annotations

import zipfile

import pytest

from analytics.ingest import sources
from analytics.ingest.manifest import adhoc_source
from analytics.ingest.readers.base import BadRecord, RawRecord


@pytest.mark.parametrize(
    "name, head, expected",
    [
        ("a.csv", b"x,y\n", "csv"),
        ("a.tsv", b"x\ty\n", "csv"),
        ("a.sgm", b"<!DOCTYPE lewis", "reuters_sgml"),
        ("a.json", b'[{"a": 1}]', "json"),
        ("a.json", b'{"a": 1}\n{"a": 2}\n', "jsonl"),
        ("a.txt", b"Judul\n\n12 Juli 2021", "pagetext"),
        ("a.txt", b"<!DOCTYPE html><html>", "html"),
        ("noext", b"<REUTERS TOPICS", "reuters_sgml"),
        ("noext", b"\xef\xbb\xbf[{}]", "json"),
        ("noext", b"\xff\xfe[\x00{\x00}\x00]\x00", "json"),
        ("noext", bytes(range(256)), None),
    ],
)
def test_detect_format(name, head, expected):
    assert sources.detect_format(name, head) == expected


def test_zip_members_are_read_as_a_folder(tmp_path):
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("inner/a.csv", "judul,isi\nSatu,Isi satu\nDua,Isi dua\n")
        zf.writestr("inner/README.md", "docs")
        zf.writestr("inner/b.jsonl", '{"judul": "Tiga"}\n')
    spec = adhoc_source("t", [str(archive)])
    items = list(sources.read_input(sources.InputFile(archive, "corpus/x.zip", spec)))
    assert [i.source_ref for i in items] == [
        "corpus/x.zip/inner/a.csv#1",
        "corpus/x.zip/inner/a.csv#2",
        "corpus/x.zip/inner/b.jsonl#1",
    ]


def test_broken_zip_is_one_bad_record(tmp_path):
    archive = tmp_path / "x.zip"
    archive.write_bytes(b"PK\x03\x04 not really a zip")
    [bad] = sources.read_input(sources.InputFile(archive, "x.zip", adhoc_source("t", [str(archive)])))
    assert bad == BadRecord("x.zip", bad.reason) and bad.reason.startswith("not a readable zip archive")


def test_a_reader_failure_becomes_a_bad_record_after_the_good_ones(tmp_path, monkeypatch):
    def flaky(open_stream, ref, options):
        yield RawRecord(f"{ref}#1", {"title": "ok"})
        raise RuntimeError("boom")

    monkeypatch.setitem(sources.READERS, "csv", flaky)
    path = tmp_path / "a.csv"
    path.write_text("x\n")
    items = list(sources.read_input(sources.InputFile(path, "a.csv", adhoc_source("t", [str(path)]))))
    assert items == [RawRecord("a.csv#1", {"title": "ok"}), BadRecord("a.csv", "unreadable: RuntimeError: boom")]


def test_missing_file_is_one_bad_record(tmp_path):
    gone = tmp_path / "gone.csv"
    [bad] = sources.read_input(sources.InputFile(gone, "gone.csv", adhoc_source("t", [str(gone)])))
    assert bad.source_ref == "gone.csv" and bad.reason.startswith("cannot open")


def test_folder_walk_skips_documentation(tmp_path):
    for name in ("PROVENANCE.md", "README.txt", "LICENSE", "SHA256SUMS", "data.csv", "page.txt"):
        (tmp_path / name).write_text("x")
    inputs, unmatched = sources.discover(adhoc_source("t", [str(tmp_path)]), tmp_path)
    assert sorted(i.ref for i in inputs) == ["data.csv", "page.txt"] and unmatched == []

"""Bad input through the whole ingest: a clear reason per bad record, the good ones kept."""

from __future__ import annotations

import codecs
import json
import pathlib

import pytest
from folder_ingest import ingest_folder

from analytics.cli import main

GOOD_ROW = "judul,isi_berita,tanggal_publikasi,url\n"


def _ingest_folder(folder: pathlib.Path, store_path: pathlib.Path, **settings):
    result, stored, quarantine = ingest_folder(folder, store_path, **settings)
    return result, {ref: article["title"] for ref, article in stored.items()}, quarantine


def _csv(rows: list[tuple[str, str, str, str]]) -> str:
    lines = [GOOD_ROW.strip()] + [",".join(f'"{c}"' for c in row) for row in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture
def bad_folder(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.csv").write_bytes(b"")
    (folder / "binary.csv").write_bytes(bytes(range(256)) * 40)
    good = {"judul": "Harga beras naik", "isi_berita": "Harga beras naik lagi.", "url": "https://x.id/a"}
    truncated = json.dumps([good, dict(good, url="https://x.id/b", judul="Kedua")])[:-40]
    (folder / "truncated.json").write_text(truncated, encoding="utf-8")
    (folder / "ragged.csv").write_text(
        GOOD_ROW + '"Satu","Isi satu","18 Juni 2025 | 20.04 WIB","https://x.id/1"\n'
        '"Dua","Isi dua","18 Juni 2025 | 20.04 WIB","https://x.id/2","extra","more"\n'
        '"Tiga","Isi tiga","18 Juni 2025 | 20.04 WIB","https://x.id/3"\n',
        encoding="utf-8",
    )
    (folder / "latin1.csv").write_bytes(
        _csv([("Café à Jakarta", "Señor", "18 Juni 2025 | 20.04 WIB", "https://x.id/l")]).encode("latin-1")
    )
    (folder / "cp1252.csv").write_bytes(
        _csv([("“Kutipan” – judul", "Isi", "18 Juni 2025 | 20.04 WIB", "https://x.id/c")]).encode("cp1252")
    )
    (folder / "utf16.csv").write_bytes(
        codecs.BOM_UTF16_LE
        + _csv([("Judul UTF-16", "Isi", "18 Juni 2025 | 20.04 WIB", "https://x.id/u")]).encode("utf-16-le")
    )
    (folder / "no_content.csv").write_text(
        _csv([("", "", "18 Juni 2025 | 20.04 WIB", "https://x.id/n"), ("Ada judul", "", "", "https://x.id/m")]),
        encoding="utf-8",
    )
    return folder


def test_every_bad_input_is_quarantined_with_a_reason_and_good_records_kept(bad_folder, tmp_path):
    result, stored, quarantine = _ingest_folder(bad_folder, tmp_path / "s.duckdb", timezone="Asia/Jakarta")
    assert "empty file" in quarantine["empty.csv"]
    assert "binary" in quarantine["binary.csv"]
    assert any(ref.startswith("truncated.json") for ref in quarantine)
    assert stored["truncated.json#1"] == "Harga beras naik"
    assert "ragged.csv#2" in quarantine and "ragged.csv#2" not in stored
    assert stored["ragged.csv#1"] == "Satu" and stored["ragged.csv#3"] == "Tiga"
    assert stored["latin1.csv#1"] == "Café à Jakarta"
    assert stored["cp1252.csv#1"] == "“Kutipan” – judul"
    assert stored["utf16.csv#1"] == "Judul UTF-16"
    assert quarantine["no_content.csv#1"] == "no title and no body"
    assert stored["no_content.csv#2"] == "Ada judul"
    summary = result.sources[0]
    assert summary.records_read == summary.stored + summary.duplicates + summary.quarantined
    assert summary.quarantined == len(quarantine)
    assert any("cp1252" in note for note in summary.notes)


def test_cli_exit_codes(bad_folder, tmp_path, capsys):
    store = str(tmp_path / "cli.duckdb")
    assert main(["ingest", str(bad_folder), "--store", store]) == 0
    assert main(["ingest", str(bad_folder), "--store", str(tmp_path / "strict.duckdb"), "--strict"]) == 3
    assert main(["ingest", str(tmp_path / "missing"), "--store", store]) == 1
    only_bad = tmp_path / "only_bad"
    only_bad.mkdir()
    (only_bad / "x.csv").write_bytes(b"")
    assert main(["ingest", str(only_bad), "--store", str(tmp_path / "bad.duckdb")]) == 1
    out = capsys.readouterr()
    assert "empty file" in out.out and "Traceback" not in out.out + out.err
    assert "no such file or folder" in out.err
    assert "nothing could be read" in out.err


def test_nothing_readable_exits_1(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "README.md").write_text("not data")
    assert main(["ingest", str(folder), "--store", str(tmp_path / "s.duckdb")]) == 1
    assert "no input files found" in capsys.readouterr().err

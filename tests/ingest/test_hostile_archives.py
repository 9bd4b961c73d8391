"""Hostile zips and oversized records, ingested through the command line: each costs the member or
record it hides in (quarantined with a one-line reason and its figure), never the run, and every
record read is accounted for (read = stored + duplicates + quarantined, per input file)."""

from __future__ import annotations

import io
import pathlib
import re
import struct
import zipfile
import zlib

import pytest

from analytics.cli import main
from analytics.store.store import Store

ARCHIVE = "corpus.zip"
HEADER = "judul,isi_berita,url\n"
CENTRAL_HEADER = b"PK\x01\x02"
LOCAL_HEADER_BYTES = 30  # a zip local file header before its name and extra field
# Bytes of a one-line page that the ratio limit (100x) and the grace for small members (64 KiB)
# both apply to, yet small enough to write in a test: it deflates about 1000 times.
BOMB_BYTES = 1024 * 1024
# A deflate block header marked final (bit 0) with block type 3 (bits 1-2), which deflate does not have.
INVALID_BLOCK = b"\x07"
TINY_RECORD_LIMIT = 10_000  # --max-record-bytes in the tests of oversized records


def _rows(host: str, count: int) -> str:
    """A CSV of `count` distinct articles whose URLs are on `host`."""
    return HEADER + "".join(f"Judul {i},Isi berita nomor {i} dari {host},https://{host}/{i}\n" for i in range(count))


def _zip(path: pathlib.Path, members: list[tuple[str, bytes | str]]) -> pathlib.Path:
    """A deflated zip archive of `members` (name, content) in order; names may repeat."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return path


def _zip_bytes(members: list[tuple[str, bytes | str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def _central_headers(data: bytes) -> dict[str, int]:
    """Each member's name and the offset of its central directory header."""
    found = {}
    at = data.find(CENTRAL_HEADER)
    while at != -1:
        (name_length,) = struct.unpack_from("<H", data, at + 28)
        found[data[at + 46 : at + 46 + name_length].decode()] = at
        at = data.find(CENTRAL_HEADER, at + 4)
    return found


def _data_start(data: bytes, info: zipfile.ZipInfo) -> int:
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + LOCAL_HEADER_BYTES + name_length + extra_length


def _ingest(folder: pathlib.Path, store: pathlib.Path, *options: str) -> int:
    return main(["ingest", str(folder), "--store", str(store), "--workers", "1", *options])


def _tail(ref: str, anchor: str = ARCHIVE) -> str:
    """A ref from `anchor` (the archive's or the file's name) on, whatever ingest puts before it."""
    return ref[ref.index(anchor) :]


def _accounts(store: pathlib.Path) -> dict[str, tuple[int, int, int, int]]:
    """Each input file's (read, stored, duplicates, quarantined), each checked to add up."""
    with Store.open(store, read_only=True) as opened:
        log = opened.ingest_log()
    accounts = {}
    for row in log:
        read, parts = row["records_read"], (row["stored"], row["duplicates"], row["quarantined"])
        assert read == sum(parts), row
        accounts[pathlib.PurePosixPath(row["file_ref"]).name] = (read, *parts)
    return accounts


def _quarantine(store: pathlib.Path, anchor: str = ARCHIVE) -> dict[str, str]:
    with Store.open(store, read_only=True) as opened:
        return {_tail(ref, anchor): reason for ref, reason, _ in opened.quarantine()}


def _stored_refs(store: pathlib.Path, table: str = "articles", anchor: str = ARCHIVE) -> list[str]:
    with Store.open(store, read_only=True) as opened:
        refs = opened.connection.execute(f"SELECT source_ref FROM {table} ORDER BY source_ref").fetchall()
    return [_tail(ref, anchor) for (ref,) in refs]


@pytest.fixture
def folder(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "in"
    path.mkdir()
    return path


def test_two_members_of_one_name_keep_every_record(folder, tmp_path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        _zip(folder / ARCHIVE, [("x.csv", _rows("x.id", 2)), ("x.csv", _rows("x.id", 2))])
    assert _ingest(folder, tmp_path / "s.duckdb") == 0
    assert _accounts(tmp_path / "s.duckdb") == {ARCHIVE: (4, 2, 2, 0)}
    assert _stored_refs(tmp_path / "s.duckdb") == [f"{ARCHIVE}/x.csv#1", f"{ARCHIVE}/x.csv#2"]
    assert _stored_refs(tmp_path / "s.duckdb", "duplicates") == [f"{ARCHIVE}/x (2).csv#1", f"{ARCHIVE}/x (2).csv#2"]


def test_a_member_expanding_past_the_ratio_is_refused_with_its_figure(folder, tmp_path):
    page = b"Judul\n\n" + b"a" * BOMB_BYTES
    _zip(folder / ARCHIVE, [("good.csv", _rows("g.id", 2)), ("bomb.txt", page), ("after.csv", _rows("a.id", 2))])
    assert _ingest(folder, tmp_path / "s.duckdb") == 0
    reason = _quarantine(tmp_path / "s.duckdb")[f"{ARCHIVE}/bomb.txt"]
    assert re.fullmatch(r"refused: expands 1,0\d\dx \(limit 100x\)", reason), reason
    assert _accounts(tmp_path / "s.duckdb") == {ARCHIVE: (5, 4, 0, 1)}


def test_a_member_expanding_past_the_size_limit_is_refused_with_its_figure(folder, tmp_path):
    _zip(folder / ARCHIVE, [("big.csv", _rows("b.id", 100)), ("small.csv", _rows("s.id", 2))])
    size = zipfile.ZipFile(folder / ARCHIVE).getinfo("big.csv").file_size
    assert _ingest(folder, tmp_path / "s.duckdb", "--zip-max-member-bytes", "1000") == 0
    assert _quarantine(tmp_path / "s.duckdb") == {
        f"{ARCHIVE}/big.csv": f"refused: expands to {size:,} bytes (limit 1,000)"
    }
    assert _accounts(tmp_path / "s.duckdb") == {ARCHIVE: (3, 2, 0, 1)}


def test_zips_nested_past_the_depth_limit_are_refused(folder, tmp_path):
    inner = _zip_bytes([("deep.csv", _rows("d.id", 2))])
    middle = _zip_bytes([("middle.csv", _rows("m.id", 2)), ("inner.zip", inner)])
    _zip(folder / ARCHIVE, [("top.csv", _rows("t.id", 2)), ("middle.zip", middle)])
    assert _ingest(folder, tmp_path / "s.duckdb") == 0
    assert _quarantine(tmp_path / "s.duckdb") == {
        f"{ARCHIVE}/middle.zip/inner.zip": "refused: a zip archive nested 3 deep (limit 2)"
    }
    assert _accounts(tmp_path / "s.duckdb") == {ARCHIVE: (5, 4, 0, 1)}
    assert _ingest(folder, tmp_path / "deeper.duckdb", "--zip-max-depth", "3") == 0
    assert _accounts(tmp_path / "deeper.duckdb") == {ARCHIVE: (6, 6, 0, 0)}


def test_a_member_cannot_inflate_past_the_size_it_declares(folder, tmp_path):
    """A member declaring 1,000 bytes that holds 5 MB: zipfile stops at 1,000 and the CRC fails."""
    data = bytearray(_zip_bytes([("good.csv", _rows("g.id", 2)), ("liar.txt", b"a" * 5_000_000)]))
    liar = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("liar.txt")
    struct.pack_into("<I", data, liar.header_offset + 22, 1000)  # local header: uncompressed size
    struct.pack_into("<I", data, _central_headers(bytes(data))["liar.txt"] + 24, 1000)
    (folder / ARCHIVE).write_bytes(bytes(data))
    assert _ingest(folder, tmp_path / "s.duckdb") == 0
    assert _quarantine(tmp_path / "s.duckdb") == {
        f"{ARCHIVE}/liar.txt": "corrupt compressed data (Bad CRC-32 for file 'liar.txt')"
    }
    assert _accounts(tmp_path / "s.duckdb") == {ARCHIVE: (3, 2, 0, 1)}


def test_an_encrypted_member_is_quarantined_and_the_rest_read(folder, tmp_path):
    data = bytearray(
        _zip_bytes([("good.csv", _rows("g.id", 2)), ("secret.csv", _rows("s.id", 2)), ("after.csv", _rows("a.id", 2))])
    )
    secret = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("secret.csv")
    data[secret.header_offset + 6] |= 1  # bit 0 of the general-purpose flags: encrypted
    data[_central_headers(bytes(data))["secret.csv"] + 8] |= 1
    (folder / ARCHIVE).write_bytes(bytes(data))
    assert _ingest(folder, tmp_path / "s.duckdb") == 0
    assert _quarantine(tmp_path / "s.duckdb") == {f"{ARCHIVE}/secret.csv": "encrypted: needs a password"}
    assert _accounts(tmp_path / "s.duckdb") == {ARCHIVE: (5, 4, 0, 1)}


def _corrupted(data: bytes, name: str) -> bytes:
    """`data` with member `name`'s deflate stream cut after the first half of its content by a
    block of the type deflate does not have: zlib inflates the first half, then fails."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info, content = archive.getinfo(name), archive.read(name)
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    damaged = compressor.compress(content[: len(content) // 2]) + compressor.flush(zlib.Z_FULL_FLUSH) + INVALID_BLOCK
    assert len(damaged) <= info.compress_size
    start = _data_start(data, info)
    return data[:start] + damaged.ljust(info.compress_size, b"\0") + data[start + info.compress_size :]


def test_corrupt_compressed_data_costs_the_rest_of_its_member_only(folder, tmp_path):
    rows = 4000  # its first half is more than the first block text is read in (64 KiB)
    data = _zip_bytes(
        [("good.csv", _rows("g.id", 2)), ("broken.csv", _rows("b.id", rows)), ("after.csv", _rows("a.id", 2))]
    )
    (folder / ARCHIVE).write_bytes(_corrupted(data, "broken.csv"))
    assert _ingest(folder, tmp_path / "s.duckdb") == 0
    [(ref, reason)] = _quarantine(tmp_path / "s.duckdb").items()
    assert ref.startswith(f"{ARCHIVE}/broken.csv#")
    assert re.fullmatch(
        r"reading stopped at record \d+: corrupt compressed data \(Error -3 .*: invalid block type\)", reason
    ), reason
    read_before = int(ref.rsplit("#", 1)[1]) - 1
    assert 0 < read_before < rows
    stored = _stored_refs(tmp_path / "s.duckdb")
    assert [r for r in stored if "broken.csv" in r] == sorted(
        f"{ARCHIVE}/broken.csv#{n}" for n in range(1, read_before + 1)
    )
    assert _accounts(tmp_path / "s.duckdb") == {ARCHIVE: (4 + read_before + 1, 4 + read_before, 0, 1)}


OVERSIZED = 50_000  # bytes of the oversized record or line in these tests, over TINY_RECORD_LIMIT
LONG_BODY = "kata " * (OVERSIZED // 5)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("page.txt", f"Judul besar\n\n{LONG_BODY}\n", r"oversized: 50,01\d bytes \(limit 10,000\)"),
        (
            "page.html",
            f"<html><head><title>Judul</title></head><body><article><p>{LONG_BODY}</p></article></body></html>",
            r"oversized: 50,\d{3} bytes \(limit 10,000\)",
        ),
    ],
    ids=["pagetext", "html"],
)
def test_an_oversized_page_is_quarantined_and_the_others_stored(folder, tmp_path, name, content, reason):
    (folder / name).write_text(content, encoding="utf-8")
    (folder / "small.txt").write_text("Judul kecil\n\nIsi berita yang pendek sekali.\n", encoding="utf-8")
    assert _ingest(folder, tmp_path / "s.duckdb", "--max-record-bytes", str(TINY_RECORD_LIMIT)) == 0
    quarantine = _quarantine(tmp_path / "s.duckdb", name)
    assert list(quarantine) == [name] and re.fullmatch(reason, quarantine[name]), quarantine
    assert _accounts(tmp_path / "s.duckdb") == {name: (1, 0, 0, 1), "small.txt": (1, 1, 0, 0)}


@pytest.mark.parametrize(
    "name, content, encoding, reason",
    [
        (
            "rows.csv",
            _rows("c.id", 2) + f"Panjang,{LONG_BODY},https://c.id/long\n" + _rows("c.id", 1)[len(HEADER) :],
            "utf-8",
            r"reading stopped at record 3: oversized: 50,0\d\d bytes \(limit 10,000\)",
        ),
        (
            "rows.csv",
            _rows("u.id", 2) + f"Panjang,{LONG_BODY},https://u.id/long\n",
            "utf-16",
            r"reading stopped at record 3: oversized: 100,0\d\d bytes \(limit 10,000\)",
        ),
        (
            "lines.jsonl",
            '{"title": "Satu", "body": "Isi satu"}\n{"title": "Dua", "body": "Isi dua"}\n'
            f'{{"title": "Panjang", "body": "{LONG_BODY}"}}\n{{"title": "Empat", "body": "Isi empat"}}\n',
            "utf-8",
            r"reading stopped at line 3: oversized: 50,0\d\d bytes \(limit 10,000\)",
        ),
    ],
    ids=["csv", "csv-utf16", "jsonl"],
)
def test_an_oversized_line_is_quarantined_after_the_records_before_it(
    folder, tmp_path, name, content, encoding, reason
):
    (folder / name).write_bytes(content.encode(encoding))
    assert _ingest(folder, tmp_path / "s.duckdb", "--max-record-bytes", str(TINY_RECORD_LIMIT)) == 0
    [(ref, why)] = _quarantine(tmp_path / "s.duckdb", name).items()
    assert ref == f"{name}#3" and re.fullmatch(reason, why), (ref, why)
    assert _accounts(tmp_path / "s.duckdb") == {name: (3, 2, 0, 1)}


def test_a_page_over_the_default_record_limit_is_quarantined(folder, tmp_path):
    """The one test at the default limit (16 MiB): a 17 MB page of one line."""
    with (folder / "huge.txt").open("w", encoding="utf-8") as page:
        page.write("Judul besar\n\n")
        page.write("kata " * (17_000_000 // 5))
    assert _ingest(folder, tmp_path / "s.duckdb") == 1  # nothing could be read
    assert _quarantine(tmp_path / "s.duckdb", "huge.txt") == {
        "huge.txt": "oversized: 17,000,013 bytes (limit 16,777,216)"
    }
    assert _accounts(tmp_path / "s.duckdb") == {"huge.txt": (1, 0, 0, 1)}

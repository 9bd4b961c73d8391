"""Scaled corpora for the benchmarks: real records of the shared corpora, replicated.

`build(n)` writes `n` records under `benchmarks/work/scaled_<n>/` (git-ignored) as
CSV and JSON Lines files of FILE_RECORDS records each, plus the `manifest.toml` that
ingests them. The records are those of AG News (test set), the Indonesian news CSVs
(indonews_rss_2025), KCNA and Reuters-21578, taken in a fixed shuffled order; every
pass over them ("round" r = 0, 1, 2, ...) repeats each record once with

- its dates moved back r * SHIFT_DAYS days, rewritten in the record's own format
  (`Diperbarui 18 Jun 2025, 14:05 WIB`, `26-FEB-1987 15:01:01.79`, `10/06/2025`,
  epoch milliseconds); whole weeks, so weekday names stay true;
- from round 1 on, another outlet (and the outlet's host in its URL), so that a
  replica is a new article, not a duplicate.

Round 0 is the real corpora as they are, so the scaled corpus keeps their genuine
duplicates and empty records. AG News has no dates: each record gets one, spread
over the second half of 2004. Reuters-21578 PLACES are left out (a manifest cannot
map a JSON field to `places`). Records are generated and written one at a time
(memory holds the ~31,000 source records, never the output), and a finished corpus
is reused (`complete.json` marks it).

    python -m benchmarks.scaled 100000
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import pathlib
import random
import re
import shutil
import sys
from collections.abc import Iterator
from typing import Any

from analytics.ingest.manifest import load_manifest
from analytics.ingest.readers.base import RawRecord
from analytics.ingest.sources import discover, read_input

REPO = pathlib.Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
WORK = REPO / "benchmarks" / "work"
SHARED_MANIFEST = REPO / "data/manifests/shared_corpora.toml"
SCALE_ENV = "BENCH_SCALE"
DEFAULT_SCALE = 100_000
FILE_RECORDS = 5_000  # records per output file: the ingest engine's partitions
SHIFT_DAYS = 28  # dates move back this much per round (whole weeks: weekdays stay right)
SEED = 20251128
VERSION = 2  # bump when the output changes, so old corpora are rebuilt
AG_NEWS_START = dt.datetime(2004, 7, 1, 6, 0)
AG_NEWS_STEP = dt.timedelta(minutes=37)  # 7,600 records spread over about 195 days

EN_OUTLETS = (
    "Harbor Tribune",
    "Lakeside Herald",
    "Capital Courier",
    "Northern Ledger",
    "Valley Chronicle",
    "Coastal Gazette",
    "Metro Daily",
    "Prairie Post",
    "Island Observer",
    "Summit Record",
    "River City Times",
    "Eastern Dispatch",
)
ID_OUTLETS = (
    "Kabar Nusantara",
    "Warta Kota Raya",
    "Suara Timur",
    "Berita Pagi",
    "Harian Andalas",
    "Jurnal Priangan",
    "Kabar Borneo",
    "Swara Celebes",
    "Lintas Sumatra",
    "Pos Bahari",
    "Media Mataram",
    "Tribun Pesisir",
)

MONTHS = {
    "en_abbr": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "en_full": "January February March April May June July August September October November December".split(),
    "id_abbr": "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split(),
    "id_full": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})([ -])([A-Za-z]{3,9})\2(\d{4})\b")
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclasses.dataclass(frozen=True)
class Stream:
    """One kind of output file: a format, its columns, and which fields carry outlet, URL and date."""

    name: str
    format: str  # csv | jsonl
    language: str
    outlet: str
    date: str
    url: str | None = None
    columns: tuple[str, ...] = ()  # csv only
    manifest: str = ""  # the manifest lines after name, paths and format


STREAMS = (
    Stream(
        "ag_news",
        "csv",
        "en",
        "outlet",
        "date",
        columns=("class_index", "title", "description", "date", "outlet"),
        manifest='language = "en"\ntimezone = "America/New_York"\nheader = true\n[source.fields]\ntitle = "title"\n'
        'body = "description"\nsection = "class_index"\npublished_raw = "date"\noutlet = "outlet"\n'
        '[source.values.section]\n"1" = "World"\n"2" = "Sports"\n"3" = "Business"\n"4" = "Sci/Tech"\n',
    ),
    Stream(
        "indonews_new",
        "csv",
        "id",
        "sumber",
        "tanggal_publikasi",
        url="url",
        columns=("sumber", "url", "judul", "author", "tanggal_publikasi", "isi_berita"),
        manifest='language = "id"\ntimezone = "Asia/Jakarta"\nheader = true\n',
    ),
    Stream(
        "indonews_old",
        "csv",
        "id",
        "source",
        "date",
        url="url",
        columns=("title", "source", "date", "time", "category", "sub-category", "content", "url", "author"),
        manifest='language = "id"\ntimezone = "Asia/Jakarta"\nheader = true\n',
    ),
    Stream(
        "kcna", "jsonl", "en", "outlet", "date", url="link", manifest='language = "en"\ntimezone = "Asia/Pyongyang"\n'
    ),
    Stream(
        "reuters",
        "jsonl",
        "en",
        "outlet",
        "published_raw",
        manifest='language = "en"\n[source.fields]\ntitle = "title"\nbody = "body"\npublished_raw = "published_raw"\n'
        'outlet = "outlet"\nauthor = "author"\ntags = "tags"\n',
    ),
)
STREAMS_BY_NAME = {s.name: s for s in STREAMS}


@dataclasses.dataclass(frozen=True)
class Corpus:
    folder: pathlib.Path
    records: int
    files: int
    bytes: int

    @property
    def manifest(self) -> pathlib.Path:
        return self.folder / "manifest.toml"


def scales_from_env() -> tuple[int, ...]:
    """The corpus sizes to measure: BENCH_SCALE, a number or a comma-separated list."""
    return tuple(int(n) for n in os.environ.get(SCALE_ENV, str(DEFAULT_SCALE)).replace("_", "").split(","))


def build(n: int, *, work: pathlib.Path = WORK) -> Corpus:
    """The scaled corpus of `n` records, written unless a finished one is there."""
    return _written(work / f"scaled_{n}", n, STREAMS, replicate(n), file_records=FILE_RECORDS)


def build_one_file(stream_name: str, n: int, *, work: pathlib.Path = WORK) -> Corpus:
    """`n` records of one stream in a single file (`<stream>/part-00000.<format>` under
    `benchmarks/work/<stream>_<n>/`), written unless a finished one is there: the stream's
    source records in corpus order, again and again, varied as `replicate` varies them."""
    stream = STREAMS_BY_NAME[stream_name]
    base = [record for of, record in source_records() if of is stream]

    def records() -> Iterator[tuple[Stream, dict[str, Any]]]:
        for i in range(n):
            round_, at = divmod(i, len(base))
            yield stream, vary(stream, base[at], round_, at)

    return _written(work / f"{stream_name}_{n}", n, (stream,), records(), file_records=n)


def _written(
    folder: pathlib.Path,
    n: int,
    streams: tuple[Stream, ...],
    records: Iterator[tuple[Stream, dict[str, Any]]],
    *,
    file_records: int,
) -> Corpus:
    """The corpus in `folder`: `records` of `streams` written in files of `file_records` records,
    with their manifest; kept from an earlier call when it is finished (`complete.json`)."""
    marker = folder / "complete.json"
    if marker.exists():
        done = json.loads(marker.read_text())
        if done.get("version") == VERSION and done.get("records") == n:
            return Corpus(folder, n, done["files"], done["bytes"])
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    writers = {s.name: _Writer(folder, s, file_records=file_records) for s in streams}
    try:
        for stream, record in records:
            writers[stream.name].write(record)
    finally:
        for writer in writers.values():
            writer.close()
    (folder / "manifest.toml").write_text(_manifest(streams), encoding="utf-8")
    files = sorted(p for p in folder.rglob("part-*") if p.is_file())
    corpus = Corpus(folder, n, len(files), sum(p.stat().st_size for p in files))
    marker.write_text(json.dumps({"version": VERSION, "records": n, "files": corpus.files, "bytes": corpus.bytes}))
    return corpus


def replicate(n: int) -> Iterator[tuple[Stream, dict[str, Any]]]:
    """`n` records: the source records in a fixed shuffled order, again and again, each
    round with shifted dates and (after the first) other outlets."""
    base = source_records()
    order = list(range(len(base)))
    random.Random(SEED).shuffle(order)
    for i in range(n):
        round_, at = divmod(i, len(base))
        stream, record = base[order[at]]
        yield stream, vary(stream, record, round_, order[at])


def vary(stream: Stream, record: dict[str, Any], round_: int, index: int) -> dict[str, Any]:
    """A copy of the record for round `round_`: dates shifted, outlet (and URL host) changed after round 0."""
    out = dict(record)
    days = -SHIFT_DAYS * round_
    value = out.get(stream.date)
    if isinstance(value, int):  # epoch milliseconds (KCNA)
        out[stream.date] = value + days * 86_400_000
    elif isinstance(value, str) and value and days:
        out[stream.date] = shift_dates(value, days, stream.language)
    if round_:
        names = ID_OUTLETS if stream.language == "id" else EN_OUTLETS
        cycle, slot = (round_ - 1) // len(names), (round_ - 1 + index) % len(names)
        outlet = names[slot] + (f" {cycle + 1}" if cycle else "")
        out[stream.outlet] = outlet
        if stream.url and out.get(stream.url):
            host = re.sub(r"[^a-z0-9]+", "", outlet.lower()) + ".example"
            out[stream.url] = re.sub(r"^(https?://)[^/]+", rf"\g<1>{host}", out[stream.url]) + f"?copy={round_}"
    return out


def shift_dates(text: str, days: int, language: str) -> str:
    """Every date in `text` that reads as day-month-year or ISO, moved by `days`, in its own format."""
    delta = dt.timedelta(days=days)

    def named(match: re.Match) -> str:
        token = match[3]
        found = _month(token, language)
        if found is None:
            return match[0]
        month, style = found
        try:
            day = dt.date(int(match[4]), month, int(match[1])) + delta
        except ValueError:
            return match[0]
        name = MONTHS[style][day.month - 1]
        name = name.upper() if token.isupper() else name.lower() if token.islower() else name
        return f"{day.day:0{len(match[1])}d}{match[2]}{name}{match[2]}{day.year}"

    def slashed(match: re.Match) -> str:
        try:
            day = dt.date(int(match[3]), int(match[2]), int(match[1])) + delta
        except ValueError:
            return match[0]
        return f"{day.day:0{len(match[1])}d}/{day.month:0{len(match[2])}d}/{day.year}"

    def iso(match: re.Match) -> str:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3])) + delta
        except ValueError:
            return match[0]
        return day.isoformat()

    return _ISO.sub(iso, _SLASHED.sub(slashed, _DAY_MONTH_YEAR.sub(named, text)))


def _month(token: str, language: str) -> tuple[int, str] | None:
    styles = (
        ("id_full", "id_abbr", "en_full", "en_abbr")
        if language == "id"
        else ("en_full", "en_abbr", "id_full", "id_abbr")
    )
    low = token.lower()
    for style in styles:
        names = [m.lower() for m in MONTHS[style]]
        if low in names:
            return names.index(low) + 1, style
    return None


# --- the source records ------------------------------------------------------------------------


def source_records() -> list[tuple[Stream, dict[str, Any]]]:
    """Every record of the four corpora, as the stream it goes to and its fields."""
    records: list[tuple[Stream, dict[str, Any]]] = []
    ag = STREAMS_BY_NAME["ag_news"]
    with (CORPORA / "ag_news_test/test.csv").open(encoding="utf-8", newline="") as stream:
        for n, (label, title, description) in enumerate(csv.reader(stream)):
            date = AG_NEWS_START + n * AG_NEWS_STEP
            records.append(
                (
                    ag,
                    {
                        "class_index": label,
                        "title": title,
                        "description": description,
                        "date": date.strftime("%Y-%m-%d %H:%M"),
                        "outlet": "",
                    },
                )
            )
    csv.field_size_limit(1 << 30)
    for name, pattern in (
        ("indonews_new", "indonews_rss_2025/dataset_new/*.csv"),
        ("indonews_old", "indonews_rss_2025/old_dataset/berita_*.csv"),
    ):
        stream_spec = STREAMS_BY_NAME[name]
        for path in sorted(CORPORA.glob(pattern)):
            with path.open(encoding="utf-8-sig", newline="") as stream:
                for row in csv.DictReader(stream):
                    records.append((stream_spec, {c: row.get(c) or "" for c in stream_spec.columns}))
    kcna = STREAMS_BY_NAME["kcna"]
    for path in sorted(CORPORA.glob("kcna_stiles_archive/headlines_*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            records.append((kcna, {**row, "outlet": "KCNA"}))
    reuters = STREAMS_BY_NAME["reuters"]
    manifest = load_manifest(SHARED_MANIFEST, root=CORPORA)
    spec = next(s for s in manifest.sources if s.name == "reuters21578")
    for item in discover(spec, manifest.root)[0]:
        for record in read_input(item):
            if isinstance(record, RawRecord):
                # A manifest cannot map `places` (no common input name means it): Reuters' PLACES are left out.
                fields = {k: v for k, v in record.fields.items() if k not in ("newid", "language", "places")}
                records.append((reuters, fields))
    return records


class _Writer:
    """Writes one stream's records, `file_records` to a file."""

    def __init__(self, folder: pathlib.Path, stream: Stream, *, file_records: int) -> None:
        self.folder = folder / stream.name
        self.stream = stream
        self.file_records = file_records
        self.count = 0
        self.file: io.TextIOBase | None = None
        self.csv: Any = None

    def write(self, record: dict[str, Any]) -> None:
        if self.count % self.file_records == 0:
            self._rotate()
        if self.stream.format == "csv":
            self.csv.writerow([record.get(c, "") for c in self.stream.columns])
        else:
            self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def _rotate(self) -> None:
        self.close()
        self.folder.mkdir(exist_ok=True)
        path = self.folder / f"part-{self.count // self.file_records:05d}.{self.stream.format}"
        self.file = path.open("w", encoding="utf-8", newline="")
        if self.stream.format == "csv":
            self.csv = csv.writer(self.file)
            self.csv.writerow(self.stream.columns)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _manifest(streams: tuple[Stream, ...]) -> str:
    parts = ["# A scaled corpus written by benchmarks/scaled.py (see its docstring).", 'root = "."', ""]
    for stream in streams:
        parts += [
            "[[source]]",
            f'name = "{stream.name}"',
            f'paths = ["{stream.name}/*.{stream.format}"]',
            f'format = "{stream.format}"',
            stream.manifest,
        ]
    return "\n".join(parts)


if __name__ == "__main__":
    corpus = build(int(sys.argv[1]) if len(sys.argv) > 1 else scales_from_env()[0])
    print(f"{corpus.records:,} records in {corpus.files} files, {corpus.bytes / 1e6:.0f} MB: {corpus.manifest}")

"""Publication dates on the real corpora: the gold `published` values, and every raw date string.

Records are read through the project's readers and field mappings (as ingest
does) and their date candidates, `[published_raw, published_visible]`, go
through `pick_published` with the source's manifest zone and language: the call
normalize.py makes. Expected values come from ../shared/corpora/gold_dev.jsonl
or from plain string counts over the raw values, never from the parser.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json
import re

import pytest
from repo_paths import REPO

from analytics.ingest.extract import FileState, mapped_records
from analytics.ingest.manifest import SourceSpec, load_manifest
from analytics.ingest.sources import discover
from analytics.schema import BadRecord
from analytics.text.dates import ParsedDate, UnparsedDate, parse_published, pick_published

MANIFEST = REPO / "data/manifests/shared_corpora.toml"
GOLD_SHARE = 0.99
DATE_FIELDS = ("published_raw", "published_visible")

# The raw values no tier may read, by kind, as plain string tests (independent of the parser).
UNPARSEABLE_KINDS = {
    "not found": lambda v: v.strip().casefold() == "tidak ditemukan",  # scraper placeholder
    "scroll prompt": lambda v: v.strip().casefold() == "scroll ke bawah untuk membaca berita",  # Tempo page text
    "ISO 8601 duration": lambda v: re.fullmatch(r"PT\d+S", v.strip()) is not None,  # BBC video length
    "relative time": lambda v: re.search(r"yang lalu|\bago\b", v, re.IGNORECASE) is not None,
}
# Measured on the shared corpora (June 2025 snapshot): how many raw values of each kind there are.
UNPARSEABLE_COUNTS = {"not found": 64, "scroll prompt": 133, "ISO 8601 duration": 2, "relative time": 0}


@dataclasses.dataclass(frozen=True)
class Record:
    ref: str
    spec: SourceSpec
    fields: dict

    @property
    def candidates(self) -> list:
        return [self.fields.get(name) for name in DATE_FIELDS]

    def pick(self):
        languages = (self.spec.language,) if self.spec.language else None
        return pick_published(self.candidates, default_tz=self.spec.timezone, languages=languages)


@pytest.fixture(scope="module")
def records(corpora) -> dict[str, Record]:
    """Every record of every shared corpus, by ref (about 185,000; a few seconds)."""
    manifest = load_manifest(MANIFEST, root=corpora)
    found: dict[str, Record] = {}
    for spec in manifest.sources:
        for item in discover(spec, manifest.root)[0]:
            for record in mapped_records(item, FileState(item)):  # mapped as ingest maps them
                if not isinstance(record, BadRecord):
                    raw, fields = record
                    found.setdefault(raw.source_ref, Record(raw.source_ref, spec, fields))
    return found


@pytest.fixture(scope="module")
def gold(corpora) -> list[dict]:
    return [json.loads(line) for line in (corpora / "gold_dev.jsonl").read_text(encoding="utf-8").splitlines() if line]


def _matches(parsed, expected: str) -> bool:
    """Offset-bearing gold values are instants; naive ones are local wall time."""
    if not isinstance(parsed, ParsedDate):
        return False
    want = dt.datetime.fromisoformat(expected)
    return parsed.published_local == want if want.tzinfo is None else parsed.published_at == want


def test_gold_published_values_are_reproduced(records, gold):
    dated = [g for g in gold if g.get("published") is not None]
    assert len(dated) >= 140  # the file's dated records, not a handful
    misses = []
    for g in dated:
        record = records.get(g["ref"])
        raw, parsed = record.pick() if record else (None, None)
        if not _matches(parsed, g["published"]):
            misses.append(f"{g['ref']}: gold {g['published']}, candidates {record and record.candidates}, got {parsed}")
    share = 1 - len(misses) / len(dated)
    assert share >= GOLD_SHARE, f"{share:.2%} of {len(dated)} gold dates reproduced; misses:\n" + "\n".join(misses)


def test_gold_records_without_a_date_have_no_date_candidate(records, gold):
    undated = [g["ref"] for g in gold if g.get("published") is None]
    assert undated  # AG News gives no dates
    assert [ref for ref in undated if records[ref].pick() != (None, None)] == []


def test_every_raw_date_string_parses_or_is_unparseable_with_a_reason(records):
    values = [(r, v) for r in records.values() for v in r.candidates if v is not None and str(v).strip()]
    assert len(values) > 150_000
    unparsed: dict[str, list[str]] = collections.defaultdict(list)
    for record, value in values:
        languages = (record.spec.language,) if record.spec.language else None
        got = parse_published(value, default_tz=record.spec.timezone, languages=languages)
        assert isinstance(got, (ParsedDate, UnparsedDate)), (record.ref, value, got)
        if isinstance(got, UnparsedDate):
            assert got.reason.strip(), (record.ref, value)
            kinds = [kind for kind, test in UNPARSEABLE_KINDS.items() if test(str(value))]
            assert len(kinds) == 1, f"{record.ref}: {value!r} is unparseable ({got.reason}) but of no known kind"
            unparsed[kinds[0]].append(str(value))
    # Every value of a known kind is unparseable, and there are as many as a plain count finds.
    plain_counts = {
        kind: sum(1 for _, v in values if isinstance(v, str) and test(v)) for kind, test in UNPARSEABLE_KINDS.items()
    }
    assert plain_counts == UNPARSEABLE_COUNTS
    assert {kind: len(unparsed.get(kind, [])) for kind in UNPARSEABLE_KINDS} == plain_counts


def test_unparseable_reasons_name_the_value(records):
    seen = {}
    for record in records.values():
        for value in record.candidates:
            if isinstance(value, str) and any(test(value) for test in UNPARSEABLE_KINDS.values()):
                seen.setdefault(value.strip(), parse_published(value, default_tz=record.spec.timezone))
    assert set(seen) == {"Tidak Ditemukan", "Tidak ditemukan", "Scroll ke bawah untuk membaca berita", "PT24S"}
    for value, got in seen.items():
        assert got.reason == f"no date in {value!r}"


def test_missing_dates_are_counted_not_guessed(records):
    missing = collections.Counter(r.spec.name for r in records.values() if all(v in (None, "") for v in r.candidates))
    assert missing == {"ag_news_test": 7600, "indonews_rss_2025": 3}


# --- the HTML fixtures: machine metadata against the date shown to readers ---------------------

HTML = "anpandu_news_html_fixtures/"
# ref -> (published_raw, published_visible) as the reader gives them, the value picked, the UTC instant
HTML_PAIRS = {
    "detik/detik-singlepage.html": (
        "2015-11-05 T10:08:58Z",
        "Kamis, 05/11/2015 10:08 WIB",
        1,
        dt.datetime(2015, 11, 5, 3, 8),
    ),
    "detik/detik-singlepage2.html": (
        "2016-02-23 T16:00:20Z",
        "Selasa, 23/02/2016 15:32 WIB",
        1,
        dt.datetime(2016, 2, 23, 8, 32),
    ),
    "antara/antara-singlepage.html": (
        "2015-11-05T14:56:43+07:00",
        "Kamis, 5 November 2015 14:56 WIB",
        0,
        dt.datetime(2015, 11, 5, 7, 56, 43),
    ),
    "antara/antara-singlepage2.html": (
        "2016-02-23T14:49:30+07:00",
        "Selasa, 23 Februari 2016 14:49 WIB",
        0,
        dt.datetime(2016, 2, 23, 7, 49, 30),
    ),
    "antara/antara-singlepage3.html": (
        "2016-02-23T14:39:42+07:00",
        "Selasa, 23 Februari 2016 14:39 WIB",
        0,
        dt.datetime(2016, 2, 23, 7, 39, 42),
    ),
    "antara/antara-singlepage5.html": (
        "2017-05-15T18:43:56+07:00",
        "Senin, 15 Mei 2017 18:43 WIB",
        0,
        dt.datetime(2017, 5, 15, 11, 43, 56),
    ),
}


@pytest.mark.parametrize("ref", list(HTML_PAIRS))
def test_pick_published_on_the_html_fixtures(records, ref):
    meta, shown, picked, instant = HTML_PAIRS[ref]
    record = records[HTML + ref]
    assert record.candidates == [meta, shown]
    raw, parsed = record.pick()
    assert raw == [meta, shown][picked]
    assert parsed.published_at == instant.replace(tzinfo=dt.UTC)


def test_dateparser_only_strings_of_test_dates_are_in_the_corpora(records):
    # tests/text/test_dates.py DATEPARSER_ONLY cites these as real: they are, in these bodies.
    quoted = {
        "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#98": "Selasa (18/6/2025) pukul 09.25 WIB",
        "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#66": "tanggal 11 Juni 2025",
        "indonews_rss_2025/old_dataset/berita_tribun.xlsx#739": "04.11.2025",
    }
    for ref, text in quoted.items():
        assert text in str(records[ref].fields.get("body")), ref

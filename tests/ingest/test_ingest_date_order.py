"""Ingest decides each source's date order once, from all its files, before it reads any:
the same order whatever the number of workers, reported in the summary with the share of
articles dated, the methods, and a warning with examples below 95 %.

The month-first source is tests/fixtures/month_first (the layout of indonews_rss_2025's
CSVs with dates as issue 12 quotes them; see its PROVENANCE.md); the day-first ones are
the real shared corpora.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import pathlib
import shutil

import pytest
from repo_paths import REPO
from rich.console import Console
from store_tables import TABLES, rows

from analytics.cli import rendering
from analytics.ingest.extract import date_tally
from analytics.ingest.manifest import ManifestError, load_manifest
from analytics.ingest.pipeline import file_fingerprint, ingest
from analytics.ingest.sources import discover
from analytics.store.store import Store

FIXTURE = REPO / "tests/fixtures/month_first"
SHARED_MANIFEST = REPO / "data/manifests/shared_corpora.toml"
SOURCE = """
[[source]]
name = "scrape"
paths = {paths}
language = "{language}"
timezone = "Asia/Jakarta"
{extra}
"""
# Each fixture record's local publication time, from its url and headline (written by hand).
EXPECTED = {
    "scrapping_news_2025-08-03.csv#1": dt.datetime(2025, 8, 1, 6, 40),
    "scrapping_news_2025-08-03.csv#2": dt.datetime(2025, 7, 31, 8, 15),
    "scrapping_news_2025-08-03.csv#3": dt.datetime(2025, 7, 30, 19, 5),
    "scrapping_news_2025-08-03.csv#4": dt.datetime(2025, 8, 2, 10, 30),
    "scrapping_news_2025-08-03.csv#5": dt.datetime(2025, 8, 3, 9, 0),
    "scrapping_news_2025-08-03.csv#6": dt.datetime(2025, 7, 29, 16, 20),
    "scrapping_news_2025-08-06.csv#1": dt.datetime(2025, 8, 4, 7, 0),
    "scrapping_news_2025-08-06.csv#2": dt.datetime(2025, 8, 5, 15, 45),
    "scrapping_news_2025-08-06.csv#3": dt.datetime(2025, 8, 6, 11, 10),
}


def _manifest(tmp_path: pathlib.Path, *, paths: str = '["*.csv"]', language: str = "id", extra: str = ""):
    path = tmp_path / "m.toml"
    path.write_text(f'root = "{FIXTURE}"\n' + SOURCE.format(paths=paths, language=language, extra=extra))
    return load_manifest(path)


def _ingest(manifest, store_path: pathlib.Path, *, workers: int = 1):
    with Store.open(store_path) as store:
        result = ingest(manifest, store, workers=workers)
        dates = store.connection.execute(
            "SELECT source_ref, published_local, published_method, published_issue FROM articles"
        ).fetchall()
    return result, {ref.rsplit("/", 1)[-1]: tuple(rest) for ref, *rest in dates}


def _summary_text(result) -> str:
    buffer = io.StringIO()
    console, rendering.out = rendering.out, Console(file=buffer, width=250)
    try:
        rendering.ingest_summary(result)
    finally:
        rendering.out = console
    return buffer.getvalue()


def test_month_first_source_is_decided_from_all_its_files(tmp_path):
    result, dates = _ingest(_manifest(tmp_path), tmp_path / "s.duckdb")
    assert {ref: local for ref, (local, _, _) in dates.items()} == EXPECTED
    summary = result.sources[0]
    assert (summary.date_order.order, summary.date_order.basis, summary.date_order.month_first) == ("mdy", "values", 3)
    assert (summary.dates.articles, summary.dates.dated, summary.dates.methods) == (9, 9, {"format:mdy_numeric": 9})
    text = _summary_text(result)
    assert "100.0%" in text and "mdy (values)" in text
    assert "scrape: dates read by format:mdy_numeric 9" in text
    assert "scrape: numeric dates read mdy, decided by the values (0 day-first, 3 month-first values)" in text
    assert "below 95%" not in text


def test_a_file_alone_without_a_deciding_value_takes_the_language(tmp_path):
    # The second file has only ambiguous values: alone, Indonesian reads them day first
    # (8 April ...). Per source, its other file decides (the test above).
    result, dates = _ingest(_manifest(tmp_path, paths='["*-08-06.csv"]'), tmp_path / "id.duckdb")
    assert (result.sources[0].date_order.order, result.sources[0].date_order.basis) == ("dmy", "language")
    assert dates["scrapping_news_2025-08-06.csv#1"][0] == dt.datetime(2025, 4, 8, 7, 0)
    assert "numeric dates read" not in _summary_text(result)  # the table says 'dmy (language)'; no line


def test_the_manifest_states_the_order_or_the_format(tmp_path):
    only_ambiguous = '["*-08-06.csv"]'
    result, dates = _ingest(
        _manifest(tmp_path, paths=only_ambiguous, extra='date_order = "mdy"'), tmp_path / "o.duckdb"
    )
    assert (result.sources[0].date_order.order, result.sources[0].date_order.basis) == ("mdy", "date_order")
    assert dates["scrapping_news_2025-08-06.csv#1"][:2] == (dt.datetime(2025, 8, 4, 7, 0), "format:mdy_numeric")
    extra = 'date_format = "%m/%d/%Y %H:%M"'
    result, dates = _ingest(_manifest(tmp_path, paths=only_ambiguous, extra=extra), tmp_path / "f.duckdb")
    assert (result.sources[0].date_order.order, result.sources[0].date_order.basis) == ("mdy", "date_format")
    assert dates["scrapping_news_2025-08-06.csv#1"][:2] == (dt.datetime(2025, 8, 4, 7, 0), "date_format")
    assert "numeric dates read mdy, decided by the manifest's date_format" in _summary_text(result)


def test_a_contradicting_value_is_reported_not_swapped_and_few_dates_warn(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURE / "scrapping_news_2025-08-03.csv", folder)
    lines = (FIXTURE / "scrapping_news_2025-08-06.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace("8/4/2025 7:00", "31/7/2025 7:00")  # one value written day first
    lines[2] = lines[2].replace("8/5/2025 15:45", "Tidak Ditemukan")  # the scraper's placeholder
    (folder / "mixed.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest_path = tmp_path / "m.toml"
    manifest_path.write_text(f'root = "{folder}"\n' + SOURCE.format(paths='["*.csv"]', language="id", extra=""))
    result, dates = _ingest(load_manifest(manifest_path), tmp_path / "s.duckdb")
    assert dates["mixed.csv#1"] == (None, None, "unparseable")
    assert dates["mixed.csv#3"][0] == dt.datetime(2025, 8, 6, 11, 10)
    summary = result.sources[0]
    assert (summary.date_order.order, summary.date_order.day_first, summary.date_order.month_first) == ("mdy", 1, 3)
    assert (summary.dates.dated, summary.dates.unreadable, summary.dates.contradicting) == (7, 2, 1)
    assert summary.dates.examples == ["31/7/2025 7:00", "Tidak Ditemukan"]
    text = _summary_text(result)
    assert "the source contradicts itself (dmy '31/7/2025 7:00'; mdy '7/31/2025 8:15')" in text
    assert "scrape: 1 dates contradict the date order mdy, left unparsed" in text
    assert (
        "scrape: only 77.8% of 9 articles have a publication date (below 95%): 2 unreadable, 0 without one;"
        " could not read '31/7/2025 7:00', 'Tidak Ditemukan'" in text
    )


def test_one_and_two_workers_decide_and_store_the_same(tmp_path):
    manifest = _manifest(tmp_path)
    one, _ = _ingest(manifest, tmp_path / "one.duckdb", workers=1)
    two, _ = _ingest(manifest, tmp_path / "two.duckdb", workers=2)
    assert one.sources == two.sources
    for table, columns in TABLES.items():
        assert rows(tmp_path / "one.duckdb", table, columns) == rows(tmp_path / "two.duckdb", table, columns)


def test_only_a_changed_order_changes_a_files_fingerprint(tmp_path):
    item = discover(_manifest(tmp_path).sources[0], FIXTURE)[0][0]
    undecided = file_fingerprint(item)
    day_first = dataclasses.replace(item, spec=dataclasses.replace(item.spec, date_order="dmy"))
    month_first = dataclasses.replace(item, spec=dataclasses.replace(item.spec, date_order="mdy"))
    assert file_fingerprint(day_first) == undecided  # as every file was read before orders were decided
    assert file_fingerprint(month_first) != undecided


def test_the_shared_corpora_are_day_first_where_a_value_says_so(corpora):
    manifest = load_manifest(SHARED_MANIFEST, root=corpora)
    tallies = {}
    for spec in manifest.sources:
        if spec.name in ("indonews_rss_2025", "indonesian_html", "kcna"):
            tally = tallies[spec.name] = date_tally(discover(spec, manifest.root)[0][0])
            for item in discover(spec, manifest.root)[0][1:]:
                tally.merge(date_tally(item))
    # Kompas writes 18/06/2025 (dataset_new) and 10/06/2025 (old_dataset); detik pages 23/02/2016.
    assert (tallies["indonews_rss_2025"].day_first, tallies["indonews_rss_2025"].month_first) == (150, 0)
    assert tallies["indonews_rss_2025"].undecided == 50
    assert (tallies["indonesian_html"].day_first, tallies["indonesian_html"].month_first) == (1, 0)
    assert (tallies["kcna"].day_first, tallies["kcna"].month_first, tallies["kcna"].undecided) == (0, 0, 0)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('date_order = "myd"', r"m\.toml, line 8: source #1 'scrape': date_order must be one of 'dmy', 'mdy', 'ymd'"),
        ('date_format = "%m/%Y"', r"m\.toml, line 8: source #1 'scrape': date_format '%m/%Y' has no day"),
        ("date_format = 7", r"m\.toml, line 8: source #1 'scrape': 'date_format' must be a string"),
        (
            'date_order = "dmy"\ndate_format = "%m/%d/%Y"',
            r"m\.toml, line 8: source #1 'scrape': date_order 'dmy' contradicts date_format '%m/%d/%Y' \(mdy\)",
        ),
    ],
)
def test_bad_date_settings_name_the_line(tmp_path, extra, message):
    with pytest.raises(ManifestError, match=message):
        _manifest(tmp_path, extra=extra)


def test_the_first_pass_skips_only_files_whose_bytes_hold_no_numeric_date(corpora, tmp_path):
    from analytics.ingest.extract import _may_hold_numeric_dates

    assert not _may_hold_numeric_dates(corpora / "china_media_headlines_2022/cgtn.zip")  # members searched
    assert not _may_hold_numeric_dates(corpora / "kcna_stiles_archive/headlines_2024-11-11.json")
    assert _may_hold_numeric_dates(corpora / "indonews_rss_2025/old_dataset/berita_tribun.xlsx")  # '04.11.2025'
    assert _may_hold_numeric_dates(FIXTURE / "scrapping_news_2025-08-06.csv")
    wide = tmp_path / "wide.csv"
    wide.write_text("judul,tanggal\nBanjir,2025-08-01\n", encoding="utf-16")  # its digits do not show
    assert _may_hold_numeric_dates(wide)
    escaped = tmp_path / "escaped.json"
    escaped.write_text('[{"title": "Banjir", "date": "7\\/31\\/2025 8:15"}]', encoding="utf-8")
    assert _may_hold_numeric_dates(escaped)

"""Exports users bring without a manifest: the fields of common scraper and API exports are found by
their names, a saved API response is read as its articles, and an object value stands for its name.

The records follow the fields each tool documents (news-please's article JSON, NewsAPI's response,
Media Cloud's story CSV); their texts are short stand-ins. The Bangladeshi scraper export is a real
corpus, outside the repository (tests/fixtures/unseen_reuse2/README.md): without it that test skips,
saying so."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest
from repo_paths import TESTS

from analytics.ingest.manifest import Manifest, adhoc_source, load_manifest
from analytics.ingest.pipeline import ingest
from analytics.store.store import Store

COLUMNS = "source_ref, title, body, outlet, published_at"


def _ingested(folder: pathlib.Path, store_path: pathlib.Path):
    """(ingest result, stored articles by source ref, quarantined reasons by source ref) of a folder, no manifest."""
    manifest = Manifest(None, folder, (adhoc_source("test", [str(folder)]),))
    with Store.open(store_path) as store:
        result = ingest(manifest, store)
        rows = store.connection.execute(f"SELECT {COLUMNS} FROM articles").fetchall()
        quarantine = {ref: reason for ref, reason, _ in store.quarantine()}
    names = COLUMNS.split(", ")
    return result, {row[0]: dict(zip(names, row, strict=True)) for row in rows}, quarantine


def _newsapi_article(number: int) -> dict:
    return {
        "source": {"id": "reuters", "name": "Reuters"},
        "author": "Reuters",
        "title": f"Bank Indonesia holds rates, statement {number}",
        "description": "Bank Indonesia held its benchmark rate.",
        "url": f"https://www.reuters.com/markets/bi-{number}/",
        "urlToImage": None,
        "publishedAt": f"2024-03-0{number}T08:30:00Z",
        "content": f"JAKARTA, March {number} (Reuters) - Bank Indonesia held its rate, statement {number}. [+1200 chars]",
    }


def test_a_saved_api_response_is_read_as_its_articles(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    response = {"status": "ok", "totalResults": 2, "articles": [_newsapi_article(1), _newsapi_article(2)]}
    (folder / "everything.json").write_text(json.dumps(response), encoding="utf-8")
    pages = [{"status": "ok", "totalResults": 4, "articles": [_newsapi_article(n)]} for n in (3, 4)]
    (folder / "pages.jsonl").write_text("".join(json.dumps(page) + "\n" for page in pages), encoding="utf-8")

    result, stored, quarantine = _ingested(folder, tmp_path / "store.duckdb")

    assert sorted(stored) == ["everything.json#1", "everything.json#2", "pages.jsonl#1#1", "pages.jsonl#2#1"]
    assert quarantine == {}
    first = stored["everything.json#1"]
    assert first["outlet"] == "Reuters"  # the `source` object's name, not its text
    assert first["published_at"] == dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC)
    assert first["body"].startswith("JAKARTA, March 1 (Reuters) - Bank Indonesia")
    report = result.sources[0]
    assert report.records_read == 4 and report.stored == 4
    assert any("saved API responses" in note for note in report.notes)


def test_an_article_holding_a_list_of_objects_stays_one_article(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    article = {
        "title": "Banjir di Jakarta",
        "body": "Banjir merendam lima kecamatan di Jakarta Timur.",
        "images": [{"url": "https://x.id/1.jpg", "caption": "Banjir"}, {"url": "https://x.id/2.jpg"}],
    }
    (folder / "one.json").write_text(json.dumps(article), encoding="utf-8")
    _, stored, _ = _ingested(folder, tmp_path / "store.duckdb")
    assert list(stored) == ["one.json"]


def test_a_record_that_lists_no_articles_is_quarantined_whole(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    both = {"articles": [_newsapi_article(1)], "sources": [{"id": "reuters"}]}  # which list holds the articles?
    (folder / "two_lists.json").write_text(json.dumps(both), encoding="utf-8")
    guardian = {  # an article under names no mapping knows, listing its tags: the tags are no articles
        "webTitle": "Indonesia holds rates",
        "webUrl": "https://www.theguardian.com/world/a",
        "tags": [{"id": "world/indonesia", "type": "keyword"}, {"id": "business/economics", "type": "keyword"}],
    }
    (folder / "guardian.json").write_text(json.dumps(guardian), encoding="utf-8")
    result, stored, quarantine = _ingested(folder, tmp_path / "store.duckdb")
    assert stored == {}
    assert quarantine == {"two_lists.json": "no title and no body", "guardian.json": "no title and no body"}
    assert not any("saved API responses" in note for note in result.sources[0].notes)


def test_scraper_and_api_exports_map_their_dates_bodies_and_outlets(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    news_please = {  # news-please's article JSON: `text` is the deprecated field, left empty
        "authors": ["Jane Roe"],
        "date_download": "2024-03-02 10:00:00",
        "date_modify": None,
        "date_publish": "2024-03-01 08:30:00",
        "description": "Short lead.",
        "filename": "https%3A%2F%2Fwww.reuters.com%2Fa.json",
        "image_url": None,
        "language": "en",
        "localpath": None,
        "maintext": "JAKARTA (Reuters) - Indonesia's central bank held its benchmark rate on Thursday.",
        "source_domain": "www.reuters.com",
        "text": None,
        "title": "Indonesia holds rates",
        "title_page": None,
        "title_rss": None,
        "url": "https://www.reuters.com/a",
    }
    (folder / "news_please.json").write_text(json.dumps(news_please), encoding="utf-8")
    (folder / "media_cloud.csv").write_text(
        "id,indexed_date,language,media_name,media_url,publish_date,title,url\n"
        "1,2024-03-02 01:00:00,en,antaranews.com,antaranews.com,2024-03-01 08:30:00,Rupiah firms,https://www.antaranews.com/b\n",
        encoding="utf-8",
    )
    _, stored, _ = _ingested(folder, tmp_path / "store.duckdb")
    news_please_article, media_cloud_story = stored["news_please.json"], stored["media_cloud.csv#1"]
    assert news_please_article["body"].startswith("JAKARTA (Reuters) - Indonesia's central bank")
    assert news_please_article["outlet"] == "www.reuters.com"
    assert media_cloud_story["outlet"] == "antaranews.com"
    for article in (news_please_article, media_cloud_story):
        assert article["published_at"] is not None and article["published_at"].date() == dt.date(2024, 3, 1)


BD_MANIFEST = TESTS / "fixtures" / "unseen_reuse2" / "manifest.toml"


def test_a_real_scraper_export_gets_its_publication_dates_without_a_manifest(tmp_path):
    root = load_manifest(BD_MANIFEST).root
    if not root.is_dir():
        pytest.skip(f"the Bangladeshi scraper export {root} is absent (not redistributable)")
    folder = root / "bd_news_2025"
    _, stored, _ = _ingested(folder, tmp_path / "store.duckdb")
    records = {}
    for path in sorted(folder.glob("*.json")):
        for number, record in enumerate(json.loads(path.read_text(encoding="utf-8")), start=1):
            records[f"{path.name}#{number}"] = record
    # the scraper writes an ISO time, "Unknown" or nothing: an article is dated exactly when its record has one
    dated = {ref for ref, record in records.items() if _iso(record.get("publication_date"))}
    assert {ref for ref, article in stored.items() if article["published_at"] is not None} == dated & set(stored)
    assert len(dated & set(stored)) > 400


def _iso(value) -> bool:
    try:
        dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True

"""Exports users bring without a manifest: the fields of common scraper and API exports are found by
their names, a saved API response is read as its articles, and an object value stands for its name.

The records follow the fields each tool documents (news-please's article JSON, NewsAPI's response,
Media Cloud's story CSV); their texts are short stand-ins. The Bangladeshi scraper export is a real
corpus, outside the repository (tests/fixtures/unseen_reuse2/README.md): without it that test skips,
saying so."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pandas
import pytest
from folder_ingest import ingest_folder
from repo_paths import TESTS

from analytics.ingest.manifest import load_manifest
from analytics.store.store import Store


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

    result, stored, quarantine = ingest_folder(folder, tmp_path / "store.duckdb")

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
    _, stored, _ = ingest_folder(folder, tmp_path / "store.duckdb")
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
    result, stored, quarantine = ingest_folder(folder, tmp_path / "store.duckdb")
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
    _, stored, _ = ingest_folder(folder, tmp_path / "store.duckdb")
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
    _, stored, _ = ingest_folder(folder, tmp_path / "store.duckdb")
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


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>ANTARA News - Terkini</title>
<link>https://www.antaranews.com</link>
<language>id</language>
<item>
<title>Harga beras naik di Jakarta</title>
<link>https://www.antaranews.com/berita/1/harga-beras-naik</link>
<pubDate>Mon, 07 Dec 2026 10:00:00 +0700</pubDate>
<description><![CDATA[<p>Harga beras naik lagi.</p>]]></description>
<content:encoded><![CDATA[<p>Jakarta (ANTARA) - Harga beras naik lagi pekan ini di pasar induk.</p><p>Pedagang mengeluh.</p>]]></content:encoded>
<category>Ekonomi</category>
<category>Pangan</category>
<dc:creator>Budi Santoso</dc:creator>
</item>
<item>
<title>Banjir di Bekasi</title>
<guid isPermaLink="true">https://www.antaranews.com/berita/2/banjir-di-bekasi</guid>
<pubDate>Mon, 07 Dec 2026 11:00:00 +0700</pubDate>
<description>Bekasi (ANTARA) - Banjir merendam tiga kecamatan.</description>
</item>
</channel>
</rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>World news</title>
<entry>
<title type="html">Rupiah firms &lt;b&gt;as&lt;/b&gt; exports rise</title>
<link rel="self" href="https://example.org/feeds/entry/1"/>
<link rel="alternate" href="https://example.org/2026/12/07/rupiah-firms"/>
<published>2026-12-07T08:30:00Z</published>
<updated>2026-12-07T09:00:00Z</updated>
<author><name>Jane Roe</name><email>jane@example.org</email></author>
<category term="markets"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>JAKARTA (Reuters) - The rupiah firmed on Monday.</p></div></content>
</entry>
</feed>
"""
GOOGLE_NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>"banjir" - Google News</title>
<item><title>Banjir rendam Bekasi - Kompas.com</title>
<link>https://news.google.com/rss/articles/CBMiX2h0dHBz?oc=5</link>
<pubDate>Mon, 07 Dec 2026 04:00:00 GMT</pubDate>
<description>Banjir rendam Bekasi Kompas.com</description>
<source url="https://www.kompas.com">Kompas.com</source></item>
</channel></rss>
"""


def test_saved_rss_and_atom_feeds_are_read_item_by_item(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "antara.xml").write_text(RSS, encoding="utf-8")
    (folder / "world.atom").write_text(ATOM, encoding="utf-8")
    (folder / "google_news.rss").write_text(GOOGLE_NEWS, encoding="utf-8")

    _, stored, quarantine = ingest_folder(folder, tmp_path / "store.duckdb")

    assert quarantine == {}
    assert sorted(stored) == ["antara.xml#1", "antara.xml#2", "google_news.rss#1", "world.atom#1"]
    rice, flood = stored["antara.xml#1"], stored["antara.xml#2"]
    assert rice["title"] == "Harga beras naik di Jakarta"
    assert rice["body"].startswith(
        "Jakarta (ANTARA) - Harga beras naik lagi pekan ini"
    )  # the full text, not the summary
    assert rice["published_at"] == dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)
    assert flood["body"] == "Bekasi (ANTARA) - Banjir merendam tiga kecamatan."
    rupiah = stored["world.atom#1"]
    assert rupiah["title"] == "Rupiah firms as exports rise"
    assert rupiah["body"] == "JAKARTA (Reuters) - The rupiah firmed on Monday."
    assert rupiah["published_at"] == dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.UTC)  # published, not updated
    assert stored["google_news.rss#1"]["outlet"] == "Kompas.com"  # the publisher the aggregator names
    with Store.open(tmp_path / "store.duckdb", read_only=True) as store:
        rows = store.connection.execute(
            "SELECT source_ref, url, author, tags, language FROM articles WHERE source_ref IN ('antara.xml#1', "
            "'antara.xml#2', 'world.atom#1') ORDER BY source_ref"
        ).fetchall()
        credits = store.connection.execute("SELECT DISTINCT agency, role FROM attributions ORDER BY 1").fetchall()
    assert rows == [
        (
            "antara.xml#1",
            "https://www.antaranews.com/berita/1/harga-beras-naik",
            "Budi Santoso",
            ["Ekonomi", "Pangan"],
            "id",
        ),
        ("antara.xml#2", "https://www.antaranews.com/berita/2/banjir-di-bekasi", None, [], "id"),
        ("world.atom#1", "https://example.org/2026/12/07/rupiah-firms", "Jane Roe", ["markets"], "en"),
    ]
    assert credits == [("antara", "dateline"), ("reuters", "dateline")]


def test_a_broken_feed_keeps_the_items_before_the_break_and_other_xml_is_refused_saying_why(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    cut = RSS.index("<item>", RSS.index("</item>"))
    (folder / "broken.xml").write_text(RSS[:cut] + "<item><title>Half an item & more</title>", encoding="utf-8")
    (folder / "config.xml").write_text('<?xml version="1.0"?><config><item>1</item></config>', encoding="utf-8")
    (folder / "page.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Banjir di Bekasi'
        "</title></head><body><h1>Banjir di Bekasi</h1><p>Banjir merendam tiga kecamatan di Bekasi.</p></body></html>",
        encoding="utf-8",
    )
    _, stored, quarantine = ingest_folder(folder, tmp_path / "store.duckdb")
    assert sorted(stored) == ["broken.xml#1", "page.xml"]  # an XHTML page is read as a page
    assert quarantine["broken.xml"].startswith("not well-formed XML after item 1 (")
    assert "line" in quarantine["broken.xml"]
    assert quarantine["config.xml#1"] == "no title and no body"


INDONEWS_CSV = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-20.csv"


def test_a_parquet_export_reads_as_the_csv_it_was_made_from(corpora, tmp_path):
    """A real scraper CSV written as Parquet (as pandas' `to_parquet` writes it), plain and zipped,
    gives the CSV's articles, row for row."""
    csv_folder, parquet_folder = tmp_path / "csv", tmp_path / "parquet"
    csv_folder.mkdir()
    parquet_folder.mkdir()
    (csv_folder / "news.csv").write_bytes((corpora / INDONEWS_CSV).read_bytes())
    frame = pandas.read_csv(corpora / INDONEWS_CSV, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.to_parquet(parquet_folder / "news.parquet", index=False)
    with zipfile.ZipFile(parquet_folder / "zipped.zip", "w") as archive:
        archive.write(parquet_folder / "news.parquet", "news.parquet")

    _, from_csv, csv_quarantine = ingest_folder(csv_folder, tmp_path / "csv.duckdb")
    parquet_run, from_parquet, parquet_quarantine = ingest_folder(parquet_folder, tmp_path / "parquet.duckdb")

    def by_row(stored, prefix):
        return {
            ref.removeprefix(prefix): {k: v for k, v in a.items() if k != "source_ref"} for ref, a in stored.items()
        }

    expected = by_row(from_csv, "news.csv")
    assert len(expected) > 1000
    assert by_row({r: a for r, a in from_parquet.items() if r.startswith("news.parquet")}, "news.parquet") == expected
    assert parquet_quarantine == {ref.replace("news.csv", "news.parquet"): why for ref, why in csv_quarantine.items()}
    # the zipped copy (a stream that cannot seek) is read too: its rows are the plain file's again, not stored twice
    assert not any(ref.startswith("zipped.zip") for ref in from_parquet)
    assert parquet_run.sources[0].records_read == 2 * len(frame)


def test_a_file_that_is_not_parquet_is_refused_saying_why(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cut.parquet").write_bytes(b"PAR1" + b"\x00" * 64)
    _, stored, quarantine = ingest_folder(folder, tmp_path / "store.duckdb")
    assert stored == {}
    assert quarantine["cut.parquet"].startswith("not a readable Parquet file: ")

"""Page-text dumps: the seed, and the same rules on real Indonesian article text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.ingest.manifest import adhoc_source
from analytics.ingest.normalize import to_article
from analytics.ingest.readers.pagetext import parse_page
from analytics.text import cleaning

SEED = "seed/000_7b6cb561483c8af7.txt"
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def seed_fields(corpora):
    return parse_page((corpora / SEED).read_text(encoding="utf-8"))


def test_seed_parses_to_the_spec_facts(seed_fields):
    assert seed_fields["title"] == "Korea Utara dan China Isyaratkan akan Perkuat Hubungan Bilateral"
    assert seed_fields["published_raw"] == "12 Juli 2021, 12:02 WIB"
    assert seed_fields["editor"] == "Yesa Novianti Putri Ashari"
    assert seed_fields["source_line"] == "Associated Press"
    assert seed_fields["tags"] == []
    assert seed_fields["captions"][-1].endswith("dalam hubungan kerja sama. //Reuters")


def test_seed_body_is_article_text_only(seed_fields):
    body = seed_fields["body"]
    assert body.startswith("SRAGEN UPDATE - Para pemimpin Korea Utara dan China pada hari Minggu 11 Juli 2021")
    assert body.endswith("jika terjadi serangan.")
    for furniture in ("Baca Juga", "Halaman", "Editor:", "Sumber:", "Artikel Pilihan", "Terpopuler", "Kabar Daerah"):
        assert furniture not in body
    assert "//Reuters" not in body  # the caption is not body text
    assert "kata Kantor Berita Pusat Korea" in body and "menurut Kantor Berita resmi China Xinhua" in body


def test_seed_article_outlet_and_instant(seed_fields):
    spec = adhoc_source("seed", ["seed"], language="id", timezone="Asia/Jakarta")
    article = to_article(seed_fields, source_ref=SEED, spec=spec, ingested_at=NOW)
    assert article.outlet == "Sragen Update"
    assert article.published_at == dt.datetime(2021, 7, 12, 5, 2, tzinfo=dt.UTC)
    assert article.published_local == dt.datetime(2021, 7, 12, 12, 2)
    assert article.tz_label == "WIB"
    assert article.source_line == "Associated Press"
    assert article.tags == []


def _dump(title: str, date: str, body: str) -> str:
    """A page dump laid out as the seed is, around a real article's own text."""
    return "\n".join(
        [
            title,
            "",
            f"- {date}",
            "",
            body,
            "",
            "Halaman:",
            "",
            "Editor: Redaksi Contoh",
            "",
            "Sumber: Antara",
            "",
            "Tags",
            "Korea Utara",
            "Ekonomi",
            "",
            "Artikel Pilihan",
            "Terkait",
            "Terkini",
            "x",
        ]
    )


def test_general_rules_recover_real_indonesian_articles(corpora):
    """Wrap 300 real articles of four outlets in a seed-like page: every part comes back."""
    frame = pd.read_csv(corpora / "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv", encoding="utf-8-sig")
    frame = frame.dropna(subset=["judul", "isi_berita", "tanggal_publikasi"])
    sample = frame.groupby("sumber").head(75)
    assert len(sample) >= 250
    mismatches = []
    for row in sample.itertuples():
        fields = parse_page(_dump(row.judul.strip(), row.tanggal_publikasi.strip(), row.isi_berita))
        expected_body = cleaning.clean_body(row.isi_berita)
        got = (fields["title"], fields["body"], fields["editor"], fields["source_line"], fields["tags"])
        want = (row.judul.strip(), expected_body, "Redaksi Contoh", "Antara", ["Korea Utara", "Ekonomi"])
        if got != want or not fields.get("published_raw"):
            mismatches.append(row.url)
    assert mismatches == []


def test_clean_body_removes_furniture_of_real_bodies(corpora):
    frame = pd.read_csv(corpora / "indonews_rss_2025/dataset_new/scrapping_news_2025-06-19.csv", encoding="utf-8-sig")
    bodies = frame["isi_berita"].dropna()
    with_furniture = [b for b in bodies if any(cleaning.is_furniture(line) for line in b.splitlines())]
    assert len(with_furniture) > 500  # Baca Juga / Advertisement / SCROLL TO CONTINUE are everywhere
    for body in with_furniture:
        cleaned = cleaning.clean_body(body)
        lines = cleaned.splitlines()
        assert not any(
            line.strip() in ("Baca Juga", "Advertisement", "SCROLL TO CONTINUE WITH CONTENT") for line in lines
        )
        # every non-furniture line of the original survives
        kept = [line.strip() for line in body.splitlines() if line.strip() and not cleaning.is_furniture(line)]
        assert [line.strip() for line in lines if line.strip()] == kept


def test_long_source_line_inside_the_body_does_not_cut_it():
    paragraph = "Paragraf panjang yang menjelaskan data statistik tentang ekonomi daerah dan dampaknya. " * 2
    page = "\n".join(
        [
            "Judul",
            "",
            "Rabu, 18 Jun 2025 07:30 WIB",
            "",
            "JAKARTA, KOMPAS.com - Awal.",
            "Sumber: BPS",
            paragraph,
            "",
            "Editor: A",
        ]
    )
    fields = parse_page(page)
    assert paragraph.strip() in fields["body"]
    assert fields["editor"] == "A"


def test_caption_block_without_dateline_needs_a_photo_credit():
    credited = parse_page(
        "Judul\n\n18 Juni 2025 | 20.04 WIB\nWarga antre di pasar. Foto: ANTARA\n\nIsi berita pertama.\n\nIsi kedua."
    )
    assert credited["captions"] == ["Warga antre di pasar. Foto: ANTARA"]
    assert credited["body"] == "Isi berita pertama.\n\nIsi kedua."
    plain = parse_page("Judul\n\n18 Juni 2025 | 20.04 WIB\nIsi berita pertama.\n\nIsi kedua.")
    assert plain["captions"] == []
    assert plain["body"] == "Isi berita pertama.\n\nIsi kedua."

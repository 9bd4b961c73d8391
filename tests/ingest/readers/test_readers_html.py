"""The HTML reader on the real Indonesian news pages, the gold labels, and hostile input."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from analytics.ingest.readers.base import BadRecord, FileNote, RawRecord, ReadOptions
from analytics.ingest.readers.html import read_html

FIXTURES = "anpandu_news_html_fixtures"

# Agency credits as they appear on these pages, by agency id. "antara" alone is
# the Indonesian word for "between", so only its credit forms count.
CREDIT_PATTERNS = {
    "reuters": r"\bREUTERS\b|\bReuters\b",
    "afp": r"\bAFP\b",
    "ap": r"\bAP Photo\b|\bAssociated Press\b|\(AP\)",
    "xinhua": r"\bXinhua\b",
    "antara": r"ANTARA FOTO|Antara Foto|\(ANTARA|\bAntara/|\bANTARA/|Sumber ?: ?Antara|dikutip Antaranews",
    "getty": r"Getty Images",
}


def read(path: pathlib.Path, ref: str | None = None, options: ReadOptions = ReadOptions()) -> list:
    return list(read_html(lambda: path.open("rb"), ref or str(path), options))


def article(corpora: pathlib.Path, page: str) -> dict:
    items = read(corpora / FIXTURES / page, f"{FIXTURES}/{page}")
    records = [item for item in items if isinstance(item, RawRecord)]
    assert len(records) == 1, items
    return records[0].fields


def article_text(fields: dict) -> str:
    return "\n".join([fields.get("title", ""), fields.get("body", ""), *fields.get("captions", [])])


def squash(text: str) -> str:
    return " ".join(text.split())


def credited_agencies(text: str) -> set[str]:
    return {agency for agency, pattern in CREDIT_PATTERNS.items() if re.search(pattern, text)}


def gold_html_labels(corpora: pathlib.Path) -> list[dict]:
    lines = (corpora / "gold_dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [label for label in map(json.loads, lines) if label["ref"].startswith(FIXTURES)]


# --- Every article page ------------------------------------------------------------


def test_every_article_page_gives_one_record_with_title_body_and_date(corpora):
    pages = sorted((corpora / FIXTURES).glob("*/*singlepage*.html"))
    assert len(pages) == 26
    for page in pages:
        items = read(page)
        records = [item for item in items if isinstance(item, RawRecord)]
        assert len(records) == 1 and len(items) == 1, (page.name, items)
        fields = records[0].fields
        assert fields["title"] and fields["published_raw"], page.name
        assert fields.get("body") or fields.get("captions"), page.name
        assert "<script" not in fields.get("body", "") and "function(" not in fields.get("body", ""), page.name


def test_saved_rss_feeds_are_not_articles(corpora):
    items = read(corpora / FIXTURES / "antara" / "antara-mainpage.html")
    assert len(items) == 1 and isinstance(items[0], BadRecord)
    assert "<rss> news feed" in items[0].reason and items[0].source_ref.endswith("antara-mainpage.html")


# --- Site by site -----------------------------------------------------------------------


def test_antara_article_with_editor_photo_credit_and_no_site_notice(corpora):
    fields = article(corpora, "antara/antara-singlepage.html")
    assert fields["title"] == "29 penerbangan Bandara Internasional Lombok dibatalkan"
    assert fields["published_raw"] == "2015-11-05T14:56:43+07:00"
    assert fields["published_visible"] == "Kamis, 5 November 2015 14:56 WIB"
    assert fields["author"] == "Nur Imansyah"
    assert fields["editor"] == "Ade Marboen"
    assert fields["outlet"] == "Antara News Agency"
    assert fields["language"] == "id"
    assert fields["body"].startswith("Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan")
    assert fields["body"].endswith('di BIL," katanya.')
    assert "COPYRIGHT" not in fields["body"] and "Editor:" not in fields["body"]
    [caption] = fields["captions"]
    assert caption.startswith("Dokumentasi petugas Badan Meteorologi") and caption.endswith("(ANTARA FOTO/Budi Setya)")
    # "Topik Pilihan" #links sit in the site's right column: not this article's tags
    assert "tags" not in fields
    assert "gunung rinjani" in fields["keywords"]  # hidden meta keywords are kept apart


def test_antara_page_without_published_time_meta_gives_its_shown_date(corpora):
    fields = article(corpora, "antara/antara-singlepage4.html")
    assert fields["published_raw"] == "Selasa, 23 Februari 2016 15:06 WIB"
    assert fields["editor"] == "B Kunto Wibisono"
    assert fields["captions"] == [
        "Astra Otoparts bekerja sama dengan pabrikan ban terkemuka di dunia asal Italia, Pirelli meluncurkan "
        "ban sepeda motor terbaru dengan merek Aspira Premio. (Antaranews/Monalisa)"
    ]
    assert "COPYRIGHT" not in fields["body"]


def test_kompas_editor_table_and_site_wide_tag_box(corpora):
    fields = article(corpora, "kompas/kompas-singlepage.html")
    assert fields["title"] == "Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan"
    assert fields["published_raw"] == "Rabu, 4 November 2015 | 21:04 WIB"
    assert fields["author"] == "Kontributor Lhokseumawe, Masriadi"
    assert fields["editor"] == "Ervan Hardoko"
    assert fields["captions"][0].startswith("KOMPAS.COM/MASRIADI Penyidik Polres Lhokseumawe")
    assert fields["body"].startswith("LHOKSEUMAWE, KOMPAS.com – Penyidik Polres Lhokseumawe")
    assert "Penulis" not in fields["body"]
    # the header "TAG" box (#Rizal Ramli, #Dahlan Iskan, ...) is trending navigation
    assert "tags" not in fields


def test_kompas_source_line(corpora):
    fields = article(corpora, "kompas/kompas-singlepage3.html")
    assert fields["source_line"] == "Sumber: The Telegraph"
    assert fields["editor"] == "Ervan Hardoko"
    assert fields["published_raw"] == "Selasa, 16 Februari 2016 | 14:11 WIB"


def test_liputan6_tags_editor_and_no_thumbnail_credits(corpora):
    fields = article(corpora, "liputan6/liputan6-singlepage2.html")
    assert fields["title"] == "London Love Story Tembus 800 Ribu Penonton, Ini Rahasianya"
    assert fields["published_raw"] == "2016-02-16T02:20:00Z"
    assert fields["author"] == "Ratnaning Asih"
    assert fields["editor"] == "Aditia Saputra"
    assert fields["section"] == "ShowBiz"
    assert fields["tags"] == ["Michelle Ziudith", "Dimas Anggara", "London Love Story"]
    assert fields["captions"] == ["Poster London Love Story"]
    # The page carries Reuters, AFP and Antara Foto credits on thumbnails of other stories.
    assert credited_agencies(article_text(fields)) == set()
    assert "Popular" not in fields["body"] and "Rate artikel" not in fields["body"]
    assert "Baca Juga" not in article(corpora, "liputan6/liputan6-singlepage.html")["body"]


def test_liputan6_photo_story_keeps_its_own_reuters_credits_only(corpora):
    fields = article(corpora, "liputan6/liputan6-singlepage3.html")
    assert len(fields["captions"]) == 5
    assert all(caption.endswith("(REUTERS / Danny Moloshok)") for caption in fields["captions"])
    text = article_text(fields)
    assert "REUTERS/Andrew Kelly" not in text and "AFP" not in text  # the footer's popular stories
    assert fields["tags"] == ["Grammy Awards 2016", "Grammy Awards 58", "Grammy Awards", "Taylor Swift", "Selena Gomez"]


def test_republika_antara_rewrite(corpora):
    fields = article(corpora, "republika/republika-singlepage.html")
    assert fields["title"] == "Marcella Zalianty Promo Pariwisata Indonesia Lewat Film"
    assert fields["published_raw"] == "Senin, 15 Februari 2016, 16:15 WIB"
    assert fields["editor"] == "Yudha Manggala P Putra"
    assert fields["captions"] == ["Antara/Teresia May"]
    assert fields["source_line"] == "Sumber: Antara"
    assert fields["body"].endswith("Sumber : Antara")
    assert fields["tags"] == ["promosi wisata film", "film promo wisata"]


def test_okezone_topic_link_is_its_tag(corpora):
    fields = article(corpora, "okezone/okezone-singlepage.html")
    assert fields["title"] == "Sering Depresi Berat, Hati-Hati Diabetes!"
    assert fields["published_raw"] == "Kamis, 5 November 2015 - 15:56 wib"
    assert fields["tags"] == ["Diabetes"]
    assert fields["captions"] == ["Depresi berat, waspada diabetes! (Foto: Usnews)"]
    assert fields["body"].startswith("DEPRESI jadi satu momok")
    assert "All Rights Reserved" not in fields["body"]


def test_tempo_pages(corpora):
    fields = article(corpora, "tempo/tempo-singlepage.html")
    assert fields["title"] == "Ini 7 Alasan Mengapa Orang Malas Bergerak"
    assert fields["published_raw"] == "2015-11-05T11:13:00+07:00"
    assert fields["tags"] == ["Info Kesehatan"]
    assert fields["captions"] == [
        "Rektor UNY buka invitasi olahraga antar perguruan tinggi. Doc. uny.ac.id KOMUNIKA ONLINE"
    ]
    assert fields["body"].endswith("DINI TEJA")

    english = article(corpora, "tempo-english/tempoen-singlepage.html")
    assert english["title"] == "Indonesia can Learn from Finland`s Peatland Fire Case: Pratikno"
    assert english["published_raw"] == "Wednesday, 04 November, 2015 | 07:28 WIB"
    assert english["language"] == "en"
    assert english["captions"] == ["Secretary of State, Pratikno. Image: TEMPO/Imam Sukamto"]
    assert english["body"].endswith("\n\nANTARA")  # the closing credit line of a republished story stays


def test_kapanlagi_tags_from_related_tag_box(corpora):
    fields = article(corpora, "kapanlagi/kapanlagi-singlepage2.html")
    assert fields["title"] == "FOTO: Dian Sastrowardoyo Saat Berusia 13 Tahun, Masih Cantik?"
    assert fields["published_raw"] == "Minggu, 14 Februari 2016 09:15"
    assert fields["tags"] == ["Dulu dan Kini", "Foto Instagram"]
    assert "Dian Sastro saat masih 13 tahun © instagram.com/therealdisastr" in fields["captions"]


def test_detik_gallery_keeps_both_dates(corpora):
    fields = article(corpora, "detik/detik-singlepage2.html")
    # The page's machine date disagrees with the date it shows; both are passed on.
    assert fields["published_raw"] == "2016-02-23 T16:00:20Z"
    assert fields["published_visible"] == "Selasa, 23/02/2016 15:32 WIB"
    assert fields["captions"] == ["Fotografer: Grandyos Zafna"]
    assert fields["url"].startswith("http://finance.detik.com/readfoto/2016/02/23/")


def test_viva_article_body_inside_a_span(corpora):
    fields = article(corpora, "viva/viva-singlepage.html")
    assert fields["body"].startswith("VIVA.co.id - Pianis cilik Indonesia, Joey Alexander")
    assert fields["published_raw"] == "2016-02-16T13:01:52+0700"
    assert fields["author"] == "Maya Sofia"
    assert fields["captions"] == [
        "Musisi dunia memberikan standing ovation untuk Joey Alexander di Grammy Awards ke-58. (Grammy)"
    ]


# --- Gold labels --------------------------------------------------------------------------


def test_gold_evidence_titles_and_tags(corpora):
    labels = gold_html_labels(corpora)
    assert len(labels) == 13
    quotes = 0
    for label in labels:
        fields = article(corpora, label["ref"][len(FIXTURES) + 1 :])
        text = squash(article_text(fields))
        assert fields["title"] == label["title"], label["ref"]
        assert fields.get("tags", []) == label["tags"], label["ref"]
        for attribution in label["attributions"]:
            assert squash(attribution["evidence"]) in text, (label["ref"], attribution)
            quotes += 1
    assert quotes == 8


def test_no_agency_credit_outside_the_gold_labels(corpora):
    for label in gold_html_labels(corpora):
        fields = article(corpora, label["ref"][len(FIXTURES) + 1 :])
        labelled = {attribution["agency"] for attribution in label["attributions"]}
        assert credited_agencies(article_text(fields)) <= labelled, label["ref"]


# --- Bad and hostile input ---------------------------------------------------------------

TITLE = "Harbour opens a new quay"
ARTICLE_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Example News</title>
<meta property="og:title" content="{title}"></head>
<body><nav><a href="/">Home</a></nav>
<div class="main"><div class="article">
<h1>{title}</h1>
<div class="content">
<p>The harbour authority said on Tuesday that the new quay will open next spring after two years of work.</p>
<p>Baca juga: <a href="/ferry-fares">Ferry fares rise again this year</a></p>
{inside}
<p>Officials expect the quay to handle twice the container traffic of the old one, the authority said.</p>
</div>
<div class="related-news"><h3>Related</h3><div class="photo"><a href="/other-story"><img src="b.jpg"></a>
<div class="caption">Protesters at the old quay (REUTERS/Someone Else)</div></div></div>
</div></div></body></html>"""


def page_bytes(inside: str = "", title: str = TITLE, encoding: str = "utf-8") -> bytes:
    return ARTICLE_TEMPLATE.format(title=title, inside=inside).encode(encoding)


def write(tmp_path: pathlib.Path, name: str, data: bytes) -> pathlib.Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_own_figure_caption_is_kept_and_related_thumbnail_credit_is_not(tmp_path):
    inside = '<figure><img src="a.jpg"><figcaption>The new quay at dawn. (AP Photo/Jane Doe)</figcaption></figure>'
    [record] = read(write(tmp_path, "quay.html", page_bytes(inside)))
    assert record.fields["title"] == TITLE
    assert record.fields["captions"] == ["The new quay at dawn. (AP Photo/Jane Doe)"]
    assert "REUTERS" not in article_text(record.fields)
    assert record.fields["body"] == (
        "The harbour authority said on Tuesday that the new quay will open next spring after two years of work."
        "\n\nOfficials expect the quay to handle twice the container traffic of the old one, the authority said."
    )  # no "Baca juga: <another story>" line, no related block


def test_script_and_event_handlers_come_out_as_text_only(tmp_path):
    inside = (
        '<script>alert("owned")</script><img src="x" onerror="alert(1)">'
        '<p onclick="steal()">Timetables for <b onmouseover="alert(2)">all ferry services</b> are posted'
        " at the terminal.</p>"
        '<style>p { color: red }</style><iframe src="javascript:alert(3)"></iframe>'
    )
    [record] = read(write(tmp_path, "script.html", page_bytes(inside)))
    everything = json.dumps(record.fields)
    for marker in ("alert", "<script", "onerror", "onclick", "steal", "javascript:", "color: red", "<b"):
        assert marker not in everything
    assert "\n\nTimetables for all ferry services are posted at the terminal.\n\n" in record.fields["body"]


def test_binary_junk_is_a_bad_record(tmp_path):
    junk = bytes(range(256)) * 64
    [item] = read(write(tmp_path, "junk.html", junk))
    assert isinstance(item, BadRecord) and "binary" in item.reason and item.source_ref.endswith("junk.html")


def test_empty_and_blank_files_are_bad_records(tmp_path):
    for name, data in (("empty.html", b""), ("blank.html", b" \n\t\n")):
        [item] = read(write(tmp_path, name, data))
        assert isinstance(item, BadRecord) and "empty file" in item.reason and item.source_ref.endswith(name)


def test_page_without_article_text_is_a_bad_record(tmp_path):
    index = (
        b"<html><head><title>Index</title></head><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>"
    )
    [item] = read(write(tmp_path, "index.html", index))
    assert isinstance(item, BadRecord) and item.reason.endswith("no article text found")


def test_cp1252_lines_are_decoded_and_noted(tmp_path):
    cafe = page_bytes(title="Caf\xe9 owners welcome the quay", encoding="cp1252")
    items = read(write(tmp_path, "cafe.html", cafe))
    [record] = [i for i in items if isinstance(i, RawRecord)]
    assert record.fields["title"] == "Café owners welcome the quay"
    assert any(isinstance(i, FileNote) and "cp1252" in i.message for i in items)


def test_xml_declared_xhtml_page_is_read(tmp_path):
    [record] = read(write(tmp_path, "x.xhtml", b'<?xml version="1.0" encoding="UTF-8"?>\n' + page_bytes()))
    assert record.fields["title"] == TITLE


@pytest.mark.parametrize("markup", [b"<<<>>>", b"<html><body><div><p>unclosed", b"\xef\xbb\xbf<!-- only a comment -->"])
def test_broken_markup_never_raises(tmp_path, markup):
    items = read(write(tmp_path, "broken.html", markup))
    assert items and all(isinstance(i, (RawRecord, BadRecord, FileNote)) for i in items)

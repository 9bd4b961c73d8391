"""Tags: normalisation, detik tag links, the alias file, and the tag rows of an article."""

from __future__ import annotations

import collections
import json
import types

import pytest

from analytics.enrich import keywords
from analytics.enrich.tags import (
    TAG_KINDS,
    TagAliasError,
    TagAliases,
    TagRow,
    load_aliases,
    normalise_tag,
    slug_label,
    tag_label,
    tag_links,
    tag_slugs,
    tags_of,
)
from analytics.schema import Article

DETIK_JUNE = "detik_2021/history/2021-06-20_1-1000.json"
NO_ALIASES = TagAliases()


def article(**fields) -> Article:
    return Article(article_id="x", source_ref="r", **fields)


def alias_file(tmp_path, text: str):
    path = tmp_path / "tag_aliases.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("korea-utara", "korea_utara", "Korea Utara", "KOREA  UTARA", " #Korea Utara. ", "korea\tutara"),
        ("Café", "Cafe", "CAFÉ", "cafe"),  # diacritics
        ("São Paulo", "sao-paulo", "Sao_Paulo"),
        ("Ma'ruf Amin", "Ma’ruf Amin", "maruf-amin"),  # apostrophes in Indonesian names
        ("#Tag", "tag", "TAG", "(tag)"),  # surrounding punctuation and the hashtag sign
        # real detik slugs against the labels a reader writes
        ("virus-corona", "Virus Corona", "virus-Corona"),
        ("covid_19", "COVID-19", "Covid 19", "covid-19"),
        ("larangan-mudik-2021", "Larangan Mudik 2021"),
    ],
)
def test_spellings_of_one_tag_share_one_key(spellings):
    keys = {normalise_tag(s) for s in spellings}
    assert len(keys) == 1, keys
    assert keys.pop() == normalise_tag(spellings[0]).strip() != ""


@pytest.mark.parametrize(
    "text, key",
    [
        ("Korea Utara", "korea utara"),
        ("covid_19", "covid 19"),
        ("C++", "c++"),
        ("AT&T", "at&t"),
        ("C#", "c#"),
        ("  ", ""),
        ("—", ""),
        ("#", ""),
    ],
)
def test_normalised_keys(text, key):
    assert normalise_tag(text) == key


def test_different_tags_keep_different_keys():
    assert normalise_tag("Korea Utara") != normalise_tag("Korea Selatan")
    assert normalise_tag("larangan-mudik") != normalise_tag("larangan-mudik-2021")


def test_labels_are_the_text_as_found_tidied():
    assert tag_label("  Sandiaga   Uno. ") == "Sandiaga Uno"
    assert tag_label("#Kalijodo") == "Kalijodo" and tag_label("(#Kalijodo)") == "Kalijodo"
    assert tag_label("C#") == "C#" and tag_label("C++") == "C++"
    assert tag_label("Café") == "Café"  # labels keep what the normalised key drops
    assert slug_label("larangan-mudik-2021") == "larangan mudik 2021"
    assert slug_label("covid_19") == "covid 19"
    assert slug_label("Rizal%20Ramli") == "Rizal Ramli"
    assert slug_label("pramugari ") == "pramugari"


# --- tag links --------------------------------------------------------------------------------


def test_tag_links_take_the_slug_not_the_link_text():
    # detik's in-body links (made-up sentence, real link shape): the link text is a phrase of
    # the sentence, the slug is the tag
    fragment = (
        '<a href="https://www.detik.com/tag/candi-borobudur">Borobudur</a> kembali dibuka setelah '
        '<a href="https://www.detik.com/tag/covid-jateng">kasus di provinsi itu turun</a>.'
    )
    assert tag_links(fragment) == ["candi borobudur", "covid jateng"]


@pytest.mark.parametrize(
    "fragment, slugs",
    [
        # the href shapes of the detik June file
        ('<a href="https://www.detik.com/tag/bali/">Bali</a>', ["bali"]),
        ('<a href="https://www.detik.com/tag/bali/?_ga=2.1.2-3" target="_blank">x</a>', ["bali"]),
        ('<a href="https://www.detik.com/tag/bali/?tag_from=tag_detail&amp;_ga=2.1">x</a>', ["bali"]),
        ('<a href="http://detik.com/tag/kartini ">x</a>', ["kartini "]),  # as written; labels strip it
        ('<a href="https://https://www.detik.com/tag/krisna-bali">x</a>', ["krisna-bali"]),
        ('<a href="https://www.detik.com/tag/bali//www.detik.com/tag/bali">x</a>', ["bali"]),
        ('<a href="https://www.detik.com/tag/arab-saudhttps://www.detik.com/tag/arab-saudii">x</a>', ["arab-saudii"]),
        # other outlets' tag and topic paths (anpandu fixtures)
        ('<a href="/tag/78/letusan-barujari">x</a>', ["letusan-barujari"]),
        ('<a href="http://regional.kompas.com/tag/Rizal Ramli">x</a>', ["Rizal Ramli"]),
        ('<a href="http://lifestyle.okezone.com/topic/1033/diabetes">x</a>', ["diabetes"]),
        ('<a href="/topik/masalah/3234/Forest-Fire">x</a>', ["Forest-Fire"]),
        ("<A HREF='http://www.liputan6.com/tags/virus-zika?type=photo'>x</A>", ["virus-zika"]),
        # not tag links
        ('<a href="https://www.instagram.com/p/CPx/">x</a>', []),
        ('<a href="https://www.detik.com/search/searchall?query=bali">x</a>', []),
        ('<a href="https://travel.detik.com/travel-news/d-5608118/tag-ini">x</a>', []),
        ("<em>Reuters</em> tanpa tautan", []),
        ("", []),
    ],
)
def test_tag_slugs_from_real_href_shapes(fragment, slugs):
    assert tag_slugs(fragment) == slugs


def test_tag_links_over_the_detik_june_file_match_provenance(corpora):
    records = json.loads((corpora / DETIK_JUNE).read_text(encoding="utf-8"))
    assert len(records) == 539
    per_slug: collections.Counter[str] = collections.Counter()  # articles per slug, as PROVENANCE.md counts
    per_key: collections.Counter[str] = collections.Counter()  # articles per normalised tag
    with_links = 0
    for record in records:
        slugs = [s for paragraph in record["content"] for s in tag_slugs(paragraph)]
        labels = [label for paragraph in record["content"] for label in tag_links(paragraph)]
        assert len(labels) == len(slugs)
        with_links += bool(slugs)
        per_slug.update({s.lower() for s in slugs})  # PROVENANCE folds case: virus-Corona = virus-corona
        per_key.update({normalise_tag(label) for label in labels})

    assert with_links == 513
    for slug, articles in {
        "virus-corona": 39,
        "larangan-mudik": 26,
        "covid_19": 23,
        "sandiaga-uno": 22,
        "bali": 20,
        "arab-saudi": 19,
        "larangan-mudik-2021": 12,
        "singapura": 11,
        "zona-merah": 11,
    }.items():
        assert per_slug[slug] == articles, slug
    # PROVENANCE.md counts 620 distinct slugs with a regex that also reads `arab-saudhttps:` out of
    # one pasted href (.../tag/arab-saudhttps://www.detik.com/tag/arab-saudii); tag_slugs takes the
    # slug after the last /tag/, so that junk fragment is not a slug here.
    assert "arab-saudii" in per_slug and "arab-saudhttps:" not in per_slug
    assert len(per_slug) == 620 - 1
    # Trailing spaces (`pramugari `) are distinct slugs as written but one tag once normalised,
    # and so are covid_19 / covid-19.
    assert "pramugari " in per_slug and "pramugari" in per_slug
    assert per_key["pramugari"] == len(
        {
            i
            for i, r in enumerate(records)
            for p in r["content"]
            for s in tag_slugs(p)
            if s.strip().lower() == "pramugari"
        }
    )
    covid_articles = sum(
        1 for r in records if any(s.lower().replace("_", "-") == "covid-19" for p in r["content"] for s in tag_slugs(p))
    )
    assert per_key["covid 19"] == covid_articles > per_slug["covid_19"]
    assert per_key["virus corona"] == 39 and per_key["larangan mudik 2021"] == 12
    assert len(per_key) < len(per_slug)


# --- aliases -----------------------------------------------------------------------------------


def test_alias_file_merges_synonyms(tmp_path):
    aliases = load_aliases(alias_file(tmp_path, '[aliases]\n"Korea Utara" = ["Korut", "North Korea", "DPRK"]\n'))
    for spelling in ("Korut", "korut", "#KORUT", "North Korea", "north-korea", "DPRK", "Korea Utara", "korea_utara"):
        assert aliases.resolve(spelling) == ("korea utara", "Korea Utara"), spelling
    assert aliases.resolve("Korea Selatan") == ("korea selatan", "Korea Selatan")
    assert len(aliases) == 4


def test_alias_file_accepts_multiline_lists_comments_and_single_strings(tmp_path):
    aliases = load_aliases(
        alias_file(
            tmp_path,
            (
                "# tag aliases\n"
                "[aliases]\n"
                '"Korea Utara" = [\n  "Korut",  # Indonesian short form\n  "DPRK",\n]\n'
                'Covid-19 = ["virus corona", "corona"]\n'
                '"Amerika Serikat" = "AS"\n'
            ),
        )
    )
    assert aliases.resolve("dprk")[1] == "Korea Utara"
    assert aliases.resolve("Virus-Corona") == ("covid 19", "Covid-19")
    assert aliases.resolve("as") == ("amerika serikat", "Amerika Serikat")


def test_no_alias_file_means_no_aliases(tmp_path):
    assert len(load_aliases(None)) == 0
    assert load_aliases(None).resolve("Korut") == ("korut", "Korut")
    assert len(load_aliases(alias_file(tmp_path, "# nothing yet\n"))) == 0


@pytest.mark.parametrize(
    "text, message",
    [
        # syntax error: the line tomllib reports
        (
            '[aliases]\n"Korea Utara" = ["Korut", "DPRK"\n"China" = ["Tiongkok"]\n',
            r"tag_aliases\.toml, line 3: invalid TOML",
        ),
        # unknown keys and tables
        (
            '[aliases]\n"Korea Utara" = ["Korut"]\n\n[alias]\n"China" = ["Tiongkok"]\n',
            r"tag_aliases\.toml, line 4: unknown key 'alias'",
        ),
        ('version = 2\n[aliases]\n"China" = ["Tiongkok"]\n', r"tag_aliases\.toml, line 1: unknown key 'version'"),
        # wrong shapes
        ('aliases = ["Korut"]\n', r"tag_aliases\.toml, line 1: 'aliases' must be a table"),
        (
            '[aliases]\n"China" = ["Tiongkok"]\n"Korea Utara" = 7\n',
            r"tag_aliases\.toml, line 3: the synonyms of 'Korea Utara' must be a list",
        ),
        (
            '[aliases]\n"Korea Utara" = ["Korut", 3]\n',
            r"line 2: the synonyms of 'Korea Utara' must be a list of strings",
        ),
        (
            '[aliases]\n"China" = ["Tiongkok"]\n"Korea Utara" = ["Korut", "--"]\n',
            r"line 3: synonym '--' of 'Korea Utara' has no",
        ),
        ('[aliases]\n"China" = ["Tiongkok"]\n"#" = ["x"]\n', r"line 3: canonical name '#' has no letters"),
        # contradictions
        (
            '[aliases]\n"Korea Utara" = [\n  "Korut",\n  "DPRK",\n]\n"North Korea" = [\n  "dprk",\n]\n',
            r"tag_aliases\.toml, line 7: 'dprk' is listed under both 'Korea Utara' \(line 4\) and 'North Korea'",
        ),
        (
            '[aliases]\n"Korea Utara" = ["Korut"]\n"North Korea" = ["Korea-Utara"]\n',
            r"line 3: 'Korea-Utara' \(a synonym of 'North Korea'\) is itself a canonical name \(line 2\)",
        ),
        (
            '[aliases]\n"Korea Utara" = ["Korut"]\n"korea-utara" = ["DPRK"]\n',
            r"line 3: 'korea-utara' is the same tag as 'Korea Utara' \(line 2\)",
        ),
    ],
)
def test_malformed_alias_files_name_file_and_line(tmp_path, text, message):
    with pytest.raises(TagAliasError, match=message):
        load_aliases(alias_file(tmp_path, text))


def test_unreadable_alias_files(tmp_path):
    with pytest.raises(TagAliasError, match=r"absent\.toml: cannot read tag alias file"):
        load_aliases(tmp_path / "absent.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes('[aliases]\n"Café" = ["Kafe"]\n'.encode("latin-1"))
    with pytest.raises(TagAliasError, match=r"latin1\.toml: tag alias file is not UTF-8"):
        load_aliases(path)


# --- tags_of -----------------------------------------------------------------------------------


def test_each_kind_from_its_field():
    item = article(
        title="t",
        body="b",
        tags=["Sandiaga Uno", "virus-corona"],
        section="detikTravel",
        places=["usa", "west-germany"],
    )  # Reuters-21578 PLACES
    rows = tags_of(item, aliases=NO_ALIASES)
    assert rows == [
        TagRow("tag", "sandiaga uno", "Sandiaga Uno"),
        TagRow("tag", "virus corona", "virus-corona"),
        TagRow("place", "usa", "usa"),
        TagRow("place", "west germany", "west-germany"),
        TagRow("section", "detiktravel", "detikTravel"),
    ]
    assert {row.kind for row in rows} <= set(TAG_KINDS)


def test_records_without_a_places_field_work():
    record = types.SimpleNamespace(tags=["bali"], section=None, title=None, body=None, language=None)
    assert tags_of(record, aliases=NO_ALIASES) == [TagRow("tag", "bali", "bali")]


def test_rows_are_deduplicated_by_kind_and_key_keeping_the_first_label():
    item = article(tags=["Korea Utara", "korea-utara", "#KOREA UTARA", "Bali"], section="Bali", places=["bali", "Bali"])
    rows = tags_of(item, aliases=NO_ALIASES)
    assert rows == [
        TagRow("tag", "korea utara", "Korea Utara"),
        TagRow("tag", "bali", "Bali"),
        TagRow("place", "bali", "bali"),
        TagRow("section", "bali", "Bali"),  # an editor's tag and a section name stay apart
    ]


def test_aliases_apply_to_tags_places_and_keywords_but_not_sections(tmp_path, monkeypatch):
    aliases = load_aliases(alias_file(tmp_path, '[aliases]\n"Korea Utara" = ["Korut", "North Korea", "DPRK"]\n'))
    item = article(tags=["Korut", "Korea Utara", "DPRK"], section="Korut", places=["north-korea"])
    assert tags_of(item, aliases=aliases) == [
        TagRow("tag", "korea utara", "Korea Utara"),
        TagRow("place", "korea utara", "Korea Utara"),
        TagRow("section", "korut", "Korut"),
    ]
    monkeypatch.setattr(keywords, "extract", lambda title, body, language, *, top: ["Korut", "rudal", "DPRK"][:top])
    assert tags_of(article(title="t", body="b"), aliases=aliases) == [
        TagRow("keyword", "korea utara", "Korea Utara"),
        TagRow("keyword", "rudal", "rudal"),
    ]


def test_keywords_only_when_there_is_no_editor_tag():
    body = (
        "Pemerintah Kabupaten Gunungkidul menutup objek wisata pantai selama PPKM Darurat. "
        "Wisatawan yang datang ke pantai diminta putar balik. Pantai Pulang Sawal dijaga petugas."
    )
    tagged = article(title="Pantai di Gunungkidul Ditutup", body=body, language="id", tags=["PPKM Darurat"])
    assert [row.kind for row in tags_of(tagged, aliases=NO_ALIASES)] == ["tag"]

    untagged = article(title="Pantai di Gunungkidul Ditutup", body=body, language="id", section="detikTravel")
    rows = tags_of(untagged, aliases=NO_ALIASES)
    assert rows[0] == TagRow("section", "detiktravel", "detikTravel")
    found = [row for row in rows if row.kind == "keyword"]
    assert 0 < len(found) <= keywords.KEYWORD_COUNT
    assert "pantai" in " ".join(row.tag for row in found)
    assert [row.tag for row in found] == [
        normalise_tag(k) for k in keywords.extract(untagged.title, untagged.body, "id", top=keywords.KEYWORD_COUNT)
    ]

    # places and sections are not editor tags: they do not stop keywords
    placed = article(title="Pantai di Gunungkidul Ditutup", body=body, language="id", places=["gunungkidul"])
    assert any(row.kind == "keyword" for row in tags_of(placed, aliases=NO_ALIASES))


def test_tags_that_normalise_to_nothing_are_not_editor_tags():
    item = article(
        title="Harga Emas Antam Naik",
        body="Harga emas Antam naik lagi. Emas Antam dijual di butik.",
        language="id",
        tags=["", "  ", "#", "--"],
    )
    rows = tags_of(item, aliases=NO_ALIASES)
    assert rows and all(row.kind == "keyword" for row in rows)


def test_keyword_count_is_respected():
    item = article(
        title="Harga Emas Antam Naik",
        body="Harga emas Antam naik lagi. Emas Antam dijual di butik Antam.",
        language="id",
    )
    assert len(tags_of(item, aliases=NO_ALIASES, keyword_count=1)) == 1
    assert tags_of(item, aliases=NO_ALIASES, keyword_count=0) == []


def test_an_empty_article_has_no_tags():
    assert tags_of(article(), aliases=NO_ALIASES) == []

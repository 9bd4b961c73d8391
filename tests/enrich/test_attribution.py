"""Source attribution: every hard case of ../shared/spec/ATTRIBUTION.md, on real sentences
from the shared corpora where one exists (the ref is given), else on a sentence in the
same shape; the seed article; chains; hostile input."""

from __future__ import annotations

import inspect
import re
import sys
import urllib.parse

import pytest
from repo_paths import REPO

from analytics.enrich.attribution import detect, furniture, load_registry, matcher, roles, summarize
from analytics.enrich.attribution.registry import Alias
from analytics.evaluate.corpus import articles_for_refs
from analytics.ingest.manifest import load_manifest
from analytics.schema import Article
from analytics.text import cleaning

MANIFEST = REPO / "data/manifests/shared_corpora.toml"
SEED_REF = "seed/000_7b6cb561483c8af7.txt"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def article(**fields) -> Article:
    return Article(article_id="test", source_ref="test", **fields)


def found(registry, **fields) -> set[tuple[str, str]]:
    return {(a.agency, a.role) for a in detect(article(**fields), registry)}


@pytest.fixture(scope="module")
def corpus_articles(corpora):
    refs = [
        SEED_REF,
        "anpandu_news_html_fixtures/liputan6/liputan6-singlepage2.html",
        "anpandu_news_html_fixtures/antara/antara-singlepage.html",
        "kcna_stiles_archive/headlines_2024-11-11.json#1915",
        "reuters21578_subset/reut2-005.sgm#473",
        "reuters21578_subset/reut2-003.sgm#11",
    ]
    return articles_for_refs(refs, load_manifest(MANIFEST, root=corpora))


# --- the seed ------------------------------------------------------------------


def test_seed_article_has_exactly_its_four_spec_attributions(registry, corpus_articles):
    rows = detect(corpus_articles[SEED_REF], registry)
    assert {(a.agency, a.role) for a in rows} == {
        ("ap", "source"),
        ("reuters", "photo"),
        ("kcna", "cited"),
        ("xinhua", "cited"),
    }
    evidence = {a.agency: a.evidence for a in rows}
    assert "Associated Press" in evidence["ap"]
    assert "kerja sama. //Reuters" in evidence["reuters"]
    assert "kata Kantor Berita Pusat Korea yang dikelola pemerintah Korut" in evidence["kcna"]
    assert "menurut Kantor Berita resmi China Xinhua" in evidence["xinhua"]
    assert summarize(rows) == (True, "ap")


def test_attribution_rows_carry_offsets_into_their_section(registry, corpus_articles):
    seed = corpus_articles[SEED_REF]
    for row in detect(seed, registry):
        text = "\n".join(seed.captions) if row.section == "captions" else getattr(seed, row.section)
        assert text[row.start : row.end] in row.evidence
        assert 0 < row.confidence <= 1 and row.mentions >= 1


# --- Indonesian `antara` "between" ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # seed/000_7b6cb561483c8af7.txt
        "“tanpa henti mengembangkan hubungan persahabatan dan kerja sama” antara negara-negara tersebut.",
        # indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#870
        '"Lebih hampir 100. Antara 97 atau 98 (pertanyaan)," ujar hNRI.',
        # indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#1197
        "Antara lain, jemaah harus memakai payung saat berada di luar ruangan.",
        # anpandu_news_html_fixtures/kompas/kompas-singlepage.html
        "pada 24 Maret lalu di Desa Alue Papeun Kecamatan Nisam Antara Aceh Utara.",
    ],
)
def test_antara_meaning_between_credits_nobody(registry, body):
    assert found(registry, body=body) == set()


@pytest.mark.parametrize(
    "fields, expected",
    [
        # anpandu_news_html_fixtures/antara/antara-singlepage.html
        ({"body": "Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan baik domestik dan internasional"}, "dateline"),
        ({"captions": ["Semburan abu vulkanik Gunung Rinjani. (ANTARA FOTO/Budi Setya)"]}, "photo"),
        # anpandu_news_html_fixtures/antara/antara-singlepage5.html
        (
            {"captions": ["menjalani sidang dengan agenda mendengarkan keterangan saksi. (ANTARA/Hafidz Mubarak A)"]},
            "photo",
        ),
        # anpandu_news_html_fixtures/republika/republika-singlepage.html
        ({"body": '"Indonesia sangat purba," kata Marcella seperti dikutip Antaranews, Senin (15/2).'}, "cited"),
        ({"body": "Demikian menurut Kantor Berita Antara, Senin."}, "cited"),
        ({"body": "JAKARTA (ANTARA) - Pemerintah menyatakan ..."}, "dateline"),
    ],
)
def test_antara_the_agency_in_its_agency_forms(registry, fields, expected):
    assert found(registry, **fields) == {("antara", expected)}


# --- AP only as an upper-case whole token --------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        # indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv#987
        {"body": "kata Suahasil Nazara dalam konferensi pers APBN KiTa Edisi Juni 2025."},
        # ag_news_test/test.csv#5957 (title)
        {"title": "APEC Ministers Urge New Effort on Trade Talks"},
        # detik_2021/public_detik.com/example.json#2
        {
            "body": "kata Kepala Dinas Pariwisata dan Kebudayaan Kabupaten Purworejo, Agung Wibowo AP ketika dihubungi detikcom"
        },
        # indonews_rss_2025/dataset_new/scrapping_news_2025-06-20.csv#694: a suspect's initials
        {
            "body": "menangkap dua orang kurir narkoba yakni AP (25) dan AW (37). Selanjutnya dilakukanlah pemancingan kepada AP."
        },
        {"body": "The CAPTION reads: ap news is not AP in lower case, nor inside SNAP."},
    ],
)
def test_ap_only_as_an_upper_case_whole_token(registry, fields):
    assert found(registry, **fields) == set()


def test_ap_as_a_token_with_a_citation_cue_is_ap(registry):
    # detik_2021/history/2021-06-20_1-1000.json#459
    assert found(registry, body="Mengutip AP, Selasa (30/3/2021), infeksi virus di Turki telah") == {("ap", "cited")}


# --- Indonesian `bernama` "named" --------------------------------------------------


def test_bernama_meaning_named_credits_nobody(registry):
    # indonews_rss_2025/old_dataset/berita_sindonews.xlsx#378
    assert found(registry, body="Bernama kecil Raden Rahmat, dia berasal dari daerah Cempa.") == set()
    assert found(registry, title="Heboh Muncul Kapal Bernama JKW dan Iriana") == set()


def test_bernama_the_agency_is_cited(registry):
    # indonews_rss_2025 (detik, June 2025): "Dikutip dari Bernama, kecelakaan maut ini terjadi ..."
    assert found(registry, body="Dikutip dari Bernama, kecelakaan maut ini terjadi tepatnya di Jalan Raya") == {
        ("bernama", "cited")
    }


# --- related links, navigation, tag lists ---------------------------------------------


def test_related_link_lines_navigation_and_tag_lists_are_not_credits(registry):
    body = (
        "Warga memadati alun-alun kota, Minggu (11/7/2021).\n"
        "Baca Juga: Kantor berita Reuters melaporkan harga minyak naik\n"
        "Tags: AFP, Xinhua\n"
        "Acara berlangsung hingga malam.\n"
        "Terpopuler\n"
        "Dilansir dari Antara, Bupati meresmikan jembatan baru"
    )
    assert found(registry, body=body) == set()


def test_a_related_link_glued_into_a_paragraph_does_not_hide_the_credit_before_it(registry):
    # indonews_rss_2025/old_dataset/berita_sindonews.xlsx#157
    body = (
        "untuk meningkatkan produktivitas staf pengembangan perangkat lunaknya, kantor berita Yonhap "
        "melaporkan.BACA JUGA - Samsung Indonesia Luncuran 3 Perangkat Sehat Menghadapi New Life Dalam "
        "pemberitahuan internal baru-baru ini, perusahaan tersebut mengatakan"
    )
    assert found(registry, body=body) == {("yonhap", "cited")}


def test_a_glued_related_link_ends_with_its_title(registry):
    """Sindonews bodies are one line: the related title ends where the next sentence starts,
    and a credit in that sentence counts (indonews_rss_2025/old_dataset/berita_sindonews.xlsx#15)."""
    body = (
        "dalam penegakan hukum sipil.Baca Juga: Los Angeles Dilanda Kerusuhan: Mobil-mobil Dibakar, Ribuan "
        "Demonstran Hadapi Tentara Garda Nasional Pejabat itu, seperti dikutip Reuters, Selasa (10/6/2025), "
        "menambahkan bahwa situasinya masih"
    )
    assert found(registry, body=body) == {("reuters", "cited")}
    inside_title = "kata dia.Baca Juga: Reuters Ungkap Fakta Baru Soal Tarif Impor Presiden itu menambahkan"
    assert found(registry, body=inside_title) == set()


@pytest.mark.parametrize(
    "heading",
    ["LATEST NEWS", "Related Articles:", "  terkini  ", "Berita Terkait", "Lateſt News", "Terkini" + ":" * 30],
)
@pytest.mark.parametrize("quote", ['"', "“"], ids=["ascii", "unicode"])
def test_a_navigation_heading_in_any_case_ends_the_article(registry, heading, quote):
    """The matcher's pass tells the furniture check whether a text names a heading at all (in
    lower case); in a text that is not ASCII, whose case-fold may differ (`ſ` is `s`), the lines
    are checked anyway."""
    body = f"Harga minyak naik, {quote}kata dia.\n{heading}\nDilansir dari Reuters, harga emas turun."
    assert found(registry, body=body) == set()
    assert found(registry, body=body.replace(heading, "Pasar")) == {("reuters", "cited")}


@pytest.mark.parametrize("link", ["Baca jugA", "BERİTA TERKAİT", "Berita terkaıt", "Baca ſelengkapnya"])
def test_a_related_link_in_any_case_is_furniture(registry, link):
    """A case-insensitive match takes `İ` and `ı` for `i` and `ſ` for `s`, which lower-casing
    does not: a line holding one is checked anyway (CASE_ODDITIES)."""
    body = f"Harga minyak naik, “kata dia.{link}: Menurut Reuters Harga Emas Turun Presiden itu menambahkan"
    assert found(registry, body=body) == set()
    assert found(registry, body=body.replace(link, "Pasar")) == {("reuters", "cited")}


def test_the_furniture_check_knows_how_a_case_fold_reads_every_character():
    """It reads a line as a navigation heading only if the line is no longer than the longest
    (no character folds to nothing), and as a related link, where the matcher's pass reports
    none of their words, only if it holds a character that a case-insensitive regex takes for
    a letter of those words while lower-casing does not."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert all(map(str.casefold, everything))
    letters = set("".join(furniture.RELATED_WORDS))
    odd = {c for c in re.findall(f"(?i)[{''.join(sorted(letters))}]", everything) if c.lower() not in letters}
    assert odd and odd <= set(furniture.CASE_ODDITIES)


def test_the_furniture_of_a_line_is_worked_out_once_for_all_its_names(registry, monkeypatch):
    checked = []
    is_furniture = cleaning.is_furniture
    monkeypatch.setattr(cleaning, "is_furniture", lambda line: checked.append(line) or is_furniture(line))
    assert found(registry, body="JAKARTA (ANTARA) - " * 1_000) == {("antara", "dateline")}
    assert len(checked) == 1


# --- names written across line breaks and runs of spaces ---------------------------------


@pytest.mark.parametrize("gap", ["\n", "  ", "\t", "\r\n   ", "\u00a0", " \n"])
def test_a_name_across_odd_whitespace_is_found_where_it_stands(registry, gap):
    body = f"Harga naik, menurut Kantor Berita{gap}Antara, Senin."
    rows = detect(article(body=body), registry)
    assert [(a.agency, a.role, body[a.start : a.end]) for a in rows] == [
        ("antara", "cited", f"Kantor Berita{gap}Antara")
    ]


def test_every_rule_gives_the_role_it_is_listed_with():
    """An alias limited to some roles skips the rules of the others (roles.RULE_ROLES): each rule
    makes verdicts of its listed role only."""
    rules = {rule for section_rules in roles.RULES.values() for rule in section_rules}
    made = {rule: set(re.findall(r"(?:_verdict|Verdict)\(\s*\"(\w+)\"", inspect.getsource(rule))) for rule in rules}
    assert made == {rule: {roles.RULE_ROLES.get(rule)} for rule in rules}


# Each rule that a name glued to a script without spaces skips (roles.NEED_BREAK_AFTER, NEED_BREAK_BEFORE),
# where it fires: (rule, section, text, name)
FIRING = [
    (
        roles.responsibility_notice,
        "body",
        "The school gets support. The AP is solely responsible for all content.",
        "AP",
    ),
    (roles.byline, "body", "By Bloomberg News.\nPrices rose.", "Bloomberg News"),
    (roles.closing_credit, "body", "Prices rose on Monday.\n Reuter", "Reuter"),
    (roles.dateline_lead, "body", "AP - A company said on Monday.", "AP"),
    (roles.dateline_paren, "body", "SEOUL (Reuters) - North Korea fired a missile.", "Reuters"),
    (roles.photo_label, "captions", "Warga antre. Foto: AFP/LLUIS GENE", "AFP"),
    (roles.photo_agency_form, "captions", "Leaders meet. AP Photo/Evan Vucci", "AP"),
    (roles.photo_slash, "captions", "Leaders meet. REUTERS/Kim Hong-Ji", "REUTERS"),
    (roles.photo_byline, "captions", "Leaders meet. Toby Melville/Reuters", "Reuters"),
    (roles.lone_credit, "body", "Children collect water in Iraq, October 4. AP. BAGHDAD (AFP) - A car", "AP"),
    (roles.bracket_reference, "body", "Harga naik (Bernama, 9 Disember 2009) pada tahun itu.", "Bernama"),
    (roles.source_label, "body", "Harga naik.\nSumber: Antara", "Antara"),
    (roles.copyright_line, "body", "Prices rose.\nCopyright 2021 The Associated Press", "Associated Press"),
    (roles.caption_tail, "captions", "A photo released by KCNA", "KCNA"),
    (
        roles.ko_caption,
        "body",
        "(광양=연합뉴스) 지난 13일 백운산에서 곰이 발견됐다. 2021.5.14 photo@yna.co.kr",
        "연합뉴스",
    ),
    (roles.ko_caption_tail, "body", "17일 열린 회의 모습. 연합뉴스\n정부는 밝혔다.", "연합뉴스"),
]


def spot(registry, section: str, text: str, name: str, *, before: str = "", after: str = "") -> roles.Spot:
    """The spot of `name` in `text`, with `before` and `after` glued to it."""
    start = text.index(name) + len(before)
    text = text.replace(name, before + name + after, 1)
    return roles.Spot(
        section, text, matcher.Mention("x", matcher.ALIAS, start, start + len(name), Alias(name)), False, registry.cues
    )


@pytest.mark.parametrize("rule, section, text, name", FIRING, ids=[case[0].__name__ for case in FIRING])
@pytest.mark.parametrize("glued", ["新", "の", "는"])  # CJK, kana, Hangul
def test_a_rule_of_spaced_text_takes_no_name_glued_to_a_script_without_spaces(
    registry, rule, section, text, name, glued
):
    """`classify` skips these rules for a name glued on that side (`据美联社报道`, `各方共同利益`): each
    needs a space, a punctuation mark or a line end there."""
    assert rule(spot(registry, section, text, name)) is not None
    if rule in roles.NEED_BREAK_AFTER:
        assert rule(spot(registry, section, text, name, after=glued)) is None
    if rule in roles.NEED_BREAK_BEFORE:
        assert rule(spot(registry, section, text, name, before=glued)) is None


@pytest.mark.parametrize(
    "body, expected",
    [
        ("美国国务院17日谴责朝鲜。\n（新华社）", {("xinhua", "source")}),  # closing_credit
        (
            "정부는 17일 회의를 열었다.\n<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>",
            {("yonhap", "source")},
        ),  # copyright
    ],
)
def test_a_name_in_a_script_without_spaces_set_apart_keeps_the_rules_of_spaced_text(registry, body, expected):
    assert found(registry, body=body) == expected


def test_every_rule_skipped_for_a_glued_name_is_tried_on_one():
    assert {case[0] for case in FIRING} == roles.NEED_BREAK_AFTER | roles.NEED_BREAK_BEFORE


def test_an_alias_limited_to_some_roles_gets_none_of_the_others(registry):
    """`共同` (Kyodo in its credits, else the word "joint") is never cited: `据共同社报道` is (`共同社`)."""
    assert found(registry, body="中美双方据共同报道，将共同努力。") == set()
    assert found(registry, body="共同によると、政府は17日に会合を開いた。") == set()  # (Japanese: a name, never cited)
    assert found(registry, body="中美双方据共同社报道，将共同努力。") == {("kyodo", "cited")}


@pytest.mark.parametrize("gap", ["\n", "  ", "\u00a0"])
def test_a_longer_name_across_odd_whitespace_still_swallows_the_agency(registry, gap):
    assert found(registry, body=f"The survey was run by the Thomson Reuters{gap}Foundation, the charity said.") == set()


# --- names that are not the agency -------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The survey of legal experts was conducted by the Thomson Reuters Foundation, the charity said.",
        "according to KCNA Watch, a service of NK News that monitors North Korean state media.",
        # ag_news_test/test.csv#6792: a stock-quote link
        'Albertsons Inc. &lt;A HREF="http://www.investor.reuters.com/FullQuote.aspx?ticker=ABS.N target=/stocks/'
        'quickinfo/fullquote"&gt;ABS.N&lt;/A&gt; on Monday said',
    ],
)
def test_namesakes_and_links_are_not_the_agency(registry, body):
    assert found(registry, body=body) == set()


def test_a_company_named_like_the_agency_is_the_newsmaker_not_a_source(registry):
    # reuters21578_subset/reut2-009.sgm#382
    body = (
        "LONDON, March 25 - Reuters Holdings Plc said it\nhad agreed in principle to buy I P Sharp Associates.\n"
        "    Reuters said it had been given options by a number of Sharp shareholders.\n"
        "    A Reuters statement said the acquisition would fit\nperfectly into its package.\n Reuter"
    )
    assert found(registry, title="REUTERS TO BUY I P SHARP OF CANADA", body=body) == {("reuters", "source")}


@pytest.mark.parametrize(
    "body",
    [
        # indonews_rss_2025 (detik, June 2025)
        "Dalam keterangan tertulisnya, Masyarakat Transportasi Indonesia (MTI) menyebut jembatan timbang tak efektif. "
        '"Perlu solusi," sebut MTI dalam siaran persnya.',
        "Inspektur Jenderal Daniel mengatakan Polisi Federal Australia atau AFP juga telah membantu pihak kepolisian "
        "di Bali. Selasa kemarin, juru bicara AFP mengatakan kepada ABC jika mereka mengetahui insiden tersebut.",
    ],
)
def test_an_acronym_the_article_spells_out_as_something_else_is_not_the_agency(registry, body):
    assert found(registry, body=body) == set()


@pytest.mark.parametrize(
    "body",
    [
        # kcna_stiles_archive/headlines_2024-11-11.json#1699
        "it is a screenshot from one of the video clips released by NBC, Fox News, Reuters and other foreign media.",
        "Newspapers such as Rodong Sinmun, the Times of India and Global Times, broadcasters CNN and CNBC, "
        "and detikNews reported the launch, menurut CNBC.",
    ],
)
def test_bare_mentions_and_non_agency_publications_are_not_attributions(registry, body):
    assert found(registry, body=body) == set()


# --- roles ----------------------------------------------------------------------------


def test_same_agency_in_two_roles_is_two_rows_and_repeated_mentions_one(registry):
    # reuters21578_subset/reut2-005.sgm#473
    body = (
        "profit, Cornelissen told Reuters in an interview.\n    He said the foreign share of profit would rise.\n"
        "    Economists polled by Reuters expect more.\n    A bank official told Reuters the plan was sound.\n"
        ' "but not drastically more," Cornelissen said.\n Reuter'
    )
    rows = {(a.agency, a.role): a for a in detect(article(body=body), load_registry())}
    assert set(rows) == {("reuters", "cited"), ("reuters", "source")}
    assert rows[("reuters", "cited")].mentions == 3
    assert "told Reuters in an interview" in rows[("reuters", "cited")].evidence


def test_reuters21578_signoff_is_source_and_its_dateline_names_no_agency(registry, corpus_articles):
    assert found(registry, body="DALLAS, March 12 - Pay April 30\n    Record April 15\n Reuter") == {
        ("reuters", "source")
    }
    assert {(a.agency, a.role) for a in detect(corpus_articles["reuters21578_subset/reut2-005.sgm#473"], registry)} == {
        ("reuters", "source"),
        ("reuters", "cited"),
    }


def test_a_story_cut_at_more_without_the_signoff_credits_nobody(registry, corpus_articles):
    story = corpus_articles["reuters21578_subset/reut2-003.sgm#11"]
    assert story.body.rstrip().endswith("MORE")
    assert detect(story, registry) == []


@pytest.mark.parametrize(
    "title, expected",
    [
        ("No. 10 Ohio St. Tops No. 24 Arizona 78-45 (AP)", {("ap", "source")}),  # ag_news_test/test.csv#5967
        ("Xinhua Headlines: China, Caribbean countries deepen comprehensive cooperation", {("xinhua", "source")}),
        ("Xinhua Commentary: Washington is to blame for tensions in Taiwan Strait", {("xinhua", "source")}),
        ("DPRK detects COVID BA.2 Omicron subvariant: KCNA", {("kcna", "cited")}),  # cgtn
        ("Moscow Stock Exchange reopens, plunging almost 14 percent: AFP", {("afp", "cited")}),  # globaltimes
        ("Urgent: DPRK fires ballistic missile -- Yonhap", {("yonhap", "cited")}),  # xinhuanet
    ],
)
def test_headline_tags_and_attributions(registry, title, expected):
    assert found(registry, title=title) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("AP - Caity Matter exploited Arizona's defense", ("ap", "dateline")),  # ag_news_test/test.csv#5967
        ("SEOUL (Reuters) - South Korea said on Monday", ("reuters", "dateline")),
        (
            "&lt;p&gt;&lt;/p&gt;&lt;p&gt; WASHINGTON (Reuters) - President Bush on Friday signed",
            ("reuters", "dateline"),
        ),
        ("Pyongyang, October 3 (KCNA) -- The Ministry of Fisheries in the DPRK", ("kcna", "dateline")),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --\n\nPemerintah kota Cekmekoy", ("antara", "dateline")),
        ("BEIJING, July 11 (Xinhua) -- Chinese President Xi Jinping", ("xinhua", "dateline")),
        (
            'Oracle Corp. announced today it has signed a definitive merger agreement. &lt;FONT face="verdana" '
            'size="-2"&gt;&lt;B&gt;-AP&lt;/b&gt;&lt;/font&gt;',
            ("ap", "source"),
        ),  # ag_news_test/test.csv#7232
        ("Harga beras naik di sejumlah pasar.\n\nSumber: Associated Press", ("ap", "source")),
        (
            "He said the deal would close in May.\n\nCopyright 2021 The Associated Press. All rights reserved.",
            ("ap", "source"),
        ),
        ("Pemerintah daerah menambah armada bus sekolah tahun ini.\nANTARA", ("antara", "source")),
    ],
)
def test_wire_credits_in_the_body(registry, body, expected):
    assert found(registry, body=body) == {expected}


def test_the_agency_own_copyright_notice_is_branding(registry):
    body = "Penerbangan kembali normal pada Jumat pagi.\n\nCOPYRIGHT © ANTARA 2015"
    assert found(registry, body=body, outlet="Antara News Agency") == set()
    assert found(registry, body=body, url="https://www.antaranews.com/berita/1") == set()
    assert found(registry, body=body, outlet="Tempo") == {("antara", "source")}


@pytest.mark.parametrize(
    "url",
    [
        "https://www.antaranews.com/berita/1",
        "HTTPS://User:pw@WWW.AntaraNews.com:443?x#y",
        "https://www.antaranews.com",
        "https://www.anta\tranews.com/berita/1",  # (urlsplit drops tabs and line breaks first)
        "  https://www.antaranews.com/",
        "www.antaranews.com/berita/1",
    ],
)
def test_the_own_site_is_the_host_urlsplit_reads(registry, url):
    """The host is read from the URL's head, once per site: the same host as urlsplit's."""
    body = "Penerbangan kembali normal pada Jumat pagi.\n\nCOPYRIGHT © ANTARA 2015"
    own = urllib.parse.urlsplit(url).hostname == "www.antaranews.com"
    assert found(registry, body=body, url=url) == (set() if own else {("antara", "source")})


def test_an_item_on_the_agency_own_site_with_no_credit_in_its_text_has_none(registry, corpus_articles):
    photo_item = corpus_articles["kcna_stiles_archive/headlines_2024-11-11.json#1915"]
    assert photo_item.outlet == "KCNA"
    assert detect(photo_item, registry) == []


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"captions": ["Pemimpin Korea Utara Kim Jong-un dan Xi Jinping. //Reuters"]}, ("reuters", "photo")),
        # indonews_rss_2025/dataset_new/scrapping_news_2025-06-19.csv#403
        (
            {
                "body": "rudal Iran di Bnei Brak, Tel Aviv, Senin (16/6/2025). - (AP Photo/Leo Correa)Sayyed Khamenei dengan"
            },
            ("ap", "photo"),
        ),
        # indonews_rss_2025/old_dataset/berita_detik.csv#683
        (
            {
                "body": "Kendaraan yang boleh masuk ke CFD Depok. Foto: ANTARA FOTO/Yulius Satria Wijaya\nKebijakan tersebut"
            },
            ("antara", "photo"),
        ),
        # indonews_rss_2025/old_dataset/berita_detik.csv#356
        ({"body": "Ilustrasi Mobil China. Foto: AFP via Getty Images/STR\nRegulator pasar di China"}, ("afp", "photo")),
        ({"captions": ["Supporters gather in Seoul. REUTERS/Kim Hong-Ji"]}, ("reuters", "photo")),
        # indonews_rss_2025 (detik, June 2025): a caption kept inline in the page text
        (
            {
                "body": 'Garuda Bebas Tugaskan Seluruh Awak Kabin Atrium by Lighthouse (Antara/Tangkapan layar) "Kita sangat'
            },
            ("antara", "photo"),
        ),
    ],
)
def test_photo_credits_in_captions_and_inside_body_text(registry, fields, expected):
    assert found(registry, **fields) == {expected}


def test_a_used_motorbike_dealer_named_antara_in_a_photo_credit_is_not_antara(registry):
    # indonews_rss_2025/old_dataset/berita_detik.csv#80
    assert found(registry, body="Harga Honda BeAT bekas. Foto: dok. Antara Motor (Jual-beli Motor bekas)") == set()


@pytest.mark.parametrize(
    "body, agency",
    [
        ("ujar F di dilansir dariAntara, Rabu.", "antara"),  # indonews ...2025-06-19.csv#765
        ('"Kami siap," katanya seperti dikutip dari Antara.', "antara"),  # detik_2021 ...#174
        ("lebih tinggi dari 3,6% yang diharapkan oleh para ekonom yang disurvei oleh Reuters, dan", "reuters"),
        ("Inflation probably rose 0.3 percent, economists told a Reuters poll.", "reuters"),
        ("Cornelissen told Reuters in an interview.", "reuters"),
        ("the official New China News\nAgency reported.", "xinhua"),  # reuters21578, wrapped across lines
        ("test early today, the official news agency Tass reported.", "tass"),  # reut2-012.sgm#794
        ("the state media KCNA said on Thursday.", "kcna"),
        ("kantor berita Yonhap melaporkan.", "yonhap"),  # indonews berita_sindonews.xlsx#157
        ("Mahmud Bassal, seperti dilansirAFP, Rabu (18/6/2025), melaporkan", "afp"),  # indonews 2025-06-18.csv#332
        ("kata pernyataan itu, yang diterbitkan oleh kantor berita milik pemerintah KorutKCNA.", "kcna"),
        ("Mengutip Saudi Press Agency (SPA), Selasa (10/6/2025), selama kunjungan mereka", "spa"),
        ("demikian laporan media pemerintah Lebanon, National News Agency, kata polisi.", "nna"),
        ("IRNA, monitored by the British Broadcasting Corp, said Iran had seized the town.", "irna"),
    ],
)
def test_citations_in_english_and_indonesian(registry, body, agency):
    assert found(registry, body=body) == {(agency, "cited")}


# --- chains ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, role",
    [
        ({"body": "Korea Utara menguji rudal baru, dilansir Reuters dari KCNA, Kamis (19/6)."}, "cited"),
        ({"body": "The missile flew 600 km, according to KCNA via Reuters."}, "cited"),
        ({"captions": ["Kim Jong Un inspects a factory in this undated photo. KCNA via REUTERS"]}, "photo"),
        # indonews 2025-06-19: "dilansirReutersdanAl Arabiya", glued by the scraper
        ({"body": "kata Ali Bahreini dalam konferensi pers, seperti dilansirAFPdanReuters, Rabu (18/6/2025)"}, "cited"),
    ],
)
def test_chains_credit_every_agency_in_them(registry, fields, role):
    agencies = {a for a, _ in found(registry, **fields)}
    assert found(registry, **fields) == {(agency, role) for agency in agencies}
    assert len(agencies) == 2


# --- summary -------------------------------------------------------------------------------


def test_summarize_wire_copy_and_primary_agency(registry):
    assert summarize([]) == (False, None)
    cited_only = detect(
        article(body="Dikutip dari Reuters, harga emas naik. Menurut AFP, pasar tenang. Dilansir Reuters, Senin."),
        registry,
    )
    assert summarize(cited_only) == (False, "reuters")
    wire = detect(
        article(
            title="Czech Republic Crushes Sweden 6-1 (AP)", body="AP - Milan Hejduk scored two goals, AFP reported."
        ),
        registry,
    )
    assert summarize(wire) == (True, "ap")


def test_html_page_furniture_credits_are_not_the_article(registry, corpus_articles):
    # The page's thumbnails of other stories carry Reuters, AFP and Antara Foto credits.
    page = corpus_articles["anpandu_news_html_fixtures/liputan6/liputan6-singlepage2.html"]
    assert detect(page, registry) == []
    own = corpus_articles["anpandu_news_html_fixtures/antara/antara-singlepage.html"]
    assert {(a.agency, a.role) for a in detect(own, registry)} == {("antara", "dateline"), ("antara", "photo")}


# --- hostile input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "(((" * 350_000,
        "---" * 350_000,
        "Reut" * 260_000,
        "Kantor Berita " * 75_000,
        "told Reuters. " * 75_000,
        "(AP) - " * 150_000,
        "Antara" + " " * 1_000_000 + "AP",
    ],
    ids=["brackets", "dashes", "reut", "kantor-berita", "told-reuters", "ap-datelines", "spaces"],
)
@pytest.mark.parametrize("section", ["title", "body", "captions"])
def test_hostile_input_of_a_megabyte_is_handled(registry, text, section):
    fields = {section: [text] if section == "captions" else text}
    rows = detect(article(**fields), registry)
    assert isinstance(rows, list) and len(rows) <= 2


# --- the spec's notes on documents, polls and preambles (classes first missed on unseen corpora) ----------


@pytest.mark.parametrize(
    "ref",
    [
        "ag_news_test/test.csv#3452",  # `a video seen by Reuters showed`
        "reuters21578_subset/reut2-001.sgm#882",  # `The package, obtained by Reuters, also includes`
    ],
)
def test_a_document_seen_or_obtained_by_the_agency_credits_the_document(registry, corpora, ref):
    story = articles_for_refs([ref], load_manifest(MANIFEST, root=corpora))[ref]
    assert ("reuters", "cited") not in {(a.agency, a.role) for a in detect(story, registry)}


@pytest.mark.parametrize(
    "body",
    [
        "Republicans were split, according to a letter seen by Reuters on Tuesday.",
        "The plan is in a confidential document reviewed by Reuters.",
        "Menurut dokumen yang dilihat oleh Reuters, rencana itu ditunda.",
    ],
)
def test_a_letter_or_document_reviewed_by_the_agency_is_not_a_citation(registry, body):
    assert found(registry, body=body) == set()


@pytest.mark.parametrize(
    ("body", "agency"),
    [
        ("In a Reuters/Ipsos poll conducted from Oct. 13 to Oct. 17, 40 percent of adults said so.", "reuters"),
        ("An AP-NORC poll released on Friday found most Americans agree.", "ap"),
        # (yahoo_news_2025, unseen3) the partner's centre named after it; the poll named before it
        ("The AP-NORC Center for Public Affairs Research found that most adults agree.", "ap"),
        (
            "Most agree, according to a new poll from the Associated Press-NORC Center for Public Affairs Research.",
            "ap",
        ),
    ],
)
def test_a_poll_the_agency_ran_with_a_partner_is_cited(registry, body, agency):
    assert found(registry, body=body) == {(agency, "cited")}


@pytest.mark.parametrize(
    ("body", "agency"),
    [
        # wording met in scraped US pages (FakeNewsNet, a held-out set)
        ("On Friday the main Trump story from the Associated Press focused on his remarks.", "ap"),
        ("Bloomberg News published a definitive article on Romney's taxes in 2012.", "bloomberg"),
    ],
)
def test_a_story_the_agency_published_is_cited(registry, body, agency):
    assert found(registry, body=body) == {(agency, "cited")}


def test_the_agencys_copyright_closing_a_republished_story_is_its_source(registry):
    body = "Stocks fell on Monday as yields rose, traders said.\n\n©2026 Bloomberg L.P."
    assert found(registry, body=body) == {("bloomberg", "source")}


def test_the_agencys_company_named_elsewhere_is_still_a_namesake(registry):
    body = "Bloomberg L.P. said revenue rose. Bloomberg said the terminal business grew."
    assert found(registry, body=body) == set()


def test_a_dateline_after_a_correction_note_is_still_the_dateline(registry):
    # the shape of ISOT's Reuters items (True.csv): the correction note, then the story's dateline
    body = (
        " (Corrects paragraph 7 to show the order was a warning on travel, not a ban) HAVANA (Reuters) - Cuba "
        "told senior U.S. officials during talks on migration in Havana on Monday that the decision hurt families."
    )
    assert found(registry, body=body) == {("reuters", "dateline")}


@pytest.mark.parametrize(
    ("body", "agency"),
    [
        ("Theresa May speaks in London. Toby Melville/Reuters\nThe prime minister said talks would go on.", "reuters"),
        ("Traders on the floor. (Michael Nagle / Bloomberg via Getty Images) Stocks fell on Monday.", "bloomberg"),
        ("Workers at the plant. Photographer: Kiyoshi Ota/Bloomberg\nThe company said sales rose.", "bloomberg"),
        ("Protesters in Berlin. Kay Nietfeld/dpa/picture alliance via Getty Images\nThe march was peaceful.", "dpa"),
        # shapes met in scraped US pages (FakeNewsNet): a caption glued to the next sentence
        ("He wiped away tears. Jane Roe/The Charlotte Observer via AP Photo She spoke of the hardship.", "ap"),
        ("Police on Monday in Linden, N.J. | John Doe/Boston Herald via AP U.S. attorney sees no rush.", "ap"),
        ("It will shape the next 50 years of America. | AP Photo Next headline of the page.", "ap"),
        ("The crowd cheered. (Jean Dupont/Associated Press) The next paragraph starts.", "ap"),
        ("Nadal hits a return. Ana Ruiz/AP Photo The match lasted three hours.", "ap"),
    ],
)
def test_a_photographer_or_caption_credit_closed_by_the_agency_is_a_photo_credit(registry, body, agency):
    assert found(registry, body=body) == {(agency, "photo")}


@pytest.mark.parametrize(
    "body",
    [
        "An Ipsos/Reuters poll found most agree.",  # a poll, not a picture
        "Data from the survey, shared by Smith/Reuters analysts, were revised.",
    ],
)
def test_a_slash_before_the_agency_in_running_text_is_no_photo_credit(registry, body):
    assert all(role != "photo" for _, role in found(registry, body=body))


# --- wire bylines and closings of syndicated stories (yahoo_news_2025 and apnews_listing_2025, unseen3) ----


@pytest.mark.parametrize(
    ("author", "agency"),
    [
        ("The Associated Press", "ap"),
        ("Sachin BAGHEL / AFP India", "afp"),  # the agency's bureau after its name
        ("Chayanit ITTHIPONGMAETEE / AFP Thailand", "afp"),
        ("DPA", "dpa"),
    ],
)
def test_an_agency_byline_in_the_author_field_is_the_source(registry, author, agency):
    assert found(registry, author=author) == {(agency, "source")}


@pytest.mark.parametrize("author", ["Mehr Tarar", "Sunshyne Lynch, Binghamton Press & Sun Bulletin", "AP Dhillon"])
def test_a_person_or_paper_named_like_an_agency_in_the_author_field_is_no_credit(registry, author):
    assert found(registry, author=author) == set()


@pytest.mark.parametrize(
    "body",
    [
        "The kits ship this week.\n\nThe Associated Press receives support from the Howard Hughes Medical "
        "Institute’s Science and Educational Media Group. The AP is solely responsible for all content.",
        "The pope said so. AP’s religion coverage receives support through the AP’s collaboration with The "
        "Conversation US. The AP is solely responsible for this content.",
    ],
)
def test_aps_closing_responsibility_notice_is_the_source(registry, body):
    assert ("ap", "source") in found(registry, body=body)


@pytest.mark.parametrize(
    ("body", "agency"),
    [
        # AFP fact checks (yahoo_news_2025, unseen3): an answer given to the agency, a clip it provided
        (
            "The caption said it was taken by Shekhar Yadav. AFP reached out to Yadav who said his picture was misused.",
            "afp",
        ),
        ("A longer version of the clip was shared by the Press Trust of India (PTI) on October 28.", "pti"),
    ],
)
def test_a_fact_checks_contact_and_a_clip_the_agency_shared_are_cited(registry, body, agency):
    assert found(registry, body=body) == {(agency, "cited")}


@pytest.mark.parametrize(
    "body",
    [
        "Reuters contacted seven multinational companies and four industry groups. None would comment.",
        "AFP reached out to the ministry, which did not respond.",
    ],
)
def test_reaching_someone_without_an_answer_cites_nothing(registry, body):
    assert found(registry, body=body) == set()


def test_old_ap_copy_dashes_its_dateline_with_an_underscore(registry):
    # apnews_listing_2025 (unseen3), an archived item
    body = "LINCOLN, Neb. (AP) _ To many, his name was by far the most recognizable on the list: Malcolm X."
    assert found(registry, body=body) == {("ap", "dateline")}


def test_a_dated_bulletin_on_the_agencys_own_site_is_its_series_tag(registry):
    # apnews_listing_2025 (unseen3): AP's daily bulletin, like `Xinhua Headlines:`
    assert found(registry, title="AP top stories July 24", outlet="AP News") == {("ap", "source")}
    # elsewhere a headline naming the agency is news about it
    assert found(registry, title="AP photographer wins award May 3", outlet="Daily Planet") == set()


def test_a_live_blog_entry_headed_by_the_agency_is_its_copy(registry):
    # yahoo_news_2025 (unseen3): The Independent's live blog, each entry headed by its time and author
    body = (
        "Melania Trump documentary set for Amazon 08:00 , Associated Press Incoming first lady Melania Trump will "
        "be the subject of a documentary. 04:30 , Mike Bedigan A former Capitol police officer says so."
    )
    assert found(registry, body=body) == {("ap", "source")}
    assert found(registry, body="At 10:30, Reuters reported that the talks had stalled.") == {("reuters", "cited")}


# Shapes of a Malaysian crawl (held-out set unseen4, malaya_news_2019: Sinar Harian, Harakah, Astro Awani,
# a Malay portal quoting RIA Novosti, Bloomberg's own pages).
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Noor Aziah memberitahu Bernama di luar forum itu bahawa kajian dijalankan.", {("bernama", "cited")}),
        (
            "Anwar kemudian mengemukakan rayuan ke Mahkamah Rayuan (Bernama, 9 Disember 2009).\n\nSaya yakin.",
            {("bernama", "cited")},
        ),
        (
            "“Tak ada tempat bagi slogan politik,” ujar anggota parlemen Rusia, Dmitry Svishchyov pada kantor berita "
            "RIA Novosti.\n\nHubungan kedua negara memburuk.",
            {("ria", "cited")},
        ),
        (
            "Mohd Yusof Noor selepas menutup majlis di Putrajaya, hari ini. - Foto Bernama\n\nPUTRAJAYA - Isu selesai.",
            {("bernama", "photo")},
        ),
    ],
)
def test_malay_citations_references_and_caption_credits(registry, body, expected):
    assert found(registry, body=body) == expected


# Shapes of Bangladeshi English papers (held-out set unseen5, bd_news_2025: Prothom Alo English), which credit
# Bangladesh's own agencies, BSS and UNB.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The website was launched in the city on Sunday, reports UNB. It is a project of Save the Children.",
            {("unb", "cited")},
        ),
        ("He died of cardiac arrest in Kolkata on Sunday, according to UNB. He was 95.", {("unb", "cited")}),
        ("In addition, the party will arrange its own security measures for him, BSS reports.", {("bss", "cited")}),
        ("An officer told BSS that an adequate number of intelligence officers would be deployed.", {("bss", "cited")}),
        # news about the agency as an institution credits nobody
        (
            "On the recommendation to merge Bangladesh Television (BTV), Bangladesh Betar, and the Bangladesh Sangbad "
            "Sangstha (BSS) into an autonomous institution, Kamal Ahmed said that the decision rests with them.",
            set(),
        ),
        # the Bangladesh Bureau of Statistics is no agency
        ("Inflation eased to 8.2 per cent in November, according to BBS data.", set()),
    ],
)
def test_bangladeshi_agencies_cited_in_english(registry, body, expected):
    assert found(registry, body=body) == expected


def test_a_source_label_on_the_agencys_own_site_labels_a_chart_not_the_story(registry):
    body = "PM Najib says he is expecting a better result Source: Bloomberg\n\n3. Who leads the opposition?"
    assert found(registry, body=body) == {("bloomberg", "source")}
    own = found(registry, body=body, url="https://www.bloomberg.com/news/articles/2018-05-07/your-guide-quicktake")
    assert own == set()

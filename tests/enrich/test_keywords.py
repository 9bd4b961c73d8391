"""Derived keywords (analytics.enrich.keywords) on real articles of the shared corpora.

For each article below the expected topic words were decided by reading the article,
before the extractor was run on it; the comment says what a reader would tag it with.
Assertions are on words inside the top keywords (a keyword may be a longer phrase:
`Pulau Citlim` contains `citlim`), never on the exact ranking.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter

import lxml.html
import pytest
from hang_guard import returns

from analytics.enrich import keywords
from analytics.ingest.readers.pagetext import parse_page
from analytics.text import cleaning

TOP = keywords.KEYWORD_COUNT
INDONEWS_0618 = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"
DETIK_JUNE = "detik_2021/history/2021-06-20_1-1000.json"
NUMBERS_ONLY = re.compile(r"^[\d.,:/%-]+$")
# What scraped bodies are full of and what is never a topic: outlet names and domains, wire
# credits, furniture lines (whole words, or parts of a word for domains and detik's channels).
BOILERPLATE_WORDS = {"liputan6", "detikcom", "okezone", "reuters", "afp", "kcna", "advertisement", "baca"}
BOILERPLATE_PARTS = (".com", ".co", "detik", "http", "www")


# --- reading real articles by reference ---------------------------------------------------------


def indonews(corpora, url: str) -> tuple[str, str]:
    with open(corpora / INDONEWS_0618, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["url"] == url:
                return row["judul"], cleaning.clean_body(row["isi_berita"])
    raise LookupError(url)


def detik_june(corpora, link: str) -> tuple[str, str]:
    for record in json.loads((corpora / DETIK_JUNE).read_text(encoding="utf-8")):
        if record["link"] == link:
            paragraphs = [
                lxml.html.fragment_fromstring(p, create_parent="div").text_content()
                for p in record["content"]
                if p.strip()
            ]
            return record["title"], cleaning.clean_body("\n\n".join(paragraphs))
    raise LookupError(link)


def ag_news(corpora, row_number: int) -> tuple[str, str]:
    with open(corpora / "ag_news_test/test.csv", encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), 1):
            if number == row_number:
                return row[1], row[2]
    raise LookupError(row_number)


def kcna(corpora, link: str) -> tuple[str, str]:
    for record in json.loads((corpora / "kcna_stiles_archive/headlines_2024-11-11.json").read_text(encoding="utf-8")):
        if record["link"] == link:
            return record["headline"], record["story_text"]
    raise LookupError(link)


def reuters(corpora, newid: int) -> tuple[str, str]:
    for path in sorted((corpora / "reuters21578_subset").glob("reut2-*.sgm")):
        text = path.read_text(encoding="latin-1")
        match = re.search(rf'<REUTERS[^>]*NEWID="{newid}">(.*?)</REUTERS>', text, re.S)
        if match:
            story = match[1]

            def part(tag: str, story: str = story) -> str:
                found = re.search(rf"<{tag}>(.*?)</{tag}>", story, re.S)
                return html.unescape(found[1]) if found else ""

            return part("TITLE"), " ".join(part("DATELINE").split()) + " " + part("BODY")
    raise LookupError(newid)


def words_of(found: list[str]) -> set[str]:
    return {w for k in found for w in k.lower().split()}


def is_boilerplate(keyword: str) -> bool:
    lowered = keyword.lower()
    return bool(BOILERPLATE_WORDS & set(lowered.split())) or any(part in lowered for part in BOILERPLATE_PARTS)


def assert_clean(found: list[str], language: str) -> None:
    """No stop word, number-only token or outlet boilerplate in any keyword."""
    stop = keywords.stop_words(language)
    assert 0 < len(found) <= TOP, found
    for keyword in found:
        parts = keyword.lower().split()
        assert parts[0] not in stop and parts[-1] not in stop, keyword
        assert all(p not in stop or p in keywords.INNER_WORDS for p in parts), keyword
        assert not any(NUMBERS_ONLY.match(p) for p in parts), keyword
        assert not is_boilerplate(keyword), keyword
    assert len({k.lower() for k in found}) == len(found), found


# --- real articles ------------------------------------------------------------------------------

INDONESIAN = [
    # seed/000_7b6cb561483c8af7.txt: North Korea and China affirm their bilateral ties. A reader
    # tags it Korea Utara, China. `SRAGEN UPDATE` is the outlet's dateline, not a topic.
    ("seed", None, {"korea", "utara", "china"}),
    # indonews 2025-06-18, kompas.com .../21353591/pakar-tingginya-kepuasan-publik-atas-penanganan-korupsi...:
    # an expert on public satisfaction with anti-corruption work. Topic: korupsi.
    (
        "indonews",
        "https://nasional.kompas.com/read/2025/06/18/21353591/pakar-tingginya-kepuasan-publik-atas-penanganan"
        "-korupsi-jadi-momentum?utm_source=ABC&utm_medium=rss",
        {"korupsi"},
    ),
    # indonews 2025-06-18, detik d-7969191: illegal mining damages Pulau Citlim, Riau Islands.
    # Topics: tambang (mining), Citlim.
    (
        "indonews",
        "https://finance.detik.com/energi/d-7969191/pulau-cantik-di-kepulauan-riau-ini-rusak-parah-akibat"
        "-tambang-ilegal",
        {"tambang", "citlim"},
    ),
    # indonews 2025-06-18, okezone 3147776: how to track a lost Android phone. Topics: Android, ponsel.
    (
        "indonews",
        "https://techno.okezone.com/read/2025/06/16/57/3147776/tak-perlu-panik-jika-hp-android-hilang-atau"
        "-dicuri-ini-cara-praktis-untuk-melacaknya",
        {"android", "ponsel"},
    ),
    # indonews 2025-06-18, tempo 2019071: 75 years of kidney transplants, kidney care tips. Topic: ginjal.
    (
        "indonews",
        "https://gaya.tempo.co/read/2019071/75-tahun-transplantasi-ginjal-pertama-8-tips-menjaga-ginjal-tetap-sehat",
        {"ginjal"},
    ),
    # detik June file, d-5612670: Sandiaga Uno urges the tourism industry to vaccinate as Covid-19
    # rises. Topics: Sandiaga (Uno), vaksinasi.
    (
        "detik",
        "https://travel.detik.com/travel-news/d-5612670/covid-19-melonjak-ini-pesan-sandiaga-ke-industri-wisata",
        {"sandiaga", "vaksinasi"},
    ),
]

ENGLISH = [
    # AG News test.csv row 3001: Sharapova beats Kremer, reaches the Korea Open final. Topics:
    # Sharapova, Korea (Open). `Open` is an ISO stop word, so the phrase may stop at `Korea`.
    ("ag", 3001, {"sharapova", "korea"}),
    # AG News row 501: Iran blocks reformist websites. Topics: Iran, reformist.
    ("ag", 501, {"iran", "reformist"}),
    # KCNA, DPRK Foreign Ministry statement on Germany joining the UN Command. Topics: UN Command, Germany.
    (
        "kcna",
        "http://www.kcna.kp/en/article/q/7f7ecaf7174ecaf1e8c145bcb264ac0466360beddecb763b8dd7557b3aa10a86.kcmsf",
        {"command", "germany"},
    ),
    # KCNA, Kim Jong Un receives greetings from Nicaragua's president. Topics: Nicaragua, Kim Jong Un.
    (
        "kcna",
        "http://www.kcna.kp/en/article/q/389b4b6d4d92a66d210125543c87c1d67f004878c930ee791dec9da74e1fe181.kcmsf",
        {"nicaragua", "kim"},
    ),
    # Reuters-21578 NEWID 4: analysts on BankAmerica's delayed equity offering. Topics: BankAmerica, equity offering.
    ("reuters", 4, {"bankamerica", "equity"}),
    # Reuters-21578 NEWID 1: Bahia cocoa review. Topics: cocoa, Bahia.
    ("reuters", 1, {"cocoa", "bahia"}),
]


def load(corpora, source: str, ref) -> tuple[str, str]:
    if source == "seed":
        fields = parse_page((corpora / "seed/000_7b6cb561483c8af7.txt").read_text(encoding="utf-8"))
        return fields["title"], fields["body"]
    return {"indonews": indonews, "detik": detik_june, "ag": ag_news, "kcna": kcna, "reuters": reuters}[source](
        corpora, ref
    )


@pytest.mark.parametrize("source, ref, topic", INDONESIAN, ids=[f"{s}:{str(r)[-40:]}" for s, r, _ in INDONESIAN])
def test_indonesian_articles_get_their_topic_words(corpora, source, ref, topic):
    title, body = load(corpora, source, ref)
    found = keywords.extract(title, body, "id", top=TOP)
    assert topic <= words_of(found), found
    assert_clean(found, "id")


@pytest.mark.parametrize("source, ref, topic", ENGLISH, ids=[f"{s}:{str(r)[-40:]}" for s, r, _ in ENGLISH])
def test_english_articles_get_their_topic_words(corpora, source, ref, topic):
    title, body = load(corpora, source, ref)
    found = keywords.extract(title, body, "en", top=TOP)
    assert topic <= words_of(found), found
    assert_clean(found, "en")


def test_seed_dateline_and_outlet_are_not_topics(corpora):
    title, body = load(corpora, "seed", None)
    assert body.startswith("SRAGEN UPDATE -")
    found = words_of(keywords.extract(title, body, "id", top=TOP))
    assert not found & {"sragen", "update"}


def test_a_dateline_city_is_not_a_topic(corpora):
    # indonews 2025-06-18, liputan6 6055023 (work habits that signal depression): the body opens
    # `Liputan6.com, Jakarta` glued to its first word; Jakarta appears nowhere else.
    title, body = indonews(
        corpora,
        "https://www.liputan6.com/citizen6/read/6055023/5-kebiasaan-kerja-seperti-ini-diam-diam-ternyata-tanda-depresi",
    )
    assert body.startswith("Liputan6.com, Jakarta") and body.count("Jakarta") == 1
    found = keywords.extract(title, body, "id", top=TOP)
    assert "depresi" in words_of(found), found
    assert "jakarta" not in words_of(found)
    assert_clean(found, "id")


def test_no_boilerplate_over_a_whole_indonesian_file(corpora):
    """Every article of one day's scrape (six outlets, their datelines, `Baca Juga`, `detikcom`)."""
    with open(corpora / INDONEWS_0618, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    stop = keywords.stop_words("id")
    with_keywords = 0
    for row in rows:
        found = keywords.extract(row["judul"], cleaning.clean_body(row["isi_berita"]), "id", top=TOP)
        with_keywords += bool(found)
        for keyword in found:
            parts = keyword.lower().split()
            assert parts[0] not in stop and parts[-1] not in stop, (row["url"], keyword)
            assert not any(NUMBERS_ONLY.match(p) for p in parts), (row["url"], keyword)
            assert not is_boilerplate(keyword), (row["url"], keyword)
    assert with_keywords >= 0.99 * len(rows)


# --- behaviour on small inputs ------------------------------------------------------------------


def test_stop_words_per_language():
    indonesian, english, both = keywords.stop_words("id"), keywords.stop_words("en"), keywords.stop_words(None)
    assert {"yang", "dan", "tersebut", "adalah"} <= indonesian
    assert {"the", "and", "which"} <= english and "yang" not in english
    assert indonesian | english == both == keywords.stop_words("xx")
    assert keywords.stop_words("en-US") == english and keywords.stop_words("ID") == indonesian
    # news filler beyond stopwordsiso; topic words stopwordsiso wrongly lists are kept
    assert {"senin", "wib", "juta", "persen"} <= indonesian and {"monday", "mln", "dlrs"} <= english
    assert not {"microsoft", "computer", "fire", "un", "uk"} & english


def test_numbers_urls_handles_and_editor_codes_are_never_keywords():
    body = (
        "Harga tiket pesawat Garuda naik 15 persen menjadi Rp 1.500.000 per 12/6/2021. "
        "Tiket pesawat Garuda dijual di https://www.garuda-indonesia.com/tiket dan akun @garuda. "
        "Penumpang Garuda mengeluhkan harga tiket pesawat. 2021 2021 2021 (ara/ara)"
    )
    found = keywords.extract("Tiket Pesawat Garuda Naik", body, "id", top=TOP)
    assert "garuda" in words_of(found) and "tiket" in words_of(found)
    flat = " ".join(found).lower()
    for junk in ("2021", "1.500.000", "http", "www", "garuda-indonesia", "@", "ara"):
        assert junk not in flat.split() and junk not in flat.replace(" ", ""), (junk, found)


def test_glued_words_are_split_and_camel_case_names_kept():
    body = (
        "Jakarta - Warga mengutipCNBC soal layanan WhatsApp. Layanan WhatsApp sempat down, kata ComradeKim. "
        "Gangguan WhatsApp dirasakan warga diIndonesia."
    )
    found = keywords.extract("Layanan WhatsApp Down", body, "id", top=TOP)
    assert "whatsapp" in words_of(found), found
    tokens = keywords.TOKEN.findall(body)
    assert {"mengutip", "CNBC", "Comrade", "Kim", "WhatsApp"} <= set(tokens)
    assert "Jakarta" not in words_of(found)


def test_tokens_skip_whitespace_in_linear_time():
    # each match takes the spaces before its token: a long run of them before a line break
    # or at the end must not be read again from each of its positions
    text = "Kata " + "  \t" * 50_000 + "\nlain" + " " * 200_000
    with returns("the tokenizer on long runs of whitespace"):  # quadratic would take minutes
        assert keywords.TOKEN.findall(text) == ["Kata", "lain"]
    assert keywords.TOKEN.findall("a \n\n b  ,c\t d") == ["a", "\n", "b", ",", "c", "d"]


def test_keywords_are_spelled_as_the_body_writes_them():
    body = (
        "Menteri Sandiaga Uno meminta pelaku wisata menjalankan vaksinasi. Vaksinasi menekan penyebaran "
        "Covid-19, kata Sandiaga Uno. Menurut Sandiaga Uno, vaksinasi bagi pekerja wisata dipercepat."
    )
    found = keywords.extract("Pesan Sandiaga Uno soal Vaksinasi", body, "id", top=TOP)
    assert "Sandiaga Uno" in found and "vaksinasi" in found, found


def test_all_caps_titles_do_not_decide_spelling():
    found = keywords.extract(
        "BAHIA COCOA REVIEW",
        "Showers continued in the Bahia cocoa zone. Bahia cocoa arrivals rose. Cocoa prices in Bahia held.",
        "en",
        top=TOP,
    )
    assert "Bahia" in " ".join(found) and "BAHIA" not in " ".join(found), found


@pytest.mark.parametrize(
    "title, body",
    [(None, None), ("", ""), ("   ", "\n\n"), ("2021", "12 34, 56."), ("dan yang di", "dan yang di ke dari.")],
)
def test_nothing_to_say_gives_no_keywords(title, body):
    assert keywords.extract(title, body, "id", top=TOP) == []


def test_top_bounds_the_count():
    body = "Harga emas Antam naik. Emas Antam dijual di butik Antam. Harga perak juga naik di butik."
    assert keywords.extract("Harga Emas Antam Naik", body, "id", top=0) == []
    assert len(keywords.extract("Harga Emas Antam Naik", body, "id", top=1)) == 1
    assert len(keywords.extract("Harga Emas Antam Naik", body, "id", top=50)) <= 50


def test_a_phrase_does_not_repeat_a_better_one():
    body = (
        "Korea Utara meluncurkan rudal. Korea Utara menguji rudal balistik. Rudal Korea Utara jatuh di laut. "
        "Jepang memprotes Korea Utara. Pemimpin Korea Utara diam."
    )
    found = [f" {k.lower()} " for k in keywords.extract("Korea Utara Luncurkan Rudal", body, "id", top=TOP)]
    assert any(" korea utara " in k for k in found), found
    for one in found:
        assert not any(one != other and one in other for other in found), found


# --- words a scraper glued together -------------------------------------------------------------

# Real articles whose text holds words glued where the scraper lost a space (each glued form
# below was read in the raw file), and the topics a reader tags them with.
GLUED_INDONEWS = {
    # Iran may mine the Strait of Hormuz: `Selat Hormuzjika Amerika` was a keyword
    "https://news.detik.com/internasional/d-7970774/iran-bisa-pasang-ranjau-di-selat-hormuz-jika-as-gabung-serangan-israel": (
        "Hormuzjika",
        {"hormuz", "ranjau"},
    ),
    # the Attorney General on illegal nickel mining in North Maluku: `Burhanuddinmenyebutkan Maluku Utara`
    "https://news.detik.com/berita/d-7970492/jaksa-agung-soroti-tambang-ilegal-di-malut-penghasil-nikel-terbesar": (
        "Burhanuddinmenyebutkan",
        {"nikel", "tambang"},
    ),
    # Bank Indonesia holds its rate: `Gubernur Bank Indonesiapada` was a keyword
    "https://www.liputan6.com/bisnis/read/6055716/bank-indonesia-tahan-bi-rate-55-di-juni-2025": (
        "Indonesiapada",
        {"bank", "suku"},
    ),
}
KCNA_GLUED = (  # `The respected ComradeKim Jong Unreceived congratulatory messages`: `Kim Jong Unreceived` was a keyword
    "http://www.kcna.kp/en/article/q/fa7e154f5c73c73b396d2cc455a0d6afdc64cf29edf8f1cc8fba4d62edd65410b847dc615e20afd8f06c55b83a29b6a6.kcmsf"
)


@pytest.mark.parametrize("url", sorted(GLUED_INDONEWS))
def test_words_glued_by_the_scraper_are_no_keywords(corpora, url):
    glued, topics = GLUED_INDONEWS[url]
    title, body = indonews(corpora, url)
    assert glued in body  # the raw text holds the glued word
    found = keywords.extract(title, body, "id", top=TOP)
    words = {word.lower() for keyword in found for word in keyword.split()}
    assert glued.lower() not in words, found
    assert all(any(topic in word for word in words) for topic in topics), found


def test_kim_jong_un_received_is_no_keyword(corpora):
    title, body = kcna(corpora, KCNA_GLUED)
    assert "Kim Jong Unreceived" in body
    found = keywords.extract(title, body, "en", top=TOP)
    assert not any("unreceived" in keyword.lower() for keyword in found), found


def test_glued_words_are_told_from_words_that_only_look_so():
    """The glue: a name the text writes alone (`Utara`) + a word (`cukup`, a stop word; `received`, an
    inflection of the text's `Receives`). No glue: an affix (`Ke|lurahan`, `Area|nya`), a head the text
    writes in lower case only (`ton` in `Tonton`), a word the text uses twice."""
    text = (
        "Korea Utara menembakkan rudal. Korea Utaracukup sering melakukannya. Kim Jong Un Receives letters. "
        "Kim Jong Unreceived letters. Tonton videonya, 5 ton beras. Kelurahan dan lurah setempat. "
        "Areanya luas, area parkir. Jakarta Jakartabaru Jakartabaru."
    )
    tokens = keywords.TOKEN.findall(text)
    keys = [token.lower() for token in tokens]
    counts = Counter(keys)
    words = {key for key in counts if key.isalpha()}
    lexicon = keywords.stop_words("id") | keywords.stop_words("en")
    assert keywords.glued_words(words, counts, tokens, keys, lexicon) == {"utaracukup", "unreceived"}

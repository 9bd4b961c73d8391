"""The outlet resolver on raw outlet names and URLs as the shared corpora give them (see
benchmarks/outlet_survey.py): URL host first, then the raw name, then its normalised form; sub-sites
as channels; values that are not outlet names give none, with a reason; never the network."""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import textwrap

import pytest
from repo_paths import REPO

from analytics.enrich.outlets import load_outlets, resolve_outlet
from analytics.enrich.outlets.resolve import LISTED, METHODS, NO_NAME

REGISTRY = load_outlets()

# Every raw outlet name Kompas and detik have in the corpora (indonews_rss_2025, indonesian_html).
KOMPAS_NAMES = {
    "kompas.com": None,
    "KOMPAS.com": None,
    "bola.kompas.com": "bola",
    "lifestyle.kompas.com": "lifestyle",
    "megapolitan.kompas.com": "megapolitan",
    "money.kompas.com": "money",
    "nasional.kompas.com": "nasional",
    "travel.kompas.com": "travel",
}
DETIK_NAMES = {
    "detik.com": None,
    "detikfinance": None,
    "detikinet": None,
    "finance.detik.com": "finance",
    "hot.detik.com": "hot",
    "news.detik.com": "news",
    "oto.detik.com": "oto",
    "sport.detik.com": "sport",
    "travel.detik.com": "travel",
}
# (URL, raw name) pairs of the corpora -> (outlet id, channel, method)
RECORDS = [
    (
        "https://megapolitan.kompas.com/read/2025/06/10/21504001/kemunculan-gangster-remaja-di-bogor-selatan-dinilai-sebagai-perilaku?utm_source=ABC&utm_medium=rss",
        "megapolitan.kompas.com",
        ("kompas", "megapolitan", "host"),
    ),
    (
        "https://nasional.kompas.com/read/2025/06/18/21353591/pakar-tingginya-kepuasan-publik-atas-penanganan-korupsi-jadi-momentum?utm_source=ABC&utm_medium=rss",
        "kompas.com",
        ("kompas", "nasional", "host"),
    ),
    (
        "http://regional.kompas.com/read/2015/11/04/21040031/Polres.Lhokseumawe.Serahkan.Anggota.Di.Minimi.ke.Kejaksaan",
        "KOMPAS.com",
        ("kompas", "regional", "host"),
    ),
    (
        "https://finance.detik.com/energi/d-7969191/pulau-cantik-di-kepulauan-riau-ini-rusak-parah-akibat-tambang-ilegal",
        "detik.com",
        ("detik", "finance", "host"),
    ),
    (
        "http://inet.detik.com/read/2015/11/05/100026/3062623/323/google-umbar-kelemahan-galaxy-s6-edge",
        "detikinet",
        ("detik", "inet", "host"),
    ),
    (
        "https://www.liputan6.com/crypto/read/6044965/terungkap-sosok-yang-kirim-bitcoin-usd-31-juta-ke-pendiri-pasar-gelap-ross-ulbricht",
        "Liputan6.com",
        ("liputan6", None, "host"),
    ),
    (
        "https://sports.okezone.com/read/2025/06/10/40/3145942/perasaan-sabar-reza-usai-gagal-juara-indonesia-open-2025",
        "Okezone",
        ("okezone", "sports", "host"),
    ),
    (
        "https://hukum.tempo.co/read/1076026/david-tobing-harusnya-garuda-mengakui-saja-ada-kelalaian",
        "Tempo.co",
        ("tempo", "hukum", "host"),
    ),
    (
        "http://en.tempo.co/read/news/2015/11/04/055715684,uk.html/Indonesia-can-Learn-from-Finlands-Peatland-Fire-Case-Pratikno",
        "Tempo_English",
        ("tempo", "en", "host"),
    ),
    (
        "https://aceh.tribunnews.com/2025/06/10/saat-prosesi-siraman-al-ghazali-dan-alyssa-daguise-mulan-jameela-tak-ikut-guyur-air",
        "Tribunnews",
        ("tribunnews", "aceh", "host"),
    ),
    (
        "http://www.republika.co.id/berita/jurnal-haji/berita-jurnal-haji/17/02/17/oli9fp396-jamaah-haji-ikuti-pemeriksaan-kesehatan-haji",
        "ihram.co.id",
        ("republika", None, "host"),
    ),
    (
        "http://life.viva.co.id/showbiz/read/736460-taylor-swift-standing-ovation-untuk-pianis-cilik-indonesia",
        "VIVAcoid",
        ("viva", "life", "host"),
    ),
    (
        "https://posmetro.co/2025/06/09/melihat-keseruan-masak-daging-qurban-di-dapur-perkim-bintan/",
        "posmetro.co",
        ("posmetro_batam", None, "host"),
    ),
    (
        "https://www.posmetromedan.com/2025/06/malau-bersaudara-tenggelam-di-danau-toba/",
        "posmetromedan.com",
        ("posmetro_medan", None, "host"),
    ),
    (
        "http://military.people.com.cn/n1/2024/0617/c1011-40258073.html",
        "人民网军事",
        ("peoples_daily", "military", "host"),
    ),
    ("https://hqtime.huanqiu.com/article/4I3ccOosrAy", "环球网", ("huanqiu", "hqtime", "host")),
    # www3 is the site itself, not a channel
    (
        "http://www3.xinhuanet.com/world/20250126/9777d542a8134bc69b8e9dfb8d7ed290/c.html",
        "新华网",
        ("xinhua", None, "host"),
    ),
    # the corpora's records without a URL: Reuters-21578, the China media headlines, AG News, the seed
    (None, "Reuters", ("reuters", None, "alias")),
    (None, "Xinhua", ("xinhua", None, "alias")),
    (None, "CGTN", ("cgtn", None, "alias")),
    (None, "Global Times", ("global_times", None, "alias")),
    (None, "Cbc Sports Online", ("cbc", None, "alias")),
    (None, "U.S. News   World Report", ("us_news", None, "alias")),
    (None, "p2pnet.net News", ("p2pnet", None, "alias")),
    (None, "USATODAY.com", ("usa_today", None, "alias")),
    (None, "Sragen Update", ("sragen_update", None, "alias")),
]
# AG News values that ingest read as an outlet and are none (issue 13)
NOT_OUTLETS = {
    '&lt;a href="http://arstechnica.com/news/posts/20040923': "markup",
    "Stocks finished mixed in post": "a sentence",
    "The News sports editor. HOUSTON": "sentence punctuation",
    "World News": LISTED,
    "United Online Inc.": LISTED,
}


def resolved(url, raw_name):
    match = resolve_outlet(REGISTRY, url=url, raw_name=raw_name)
    return match.outlet_id, match.channel, match.method


@pytest.mark.parametrize(
    "names, outlet_id", [(KOMPAS_NAMES, "kompas"), (DETIK_NAMES, "detik")], ids=["kompas", "detik"]
)
def test_every_raw_name_of_an_outlet_is_one_id_the_sub_site_its_channel(names, outlet_id):
    assert {name: resolved(None, name) for name in names} == {
        name: (outlet_id, channel, "alias") for name, channel in names.items()
    }


@pytest.mark.parametrize(
    "names",
    [
        ("liputan6.com", "Liputan6.com", "Liputan6"),
        ("Okezone", "okezone.com", "OKEZONE"),
        ("tempo.co", "Tempo.co", "Tempo"),
    ],
    ids=lambda names: names[0],
)
def test_names_split_by_case_or_a_suffix_are_one_outlet(names):
    assert {resolve_outlet(REGISTRY, url=None, raw_name=name).outlet_id for name in names} == {
        names[0].split(".")[0].lower()
    }


@pytest.mark.parametrize("url, raw_name, expected", RECORDS, ids=[r[1] for r in RECORDS])
def test_records_of_the_corpora(url, raw_name, expected):
    assert resolved(url, raw_name) == expected


def test_the_url_comes_before_the_raw_name():
    # indonesian_html: the page says `ihram.co.id`, a Republika site, but was read at republika.co.id
    assert resolved("http://www.republika.co.id/berita/x", "ihram.co.id") == ("republika", None, "host")
    assert resolved(None, "ihram.co.id") == ("ihram", None, "alias")


def test_the_kcna_archive_is_the_agency_kcna_own_feed():
    url = "http://www.kcna.kp/en/article/q/a514ed40309b181ae5964d720a691ec6e75a696ae9bf8bd88b1e0b525ae929596724453633323eef1047b895f648adc7.kcmsf"
    match = resolve_outlet(REGISTRY, url=url, raw_name="KCNA")
    assert (match.outlet_id, match.outlet_kind, match.agency, match.method) == ("kcna", "agency", "kcna", "host")
    reuters = resolve_outlet(REGISTRY, url=None, raw_name="Reuters")  # Reuters-21578: Reuters' own wire
    assert (reuters.outlet_kind, reuters.agency) == ("agency", "reuters")
    assert resolve_outlet(REGISTRY, url=None, raw_name="CGTN").agency is None


@pytest.mark.parametrize("raw_name, reason", NOT_OUTLETS.items(), ids=list(NOT_OUTLETS))
def test_markup_and_sentences_are_no_outlet(raw_name, reason):
    match = resolve_outlet(REGISTRY, url=None, raw_name=raw_name)
    assert (match.outlet_id, match.outlet_name, match.method, match.reason) == (None, None, "none", reason)


def test_a_whole_text_read_as_the_outlet_is_none_and_a_url_as_the_outlet_is_its_host():
    # AG News: a description where a dateline was looked for
    text = (
        "United Online Inc., a California-based provider of low-cost Internet subscription services, has agreed to "
        "buy Internet networking company Classmates Online Inc."
    )
    for raw_name in (text, text * 20):
        match = resolve_outlet(REGISTRY, url=None, raw_name=raw_name)
        assert (match.outlet_id, match.reason) == (None, "too long for a name")
    url = "https://megapolitan.kompas.com/read/2025/06/10/21504001/kemunculan?utm_source=ABC;utm_medium=rss"
    assert resolved(None, url) == ("kompas", "megapolitan", "alias")
    assert resolved(None, url.replace("kompas.com", "serambinews.com")) == ("serambinews", "megapolitan", "normalised")


def test_a_name_the_registry_does_not_know_is_its_normalised_form():
    assert resolved(None, "Harian Rakyat Merdeka") == ("harian rakyat merdeka", None, "normalised")
    assert resolved(None, " WWW.SerambiNews.com. ") == ("serambinews", None, "normalised")
    assert resolved(None, "aceh.serambinews.com") == ("serambinews", "aceh", "normalised")
    assert resolved(None, "Serambinews.co.id") == ("serambinews", None, "normalised")
    # an unknown site whose name is a registry outlet's keeps its whole domain
    assert resolved("https://www.cnn.co.jp/world/1.html", None) == ("cnn.co.jp", None, "normalised")
    match = resolve_outlet(REGISTRY, url=None, raw_name="Harian Rakyat Merdeka")
    assert (match.outlet_name, match.outlet_kind, match.agency) == ("harian rakyat merdeka", None, None)


def test_an_unknown_url_host_is_the_outlet_when_the_name_is_none_or_not_a_name():
    assert resolved("https://news.serambinews.com/x", None) == ("serambinews", "news", "normalised")
    assert resolved("https://news.serambinews.com/x", "Stocks finished mixed in post") == (
        "serambinews",
        "news",
        "normalised",
    )
    # the raw name comes before an unknown host
    assert resolved("https://news.serambinews.com/x", "Serambi Indonesia") == ("serambi indonesia", None, "normalised")


def test_nothing_to_go_by_is_none_with_a_reason():
    assert resolve_outlet(REGISTRY, url=None, raw_name=None).reason == NO_NAME
    assert resolve_outlet(REGISTRY, url="", raw_name="  ").reason == NO_NAME
    match = resolve_outlet(REGISTRY, url="http://192.168.0.7/feed", raw_name=None)
    assert (match.outlet_id, match.method) == (None, "none") and match.reason
    assert {resolve_outlet(REGISTRY, url=None, raw_name=raw).method for raw in NOT_OUTLETS} <= set(METHODS)


class NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        raise AssertionError("the outlet resolver opened a socket")


def refuse(*args, **kwargs):
    raise AssertionError("the outlet resolver looked up a host")


def test_resolution_never_uses_the_network(monkeypatch):
    monkeypatch.setattr(socket, "socket", NoNetwork)
    for name in ("create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    registry = load_outlets()  # a new registry: nothing of it is cached yet
    assert resolve_outlet(registry, url="https://foo.bar.example.co.uk/x", raw_name=None).outlet_id == "example"
    assert resolve_outlet(registry, url="https://sport.detik.com/x", raw_name="detik.com").outlet_id == "detik"


def test_a_fresh_process_resolves_without_network_or_cache_files(tmp_path):
    """The public-suffix list is read for the first time in this process: from tldextract's
    bundled snapshot, with every socket refused and nothing written to a cache folder. (Sockets
    are refused after the imports: importing urllib3, which tldextract imports, opens a local
    socket to see whether the machine has IPv6.)"""
    code = textwrap.dedent(
        """
        import socket
        from analytics.enrich.outlets import load_outlets, resolve_outlet
        class NoNetwork(socket.socket):
            def __init__(self, *args, **kwargs):
                raise SystemExit("a socket was opened")
        def refuse(*args, **kwargs):
            raise SystemExit("a host was looked up")
        socket.socket = NoNetwork
        socket.create_connection = socket.getaddrinfo = refuse
        match = resolve_outlet(load_outlets(), url="https://megapolitan.kompas.com/read/1", raw_name=None)
        print(match.outlet_id, match.channel)
        """
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONPATH": str(REPO)}
    env.pop("TLDEXTRACT_CACHE", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["kompas", "megapolitan"]
    assert list(pathlib.Path(home).rglob("*")) == []

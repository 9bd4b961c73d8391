"""The outlet registry: the shipped file, a user's file merged over it, and errors naming file and line."""

from __future__ import annotations

import pytest
import user_files
from user_files import assert_names_file_and_line

from analytics.enrich.attribution import load_registry
from analytics.enrich.outlets import KINDS, OutletError, load_outlets, resolve_outlet
from analytics.enrich.outlets.registry import DEFAULT_PATH

# The outlets issue 13 names: the major Indonesian, Korean, Chinese and international ones.
REQUIRED = {
    # Indonesia
    "kompas", "detik", "tempo", "liputan6", "okezone", "cnn_indonesia", "antara", "republika", "tribunnews",
    "suara", "kumparan", "sindonews", "merdeka", "viva", "idn_times", "bisnis", "kontan", "jakarta_post",
    "jakarta_globe",
    # Korea
    "yonhap", "chosun", "joongang", "donga", "hankyoreh", "kbs", "mbc", "sbs", "korea_herald", "korea_times",
    "newsis", "news1", "kcna",
    # China
    "xinhua", "peoples_daily", "cgtn", "cctv", "global_times", "china_daily", "cns", "scmp",
    # international
    "reuters", "ap", "afp", "bloomberg", "bbc", "cnn", "nyt", "washington_post", "guardian", "al_jazeera", "tass",
    "ria", "kyodo", "nhk", "bernama",
}  # fmt: skip
# The agencies' own feeds, tied to their agency id (issue 13: kind `agency`).
AGENCY_FEEDS = {
    "reuters.com": "reuters",
    "apnews.com": "ap",
    "kcna.kp": "kcna",
    "xinhuanet.com": "xinhua",
    "antaranews.com": "antara",
    "yna.co.kr": "yonhap",
    "kyodonews.net": "kyodo",
    "tass.com": "tass",
    "afp.com": "afp",
    "bernama.com": "bernama",
}


def user_file(tmp_path, text: str):
    return user_files.user_file(tmp_path, text, name="outlets.toml")


def test_the_shipped_registry_has_the_major_outlets_each_complete():
    registry = load_outlets()
    assert REQUIRED <= set(registry.ids)
    for outlet in registry.outlets:
        assert outlet.kind in KINDS and outlet.name
        assert (outlet.kind == "agency") == (outlet.agency is not None), outlet.id
    assert registry.files == (str(DEFAULT_PATH),)


def test_agencies_own_feeds_are_outlets_of_kind_agency_with_their_agency_id():
    registry = load_outlets()
    agencies = load_registry()
    for host, agency in AGENCY_FEEDS.items():
        match = resolve_outlet(registry, url=f"https://www.{host}/", raw_name=None)
        assert (match.outlet_kind, match.agency) == ("agency", agency), host
    for outlet in registry.outlets:
        if outlet.agency is not None:  # the agency registry's own domains of the agency are the outlet's hosts
            assert set(agencies.agency(outlet.agency).domains) <= set(outlet.hosts), outlet.id


def test_the_registry_is_shipped_as_package_data():
    from importlib import resources

    assert resources.files("analytics.enrich.outlets").joinpath("outlets.toml").is_file()


def test_a_user_file_adds_an_outlet_overrides_fields_adds_hosts_and_aliases_and_drops_one(tmp_path):
    path = user_file(
        tmp_path,
        """
[outlet.kompas]
name = "Kompas.com"
aliases = ["Harian Kompas Online"]
hosts = ["kompas.co.id"]

[outlet.serambinews]
name = "Serambinews"
kind = "online"
country = "ID"
language = "id"
owner = "Kompas Gramedia"
hosts = ["serambinews.com"]
aliases = ["SERAMBINEWS.COM"]

[outlet.cbn]
enabled = false

[not_outlet]
names = ["Berita Terkini"]
""",
    )
    registry = load_outlets(path)
    kompas = registry.outlet("kompas")
    assert (kompas.name, kompas.kind, kompas.owner) == ("Kompas.com", "online", "Kompas Gramedia")
    assert kompas.hosts == ("kompas.com", "kompas.co.id") and "Harian Kompas Online" in kompas.aliases
    assert "serambinews" in registry.ids and "cbn" not in registry.ids
    assert registry.files == (str(DEFAULT_PATH), str(path))

    def resolved(url, raw_name):
        match = resolve_outlet(registry, url=url, raw_name=raw_name)
        return match.outlet_id, match.channel, match.method

    assert resolved("https://regional.kompas.co.id/read/1", None) == ("kompas", "regional", "host")
    assert resolved(None, "Harian Kompas Online") == ("kompas", None, "alias")
    assert resolved("https://aceh.serambinews.com/x", "Serambinews") == ("serambinews", "aceh", "host")
    assert resolved(None, "CBN.com") == ("cbn", None, "normalised")  # no longer known: its site's name
    assert resolved(None, "Berita  terkini") == (None, None, "none")
    assert resolve_outlet(registry, url=None, raw_name="Berita Terkini").reason == "listed as not an outlet"


def test_an_agency_of_a_users_agency_file_may_own_a_feed(tmp_path):
    agencies = tmp_path / "agencies.toml"
    agencies.write_text(
        '[agency.cna]\nname = "Central News Agency"\nkind = "state"\ncountry = "TW"\n'
        'aliases = [{ text = "Central News Agency" }]\n',
        encoding="utf-8",
    )
    path = user_file(
        tmp_path, '[outlet.cna_tw]\nname = "CNA (Taiwan)"\nkind = "agency"\nagency = "cna"\nhosts = ["cna.com.tw"]\n'
    )
    registry = load_outlets(path, agencies=load_registry(agencies))
    match = resolve_outlet(registry, url="https://focustaiwan.cna.com.tw/news/1", raw_name=None)
    assert (match.outlet_id, match.agency, match.channel) == ("cna_tw", "cna", "focustaiwan")
    with pytest.raises(OutletError, match=r"line 4: outlet 'cna_tw': agency 'cna' is not an agency"):
        load_outlets(path)


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("[outlet.kompas]\nname = \n", 2, "invalid TOML"),
        ('[outlet.kompas]\nname = "Kompas"\ncolour = "red"\n', 3, "unknown key 'colour'"),
        (
            '\n[outlet.new]\nname = "New"\nkind = "blog"\nhosts = ["new.id"]\n',
            4,
            "kind 'blog' is not one of newspaper, online, broadcaster, magazine, agency, aggregator",
        ),
        ('[outlet.new]\nname = "New"\nkind = "online"\ncountry = "Indonesia"\n', 4, "country 'Indonesia'"),
        ('[outlet.new]\nname = "New"\nkind = "online"\nlanguage = "Bahasa"\n', 4, "language 'Bahasa'"),
        ('[outlet.new]\nname = "New"\nkind = "online"\nhosts = "new.id"\n', 4, "'hosts' must be a list"),
        (
            '[outlet.new]\nname = "New"\nkind = "online"\nhosts = [\n  "new.id",\n  "https://www.New.id/",\n]\n',
            6,
            "host 'https://www.New.id/' is not a site's host name like 'kompas.com' (lower case, under a public "
            "suffix, without scheme, www., port or path) (write 'new.id')",
        ),
        ('[outlet.new]\nname = "New"\nkind = "online"\nhosts = ["co.id"]\n', 4, "host 'co.id' is not a site's"),
        (
            '[outlet.new]\nname = "New"\nkind = "online"\n\nhosts = ["new.id", "detik.com"]\n',
            5,
            "outlet 'new': 'detik.com' is already a host of 'detik'",
        ),
        (
            '[outlet.new]\nname = "New"\nkind = "online"\naliases = [\n  "New Daily",\n  "Liputan6",\n]\n',
            6,
            "outlet 'new': 'Liputan6' is already a name or alias of 'liputan6'",
        ),
        (
            '[outlet.new]\nname = "ANTARA News"\nkind = "online"\n',
            1,
            "'ANTARA News' is already a name or alias of 'antara'",
        ),
        (
            '[outlet.new]\nname = "New"\nkind = "online"\naliases = ["okezone.com"]\n',
            4,
            "outlet 'new': 'okezone.com' is written as a host of 'okezone'",
        ),
        (
            '[outlet.new]\nname = "New"\nkind = "agency"\nhosts = ["new.id"]\n',
            1,
            "outlet 'new': kind 'agency' needs 'agency'",
        ),
        (
            '[outlet.new]\nname = "New"\nkind = "online"\nagency = "reuters"\n',
            1,
            "'agency' is for outlets of kind 'agency' only",
        ),
        (
            '[outlet.new]\nname = "New"\nkind = "agency"\nagency = "newswire"\n',
            4,
            "agency 'newswire' is not an agency of the agency registry",
        ),
        ('# a comment\n\n[outlet.newcomer]\nhosts = ["newcomer.id"]\n', 3, "new outlet 'newcomer' needs name, kind"),
        ('[outlet.Bad-Id]\nname = "x"\n', 1, "an id must be lower case"),
        ("outlets = 3\n", 1, "unknown top-level key 'outlets' (expected [outlet.<id>] and [not_outlet] tables)"),
        ('[not_outlet]\nnames = ["x"]\nreason = "y"\n', 3, "not_outlet: unknown key 'reason'"),
        ("[not_outlet]\nnames = [1]\n", 2, "'names' must be a list of non-empty strings"),
        (
            '\n[not_outlet]\nnames = [\n  "World News",\n  "Tempo.co",\n]\n',
            5,
            "'Tempo.co' is listed as not an outlet but names 'tempo'",
        ),
    ],
)
def test_a_malformed_user_file_is_an_error_naming_file_and_line(tmp_path, text, line, message):
    path = user_file(tmp_path, text)
    with pytest.raises(OutletError) as error:
        load_outlets(path)
    assert_names_file_and_line(error.value, path, line, message)


def test_a_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(OutletError, match="cannot read outlet registry"):
        load_outlets(tmp_path / "nope.toml")


def test_the_same_host_or_alias_twice_for_one_outlet_is_harmless(tmp_path):
    path = user_file(tmp_path, '[outlet.tempo]\nhosts = ["tempo.co"]\naliases = ["TEMPO.CO", "Tempo English"]\n')
    tempo = load_outlets(path).outlet("tempo")
    assert tempo.hosts == ("tempo.co",) and tempo.aliases.count("Tempo English") == 1

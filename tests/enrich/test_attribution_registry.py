"""The agency registry: the shipped file, a user's file merged over it, and clear errors."""

from __future__ import annotations

import json

import pytest
import user_files
from user_files import assert_names_file_and_line

from analytics.enrich.attribution import RegistryError, detect, load_registry
from analytics.enrich.attribution.registry import DEFAULT_PATH, KINDS
from analytics.schema import Article

REQUIRED = {
    "ap",
    "reuters",
    "kcna",
    "xinhua",
    "afp",
    "antara",
    "yonhap",
    "kyodo",
    "tass",
    "bernama",
    "dpa",
    "efe",
    "ansa",
    "upi",
    "bloomberg",
}


def article(**fields) -> Article:
    return Article(article_id="test", source_ref="test", **fields)


def user_file(tmp_path, text: str):
    return user_files.user_file(tmp_path, text, name="agencies.toml")


def test_default_registry_covers_the_spec_and_the_gold_agencies(corpora):
    registry = load_registry()
    gold = {
        a["agency"]
        for line in (corpora / "gold_dev.jsonl").read_text().splitlines()
        for a in json.loads(line)["attributions"]
    }
    assert REQUIRED | gold <= set(registry.ids)
    for agency in registry.agencies:
        assert agency.kind in KINDS and agency.name and agency.aliases, agency.id
    assert registry.files == (str(DEFAULT_PATH),)


def test_period_and_indonesian_names_are_aliases():
    registry = load_registry()
    names = {alias.text: agency.id for agency in registry.agencies for alias in agency.aliases}
    expected = {
        "New China News Agency": "xinhua",
        "North Korean Central News Agency": "kcna",
        "Tass": "tass",
        "ITAR-TASS": "tass",
        "Agence France-Presse": "afp",
        "Kyodo News Agency": "kyodo",
        "Kantor Berita Pusat Korea": "kcna",
        "Kantor Berita Sentral Korea": "kcna",
        "조선중앙통신": "kcna",
        "新华社": "xinhua",
        "Kantor Berita Xinhua": "xinhua",
        "Kantor Berita AP": "ap",
        "Kantor Berita Reuters": "reuters",
    }
    assert {name: names.get(name) for name in expected} == expected
    ap = registry.agency("ap").aliases
    assert [(a.case_sensitive, a.strict) for a in ap if a.text == "AP"] == [(True, True)]


def test_registry_is_shipped_as_package_data():
    from importlib import resources

    assert resources.files("analytics.enrich.attribution").joinpath("agencies.toml").is_file()


def test_user_file_adds_an_agency_overrides_fields_and_adds_aliases(tmp_path):
    path = user_file(
        tmp_path,
        """
[agency.reuters]
name = "Thomson Reuters News"
aliases = [{ text = "Kantor Berita Inggris Reuters", lang = "id" }]

[agency.cna]
name = "Central News Agency (Taiwan)"
kind = "state"
country = "TW"
aliases = [{ text = "Central News Agency" }, { text = "CNA", case_sensitive = true, strict = true }]

[agency.bloomberg]
enabled = false
""",
    )
    registry = load_registry(path)
    reuters = registry.agency("reuters")
    assert reuters.name == "Thomson Reuters News" and reuters.kind == "wire"
    assert {"Reuters", "Kantor Berita Inggris Reuters"} <= {a.text for a in reuters.aliases}
    assert "cna" in registry.ids and "bloomberg" not in registry.ids
    assert registry.files == (str(DEFAULT_PATH), str(path))

    found = detect(
        article(
            body="menurut Kantor Berita Inggris Reuters, Senin. Mengutip Bloomberg, rupiah melemah. "
            "The Central News Agency reported the quake."
        ),
        registry,
    )
    assert {(a.agency, a.role) for a in found} == {("reuters", "cited"), ("cna", "cited")}
    assert {
        (a.agency, a.role) for a in detect(article(body="Mengutip Bloomberg, rupiah melemah."), load_registry())
    } == {("bloomberg", "cited")}


def test_an_alias_limited_to_some_roles_takes_no_other(tmp_path):
    path = user_file(
        tmp_path,
        """
[agency.kompas_wire]
name = "Kompas wire"
kind = "wire"
aliases = [{ text = "KOMPAS Wire", roles = ["source"] }]
""",
    )
    registry = load_registry(path)
    assert detect(article(body="Menurut KOMPAS Wire, harga naik."), registry) == []
    assert {(a.agency, a.role) for a in detect(article(body="Harga naik.\nSumber: KOMPAS Wire"), registry)} == {
        ("kompas_wire", "source")
    }


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("[agency.ap]\nname = \n", 2, "invalid TOML"),
        ('[agency.ap]\nname = "AP"\ncolour = "red"\n', 3, "unknown key 'colour'"),
        (
            '\n[agency.new]\nname = "New"\nkind = "newspaper"\naliases = [{ text = "New" }]\n',
            4,
            "kind 'newspaper' is not one of wire, state",
        ),
        (
            '[agency.new]\nname = "New"\nkind = "wire"\ncountry = "Indonesia"\naliases = [{ text = "New" }]\n',
            4,
            "country 'Indonesia'",
        ),
        (
            '[agency.new]\nname = "New"\nkind = "wire"\n\naliases = [\n  { text = "New" },\n  { lang = "id" },\n]\n',
            5,
            "every alias needs 'text'",
        ),
        (
            '[agency.new]\nname = "New"\nkind = "wire"\naliases = [\n  { text = "New", strict = "yes" },\n]\n',
            5,
            "'strict' must be true or false",
        ),
        (
            '[agency.new]\nname = "New"\nkind = "wire"\naliases = [\n  { text = "New", roles = ["byline"] },\n]\n',
            5,
            "'roles' must be a non-empty list",
        ),
        (
            '[agency.sankei]\nname = "Sankei"\nkind = "wire"\naliases = [\n  { text = "産経", lang = "ja", only_in_lang = "yes" },\n]\n',
            5,
            "alias '産経': 'only_in_lang' must be true or false",
        ),
        (
            '[agency.sankei]\nname = "Sankei"\nkind = "wire"\naliases = [\n  { text = "産経", lang = "zh", only_in_lang = true },\n]\n',
            5,
            "alias '産経': 'only_in_lang' needs a 'lang' written in a script of its own (one of: ja, ko)",
        ),
        (
            '[agency.sankei]\nname = "Sankei"\nkind = "wire"\n\naliases = [{ text = "産経", only_in_lang = true }]\n',
            5,
            "'only_in_lang' needs a 'lang'",
        ),
        ('# a comment\n\n[agency.newcomer]\nkind = "wire"\n', 3, "new agency 'newcomer' needs name, aliases"),
        (
            '[agency.clash]\nname = "Clash"\nkind = "wire"\naliases = [\n  { text = "Clash" },\n  { text = "XINHUA" },\n]\n',
            6,
            "alias 'XINHUA' of 'clash' is already an alias of 'xinhua'",
        ),
        ('[agency.Bad-Id]\nname = "x"\n', 1, "an id must be lower case"),
        ("agencies = 3\n", 1, "unknown top-level key 'agencies'"),
    ],
)
def test_a_malformed_user_file_is_an_error_naming_file_and_line(tmp_path, text, line, message):
    path = user_file(tmp_path, text)
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    assert_names_file_and_line(error.value, path, line, message)


def test_a_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(RegistryError, match="cannot read agency registry"):
        load_registry(tmp_path / "nope.toml")


def test_the_same_alias_twice_for_one_agency_is_harmless(tmp_path):
    path = user_file(tmp_path, '[agency.reuters]\naliases = [{ text = "Reuters", case_sensitive = true }]\n')
    assert "reuters" in load_registry(path).ids

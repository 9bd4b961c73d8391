"""The README's examples work as written."""

from __future__ import annotations

import re

from repo_paths import REPO

from analytics.enrich.attribution import load_registry
from analytics.ingest.manifest import load_manifest

README = (REPO / "README.md").read_text(encoding="utf-8")
TOML_BLOCKS = re.findall(r"```toml\n(.*?)```", README, re.S)


def test_readme_starts_with_the_two_setup_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()
    assert [line.split()[0:2] for line in first_block] == [["make", "run"], ["make", "test"]]
    assert README.index("make run") < README.index("## ")


def test_registry_example_loads(tmp_path):
    example = next(block for block in TOML_BLOCKS if "[agency." in block)
    path = tmp_path / "agencies.toml"
    path.write_text(example, encoding="utf-8")
    registry = load_registry(path)
    ids = {a.id for a in registry.agencies}
    assert "newsy" in ids and "bloomberg" not in ids
    assert "Reuters Indonesia" in {alias.text for alias in registry.agency("reuters").aliases}


def test_manifest_example_loads(tmp_path):
    example = next(block for block in TOML_BLOCKS if "[[source]]" in block)
    path = tmp_path / "m.toml"
    path.write_text(example, encoding="utf-8")
    [source] = load_manifest(path).sources
    assert source.options.columns == ("class_index", "title", "description")
    assert source.value_maps() == {"section": {"1": "World"}}


def test_readme_lists_the_report_files_as_the_module_does():
    from analytics.present import reports

    doc = reports.__doc__
    table = doc[doc.index("| file | contents | columns |") : doc.index("Periods are months")].strip()
    assert table in README


def test_tag_alias_example_loads(tmp_path):
    from analytics.enrich.tags import load_aliases

    example = next(block for block in TOML_BLOCKS if "[aliases]" in block)
    path = tmp_path / "aliases.toml"
    path.write_text(example, encoding="utf-8")
    assert load_aliases(path).resolve("Korut") == ("korea utara", "Korea Utara")

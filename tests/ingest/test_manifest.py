"""Manifests: validation with errors that name the file and line."""

from __future__ import annotations

import pathlib
import re

import pytest
from repo_paths import REPO

from analytics.ingest.manifest import ManifestError, load_manifest

MANIFESTS = REPO / "data/manifests"


def _write(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_manifests_load():
    shared = load_manifest(MANIFESTS / "shared_corpora.toml")
    assert shared.root.name == "corpora" and shared.root.parent.name == "shared"
    assert {s.name for s in shared.sources} >= {"seed", "ag_news_test", "reuters21578", "kcna", "cgtn", "detik_2021"}
    sample = load_manifest(MANIFESTS / "sample.toml")
    assert sample.root == (MANIFESTS.parent / "sample").resolve()


def test_unknown_key_names_the_line(tmp_path):
    path = _write(tmp_path, 'root = "."\n\n[[source]]\nname = "a"\npaths = ["x"]\nfomat = "csv"\n')
    with pytest.raises(ManifestError, match=r"m\.toml, line 6: source #1 'a': unknown key 'fomat'"):
        load_manifest(path)


def test_syntax_error_names_the_line(tmp_path):
    path = _write(tmp_path, '[[source]]\nname = "a"\nformat = csv\n')
    with pytest.raises(ManifestError, match=r"m\.toml, line 3: invalid TOML in manifest: .*line 3"):
        load_manifest(path)


@pytest.mark.parametrize(
    "body, message",
    [
        ('paths = ["x"]\nformat = "docx"', "format 'docx' is not one of"),
        ('paths = ["x"]\ntimezone = "Mars/Olympus"', "unknown time zone 'Mars/Olympus'"),
        ('paths = ["x"]\nheader = "yes"', "'header' must be true or false"),
        ('name = "a"', "needs 'paths'"),
        ('paths = ["x"]\n[source.fields]\nheadline = "judul"', "'headline' is not a schema field"),
    ],
)
def test_invalid_values_are_clear_errors(tmp_path, body, message):
    with pytest.raises(ManifestError, match=message):
        load_manifest(_write(tmp_path, f"[[source]]\n{body}\n"))


def test_missing_manifest_file(tmp_path):
    with pytest.raises(ManifestError, match="cannot read manifest"):
        load_manifest(tmp_path / "absent.toml")


def test_unknown_encoding_is_refused(tmp_path):
    with pytest.raises(ManifestError, match="unknown encoding 'no-such-codec'"):
        load_manifest(_write(tmp_path, '[[source]]\npaths = ["x"]\nencoding = "no-such-codec"\n'))


def test_error_in_a_later_source_names_its_own_line(tmp_path):
    text = '[[source]]\nname = "a"\npaths = ["x"]\nformat = "csv"\n\n[[source]]\nname = "b"\npaths = ["y"]\nformat = "docx"\n'
    with pytest.raises(ManifestError, match=r"m\.toml, line 9: source #2 'b': format 'docx'"):
        load_manifest(_write(tmp_path, text))
    text = '[[source]]\nname = "a"\npaths = ["x"]\n\n[[source]]\nname = "a"\npaths = ["y"]\n'
    with pytest.raises(ManifestError, match=r"m\.toml, line 6: source name 'a' is used twice"):
        load_manifest(_write(tmp_path, text))


@pytest.mark.parametrize(
    "body, line, message",
    [
        ('name = 5\npaths = ["x"]', 2, "'name' must be a string"),
        ('name = "a"\npaths = "a.txt"', 3, "'paths' must be a list of strings"),
        ('name = "a"\npaths = ["x"]\nencoding = "rot13"', 4, "'rot13' is not a text encoding"),
        ('name = "a"\npaths = ["x"]\ntimezone = 7', 4, "'timezone' must be a string"),
        ('name = "a"\npaths = ["x"]\nallow_outside = "yes"', 4, "'allow_outside' must be true or false"),
        ('name = "a"\npaths = ["x"]\n[source.fields]\ntitle = 5', 5, "'title' must be a string or a list of strings"),
    ],
)
def test_values_of_the_wrong_type_name_the_line(tmp_path, body, line, message):
    with pytest.raises(ManifestError, match=rf"m\.toml, line {line}: .*{message}"):
        load_manifest(_write(tmp_path, f"[[source]]\n{body}\n"))


def test_a_root_that_is_not_a_string_names_the_line(tmp_path):
    with pytest.raises(ManifestError, match=r"m\.toml, line 1: 'root' must be a string"):
        load_manifest(_write(tmp_path, 'root = 5\n[[source]]\npaths = ["x"]\n'))


@pytest.mark.parametrize("pattern", ["../../../etc/*", "/etc/passwd", "a/../../b/*.csv"])
def test_paths_out_of_the_root_are_refused_unless_allowed(tmp_path, pattern):
    text = f'root = "."\n[[source]]\nname = "a"\npaths = ["ok/*.csv", "{pattern}"]\n'
    with pytest.raises(
        ManifestError, match=rf"m\.toml, line 4: source #1 'a': path '{re.escape(pattern)}' is outside the root"
    ):
        load_manifest(_write(tmp_path, text))
    allowed = load_manifest(_write(tmp_path, text + "allow_outside = true\n"))
    assert allowed.sources[0].paths == ("ok/*.csv", pattern) and allowed.sources[0].allow_outside

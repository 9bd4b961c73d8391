"""`media-analytics report`: the files the README lists, filters from the command line, clear errors."""

from __future__ import annotations

import csv
import json
import pathlib

import duckdb
import pytest
from repo_paths import REPO

from analytics.cli import main

SAMPLE_MANIFEST = REPO / "data/manifests/sample.toml"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("report") / "s.duckdb"
    assert main(["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(path)]) == 0
    return path


def _rows(path: pathlib.Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_report_writes_every_file_with_a_manifest(sample_store, tmp_path):
    out = tmp_path / "report"
    assert main(["report", "--store", str(sample_store), "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name, written in manifest["files"].items():
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
        assert len(_rows(out / name)) == written["rows"], name
    articles = _rows(out / "articles.csv")
    assert len(articles) == manifest["files"]["articles.csv"]["rows"] > 1500
    assert "body" not in articles[0]
    seed = [r for r in _rows(out / "attributions.csv") if r["source_ref"].startswith("seed/")]
    assert {(r["agency"], r["role"]) for r in seed} == {
        ("ap", "source"),
        ("reuters", "photo"),
        ("kcna", "cited"),
        ("xinhua", "cited"),
    }


def test_report_filters_from_the_command_line(sample_store, tmp_path):
    out = tmp_path / "kcna"
    assert (
        main(
            [
                "report",
                "--store",
                str(sample_store),
                "--out",
                str(out),
                "--outlet",
                "KCNA",
                "--agency",
                "kcna",
                "--role",
                "dateline",
            ]
        )
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["outlets"] == ["kcna"]  # the raw name, any case, is its outlet id
    articles = _rows(out / "articles.csv")
    assert articles and {r["outlet"] for r in articles} == {"KCNA"}
    assert {(r["agency"], r["role"]) for r in _rows(out / "attributions.csv")} == {("kcna", "dateline")}


def test_report_leaves_agencies_own_feeds_out_of_wire_figures_and_says_so(sample_store, tmp_path, capsys):
    # Reuters-21578 (298 stories) and the KCNA archive are agencies' own feeds (outlet kind agency)
    default = tmp_path / "default"
    assert main(["report", "--store", str(sample_store), "--out", str(default)]) == 0
    manifest = json.loads((default / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["left_out"]["outlet_kinds"] == ["agency"] and manifest["left_out"]["articles"] > 298
    assert "wire_copy_by_outlet.csv" in manifest["left_out"]["files"]
    assert "own feeds" in " ".join(capsys.readouterr().err.split())
    outlets = {r["outlet_id"] for r in _rows(default / "wire_copy_by_outlet.csv")}
    assert "sragen_update" in outlets and not outlets & {"reuters", "kcna"}
    every = tmp_path / "all"
    assert main(["report", "--store", str(sample_store), "--out", str(every), "--outlet-kind", "all"]) == 0
    manifest = json.loads((every / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["outlet_kind"] == ["all"] and manifest["left_out"]["articles"] == 0
    wire = {r["outlet_id"]: r for r in _rows(every / "wire_copy_by_outlet.csv")}
    assert (wire["reuters"]["outlet_name"], wire["reuters"]["outlet_kind"], wire["reuters"]["total"]) == (
        "Reuters",
        "agency",
        "298",
    )


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--agency", "x'; DROP TABLE articles; --"], 'unknown agencies: "x\'; DROP TABLE articles; --"'),
        (["--start", "2021-13-01"], "start"),
        (["--outlet-kind", "blog"], "unknown outlet_kind: 'blog'"),
    ],
)
def test_bad_filters_are_clear_errors(sample_store, tmp_path, capsys, extra, message):
    assert main(["report", "--store", str(sample_store), "--out", str(tmp_path / "r"), *extra]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()  # nothing written


@pytest.mark.parametrize(
    "option, value, nearest",
    [
        ("--outlet", "kcnaa", "kcna"),
        ("--agency", "xinhau", "xinhua"),
        ("--role", "sorce", "source"),
        ("--language", "enn", "en"),
    ],
)
def test_an_unknown_filter_value_is_named_with_its_nearest_and_nothing_is_written(
    sample_store, tmp_path, capsys, option, value, nearest
):
    out = tmp_path / "r"
    assert main(["report", "--store", str(sample_store), "--out", str(out), option, value]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"'{value}' (nearest: {nearest}" in err and "Traceback" not in err
    assert not out.exists()


def test_an_unknown_tag_is_named_with_its_nearest(sample_store, tmp_path, capsys):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        tag = con.execute("SELECT tag FROM tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 1").fetchone()[0]
    assert main(["report", "--store", str(sample_store), "--out", str(tmp_path / "r"), "--tag", tag + "x"]) == 1
    assert f"'{tag}x' (nearest: {tag}" in " ".join(capsys.readouterr().err.split())


def test_filter_values_match_any_case_names_and_aliases(sample_store, tmp_path):
    out = tmp_path / "r"
    args = ["--outlet", "KCNA", "--agency", "XINHUA", "--agency", "新华社", "--agency", "Reuters", "--role", "Cited"]
    assert main(["report", "--store", str(sample_store), "--out", str(out), *args]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    filters = manifest["filters"]
    assert (filters["outlets"], filters["agencies"], filters["roles"]) == (["kcna"], ["xinhua", "reuters"], ["cited"])


def test_ingest_uses_an_outlets_file_and_refuses_a_bad_one(tmp_path, capsys):
    # The seed corpus's "Sragen Update" (a dateline prefix) is the shipped outlet sragen_update; a user's
    # file renaming it shows in the stored outlet columns, the raw name stays as read.
    good = tmp_path / "outlets.toml"
    good.write_text('[outlet.sragen_update]\nname = "Sragen Update (Solo)"\naliases = ["Sragen Update"]\n')
    store = tmp_path / "s.duckdb"
    args = ["ingest", "--manifest", str(SAMPLE_MANIFEST), "--store", str(store), "--outlets"]
    assert main([*args, str(good)]) == 0
    assert "not used yet" not in capsys.readouterr().err
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT outlet, outlet_id, outlet_name, outlet_method FROM articles WHERE outlet = 'Sragen Update'"
        ).fetchall()
    assert rows == [("Sragen Update", "sragen_update", "Sragen Update (Solo)", "alias")]
    bad = tmp_path / "bad.toml"
    bad.write_text('[outlet.x]\nname = "X"\nkind = "blog"\n')
    assert main([*args, str(bad)]) != 0
    assert "bad.toml" in capsys.readouterr().err


def test_report_keeps_the_copies_a_reuse_matrix_cell_counts(sample_store, tmp_path):
    whole = tmp_path / "whole"
    assert main(["report", "--store", str(sample_store), "--out", str(whole)]) == 0
    cell = max(_rows(whole / "reuse_matrix.csv"), key=lambda row: int(row["count"]))
    value = f"{cell['origin_kind'].upper()}:{cell['origin']}"  # written as a user might
    out = tmp_path / "copies"
    command = ["report", "--store", str(sample_store), "--out", str(out), "--outlet", cell["outlet_id"]]
    assert main([*command, "--copy-of", value]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["copy_of"] == [f"{cell['origin_kind']}:{cell['origin']}"]
    assert len(_rows(out / "articles.csv")) == int(cell["count"]) > 0
    assert main([*command, "--copy-of", "wire:ap"]) != 0  # no such kind of copy: an error

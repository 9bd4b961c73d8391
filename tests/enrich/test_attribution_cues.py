"""Citation cues as data: the shipped cues.toml, a user's `[cues.<lang>]` tables, clear errors."""

from __future__ import annotations

import re

import pytest
import user_files
from user_files import assert_names_file_and_line

from analytics.enrich.attribution import detect, load_registry
from analytics.enrich.attribution.cues import DEFAULT_PATH, CueError
from analytics.schema import Article


def article(**fields) -> Article:
    return Article(article_id="test", source_ref="test", **fields)


def user_file(tmp_path, text: str):
    return user_files.user_file(tmp_path, text, name="agencies.toml")


def test_the_cues_are_shipped_beside_the_registry_per_language():
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert DEFAULT_PATH.name == "cues.toml" and DEFAULT_PATH.with_name("agencies.toml").is_file()
    assert {"en", "id"} <= set(re.findall(r"^\[cues\.(\w+)\]", text, re.MULTILINE))
    cues = load_registry().cues
    assert ("according", "to") in cues.before and ("kata",) in cues.speech and "melaporkan" in cues.after


BODY = "Seoul's stock market fell on Monday, as relayed by Reuters, after the missile launch."


def test_a_user_cue_extends_detection(tmp_path):
    assert detect(article(body=BODY), load_registry()) == []
    path = user_file(tmp_path, '[cues.en]\nbefore = ["as relayed by"]\n')
    rows = detect(article(body=BODY), load_registry(path))
    assert [(r.agency, r.role) for r in rows] == [("reuters", "cited")]


def test_a_user_file_may_hold_agencies_and_cues_together(tmp_path):
    path = user_file(
        tmp_path,
        '[agency.newsy]\nname = "Newsy Wire"\nkind = "wire"\naliases = [{ text = "Newsy" }]\n\n'
        '[cues.ms]\nbefore = ["dipetik oleh"]\n',
    )
    registry = load_registry(path)
    rows = detect(article(body="Kenyataan itu dipetik oleh Newsy semalam."), registry)
    assert [(r.agency, r.role) for r in rows] == [("newsy", "cited")]


def test_a_user_cue_in_a_script_without_spaces_is_matched_as_characters(tmp_path):
    body = "这一数字转引自韩联社的统计。"
    assert detect(article(body=body), load_registry()) == []
    path = user_file(tmp_path, '[cues.zh]\nbefore = ["转引自"]\n')
    assert [(r.agency, r.role) for r in detect(article(body=body), load_registry(path))] == [("yonhap", "cited")]


@pytest.mark.parametrize(
    "text,line,message",
    [
        ('[cues.en]\nbefore = ["a"]\nprefix = ["b"]\n', 3, "unknown key 'prefix'"),
        ('[cues.en]\n\nafter = "said"\n', 3, "'after' must be a list of non-empty strings"),
        ('[cues.en]\nafter = ["said", ""]\n', 2, "'after' must be a list of non-empty strings"),
        ('[agency.ap]\naliases = []\n\n[cues.English]\nbefore = ["x"]\n', 4, "a language is an ISO 639 code"),
        ('[cues]\nen = ["x"]\n', 1, "'cues' must hold tables like [cues.en]"),
    ],
)
def test_a_malformed_cue_table_names_the_file_and_line(tmp_path, text, line, message):
    path = user_file(tmp_path, text)
    with pytest.raises(CueError) as raised:
        load_registry(path)
    assert_names_file_and_line(raised.value, path, line, message)
    assert f"{path}, line {line}:" in str(raised.value)

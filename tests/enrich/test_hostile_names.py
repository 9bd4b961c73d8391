"""Hostile names (issue 15, "Decide and document"): invisible characters and look-alike letters do not
make another outlet or hide an agency, and a one-letter alias is refused with its file and line."""

from __future__ import annotations

import json
import pathlib
import sys
import unicodedata

import pytest

from analytics.cli import main
from analytics.enrich.attribution import load_registry
from analytics.enrich.attribution.registry import RegistryError
from analytics.enrich.lookalikes import FORMAT_RUN, lookalike_table, unmask
from analytics.store.store import Store

ZWSP, SOFT_HYPHEN = "\u200b", "\u00ad"
CYRILLIC_E, CYRILLIC_ER = "\u0435", "\u0420"  # е, drawn like Latin e; Р, drawn like Latin P
# Four records of one agency's feed, its name written as a reader sees it and as an attacker writes it.
REUTERS_RECORDS = [
    ("Reuters", "WASHINGTON (Reuters) - Talks on the budget ended on Monday without a deal."),
    (f"Reu{ZWSP}ters", f"LONDON (Reu{ZWSP}ters) - Oil prices rose on Tuesday after the storm."),
    (f"R{CYRILLIC_E}uters", f"PARIS (R{CYRILLIC_E}uters) - The strike closed the museums on Wednesday."),
    (f"Reu{SOFT_HYPHEN}ters", f"Markets were calm on Thursday, Reu{SOFT_HYPHEN}ters{ZWSP}reported."),
]
# Russian text credits TASS as before; a mixed word next to it (`Rеuters`) is read as Latin.
RUSSIAN_RECORDS = [
    ("ТАСС", "Президент заявил об этом в среду. (ТАСС)"),
    ("ТАСС", f"Президент{ZWSP} заявил об этом в четверг.\nPhoto: ТАСС/R{CYRILLIC_E}uters"),
]


def _ingest(tmp_path: pathlib.Path, records: list[tuple[str, str]]) -> pathlib.Path:
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": f"Story {n}", "body": body, "outlet": outlet, "published_at": f"2026-12-0{n + 1}"})
        for n, (outlet, body) in enumerate(records)
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    assert main(["ingest", str(feed), "--store", str(store)]) == 0
    return store


def _credits(store: pathlib.Path) -> list[tuple[str, str | None, str, str, str, str]]:
    """(body, outlet id, agency, role, the characters of the body between the stored offsets, evidence)."""
    with Store.open(store, read_only=True) as opened:
        rows = opened.connection.execute(
            'SELECT a.body, a.outlet_id, t.agency, t.role, t."start", t."end", t.evidence '
            "FROM articles a JOIN attributions t USING (article_id) WHERE t.section = 'body' ORDER BY a.published_at, t.agency"
        ).fetchall()
    return [
        (body, outlet, agency, role, body[start:end], evidence)
        for body, outlet, agency, role, start, end, evidence in rows
    ]


def test_hidden_and_look_alike_reuters_is_one_outlet_credited_with_spans_of_the_original_text(tmp_path):
    store = _ingest(tmp_path, REUTERS_RECORDS)
    credits = _credits(store)
    assert [(outlet, agency, role) for _, outlet, agency, role, _, _ in credits] == [
        ("reuters", "reuters", "dateline"),
        ("reuters", "reuters", "dateline"),
        ("reuters", "reuters", "dateline"),
        ("reuters", "reuters", "cited"),
    ]
    # The offsets point at the name as written, invisible characters and look-alikes included.
    assert [span for _, _, _, _, span, _ in credits] == [
        "Reuters",
        f"Reu{ZWSP}ters",
        f"R{CYRILLIC_E}uters",
        f"Reu{SOFT_HYPHEN}ters",
    ]
    assert [body for body, *_ in credits] == [body for _, body in REUTERS_RECORDS]
    assert all(span in evidence for _, _, _, _, span, evidence in credits)
    with Store.open(store, read_only=True) as opened:
        outlets = opened.connection.execute("SELECT DISTINCT outlet_id, outlet_name FROM articles").fetchall()
    assert outlets == [("reuters", "Reuters")]


def test_a_cyrillic_er_reads_as_the_p_it_looks_like(tmp_path):
    """`Рeuters` with a Cyrillic Р (U+0420) shows `Peuters` to a reader, and confusables.txt maps Р to P:
    it is not Reuters, and stays one outlet with the Latin `Peuters`."""
    store = _ingest(tmp_path, [(f"{CYRILLIC_ER}euters", "A story."), ("Peuters", "Another story.")])
    with Store.open(store, read_only=True) as opened:
        outlets = opened.connection.execute("SELECT DISTINCT outlet_id FROM articles").fetchall()
    assert outlets == [("peuters",)]


def test_russian_text_still_credits_tass(tmp_path):
    credits = _credits(_ingest(tmp_path, RUSSIAN_RECORDS))
    assert [(agency, role, span) for _, _, agency, role, span, _ in credits] == [
        ("tass", "source", "ТАСС"),
        ("reuters", "photo", f"R{CYRILLIC_E}uters"),
        ("tass", "photo", "ТАСС"),
    ]


def test_the_text_is_left_alone_when_it_holds_nothing_hidden():
    for text in (
        "WASHINGTON (Reuters) - x",
        "Президент заявил об этом в среду. (ТАСС)",
        "新华社北京12月5日电",
        "ΑΠΕ-ΜΠΕ",
    ):
        assert unmask(text) is None


def _user_registry(tmp_path: pathlib.Path, aliases: str) -> pathlib.Path:
    path = tmp_path / "agencies.toml"
    path.write_text(
        f'# my agencies\n[agency.rapid]\nname = "Rapid News"\nkind = "wire"\naliases = [\n  {aliases},\n]\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "alias",
    [
        '{ text = "R" }',
        '{ text = "R", strict = true }',
        f'{{ text = "R{ZWSP}" }}',  # a letter and a zero-width space: one letter as read
        '{ text = "快", case_sensitive = true }',  # matched inside words: no whole token
    ],
)
def test_a_one_letter_alias_is_refused_with_its_file_and_line(tmp_path, alias):
    path = _user_registry(tmp_path, alias)
    with pytest.raises(RegistryError) as refused:
        load_registry(path)
    assert f"{path}, line 6: agency 'rapid': alias" in str(refused.value)
    assert "shorter than 2 characters" in str(refused.value)


def test_a_one_letter_alias_matched_as_a_whole_token_in_its_case_is_allowed(tmp_path):
    registry = load_registry(_user_registry(tmp_path, '{ text = "R", case_sensitive = true, strict = true }'))
    assert registry.agency("rapid").aliases[0].text == "R"


def test_the_bundled_registry_has_no_alias_too_short():
    assert all(len(alias.text) >= 2 or alias.case_sensitive for a in load_registry().agencies for alias in a.aliases)


def test_format_characters_are_every_character_of_category_cf():
    listed = {c for c in map(chr, range(sys.maxunicode + 1)) if FORMAT_RUN.fullmatch(c)}
    cf = {c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) == "Cf"}
    assert cf <= listed
    assert {unicodedata.category(c) for c in listed - cf} <= {"Cn"}  # (assigned by a Unicode newer than Python's)


def test_the_look_alike_table_maps_cyrillic_and_greek_letters_to_latin_ones():
    translation = lookalike_table().translation
    assert len(translation) > 40
    for code, latin in translation.items():
        assert unicodedata.name(chr(code)).split()[0] in ("CYRILLIC", "GREEK"), hex(code)
        assert latin.isascii() and latin.isalpha()

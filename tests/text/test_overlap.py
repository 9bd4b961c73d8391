"""The exact check of two texts (analytics.text.overlap): on texts made to show one rule each, and on
the development pairs of the shared corpora (tests/fixtures/reuse_pairs.jsonl, labelled by reading)."""

from __future__ import annotations

import json
import pathlib

import pytest
from repo_paths import REPO

from analytics.evaluate.corpus import articles_for_refs
from analytics.ingest.manifest import load_manifest
from analytics.text import overlap as ov
from analytics.text.words import words

PAIRS = REPO / "tests" / "fixtures" / "reuse_pairs.jsonl"
STORY = (
    "The governor of the province opened the new harbour on Monday and said the port would serve "
    "fishing boats from twelve villages along the northern coast, which until now sailed two days to sell their catch."
)


def test_a_text_copied_whole_into_a_longer_one():
    longer = "Residents gathered early at the quay. " + STORY + " Critics said the budget had doubled since the plan."
    shared = ov.overlap(STORY, longer)
    assert shared.containment_a == 1.0
    assert 0.5 < shared.containment_b < 1.0
    (passage,) = shared.passages
    assert STORY[passage.a_start : passage.a_end] == longer[passage.b_start : passage.b_end] == STORY[:-1]


def test_an_edited_word_does_not_break_the_passage():
    edited = STORY.replace("opened", "inaugurated").replace("twelve", "a dozen")
    shared = ov.overlap(STORY, edited)
    assert len(shared.passages) == 1
    assert shared.containment_a > 0.9


def test_a_figure_that_differs_is_never_bridged():
    # a template: the same sentence frame with other figures (a daily price post)
    day_one = (
        "Gold sold at 1,937,000 rupiah a gram today, down 6,000 from 1,943,000 rupiah the day before, the company said."
    )
    day_two = (
        "Gold sold at 1,910,000 rupiah a gram today, up 1,000 from 1,909,000 rupiah the day before, the company said."
    )
    assert ov.overlap(day_one, day_two).passages == ()
    assert ov.overlap(day_one, day_one).containment_a == 1.0


def test_a_figure_added_or_dropped_is_an_edit_a_copy_may_make():
    # a figure only one side has (a date added, a stray character reference such as AG News's "#39;")
    # is bridged; a figure changed into another is not
    dated = STORY.replace("on Monday", "on Monday 12 May")
    for a, b in ((STORY, dated), (dated, STORY)):
        (passage,) = ov.overlap(a, b).passages
        assert (passage.a_start, passage.b_start, passage.a_end, passage.b_end) == (0, 0, len(a) - 1, len(b) - 1)
    figure = dated.index("12 May")
    changed = ov.overlap(dated, dated.replace("12 May", "19 May")).passages
    assert changed and not any(p.a_start <= figure < p.a_end for p in changed)


def test_a_stock_phrase_is_not_shared_text():
    a = "Police said the suspect was arrested at his home after a chase through the market on Friday."
    b = "Officials said the suspect was arrested at his home in a quiet village, far from the capital."
    assert ov.overlap(a, b).passages == ()  # 7 words in common, fewer than MIN_PASSAGE_WORDS


def test_template_text_is_left_out():
    template = {h for h in map(ov.shingle_hash, ov.shingles(words(STORY), ov.SHINGLE_WORDS))}
    assert ov.overlap(STORY, STORY, template=template).passages == ()


@pytest.fixture(scope="module")
def labelled(corpora):
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    refs = {r[side] for r in rows for side in ("ref_a", "ref_b")}
    manifest = load_manifest(REPO / "data" / "manifests" / "shared_corpora.toml")
    bodies = {ref: article.body or "" for ref, article in articles_for_refs(refs, manifest).items()}
    return rows, bodies


def test_copies_read_as_whole_are_found_whole(labelled):
    rows, bodies = labelled
    near = [r for r in rows if min(r["contained_a"], r["contained_b"]) >= 0.95]
    assert len(near) >= 30
    for r in near:
        shared = ov.overlap(bodies[r["ref_a"]], bodies[r["ref_b"]])
        assert min(shared.containment_a, shared.containment_b) >= 0.8, (r["ref_a"], r["ref_b"])


def test_passages_hold_the_same_words_on_both_sides(labelled):
    rows, bodies = labelled
    for r in rows[:80]:
        a, b = bodies[r["ref_a"]], bodies[r["ref_b"]]
        for p in ov.overlap(a, b).passages:
            a_words, b_words = words(a[p.a_start : p.a_end]).folded, words(b[p.b_start : p.b_end]).folded
            assert a_words[: ov.SHINGLE_WORDS] == b_words[: ov.SHINGLE_WORDS]
            assert a_words[-ov.SHINGLE_WORDS :] == b_words[-ov.SHINGLE_WORDS :]


def test_stories_written_apart_share_under_half(labelled):
    rows, bodies = labelled
    apart = [r for r in rows if r["kind"] in ("same_event_independent", "shared_quotes")]
    assert len(apart) >= 40
    for r in apart:
        shared = ov.overlap(bodies[r["ref_a"]], bodies[r["ref_b"]])
        assert max(shared.containment_a, shared.containment_b) < 0.5, (r["ref_a"], r["ref_b"])


def test_the_pair_file_names_only_refs_of_the_shared_corpora(labelled):
    rows, bodies = labelled
    assert {r[side] for r in rows for side in ("ref_a", "ref_b")} <= set(bodies)
    assert pathlib.Path(PAIRS).stat().st_size > 0


def test_credit_lines_are_blanked_where_they_are():
    text = "JAKARTA (ANTARA) - " + STORY
    start = text.index("ANTARA")
    blank = ov.blanked(text, [[start, start + len("ANTARA")]])
    assert len(blank) == len(text) and "antara" not in words(blank).folded
    shared = ov.overlap(blank, STORY)
    assert STORY.startswith(blank[shared.passages[0].a_start : shared.passages[0].a_end])

"""The story text fingerprint on real texts: the KCNA archive's listings of one story, copies that
differ by a lost space, boilerplate too short to identify a story; and generated white space.
story_text folds case and white space once (the caller's `folded`) and typography after them:
it is checked against the steps in the module docstring's order, on real and generated texts."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.text.fingerprint import END_MARK, MIN_STORY_CHARS, TYPOGRAPHY, fold, story_text, text_fingerprint

KCNA_FILE = "kcna_stiles_archive/headlines_2024-11-11.json"
INDONEWS_DAY = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"


def _kcna(corpora):
    return json.loads((corpora / KCNA_FILE).read_text(encoding="utf-8"))


def test_the_kcna_listings_of_one_story_share_a_fingerprint(corpora):
    records = _kcna(corpora)
    listings = [r for r in records if r["headline"].startswith('"Tripartite Cooperation" Will Hasten')]
    assert len(listings) == 5 and len({r["link"] for r in listings}) == 5
    assert len({text_fingerprint(r["story_text"]) for r in listings}) == 1
    # PROVENANCE.md: 1,862 records with text; 1,059 distinct texts, as the archive has them
    texts = [r["story_text"] for r in records if r["story_text"]]
    assert len(texts) == 1_862
    assert len({text_fingerprint(t) for t in texts}) == len(set(texts)) == 1_059


def test_a_revised_text_at_one_link_is_another_text(corpora):
    """The archive's second scrape of a link may hold an edited text (a word changed, a sentence
    added): not the same text."""
    records = _kcna(corpora)
    revised = [r for r in records if r["link"].endswith("q/a3aa69059cdf0542f825c22071d2b0c2.kcmsf")]
    assert len(revised) == 2 and revised[0]["story_text"] != revised[1]["story_text"]
    assert text_fingerprint(revised[0]["story_text"]) != text_fingerprint(revised[1]["story_text"])


def test_white_space_end_mark_and_typography_are_furniture():
    # Liputan6 (indonews_rss_2025, 2025-06-20 #1721 and its first copy): one scrape lost a space with a \xa0
    one = "Liputan6.com, JakartaAda satu gaya yang selalu berhasil menarik perhatian ialah\xa0cardigan batik."
    two = "Liputan6.com, JakartaAda satu gaya yang selalu berhasil menarik perhatian ialahcardigan batik."
    assert text_fingerprint(one) == text_fingerprint(two) is not None
    kcna = "Pyongyang, October 30 (KCNA) -- The beautiful scenery of Moran Hill gives the visitors joy. -0-"
    assert story_text(kcna) == story_text(kcna.removesuffix(" -0-").replace("the", "The", 1).replace(" ", "\n"))
    assert story_text("Ma’ruf said “yes” – １０月 " * 4) == story_text('Ma\'ruf said "yes" - 10月 ' * 4)
    # the dateline stays: the same words filed on another day are another story
    assert text_fingerprint(kcna) != text_fingerprint(kcna.replace("October 30", "October 31"))


def test_boilerplate_has_no_fingerprint():
    for body in ("Halo, pembaca nawalaCek Fakta Tempo!", "TEMPO.CO,Jakarta-", "Kawan Pal.", "", None):
        assert text_fingerprint(body) is None
    rates = "ZURICH INTERBANK RATES - APR 07\n\nCALL MONEY 1\n\nONE MONTH 3\n\nTHREE MONTHS 3-1/2"
    assert text_fingerprint(rates) is not None  # Reuters-21578 sent this table twice


@settings(max_examples=2_000, deadline=None, database=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Z", "C")), min_size=1), min_size=1), st.data())
def test_white_space_never_changes_the_story_text(words, data):
    spaces = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\xa0", "\u3000", ""])
    joined = "".join(word + data.draw(spaces) for word in words)
    assert story_text(joined) == story_text(" ".join(words))
    text = story_text(joined)
    assert text is None or (len(text) >= MIN_STORY_CHARS and not any(c.isspace() for c in text))


def _story_text_step_by_step(body: str) -> str | None:
    """The story text as its definition reads: compatibility forms, typography, case, white space, end mark."""
    body = unicodedata.normalize("NFKC", body)
    for form, plain in TYPOGRAPHY.items():
        body = body.replace(form, plain)
    text = " ".join(body.casefold().split()).removesuffix(END_MARK).replace(" ", "")
    return text if len(text) >= MIN_STORY_CHARS else None


def test_story_text_is_its_steps_in_order_on_real_texts(corpora):
    csv.field_size_limit(sys.maxsize)
    with (corpora / INDONEWS_DAY).open(encoding="utf-8", newline="") as file:
        texts = [text for row in csv.reader(file) for text in row]
    texts += [r["story_text"] for r in _kcna(corpora) if r["story_text"]]
    assert sum(not t.isascii() for t in texts) > 1_000
    assert all(story_text(t, folded=fold(t)) == story_text(t) == _story_text_step_by_step(t) for t in texts)


@settings(max_examples=5_000, deadline=None, database=None)
@given(
    st.lists(st.sampled_from([*TYPOGRAPHY, "A", "b", "\u0130", "\u1e9e", "\uff21", "\u2460", "\xa0", " ", "\n", "-0-"]))
)
def test_story_text_is_its_steps_in_order(pieces):
    body = "".join(pieces) * 8  # (long enough to have a story text now and then)
    assert story_text(body, folded=fold(body)) == story_text(body) == _story_text_step_by_step(body)

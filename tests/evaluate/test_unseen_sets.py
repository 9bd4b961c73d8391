"""The held-out sets from corpora nobody developed on (tests/fixtures/unseen*), scored where their corpora are.

The corpora are not redistributable, so they live outside the repository (see
tests/fixtures/unseen/README.md); on a machine without them these tests skip, saying so.
Their first scores are in benchmarks/first_scores.md; the floors here hold what general fixes
reached since, so a change cannot lose it silently.
"""

from __future__ import annotations

import pytest
from repo_paths import TESTS

from analytics.enrich.attribution import load_registry
from analytics.evaluate.corpus import articles_for_refs
from analytics.evaluate.dates import score_dates
from analytics.evaluate.scoring import evaluate_articles, read_gold
from analytics.ingest.manifest import load_manifest

DATE_SHARE_FLOOR = 0.98  # issue 12: publication dates right where a date is shown
# set (a folder of tests/fixtures, its manifest's root naming where its corpora are) -> triple precision, triple
# recall and publication-date share floors, each the score reached, rounded down.
SETS = {
    "unseen": (1.0, 1.0, DATE_SHARE_FLOOR),
    "unseen2": (1.0, 1.0, DATE_SHARE_FLOOR),
    # first score 0.98 / 0.61 (benchmarks/first_scores.md); 1.0 / 0.99 after the general fixes of its misses
    # (117 of 118 credits: the Sputnik post embedded in a story is left). Dates: 230 of 230 in the source's order.
    "unseen3": (1.0, 0.99, DATE_SHARE_FLOOR),
    # first score 0.980 / 0.909, dates 43 of 160 (benchmarks/first_scores.md); 1.0 / 0.98 and 160 of 160 after the
    # general fixes (54 of 55 credits: a sign-off the scraper cut to `-Berna` is left).
    "unseen4": (1.0, 0.98, DATE_SHARE_FLOOR),
    # first score 1.0 / 0.20, dates 59 of 59; 1.0 / 0.70 with BSS and UNB in the registry (7 of 10 credits: a misspelled
    # `reprots AP`, `confirmed the matter to BSS` and a communique `released by ... Xinhua news agency` are left).
    "unseen5": (1.0, 0.70, DATE_SHARE_FLOOR),
}
# a set whose corpus another set's manifest reads (default: the set's own manifest.toml)
MANIFESTS = {"unseen5": TESTS / "fixtures" / "unseen_reuse2" / "manifest.toml"}


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request):
    name = request.param
    precision, recall, date_share = SETS[name]
    fixtures = TESTS / "fixtures" / name
    manifest = load_manifest(MANIFESTS.get(name, fixtures / "manifest.toml"))
    if not manifest.root.is_dir():
        pytest.skip(
            f"{name}: its corpora folder {manifest.root} is absent (not redistributable; see tests/fixtures/{name})"
        )
    gold = read_gold(next(fixtures.glob("gold_*.jsonl")))
    articles = articles_for_refs([g.ref for g in gold], manifest)
    return name, gold, articles, precision, recall, date_share


def test_attribution_holds_its_floors_on_data_nobody_developed_on(scored):
    name, gold, articles, precision, recall, _ = scored
    result = evaluate_articles(gold, articles, load_registry())
    assert result.missing == []
    assert result.triples.precision >= precision, result.errors
    assert result.triples.recall >= recall, result.errors


def test_publication_dates_are_right_where_shown(scored):
    _, gold, articles, _, _, date_share = scored
    dates = score_dates(gold, articles)
    assert dates.share >= date_share, dates.misses[:5]

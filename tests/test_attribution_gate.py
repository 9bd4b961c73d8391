"""Quality gate: the detector on the whole dev gold set may not fall below the floors
pinned in tests/eval_baseline.json (like trafilatura's tests/eval_gate.py)."""
from __future__ import annotations

import json
import pathlib

import pytest

from analytics.attribution import load_registry
from analytics.attribution.corpus import articles_for_refs
from analytics.attribution.evaluate import evaluate_articles, read_gold
from analytics.manifest import load_manifest

TESTS = pathlib.Path(__file__).resolve().parent
MANIFEST = TESTS.parent / "data/manifests/shared_corpora.toml"
BASELINE = json.loads((TESTS / "eval_baseline.json").read_text(encoding="utf-8"))
ERRORS_SHOWN = 40


@pytest.fixture(scope="module")
def evaluation(corpora):
    gold = read_gold(corpora / BASELINE["gold"])
    articles = articles_for_refs([g.ref for g in gold], load_manifest(MANIFEST, root=corpora))
    return evaluate_articles(gold, articles, load_registry())


def _errors(evaluation) -> str:
    lines = [f"{e.kind} {e.agency}/{e.role} {e.ref} :: {e.evidence[:120]}" for e in evaluation.errors[:ERRORS_SHOWN]]
    return "\n".join(lines)


def test_every_gold_record_is_read(evaluation):
    assert evaluation.missing == []


@pytest.mark.parametrize("metric", ["triple_precision", "triple_recall", "agency_f1"])
def test_quality_holds_its_floor(evaluation, metric):
    measured = {
        "triple_precision": evaluation.triples.precision,
        "triple_recall": evaluation.triples.recall,
        "agency_f1": evaluation.agency_only.f1,
    }[metric]
    floor = BASELINE["floors"][metric]
    assert measured >= floor, f"{metric} {measured:.4f} < floor {floor}\n{_errors(evaluation)}"


def test_a_floor_below_the_best_says_why():
    for metric, floor in BASELINE["floors"].items():
        assert floor <= BASELINE["best"][metric], f"{metric}: raise 'best' along with the floor"
        if floor < BASELINE["best"][metric]:
            assert BASELINE["lowered"].get(metric), f"{metric} floor lowered below its best without a reason"

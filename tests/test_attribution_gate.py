"""Quality gate: the detector on each gold set may not fall below the floors pinned in
tests/eval_baseline.json (like trafilatura's tests/eval_gate.py)."""
from __future__ import annotations

import json
import pathlib

import pytest

from analytics.enrich.attribution import load_registry
from analytics.evaluate.corpus import articles_for_refs
from analytics.evaluate.scoring import evaluate_articles, read_gold
from analytics.ingest.manifest import load_manifest

TESTS = pathlib.Path(__file__).resolve().parent
MANIFEST = TESTS.parent / "data/manifests/shared_corpora.toml"
BASELINE = json.loads((TESTS / "eval_baseline.json").read_text(encoding="utf-8"))
METRICS = ("triple_precision", "triple_recall", "agency_f1")
ERRORS_SHOWN = 40


def _gold_path(corpora: pathlib.Path, spec: str) -> pathlib.Path:
    place, name = spec.split(":", 1)
    return (corpora if place == "shared" else TESTS) / name


@pytest.fixture(scope="module")
def evaluations(corpora):
    registry = load_registry()
    manifest = load_manifest(MANIFEST, root=corpora)
    results = {}
    for name, gold_set in BASELINE["sets"].items():
        gold = read_gold(_gold_path(corpora, gold_set["gold"]))
        results[name] = evaluate_articles(gold, articles_for_refs([g.ref for g in gold], manifest), registry)
    return results


def _errors(evaluation) -> str:
    lines = [f"{e.kind} {e.agency}/{e.role} {e.ref} :: {e.evidence[:120]}" for e in evaluation.errors[:ERRORS_SHOWN]]
    return "\n".join(lines)


@pytest.mark.parametrize("gold_set", BASELINE["sets"])
def test_every_gold_record_is_read(evaluations, gold_set):
    assert evaluations[gold_set].missing == []


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("gold_set", BASELINE["sets"])
def test_quality_holds_its_floor(evaluations, gold_set, metric):
    evaluation = evaluations[gold_set]
    measured = {
        "triple_precision": evaluation.triples.precision,
        "triple_recall": evaluation.triples.recall,
        "agency_f1": evaluation.agency_only.f1,
    }[metric]
    floor = BASELINE["sets"][gold_set]["floors"][metric]
    assert round(measured, 3) >= floor, f"{gold_set} {metric} {measured:.4f} < floor {floor}\n{_errors(evaluation)}"


@pytest.mark.parametrize("gold_set", BASELINE["sets"])
def test_a_floor_below_the_best_says_why(gold_set):
    pinned = BASELINE["sets"][gold_set]
    for metric in METRICS:
        assert pinned["floors"][metric] <= pinned["best"][metric], f"{gold_set} {metric}: raise 'best' with the floor"
        if pinned["floors"][metric] < pinned["best"][metric]:
            assert BASELINE["lowered"].get(f"{gold_set}.{metric}"), f"{gold_set} {metric} lowered without a reason"

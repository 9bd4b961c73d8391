"""Quality gate: the detector on each gold set may not fall below the floors pinned in
tests/eval_baseline.json (like trafilatura's tests/eval_gate.py), and reads exactly the
inputs pinned there: the SHA-256 of each gold file and of every corpus file its refs read.

A changed gold or corpus file fails the gate, naming the file; re-score and re-pin the
digests with `python -m tests.pin_eval` (it writes them only when every floor still holds).
Lowering a floor is a hand edit of eval_baseline.json with a reason under 'lowered'.
See tests/pin_eval.py."""

from __future__ import annotations

import pytest
from pin_eval import COMMAND, METRICS, differences, evaluate, holds_floor, load_baseline, measure

BASELINE = load_baseline()
ERRORS_SHOWN = 40


@pytest.fixture(scope="module")
def evaluations(corpora):
    return evaluate(BASELINE, corpora)


def _errors(evaluation) -> str:
    lines = [f"{e.kind} {e.agency}/{e.role} {e.ref} :: {e.evidence[:120]}" for e in evaluation.errors[:ERRORS_SHOWN]]
    return "\n".join(lines)


def test_the_inputs_are_the_pinned_ones(corpora):
    changed = differences(BASELINE, corpora)
    assert not changed, "\n".join([*changed, f"re-score and re-pin with `{COMMAND}` (see tests/pin_eval.py)"])


@pytest.mark.parametrize("gold_set", BASELINE["sets"])
def test_every_gold_record_is_read(evaluations, gold_set):
    assert evaluations[gold_set].missing == []


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("gold_set", BASELINE["sets"])
def test_quality_holds_its_floor(evaluations, gold_set, metric):
    evaluation = evaluations[gold_set]
    measured = measure(evaluation)[metric]
    floor = BASELINE["sets"][gold_set]["floors"][metric]
    assert holds_floor(measured, floor), f"{gold_set} {metric} {measured:.4f} < floor {floor}\n{_errors(evaluation)}"


@pytest.mark.parametrize("gold_set", BASELINE["sets"])
def test_a_floor_below_the_best_says_why(gold_set):
    pinned = BASELINE["sets"][gold_set]
    for metric in METRICS:
        assert pinned["floors"][metric] <= pinned["best"][metric], f"{gold_set} {metric}: raise 'best' with the floor"
        if pinned["floors"][metric] < pinned["best"][metric]:
            assert BASELINE["lowered"].get(f"{gold_set}.{metric}"), f"{gold_set} {metric} lowered without a reason"

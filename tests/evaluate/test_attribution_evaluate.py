"""Scoring attributions against a gold file in the spec's format."""

from __future__ import annotations

import json

import pytest

from analytics.enrich.attribution.detect import Attribution
from analytics.evaluate.scoring import GoldError, evaluate, read_gold


def row(agency: str, role: str, evidence: str = "ours") -> Attribution:
    return Attribution(agency, role, "body", 0, 1, evidence, 0.9, 1)


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [
        {
            "ref": "a",
            "attributions": [
                {"agency": "ap", "role": "source", "evidence": "Sumber: AP"},
                {"agency": "kcna", "role": "cited", "evidence": "kata KCNA"},
            ],
        },
        {"ref": "b", "attributions": [], "note": "nothing here"},
        {"ref": "c", "attributions": [{"agency": "reuters", "role": "dateline", "evidence": "SEOUL (Reuters) -"}]},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return read_gold(path)


def test_micro_per_agency_per_role_and_agency_only_scores(gold):
    predictions = {
        "a": [row("ap", "source"), row("kcna", "photo")],  # kcna right agency, wrong role
        "b": [row("afp", "cited", "dilansir AFP")],  # a credit where there is none
        "c": [row("reuters", "dateline")],
    }
    result = evaluate(gold, predictions)
    assert (result.triples.tp, result.triples.fp, result.triples.fn) == (2, 2, 1)
    assert result.triples.precision == 0.5 and result.triples.recall == pytest.approx(2 / 3)
    assert (result.agency_only.tp, result.agency_only.fp, result.agency_only.fn) == (3, 1, 0)
    assert result.per_agency["kcna"].fn == 1 and result.per_agency["kcna"].fp == 1
    assert result.per_role["dateline"].f1 == 1.0
    errors = {(e.kind, e.ref, e.agency, e.role): e for e in result.errors}
    assert set(errors) == {("fp", "a", "kcna", "photo"), ("fn", "a", "kcna", "cited"), ("fp", "b", "afp", "cited")}
    assert errors[("fn", "a", "kcna", "cited")].evidence == "kata KCNA"  # the gold's evidence for a miss
    assert errors[("fp", "b", "afp", "cited")].evidence == "dilansir AFP"  # ours for a false alarm
    assert errors[("fp", "b", "afp", "cited")].note == "nothing here"


def test_json_output_round_trips(gold):
    result = evaluate(gold, {"a": [row("ap", "source")]}, missing=["c"])
    data = json.loads(result.to_json())
    assert data["triples"] == {"tp": 1, "fp": 0, "fn": 2, "precision": 1.0, "recall": 0.3333, "f1": 0.5}
    assert data["missing"] == ["c"] and list(data["per_role"]) == ["source", "dateline", "cited"]
    assert len(result.error_rows()) == 2


@pytest.mark.parametrize(
    "line, message",
    [
        ("not json", "not JSON"),
        ('{"attributions": []}', "'ref'"),
        ('{"ref": "x", "attributions": [{"agency": "ap", "role": "byline"}]}', "'role'"),
    ],
)
def test_a_malformed_gold_line_is_an_error_naming_file_and_line(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"ref": "ok", "attributions": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=rf"line 2: .*{message}"):
        read_gold(path)

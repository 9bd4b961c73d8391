"""What the attribution quality gate (tests/evaluate/test_attribution_gate.py) reads and scores, and
the one way to re-pin the digests of its inputs.

tests/eval_baseline.json pins, beside each gold set's floors, the SHA-256 of its gold file
('gold_sha256') and, under 'corpus_sha256', the SHA-256 of every corpus file the gold refs
read (the manifest's input files a ref points into). The gate fails when any of them
differs, naming the file, so a changed input cannot move a score silently.

Re-pinning is an explicit act, from the repository root:

    python -m tests.pin_eval

It re-scores every gold set on the inputs as they are now and writes the new digests only
when every score still holds its floor; otherwise it names the floors that fail and writes
nothing. Lowering a floor stays a hand edit of eval_baseline.json with a reason under
'lowered' (the gate checks that every floor below 'best' has one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import sys

from analytics.enrich.attribution import load_registry
from analytics.evaluate.corpus import articles_for_refs
from analytics.evaluate.scoring import Evaluation, evaluate_articles, read_gold
from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import plan_inputs

TESTS = pathlib.Path(__file__).resolve().parent  # run as `python -m tests.pin_eval`, without tests/ on the path
BASELINE_PATH = TESTS / "eval_baseline.json"
MANIFEST = TESTS.parent / "data/manifests/shared_corpora.toml"
DEFAULT_CORPORA = TESTS.parent.parent / "shared" / "corpora"  # as tests/conftest.py finds them
COMMAND = "python -m tests.pin_eval"
METRICS = ("triple_precision", "triple_recall", "agency_f1")
HASH_BLOCK = 1 << 20


def load_baseline() -> dict:
    """The pinned floors and digests."""
    return json.loads(BASELINE_PATH.read_text(encoding="utf-8"))


def gold_path(corpora: pathlib.Path, spec: str) -> pathlib.Path:
    """A gold file named as 'shared:<name>' (in the corpora folder) or 'tests:<name>'."""
    place, name = spec.split(":", 1)
    return (corpora if place == "shared" else TESTS) / name


def file_sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def gold_digests(baseline: dict, corpora: pathlib.Path) -> dict[str, str]:
    """SHA-256 of each gold set's gold file, by set name."""
    return {name: file_sha256(gold_path(corpora, spec["gold"])) for name, spec in baseline["sets"].items()}


def corpus_digests(baseline: dict, corpora: pathlib.Path) -> dict[str, str]:
    """SHA-256 of every corpus input file some gold ref points into (the file itself,
    `<file ref>#n`, or `<file ref>/member#n` inside a zip), by file ref, sorted."""
    refs = [g.ref for spec in baseline["sets"].values() for g in read_gold(gold_path(corpora, spec["gold"]))]
    read = {
        item.ref: item.path
        for item in plan_inputs(load_manifest(MANIFEST, root=corpora))
        if any(ref == item.ref or ref.startswith((item.ref + "#", item.ref + "/")) for ref in refs)
    }
    return {ref: file_sha256(read[ref]) for ref in sorted(read)}


def differences(baseline: dict, corpora: pathlib.Path) -> list[str]:
    """One line per gold or corpus file whose digest is not the pinned one."""
    lines = []
    for name, digest in gold_digests(baseline, corpora).items():
        spec = baseline["sets"][name]
        gold = spec["gold"].split(":", 1)[1]
        if "gold_sha256" not in spec:
            lines.append(f"{gold} is not pinned")
        elif digest != spec["gold_sha256"]:
            lines.append(f"{gold} changed: sha256 {digest}, pinned {spec['gold_sha256']}")
    pinned = baseline.get("corpus_sha256", {})
    current = corpus_digests(baseline, corpora)
    for ref in sorted(current.keys() | pinned.keys()):
        if ref not in pinned:
            lines.append(f"{ref} is read by the gold refs but not pinned")
        elif ref not in current:
            lines.append(f"{ref} is pinned but no gold ref reads it any more")
        elif current[ref] != pinned[ref]:
            lines.append(f"{ref} changed: sha256 {current[ref]}, pinned {pinned[ref]}")
    return lines


def evaluate(baseline: dict, corpora: pathlib.Path) -> dict[str, Evaluation]:
    """The detector scored on every gold set, by set name."""
    registry = load_registry()
    manifest = load_manifest(MANIFEST, root=corpora)
    results = {}
    for name, spec in baseline["sets"].items():
        gold = read_gold(gold_path(corpora, spec["gold"]))
        results[name] = evaluate_articles(gold, articles_for_refs([g.ref for g in gold], manifest), registry)
    return results


def measure(evaluation: Evaluation) -> dict[str, float]:
    """The gated metrics of one evaluation."""
    return {
        "triple_precision": evaluation.triples.precision,
        "triple_recall": evaluation.triples.recall,
        "agency_f1": evaluation.agency_only.f1,
    }


def holds_floor(measured: float, floor: float) -> bool:
    """Floors are pinned to three decimals."""
    return round(measured, 3) >= floor


def main(argv: list[str] | None = None) -> int:
    """Re-score every gold set and, when every floor holds, pin the digests of the inputs."""
    parser = argparse.ArgumentParser(
        prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpora", type=pathlib.Path, default=DEFAULT_CORPORA, help="the shared corpora folder")
    args = parser.parse_args(argv)
    baseline = load_baseline()
    failing = []
    for name, evaluation in evaluate(baseline, args.corpora).items():
        floors = baseline["sets"][name]["floors"]
        if evaluation.missing:
            failing.append(f"{name}: gold refs with no article: {', '.join(evaluation.missing)}")
        for metric, value in measure(evaluation).items():
            print(f"{name} {metric} {value:.4f} (floor {floors[metric]})")
            if not holds_floor(value, floors[metric]):
                failing.append(f"{name} {metric} {value:.4f} < floor {floors[metric]}")
    if failing:
        print(
            "nothing pinned; fix the detector, or lower the floor by hand with a reason under 'lowered':",
            *failing,
            sep="\n",
            file=sys.stderr,
        )
        return 1
    changed = differences(baseline, args.corpora)
    for name, digest in gold_digests(baseline, args.corpora).items():
        baseline["sets"][name]["gold_sha256"] = digest
    baseline["corpus_sha256"] = corpus_digests(baseline, args.corpora)
    BASELINE_PATH.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(*[f"re-pinned: {line}" for line in changed] or ["the pinned digests were already current"], sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Accuracy of text reuse on the labelled pairs (issue 18): pair-level precision and recall of "one
shares at least half its text with the other", the development pairs next to the held-out ones,
with the confusion per kind of pair. Each set's corpora are ingested into a new store and given a
reuse round (analytics.ingest.reuse), as `media-analytics ingest` does; the first scores are in
benchmarks/first_scores.md."""

from __future__ import annotations

import collections
import pathlib
import tempfile

from analytics.evaluate.reuse import LabelledPair, agreed_pairs, read_labelled_pairs, score_reuse
from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import ingest
from analytics.ingest.reuse import update_reuse
from analytics.settings import REUSE_THRESHOLD
from analytics.store.store import Store

REPO = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests/fixtures"
SECOND = FIXTURES / "unseen_reuse2"
# (name, kind, labelled pairs: one reader's file, or two readers' whose alike labels are scored, manifest)
SETS = (
    (
        "reuse_pairs",
        "development",
        (FIXTURES / "reuse_pairs.jsonl",),
        REPO / "data/manifests/shared_corpora.toml",
    ),
    (
        "unseen_reuse",
        "held out (labelled before any run)",
        (FIXTURES / "unseen_reuse/pairs_unseen_reuse.jsonl",),
        FIXTURES / "unseen_reuse/manifest.toml",
    ),
    (
        "unseen_reuse2",
        "held out 2, first reader (labelled before any run)",
        (SECOND / "pairs_unseen_reuse2.jsonl",),
        SECOND / "manifest.toml",
    ),
    (
        "unseen_reuse2",
        "held out 2, second reader (blind to the first and to the detector)",
        (SECOND / "pairs_unseen_reuse2_second_reader.jsonl",),
        SECOND / "manifest.toml",
    ),
    (
        "unseen_reuse2",
        "held out 2, the pairs both readers label alike",
        (SECOND / "pairs_unseen_reuse2.jsonl", SECOND / "pairs_unseen_reuse2_second_reader.jsonl"),
        SECOND / "manifest.toml",
    ),
)
COLUMNS = ("pairs", "reuse (labelled)", "tp / fp / fn / tn", "precision", "recall")
TITLE = "Text reuse on the labelled pairs (issue 18)"
NOTE = (
    "Pairs labelled by reading both bodies: does one share at least half its text with the other? Found: the store "
    "holds the pair with a larger containment of at least 0.5 (or the two records are one stored article). Issue "
    "18's goal: precision >= 0.95 and recall >= 0.90. The held-out corpus is not redistributable and lives outside "
    "the repository (tests/fixtures/unseen_reuse/README.md); its later scores follow general fixes of its first "
    "misses, so the honest figure is its first score (benchmarks/first_scores.md). The second held-out set "
    "(Bangladeshi outlets, tests/fixtures/unseen_reuse2/README.md) was labelled by two readers: the first before "
    "any run, the second blind to the first's labels and to the detector; they agree on 75 of its 112 pairs "
    "(Cohen's kappa 0.40), so it is scored against each and on the pairs both label alike."
)


def run() -> list[dict]:
    rows: list[dict] = []
    _confusion.clear()
    for name, kind, pairs_paths, manifest_path in SETS:
        manifest = load_manifest(manifest_path)
        if not manifest.root.is_dir():
            rows.append({"set": name, "kind": kind, **dict.fromkeys(COLUMNS, "-"), "pairs": f"absent: {manifest.root}"})
            continue
        with tempfile.TemporaryDirectory() as folder, Store.open(pathlib.Path(folder) / "store.duckdb") as store:
            ingest(manifest, store, workers=2)
            update_reuse(store, threshold=REUSE_THRESHOLD)
            score = score_reuse(store, _labelled(pairs_paths))
        counts = {
            (labelled, found): score.count(labelled=labelled, found=found)
            for labelled in (True, False)
            for found in (True, False)
        }
        rows.append(
            {
                "set": name,
                "kind": kind,
                "pairs": len(score.verdicts),
                "reuse (labelled)": counts[True, True] + counts[True, False],
                "tp / fp / fn / tn": " / ".join(
                    str(counts[key]) for key in ((True, True), (False, True), (True, False), (False, False))
                ),
                "precision": f"{score.precision:.3f}",
                "recall": f"{score.recall:.3f}",
            }
        )
        by_kind: collections.Counter[tuple[str, bool]] = collections.Counter(
            (v.pair.kind, v.found) for v in score.verdicts
        )
        _confusion[f"{name}, {kind}"] = by_kind
    return rows


def _labelled(paths: tuple[pathlib.Path, ...]) -> list[LabelledPair]:
    """One reader's pairs, or the pairs two readers label alike."""
    first, *second = (read_labelled_pairs(path) for path in paths)
    return agreed_pairs(first, second[0]) if second else first


_confusion: dict[str, collections.Counter] = {}


def AFTER() -> str:
    """The confusion per kind of pair of the last run."""
    lines = ["Per kind of pair (labelled kind: found as reuse / not):", ""]
    for name, by_kind in _confusion.items():
        kinds = sorted({kind for kind, _ in by_kind})
        parts = [f"{kind} {by_kind[kind, True]} / {by_kind[kind, False]}" for kind in kinds]
        lines.append(f"- {name}: " + "; ".join(parts))
    return "\n".join(lines)

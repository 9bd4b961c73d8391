"""Found text reuse scored against hand-labelled pairs (tests/fixtures/reuse_pairs.jsonl and the
held-out sets): pair-level precision and recall of "one shares at least half its text with the other".

A labelled pair names two records by source ref, says whether one shares at least half its body
with the other (`reuse`, decided by reading) and what kind of pair it is. The store says reuse
when the two records' articles (a ref is an article's own record or one of its duplicates) are a
pair of `reuse_pairs` whose larger containment is at least `threshold`, or are one article: the
store keeps identical copies within an outlet as one story.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib

import pyarrow as pa

from analytics.errors import UserError
from analytics.store.store import Store

REUSE_THRESHOLD = 0.5  # "one shares at least half its text with the other"


@dataclasses.dataclass(frozen=True)
class LabelledPair:
    """Two records and whether, by reading, one shares at least half its text with the other."""

    ref_a: str
    ref_b: str
    reuse: bool
    kind: str


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A labelled pair and what the store found: the larger containment (None: not a checked pair
    sharing text; 1.0 for one article) and whether that is reuse."""

    pair: LabelledPair
    containment: float | None
    found: bool


@dataclasses.dataclass(frozen=True)
class ReuseScore:
    """The confusion of found against labelled reuse over the labelled pairs."""

    verdicts: tuple[Verdict, ...]

    def count(self, *, labelled: bool, found: bool) -> int:
        """The pairs labelled and found so."""
        return sum(1 for v in self.verdicts if v.pair.reuse == labelled and v.found == found)

    @property
    def precision(self) -> float:
        """Of the pairs found reuse, the share labelled reuse (1.0 when none is found)."""
        true, false = self.count(labelled=True, found=True), self.count(labelled=False, found=True)
        return true / (true + false) if true + false else 1.0

    @property
    def recall(self) -> float:
        """Of the pairs labelled reuse, the share found (1.0 when none is labelled)."""
        true, missed = self.count(labelled=True, found=True), self.count(labelled=True, found=False)
        return true / (true + missed) if true + missed else 1.0

    def misses(self) -> list[Verdict]:
        """The pairs found otherwise than labelled."""
        return [v for v in self.verdicts if v.found != v.pair.reuse]


def read_labelled_pairs(path: pathlib.Path) -> list[LabelledPair]:
    """The pairs of a JSON Lines file (ref_a, ref_b, reuse, kind, ...); UserError naming the line of a bad one."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pairs.append(LabelledPair(str(row["ref_a"]), str(row["ref_b"]), bool(row["reuse"]), str(row["kind"])))
        except (ValueError, KeyError, TypeError) as err:
            raise UserError(f"{path}, line {number}: not a labelled pair ({err})") from None
    return pairs


def agreed_pairs(first: list[LabelledPair], second: list[LabelledPair]) -> list[LabelledPair]:
    """The pairs two readers labelled alike (reuse or not), with the first reader's kind; UserError
    when the two files do not label the same pairs in the same order."""
    if [(p.ref_a, p.ref_b) for p in first] != [(p.ref_a, p.ref_b) for p in second]:
        raise UserError("the two readers' files do not label the same pairs in the same order")
    return [one for one, other in zip(first, second, strict=True) if one.reuse == other.reuse]


def score_reuse(store: Store, pairs: list[LabelledPair], *, threshold: float = REUSE_THRESHOLD) -> ReuseScore:
    """Score the store's reuse_pairs against the labelled pairs; UserError naming refs the store lacks."""
    articles = _articles_of(store, sorted({ref for p in pairs for ref in (p.ref_a, p.ref_b)}))
    missing = sorted({ref for p in pairs for ref in (p.ref_a, p.ref_b)} - articles.keys())
    if missing:
        raise UserError(f"{len(missing)} labelled refs are not in the store, e.g. {', '.join(missing[:3])}")
    ordered = [_ordered(articles[p.ref_a], articles[p.ref_b]) for p in pairs]
    found = _containments(store, sorted({(a, b) for a, b in ordered if a != b}))
    verdicts = []
    for p, (a, b) in zip(pairs, ordered, strict=True):
        containment = 1.0 if a == b else found.get((a, b))
        verdicts.append(Verdict(p, containment, containment is not None and containment >= threshold))
    return ReuseScore(tuple(verdicts))


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _articles_of(store: Store, refs: list[str]) -> dict[str, str]:
    """The article of each ref: the article it is the record of, or the one it is a duplicate of."""
    cursor = store.cursor()
    try:
        cursor.register("wanted_refs", pa.table({"source_ref": pa.array(refs, pa.string())}))
        rows = cursor.execute(
            "SELECT source_ref, article_id FROM articles SEMI JOIN wanted_refs USING (source_ref) "
            "UNION ALL SELECT source_ref, article_id FROM duplicates SEMI JOIN wanted_refs USING (source_ref)"
        ).fetchall()
    finally:
        cursor.close()
    return dict(rows)


def _containments(store: Store, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """The larger containment of each of these (a < b) pairs found sharing text."""
    cursor = store.cursor()
    try:
        cursor.register(
            "wanted_pairs",
            pa.table({"article_id_a": [a for a, _ in pairs], "article_id_b": [b for _, b in pairs]}),
        )
        rows = cursor.execute(
            "SELECT p.article_id_a, p.article_id_b, greatest(p.containment_a, p.containment_b) FROM reuse_pairs p "
            "SEMI JOIN wanted_pairs w USING (article_id_a, article_id_b)"
        ).fetchall()
    finally:
        cursor.close()
    return {(a, b): containment for a, b, containment in rows}

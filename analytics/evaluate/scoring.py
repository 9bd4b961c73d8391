"""Scoring attributions against a gold file in the spec's format (../shared/spec/ATTRIBUTION.md).

A predicted (ref, agency, role) triple is a true positive when the gold file
has it. Precision and recall are micro-averaged over triples, and reported per
agency and per role; agency-only scores use (ref, agency) pairs. Every false
positive and false negative is listed with its evidence: ours for a false
positive, the gold file's for a false negative.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
from collections.abc import Iterable, Mapping
from typing import Any

from analytics.enrich.attribution.detect import Attribution, detect
from analytics.enrich.attribution.registry import ROLES, Registry
from analytics.errors import UserError


class GoldError(UserError):
    """A gold file that cannot be read; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class GoldLabel:
    """One hand-checked credit of a gold article: agency id, role, and the evidence text."""

    agency: str
    role: str
    evidence: str = ""


@dataclasses.dataclass(frozen=True)
class GoldArticle:
    """A gold article: its source ref and every credit it carries (none is a label too)."""

    ref: str
    labels: tuple[GoldLabel, ...]
    note: str = ""
    published: str | None = None  # the publication date shown: an ISO date, or a datetime with its offset


@dataclasses.dataclass
class Score:
    """True positives, false positives and false negatives, with the measures made of them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """The counts and the measures rounded to 4 places, for JSON."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclasses.dataclass(frozen=True)
class Error:
    """One disagreement with the gold file: a false positive or a missed credit, with its evidence."""

    kind: str  # 'fp' or 'fn'
    ref: str
    agency: str
    role: str
    evidence: str
    note: str = ""  # the gold file's note on the article, if any


@dataclasses.dataclass
class Evaluation:
    """A detector's score against a gold file: overall, agency-only, per agency and role, and every error."""

    articles: int
    triples: Score
    agency_only: Score
    per_agency: dict[str, Score]
    per_role: dict[str, Score]
    errors: list[Error]
    missing: list[str]  # gold refs with no article to score (their labels count as misses)

    def as_dict(self) -> dict[str, Any]:
        """The evaluation as plain data (the --json output)."""
        return {
            "articles": self.articles,
            "triples": self.triples.as_dict(),
            "agency_only": self.agency_only.as_dict(),
            "per_agency": {k: v.as_dict() for k, v in sorted(self.per_agency.items())},
            "per_role": {k: self.per_role[k].as_dict() for k in ROLES if k in self.per_role},
            "errors": [dataclasses.asdict(e) for e in self.errors],
            "missing": self.missing,
        }

    def to_json(self, **kwargs: Any) -> str:
        """The evaluation as a JSON string."""
        return json.dumps(self.as_dict(), ensure_ascii=False, **kwargs)

    def error_rows(self) -> list[dict[str, str]]:
        """The errors as flat rows (for a DataFrame or a table)."""
        return [dataclasses.asdict(e) for e in self.errors]


def read_gold(path: pathlib.Path) -> list[GoldArticle]:
    """Read a gold file (JSON Lines, see ATTRIBUTION.md); GoldError names the file and line of a bad label."""
    articles = []
    try:
        lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise GoldError(f"{path}: cannot read gold file: {err.strerror or err}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldError(f"{where}: not JSON: {err.msg}") from None
        if not isinstance(record, dict) or not isinstance(record.get("ref"), str):
            raise GoldError(f"{where}: each line needs a 'ref' string")
        raw = record.get("attributions")
        if not isinstance(raw, list) or not all(isinstance(a, dict) for a in raw):
            raise GoldError(f"{where}: 'attributions' must be a list of objects")
        labels = []
        for label in raw:
            if not isinstance(label.get("agency"), str) or label.get("role") not in ROLES:
                raise GoldError(f"{where}: each attribution needs an 'agency' and a 'role' in {', '.join(ROLES)}")
            labels.append(GoldLabel(label["agency"], label["role"], str(label.get("evidence", ""))))
        published = record.get("published")
        if published is not None and not isinstance(published, str):
            raise GoldError(f"{where}: 'published' must be an ISO date or datetime string, or null")
        articles.append(GoldArticle(record["ref"], tuple(labels), str(record.get("note", "")), published))
    return articles


def evaluate(
    gold: list[GoldArticle], predictions: Mapping[str, list[Attribution]], *, missing: Iterable[str] = ()
) -> Evaluation:
    """Score `predictions` (attributions per ref) against `gold`."""
    triples, agency_only = Score(), Score()
    per_agency: dict[str, Score] = {}
    per_role: dict[str, Score] = {}
    errors = []
    for article in gold:
        expected = {(g.agency, g.role): g for g in article.labels}
        predicted = {(p.agency, p.role): p for p in predictions.get(article.ref, [])}
        for key in expected.keys() | predicted.keys():
            outcome = "tp" if key in expected and key in predicted else ("fn" if key in expected else "fp")
            for score in (triples, per_agency.setdefault(key[0], Score()), per_role.setdefault(key[1], Score())):
                setattr(score, outcome, getattr(score, outcome) + 1)
            if outcome != "tp":
                evidence = expected[key].evidence if outcome == "fn" else predicted[key].evidence
                errors.append(Error(outcome, article.ref, key[0], key[1], evidence, article.note))
        gold_agencies = {a for a, _ in expected}
        found_agencies = {a for a, _ in predicted}
        agency_only.tp += len(gold_agencies & found_agencies)
        agency_only.fp += len(found_agencies - gold_agencies)
        agency_only.fn += len(gold_agencies - found_agencies)
    errors.sort(key=lambda e: (e.kind, e.agency, e.role, e.ref))
    return Evaluation(len(gold), triples, agency_only, per_agency, per_role, errors, sorted(missing))


def evaluate_articles(gold: list[GoldArticle], articles: Mapping[str, Any], registry: Registry) -> Evaluation:
    """Run the detector on the article of each gold ref and score it."""
    predictions = {ref: detect(article, registry) for ref, article in articles.items()}
    return evaluate(gold, predictions, missing=[g.ref for g in gold if g.ref not in articles])

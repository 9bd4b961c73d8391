"""Adversarial articles: 1 MB texts built to make pattern matching backtrack or blow up
(long runs of one character, agency prefixes repeated without end, credits repeated a
hundred thousand times), timed through the attribution detector (target: under 1 s
each) and through everything ingest derives from an article (attribution, tags with
keywords, event dates). tests/enrich/test_adversarial.py checks the results on the same texts."""

from __future__ import annotations

import datetime as dt
import functools
import time

from analytics.enrich.attribution import detect, load_registry
from analytics.enrich.derive import derive
from analytics.enrich.tags import TagAliases
from analytics.schema import Article

SIZE = 1_000_000  # characters of each adversarial text
TARGET_SECONDS = 1.0
TITLE = "Adversarial 1 MB articles"
NOTE = (
    f"Each text is about {SIZE:,} characters, put in the body of an article (the title holds its first 200). "
    f"Time of one call, best of 3, one process; target for the detector: under {TARGET_SECONDS:g} s."
)
# What is repeated to fill SIZE characters.
UNITS = {
    "open parentheses": "(",
    "hyphens": "-",
    "spaces": " ",
    "newlines (mixed endings)": "\r\n\n\r",
    "one long word": "a",
    "agency prefix `Reut`": "Reut ",
    "`Kantor Berita` without an agency": "Kantor Berita ",
    "datelines `JAKARTA (ANTARA) -`": "JAKARTA (ANTARA) - ",
    "credits `(Reuters) -`": "(Reuters) - ",
    "nested `((((AP`": "((((AP ",
    "source lines `Sumber: AP/Xinhua/KCNA`": "Sumber: AP/Xinhua/KCNA\n",
    "photo credits `Foto: ANTARA FOTO/`": "Foto: ANTARA FOTO/",
    "quotes `kata Reuters, mengutip Yonhap`": "kata Reuters, mengutip Yonhap, ",
}
PUBLISHED = dt.datetime(2021, 7, 12, 12, 2)


def adversarial_articles() -> dict[str, Article]:
    articles = {}
    for label, unit in UNITS.items():
        body = (unit * (SIZE // len(unit) + 1))[:SIZE]
        articles[label] = Article(
            "adversarial", f"adversarial#{label}", title=body[:200], body=body, language="id", published_local=PUBLISHED
        )
    return articles


def _best_seconds(call, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def run() -> list[dict]:
    registry = load_registry()
    aliases = TagAliases()
    rows = []
    for label, article in adversarial_articles().items():
        detector = _best_seconds(functools.partial(detect, article, registry))
        everything = _best_seconds(functools.partial(derive, article, registry=registry, aliases=aliases))
        rows.append(
            {
                "text": label,
                "attributions": len(detect(article, registry)),
                "detector s": round(detector, 3),
                "under target": "yes" if detector < TARGET_SECONDS else "NO",
                "attribution + tags + events s": round(everything, 3),
            }
        )
    return rows

"""Articles of the shared corpora, read once into memory for the benchmarks."""

from __future__ import annotations

import datetime as dt
import pathlib

from analytics.ingest.manifest import load_manifest
from analytics.ingest.pipeline import FileState, articles_of
from analytics.ingest.sources import discover
from analytics.schema import Article

REPO = pathlib.Path(__file__).resolve().parent.parent
SHARED_MANIFEST = REPO / "data/manifests/shared_corpora.toml"


def load_articles(source_names: tuple[str, ...]) -> list[Article]:
    """Every article of the named sources of the shared-corpora manifest."""
    manifest = load_manifest(SHARED_MANIFEST)
    now = dt.datetime.now(dt.UTC)
    articles = []
    for spec in manifest.sources:
        if spec.name not in source_names:
            continue
        for item in discover(spec, manifest.root)[0]:
            articles.extend(a for a in articles_of(item, now, FileState(item)) if isinstance(a, Article))
    return articles

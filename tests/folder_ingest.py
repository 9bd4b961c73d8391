"""A folder ingested as a user ingests one with no manifest, and what the store then holds of it."""

from __future__ import annotations

import pathlib

from analytics.ingest.manifest import Manifest, adhoc_source
from analytics.ingest.pipeline import IngestResult, ingest
from analytics.store.store import Store

ARTICLE_COLUMNS = ("source_ref", "title", "body", "outlet", "published_at")


def ingest_folder(
    folder: pathlib.Path, store_path: pathlib.Path, **settings
) -> tuple[IngestResult, dict[str, dict], dict[str, str]]:
    """(the ingest result, each stored article's ARTICLE_COLUMNS by source ref, each quarantined record's
    reason by source ref) of `folder` read as one source with these settings (adhoc_source's keywords)."""
    manifest = Manifest(None, folder, (adhoc_source("test", [str(folder)], **settings),))
    with Store.open(store_path) as store:
        result = ingest(manifest, store)
        rows = store.connection.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles").fetchall()
        quarantine = {ref: reason for ref, reason, _ in store.quarantine()}
    return result, {row[0]: dict(zip(ARTICLE_COLUMNS, row, strict=True)) for row in rows}, quarantine

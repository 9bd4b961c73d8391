"""The input formats: the reader of each, the one table of them. `manifest` checks a
source's `format` against it and `sources` hands each input to its reader."""

from __future__ import annotations

from analytics.ingest.readers import feed, html, jsonfmt, pagetext, sgml, tabular
from analytics.ingest.readers.base import Reader

READERS: dict[str, Reader] = {
    "pagetext": pagetext.read_pagetext,
    "html": html.read_html,
    "csv": tabular.read_csv,
    "xlsx": tabular.read_xlsx,
    "parquet": tabular.read_parquet,
    "json": jsonfmt.read_json,
    "jsonl": jsonfmt.read_jsonl,
    "reuters_sgml": sgml.read_reuters_sgml,
    "feed": feed.read_feed,
}

"""media-analytics: source attribution, tags and timelines over news corpora.

`analytics` computes and returns pandas DataFrames; `dashboard` only presents them.
The public API is below (`__all__`): the names a notebook or script needs, each loaded
from its stage package on first use, so importing one stage (a worker importing
`analytics.text.dates`) does not import them all.

    import analytics
    with analytics.Store.open("data/store/media.duckdb", read_only=True) as store:
        frame = analytics.queries.attribution_by_agency(store, analytics.filters_from(languages=["id"]))
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> the module that defines it
_API = {
    "Filters": "analytics.queries.filters",
    "filters_from": "analytics.queries.filters",
    "queries": "analytics.queries",
    "Store": "analytics.store.store",
    "load_manifest": "analytics.ingest.manifest",
    "load_registry": "analytics.enrich.attribution.registry",
    "detect": "analytics.enrich.attribution.detect",
    "load_outlets": "analytics.enrich.outlets.registry",
    "resolve_outlet": "analytics.enrich.outlets.resolve",
    "load_aliases": "analytics.enrich.tags",
    "write_report": "analytics.present.reports",
    "FIGURES": "analytics.present.figures",
    "Settings": "analytics.settings",
    "MediaAnalyticsError": "analytics.errors",
    "UserError": "analytics.errors",
    "StoreError": "analytics.errors",
    "QueryTimeout": "analytics.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use."""
    if name not in _API:
        raise AttributeError(f"module 'analytics' has no attribute {name!r}")
    module = importlib.import_module(_API[name])
    return module if module.__name__ == f"analytics.{name}" else getattr(module, name)


def __dir__() -> list[str]:
    return sorted(__all__)

"""Outlets: who published an article, as one canonical id per real outlet.

Definition: issue 13, "Outlets as data". Modules:
- `names`     host names and outlet names in canonical forms; raw values that name no outlet
- `registry`  the outlet registry (outlets.toml plus a user's TOML file)
- `resolve`   the public API: resolve_outlet(), an article's outlet from its URL and raw outlet name
"""

from analytics.enrich.outlets.registry import KINDS, Outlet, OutletError, OutletRegistry, load_outlets
from analytics.enrich.outlets.resolve import METHODS, NO_OUTLET_METHOD, OutletMatch, resolve_outlet

__all__ = [
    "KINDS",
    "METHODS",
    "NO_OUTLET_METHOD",
    "Outlet",
    "OutletError",
    "OutletMatch",
    "OutletRegistry",
    "load_outlets",
    "resolve_outlet",
]

"""The public API of `analytics`: every name in __all__ resolves, and loading it is lazy."""

from __future__ import annotations

import subprocess
import sys

import pytest

import analytics


@pytest.mark.parametrize("name", analytics.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(analytics, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        analytics.nothing  # noqa: B018


def test_a_stage_imports_no_heavier_stage() -> None:
    """A worker that imports the text and enrich stages loads neither pandas, DuckDB nor Plotly."""
    code = (
        "import sys, analytics, analytics.text.dates, analytics.enrich.attribution, analytics.enrich.tags;"
        "print(sorted(m for m in ('pandas', 'duckdb', 'plotly', 'dash') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"

"""The notebooks' shared set-up: the store the `store` setting names, opened read-only (so
the dashboard can run beside it), and a readable view of a result table.

    from analytics.present.notebook import open_store, table
    store = open_store()
"""

from __future__ import annotations

import pathlib

import pandas as pd

from analytics.settings import Settings
from analytics.store.store import Store

PROJECT_MARKER = "pyproject.toml"  # the file that marks the repository root


def open_store(settings: Settings | None = None) -> Store:
    """The store of the `store` setting (None: settings resolved from the environment), read-only,
    waiting up to the `lock_wait` setting for an ingest that is writing it."""
    settings = settings or Settings.resolve()
    return Store.open(store_path(settings.store), read_only=True, lock_wait=settings.lock_wait)


def store_path(path: pathlib.Path, *, cwd: pathlib.Path | None = None) -> pathlib.Path:
    """`path` as the notebook means it. Jupyter runs a kernel in notebooks/, so a relative path
    not found from the working directory is taken from the repository root above it."""
    path = path.expanduser()
    here = cwd or pathlib.Path.cwd()
    if path.is_absolute() or (here / path).exists():
        return path
    root = next((p for p in (here, *here.parents) if (p / PROJECT_MARKER).is_file()), here)
    return root / path


def table(frame: pd.DataFrame, rows: int | None = 25):
    """Show a result with shares as percentages and periods as dates (the frame is unchanged)."""
    formats = {c: "{:.1%}" for c in frame.columns if c == "share" or c.startswith("share_")}
    formats |= {c: "{:%Y-%m-%d}" for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])}
    shown = frame if rows is None else frame.head(rows)
    return shown.style.format(formats, na_rep="–").hide(axis="index")

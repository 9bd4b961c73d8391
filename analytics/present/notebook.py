"""The notebooks' shared set-up: the store the `store` setting names, opened read-only (so
the dashboard can run beside it), and a readable view of a result table. Every notebook
starts with it, so none repeats (or drifts from) another's set-up:

    from analytics.present.notebook import setup, table
    store = setup()
"""

from __future__ import annotations

import pathlib

import pandas as pd

from analytics.settings import Settings
from analytics.store.store import Store

PROJECT_MARKER = "pyproject.toml"  # the file that marks the repository root
CELL_TEXT_CHARS = 160  # characters of a table cell pandas shows (titles, evidence) before cutting it


def setup(settings: Settings | None = None) -> Store:
    """A notebook's set-up in one call: pandas shows long text cells, the store of the `store`
    setting is opened read-only (`open_store`) and its path printed, so a run says which store it read."""
    pd.set_option("display.max_colwidth", CELL_TEXT_CHARS)
    store = open_store(settings)
    print(f"store: {store.path}")
    return store


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

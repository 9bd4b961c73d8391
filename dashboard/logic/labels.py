"""Text in Plotly labels: Plotly reads <b>, <i>, <a href> ... in labels as markup and decodes
entities, so every text cell a figure is drawn from is escaped first."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd


def escape_label(value: Any) -> Any:
    """Text for a Plotly label: escaping shows an outlet called `Evil <b>Gazette</b>` as written."""
    return html.escape(value, quote=False) if isinstance(value, str) else value


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame a figure is drawn from: every text cell escaped for Plotly (the CSV and
    the drill-down use the frame as the query returned it)."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_string_dtype(shown[column]) or shown[column].dtype == object:
            shown[column] = shown[column].map(escape_label)
    return shown

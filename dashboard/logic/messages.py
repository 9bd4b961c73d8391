"""What the user reads where a chart or a page cannot be shown, in one place."""

from __future__ import annotations

import dataclasses

from analytics.present.figures import EMPTY_MESSAGE
from dashboard.logic.data import INGEST_HINT


@dataclasses.dataclass(frozen=True)
class Message:
    """A message shown where a chart or a page cannot be: its kind, a title and what to know or do."""

    kind: str  # empty | timeout | invalid | unavailable | error
    title: str
    text: str = ""

    @property
    def colour(self) -> str:  # a Bootstrap contextual colour
        """The Bootstrap contextual colour of the message's kind."""
        return {"empty": "light", "timeout": "warning", "invalid": "danger", "unavailable": "warning"}.get(
            self.kind, "danger"
        )


def empty(text: str = "", *, note: str | None = None) -> Message:
    """An empty result: what it means for this chart, and what to do (with the chart's note of
    what it leaves out, which may be why it is empty)."""
    hint = "Widen the date range or remove a filter."
    return Message("empty", text or EMPTY_MESSAGE, f"{note} {hint}" if note else hint)


def timed_out(detail: str) -> Message:
    """A query that ran past the time limit."""
    return Message("timeout", "This query timed out", detail)


def invalid_filters(detail: str) -> Message:
    """Filters (from the URL) that cannot be used."""
    return Message("invalid", "These filters cannot be used", detail)


def unavailable(detail: str) -> Message:
    """The store cannot be read now (e.g. an ingest is writing it)."""
    return Message("unavailable", "The store cannot be read right now", detail)


def failed(detail: str) -> Message:
    """Any other error while computing; `detail` never holds a traceback."""
    return Message("error", "This could not be computed", detail)


def no_store(kind: str, detail: str) -> Message:
    """The start page's message when there is nothing to show."""
    if kind in ("missing", "empty"):
        return Message(
            kind,
            "No articles to show yet",
            f"{detail} Ingest articles first, for example the bundled sample: {INGEST_HINT}",
        )
    return Message(kind, "The store cannot be read", detail)


def no_reuse(store: str) -> Message:
    """The text-reuse page's notice for a store never given a reuse round (it has no reuse tables)."""
    return Message(
        "unavailable",
        "This store has no text reuse yet",
        f"Find the articles sharing text with `media-analytics reuse --store {store}` (every ingest from now on "
        "does it for the articles it adds), then reload this page.",
    )


def base_only(what: str) -> str:
    """What a view that stays on the base filters says while queries are compared (`what`: "this chart is")."""
    return f"Compare: {what} of the base filters only, not of each compared query."

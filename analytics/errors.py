"""The errors a user can cause and fix: the CLI prints them as `error: ...` and exits 1.

Every other exception is a bug and shows its traceback.
"""

from __future__ import annotations


class MediaAnalyticsError(Exception):
    """A problem the user can fix: bad input, a bad setting, a busy store, a slow query."""


class UserError(MediaAnalyticsError, ValueError):
    """Bad input or configuration: a malformed file, an unknown option value, a setting that is not a number."""


class StoreError(MediaAnalyticsError):
    """The store cannot be opened or used as asked (missing, busy, of another version)."""


class QueryTimeout(MediaAnalyticsError):
    """A query stopped at its time limit."""

    def __init__(self, name: str, limit: float):
        super().__init__(
            f"{name} took longer than {limit:g} s and was stopped: narrow the filters "
            "(a shorter date range, fewer outlets) or allow it more time"
        )
        self.name = name
        self.limit = limit

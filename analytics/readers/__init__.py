"""Readers: one module per input format (see `analytics.readers.base`)."""

"""Readers: one module per input format (see `analytics.ingest.readers.base`)."""

"""The exit statuses of `media-analytics`, as the README lists them."""

EXIT_OK, EXIT_USAGE, EXIT_QUARANTINED, EXIT_INTERRUPTED = 0, 1, 3, 130

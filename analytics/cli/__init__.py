"""The `media-analytics` command: `parsing` reads the command line, `commands` runs one,
`rendering` shows its progress and results.

A MediaAnalyticsError (bad input or settings, a busy store, a slow query) is printed as
`error: ...` with exit status 1; any other exception is a bug and shows its traceback.
"""

from __future__ import annotations

from analytics.cli import commands, parsing, rendering
from analytics.cli.commands import EXIT_INTERRUPTED, EXIT_USAGE
from analytics.errors import MediaAnalyticsError


def main(argv: list[str] | None = None) -> int:
    """Run the command `argv` (default: the process's arguments) names; returns the exit status."""
    parser = parsing.parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    run = getattr(commands, f"run_{args.command}")
    try:
        return run(args, parsing.settings_from(args))
    except MediaAnalyticsError as problem:
        rendering.error(str(problem))
        return EXIT_USAGE
    except KeyboardInterrupt:
        rendering.err.print("interrupted: batches written so far are kept; run the same command again to finish")
        return EXIT_INTERRUPTED

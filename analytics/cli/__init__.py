"""The `media-analytics` command: `parsing` reads the command line, `commands` runs one
(`serve` the dashboard), `rendering` shows its progress and results.

A MediaAnalyticsError (bad input or settings, a busy store, a slow query) is printed as
`error: ...` (`console`) with exit status 1; any other exception is a bug and shows its traceback.
"""

from __future__ import annotations

import importlib

from analytics.cli import console, parsing
from analytics.cli.exits import EXIT_INTERRUPTED, EXIT_USAGE
from analytics.errors import MediaAnalyticsError

# The module of each command run elsewhere than `commands`, imported only when that command runs.
COMMAND_MODULES = {"dashboard": "analytics.cli.serve"}


def main(argv: list[str] | None = None) -> int:
    """Run the command `argv` (default: the process's arguments) names; returns the exit status."""
    parser = parsing.parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    module = importlib.import_module(COMMAND_MODULES.get(args.command, "analytics.cli.commands"))
    run = getattr(module, f"run_{args.command}")
    try:
        return run(args, parsing.settings_from(args))
    except MediaAnalyticsError as problem:
        console.error(str(problem))
        return EXIT_USAGE
    except KeyboardInterrupt:
        console.err.print("interrupted: batches written so far are kept; run the same command again to finish")
        return EXIT_INTERRUPTED

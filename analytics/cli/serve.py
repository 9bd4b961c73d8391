"""`media-analytics dashboard`, apart from the other commands: serving the dashboard imports
neither ingest nor the reports, so the server answers its first page sooner."""

from __future__ import annotations

import argparse

from analytics.cli.exits import EXIT_OK
from analytics.settings import Settings


def run_dashboard(args: argparse.Namespace, settings: Settings) -> int:
    """`media-analytics dashboard`: serve the dashboard (imported here, so other commands never load Dash)."""
    from dashboard.app import serve  # the dashboard (Dash, Flask) is loaded only to serve it

    serve(
        store=settings.store,
        host=settings.host,
        port=settings.port,
        time_limit=settings.query_time_limit,
        timeline_min_articles=settings.timeline_min_articles,
        debug=args.debug,
    )
    return EXIT_OK

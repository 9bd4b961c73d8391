"""`python -m analytics.cli`: the media-analytics command."""

import sys

from analytics.cli import main

sys.exit(main())

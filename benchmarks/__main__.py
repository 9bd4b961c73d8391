"""`python -m benchmarks` (`make bench`): run every benchmark and rewrite benchmarks/RESULTS.md.

--scale and --workers set BENCH_SCALE and BENCH_WORKERS, which the benchmarks (and the
processes they start) read; without them the variables already set, else the defaults, apply.
"""

from __future__ import annotations

import argparse
import os
import sys

from benchmarks import bench_ingest, run, scaled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", help=f"scaled corpus sizes, comma-separated (default {scaled.DEFAULT_SCALE}; 100000,1000000 adds 1M)"
    )
    parser.add_argument(
        "--workers",
        help="ingest worker counts to measure, comma-separated (default "
        f"{','.join(map(str, bench_ingest.DEFAULT_WORKERS))})",
    )
    parser.add_argument(
        "--only", help="run only these benchmarks (module names, comma-separated) and replace their sections"
    )
    args = parser.parse_args(argv)
    for variable, value in ((scaled.SCALE_ENV, args.scale), (bench_ingest.WORKERS_ENV, args.workers)):
        if value:
            os.environ[variable] = value
    return run.main(tuple(args.only.split(",")) if args.only else ())


if __name__ == "__main__":
    sys.exit(main())

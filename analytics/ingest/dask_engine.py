"""The Dask ingest engine: the extraction of each input file as a Dask task.

Tasks run `analytics.ingest.handover.extract_to_partitions`, as the local pool's workers do, so
the ingesting process takes their Arrow IPC partitions the same way. With no scheduler
address the engine starts a `distributed.LocalCluster` of single-threaded worker
processes on this machine. dask[distributed] is an optional dependency
(`pip install 'media-analytics[dask]'`), imported only when this engine runs.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator

from analytics.errors import UserError

SCHEDULER_TIMEOUT = "20s"  # to connect to a scheduler given by address
INSTALL_HINT = "the dask engine needs dask.distributed: pip install 'media-analytics[dask]'"


@contextlib.contextmanager
def dask_submit(scheduler: str | None, workers: int) -> Iterator[tuple[Callable, int]]:
    """A `submit(function, *args)` onto the cluster at `scheduler`, or onto a LocalCluster
    of `workers` processes, with the number of tasks the cluster runs at once."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError(INSTALL_HINT) from None
    # pure=False: never reuse a result, since a file may change between runs
    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, ValueError) as err:  # ValueError: not an address
            raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
        with client:
            yield functools.partial(client.submit, pure=False), max(sum(client.nthreads().values()), 1)
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield functools.partial(client.submit, pure=False), workers

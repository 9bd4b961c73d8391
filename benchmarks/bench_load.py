"""Loopback load: CLIENTS simulated browsers (benchmarks/bench_dashboard.Session) replay
filter changes against the dashboard over the largest kept store for DURATION_S
seconds, each going through every page with a new filter state in turn. Counts
requests and errors (an HTTP error, or a chart that answers 'timed out' / 'failed' /
'unavailable'), the latency of every callback request, and the server's resident
memory every second after a WARMUP_S warm-up under the same load (the dashboard builds
its in-memory copy of the store then): flat means the last quarter of the run holds
about what the first quarter held.
"""

from __future__ import annotations

import os
import pathlib
import statistics
import threading
import time

import numpy as np

from benchmarks import bench_ingest, filter_states, scaled
from benchmarks.bench_dashboard import Samples, Server, Session

CLIENTS = 20
DURATION_S = 60.0
WARMUP_S = 20.0  # clients already running; not measured
STATES = 400  # filter states to replay, shared out between the clients
RSS_EVERY_S = 1.0
TITLE = "Loopback load on the dashboard"
NOTE = (
    f"{CLIENTS} simulated browsers (threads, each with its own HTTP session) replay filter changes for {DURATION_S:g} s "
    f"after a {WARMUP_S:g} s warm-up against the real server over the largest kept store: every page with a new filter state, the callbacks each "
    "page fires on load and the user actions (downloads, clicks, article view). An error is an HTTP error or a chart "
    "answering 'timed out', 'failed' or 'unavailable'; errors during the warm-up count too. RSS is the server's, "
    "sampled every second of the measured part."
)


def _rss_mb(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def run() -> list[dict]:
    corpus = scaled.build(max(scaled.scales_from_env()))
    store = bench_ingest.kept_store(corpus)
    states = filter_states.realistic(store, STATES)
    samples: list[Samples] = [{} for _ in range(CLIENTS)]
    errors: list[str] = []
    visits = [0] * CLIENTS
    rss: list[float] = []
    load_before = os.getloadavg()[0]
    with Server(store) as server:
        measured_from = time.monotonic() + WARMUP_S
        deadline = measured_from + DURATION_S

        def client(n: int) -> None:
            session = Session(server.url)
            k = n
            while time.monotonic() < deadline:
                measured = time.monotonic() >= measured_from
                try:
                    session.visit(states[k % len(states)], samples[n] if measured else None)
                    visits[n] += measured
                except Exception as err:  # noqa: BLE001 - counted and shown, the run goes on
                    errors.append(str(err)[:200])
                k += CLIENTS

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            if time.monotonic() >= measured_from:
                rss.append(_rss_mb(server.process.pid))
            time.sleep(RSS_EVERY_S)
        for thread in threads:
            thread.join()
    seconds = [s for client_samples in samples for values in client_samples.values() for s in values]
    quarter = max(len(rss) // 4, 1)
    return [
        {
            "clients": CLIENTS,
            "seconds": DURATION_S,
            "page visits (all pages, one filter state)": sum(visits),
            "callback requests": len(seconds),
            "errors": len(errors),
            "p50 ms": round(statistics.median(seconds) * 1000) if seconds else "-",
            "p95 ms": round(float(np.percentile(seconds, 95)) * 1000) if seconds else "-",
            "server RSS MB first quarter / last quarter (max)": f"{max(rss[:quarter]):,.0f} / {max(rss[-quarter:]):,.0f}",
            "load avg before / after": f"{load_before:.1f} / {os.getloadavg()[0]:.1f}",
            "first error": errors[0] if errors else "-",
        }
    ]

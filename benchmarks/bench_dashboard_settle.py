"""How long a user waits on the dashboard over a given store (BENCH_STORE=/path/to/store.duckdb):
the first Overview load after the server starts, and each filter change until the page settles.

`python -m benchmarks.bench_dashboard_settle` (BENCH_STORE required; the store is only read).
The real server (`bench_dashboard.Server`) is driven as the Dash renderer drives it: a change
fires, at once and in parallel (at most BROWSER_CONNECTIONS requests in flight, Chromium's limit
per host), every server callback with a changed input, except one whose other inputs a callback
still pending or running will set (it waits for that one); each answer fires the callbacks its
outputs feed. A change has settled when no callback is pending or running: its time is that of
the slowest chain of callbacks, which this reports with the time of each of its steps.

(a) First Overview load: from starting the server process to the last Overview callback answered
    (and, within it, from the first request for the page).
(b) Filter changes: on every page, the filter bar set to each state (benchmarks/filter_states.py,
    the first an agency filter alone: the first agency filter after the start), all its controls at
    once, as a user's last change of a control; p50 / p95 / max over the states, per page.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import pathlib
import statistics
import threading
import time
from typing import Any

import numpy as np
import requests

from analytics import queries as q
from analytics.queries.engine import NO_LIMIT
from analytics.queries.filters import Filters
from analytics.store.store import Store
from benchmarks import filter_states
from benchmarks.bench_dashboard import GRID_REQUEST, Callback, Key, Server, Session
from dashboard import ids
from dashboard.logic import filterbar

STORE_ENV = "BENCH_STORE"
BROWSER_CONNECTIONS = 6  # Chromium's concurrent HTTP/1.1 connections per host
FILTER_STATES = 10  # filter states per page, after the first agency filter
FIRST_LOAD_TARGET_S = 2.0  # issue 14: first Overview load after start
SETTLE_TARGET_S = 1.0  # issue 14: any filter change settles
# What the browser does by itself when a browser-side callback's input changes: the grid's refresh
# (a new filter key or search) purges its rows, and the grid asks for its first block again.
REFETCHED = {(ids.GRID_REFRESH, "data"): (ids.GRID, "getRowsRequest")}


@dataclasses.dataclass(frozen=True)
class Settled:
    """One change: seconds until nothing was pending, and its slowest chain as (callback, seconds) steps."""

    seconds: float
    chain: tuple[tuple[str, float], ...]

    def chain_text(self) -> str:
        return " → ".join(f"{label} ({seconds * 1000:.0f} ms)" for label, seconds in self.chain)


class Browser(Session):
    """A session whose callbacks fire as in the browser: in parallel, each after those setting its inputs."""

    def __init__(self, url: str):
        self._local = threading.local()
        super().__init__(url)

    @property  # type: ignore[override]
    def http(self) -> requests.Session:  # one per thread: a requests.Session is not shared across threads
        if not hasattr(self._local, "http"):
            self._local.http = requests.Session()
        return self._local.http

    @http.setter
    def http(self, _value) -> None:  # Session.__init__ sets one; each thread makes its own
        pass

    def load(self, page: str, search: str, values: dict[Key, Any], *, first: bool = False) -> tuple[dict, Settled]:
        """Open `page` with the query string `search`; the page's components and how long it took to settle."""
        values.update({(loc, "search"): search for loc in ("url", "_pages_location")})
        values.update({(loc, "pathname"): page for loc in ("url", "_pages_location")})
        values[(ids.GRID, "getRowsRequest")] = GRID_REQUEST  # the grid asks for its first block once mounted
        started = time.perf_counter()
        self.call(self.page_callback, values, self.shell, ("_pages_location", "pathname"), "page load", None)
        known = {**self.shell, **dict(self._components(values.get(("_pages_content", "children"))))}
        opening = Settled(time.perf_counter() - started, (("page content", time.perf_counter() - started),))
        initial = [c for c in self._on_page(known) if c.initial and (first or not _in_shell(c, self.shell))]
        settled = self.settle(values, known, {c: c.inputs[0] for c in initial})
        return known, Settled(opening.seconds + settled.seconds, opening.chain + settled.chain)

    def change_filters(self, filters: Filters, values: dict[Key, Any], known: dict) -> Settled:
        """Every control of the filter bar set to `filters` at once; the page settling after it."""
        controls = filterbar.controls_of(filters)
        changed = {ids.CONTROLS[name]: value for name, value in controls.items()}
        changed[ids.CONTROLS["wire_copy_only"]] = [True] if filters.wire_copy_only else []
        values.update(changed)
        return self.settle(values, known, self._fired(known, set(changed), exclude=None))

    def _fired(self, known: dict, changed: set[Key], *, exclude: Callback | None) -> dict[Callback, Key]:
        """The page's callbacks a change of `changed` fires (but `exclude`), each with the input that fired it
        (and those the browser's own callbacks make it send again: REFETCHED)."""
        for browser_side in self.browser_callbacks:
            if set(browser_side.inputs) & changed:
                changed = changed | {REFETCHED[out] for out in browser_side.outputs if out in REFETCHED}
        return {
            c: next(k for k in c.inputs if k in changed)
            for c in self._on_page(known)
            if c is not exclude and set(c.inputs) & changed
        }

    def settle(self, values: dict[Key, Any], known: dict, fired: dict[Callback, Key]) -> Settled:
        """Run the fired callbacks as the renderer does until none is pending; the slowest chain."""
        started = time.perf_counter()
        pending: dict[Callback, tuple[tuple, Key]] = {c: ((), key) for c, key in fired.items()}  # (chain, trigger)
        running: dict[concurrent.futures.Future, tuple[Callback, tuple]] = {}
        last = Settled(0.0, ())
        with concurrent.futures.ThreadPoolExecutor(BROWSER_CONNECTIONS) as pool:
            while pending or running:
                busy = [c for c in pending] + [c for c, _ in running.values()]
                for callback in list(pending):
                    if len(running) >= BROWSER_CONNECTIONS:
                        break
                    feeding = {o for c in busy if c is not callback for o in c.outputs}
                    if set(callback.inputs) & feeding:
                        continue
                    chain, trigger = pending.pop(callback)
                    running[pool.submit(self._timed, callback, values, known, trigger)] = (callback, chain)
                if not running:  # a cycle of waits: the first fires (as the renderer breaks it)
                    callback, (chain, trigger) = next(iter(pending.items()))
                    del pending[callback]
                    running[pool.submit(self._timed, callback, values, known, trigger)] = (callback, chain)
                done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in done:
                    callback, chain = running.pop(future)
                    changed, seconds = future.result()
                    steps = (*chain, (callback.label, seconds))
                    last = Settled(time.perf_counter() - started, steps)
                    for follower, key in self._fired(known, changed, exclude=callback).items():
                        pending.setdefault(follower, (steps, key))
        return last

    def _timed(self, callback: Callback, values, known, trigger: Key) -> tuple[set[Key], float]:
        started = time.perf_counter()
        changed = self.call(callback, values, known, trigger, "settle", None)
        return changed, time.perf_counter() - started


def _in_shell(callback: Callback, shell: dict) -> bool:
    """A callback of the shell alone (its filter bar): it fired on the first page and not again."""
    return all(key[0] in shell for key in (*callback.outputs, *callback.inputs))


def first_agency_filter(store: pathlib.Path) -> Filters:
    """The most credited agency alone: the first agency filter a user tries."""
    with Store.open(store, read_only=True) as opened:
        top = q.attribution_by_agency(opened, Filters(), limit=1, time_limit=NO_LIMIT)["agency"]
    return Filters(agencies=(str(top.iloc[0]),))


def run(store: pathlib.Path) -> dict[str, Any]:
    """The figures of (a) and (b) over `store`."""
    states = [first_agency_filter(store), *filter_states.realistic(store, FILTER_STATES)]
    load_before = os.getloadavg()[0]
    with Server(store) as server:
        browser = Browser(server.url)
        values: dict[Key, Any] = {}
        overview, first = browser.load("/", "", values, first=True)
        first_load_s = server.layout_s + first.seconds  # process start -> layout, then the page's callbacks
        first_agency = browser.change_filters(states[0], values, overview)
        pages: dict[str, list[Settled]] = {}
        for page in browser.pages:
            known, _ = browser.load(page, "", values)
            pages[page] = [browser.change_filters(filters, values, known) for filters in states[1:]]
            browser.change_filters(Filters(), values, known)
    return {
        "store": store,
        "index_s": server.index_s,
        "layout_s": server.layout_s,
        "first": first,
        "first_load_s": first_load_s,
        "first_agency": first_agency,
        "first_agency_filter": states[0],
        "pages": pages,
        "load": (load_before, os.getloadavg()[0]),
        "rss_mb": server.peak_rss_mb,
    }


def report(result: dict[str, Any]) -> str:
    """The figures as markdown, for benchmarks/RESULTS.md."""
    met = {True: "met", False: "missed"}
    lines = [
        f"Store {result['store']}; load average before / after {result['load'][0]:.1f} / {result['load'][1]:.1f}; "
        f"server peak RSS {result['rss_mb']:,.0f} MB.",
        f"- (a) First Overview load after start: {result['first_load_s']:.2f} s "
        f"(target {FIRST_LOAD_TARGET_S:g} s: {met[result['first_load_s'] <= FIRST_LOAD_TARGET_S]}): the server answers "
        f"its page after {result['index_s']:.2f} s, its layout after {result['layout_s']:.2f} s, then the page's "
        f"callbacks settle in {result['first'].seconds:.2f} s; slowest chain: {result['first'].chain_text()}.",
        f"- First agency filter (agencies={','.join(result['first_agency_filter'].agencies)}, on the Overview): {result['first_agency'].seconds:.2f} s; slowest chain: "
        f"{result['first_agency'].chain_text()}.",
        "",
        f"| page | changes | p50 s | p95 s | max s | max <= {SETTLE_TARGET_S:g} s | slowest chain of the slowest change |",
        "|---|---|---|---|---|---|---|",
    ]
    for page, settled in result["pages"].items():
        seconds = [s.seconds for s in settled]
        worst = max(settled, key=lambda s: s.seconds)
        lines.append(
            f"| {page} | {len(seconds)} | {statistics.median(seconds):.2f} | {np.percentile(seconds, 95):.2f} | "
            f"{max(seconds):.2f} | {met[max(seconds) <= SETTLE_TARGET_S]} | {worst.chain_text()} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    path = os.environ.get(STORE_ENV)
    if not path:
        raise SystemExit(f"{STORE_ENV}=/path/to/store.duckdb is required")
    print(report(run(pathlib.Path(path))))

"""The dashboard over the store the ingest benchmark kept for the largest scaled corpus
(benchmarks/bench_ingest.kept_store), driven through its real HTTP endpoint.

The server is the real command (`python -m analytics.cli dashboard --store S --port P`) in
a child process.

- Cold start: from starting the process until the first page is served: its HTML (`GET /`)
  and its layout (`GET /_dash-layout`: the shell and the filter bar, its options counted in
  the store).
- Callbacks: every callback of the app's callback map (`GET /_dash-dependencies`), except
  those that run in the browser, is posted to `/_dash-update-component` the way the pages
  send it, one request at a time, as a user session per filter state
  (benchmarks/filter_states.py; every state a different one, so nothing is answered from
  an earlier request's cache): for each page (the navigation bar's links), the page's
  content, then the callbacks that fire when it loads (in the order their inputs are
  produced: the filter sync first, then the charts), then what a user does on it (ACTIONS:
  download each chart, click its first point, open the first article and close it), each
  followed by the callbacks its outputs fire. Input values come from the layouts the server
  sent and from the responses before, as in a browser. A callback no page fires, or that
  nothing in ACTIONS can trigger, stops the benchmark: none is forgotten. Before those
  sessions, one without filters, right after the start, shows what a first visit waits for.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import requests

from analytics.queries.filters import Filters
from benchmarks import bench_ingest, filter_states, scaled
from dashboard.logic import messages

WARMUP_STATES = 3  # sessions before the measured ones (imports, first store reads)
MEASURED_STATES = 30  # sessions measured: samples per callback and page
COLD_START_TARGET_S = 3.0
P95_TARGET_MS = 150.0
START_TIMEOUT_S = 300.0
POLL_S = 0.05
REQUEST_TIMEOUT_S = 120.0
GRID_REQUEST = {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}  # the grid's first block
FAILURES = tuple(m("").title for m in (messages.timed_out, messages.failed, messages.unavailable))

Key = tuple[str, str]  # (component id as the callback map writes it, property)
Samples = dict[tuple[str, str], list[float]]  # (callback label, what fired it) -> seconds of each request


# --- the server ---------------------------------------------------------------------------


@dataclasses.dataclass
class Server:
    store: pathlib.Path
    port: int = 0
    process: subprocess.Popen | None = None
    log: Any = None  # the server's stderr
    index_s: float = 0.0  # process start -> GET / answered
    layout_s: float = 0.0  # process start -> GET /_dash-layout answered
    peak_rss_mb: float = 0.0  # the server's, when it is stopped

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()  # a file, not a pipe: the server logs every request
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "analytics.cli", "dashboard", "--store", str(self.store), "--port", str(self.port)],
            cwd=scaled.REPO,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        try:
            self.index_s = self._first_answer("/", started)
            self.layout_s = self._first_answer("/_dash-layout", started)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _first_answer(self, path: str, started: float) -> float:
        while time.perf_counter() - started < START_TIMEOUT_S:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(
                    f"the dashboard exited with status {self.process.returncode}:\n"
                    f"{self.log.read().decode(errors='replace')}"
                )
            try:
                response = requests.get(self.url + path, timeout=REQUEST_TIMEOUT_S)
            except requests.ConnectionError:
                time.sleep(POLL_S)
                continue
            response.raise_for_status()
            return time.perf_counter() - started
        raise RuntimeError(f"the dashboard did not answer {path} within {START_TIMEOUT_S:g} s")

    def __exit__(self, *exc) -> None:
        status = pathlib.Path(f"/proc/{self.process.pid}/status")  # Linux
        if status.exists():
            peak = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM"))
            self.peak_rss_mb = int(peak.split()[1]) / 1024  # kB
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the app's callback map and layouts ----------------------------------------------------


def parse_id(text: str) -> str | dict:
    """A component id as the callback map writes it: a string, or a dict id as JSON."""
    return json.loads(text) if text.startswith("{") else text


def id_key(component_id: str | dict) -> str:
    """The callback map's text of an id (Dash's stringify_id: a dict as JSON, keys sorted)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id


def is_wildcard(component_id: str | dict) -> bool:
    return isinstance(component_id, dict) and any(isinstance(v, list) for v in component_id.values())


def matches(pattern: dict, component_id: Any) -> bool:
    return (
        isinstance(component_id, dict)
        and component_id.keys() == pattern.keys()
        and all(isinstance(v, list) or component_id[k] == v for k, v in pattern.items())
    )


@dataclasses.dataclass(frozen=True)
class Callback:
    output: str  # the callback map's key
    outputs: tuple[Key, ...]
    inputs: tuple[Key, ...]
    state: tuple[Key, ...]
    initial: bool  # fires when its components appear (no prevent_initial_call)

    @classmethod
    def of(cls, spec: dict) -> Callback:
        text = spec["output"]
        parts = text[2:-2].split("...") if text.startswith("..") else [text]
        outputs = tuple((part.rsplit(".", 1)[0], part.rsplit(".", 1)[1].split("@")[0]) for part in parts)
        return cls(
            text,
            outputs,
            tuple((i["id"], i["property"]) for i in spec["inputs"]),
            tuple((s["id"], s["property"]) for s in spec["state"]),
            not spec["prevent_initial_call"],
        )

    @property
    def label(self) -> str:
        (out_id, out_prop), (in_id, in_prop) = self.outputs[0], self.inputs[0]
        return f"{_short(out_id)}.{out_prop} ← {_short(in_id)}.{in_prop}"


def _short(component_id: str) -> str:
    """An id for a label: a dict id as its fixed values, `{tag_timeline, tags, chart-option}`."""
    parsed = parse_id(component_id)
    if isinstance(parsed, dict):
        return "{" + ", ".join(str(v) for _, v in sorted(parsed.items()) if not isinstance(v, list)) + "}"
    return parsed


def components(tree: Any) -> Iterator[tuple[Any, dict]]:
    """(id, props) of every component with an id in a layout (as JSON)."""
    if isinstance(tree, list):
        for item in tree:
            yield from components(item)
    elif isinstance(tree, dict):
        props = tree.get("props") if "type" in tree and "namespace" in tree else None
        if isinstance(props, dict):
            if "id" in props:
                yield props["id"], props
            for value in props.values():
                yield from components(value)
        else:
            for value in tree.values():
                yield from components(value)


# --- a user session -----------------------------------------------------------------------


def click_on(figure: dict) -> dict | None:
    """clickData for the first point of a figure's first trace (None: nothing drawn)."""
    traces = (figure or {}).get("data") or []
    if not traces:
        return None
    point = {"curveNumber": 0, "pointNumber": 0, "pointIndex": 0}
    for axis in ("x", "y"):
        values = _array(traces[0].get(axis))
        if values:
            point[axis] = values[0]
    return {"points": [point]}


def _array(value: Any) -> list:
    """A Plotly array as a list (numbers may come base64-encoded: {"dtype", "bdata"})."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value) if isinstance(value, (list, tuple)) else []


def first_row_click(response: dict | None) -> dict | None:
    rows = (response or {}).get("rowData") or []
    return {"rowId": rows[0]["article_id"], "colId": "title", "rowIndex": 0} if rows else None


# What a user does, by the property of the input that fires a callback that does not fire
# by itself: (the session's values, the component id) -> the new value (None: nothing to do).
ACTIONS: dict[str, Callable[[dict[Key, Any], str], Any]] = {
    "n_clicks": lambda values, cid: 1,
    "clickData": lambda values, cid: click_on(values.get((cid, "figure"))),
    "cellClicked": lambda values, cid: first_row_click(values.get((cid, "getRowsResponse"))),
    "is_open": lambda values, cid: False if values.get((cid, "is_open")) else None,  # close what is open
    "search_value": lambda values, cid: TYPED,  # a user types into a searchable dropdown
    # A user picks a chart option again: a pattern's components send the values they hold (see Session.call).
    "value": lambda values, cid: True if is_wildcard(parse_id(cid)) else values.get((cid, "value")),
}
TYPED = "ko"  # what a user types into a dropdown's search box: a prefix that matches many values
# Values components send by themselves once mounted, by property.
MOUNTED = {"getRowsRequest": GRID_REQUEST}


class Session:
    """One browser: the app's callbacks and layouts, the values its components hold."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        specs = self._get("/_dash-dependencies")
        self.server_callbacks = [Callback.of(s) for s in specs if not s.get("clientside_function")]
        self.browser_callbacks = [Callback.of(s) for s in specs if s.get("clientside_function")]
        self.shell = dict(self._components(self._get("/_dash-layout")))
        self.pages = [
            props["href"]
            for cid, props in self.shell.items()
            if isinstance(cid, str) and cid.startswith("nav-") and "href" in props
        ]
        self.page_callback = next(c for c in self.server_callbacks if ("_pages_location", "pathname") in c.inputs)

    def _get(self, path: str) -> Any:
        response = self.http.get(self.url + path, timeout=REQUEST_TIMEOUT_S)
        response.raise_for_status()
        return response.json()

    @staticmethod
    def _components(tree: Any) -> Iterator[tuple[str, dict]]:
        for cid, props in components(tree):
            yield id_key(cid), props

    # --- one filter state, every page

    def visit(self, filters: Filters, samples: Samples | None = None) -> None:
        """Every page for the filters; each request's seconds into `samples` by (callback, when)."""
        query = filters.to_query_string()
        search = f"?{query}" if query else ""
        values: dict[Key, Any] = {("url", "search"): search, ("_pages_location", "search"): search}
        done: set[str] = set()  # callbacks fired in this session (the shell's fire once)
        for page in self.pages:
            values[("url", "pathname")] = values[("_pages_location", "pathname")] = page
            self.call(self.page_callback, values, self.shell, ("_pages_location", "pathname"), "page load", samples)
            known = {**self.shell, **dict(self._components(values.get(("_pages_content", "children"))))}
            self._load(values, known, done, samples)
            for callback in self._on_page(known):
                if not callback.initial and callback.output not in done:
                    self._act(callback, values, known, samples)
                    done.add(callback.output)

    def _on_page(self, known: dict) -> list[Callback]:
        """The server callbacks whose outputs and inputs are all on the page (or the shell)."""

        def present(key: Key) -> bool:
            cid = parse_id(key[0])
            return is_wildcard(cid) or key[0] in known

        return [
            c
            for c in self.server_callbacks
            if c is not self.page_callback and all(present(k) for k in (*c.outputs, *c.inputs, *c.state))
        ]

    def _load(self, values, known, done: set[str], samples: Samples | None) -> None:
        """The callbacks that fire when the page loads, each after those producing its inputs."""
        waiting = [c for c in self._on_page(known) if c.initial and c.output not in done]
        while waiting:
            produced = {o for c in waiting for o in c.outputs}
            ready = [c for c in waiting if not (set(c.inputs) - set(c.outputs)) & produced] or waiting[:1]
            callback = ready[0]
            mounted = next((k for k in callback.inputs if k[1] in MOUNTED), None)
            if mounted:
                values[mounted] = MOUNTED[mounted[1]]
            self.call(callback, values, known, mounted or callback.inputs[0], "page load", samples)
            done.add(callback.output)
            waiting.remove(callback)

    def _act(self, callback: Callback, values, known, samples: Samples | None) -> None:
        trigger = next((k for k in callback.inputs if k[1] in ACTIONS), None)
        if trigger is None:
            raise RuntimeError(f"no user action fires {callback.label}: add its input property to ACTIONS")
        value = ACTIONS[trigger[1]](values, trigger[0])
        if value is None:  # nothing to click: the chart or the table is empty for these filters
            return
        values[trigger] = value
        changed = self.call(callback, values, known, trigger, "user action", samples)
        for follower in self._on_page(known):  # what the action's outputs fire, once
            if follower.initial and follower is not callback and set(follower.inputs) & changed:
                key = next(k for k in follower.inputs if k in changed)
                self.call(follower, values, known, key, f"after {callback.label}", samples)

    # --- one request

    def call(
        self, callback: Callback, values: dict[Key, Any], known: dict, trigger: Key, when: str, samples: Samples | None
    ) -> set[Key]:
        """POST the callback with the session's values; merge what it sets into them. Returns
        the (id, property) pairs it set."""

        def item(key: Key) -> Any:
            cid = parse_id(key[0])
            if is_wildcard(cid):
                return [
                    {"id": parse_id(k), "property": key[1], "value": values.get((k, key[1]), props.get(key[1]))}
                    for k, props in known.items()
                    if matches(cid, parse_id(k))
                ]
            return {"id": cid, "property": key[1], "value": values.get(key, known.get(key[0], {}).get(key[1]))}

        outputs = [{"id": parse_id(i), "property": p} for i, p in callback.outputs]
        body = {
            "output": callback.output,
            "outputs": outputs if callback.output.startswith("..") else outputs[0],
            "inputs": [item(k) for k in callback.inputs],
            "state": [item(k) for k in callback.state],
            "changedPropIds": [f"{trigger[0]}.{trigger[1]}"],
        }
        started = time.perf_counter()
        response = self.http.post(self.url + "/_dash-update-component", json=body, timeout=REQUEST_TIMEOUT_S)
        seconds = time.perf_counter() - started
        if response.status_code not in (200, 204):
            raise RuntimeError(f"{callback.label}: HTTP {response.status_code}: {response.text[:500]}")
        failure = next((title for title in FAILURES if title in response.text), None)
        if failure:  # a chart that says why it has nothing to show was not measured doing its work
            raise RuntimeError(f"{callback.label}: the dashboard answered {failure!r} for {body['inputs']}")
        if samples is not None:
            samples.setdefault((callback.label, when), []).append(seconds)
        changed: set[Key] = set()
        if response.status_code == 200:
            for cid, props in response.json().get("response", {}).items():
                for prop, value in props.items():
                    values[(cid, prop)] = value
                    changed.add((cid, prop))
        return changed


# --- the benchmark ------------------------------------------------------------------------

_summary: dict[str, Any] = {}


def run() -> list[dict]:
    corpus = scaled.build(max(scaled.scales_from_env()))
    store = bench_ingest.kept_store(corpus)
    states = filter_states.realistic(store, WARMUP_STATES + MEASURED_STATES)
    load_before = os.getloadavg()[0]
    first: Samples = {}
    measured: Samples = {}
    with Server(store) as server:
        session = Session(server.url)
        session.visit(Filters(), first)  # the first visit, right after the start: nothing computed yet
        for n, filters in enumerate(states):
            session.visit(filters, measured if n >= WARMUP_STATES else None)
    missing = {c.label for c in session.server_callbacks} - {label for label, _ in measured}
    if missing:
        raise RuntimeError(f"callbacks no page fired: {', '.join(sorted(missing))}")
    _summary.update(
        records=corpus.records,
        index_s=server.index_s,
        layout_s=server.layout_s,
        rss_mb=server.peak_rss_mb,
        load=(load_before, os.getloadavg()[0]),
        browser=[c.label for c in session.browser_callbacks],
    )
    rows = []
    for (label, when), seconds in sorted(measured.items(), key=lambda item: -_p95(item[1])):
        p95 = _p95(seconds) * 1000
        unfiltered = first.get((label, when))
        rows.append(
            {
                "callback (first output ← first input)": label,
                "when": when,
                "requests": len(seconds),
                "p50 ms": round(statistics.median(seconds) * 1000),
                "p95 ms": round(p95),
                "max ms": round(max(seconds) * 1000),
                f"p95 <= {P95_TARGET_MS:g} ms": "met" if p95 <= P95_TARGET_MS else "missed",
                "first visit, no filters, ms": round(max(unfiltered) * 1000) if unfiltered else "-",
            }
        )
    return rows


def _p95(seconds: list[float]) -> float:
    return float(np.percentile(seconds, 95))


def AFTER() -> str:
    s = _summary
    met = "met" if s["layout_s"] <= COLD_START_TARGET_S else "missed"
    return "\n".join(
        [
            f"Cold start over {s['records']:,} records (target {COLD_START_TARGET_S:g} s): the page's HTML after "
            f"{s['index_s']:.2f} s, its layout after {s['layout_s']:.2f} s ({met}).",
            f"Peak RSS of the server: {s['rss_mb']:,.0f} MB. "
            f"Load average before / after the callbacks: {s['load'][0]:.1f} / {s['load'][1]:.1f}. "
            f"Run in the browser, not timed: {'; '.join(s['browser'])}.",
            "",
            FINDINGS,
        ]
    )


FINDINGS = """Before this work (these sessions, 6 filter states, 1M records, load 3): callbacks took
76 to 360 ms at the median, up to 410 ms (the overview's figures), and the page 3.5 s to start.
What py-spy showed and what changed (results unchanged: tests/queries/test_queries_compact.py,
tests/dashboard/test_dashboard_logic.py):
- The store was opened and closed for every request (13 ms + 3 ms, and every query then read
  its columns again): it now stays open 2 s after the last request (a writer's notice still
  closes it at once), and its version is computed once per opening.
- Analyses run on a compact in-memory copy of the columns they read (analytics.queries.compact),
  made in the background after the first page: integer ids in publication order, tags kept in
  tag order, attributions in agency order, so a date range, a tag or an agency filter reads a
  few row groups; two to three times faster (about 300 MB and 2 s at 1M records).
- A chart's figure is cached with its frame: a click no longer rebuilds it (40 to 60 ms). The
  overview's figures are computed once for its headline and its metrics chart, without the top
  lists it never showed. The filter bar's options come from cheaper analyses (3.7 s to 1.4 s).
- The Articles table counted and sorted every selected article joined to article_credits, and
  scanned attributions for the page's credits: it now counts on the copy, picks the page's ids
  there, and looks up their text, wire copy and credits by key (median 140 ms to 50 ms).
What still bounds the p95: the machine's other jobs (at load 4 and more on two cores the
slowest requests double), and the heaviest states: tag co-occurrence over a busy quarter (the
pairs of some 200,000 tag rows) and the overview's four counts over 50,000 articles. The
first visit without filters, before the copy is made, runs on the store: 1 to 2 s for the
tag charts (tag co-occurrence over 4.2 million rows)."""


TITLE = "Dashboard over the largest store"
NOTE = (
    "The real server (`media-analytics dashboard`) in a child process over the store the ingest benchmark kept for "
    "its largest corpus. Every server callback of the app's callback map posted to /_dash-update-component as the "
    f"pages send it, one request at a time, in user sessions of {MEASURED_STATES} filter states after "
    f"{WARMUP_STATES} unmeasured ones (benchmarks/filter_states.py: date ranges, agencies, tags and their "
    "combinations; each state new to the server, so its charts are computed, not cached): each page loaded, its "
    "callbacks fired, then each chart downloaded and clicked, and the first article opened and closed. Latency from "
    "request to full response; `when` says what fired the callback. The last column is the same callback in the first "
    "session, right after the start and without filters: nothing computed yet (the slowest of its requests)."
)


if __name__ == "__main__":
    for row in run():
        print(row)
    print(AFTER())

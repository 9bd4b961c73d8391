"""`make run` ingests the bundled sample and serves the dashboard on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from repo_paths import REPO

STARTUP_LIMIT_S = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_run_serves_the_sample(tmp_path):
    port = _free_port()
    store = tmp_path / "store.duckdb"
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        ["make", "run", f"STORE={store}", f"PORT={port}"],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        page = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = (response.status, response.read().decode())
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        output = (tmp_path / "run.log").read_text()
        assert page is not None, f"nothing served on port {port}; make run said:\n{output}"
        assert page[0] == 200
        layout = urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=5).read().decode()
        assert "Articles" in layout and "KCNA" in layout
        assert store.exists()
        assert "Traceback" not in output
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()

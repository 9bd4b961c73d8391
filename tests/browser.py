"""A real headless browser (Debian chromium + chromedriver) and a live server for dashboard tests."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# Flags for a headless Chromium run as root on a machine without network access.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--window-size=1400,1000",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def live_server(flask_app) -> Iterator[str]:
    """Serve a Flask (Dash) app on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", _free_port(), flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """make test installs chromium and chromium-driver; without them these tests cannot run."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail(
            "chromium and chromedriver are missing: `make test` installs them (apt-get install chromium chromium-driver)"
        )
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture()
def driver(browser: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """The session's browser at a 1,440 px desktop window, its console emptied for this test."""
    browser.set_window_size(1440, 900)
    browser.get_log("browser")
    yield browser


def console_errors(driver: webdriver.Chrome) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]

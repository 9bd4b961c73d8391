"""The denominator line over each chart, in a real browser (Chromium) at 1,440 px: fully inside its
card and its drawing on every page, the narrow cards included (issue 14: it ran past the left
edge of the wire copy card)."""

from __future__ import annotations

import json
import pathlib

import pytest
from browser import browser, live_server  # noqa: F401  (the session fixture)
from test_dashboard_browser import PAGES, page_ready, wait
from test_dashboard_support import build_store

from dashboard import create_app
from dashboard.logic.charts import CHARTS

# For a chart: the box of its denominator (the annotation stating "Shares are of"), of its card
# and of its drawing (an SVG shows nothing outside its box), as {left, top, right, bottom}.
BOXES = """
const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
const card = document.getElementById(arguments[0] + '-card');
const svg = card.querySelector('.main-svg');
const notes = Array.from(card.querySelectorAll('g.annotation')).filter(a => a.textContent.startsWith('Shares are of'));
return JSON.stringify({card: box(card), svg: svg && box(svg), denominator: notes.map(box), text: notes.map(a => a.textContent)});
"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    store_path: pathlib.Path = build_store(tmp_path_factory.mktemp("denominator-layout"))
    with live_server(create_app(store_path).server) as url:
        yield url


def inside(inner: dict, outer: dict) -> bool:
    return all(inner[side] >= outer[side] for side in ("left", "top")) and all(
        inner[side] <= outer[side] for side in ("right", "bottom")
    )


def test_every_denominator_lies_inside_its_card(browser, base_url):  # noqa: F811
    browser.set_window_size(1440, 900)
    checked = []
    for path, charts in PAGES.values():
        browser.get(base_url + path)
        wait(browser, page_ready(*charts))
        for chart in charts:
            analysis = CHARTS[chart].analysis
            found = json.loads(browser.execute_script(BOXES, chart))
            if analysis is None or found["svg"] is None:  # no figure: its message says why
                continue
            assert len(found["denominator"]) == 1, (chart, found["text"])
            stated = found["text"][0].replace(" ", "")  # its lines are joined without a space
            assert stated == analysis.denominator.replace(" ", ""), chart
            (box,) = found["denominator"]
            assert inside(box, found["card"]) and inside(box, found["svg"]), (chart, box, found)
            checked.append(chart)
    assert {"wire_copy", "state_media", "agency_timeline"} <= set(checked)  # the narrow cards and a timeline

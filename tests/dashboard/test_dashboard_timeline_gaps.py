"""No timeline trace crosses an empty period, in a real browser on the store of every shared corpus:
the figure data the page holds has consecutive periods (empty ones drawn as 0, or as a break in a
share line), for Reuters-21578 in 1987 and the Indonesian pages of 2007-2025, on every timeline;
the Full span option shows the whole range. Screenshots under tests/artifacts/."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest
from browser import browser, driver  # noqa: F401  (the fixtures)
from selenium.webdriver.common.by import By
from shared_store import shared_store, shared_store_url  # noqa: F401  (the fixtures)
from test_dashboard_browser import click, page_ready, screenshot, wait

# timeline chart -> (its page, its default period's step)
TIMELINES = {"publications": "/timeline", "agency_timeline": "/attribution", "tag_timeline": "/tags"}
STEPS = {"publications": "month", "agency_timeline": "month", "tag_timeline": "week"}
FILTERS = {"reuters_1987": "outlets=reuters", "indonesian": "languages=id"}
# the figure as the page holds it; arrays are either plain or Plotly's typed-array form {dtype, bdata, shape}
TRACES = (
    "const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
    "const plain = v => (v && v.bdata) ? v : Array.from(v);"
    "return JSON.stringify({axis: g.layout.xaxis, traces: g.data.map(t => ({name: t.name, x: plain(t.x),"
    " y: plain(t.y), customdata: plain(t.customdata)}))});"
)


def values(array) -> list:
    """A list of a figure array from the page: as it is, or decoded from Plotly's typed-array form."""
    if not isinstance(array, dict):
        return array
    decoded = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    shape = array.get("shape")
    return decoded.reshape([int(n) for n in str(shape).split(",")]).tolist() if shape else decoded.tolist()


def drawn(driver, chart: str) -> dict:
    """The x axis and the traces (x, y, period totals) of a chart as the page holds them."""
    figure = json.loads(driver.execute_script(TRACES, f"{chart}-graph"))
    for trace in figure["traces"]:
        trace["x"], trace["y"] = values(trace["x"]), values(trace["y"])
        trace["total"] = [row[1] for row in values(trace.pop("customdata"))]
        assert len(trace["x"]) == len(trace["y"]) == len(trace["total"]) > 0, trace["name"]
    return figure


def consecutive(x: list[str], step: str) -> bool:
    periods = pd.to_datetime(pd.Series(x))
    expected = pd.date_range(periods.iloc[0], periods.iloc[-1], freq={"month": "MS", "week": "7D"}[step])
    return list(periods) == list(expected)


def check_no_line_across_gaps(figure: dict, step: str, measure: str) -> None:
    assert figure["traces"]
    for trace in figure["traces"]:
        assert consecutive(trace["x"], step), trace["name"]
        for y, total in zip(trace["y"], trace["total"]):
            if total == 0:  # no article in the period: 0 articles, or no share (a break)
                assert y == (0 if measure == "count" else None), trace["name"]


@pytest.mark.parametrize("name", FILTERS)
def test_no_timeline_trace_crosses_an_empty_period(driver, shared_store_url, name):
    for chart, path in TIMELINES.items():
        driver.get(f"{shared_store_url}{path}?{FILTERS[name]}")
        wait(driver, page_ready(chart))
        figure = drawn(driver, chart)
        measure = "share" if chart == "agency_timeline" else "count"
        check_no_line_across_gaps(figure, STEPS[chart], measure)
        assert figure["axis"]["dtick"] in ("M1", "M3", "M6", "M12", "M24", "M60", 7 * 86_400_000)  # ticks of the period
        if chart == "agency_timeline":
            assert "not drawn" in figure["axis"]["title"]["text"]
        screenshot(driver, f"timeline_gaps_{name}_{chart}")


def test_reuters_1987_then_nothing_until_the_indonesian_pages_on_the_full_span(driver, shared_store_url):
    driver.get(f"{shared_store_url}/timeline")
    wait(driver, page_ready("publications"))
    dense = drawn(driver, "publications")
    full_span = driver.find_element(By.XPATH, "//*[@id='publications-card']//label[normalize-space()='Full span']")
    click(driver, full_span)
    wait(driver, lambda d: drawn(d, "publications")["axis"]["range"] != dense["axis"]["range"])
    full = drawn(driver, "publications")
    start, end = (pd.Timestamp(x) for x in full["axis"]["range"])
    assert start.year == 1987 and end.year == 2025
    check_no_line_across_gaps(full, "month", "count")
    reuters = next(t for t in full["traces"] if t["name"] == "Reuters")
    after_april_1987 = [y for x, y in zip(reuters["x"], reuters["y"]) if pd.Timestamp(x) > pd.Timestamp("1987-04-30")]
    assert after_april_1987 and set(after_april_1987) == {0}  # down to 0 in May 1987, not a slope to 2008
    screenshot(driver, "timeline_gaps_full_span")

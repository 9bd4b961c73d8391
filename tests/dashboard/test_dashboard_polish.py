"""The polish of issue 14 in a real browser (Chromium) on the bundled sample store: date range
presets and a date picker that opens over the page and applies a typed date on blur, a link
naming a value in another case answered 200, the outlet x agency heatmap's labels and scale,
and an Articles grid that fits 1,440 px."""

from __future__ import annotations

import datetime as dt
import pathlib
import urllib.parse
import urllib.request

import pytest
from browser import browser, console_errors, driver, live_server  # noqa: F401  (the fixtures)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_dashboard_browser import click, click_until, page_ready, screenshot, wait
from test_dashboard_support import build_store

from analytics.store.store import Store
from dashboard import create_app


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> pathlib.Path:
    return build_store(tmp_path_factory.mktemp("polish"))


@pytest.fixture(scope="module")
def base_url(store_path):
    with live_server(create_app(store_path).server) as url:
        yield url


def url_dates(driver) -> tuple[str | None, str | None]:
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(driver.current_url).query))
    return query.get("start"), query.get("end")


def stored_dates(store_path: pathlib.Path) -> tuple[str, list[int]]:
    """The last publication date and the years with dated articles, by plain SQL."""
    with Store.open(store_path, read_only=True) as store:
        last, years = store.one(
            "SELECT CAST(max(published_local) AS DATE), list(DISTINCT year(published_local) ORDER BY 1) "
            "FROM articles WHERE published_local IS NOT NULL"
        )
    return last.isoformat(), list(years)


def test_date_presets_set_the_urls_range_ending_at_the_datas_last_date(driver, base_url, store_path):
    last, years = stored_dates(store_path)
    driver.get(base_url + "/attribution")
    wait(driver, page_ready("agency_role"))
    buttons = {b.text: b for b in driver.find_elements(By.CSS_SELECTOR, ".date-preset")}
    assert list(buttons) == ["Last 7 days", "Last 30 days", "Last 365 days", *map(str, years)]
    click(driver, buttons["Last 30 days"])
    wait(driver, lambda d: url_dates(d)[1] == last)
    start = url_dates(driver)[0]
    assert start is not None
    assert (dt_of(last) - dt_of(start)).days == 29  # 30 days, both ends included
    click(driver, driver.find_element(By.XPATH, f"//button[contains(@class,'date-preset')][text()='{years[0]}']"))
    wait(driver, lambda d: url_dates(d) == (f"{years[0]}-01-01", f"{years[0]}-12-31"))
    wait(driver, page_ready("agency_role"))
    assert f"published {years[0]}-01-01 – {years[0]}-12-31" in driver.find_element(By.ID, "applied-filters").text
    assert console_errors(driver) == []


def dt_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_date_picker_opens_over_the_charts_at_the_datas_last_month(driver, base_url, store_path):
    last, _ = stored_dates(store_path)
    driver.get(base_url + "/attribution")
    wait(driver, page_ready("agency_role", "state_media"))
    driver.find_element(By.ID, "f-dates").click()
    calendar = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".dash-datepicker-content"))[0]
    # every corner of the calendar is on top: the sidebar clips it nowhere, the charts cover it nowhere
    on_top = driver.execute_script(
        "const c = arguments[0], r = c.getBoundingClientRect();"
        "return [[0.05, 0.1], [0.95, 0.1], [0.05, 0.9], [0.95, 0.9]].map(([x, y]) =>"
        "  c.contains(document.elementFromPoint(r.left + x * r.width, r.top + y * r.height)));",
        calendar,
    )
    assert on_top == [True, True, True, True]
    month = dt_of(last).strftime("%B")
    assert calendar.text.startswith(month)
    screenshot(driver, "date_picker_open")


def test_a_typed_date_is_applied_on_blur_and_on_enter(driver, base_url):
    driver.get(base_url + "/attribution")
    wait(driver, page_ready("agency_role"))
    end = driver.find_element(By.ID, "f-dates-end-date")
    end.click()
    end.send_keys(Keys.CONTROL, "a")
    end.send_keys("2024-08-01")
    driver.find_element(By.TAG_NAME, "h1").click()  # a click elsewhere: the field loses focus
    wait(driver, lambda d: url_dates(d) == (None, "2024-08-01"))
    start = driver.find_element(By.ID, "f-dates")
    start.click()
    start.send_keys(Keys.CONTROL, "a")
    start.send_keys("2024-07-01")
    start.send_keys(Keys.ENTER)
    wait(driver, lambda d: url_dates(d) == ("2024-07-01", "2024-08-01"))
    assert console_errors(driver) == []


def test_an_agency_in_another_case_is_served_and_shown(driver, base_url):
    with urllib.request.urlopen(base_url + "/attribution?agencies=KCNA") as response:
        assert response.status == 200
    driver.get(base_url + "/attribution?agencies=KCNA")
    wait(driver, page_ready("agency_role"))
    wait(driver, lambda d: "agencies=kcna" in d.current_url)
    assert "agencies: kcna" in driver.find_element(By.ID, "applied-filters").text
    assert not [a for a in driver.find_elements(By.ID, "filter-alert") if a.is_displayed()]
    assert "KCNA" in driver.find_element(By.ID, "f-agencies").text


def graph_data(driver, chart: str) -> list[dict]:
    """The x, y and text of the traces Plotly drew in a chart, as it drew them (decoded; typed arrays as lists)."""
    return driver.execute_script(
        "const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "const plain = (a) => (a ? Array.from(a, (v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)) : []);"
        "return (g ? g._fullData : []).map((t) => ({x: plain(t.x), y: plain(t.y), text: plain(t.text)}));",
        f"{chart}-graph",
    )


def test_the_heatmap_labels_its_cells_and_its_scale_is_in_the_link(driver, base_url):
    driver.get(base_url + "/attribution")
    wait(driver, page_ready("outlet_agency"))
    (heatmap,) = graph_data(driver, "outlet_agency")
    labels = [label for row in heatmap["text"] for label in row if label]
    assert labels and all(label.endswith("%") for label in labels)
    drawn = driver.find_elements(By.CSS_SELECTOR, "#outlet_agency-graph text")
    assert set(labels) <= {t.text for t in drawn}  # written in the cells, not only in the hover
    assert "row" in driver.find_element(By.ID, "outlet_agency-graph").text  # the colour bar states the scale
    click_until(
        driver,
        lambda d: d.find_element(By.XPATH, "//*[@id='outlet_agency-card']//label[text()='Log colour']"),
        lambda d: "outlet_agency.scale=log" in d.current_url,
    )
    wait(driver, lambda d: "log scale" in d.find_element(By.ID, "outlet_agency-graph").text)
    driver.get(driver.current_url)  # the link reproduces the view
    wait(driver, page_ready("outlet_agency"))
    wait(driver, lambda d: "log scale" in d.find_element(By.ID, "outlet_agency-graph").text)
    screenshot(driver, "heatmap_log")
    assert console_errors(driver) == []


def test_a_one_role_chart_keeps_its_legend_and_short_bars_are_labelled(driver, base_url):
    driver.get(base_url + "/attribution?roles=source")
    wait(driver, page_ready("agency_role", "state_media"))
    assert driver.find_elements(By.CSS_SELECTOR, "#agency_role-graph .legend .traces")
    assert "source" in driver.find_element(By.CSS_SELECTOR, "#agency_role-graph .legend").text
    bars = [bar for trace in graph_data(driver, "agency_role") for bar in zip(trace["y"], trace["text"])]
    longest = max(value for value, _ in bars)
    # every bar too short to see carries its value, the others none
    assert all((label != "") == (value <= 0.02 * longest) for value, label in bars)


def test_the_articles_grid_fits_1440_px_and_reads_in_full(driver, base_url):
    driver.get(base_url + "/articles")
    wait(driver, lambda d: "articles" in d.find_element(By.ID, "articles-status").text)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".ag-row .ag-cell[col-id='credits']"))
    widths = driver.execute_script(
        "const v = document.querySelector('#articles-grid .ag-center-cols-viewport');"
        "return [v.scrollWidth, v.clientWidth];"
    )
    assert widths[0] <= widths[1]  # no horizontal scroll at 1,440 px
    cells = driver.execute_script(  # read at once: the grid may redraw its rows
        "const out = {};"
        "for (const c of document.querySelectorAll('.ag-row .ag-cell[col-id]')) {"
        "  (out[c.getAttribute('col-id')] = out[c.getAttribute('col-id')] || []).push(c.textContent); }"
        "return out;"
    )
    assert set(cells["wire_copy"]) <= {"yes", "no"} and "no" in cells["wire_copy"]
    assert "KCNA (Korean Central News Agency): " in " ".join(cells["credits"])  # display names, not ids
    times = [part for t in cells["published"] for part in t.split() if ":" in part and part[0].isdigit()]
    assert all(len(part) == len("17:00:00") for part in times)  # a time is shown to the second
    screenshot(driver, "articles_grid")
    assert console_errors(driver) == []

"""The dashboard in a real browser (Debian Chromium, headless) on the bundled sample store,
with a few hand-made hostile articles added: every page loads cleanly, filters live in
the URL, downloads match the report, articles show their highlights and stay inert.

Screenshots of every page (1440x900 window, full page height) are saved under
tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import pathlib
import time
import urllib.parse

import pytest
from browser import browser, console_errors, live_server  # noqa: F401  (the session fixture)
from repo_paths import REPO
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from test_dashboard_support import HOSTILE_ID, HOSTILE_OUTLET, build_store

from analytics import queries as q
from analytics.present.reports import write_report
from analytics.queries.filters import filters_from
from analytics.store.store import Store
from dashboard import create_app

ARTIFACTS = REPO / "tests" / "artifacts"
WAIT_S = 20
LOADING = "._dash-loading, [data-dash-is-loading='true']"  # a callback still runs
# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> pathlib.Path:
    return build_store(tmp_path_factory.mktemp("dashboard"))


@pytest.fixture(scope="module")
def base_url(store_path):
    app = create_app(store_path)
    with live_server(app.server) as url:
        yield url


@pytest.fixture()
def driver(browser, tmp_path):  # noqa: F811
    browser.set_window_size(1440, 900)
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get_log("browser")  # start each test with an empty console
    yield browser


def wait(driver, condition, timeout: float = WAIT_S):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def chart_drawn(chart: str):
    """A chart has finished: its graph is drawn or its message is shown."""

    def drawn(driver):
        graphs = driver.find_elements(By.CSS_SELECTOR, f"#{chart}-graph .main-svg")
        messages = driver.find_elements(By.CSS_SELECTOR, f"#{chart}-message > *")
        return (graphs and graphs[0].is_displayed()) or messages

    return drawn


def page_ready(*charts: str):
    def ready(driver):
        return all(chart_drawn(c)(driver) for c in charts) and not driver.find_elements(By.CSS_SELECTOR, LOADING)

    return ready


def screenshot(driver, name: str) -> pathlib.Path:
    """The whole page at 1440 px wide, saved under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1440, max(900, min(int(height) + 120, 5000)))
    path = ARTIFACTS / f"dashboard_{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1440, 900)
    return path


def click(driver, element) -> None:
    """Scroll the element to the middle of the window, wait until it stays put (a graph the page
    redraws, or a window resize, moves it: a click at its old place would hit its neighbour), and
    click it: a graph's mark by moving the mouse over it first (Plotly acts on hover, then click),
    anything else by WebDriver's click, which clicks at once and refuses
    (ElementClickInterceptedException) when another element is where it was."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    wait(driver, settled(lambda d: element))
    if driver.execute_script("return arguments[0] instanceof SVGElement", element):
        ActionChains(driver).move_to_element(element).pause(0.2).click().perform()
    else:
        element.click()


# A control drawn while the page's last callbacks still run may be replaced under the click (the
# click is then lost): it is found and clicked again, at most this many times in all.
CLICK_ATTEMPTS = 3
CLICK_SETTLE_S = 5.0  # how long one click is given to take effect before the control is clicked again
STILL_S = 0.3  # an element in the same place this long apart has stopped moving


def settled(find):
    """A condition: the element `find(driver)` returns, once it is in the page and the page is
    still: nothing loading, and the element, the page's height and the graphs drawn the same STILL_S
    apart (False while it is missing or replaced, or a chart still draws and moves what is below it)."""

    def element(driver):
        try:
            found = find(driver)
            before = (found.rect, _layout(driver))
            time.sleep(STILL_S)
            after = (found.rect, _layout(driver))
            return found if after == before and after[1] is not None else False
        except (NoSuchElementException, StaleElementReferenceException, IndexError):
            return False

    return element


def _layout(driver) -> tuple[int, int] | None:
    """The page's height and how many graphs it has drawn; None while a callback runs."""
    if driver.find_elements(By.CSS_SELECTOR, LOADING):
        return None
    return driver.execute_script(
        "return [document.documentElement.scrollHeight, document.querySelectorAll('.main-svg').length]"
    )


def click_until(driver, find, condition) -> None:
    """Click the element `find(driver)` returns until `condition(driver)` holds (TimeoutException
    after CLICK_ATTEMPTS clicks): for controls whose effect is a server round trip. A click that
    took effect late is never repeated (a toggle would be undone), and a control the page is
    redrawing is waited for."""
    for attempt in range(1, CLICK_ATTEMPTS + 1):
        if attempt > 1 and condition(driver):
            return
        try:
            click(driver, wait(driver, settled(find)))
        except ElementClickInterceptedException:  # moved as it was clicked: clicked again
            if attempt == CLICK_ATTEMPTS:
                raise
            continue
        try:
            wait(driver, condition, timeout=CLICK_SETTLE_S if attempt < CLICK_ATTEMPTS else WAIT_S)
            return
        except TimeoutException:
            if attempt == CLICK_ATTEMPTS:
                raise


def bar_values(driver, chart: str) -> str:
    return driver.execute_script(
        "const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "return JSON.stringify((g && g.data || []).map(t => [t.x, t.y]));",
        f"{chart}-graph",
    )


PAGES = {
    "overview": ("/", ("top_agencies", "top_tags", "overview_metrics", "date_quality")),
    "attribution": ("/attribution", ("agency_role", "state_media", "agency_timeline", "outlet_agency", "wire_copy")),
    "tags": ("/tags", ("tag_frequencies", "rising_tags", "tag_timeline", "tag_cooccurrence")),
    "timeline": ("/timeline", ("publications", "event_lag")),
    "reuse": ("/reuse", ("reuse_stories", "syndication_lag", "reuse_matrix", "uncredited_copy", "largest_stories")),
}


# --- tests --------------------------------------------------------------------------------


def test_every_page_loads_without_console_errors(driver, base_url):
    for name, (path, charts) in PAGES.items():
        driver.get(base_url + path)
        wait(driver, page_ready(*charts))
        assert not driver.find_elements(By.CSS_SELECTOR, ".message-error, .message-timeout"), name
        screenshot(driver, name)
        assert console_errors(driver) == [], name
    driver.get(base_url + "/articles")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "articles-status"), "articles"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".ag-row .ag-cell[col-id='title']"))
    screenshot(driver, "articles")
    assert console_errors(driver) == []
    for name, path, text in (("not_found", "/no-such-page", "404"), ("bad_filter", "/?start=2021-13-45", "400")):
        driver.get(base_url + path)
        wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))
        screenshot(driver, name)
        assert "Traceback" not in driver.page_source


def test_filters_live_in_the_url_and_come_back_on_reload(driver, base_url):
    # every outlet kind: KCNA's own feed (kind agency) is then in the wire-copy chart
    driver.get(base_url + "/attribution?outlet_kind=all")
    wait(driver, page_ready("wire_copy", "agency_role"))
    before = bar_values(driver, "wire_copy")
    # choose the outlet KCNA in the filter bar, as a user does: its value is the outlet id
    driver.find_element(By.CSS_SELECTOR, "#f-outlets").click()
    option = wait(driver, EC.element_to_be_clickable((By.XPATH, "//*[@role='option'][.//input[@value='kcna']]")))
    option.click()
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait(driver, lambda d: "outlets=kcna" in d.current_url and "outlet_kind=all" in d.current_url)
    wait(driver, lambda d: bar_values(d, "wire_copy") != before)
    assert '"KCNA"' in bar_values(driver, "wire_copy") and '"Reuters"' not in bar_values(driver, "wire_copy")
    url = driver.current_url
    driver.get(url)  # reload the same address: the view comes back
    wait(driver, page_ready("wire_copy"))
    wait(driver, lambda d: '"KCNA"' in bar_values(d, "wire_copy"))
    assert '"Reuters"' not in bar_values(driver, "wire_copy")
    chosen = driver.find_element(By.ID, "f-outlets").text
    assert "KCNA" in chosen
    driver.back()  # back to the unfiltered view
    wait(driver, lambda d: "outlets=" not in d.current_url)
    wait(driver, lambda d: '"Reuters"' in bar_values(d, "wire_copy"))
    assert console_errors(driver) == []


def test_wire_charts_note_the_own_feeds_they_leave_out_and_old_links_still_work(driver, base_url):
    driver.get(base_url + "/attribution")
    wait(driver, page_ready("wire_copy"))
    wait(driver, lambda d: "own feeds" in d.find_element(By.ID, "wire_copy-graph").text)
    assert '"KCNA"' not in bar_values(driver, "wire_copy")  # KCNA's own feed is left out by default
    # a link from before outlet ids, naming the outlet as read, still selects it
    driver.get(base_url + "/attribution?outlets=KCNA&outlet_kind=agency")
    wait(driver, page_ready("wire_copy"))
    wait(driver, lambda d: '"KCNA"' in bar_values(d, "wire_copy"))
    assert "own feeds" not in driver.find_element(By.ID, "wire_copy-graph").text
    wait(driver, lambda d: "KCNA" in d.find_element(By.ID, "f-outlets").text)  # shown as the link gives it
    assert console_errors(driver) == []


def test_a_chart_download_matches_the_report(driver, base_url, store_path, tmp_path):
    filters = filters_from(languages=["en"])
    driver.get(base_url + "/attribution?" + filters.to_query_string())
    wait(driver, page_ready("wire_copy"))
    button = driver.find_element(By.ID, "wire_copy-download-button")
    driver.execute_script("arguments[0].click()", button)  # a button: no need for the mouse
    target = tmp_path / "wire_copy.csv"
    wait(driver, lambda d: target.exists() and target.stat().st_size > 0)
    report = tmp_path / "report"
    with Store.open(store_path, read_only=True) as store:
        write_report(store, report, filters)
    assert target.read_bytes() == (report / "wire_copy_by_outlet.csv").read_bytes()


def test_a_bar_click_drills_into_the_articles(driver, base_url):
    driver.get(base_url + "/attribution")
    wait(driver, page_ready("wire_copy"))
    bars = driver.find_elements(By.CSS_SELECTOR, "#wire_copy-graph .bars .point path")
    assert bars
    click(driver, bars[-1])  # the top bar: the outlet with the largest share
    wait(driver, lambda d: urllib.parse.urlparse(d.current_url).path == "/articles")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query)
    assert query["wire_copy_only"] == ["1"] and len(query["outlets"]) == 1
    wait(driver, EC.text_to_be_present_in_element((By.ID, "articles-status"), "article"))
    assert console_errors(driver) == []


def test_an_article_shows_its_highlights_and_hostile_markup_stays_inert(driver, base_url):
    search = "?" + filters_from(outlets=[HOSTILE_OUTLET]).to_query_string()
    driver.get(base_url + "/articles" + search)
    wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".ag-row .ag-cell[col-id='title']"), "claim"))
    cell = driver.find_element(By.CSS_SELECTOR, ".ag-row .ag-cell[col-id='title']")
    assert "<b>Bold</b> claim <script>" in cell.text  # the title shown as text
    cell.click()
    wait(driver, lambda d: f"article={HOSTILE_ID}" in d.current_url)
    body = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, ".article-detail .section-body")))
    assert "<script>window.__pwned = 1</script>" in body.text
    assert '<img src=x onerror="window.__pwned = 1">' in body.text
    marks = driver.find_elements(By.CSS_SELECTOR, ".article-detail .section-body mark.attr")
    labels = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".article-detail .attr-label")]
    assert len(marks) >= 4
    assert {
        "Reuters · dateline",
        "Reuters · cited",
        "Xinhua · cited",
        "Associated Press · cited",
        "Reuters · photo",
    } <= set(labels)
    assert driver.find_elements(By.CSS_SELECTOR, ".article-detail mark.attr-overlap")
    screenshot(driver, "article")
    # nothing ran and nothing was turned into markup
    assert driver.execute_script("return window.__pwned") is None
    assert not driver.find_elements(By.CSS_SELECTOR, "img[onerror], #_dash-app-content script, a[href^='javascript']")
    driver.find_element(By.CSS_SELECTOR, ".modal .btn-close").click()
    wait(driver, lambda d: "article=" not in d.current_url)
    assert driver.execute_script("return window.__pwned") is None
    # chart labels too: Plotly would read <b> in a label as bold, the dashboard escapes it
    driver.get(base_url + "/attribution")
    wait(driver, page_ready("wire_copy"))
    ticks = [
        e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "#wire_copy-graph .ytick text")
    ]
    assert HOSTILE_OUTLET in ticks
    assert console_errors(driver) == []


def test_a_missing_store_says_how_to_ingest(driver, tmp_path):
    with live_server(create_app(tmp_path / "nothing-here.duckdb").server) as url:
        driver.get(url + "/")
        wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "media-analytics ingest --manifest"))
        assert "Traceback" not in driver.page_source
        assert console_errors(driver) == []


def test_a_text_query_link_filters_the_charts_and_the_box_writes_the_url(driver, base_url, store_path):
    filters = filters_from(q="korea")
    with Store.open(store_path, read_only=True) as store:
        articles = q.headline(store, filters)["articles"]
        agencies = q.attribution_by_agency(store, filters, limit=10)
    driver.get(base_url + "/?q=korea&top_agencies.measure=count")
    wait(driver, page_ready("top_agencies", "overview_metrics"))
    assert driver.find_element(By.ID, "f-q").get_attribute("value") == "korea"  # the box filled from the link
    kpi = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "#overview-kpis .kpi-value")))
    assert kpi.text == f"{articles:,}"
    drawn = driver.execute_script(  # the bars' lengths as Plotly holds them (decoded from the figure's binary arrays)
        "return document.querySelector('#top_agencies-graph .js-plotly-plot')._fullData"
        ".flatMap(t => Array.from(t.x || []));"
    )
    assert sorted(int(x) for x in drawn) == sorted(agencies["count"].astype(int))
    # the Articles table: its count, and the match column with the query's words marked
    driver.get(base_url + "/articles?q=korea")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "articles-status"), f"{articles:,} article"))
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".ag-cell[col-id='match'] mark.query-match")))
    marks = driver.find_elements(By.CSS_SELECTOR, ".ag-cell[col-id='match'] mark.query-match")
    words = {e.get_attribute("textContent").lower() for e in marks}  # (a mark past the cell's width is hidden)
    assert words == {"korea"}
    fits = driver.execute_script(
        "const v = document.querySelector('#articles-grid .ag-center-cols-viewport');"
        "return v.scrollWidth <= v.clientWidth;"
    )
    assert fits  # no horizontal scroll at 1,440 px with the match column either
    screenshot(driver, "articles_text_query")
    # an article opened from it: the query's words marked apart from the attributions
    driver.find_element(By.CSS_SELECTOR, ".ag-row .ag-cell[col-id='title']").click()
    wait(driver, lambda d: "article=" in d.current_url and "q=korea" in d.current_url)
    wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, ".article-detail mark.query-match")))
    marked = driver.find_elements(By.CSS_SELECTOR, ".article-detail mark.query-match")
    assert {e.get_attribute("textContent").lower() for e in marked} == {"korea"}
    assert not driver.find_elements(By.CSS_SELECTOR, ".article-detail mark.query-match.attr")
    screenshot(driver, "article_text_query")
    driver.find_element(By.CSS_SELECTOR, ".modal .btn-close").click()
    wait(driver, lambda d: "article=" not in d.current_url)
    # typing a malformed query: the alert names the character, the URL keeps the last good one (on
    # a page loaded anew: the URL change of the closed article sets the box again, which would race
    # with the typing)
    driver.get(base_url + "/articles?q=korea")
    wait(driver, EC.text_to_be_present_in_element((By.ID, "articles-status"), f"{articles:,} article"))
    wait(driver, page_ready())
    box = driver.find_element(By.ID, "f-q")
    _erase(box)  # typed over, as a user does (Selenium's clear() is a change of its own)
    box.send_keys("korea AND (nuclear", Keys.ENTER)
    wait(driver, EC.text_to_be_present_in_element((By.ID, "filter-alert"), "character 11"))
    assert "q=korea" in driver.current_url and "nuclear" not in driver.current_url
    # a good one, applied on Enter
    _erase(box)
    box.send_keys("nuclear", Keys.ENTER)
    wait(driver, lambda d: "q=nuclear" in d.current_url)
    wait(driver, lambda d: not any(e.is_displayed() for e in d.find_elements(By.ID, "filter-alert")))
    assert console_errors(driver) == []


def _erase(box) -> None:
    """Delete a text box's value key by key (select-all with Ctrl+A did not always take in headless
    Chromium: the typing then went after the old value)."""
    box.send_keys(Keys.END, *[Keys.BACKSPACE] * len(box.get_attribute("value") or ""))


def test_a_compare_link_draws_one_line_per_query_and_the_box_edits_it(driver, base_url, store_path):
    from analytics.queries.compare import compare, parse_compare

    with Store.open(store_path, read_only=True) as store:
        expected = compare(
            q.publication_timeline,
            store,
            filters_from(),
            parse_compare(["korea=korea", "oil=oil"]),
            timeline=True,
            freq="month",
            top=8,
        )
    driver.get(base_url + "/timeline?compare=korea=korea&compare=oil=oil")
    wait(driver, page_ready("publications", "event_lag"))
    lines = driver.execute_script(
        "return document.querySelector('#publications-graph .js-plotly-plot')._fullData"
        ".map(t => [t.name, Array.from(t.y || [])]);"
    )
    assert [name for name, _ in lines] == ["korea", "oil"]  # one line per query, named after it
    for name, values in lines:
        assert [int(v) for v in values] == expected.loc[expected["query"] == name, "count"].astype(int).tolist()
    notes = driver.find_element(By.ID, "event_lag-graph").text  # the chart left on the base filters says so
    assert "Compare: this chart is of the base filters only" in notes
    assert "korea=korea" in driver.find_element(By.ID, "compared").text
    screenshot(driver, "timeline_compare")
    # the Compare box: a third query added, then the first removed, each written to the URL
    driver.find_element(By.ID, "compare-name").send_keys("nuclear")
    driver.find_element(By.ID, "compare-query").send_keys("nuclear", Keys.ENTER)
    wait(driver, lambda d: "compare=nuclear%3Dnuclear" in d.current_url)
    lines_drawn = "return document.querySelector('#publications-graph .js-plotly-plot')._fullData.length;"
    wait(driver, lambda d: d.execute_script(lines_drawn) == 3)
    screenshot(driver, "timeline_compare_added")
    driver.find_element(By.CSS_SELECTOR, "button[title='Stop comparing korea=korea']").click()
    wait(driver, lambda d: "korea" not in urllib.parse.unquote(d.current_url))
    assert "compare=oil%3Doil&compare=nuclear%3Dnuclear" in driver.current_url
    assert console_errors(driver) == []

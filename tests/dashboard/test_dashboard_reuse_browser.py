"""The Reuse page and "also published as" in a real browser (Chromium) on the shared corpora (its
ingest ran a reuse round): the charts drawn under the URL's filter, one trace each, a story
opening its origin; an article copied from another lists the articles sharing its text, the
origin marked, and shows the shared passages marked in both texts. Expected values come from
the reuse queries on the store."""

from __future__ import annotations

import json
import urllib.parse

from browser import browser, console_errors, driver  # noqa: F401  (the fixtures)
from selenium.webdriver.common.by import By
from shared_store import shared_store, shared_store_url  # noqa: F401  (the fixtures)
from test_dashboard_browser import click_until, page_ready, screenshot, wait

from analytics import queries as q
from analytics.queries.engine import run
from analytics.queries.filters import filters_from
from analytics.store.store import Store
from dashboard.logic import reuse
from dashboard.logic.charts import PAGE_CHARTS, STORIES_SHOWN
from dashboard.logic.labels import escape_label

FILTERS = filters_from(languages=["id"])
# chart -> the type of its one trace
TRACES = {
    "reuse_stories": "bar",
    "syndication_lag": "bar",
    "reuse_periods": "bar",
    "reuse_matrix": "heatmap",
    "uncredited_copy": "heatmap",
    "largest_stories": "bar",
}
# an article paired with its own story's origin, another article (then the smallest id)
A_COPY = (
    "SELECT r.article_id FROM reuse_stories r JOIN reuse_pairs p "
    "ON r.origin_id IN (p.article_id_a, p.article_id_b) AND r.article_id IN (p.article_id_a, p.article_id_b) "
    "WHERE r.origin_id <> r.article_id ORDER BY r.article_id LIMIT 1"
)


def drawn(driver, chart: str, script: str):
    """What `script` returns of the chart's Plotly graph (`g`), as JSON."""
    return json.loads(
        driver.execute_script(
            "const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
            f"return JSON.stringify({script});",
            f"{chart}-graph",
        )
    )


def test_the_reuse_page_draws_its_charts_under_the_urls_filter(driver, shared_store_url, shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        stories = q.largest_stories(store, FILTERS, limit=STORIES_SHOWN)
    assert set(TRACES) == set(PAGE_CHARTS["/reuse"])
    driver.get(f"{shared_store_url}/reuse?{FILTERS.to_query_string()}&reuse_matrix.measure=count")
    wait(driver, page_ready(*TRACES))
    assert not driver.find_elements(By.CSS_SELECTOR, ".message-error, .message-timeout, .empty-state")
    assert not driver.find_elements(By.CSS_SELECTOR, "#reuse-notice > *")  # the store has reuse tables
    for chart, kind in TRACES.items():
        assert drawn(driver, chart, "g.data.map(t => t.type)") == [kind], chart
        assert "Shares are of" in driver.find_element(By.ID, f"{chart}-graph").text, chart  # its denominator
    bars = drawn(driver, "largest_stories", "Array.from(g.data[0].y)")
    assert sorted(bars) == sorted(stories["origin_id"])
    checked = driver.find_element(By.CSS_SELECTOR, "#reuse_matrix-card input:checked").get_attribute("value")
    assert checked == "count"  # the option from the URL
    assert "languages=id" in driver.current_url and "reuse_matrix.measure=count" in driver.current_url
    screenshot(driver, "reuse")
    assert console_errors(driver) == []
    # the largest story opens its origin on the Articles page, the filters kept
    # (clicked again should the graph be redrawn under the first click by the page's last callbacks)
    largest = bars.index(stories["origin_id"].iloc[0])
    click_until(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#largest_stories-graph .bars .point path")[largest],
        lambda d: urllib.parse.urlparse(d.current_url).path == "/articles",
    )
    query = urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query)
    assert query["article"] == [stories["origin_id"].iloc[0]] and query["languages"] == ["id"]
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".article-detail .reuse-other"))
    assert console_errors(driver) == []


def test_an_article_lists_the_articles_sharing_its_text_with_the_passages_marked(
    driver, shared_store_url, shared_store
):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        article = run(store, A_COPY)["article_id"].iloc[0]
        others = q.article_reuse(store, article)
    assert len(others) >= 1 and others["is_origin"].any()
    driver.get(f"{shared_store_url}/articles?article={article}")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".article-detail .reuse-other")) == len(others))
    entries = driver.find_elements(By.CSS_SELECTOR, ".article-detail .reuse-other")
    listed = [e.get_attribute("textContent") for e in entries]
    for text, outlet, containment in zip(listed, others["outlet_name"], others["containment_this"], strict=True):
        assert text.startswith(outlet) and f"{containment:.0%} of this article is in it" in text
    assert [("story origin" in text) for text in listed] == list(others["is_origin"])
    # the first, chosen at first: both texts, the passages they share marked in each
    wait(driver, lambda d: compared_heading(d) == heading_of(others, 0))
    sides = driver.find_elements(By.CSS_SELECTOR, "#reuse-comparison .reuse-text")
    assert len(sides) == 2 and all(side.find_elements(By.CSS_SELECTOR, "mark.reuse-shared") for side in sides)
    # another chosen: its text beside this one's
    origin = int(others["is_origin"].to_numpy().nonzero()[0][0])
    chosen = origin if origin else len(others) - 1
    if chosen:
        click_until(
            driver,
            lambda d: d.find_elements(By.CSS_SELECTOR, ".article-detail .reuse-other")[chosen],
            lambda d: compared_heading(d) == heading_of(others, chosen),
        )
        sides = driver.find_elements(By.CSS_SELECTOR, "#reuse-comparison .reuse-text")
        assert all(side.find_elements(By.CSS_SELECTOR, "mark.reuse-shared") for side in sides)
        # the choice is in the URL: the link opens the same comparison
        link = driver.current_url
        assert urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["beside"] == [others["article_id"].iloc[chosen]]
        driver.get(link)
        wait(driver, lambda d: compared_heading(d) == heading_of(others, chosen))
        sides = driver.find_elements(By.CSS_SELECTOR, "#reuse-comparison .reuse-text")
    mark = sides[0].find_element(By.CSS_SELECTOR, "mark.reuse-shared")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    screenshot(driver, "article_reuse")
    assert console_errors(driver) == []


def compared_heading(driver) -> str | None:
    """The heading over the other article's text in the comparison (None until it is drawn)."""
    return driver.execute_script(  # read at once: the view is drawn again when the URL changes
        "const labels = document.querySelectorAll('#reuse-comparison .section-label');"
        "return labels.length === 2 ? labels[1].textContent : null;"
    )


def heading_of(others, row: int) -> str:
    return f"{others['outlet_name'].iloc[row]} · {others['title'].iloc[row] or reuse.UNTITLED}"


def test_a_cell_of_the_reuse_matrix_lists_the_copies_it_counts(driver, shared_store_url, shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        matrix = q.reuse_matrix(store, FILTERS, limit=12)
    cell = matrix.sort_values(["count", "outlet_id", "origin"], ascending=[False, True, True]).iloc[0]
    driver.get(f"{shared_store_url}/reuse?{FILTERS.to_query_string()}")
    wait(driver, page_ready("reuse_matrix"))
    # the click as Plotly reports it (a heatmap's cell has no element of its own to click)
    driver.execute_script(
        "const g = document.querySelector('#reuse_matrix-graph .js-plotly-plot');"
        "g.emit('plotly_click', {points: [{x: arguments[0], y: arguments[1], curveNumber: 0}]});",
        escape_label(cell["origin_name"]),
        escape_label(cell["outlet_name"]),
    )
    wait(driver, lambda d: urllib.parse.urlparse(d.current_url).path == "/articles")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query)
    assert query["copy_of"] == [f"{cell['origin_kind']}:{cell['origin']}"] and query["outlets"] == [cell["outlet_id"]]
    status = f"{cell['count']:,} article{'s' if cell['count'] != 1 else ''}"
    wait(driver, lambda d: status in d.find_element(By.ID, "articles-status").text)  # the articles the cell counts
    chosen = driver.find_element(By.ID, "f-copy-of").text  # the filter bar shows the filter
    assert f"{cell['origin_name']} ({cell['origin_kind']})" in chosen
    assert console_errors(driver) == []

"""Honest denominators and the outlets worst for dates, in a real browser (Chromium) on the shared
corpora (issue 14, items 2 and 4). Every expected figure is counted with plain SQL over the store."""

from __future__ import annotations

import json

import pytest
from browser import browser, console_errors, driver  # noqa: F401  (the fixtures)
from selenium.webdriver.common.by import By
from shared_store import shared_store, shared_store_url  # noqa: F401  (the fixtures)
from test_dashboard_browser import page_ready, screenshot, wait

from analytics.queries.catalog import ANALYSES
from analytics.queries.filters import filters_from
from analytics.store.store import Store

MARCH_1987 = ("1987-03-01", "1987-04-01")
XINHUA_KCNA = "agencies=xinhua&agencies=kcna&outlet_kind=all"
MIN_ARTICLES = 20  # the card's outlets have at least this many articles (analytics.queries.dates.WORST_MIN_ARTICLES)


# Plotly sends a float array as {dtype: "f8", bdata: base64, shape: "rows, columns"}: decoded here
DECODE = """
function decode(v) {
  if (!v || !v.bdata) return v;
  const bytes = Uint8Array.from(atob(v.bdata), c => c.charCodeAt(0));
  const values = Array.from(new Float64Array(bytes.buffer));
  const columns = v.shape ? Number(String(v.shape).split(',')[1]) : 0;
  if (!columns) return values;
  const rows = [];
  for (let i = 0; i < values.length; i += columns) rows.push(values.slice(i, i + columns));
  return rows;
}
"""


def traces(driver, chart: str) -> list[dict]:
    """The chart's traces as drawn: name, x, and customdata (count, total, share per point)."""
    return json.loads(
        driver.execute_script(
            DECODE + "const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
            "return JSON.stringify((g && g.data || []).map("
            "t => ({name: t.name, x: decode(t.x), customdata: decode(t.customdata)})));",
            f"{chart}-graph",
        )
    )


def test_the_agency_filtered_timeline_is_of_every_article_of_march_1987(driver, shared_store_url, shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        every = store.one(
            "SELECT count(*) FROM articles WHERE published_issue IS NULL AND published_at IS NOT NULL "
            "AND published_local >= ? AND published_local < ?",
            list(MARCH_1987),
        )[0]
        crediting = store.one(
            "SELECT count(DISTINCT a.article_id) FROM articles a JOIN attributions t ON t.article_id = a.article_id "
            "WHERE t.agency = 'xinhua' AND a.published_issue IS NULL AND a.published_at IS NOT NULL "
            "AND a.published_local >= ? AND a.published_local < ?",
            list(MARCH_1987),
        )[0]
        # the unfiltered report's publication timeline: every article of the month, over its outlets
        report = ANALYSES["publication_timeline"].report_frame(
            store, filters_from(outlet_kind="all"), freq="month", registry=None, time_limit=None
        )
    reported = int(report.loc[report["period"] == MARCH_1987[0], "count"].sum())
    assert every == reported > 10_000
    driver.get(f"{shared_store_url}/attribution?{XINHUA_KCNA}")
    wait(driver, page_ready("agency_timeline"), timeout=120)
    drawn = {trace["name"]: trace for trace in traces(driver, "agency_timeline")}
    xinhua = drawn["Xinhua"]
    march = next(n for n, x in enumerate(xinhua["x"]) if str(x).startswith(MARCH_1987[0]))
    count, total, share = xinhua["customdata"][march]
    assert xinhua["customdata"] and isinstance(xinhua["customdata"][0], list)  # decoded as rows
    assert (count, total) == (crediting, every)
    assert share == pytest.approx(crediting / every)
    drawn_text = " ".join(driver.find_element(By.CSS_SELECTOR, "#agency_timeline-graph").text.split())
    stated = ANALYSES["agency_timeline"].denominator.replace(" ", "")  # its wrapped lines join without a space
    assert stated in drawn_text.replace(" ", "")  # the chart states its denominator
    screenshot(driver, "denominators_attribution")
    assert not console_errors(driver)


def test_the_date_quality_card_names_the_worst_outlet(driver, shared_store_url, shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        name, problems, total = store.one(
            "SELECT coalesce(any_value(outlet_name), '(unknown)'), "
            "count(*) FILTER (WHERE published_issue IS NOT NULL OR published_at IS NULL) AS problems, count(*) AS total "
            "FROM articles GROUP BY coalesce(outlet_id, '(unknown)') HAVING count(*) >= ? "
            "ORDER BY problems / total DESC, problems DESC LIMIT 1",
            [MIN_ARTICLES],
        )
        unparseable_name, unparseable, of = store.one(
            "SELECT any_value(outlet_name), count(*) FILTER (WHERE published_issue = 'unparseable') AS n, count(*) "
            "FROM articles WHERE outlet_id IS NOT NULL GROUP BY outlet_id HAVING count(*) >= ? "
            "ORDER BY n / count(*) DESC LIMIT 1",
            [MIN_ARTICLES],
        )
    driver.get(f"{shared_store_url}/")
    wait(driver, page_ready("date_quality"), timeout=120)
    notes = [" ".join(li.text.split()) for li in driver.find_elements(By.CSS_SELECTOR, ".date-warnings li")]
    assert any(note.startswith(f"{name}: ") and f"({problems:,} of {total:,} articles)" in note for note in notes), (
        notes
    )
    expected = f"{unparseable_name}: {unparseable / of:.0%} unparseable ({unparseable:,} of {of:,} articles)"
    assert any(note.startswith(expected) for note in notes), notes
    screenshot(driver, "denominators_overview")

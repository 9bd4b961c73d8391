"""Permalinks in a real browser (Chromium) over the store of every shared corpus: a link's
filters are kept (matched by case, or shown as unknown values with a warning), chart options
travel in the URL, and the Articles page's CSV holds the rows report's attributions.csv
holds for the same filters."""

from __future__ import annotations

import csv
import io
import urllib.parse
import urllib.request

from browser import browser, driver  # noqa: F401  (the fixtures)
from selenium.webdriver.common.by import By
from shared_store import shared_store, shared_store_url  # noqa: F401  (the fixtures)
from test_dashboard_browser import WAIT_S, click_until, page_ready, screenshot, wait

from analytics.present.reports import ATTRIBUTION_COLUMNS, write_report
from analytics.queries.filters import filters_from
from analytics.store.store import Store


def query_of(driver) -> list[tuple[str, str]]:
    return urllib.parse.parse_qsl(urllib.parse.urlsplit(driver.current_url).query)


def applied(driver) -> str:
    return driver.find_element(By.ID, "applied-filters").text


def settled(driver, *charts: str) -> None:
    wait(driver, page_ready(*charts), timeout=WAIT_S * 6)  # the first load of 70,000 articles


def test_a_rare_tag_in_a_link_is_kept(driver, shared_store_url, shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as store:
        tagged = store.one("SELECT count(*) FROM tags WHERE tag = 'korea utara'")[0]
    assert tagged > 0  # the tag the issue names is in the shared corpora
    driver.get(shared_store_url + "/tags?languages=id&tags=korea%20utara")
    settled(driver, "tag_frequencies")
    assert sorted(query_of(driver)) == [("languages", "id"), ("tags", "korea utara")]
    assert "tags: korea utara" in applied(driver) and "languages: id" in applied(driver)
    chosen = driver.find_element(By.CSS_SELECTOR, "#f-tags").text
    assert "Korea Utara" in chosen
    screenshot(driver, "permalink_tags")


def test_an_outlet_in_another_case_is_matched(driver, shared_store_url):
    driver.get(shared_store_url + "/attribution?outlets=KCNA")
    settled(driver, "agency_role")
    wait(driver, lambda d: query_of(d) == [("outlets", "kcna")])
    assert "outlets: kcna" in applied(driver)
    assert "KCNA" in driver.find_element(By.CSS_SELECTOR, "#f-outlets").text


def test_an_unknown_outlet_is_kept_and_said(driver, shared_store_url):
    driver.get(shared_store_url + "/attribution?outlets=kcnaa")
    settled(driver, "agency_role")
    alert = wait(driver, lambda d: d.find_element(By.ID, "filter-alert"))
    assert '"kcnaa" is unknown' in alert.text and "kcna" in alert.text
    assert query_of(driver) == [("outlets", "kcnaa")] and "outlets: kcnaa" in applied(driver)
    assert "unknown value" in driver.find_element(By.CSS_SELECTOR, "#f-outlets").text
    assert driver.find_elements(By.CSS_SELECTOR, "#agency_role-message > *")  # nothing selected: no chart of everything
    screenshot(driver, "permalink_unknown_outlet")


def test_chart_options_are_in_the_link(driver, shared_store_url):
    driver.get(shared_store_url + "/attribution?languages=en&agency_timeline.freq=week")
    settled(driver, "agency_timeline")
    checked = driver.find_element(By.CSS_SELECTOR, "#agency_timeline-card input:checked[value='week']")
    assert checked is not None
    click_until(
        driver,
        lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, "#agency_timeline-card label") if e.text == "Day"][0],
        lambda d: ("agency_timeline.freq", "day") in query_of(d),
    )
    assert ("languages", "en") in query_of(driver)


def test_the_articles_csv_matches_the_reports_attributions(driver, shared_store_url, shared_store, tmp_path):  # noqa: F811
    driver.get(shared_store_url + "/articles?agencies=kcna&languages=en")
    wait(driver, lambda d: "agencies=kcna" in d.find_element(By.ID, "articles-export").get_attribute("href"))
    link = driver.find_element(By.ID, "articles-export").get_attribute("href")
    with urllib.request.urlopen(link, timeout=WAIT_S * 6) as answer:  # noqa: S310 (the test's own server)
        exported = list(csv.DictReader(io.StringIO(answer.read().decode("utf-8-sig"))))
    with Store.open(shared_store, read_only=True) as store:
        write_report(store, tmp_path, filters_from(agencies=["kcna"], languages=["en"]))
    with (tmp_path / "attributions.csv").open(encoding="utf-8-sig", newline="") as handle:
        reported = list(csv.DictReader(handle))
    assert len(exported) == len(reported) > 0
    assert [{c: row[c] for c in ATTRIBUTION_COLUMNS} for row in exported] == reported
    screenshot(driver, "articles_export")

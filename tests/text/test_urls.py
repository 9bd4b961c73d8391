"""url_host (remembered per URL head) is urlsplit's hostname: on generated URLs, hostile ones
included, and on the URLs of a day of the Indonesian RSS corpus."""

from __future__ import annotations

import csv
import urllib.parse

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analytics.text.urls import url_host

INDONEWS_DAY = "indonews_rss_2025/dataset_new/scrapping_news_2025-06-18.csv"
PIECES = ("https", "http", "ftp", "://", "//", ":", "/", "?", "#", "@", ".", "www", "Kompas", "com", "8080", "[", "]")
PIECES += ("::1", " ", "\t", "\n", "\x00", "é", "ﬀ", "%2F", "a+b", "-")


def _split_host(url: str) -> str | None | type[ValueError]:
    try:
        return urllib.parse.urlsplit(url).hostname
    except ValueError:
        return ValueError


def _host(url: str) -> str | None | type[ValueError]:
    try:
        return url_host(url)
    except ValueError:
        return ValueError


@settings(max_examples=5_000, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@example("https://www.Kompas.com\t/news")
@example("http://[::1/x")
@example("HTTP://user:pw@Example.COM:80#frag")
def test_url_host_is_urlsplits_hostname(url):
    assert _host(url) == _split_host(url)
    assert _host(url) == _split_host(url)  # (the second time from what was remembered)


def test_url_host_on_real_urls(corpora):
    with (corpora / INDONEWS_DAY).open(encoding="utf-8-sig", newline="") as file:
        urls = [row["url"] for row in csv.DictReader(file)]
    assert len(urls) > 1_000 and len({url_host(u) for u in urls}) > 5
    assert all(url_host(u) == urllib.parse.urlsplit(u).hostname for u in urls)

"""Publication dates scored against a gold file's `published` values (analytics.evaluate.dates)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from repo_paths import REPO

from analytics.evaluate.corpus import articles_for_refs
from analytics.evaluate.dates import score_dates
from analytics.evaluate.scoring import GoldArticle, GoldError, read_gold
from analytics.ingest.manifest import load_manifest
from analytics.schema import Article

WIB = dt.timezone(dt.timedelta(hours=7))


def _article(ref: str, local: dt.datetime | None, *, zone: dt.tzinfo = WIB, raw: str = "raw") -> Article:
    instant = local.replace(tzinfo=zone).astimezone(dt.UTC) if local is not None else None
    return Article(article_id=ref, source_ref=ref, published_raw=raw, published_at=instant, published_local=local)


def _gold(ref: str, published: str | None) -> GoldArticle:
    return GoldArticle(ref, (), published=published)


def test_an_offset_datetime_is_an_instant_a_naive_one_a_wall_time_a_date_a_local_day() -> None:
    articles = {
        "a": _article("a", dt.datetime(2021, 7, 12, 12, 2)),
        "b": _article("b", dt.datetime(2025, 6, 10, 20, 51)),
    }
    gold = [
        _gold("a", "2021-07-12T05:02:00+00:00"),  # the same instant written in UTC
        _gold("a", "2021-07-12"),
        _gold("b", "2025-06-10T20:51:00"),  # wall time, as the page shows it
        _gold("b", "2025-06-10T20:51:00+00:00"),  # 20:51 UTC is not 20:51 WIB
        _gold("missing", "2020-01-01"),
        _gold("a", None),  # shows no date: not scored
    ]
    score = score_dates(gold, articles)
    assert (score.shown, score.right) == (5, 3)
    assert [(m.ref, m.found) for m in score.misses] == [("b", "2025-06-10T13:51Z"), ("missing", None)]


def test_a_gold_date_that_is_not_iso_is_an_error(tmp_path) -> None:
    with pytest.raises(GoldError, match="not an ISO date"):
        score_dates([_gold("a", "12 Juli 2021")], {})
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"ref": "a", "attributions": [], "published": 20210712}) + "\n")
    with pytest.raises(GoldError, match="line 1: 'published' must be"):
        read_gold(path)


def test_every_date_of_the_dev_gold_is_read_right(corpora) -> None:
    """gold_dev.jsonl's `published` values were written by reading the pages, not by the parser."""
    gold = read_gold(corpora / "gold_dev.jsonl")
    manifest = load_manifest(REPO / "data/manifests/shared_corpora.toml", root=corpora)
    score = score_dates(gold, articles_for_refs([g.ref for g in gold], manifest))
    assert score.shown >= 140
    assert score.misses == []


def test_a_gold_record_is_read_in_the_date_order_ingest_decides_for_its_whole_source(tmp_path):
    # The second file alone (8/4, 8/5, 8/6) would read day-first; the first file's 7/31 settles the
    # source month-first, for the evaluation as for ingest (tests/ingest/test_ingest_date_order.py).
    fixture = REPO / "tests/fixtures/month_first"
    manifest_path = tmp_path / "m.toml"
    manifest_path.write_text(f'root = "{fixture}"\n[[source]]\nname = "scrape"\npaths = ["*.csv"]\nlanguage = "id"\n')
    ref = "scrapping_news_2025-08-06.csv#1"
    articles = articles_for_refs([ref], load_manifest(manifest_path))
    assert articles[ref].published_local == dt.datetime(2025, 8, 4, 7, 0)

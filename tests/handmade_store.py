"""A small hand-made store shared by the query, filter, figure and report tests: the table below,
written through the store's own tables. Expected counts in those tests are worked out by hand
from this table, never by the code.

| id  | outlet     | published (local)      | UTC               | date issue  | lang | attributions (agency role)            | wire | tags (kind:key)                                   | lag |
|-----|------------|------------------------|-------------------|-------------|------|----------------------------------------|------|---------------------------------------------------|-----|
| a01 | Kompas     | 2024-03-04 00:30 WIB   | 2024-03-03 17:30  |             | id   | reuters source, reuters dateline, ap photo | yes | tag:korea-utara tag:china section:internasional | 1   |
| a02 | Kompas     | 2024-03-04 10:00 WIB   | 2024-03-04 03:00  |             | id   | ap source                               | yes  | tag:korea-utara keyword:rudal section:internasional | 0 |
| a03 | Kompas     | 2024-03-12 09:00 WIB   | 2024-03-12 02:00  |             | id   | kcna cited                              | no   | tag:korea-utara tag:china place:pyongyang         | -1  |
| a04 | Kompas     | -                      | -                 | missing     | id   | antara dateline                         | yes  | keyword:banjir section:nasional                   |     |
| a05 | Tempo      | 2024-03-05 23:45 WIB   | 2024-03-05 16:45  |             | id   | reuters cited, xinhua cited             | no   | tag:china keyword:rudal                           | 1   |
| a06 | Tempo      | 2024-03-13 08:00 WIB   | 2024-03-13 01:00  |             | id   | -                                       | no   | tag:korea-utara (label "Korut")                   |     |
| a07 | Tempo      | 2024-04-02 12:00 WIB   | 2024-04-02 05:00  |             | id   | antara source, reuters photo            | yes  | tag:china place:beijing                           |     |
| a08 | Tempo      | (unparseable text)     | -                 | unparseable | id   | ap dateline                             | yes  | section:nasional                                  |     |
| a09 | Wire Daily | 2024-03-04 12:00 UTC   | 2024-03-04 12:00  |             | en   | reuters source                          | yes  | tag:north-korea keyword:missile section:world     | 2   |
| a10 | Wire Daily | 2024-03-11 06:00 UTC   | 2024-03-11 06:00  |             | en   | xinhua dateline, kcna cited             | yes  | tag:north-korea tag:china place:china section:world | 45 |
| a11 | Wire Daily | 2024-04-01 09:00 UTC   | 2024-04-01 09:00  |             | en   | -                                       | no   | keyword:election section:world                    |     |
| a12 | (none)     | 2031-01-01 10:00 UTC   | 2031-01-01 10:00  | future      | -    | afp source                              | yes  | tag:china                                         |     |

Registry kinds: reuters, ap, afp are wires; kcna, xinhua, antara state media.

Outlets (canonical id, display name, kind), as ingest stores them beside the raw name:
Kompas -> kompas, "Kompas", online; Tempo -> tempo, "Tempo", magazine; Wire Daily ->
wire_daily, "Wire Daily", newspaper; a12 has none. `own_feed_article()` is an agency's own
feed (KCNA's, crediting itself) for the tests of the wire-dependence analyses' default scope.
"""

from __future__ import annotations

import datetime as dt
import pathlib

import pandas as pd
import pyarrow as pa
import pytest

from analytics.schema import ATTRIBUTION_SCHEMA, CREDIT_SCHEMA, TAG_SCHEMA, Article, to_arrow
from analytics.store.store import Store

UTC = dt.UTC
WIB = dt.timedelta(hours=7)
KOMPAS, TEMPO, WIRE = "Kompas", "Tempo", "Wire Daily"
# raw outlet name -> (outlet_id, outlet_name, outlet_kind)
OUTLETS = {
    KOMPAS: ("kompas", "Kompas", "online"),
    TEMPO: ("tempo", "Tempo", "magazine"),
    WIRE: ("wire_daily", "Wire Daily", "newspaper"),
}


def _wib(text: str) -> tuple[dt.datetime, dt.datetime, str]:
    local = dt.datetime.fromisoformat(text)
    return (local - WIB).replace(tzinfo=UTC), local, "WIB"


def _utc(text: str) -> tuple[dt.datetime, dt.datetime, str]:
    local = dt.datetime.fromisoformat(text)
    return local.replace(tzinfo=UTC), local, "UTC"


# id: (outlet, (published_at, published_local, tz) | None, issue, language, event_lag_days, raw)
ARTICLES = {
    "a01": (KOMPAS, _wib("2024-03-04 00:30"), None, "id", 1, "Senin, 4 Mar 2024 00:30 WIB"),
    "a02": (KOMPAS, _wib("2024-03-04 10:00"), None, "id", 0, "4 Maret 2024, 10:00 WIB"),
    "a03": (KOMPAS, _wib("2024-03-12 09:00"), None, "id", -1, "12 Maret 2024, 09:00 WIB"),
    "a04": (KOMPAS, None, "missing", "id", None, None),
    "a05": (TEMPO, _wib("2024-03-05 23:45"), None, "id", 1, "5 Maret 2024 | 23.45 WIB"),
    "a06": (TEMPO, _wib("2024-03-13 08:00"), None, "id", None, "13 Maret 2024 | 08.00 WIB"),
    "a07": (TEMPO, _wib("2024-04-02 12:00"), None, "id", None, "2 April 2024 | 12.00 WIB"),
    "a08": (TEMPO, None, "unparseable", "id", None, "Scroll ke bawah untuk membaca berita"),
    "a09": (WIRE, _utc("2024-03-04 12:00"), None, "en", 2, "2024-03-04T12:00:00Z"),
    "a10": (WIRE, _utc("2024-03-11 06:00"), None, "en", 45, "2024-03-11T06:00:00Z"),
    "a11": (WIRE, _utc("2024-04-01 09:00"), None, "en", None, "2024-04-01T09:00:00Z"),
    "a12": (None, _utc("2031-01-01 10:00"), "future", None, None, "2031-01-01T10:00:00Z"),
}
ATTRIBUTIONS = [
    ("a01", "reuters", "source"),
    ("a01", "reuters", "dateline"),
    ("a01", "ap", "photo"),
    ("a02", "ap", "source"),
    ("a03", "kcna", "cited"),
    ("a04", "antara", "dateline"),
    ("a05", "reuters", "cited"),
    ("a05", "xinhua", "cited"),
    ("a07", "antara", "source"),
    ("a07", "reuters", "photo"),
    ("a08", "ap", "dateline"),
    ("a09", "reuters", "source"),
    ("a10", "xinhua", "dateline"),
    ("a10", "kcna", "cited"),
    ("a12", "afp", "source"),
]
CREDITS = {  # article: (wire_copy, primary_agency)
    "a01": (True, "reuters"),
    "a02": (True, "ap"),
    "a03": (False, None),
    "a04": (True, "antara"),
    "a05": (False, None),
    "a06": (False, None),
    "a07": (True, "antara"),
    "a08": (True, "ap"),
    "a09": (True, "reuters"),
    "a10": (True, "xinhua"),
    "a11": (False, None),
    "a12": (True, "afp"),
}
TAGS = [
    ("a01", "tag", "korea-utara", "Korea Utara"),
    ("a01", "tag", "china", "China"),
    ("a01", "section", "internasional", "Internasional"),
    ("a02", "tag", "korea-utara", "Korea Utara"),
    ("a02", "keyword", "rudal", "rudal"),
    ("a02", "section", "internasional", "Internasional"),
    ("a03", "tag", "korea-utara", "Korea Utara"),
    ("a03", "tag", "china", "China"),
    ("a03", "place", "pyongyang", "Pyongyang"),
    ("a04", "keyword", "banjir", "banjir"),
    ("a04", "section", "nasional", "Nasional"),
    ("a05", "tag", "china", "China"),
    ("a05", "keyword", "rudal", "rudal"),
    ("a06", "tag", "korea-utara", "Korut"),
    ("a07", "tag", "china", "China"),
    ("a07", "place", "beijing", "Beijing"),
    ("a08", "section", "nasional", "Nasional"),
    ("a09", "tag", "north-korea", "North Korea"),
    ("a09", "keyword", "missile", "missile"),
    ("a09", "section", "world", "World"),
    ("a10", "tag", "north-korea", "North Korea"),
    ("a10", "tag", "china", "China"),
    ("a10", "place", "china", "China"),
    ("a10", "section", "world", "World"),
    ("a11", "keyword", "election", "election"),
    ("a11", "section", "world", "World"),
    ("a12", "tag", "china", "China"),
]
INGESTED = dt.datetime(2024, 5, 1, tzinfo=UTC)


def _article(article_id: str) -> Article:
    outlet, published, issue, language, lag, raw = ARTICLES[article_id]
    published_at, local, tz = published or (None, None, None)
    tags = [t for a, kind, t, _ in TAGS if a == article_id and kind == "tag"]
    outlet_id, outlet_name, outlet_kind = OUTLETS.get(outlet, (None, None, None))
    return Article(
        article_id=article_id,
        source_ref=f"hand/{article_id}.txt",
        outlet=outlet,
        outlet_id=outlet_id,
        outlet_name=outlet_name,
        outlet_kind=outlet_kind,
        outlet_method="alias" if outlet_id else "none",
        url=f"https://example.org/{article_id}",
        title=f"Title of {article_id}",
        body=f"Body of {article_id}.",
        captions=[f"Caption {article_id}"],
        author="Reporter",
        published_raw=raw,
        published_at=published_at,
        published_local=local,
        tz_label=tz,
        published_method=None if issue else "table",
        published_issue=issue,
        event_date=(local.date() - dt.timedelta(days=lag)) if lag is not None else None,
        event_lag_days=lag,
        language=language,
        tags=tags,
        places=[t for a, kind, t, _ in TAGS if a == article_id and kind == "place"],
        section=next((label for a, kind, _, label in TAGS if a == article_id and kind == "section"), None),
        content_hash=f"hash-{article_id}",
        ingested_at=INGESTED,
    )


OWN_FEED_ID = "a13"


def own_feed_article(article_id: str = OWN_FEED_ID, **fields) -> Article:
    """An article of KCNA's own feed (outlet kind agency), dated 2024-03-06 in Pyongyang; build
    the store with `extra_attributions=[(id, "kcna", "dateline")]` and `extra_credits={id: (True, "kcna")}`
    for KCNA crediting itself."""
    local = dt.datetime(2024, 3, 6, 9, 0)
    values = {
        "article_id": article_id,
        "source_ref": f"hand/{article_id}.txt",
        "outlet": "KCNA",
        "outlet_id": "kcna",
        "outlet_name": "KCNA",
        "outlet_kind": "agency",
        "outlet_method": "host",
        "url": f"http://www.kcna.kp/{article_id}",
        "title": f"Title of {article_id}",
        "body": f"Pyongyang, March 6 (KCNA) -- Body of {article_id}.",
        "published_raw": "2024-03-06 09:00",
        "published_at": (local - dt.timedelta(hours=9)).replace(tzinfo=UTC),
        "published_local": local,
        "tz_label": "KST",
        "published_method": "table",
        "language": "en",
        "content_hash": f"hash-{article_id}",
        "ingested_at": INGESTED,
    }
    return Article(**{**values, **fields})


def build_store(
    path: pathlib.Path,
    *,
    extra_articles: list[Article] = (),
    extra_attributions=(),
    extra_tags=(),
    extra_credits: dict[str, tuple[bool, str | None]] | None = None,
) -> pathlib.Path:
    """The store of the module docstring (plus any extra rows), written through the store's own tables."""
    articles = [_article(a) for a in ARTICLES] + list(extra_articles)
    attributions = [
        {
            "article_id": a,
            "agency": agency,
            "role": role,
            "section": "body",
            "start": span[0] if span else 0,
            "end": span[1] if span else 10,
            "evidence": f"{agency} as {role} in {a}",
            "confidence": 0.9,
            "mentions": 1,
        }
        for a, agency, role, *span in [*ATTRIBUTIONS, *extra_attributions]
    ]
    credits = [
        {"article_id": a, "wire_copy": w, "primary_agency": p}
        for a, (w, p) in {**CREDITS, **(extra_credits or {})}.items()
    ]
    tags = [{"article_id": a, "kind": k, "tag": t, "label": label} for a, k, t, label in [*TAGS, *extra_tags]]
    with Store.open(path) as store:
        cursor = store.connection.cursor()
        for name, table in (
            ("articles", to_arrow(articles)),
            ("attributions", pa.Table.from_pylist(attributions, schema=ATTRIBUTION_SCHEMA)),
            ("article_credits", pa.Table.from_pylist(credits, schema=CREDIT_SCHEMA)),
            ("tags", pa.Table.from_pylist(tags, schema=TAG_SCHEMA)),
        ):
            cursor.register("rows", table)
            cursor.execute(f"INSERT INTO {name} BY NAME SELECT * FROM rows")
            cursor.unregister("rows")
        cursor.close()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("hand") / "hand.duckdb")
    with Store.open(path, read_only=True) as opened:
        yield opened


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The frame's rows as plain tuples of the given columns (count, total as ints, share rounded)."""
    out = []
    for record in frame[list(columns)].itertuples(index=False, name=None):
        out.append(
            tuple(
                round(v, 4) if isinstance(v, float) else (v.date() if isinstance(v, pd.Timestamp) else v)
                for v in record
            )
        )
    return out

"""Shared by the dashboard tests (no tests here): the sample store with hand-made hostile
articles added and every article's canonical outlet filled, as the dashboard's logic and
browser tests use it."""

from __future__ import annotations

import datetime as dt
import pathlib

from repo_paths import REPO

from analytics.cli import main
from analytics.schema import Article, to_arrow
from analytics.store.store import Store

HOSTILE_ID = "feedfacecafebeef"
HOSTILE_OUTLET = "Evil <b>Gazette</b>"
PAYLOAD = "window.__pwned = 1"
HOSTILE_BODY = (
    "JAKARTA (Reuters) - <script>window.__pwned = 1</script> Officials said "
    '<img src=x onerror="window.__pwned = 1"> the talks would go on, they told Reuters and AP. '
    '<a href="javascript:window.__pwned = 1">click me</a>'
)
HOSTILE_CAPTION = "Delegates meet in Jakarta. <img src=x onerror=window.__pwned=1> //Reuters"


def hostile_article() -> Article:
    return Article(
        article_id=HOSTILE_ID,
        source_ref="hostile/evil.html#1",
        outlet=HOSTILE_OUTLET,
        outlet_id="evil_gazette",
        outlet_name=HOSTILE_OUTLET,  # a display name from a user's outlet registry
        outlet_kind="online",
        url="javascript:window.__pwned = 1",
        title="<b>Bold</b> claim <script>window.__pwned = 1</script>",
        body=HOSTILE_BODY,
        captions=[HOSTILE_CAPTION],
        author="<i>Someone</i>",
        published_raw="12 Juli 2021, 17:00 WIB",
        published_at=dt.datetime(2021, 7, 12, 10, 0, tzinfo=dt.UTC),
        published_local=dt.datetime(2021, 7, 12, 17, 0),
        tz_label="WIB",
        language="id",
        tags=["<img src=x onerror=window.__pwned=1>"],
        section="<script>window.__pwned = 1</script>",
        content_hash="0" * 16,
        ingested_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def hostile_spans() -> list[tuple[str, str, str, int, int]]:
    """(agency, role, section, start, end): a dateline, two mentions told apart, an overlap, a caption."""
    told = HOSTILE_BODY.index("told Reuters")
    ap = HOSTILE_BODY.index("AP.")
    return [
        ("reuters", "dateline", "body", HOSTILE_BODY.index("Reuters"), HOSTILE_BODY.index("Reuters") + 7),
        ("reuters", "cited", "body", told + 5, told + 12),
        ("xinhua", "cited", "body", told, ap + 2),  # overlaps both of its neighbours
        ("ap", "cited", "body", ap, ap + 2),
        ("reuters", "photo", "captions", HOSTILE_CAPTION.index("//Reuters"), len(HOSTILE_CAPTION)),
    ]


def add_hostile(path: pathlib.Path) -> None:
    """Insert the hostile article, its attributions and tags; give KCNA items section tags
    (so the Tags page has something to show whatever the ingest tags)."""
    with Store.open(path) as store:
        con = store.connection
        con.register("hostile", to_arrow([hostile_article()]))
        con.execute("INSERT INTO articles SELECT * FROM hostile")
        con.unregister("hostile")
        for agency, role, section, start, end in hostile_spans():
            evidence = (HOSTILE_CAPTION if section == "captions" else HOSTILE_BODY)[max(0, start - 20) : end + 20]
            con.execute(
                "INSERT INTO attributions VALUES (?, ?, ?, ?, ?, ?, ?, 0.9, 1)",
                [HOSTILE_ID, agency, role, section, start, end, evidence],
            )
        con.execute("INSERT INTO article_credits VALUES (?, true, 'reuters')", [HOSTILE_ID])
        if not con.execute("SELECT count(*) FROM tags").fetchone()[0]:  # an ingest that writes no tags
            con.execute(
                "INSERT INTO tags SELECT article_id, 'section', lower(replace(section, ' ', '-')), section "
                "FROM articles WHERE outlet = 'KCNA' AND section IS NOT NULL"
            )
        con.execute(
            "INSERT OR IGNORE INTO tags VALUES (?, 'tag', 'img-src-x', ?)",
            [HOSTILE_ID, "<img src=x onerror=window.__pwned=1>"],
        )


def build_store(directory: pathlib.Path) -> pathlib.Path:
    path = directory / "sample.duckdb"
    assert main(["ingest", "--manifest", str(REPO / "data/manifests/sample.toml"), "--store", str(path)]) == 0
    add_hostile(path)
    return path

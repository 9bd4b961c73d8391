"""The hand-made store of handmade_store.py with nine articles sharing text, and a reuse round run
over it (analytics.ingest.reuse.update_reuse at threshold 0.5). Expected values in the tests
are worked out by hand from this table, never by the code.

| id  | outlet     | published (UTC)   | body                   | credits               | story (origin)      |
|-----|------------|-------------------|------------------------|-----------------------|---------------------|
| r01 | KCNA feed  | 2024-03-06 00:00  | STORY_A                | (KCNA's own feed)     | A (r01: agency feed)|
| r02 | Kompas     | 2024-03-06 03:00  | STORY_A + ADDED        | -                     | A                   |
| r03 | Tempo      | 2024-03-06 12:00  | STORY_A                | kcna cited            | A                   |
| r04 | Tempo      | 2024-03-05 20:00  | STORY_A                | -                     | A                   |
| r05 | Wire Daily | 2024-03-07 00:00  | STORY_B                | reuters source (wire) | B (r05: wire copy)  |
| r06 | Kompas     | 2024-03-07 05:00  | STORY_B                | -                     | B                   |
| r07 | Kompas     | - (undated)       | STORY_B                | reuters dateline (wire) | B                 |
| r08 | Tempo      | 2024-03-08 00:00  | STORY_C                | -                     | C (r08: earliest)   |
| r09 | Tempo      | 2024-03-20 00:00  | STORY_C                | -                     | C                   |

Identical bodies share all their text (containment 1.0); r02
holds STORY_A's words and ADDED_WORDS more, so it shares STORY_A_WORDS / (STORY_A_WORDS + ADDED_WORDS)
of its text with each other member of story A. The stories hold no figure and no apostrophe,
so their words are what str.split() gives.
"""

from __future__ import annotations

import datetime as dt
import pathlib

from handmade_store import INGESTED, OUTLETS, build_store

from analytics.ingest.reuse import update_reuse
from analytics.schema import Article
from analytics.store.store import Store

STORY_A = (
    "The leader inspected a new fishing harbour on the east coast and praised the workers who built "
    "it in record time, saying that the harbour would bring prosperity to the coastal villages and "
    "that the country would build many more such harbours in the coming years for the good of the people."
)
STORY_B = (
    "Heavy rain flooded several districts of the capital overnight, forcing hundreds of families to "
    "leave their homes, and the city government opened shelters in schools and mosques while rescue "
    "teams used rubber boats to reach residents trapped on the roofs of their houses."
)
STORY_C = (
    "The national football team named a young striker from a provincial club in its squad for the "
    "regional championship, and the coach said the player had impressed everyone in training with his "
    "speed, his calm in front of goal and his willingness to work for the team."
)
ADDED = "Kompas editors added this short closing sentence here."
STORY_A_WORDS, ADDED_WORDS = len(STORY_A.split()), len(ADDED.split())
KCNA_FEED = ("KCNA", "kcna", "KCNA", "agency")  # raw name, outlet_id, outlet_name, outlet_kind
# id -> (raw outlet, published UTC or None, body)
REUSE_ARTICLES = {
    "r01": ("KCNA", dt.datetime(2024, 3, 6, 0, 0), STORY_A),
    "r02": ("Kompas", dt.datetime(2024, 3, 6, 3, 0), f"{STORY_A} {ADDED}"),
    "r03": ("Tempo", dt.datetime(2024, 3, 6, 12, 0), STORY_A),
    "r04": ("Tempo", dt.datetime(2024, 3, 5, 20, 0), STORY_A),
    "r05": ("Wire Daily", dt.datetime(2024, 3, 7, 0, 0), STORY_B),
    "r06": ("Kompas", dt.datetime(2024, 3, 7, 5, 0), STORY_B),
    "r07": ("Kompas", None, STORY_B),
    "r08": ("Tempo", dt.datetime(2024, 3, 8, 0, 0), STORY_C),
    "r09": ("Tempo", dt.datetime(2024, 3, 20, 0, 0), STORY_C),
}
REUSE_ATTRIBUTIONS = [("r03", "kcna", "cited"), ("r05", "reuters", "source"), ("r07", "reuters", "dateline")]
REUSE_CREDITS = {"r03": (False, None), "r05": (True, "reuters"), "r07": (True, "reuters")}
THRESHOLD = 0.5


def reuse_article(article_id: str) -> Article:
    """One article of the table above."""
    outlet, published, body = REUSE_ARTICLES[article_id]
    outlet_id, outlet_name, outlet_kind = KCNA_FEED[1:] if outlet == "KCNA" else OUTLETS[outlet]
    return Article(
        article_id=article_id,
        source_ref=f"hand/{article_id}.txt",
        outlet=outlet,
        outlet_id=outlet_id,
        outlet_name=outlet_name,
        outlet_kind=outlet_kind,
        title=f"Title of {article_id}",
        body=body,
        published_at=published.replace(tzinfo=dt.UTC) if published else None,
        published_local=published,
        published_issue=None if published else "missing",
        language="en",
        content_hash=f"hash-{article_id}",
        text_fingerprint=f"fingerprint-{article_id}",
        ingested_at=INGESTED,
    )


def build_reuse_store(path: pathlib.Path) -> pathlib.Path:
    """The hand-made store with the articles above, after a reuse round at THRESHOLD."""
    build_store(
        path,
        extra_articles=[reuse_article(a) for a in REUSE_ARTICLES],
        extra_attributions=REUSE_ATTRIBUTIONS,
        extra_credits=REUSE_CREDITS,
    )
    with Store.open(path) as store:
        update_reuse(store, threshold=THRESHOLD)
    return path

"""The store's text-reuse tables, and the SQL that keeps and reads them.

- `reuse_sketched`: each article whose text is sketched, with the key of what it was sketched
  from (SKETCH_KEY: its text_fingerprint and the spans of the credit lines left out): an article
  whose text or credit lines changed since (`media-analytics attribute`) is sketched again;
- `reuse_bands`: their band hashes (analytics.enrich.reuse_sketch), one row per band, with the
  article's local publication day;
- `reuse_shingles`: the sampled shingle hashes of their texts (analytics.text.overlap.sampled_hashes),
  with the article's day: where the corpus repeats text on many days, its template text, and the
  candidate pairs the bands miss (SAMPLES_SHARED);
- `reuse_pairs`: every candidate pair checked that shares text (article_id_a < article_id_b), with
  how much of each is found in the other and the shared passages, as JSON `[[a_start, a_end,
  b_start, b_end], ...]` (character offsets in each body);
- `reuse_stories`: the stories, articles linked by pairs where one shares at least the threshold of
  its text with the other (the `reuse_threshold` setting, meta `reuse_story_threshold`): each member
  with its story's origin, the story's id. The origin is its earliest published agency story (an
  agency's own feed, or an article crediting an agency as source or dateline), else its earliest
  published member (an undated one last; then the smallest id). An article in no pair is in no story.

A pair is checked once, when the later of its two articles is sketched: the candidates of a
round are only the pairs with an article sketched in it (those listed in ROUND_TABLE). meta `reuse_settings` holds the
settings the tables were made with; other settings empty them (`reset`).
"""

from __future__ import annotations

import pyarrow as pa

from analytics.enrich.outlets.registry import AGENCY_KIND
from analytics.store.store import Store

SETTINGS_META = "reuse_settings"
# A band hash or sampled shingle found in articles of this many different days is template text, not a story
# copied: a daily post's frame (prayer times, gold prices, a market-operation report), a
# diplomatic notice's formula, a site's blurb under every item: the band proposes no pairs, the
# shingle marks passages of template text (analytics.text.overlap.overlap_of). Copies of
# one story appear within a day or two; an undated article counts as a day of its own. On the
# development pairs (tests/fixtures/reuse_pairs.jsonl) 3 days lost true copies of stories run
# again over three days, 6 kept most templates.
TEMPLATE_DAYS = 4
# A band hash shared by more articles than this proposes no pairs either: its n articles would make n²/2.
MAX_BUCKET = 1000
# Band hashes find texts of about one length: a short text copied whole into one four times as long
# shares a quarter of its shingles, and then a band alike is luck. Their sampled shingles find it: a pair
# sharing at least SAMPLES_SHARED of them (outside template text), and at least SAMPLED_CONTAINMENT of
# the shorter text's (an estimate of how much of it the other holds), is a candidate too. On the labelled
# pairs this found 5 of the 8 copies the development set's round missed and 2 of the held-out set's 15, at
# 5 % more candidates (the shared corpora: 10,262 -> 10,799).
SAMPLES_SHARED = 2
SAMPLED_CONTAINMENT = 0.25
# A round of at least this share of the sketched articles finds its candidates over every band (candidate_pairs).
WHOLE_STORE_SHARE = 0.5
# a bucket (of a band hash, of a sampled shingle) that proposes pairs (candidate_pairs' HAVING); the band pairs of
# the buckets `f` joined with `bucket` `o`
_SMALL_BUCKET = (
    "HAVING count(*) <= $max_bucket AND count(DISTINCT day) + count(*) FILTER (WHERE day IS NULL) < $template_days"
)
_PAIRS = (
    "SELECT least(f.article_id, o.article_id) AS article_id_a, greatest(f.article_id, o.article_id) AS article_id_b"
)
_PAIRED = "JOIN bucket o ON o.band = f.band AND o.hash = f.hash AND o.article_id <> f.article_id"
DDL = (
    "CREATE TABLE IF NOT EXISTS reuse_sketched (article_id VARCHAR PRIMARY KEY, sketch_key VARCHAR)",
    "CREATE TABLE IF NOT EXISTS reuse_bands (article_id VARCHAR NOT NULL, band SMALLINT NOT NULL, "
    "hash UBIGINT NOT NULL, day DATE)",
    "CREATE TABLE IF NOT EXISTS reuse_shingles (article_id VARCHAR NOT NULL, hash UINTEGER NOT NULL, day DATE)",
    "CREATE TABLE IF NOT EXISTS reuse_stories (article_id VARCHAR PRIMARY KEY, origin_id VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS reuse_pairs (article_id_a VARCHAR NOT NULL, article_id_b VARCHAR NOT NULL, "
    "containment_a DOUBLE NOT NULL, containment_b DOUBLE NOT NULL, passages VARCHAR NOT NULL, "
    "PRIMARY KEY (article_id_a, article_id_b))",
)
TABLES = ("reuse_stories", "reuse_pairs", "reuse_shingles", "reuse_bands", "reuse_sketched")
STORY_THRESHOLD_META = "reuse_story_threshold"
ROUND_TABLE = "reuse_round"  # the articles a round sketches (a table, not TEMP: every cursor of the store reads it)
# the pairs the round's sampled shingles propose (`sampled`): see SAMPLES_SHARED
_SAMPLED = (
    f"mine_sampled AS (SELECT s.article_id, s.hash FROM reuse_shingles s SEMI JOIN {ROUND_TABLE} r "
    "ON r.article_id = s.article_id), "
    "sample_bucket AS (SELECT o.article_id, o.hash, o.day FROM reuse_shingles o SEMI JOIN mine_sampled m "
    "ON m.hash = o.hash), "
    f"small_sample AS (SELECT hash FROM sample_bucket GROUP BY hash {_SMALL_BUCKET} AND count(*) > 1), "
    "sharing AS (SELECT f.article_id AS x, o.article_id AS y, count(*) AS shared FROM mine_sampled f "
    "SEMI JOIN small_sample USING (hash) JOIN sample_bucket o ON o.hash = f.hash AND o.article_id <> f.article_id "
    "GROUP BY ALL HAVING count(*) >= $samples_shared), "
    "sample_counts AS (SELECT article_id, count(*) AS samples FROM reuse_shingles "
    "SEMI JOIN (SELECT x AS article_id FROM sharing UNION SELECT y FROM sharing) USING (article_id) GROUP BY article_id), "
    "sampled AS (SELECT least(x, y) AS article_id_a, greatest(x, y) AS article_id_b FROM sharing "
    "JOIN sample_counts cx ON cx.article_id = x JOIN sample_counts cy ON cy.article_id = y "
    "WHERE shared >= $sampled_containment * least(cx.samples, cy.samples))"
)
# Credit lines (a source line, a dateline, a photo credit) are left out of the text compared: a copy
# that drops or changes them is still a copy. A citation is the story's own words and stays.
CREDIT_ROLES = ("source", "dateline", "photo")
_CREDITS = (
    'credits AS (SELECT article_id, list([start, "end"] ORDER BY start, "end") AS spans FROM attributions '
    f"WHERE section = 'body' AND role IN {CREDIT_ROLES} GROUP BY article_id)"
)
# What an article is sketched from: its text and the credit lines left out of it (`articles a`, `credits c`)
SKETCH_KEY = "a.text_fingerprint || coalesce(' ' || CAST(c.spans AS VARCHAR), '')"
PAIR_SCHEMA = pa.schema(
    [
        ("article_id_a", pa.string()),
        ("article_id_b", pa.string()),
        ("containment_a", pa.float64()),
        ("containment_b", pa.float64()),
        ("passages", pa.string()),
    ]
)
# the articles a round sketches: a text to compare (a fingerprint) not sketched from what it is now (after _CREDITS)
_TO_SKETCH = (
    "FROM articles a LEFT JOIN credits c ON c.article_id = a.article_id "
    "LEFT JOIN reuse_sketched s ON s.article_id = a.article_id "
    f"WHERE a.text_fingerprint IS NOT NULL AND s.sketch_key IS DISTINCT FROM {SKETCH_KEY}"
)


def prepare(store: Store, settings: str) -> None:
    """Make the tables (anew when they were made with other settings than `settings`); forget
    the sketches of a round that did not finish, so that this one does them again."""
    if store.meta(SETTINGS_META) != settings:
        for table in TABLES:
            store.connection.execute(f"DROP TABLE IF EXISTS {table}")
        store.set_meta(SETTINGS_META, settings)
    for statement in DDL:
        store.connection.execute(statement)
    if store.first("SELECT 1 FROM duckdb_tables() WHERE table_name = ? AND NOT temporary", [ROUND_TABLE]):
        store.connection.execute(
            f"DELETE FROM reuse_sketched WHERE article_id IN (SELECT article_id FROM {ROUND_TABLE})"
        )
        finish_round(store)


def finish_round(store: Store) -> None:
    """The round's articles are sketched and their pairs checked."""
    store.connection.execute(f"DROP TABLE IF EXISTS {ROUND_TABLE}")


def to_sketch_count(store: Store) -> int:
    """How many articles the next round sketches."""
    return store.one(f"WITH {_CREDITS} SELECT count(*) {_TO_SKETCH}")[0]


def texts_to_sketch(store: Store, batch_rows: int):
    """Record batches (article_id, sketch_key, day, body, credits: the [start, end] spans of its
    credit lines in the body) of the articles to sketch. Their old bands and pairs are forgotten first
    (a story whose text or credit lines changed)."""
    cursor = store.cursor()
    cursor.execute(
        f"CREATE OR REPLACE TABLE {ROUND_TABLE} AS WITH {_CREDITS} "
        f"SELECT a.article_id, {SKETCH_KEY} AS sketch_key {_TO_SKETCH}"
    )
    for table in ("reuse_bands", "reuse_shingles", "reuse_sketched"):
        cursor.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM {ROUND_TABLE})")
    cursor.execute(
        f"DELETE FROM reuse_pairs WHERE article_id_a IN (SELECT article_id FROM {ROUND_TABLE}) "
        f"OR article_id_b IN (SELECT article_id FROM {ROUND_TABLE})"
    )
    sql = (
        f"WITH {_CREDITS} SELECT r.article_id, r.sketch_key, CAST(a.published_local AS DATE) AS day, a.body, "
        f"c.spans AS credits FROM {ROUND_TABLE} r JOIN articles a USING (article_id) LEFT JOIN credits c USING (article_id)"
    )
    try:
        with cursor.sql(sql).to_arrow_reader(batch_size=batch_rows) as reader:
            yield from reader
    finally:
        cursor.close()


def write_sketches(store: Store, sketched: pa.Table, bands: pa.Table, sampled: pa.Table) -> None:
    """Record sketched articles (article_id, sketch_key), their bands (article_id, band, hash,
    day) and their sampled shingles (article_id, hash, day)."""
    cursor = store.cursor()
    try:
        for name, table in (("reuse_sketched", sketched), ("reuse_bands", bands), ("reuse_shingles", sampled)):
            cursor.register("batch_rows", table)
            cursor.execute(f"INSERT INTO {name} BY NAME SELECT * FROM batch_rows")
            cursor.unregister("batch_rows")
    finally:
        cursor.close()


def template_hashes(store: Store) -> set[int]:
    """The sampled shingle hashes of this round's articles (ROUND_TABLE) found in texts of
    TEMPLATE_DAYS days or more: the corpus's template text, as far as this round's pairs can hold it."""
    rows = store.one(
        f"WITH mine AS (SELECT DISTINCT hash FROM reuse_shingles s SEMI JOIN {ROUND_TABLE} r "
        "ON r.article_id = s.article_id) "
        "SELECT list(hash) FROM (SELECT s.hash FROM reuse_shingles s SEMI JOIN mine m ON m.hash = s.hash "
        "GROUP BY s.hash HAVING count(DISTINCT day) + count(*) FILTER (WHERE day IS NULL) >= ?)",
        [TEMPLATE_DAYS],
    )[0]
    return set(rows or ())


def candidate_pairs(store: Store) -> pa.Table:
    """The pairs (article_id_a < article_id_b) to check this round, one of them sketched this round
    (ROUND_TABLE, which texts_to_sketch made): articles sharing a band hash, in a bucket of articles
    of fewer than TEMPLATE_DAYS days and at most MAX_BUCKET articles, and articles sharing enough
    sampled shingles (SAMPLES_SHARED) in such buckets; ordered by article_id_a.

    Two plans of the band join give the same pairs. A round of most of the sketched articles (at least
    WHOLE_STORE_SHARE) groups every band at once: a million articles' first round 74 -> 24 s
    (benchmarks/RESULTS.md, "Text reuse"). A smaller round groups only the buckets of its own bands:
    10,000 articles over a million take seconds, where grouping every band took 84 s."""
    in_round, sketched = store.one(
        f"SELECT (SELECT count(*) FROM {ROUND_TABLE}), (SELECT count(*) FROM reuse_sketched)"
    )
    if in_round >= WHOLE_STORE_SHARE * sketched:
        banded = (
            f"shared AS (SELECT band, hash FROM reuse_bands GROUP BY band, hash {_SMALL_BUCKET} AND count(*) > 1), "
            "bucket AS (SELECT o.band, o.hash, o.article_id FROM reuse_bands o SEMI JOIN shared s USING (band, hash)), "
            f"banded AS ({_PAIRS} FROM bucket f SEMI JOIN {ROUND_TABLE} r ON r.article_id = f.article_id {_PAIRED})"
        )
    else:
        banded = (
            f"mine AS (SELECT b.band, b.hash, b.article_id FROM reuse_bands b SEMI JOIN {ROUND_TABLE} r "
            "ON r.article_id = b.article_id), "
            "bucket AS (SELECT o.band, o.hash, o.article_id, o.day FROM reuse_bands o SEMI JOIN mine m "
            "ON m.band = o.band AND m.hash = o.hash), "
            f"small AS (SELECT band, hash FROM bucket GROUP BY band, hash {_SMALL_BUCKET}), "
            f"banded AS ({_PAIRS} FROM mine f SEMI JOIN small s USING (band, hash) {_PAIRED})"
        )
    sql = (
        f"WITH {banded}, {_SAMPLED} SELECT * FROM banded UNION SELECT * FROM sampled "
        "ORDER BY article_id_a, article_id_b"
    )
    params = {
        "max_bucket": MAX_BUCKET,
        "template_days": TEMPLATE_DAYS,
        "samples_shared": SAMPLES_SHARED,
        "sampled_containment": SAMPLED_CONTAINMENT,
    }
    cursor = store.cursor()
    try:
        return cursor.sql(sql, params=params).to_arrow_table()
    finally:
        cursor.close()


def bodies(store: Store, article_ids: list[str]) -> dict[str, tuple[str, list[list[int]]]]:
    """The body of each of these articles, with the [start, end] spans of its credit lines."""
    cursor = store.cursor()
    try:
        cursor.register("wanted_ids", pa.table({"article_id": pa.array(article_ids, pa.string())}))
        rows = cursor.execute(
            f"WITH {_CREDITS} SELECT a.article_id, a.body, c.spans FROM articles a "
            "SEMI JOIN wanted_ids w ON w.article_id = a.article_id LEFT JOIN credits c USING (article_id)"
        ).fetchall()
    finally:
        cursor.close()
    return {article_id: (body or "", spans or []) for article_id, body, spans in rows}


def write_pairs(store: Store, pairs: pa.Table) -> None:
    """Record checked pairs (PAIR_SCHEMA)."""
    cursor = store.cursor()
    try:
        cursor.register("pairs_batch", pairs)
        cursor.execute("INSERT OR REPLACE INTO reuse_pairs SELECT * FROM pairs_batch")
    finally:
        cursor.close()


def linked_pairs(store: Store, threshold: float) -> list[tuple[str, str]]:
    """The pairs where one shares at least `threshold` of its text with the other."""
    return store.connection.execute(
        "SELECT article_id_a, article_id_b FROM reuse_pairs WHERE greatest(containment_a, containment_b) >= ?",
        [threshold],
    ).fetchall()


def write_stories(store: Store, members: pa.Table, threshold: float) -> None:
    """Replace the stories with these (article_id, story: any key shared by a story's members),
    each member given its story's origin (see the module docstring)."""
    cursor = store.cursor()
    try:
        cursor.register("story_members", members)
        cursor.execute("DELETE FROM reuse_stories")
        cursor.execute(
            "INSERT INTO reuse_stories WITH m AS (SELECT s.article_id, s.story, a.published_at, "
            "coalesce(a.outlet_kind = ?, FALSE) OR coalesce(c.wire_copy, FALSE) AS agency_story "
            "FROM story_members s JOIN articles a USING (article_id) LEFT JOIN article_credits c USING (article_id)), "
            "origins AS (SELECT story, first(article_id ORDER BY agency_story DESC, published_at ASC NULLS LAST, "
            "article_id) AS origin_id FROM m GROUP BY story) "
            "SELECT m.article_id, o.origin_id FROM m JOIN origins o USING (story)",
            [AGENCY_KIND],
        )
        cursor.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [STORY_THRESHOLD_META, repr(threshold)])
    finally:
        cursor.close()

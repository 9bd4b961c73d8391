"""One story counted once: which records of a batch are new articles and which belong to a
stored one, decided in DuckDB over the whole batch at once (analytics.store.store.Store.write_tables).

A record belongs to the story that already holds

1. its article_id (its URL, or its text without one): the article itself, or the article an
   earlier record carrying that id joined (`duplicates.record_article_id`); else
2. its text within its outlet: the article whose text_fingerprint (analytics.text.fingerprint)
   it shares, in the same STORY_SCOPE, the canonical outlet (records without a fingerprint or
   an outlet id never join by text; identical copies in two outlets stay two articles).

A text here is a story text, one with a fingerprint: an empty body or a stub too short to
have one is no text. Within a batch, records of one article_id are one group, shown by its
first record with a text (else its first record); a group neither rule places is a new
article, unless a group read before it in the batch has the same text in the same outlet. A
group whose stored article has no text gives it its own (the stored record becomes the
duplicate), unless another article holds that text already. Whether a stored article has a
text is read off its fingerprint, never its body: a batch reads no stored body.

The story keeps the union of the `tags`, `places` and `sections` of its records (`section`
stays the first one) and their editor tag, place and section rows; machine keywords are
dropped once it has an editor tag (analytics.enrich.tags.tags_of's rule). Its attributions
and credits are those of the record that gave it its text.
"""

from __future__ import annotations

import dataclasses

import duckdb

from analytics.schema import COLUMNS
from analytics.store.tables import DERIVED_KEYS, DERIVED_TABLES, RECORD_COLUMN

# The column whose equal values make one outlet: the same text within it is one story (the
# canonical outlet, so kompas.com and megapolitan.kompas.com are one).
STORY_SCOPE = "outlet_id"
RECORD_NO = "record_no"  # the batch's record order, a column the store adds to the batch
UNION_COLUMNS = ("tags", "places", "sections")  # what a story gathers from every record of it
# What a record that gives a stored empty article its text replaces (the rest is gathered or kept).
CONTENT_COLUMNS = tuple(c for c in COLUMNS if c not in {"article_id", "section", *UNION_COLUMNS})
# A list without its repeats, in first-seen order (list_distinct does not keep the order).
FIRST_OF_EACH_MACRO = (
    "CREATE OR REPLACE TEMP MACRO first_of_each(items) AS list_filter(items, lambda x, i: list_position(items, x) = i)"
)
# A record of an input file: source_ref is the file's ref, or it followed by `#n` or `/member#n`.
OF_FILE = "({ref} = {file} OR starts_with({ref}, {file} || '#') OR starts_with({ref}, {file} || '/'))"


@dataclasses.dataclass(frozen=True)
class BatchAccount:
    """What one batch changed in the accounts: its file's records stored and duplicates (a
    stored record of an earlier batch of the file that a later record gave its text moves
    from stored to duplicates), and, per other file of the same run, the stored records it
    moved to duplicates."""

    stored: int
    duplicates: int
    moved: dict[str, int] = dataclasses.field(default_factory=dict)


# One row per article_id of the batch: its group's first record, the record that shows it, and
# the stored story its id or its text places it in.
_GROUPS = f"""
CREATE OR REPLACE TEMP TABLE batch_groups AS
WITH records AS (
    SELECT {RECORD_NO}, article_id, text_fingerprint IS NOT NULL AS has_text, {STORY_SCOPE} AS scope,
           CASE WHEN {STORY_SCOPE} IS NOT NULL THEN text_fingerprint END AS fingerprint
    FROM batch_articles
), groups AS (
    SELECT article_id, min({RECORD_NO}) AS first_no,
           coalesce(min({RECORD_NO}) FILTER (WHERE has_text), min({RECORD_NO})) AS rep_no
    FROM records GROUP BY article_id
), reps AS (
    SELECT g.*, r.has_text, r.scope, r.fingerprint FROM groups g JOIN records r ON r.{RECORD_NO} = g.rep_no
), joined AS (
    SELECT record_article_id AS id, article_id AS story FROM duplicates
    WHERE record_article_id IN (SELECT article_id FROM groups)
), stored AS MATERIALIZED (
    -- the stored articles of the batch's ids and the stories their earlier records joined, in one scan
    SELECT article_id, text_fingerprint FROM articles
    WHERE article_id IN (SELECT article_id FROM groups UNION ALL SELECT story FROM joined)
), by_id AS (
    SELECT id, min(story) AS story FROM (
        SELECT article_id AS id, article_id AS story FROM stored
        WHERE article_id IN (SELECT article_id FROM groups)
        UNION ALL
        SELECT id, story FROM joined
    ) GROUP BY id
), by_text AS (
    SELECT {STORY_SCOPE} AS scope, text_fingerprint AS fingerprint, min(article_id) AS story FROM articles
    WHERE text_fingerprint IN (SELECT fingerprint FROM reps) GROUP BY ALL
)
SELECT reps.*, i.story AS id_story, t.story AS text_story,
       i.story IS NOT NULL AND t.story IS NULL AND reps.has_text AND a.text_fingerprint IS NULL AS may_give_text
FROM reps
LEFT JOIN by_id i ON i.id = reps.article_id
LEFT JOIN by_text t ON t.scope = reps.scope AND t.fingerprint = reps.fingerprint
LEFT JOIN stored a ON a.article_id = i.story
"""

# One row per article_id of the batch: what becomes of its group (`new` article, `give_text`
# to its stored empty article, or `join` a story) and the story it belongs to. Of the groups
# that would hold a text (new ones and those giving theirs), the first read holds it.
_STORIES = """
CREATE OR REPLACE TEMP TABLE batch_stories AS
WITH contenders AS (
    SELECT * FROM batch_groups WHERE (id_story IS NULL AND text_story IS NULL) OR may_give_text
), holders AS (
    SELECT scope, fingerprint, arg_min(article_id, first_no) AS holder,
           arg_min(coalesce(id_story, article_id), first_no) AS story
    FROM contenders WHERE fingerprint IS NOT NULL GROUP BY ALL
)
SELECT g.article_id, g.rep_no,
    CASE
        WHEN g.id_story IS NOT NULL THEN
            CASE WHEN g.may_give_text AND coalesce(h.holder = g.article_id, true) THEN 'give_text' ELSE 'join' END
        WHEN g.text_story IS NOT NULL THEN 'join'
        WHEN coalesce(h.holder = g.article_id, true) THEN 'new'
        ELSE 'join'
    END AS action,
    coalesce(g.id_story, g.text_story, h.story, g.article_id) AS story
FROM batch_groups g LEFT JOIN holders h ON h.scope = g.scope AND h.fingerprint = g.fingerprint
"""

# Every record of the batch with its story; `is_rep` marks the record that shows its group.
_PLACED = f"""
CREATE OR REPLACE TEMP TABLE batch_placed AS
SELECT b.{RECORD_NO}, b.source_ref, b.article_id AS record_article_id, s.story, s.action,
       b.{RECORD_NO} = s.rep_no AS is_rep
FROM batch_articles b JOIN batch_stories s USING (article_id)
"""

_NEW_ARTICLES = f"""
INSERT INTO articles BY NAME SELECT * EXCLUDE ({RECORD_NO}) FROM batch_articles
WHERE {RECORD_NO} IN (SELECT rep_no FROM batch_stories WHERE action = 'new')
"""

# The stored records without text a batch record gives its text to: they become duplicates.
_EMPTIED = """
CREATE OR REPLACE TEMP TABLE batch_emptied AS
SELECT a.source_ref, a.article_id FROM articles a JOIN batch_stories s ON a.article_id = s.story
WHERE s.action = 'give_text'
"""

_GIVE_TEXT = f"""
UPDATE articles a SET {", ".join(f'"{c}" = b."{c}"' for c in CONTENT_COLUMNS)}
FROM batch_articles b JOIN batch_stories s ON b.{RECORD_NO} = s.rep_no
WHERE s.action = 'give_text' AND a.article_id = s.story
"""

# What was derived from an emptied record (one without text) goes, but its editor tags, places and sections.
_EMPTIED_DERIVED = (
    "DELETE FROM attributions WHERE article_id IN (SELECT article_id FROM batch_emptied)",
    "DELETE FROM article_credits WHERE article_id IN (SELECT article_id FROM batch_emptied)",
    "DELETE FROM tags WHERE kind = 'keyword' AND article_id IN (SELECT article_id FROM batch_emptied)",
)

# What was derived from the records that show a new article or give one its text. A new
# article's rows cannot be in the store yet: they are inserted as they are (an INSERT OR
# IGNORE joins the whole stored table to find conflicts), each key once; a stored article
# given its text keeps its editor tags, places and sections, which the record may repeat.
_SHOWN_DERIVED = f"""
INSERT INTO {{table}} BY NAME
SELECT d.* EXCLUDE ({RECORD_COLUMN}) REPLACE (p.story AS article_id)
FROM batch_{{table}} d JOIN batch_placed p ON p.source_ref = d.{RECORD_COLUMN}
WHERE p.is_rep AND p.action = 'new'
QUALIFY row_number() OVER (PARTITION BY p.story{{other_keys}}) = 1
"""
_TEXT_GIVEN_DERIVED = f"""
INSERT OR IGNORE INTO {{table}} BY NAME
SELECT d.* EXCLUDE ({RECORD_COLUMN}) REPLACE (p.story AS article_id)
FROM batch_{{table}} d JOIN batch_placed p ON p.source_ref = d.{RECORD_COLUMN}
WHERE p.is_rep AND p.action = 'give_text'
"""

# The records that are not their story's stored record: the duplicates.
_MERGED = """
CREATE OR REPLACE TEMP TABLE batch_merged AS
SELECT p.* FROM batch_placed p JOIN articles a ON a.article_id = p.story WHERE a.source_ref != p.source_ref
"""

# The stories that gather something from this batch.
_TOUCHED = """
CREATE OR REPLACE TEMP TABLE batch_touched AS
SELECT DISTINCT story FROM batch_merged UNION SELECT story FROM batch_stories WHERE action = 'give_text'
"""

# The touched stories whose lists the batch's records change, with their new lists: the
# update below rewrites whole rows (DuckDB updates list columns by delete and insert, reading
# every column of the table), so the stories it would leave as they are stay out of it.
_GATHERED = f"""
CREATE OR REPLACE TEMP TABLE batch_gathered AS
SELECT * FROM (
    SELECT a.article_id,
        {", ".join(f"first_of_each(list_concat(a.{c}, u.{c})) AS {c}" for c in UNION_COLUMNS)},
        coalesce(a.section, first_of_each(list_concat(a.sections, u.sections))[1]) AS section,
        {", ".join(f"a.{c} AS stored_{c}" for c in (*UNION_COLUMNS, "section"))}
    FROM articles a JOIN (
        SELECT p.story, {", ".join(f"flatten(list(b.{c} ORDER BY p.{RECORD_NO})) AS {c}" for c in UNION_COLUMNS)}
        FROM batch_placed p JOIN batch_articles b USING (source_ref)
        WHERE p.story IN (SELECT story FROM batch_touched) GROUP BY p.story
    ) u ON a.article_id = u.story
)
WHERE {" OR ".join(f"{c} IS DISTINCT FROM stored_{c}" for c in (*UNION_COLUMNS, "section"))}
"""

_GATHER_LISTS = f"""
UPDATE articles a SET {", ".join(f"{c} = g.{c}" for c in (*UNION_COLUMNS, "section"))}
FROM batch_gathered g WHERE a.article_id = g.article_id
"""

_GATHER_TAGS = f"""
INSERT OR IGNORE INTO tags
SELECT p.story, d.kind, d.tag, arg_min(d.label, p.{RECORD_NO})
FROM batch_tags d JOIN batch_placed p ON p.source_ref = d.{RECORD_COLUMN}
WHERE d.kind != 'keyword' AND p.story IN (SELECT story FROM batch_touched)
GROUP BY ALL
"""

# The touched stories that may now hold keywords beside an editor tag: those given an editor
# tag by the batch's records, and those given a text (and its keywords). Any other story kept
# the rule already (a stored story with an editor tag holds no keywords).
_MAY_MIX = f"""
CREATE OR REPLACE TEMP TABLE batch_may_mix AS
SELECT p.story FROM batch_tags d JOIN batch_placed p ON p.source_ref = d.{RECORD_COLUMN}
WHERE d.kind = 'tag' AND p.story IN (SELECT story FROM batch_touched)
UNION SELECT story FROM batch_stories WHERE action = 'give_text'
"""

_KEYWORDS_AFTER_EDITOR_TAGS = """
DELETE FROM tags WHERE kind = 'keyword' AND article_id IN (
    SELECT article_id FROM tags WHERE kind = 'tag' AND article_id IN (SELECT story FROM batch_may_mix)
)
"""

_DUPLICATES = """
INSERT OR IGNORE INTO duplicates BY NAME
SELECT source_ref, story AS article_id, record_article_id, $run_id AS run_id FROM batch_merged
UNION ALL
SELECT source_ref, article_id, article_id, $run_id FROM batch_emptied
"""

_COUNTS = f"""
SELECT (SELECT count(*) FROM batch_placed) - (SELECT count(*) FROM batch_merged),
       (SELECT count(*) FROM batch_merged),
       (SELECT count(*) FROM batch_emptied WHERE {OF_FILE.format(ref="source_ref", file="$file_ref")})
"""

# Emptied records of files already accounted for: their latest complete account moves them
# from stored to duplicates.
_MOVES = f"""
CREATE OR REPLACE TEMP TABLE batch_moves AS
SELECT latest.run_id, latest.file_ref, count(*) AS moved
FROM batch_emptied JOIN (
    SELECT run_id, file_ref FROM ingest_files WHERE completed_at IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY file_ref ORDER BY run_id DESC) = 1
) latest ON {OF_FILE.format(ref="source_ref", file="latest.file_ref")}
WHERE latest.file_ref != $file_ref
GROUP BY ALL
"""
_REACCOUNT = """
UPDATE ingest_files f SET stored = f.stored - m.moved, duplicates = f.duplicates + m.moved
FROM batch_moves m WHERE f.run_id = m.run_id AND f.file_ref = m.file_ref
"""

_TEMP_TABLES = (
    "batch_groups",
    "batch_stories",
    "batch_placed",
    "batch_emptied",
    "batch_merged",
    "batch_touched",
    "batch_gathered",
    "batch_may_mix",
    "batch_moves",
)


def place_batch(con: duckdb.DuckDBPyConnection) -> None:
    """Place the registered batch (`batch_articles`, with RECORD_NO, and `batch_<table>` for each
    of DERIVED_TABLES, each row with its record's RECORD_COLUMN) in the store: new articles
    inserted, texts given, lists and tags gathered. Leaves `batch_merged` (the batch's
    duplicates) and `batch_emptied` (stored records that became duplicates) to read; the
    caller runs it inside its transaction."""
    for sql in (_GROUPS, _STORIES, _PLACED, _NEW_ARTICLES, _EMPTIED, _GIVE_TEXT, *_EMPTIED_DERIVED):
        con.execute(sql)
    for table in DERIVED_TABLES:
        other_keys = "".join(f", d.{key}" for key in DERIVED_KEYS[table] if key != "article_id")
        con.execute(_SHOWN_DERIVED.format(table=table, other_keys=other_keys))
        con.execute(_TEXT_GIVEN_DERIVED.format(table=table))
    for sql in (_MERGED, _TOUCHED, _GATHERED, _GATHER_LISTS, _GATHER_TAGS, _MAY_MIX, _KEYWORDS_AFTER_EDITOR_TAGS):
        con.execute(sql)


def record_duplicates(con: duckdb.DuckDBPyConnection, *, run_id: int) -> None:
    """Record the placed batch's duplicates, and the stored records it emptied."""
    con.execute(_DUPLICATES, {"run_id": run_id})


def account(con: duckdb.DuckDBPyConnection, *, file_ref: str, run_id: int) -> BatchAccount:
    """What placing the batch (records of the input file `file_ref`) did to the accounts:
    records stored and duplicates, as changes to the file's own account; emptied records of
    other files are moved from stored to duplicates in their latest complete account."""
    stored, duplicates, emptied_here = con.execute(_COUNTS, {"file_ref": file_ref}).fetchone() or (0, 0, 0)
    con.execute(_MOVES, {"file_ref": file_ref})
    con.execute(_REACCOUNT)
    moved = con.execute("SELECT run_id, file_ref, moved FROM batch_moves").fetchall()
    return BatchAccount(
        stored=stored - emptied_here,
        duplicates=duplicates + emptied_here,
        moved={ref: n for run, ref, n in moved if run == run_id},
    )


def drop_batch_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what place_batch left behind."""
    for name in _TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {name}")

"""Text reuse: the stories articles share, who copies whom, agency copy left uncredited.

Read from the store's reuse tables (analytics.store.reuse, filled by a reuse round: every
`media-analytics ingest` runs one, `media-analytics reuse` another): `reuse_pairs`, the
checked pairs sharing any passage, and `reuse_stories`, each member of a story with its
origin. An article in no pair is in no story: a story of its own. A store never given a
round has no reuse tables; every function then returns an empty result.

Every filter, agencies and roles included, selects the articles a row counts and counts out
of (the scope): the share of an outlet's articles that copy is of its articles under every
filter. The other side of a story (its origin, the agency story copied) is any article of the
store, under the filters or not; only reuse_pair_rows asks both articles to be under them.
"""

from __future__ import annotations

import pandas as pd

from analytics.enrich.attribution.registry import Registry
from analytics.queries.engine import (
    SELECTION,
    Sql,
    agency_columns,
    agency_join,
    base,
    check_choice,
    check_limit,
    counted_with_registry,
    counts,
    key_column,
    key_join,
    limit_clause,
    run,
    share,
)
from analytics.queries.filters import UNKNOWN, Filters
from analytics.queries.reuse_relations import THRESHOLD, UNCREDITED, copy_origins

REUSE_TABLES = ("reuse_pairs", "reuse_stories")
HOUR_S = 3600
# The lag from a story's origin to a copy: (label, upper bound in hours, exclusive; None: no bound).
LAG_BUCKETS = (
    ("<1h", 1),
    ("1-6h", 6),
    ("6-24h", 24),
    ("1-3 days", 72),
    ("3-7 days", 168),
    (">7 days", None),
)
BEFORE_ORIGIN = "before the origin"  # a copy dated before its origin: see syndication_lag
STORY_LIMIT = 20  # the stories largest_stories lists by default

STORIES_BY = ("outlet", "period")
UNCREDITED_BY = (None, "outlet")
STORY_COUNT_COLUMNS = ("count", "total", "share")
MATRIX_COLUMNS = (
    "outlet_id",
    "outlet_name",
    "outlet_kind",
    "origin_kind",
    "origin",
    "origin_name",
    "count",
    "total",
    "share",
)
UNCREDITED_COLUMNS = (
    "article_id",
    "source_ref",
    "outlet",
    "agency",
    "origin_article_id",
    "origin_source_ref",
    "containment",
    "evidence",
)
PAIR_COLUMNS = (
    "article_id_a",
    "source_ref_a",
    "outlet_a",
    "article_id_b",
    "source_ref_b",
    "outlet_b",
    "containment_a",
    "containment_b",
    "shared_passage",
    "earlier",
)
OUTLET_KEY = MATRIX_COLUMNS[:3]
LAG_COLUMNS = ("lag", "count", "total", "share")
STORY_COLUMNS = (
    "origin_id",
    "title",
    "outlet_id",
    "outlet_name",
    "articles",
    "outlets",
    "first_published",
    "last_published",
    "count",
    "total",
    "share",
)
ARTICLE_REUSE_COLUMNS = (
    "article_id",
    "outlet_id",
    "outlet_name",
    "title",
    "published_at",
    "source_ref",
    "containment_this",
    "containment_other",
    "is_origin",
    "passages_this",
    "passages_other",
)

# An article's display outlet in the row-level results (the canonical name, as the analyses show it)
_OUTLET = "coalesce({t}.outlet_name, {t}.outlet_id, '" + UNKNOWN + "')"
# Each pair from each article's side: its containment and passages as this article's ([start, end,
# other_start, other_end] character offsets, this article's first)
_SIDES = (
    "sides AS (SELECT article_id_a AS article_id, article_id_b AS other_id, containment_a AS containment, "
    "containment_b AS other_containment, CAST(passages AS BIGINT[][]) AS spans FROM reuse_pairs "
    "UNION ALL SELECT article_id_b, article_id_a, containment_b, containment_a, "
    "list_transform(CAST(passages AS BIGINT[][]), lambda p: [p[3], p[4], p[1], p[2]]) FROM reuse_pairs)"
)
# Copies: articles in a story whose origin is another article
_COPIES = "JOIN reuse_stories r ON r.article_id = {t}.article_id AND r.origin_id <> r.article_id"


def _longest_text(spans: str, body: str) -> str:
    """SQL: the text of the longest of `spans` (this article's offsets first) cut from `body`."""
    longest = f"list_reduce({spans}, lambda x, y: CASE WHEN y[2] - y[1] > x[2] - x[1] THEN y ELSE x END)"
    return f"substring({body}, {longest}[1] + 1, {longest}[2] - {longest}[1])"


def has_reuse(store) -> bool:
    """Whether the store holds the reuse tables (a store never given a reuse round has none)."""
    names = ", ".join(f"'{name}'" for name in REUSE_TABLES)
    found = run(
        store,
        f"SELECT count(*) AS n FROM duckdb_tables() WHERE table_name IN ({names}) AND NOT temporary",
        name="reuse tables",
    )
    return int(found["n"].iloc[0]) == len(REUSE_TABLES)


def story_threshold(store) -> float:
    """The share of its text an article shares with another for the two to be one story: the
    threshold the stored stories were made with, else the `reuse_threshold` setting's default."""
    return float(run(store, f"SELECT {THRESHOLD} AS value", name="reuse threshold")["value"].iloc[0])


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return counts(pd.DataFrame({name: [] for name in columns}))


def reuse_stories_by_outlet(
    store,
    filters: Filters = Filters(),
    *,
    by: str = "outlet",
    freq: str = "month",
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Distinct stories among each outlet's (or period's) articles: `count` the stories (an
    article in no story is one of its own), `total` the group's articles, `share` count / total
    (1.0: no two of its articles are one story; lower: it ran one story several times).

    Columns: outlet_id, outlet_name, outlet_kind | period, count, total, share.
    """
    check_choice("by", by, STORIES_BY)
    if not has_reuse(store):
        return _empty((*OUTLET_KEY, *STORY_COUNT_COLUMNS) if by == "outlet" else ("period", *STORY_COUNT_COLUMNS))
    sql = base(filters, by=by, freq=freq, allowed=STORIES_BY, picks=SELECTION) + (
        ", hits AS (SELECT g.key, count(DISTINCT coalesce(r.origin_id, g.article_id)) AS count FROM grouped g "
        "LEFT JOIN reuse_stories r ON r.article_id = g.article_id GROUP BY g.key) "
        f"SELECT {key_column(by, 'o')}coalesce(h.count, 0) AS count, o.total, "
        f"{share('coalesce(h.count, 0)', 'o.total')} AS share "
        f"FROM totals o LEFT JOIN hits h ON h.key = o.key{key_join(by, 'o')} "
        + ("ORDER BY o.total DESC, o.key" if by == "outlet" else "ORDER BY o.key")
    )
    return counts(run(store, sql, name="stories by outlet", time_limit=time_limit))


def reuse_stories_by_period(
    store, filters: Filters = Filters(), *, freq: str = "month", time_limit: float | None = None
) -> pd.DataFrame:
    """Distinct stories among each period's articles (reuse_stories_by_outlet by period): undated
    articles are left out, and a story running over several periods counts in each of them.

    Columns: period, count, total (the period's articles), share.
    """
    return reuse_stories_by_outlet(store, filters, by="period", freq=freq, time_limit=time_limit)


def reuse_matrix(
    store,
    filters: Filters = Filters(),
    *,
    limit: int | None = None,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Outlet x origin: the articles of each outlet in a story whose origin is another article,
    by the origin's agency when the origin is an agency story (an agency's own feed, or wire
    copy crediting it: origin_kind 'agency', origin the agency id), else by the origin's outlet
    (origin_kind 'outlet', its outlet id; the outlet's own stories run again included).
    `limit` keeps each outlet's largest origins.

    Columns: outlet_id, outlet_name, outlet_kind, origin_kind, origin, origin_name, count,
    total (the outlet's articles), share.
    """
    check_limit("limit", limit)
    if not has_reuse(store):
        return _empty(MATRIX_COLUMNS)
    sql = (
        base(filters, by="outlet", picks=SELECTION)
        + (
            ", copies AS (SELECT g.key, x.origin_kind, x.origin, x.origin_outlet_name AS outlet_name "
            f"FROM grouped g JOIN ({copy_origins(UNKNOWN)}) x ON x.article_id = g.article_id), "
            "hits AS (SELECT key, origin_kind, origin, min(outlet_name) AS outlet_name, count(*) AS count, "
            "row_number() OVER (PARTITION BY key ORDER BY count(*) DESC, origin_kind, origin) AS rank "
            "FROM copies GROUP BY key, origin_kind, origin) "
            f"SELECT {key_column('outlet', 'h')}h.origin_kind, h.origin, "
            "CASE WHEN h.origin_kind = 'agency' THEN coalesce(reg.agency_name, h.outlet_name) ELSE h.outlet_name END "
            f"AS origin_name, h.count, t.total, {share('h.count', 't.total')} AS share "
            f"FROM hits h JOIN totals t ON t.key = h.key{key_join('outlet', 'h')} "
            "LEFT JOIN registry reg ON reg.agency = h.origin "
        )
        + Sql("WHERE ?::BIGINT IS NULL OR h.rank <= ? ", (limit, limit))
        + "ORDER BY t.total DESC, h.key, h.count DESC, h.origin_kind, h.origin"
    )
    return counted_with_registry(store, sql, name="reuse matrix", time_limit=time_limit, registry=registry)


def _uncredited(filters: Filters, *, by: str | None = None) -> Sql:
    """`WITH scope, ..., grouped, totals (base, by `by`), uncredited (article_id, article_row, agency,
    origin_id, containment)`: the scoped articles' agency copy left uncredited (reuse_relations.UNCREDITED)."""
    return base(filters, by=by, allowed=UNCREDITED_BY, picks=SELECTION) + (
        ", uncredited AS (SELECT u.article_id, s.article_row, u.agency, u.origin_id, u.containment "
        f"FROM scope s JOIN ({UNCREDITED}) u ON u.article_id = s.article_id) "
    )


def uncredited_copy_rows(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> pd.DataFrame:
    """Agency copy left uncredited, one row per article X and agency G: X shares at least the
    story threshold (story_threshold) of its own text with a story Y of G (G's own feed, or an
    article crediting G as source or dateline), X credits G in no role, is not G's own feed and
    was not published before Y.
    Y is the one X shares most of its text with. Kept apart from the attributions: a finding of
    text reuse, never a credit.

    Columns: article_id, source_ref, outlet (X's outlet name), agency, origin_article_id,
    origin_source_ref (Y), containment (the share of X found in Y), evidence (the text of X's
    longest passage shared with Y); by outlet, article, agency.
    """
    if not has_reuse(store):
        return pd.DataFrame({name: [] for name in UNCREDITED_COLUMNS})
    sql = _uncredited(filters) + (
        f", {_SIDES} SELECT u.article_id, x.source_ref, {_OUTLET.format(t='x')} AS outlet, u.agency, "
        "u.origin_id AS origin_article_id, y.source_ref AS origin_source_ref, u.containment, "
        f"{_longest_text('p.spans', 'x.body')} AS evidence "
        "FROM uncredited u JOIN sides p ON p.article_id = u.article_id AND p.other_id = u.origin_id "
        "JOIN articles x ON x.article_id = u.article_id JOIN articles y ON y.article_id = u.origin_id "
        "ORDER BY outlet, x.source_ref, u.article_id, u.agency"
    )
    return run(store, sql, name="uncredited agency copy", time_limit=time_limit).reset_index(drop=True)


def uncredited_agency_copy(
    store,
    filters: Filters = Filters(),
    *,
    by: str | None = None,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Articles copying an agency's story without crediting that agency (uncredited_copy_rows),
    per agency, over all articles (by None) or per outlet (by "outlet").

    Columns: [outlet_id, outlet_name, outlet_kind], agency, agency_name, agency_kind, count,
    total (the group's articles: all of them, or the outlet's), share.
    """
    check_choice("by", by, UNCREDITED_BY)
    agency = ("agency", "agency_name", "agency_kind", *STORY_COUNT_COLUMNS)
    if not has_reuse(store):
        return _empty((*OUTLET_KEY, *agency) if by == "outlet" else agency)
    sql = _uncredited(filters, by=by) + (
        ", hits AS (SELECT g.key, u.agency, count(*) AS count FROM uncredited u "
        "JOIN grouped g ON g.article_row = u.article_row GROUP BY g.key, u.agency) "
        f"SELECT {key_column(by, 'h')}{agency_columns('h')}, h.count, t.total, {share('h.count', 't.total')} AS share "
        f"FROM hits h JOIN totals t ON t.key = h.key{key_join(by, 'h')}{agency_join('h')} "
        "ORDER BY t.total DESC, h.key, h.count DESC, h.agency"
    )
    return counted_with_registry(store, sql, name="uncredited agency copy", time_limit=time_limit, registry=registry)


def uncredited_agency_copy_by_outlet(
    store,
    filters: Filters = Filters(),
    *,
    registry: Registry | None = None,
    time_limit: float | None = None,
) -> pd.DataFrame:
    """Outlet x agency: the outlet's articles copying the agency's story without crediting it
    (uncredited_agency_copy by outlet).

    Columns: outlet_id, outlet_name, outlet_kind, agency, agency_name, agency_kind, count,
    total (the outlet's articles), share.
    """
    return uncredited_agency_copy(store, filters, by="outlet", registry=registry, time_limit=time_limit)


def syndication_lag(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> pd.DataFrame:
    """How long after its story's origin each copy (an article in a story whose origin is
    another article) was published, both dated (published_at, UTC), in LAG_BUCKETS; a row
    BEFORE_ORIGIN when any copy is dated before its origin. That happens because the origin is
    the story's earliest agency story, not its earliest article: an outlet that ran a story
    before the agency's feed did (the agency's item dated at its last update, or the agency
    taking up the outlet's story) comes first, and so does a copy whose zone was read wrong.

    Columns: lag, count, total (the copies with both dates), share. Empty when there is no such copy.
    """
    if not has_reuse(store):
        return _empty(LAG_COLUMNS)
    hours = f"(epoch(c.published_at) - epoch(o.published_at)) / {HOUR_S}"
    cases = " ".join(
        f"WHEN {hours} < {bound} THEN '{label}'" if bound is not None else f"ELSE '{label}'"
        for label, bound in LAG_BUCKETS
    )
    buckets = ", ".join(f"('{label}', {n})" for n, (label, _) in enumerate(((BEFORE_ORIGIN, 0), *LAG_BUCKETS)))
    sql = base(filters, picks=SELECTION) + (
        ", lags AS (SELECT CASE WHEN "
        f"{hours} < 0 THEN '{BEFORE_ORIGIN}' {cases} END AS lag FROM scope s {_COPIES.format(t='s')} "
        "JOIN articles c ON c.article_id = s.article_id JOIN articles o ON o.article_id = r.origin_id "
        "WHERE c.published_at IS NOT NULL AND o.published_at IS NOT NULL), "
        f"buckets(lag, position) AS (VALUES {buckets}), "
        "hits AS (SELECT lag, count(*) AS count FROM lags GROUP BY lag), "
        "dated AS (SELECT count(*) AS total FROM lags) "
        f"SELECT b.lag, coalesce(h.count, 0) AS count, d.total, {share('coalesce(h.count, 0)', 'd.total')} AS share "
        "FROM buckets b CROSS JOIN dated d LEFT JOIN hits h ON h.lag = b.lag "
        f"WHERE d.total > 0 AND (b.lag <> '{BEFORE_ORIGIN}' OR h.count > 0) ORDER BY b.position"
    )
    return counts(run(store, sql, name="syndication lag", time_limit=time_limit))


def largest_stories(
    store, filters: Filters = Filters(), *, limit: int | None = STORY_LIMIT, time_limit: float | None = None
) -> pd.DataFrame:
    """The stories with the most members under the filters: each with its origin (id, title and
    outlet), and over all its members, under the filters or not, its articles, outlets and first
    and last publication (UTC).

    Columns: origin_id, title, outlet_id, outlet_name, articles, outlets, first_published,
    last_published, count (its members under the filters), total (the articles under the
    filters), share.
    """
    check_limit("limit", limit)
    if not has_reuse(store):
        return _empty(STORY_COLUMNS)
    sql = (
        base(filters, picks=SELECTION)
        + (
            ", hits AS (SELECT r.origin_id, count(*) AS count FROM scope s JOIN reuse_stories r "
            "ON r.article_id = s.article_id GROUP BY r.origin_id), "
            "stories AS (SELECT r.origin_id, count(*) AS articles, "
            f"count(DISTINCT coalesce(m.outlet_id, '{UNKNOWN}')) AS outlets, min(m.published_at) AS first_published, "
            "max(m.published_at) AS last_published FROM reuse_stories r SEMI JOIN hits h ON h.origin_id = r.origin_id "
            "JOIN articles m ON m.article_id = r.article_id GROUP BY r.origin_id) "
            f"SELECT h.origin_id, o.title, coalesce(o.outlet_id, '{UNKNOWN}') AS outlet_id, "
            f"{_OUTLET.format(t='o')} AS outlet_name, st.articles, st.outlets, st.first_published, "
            f"st.last_published, h.count, t.total, {share('h.count', 't.total')} AS share "
            "FROM hits h JOIN stories st USING (origin_id) JOIN articles o ON o.article_id = h.origin_id "
            "CROSS JOIN totals t ORDER BY h.count DESC, st.articles DESC, h.origin_id"
        )
        + limit_clause(limit)
    )
    frame = counts(run(store, sql, name="largest stories", time_limit=time_limit))
    for column in ("articles", "outlets"):
        frame[column] = frame[column].astype("int64")
    return frame


def reuse_pair_rows(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> pd.DataFrame:
    """Every stored pair sharing text whose two articles are both under the filters (a pair with
    one of them outside is left out), by article_id_a, article_id_b.

    Columns: article_id_a, source_ref_a, outlet_a, article_id_b, source_ref_b, outlet_b,
    containment_a (the share of a found in b), containment_b, shared_passage (the text of their
    longest shared passage, from a's body), earlier ('a' or 'b': published first; '' when
    either is undated or both at the same time).
    """
    if not has_reuse(store):
        return pd.DataFrame({name: [] for name in PAIR_COLUMNS})
    spans = "CAST(p.passages AS BIGINT[][])"
    sql = base(filters, picks=SELECTION) + (
        f" SELECT p.article_id_a, a.source_ref AS source_ref_a, {_OUTLET.format(t='a')} AS outlet_a, "
        f"p.article_id_b, b.source_ref AS source_ref_b, {_OUTLET.format(t='b')} AS outlet_b, "
        f"p.containment_a, p.containment_b, {_longest_text(spans, 'a.body')} AS shared_passage, "
        "CASE WHEN a.published_at < b.published_at THEN 'a' WHEN b.published_at < a.published_at THEN 'b' "
        "ELSE '' END AS earlier "
        "FROM reuse_pairs p SEMI JOIN scope sa ON sa.article_id = p.article_id_a "
        "SEMI JOIN scope sb ON sb.article_id = p.article_id_b "
        "JOIN articles a ON a.article_id = p.article_id_a JOIN articles b ON b.article_id = p.article_id_b "
        "ORDER BY p.article_id_a, p.article_id_b"
    )
    return run(store, sql, name="reuse pairs", time_limit=time_limit).reset_index(drop=True)


def article_reuse(store, article_id: str, *, time_limit: float | None = None) -> pd.DataFrame:
    """The articles sharing text with one article ("also published as"), one row per stored
    pair, the one sharing most of this article's text first: the other article (id, outlet,
    title, published_at, source_ref), containment_this (the share of this article found in the
    other), containment_other (of the other found in this), is_origin (the other is this
    article's story origin), passages_this and passages_other (the shared passages as [start,
    end] character offsets into this article's body and into the other's, in the same order).

    Columns: article_id, outlet_id, outlet_name, title, published_at, source_ref, containment_this,
    containment_other, is_origin, passages_this, passages_other.
    """
    if not has_reuse(store):
        return pd.DataFrame({name: [] for name in ARTICLE_REUSE_COLUMNS})
    sql = Sql(
        f"WITH {_SIDES} SELECT p.other_id AS article_id, coalesce(o.outlet_id, '{UNKNOWN}') AS outlet_id, "
        f"{_OUTLET.format(t='o')} AS outlet_name, o.title, o.published_at, o.source_ref, "
        "p.containment AS containment_this, p.other_containment AS containment_other, "
        "coalesce(r.origin_id = p.other_id, FALSE) AS is_origin, "
        "list_transform(p.spans, lambda s: [s[1], s[2]]) AS passages_this, "
        "list_transform(p.spans, lambda s: [s[3], s[4]]) AS passages_other "
        "FROM sides p JOIN articles o ON o.article_id = p.other_id "
        "LEFT JOIN reuse_stories r ON r.article_id = p.article_id "
        "WHERE p.article_id = ? ORDER BY p.containment DESC, p.other_id",
        (article_id,),
    )
    frame = run(store, sql, name="article reuse", time_limit=time_limit).reset_index(drop=True)
    for column in ("passages_this", "passages_other"):
        frame[column] = [[tuple(int(v) for v in span) for span in spans] for spans in frame[column]]
    return frame

"""The text-reuse relations that both the reuse analyses (analytics.queries.reuse) and the `copy_of`
filter (analytics.queries.filters) read: one definition of what a copy's origin is and of what
agency copy left uncredited is, as SQL over the store's reuse tables (analytics.store.reuse) and
its articles, attributions and credits. Each is one SELECT, to be used as a subquery.

    copy_origins(unknown) (article_id, origin_id, origin_kind, origin, origin_outlet_name)
    UNCREDITED            (article_id, agency, origin_id, containment)
"""

from __future__ import annotations

from analytics import settings
from analytics.enrich.outlets.registry import AGENCY_KIND
from analytics.store.reuse import STORY_THRESHOLD_META

CREDITED_ROLES = ("source", "dateline")  # an article crediting an agency in these roles is that agency's story
ORIGIN_KINDS = ("agency", "outlet")  # a copy's origin: an agency's story, else an outlet's article
UNCREDITED_KIND = "uncredited"  # the copy_of filter's `uncredited:<agency>`: that agency's story copied uncredited

# The share of its text an article shares with another for the two to be one story: the threshold the
# stored stories were made with, else the `reuse_threshold` setting's default
THRESHOLD = (
    f"(SELECT coalesce(max(TRY_CAST(value AS DOUBLE)), {settings.REUSE_THRESHOLD!r}) FROM meta "
    f"WHERE key = '{STORY_THRESHOLD_META}')"
)
# Each stored pair from each article's side: the share of this article found in the other
_SIDES = (
    "SELECT article_id_a AS article_id, article_id_b AS other_id, containment_a AS containment FROM reuse_pairs "
    "UNION ALL SELECT article_id_b, article_id_a, containment_b FROM reuse_pairs"
)
# An agency's stories: its own feed, and the articles crediting it as source or dateline
_AGENCY_STORIES = (
    f"SELECT article_id, outlet_id AS agency FROM articles WHERE outlet_kind = '{AGENCY_KIND}' "
    "AND outlet_id IS NOT NULL UNION SELECT article_id, agency FROM attributions "
    f"WHERE role IN ({', '.join(repr(role) for role in CREDITED_ROLES)})"
)


def copy_origins(unknown: str) -> str:
    """The copies (articles in a story whose origin is another article), each with its story's
    origin: by the origin's agency when the origin is an agency story (an agency's own feed, or
    wire copy crediting it: origin_kind 'agency', origin the agency id), else by the origin's
    outlet (origin_kind 'outlet', its outlet id, `unknown` without one); origin_outlet_name the
    origin's outlet as the analyses name it."""
    agency_story = f"(o.outlet_kind = '{AGENCY_KIND}' OR (c.wire_copy AND c.primary_agency IS NOT NULL))"
    return (
        "SELECT r.article_id, r.origin_id, "
        f"CASE WHEN {agency_story} THEN 'agency' ELSE 'outlet' END AS origin_kind, "
        f"CASE WHEN o.outlet_kind = '{AGENCY_KIND}' THEN o.outlet_id WHEN {agency_story} THEN c.primary_agency "
        f"ELSE coalesce(o.outlet_id, '{unknown}') END AS origin, "
        f"coalesce(o.outlet_name, o.outlet_id, '{unknown}') AS origin_outlet_name "
        "FROM reuse_stories r JOIN articles o ON o.article_id = r.origin_id "
        "LEFT JOIN article_credits c ON c.article_id = o.article_id WHERE r.origin_id <> r.article_id"
    )


# Agency copy left uncredited: per article X and agency G, X shares at least THRESHOLD of its text with
# a story Y of G while X credits G in no role, is not G's own feed and was not published before Y (a
# copy comes after what it copies: an article earlier than an outlet's credited rerun of the agency's
# story may share the press release both ran, which is no evidence of copying the agency); Y the one
# holding most of X (then the smallest id).
UNCREDITED = (
    "SELECT p.article_id, g.agency, p.other_id AS origin_id, p.containment "
    f"FROM ({_SIDES}) p JOIN ({_AGENCY_STORIES}) g ON g.article_id = p.other_id "
    "JOIN articles x ON x.article_id = p.article_id JOIN articles y ON y.article_id = p.other_id "
    f"WHERE p.containment >= {THRESHOLD} AND NOT coalesce(x.outlet_kind = '{AGENCY_KIND}' AND x.outlet_id = g.agency, FALSE) "
    "AND NOT coalesce(x.published_at < y.published_at, FALSE) "
    "AND NOT EXISTS (SELECT 1 FROM attributions t WHERE t.article_id = p.article_id AND t.agency = g.agency) "
    "QUALIFY row_number() OVER (PARTITION BY p.article_id, g.agency ORDER BY p.containment DESC, p.other_id) = 1"
)

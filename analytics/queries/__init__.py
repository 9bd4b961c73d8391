"""The analytics API: every function takes a store and one Filters object, aggregates
in DuckDB, and returns a tidy pandas DataFrame with `count`, `total` and
`share = count / total` (the total stated in each row), so a raw count is never
mistaken for a ratio. Notebooks, the dashboard and the CSV reports all call these.

    from analytics.queries.filters import Filters, filters_from
    from analytics import queries
    frame = queries.attribution_by_agency(store, filters_from(outlets=["kompas"]), limit=10)

Modules, one per area:
- `attribution`  attribution_by_agency, attribution_by_role, attribution_by_agency_role,
                 attribution_by_outlet, outlet_agency_matrix, wire_copy_by_outlet,
                 state_vs_independent
- `timeline`     publication_timeline, agency_timeline, tag_timeline
- `tags`         tag_frequencies, tag_cooccurrence, rising_tags
- `dates`        date_quality, worst_dated_outlets, event_lag (pooled_date_quality, worst_dated: of a
                 date_quality frame per outlet)
- `overview`     overview (a dict), headline (its figures of one query), overview_table, article_count
- `reuse`        reuse_stories_by_outlet / _by_period, reuse_matrix, uncredited_agency_copy(_by_outlet),
                 syndication_lag, largest_stories (aggregates); uncredited_copy_rows, reuse_pair_rows,
                 article_reuse (rows): text reuse, from the reuse tables a reuse round fills
- `reuse_relations` what a copy's origin and uncredited agency copy are, as SQL the reuse analyses
                 and the `copy_of` filter both read
- `outlets`      own_feeds_left_out: the agencies' own feeds the wire-dependence analyses leave out
- `filter_values` resolve_filter_values: a user's filter values matched to the store's (case,
                 names, aliases), the unknown ones with their nearest known values;
                 match_filter_values: the same value by value (Match), for links that keep them
- `catalog`      ANALYSES: one declaration per analysis (query, columns, report options, figure),
                 which the report, the figures and the dashboard's charts derive from
- `articles`     the SQL of the dashboard's Articles table and article view
- `engine`       the shared machinery: time limit (QueryTimeout), the filtered scope, buckets

Every function also takes `time_limit` (seconds; default QUERY_TIME_LIMIT_S, NO_LIMIT for
none) and raises QueryTimeout past it; options it cannot use raise QueryError, filters
it cannot use FilterError (both ValueError).
"""

from analytics.queries.attribution import (
    attribution_by_agency,
    attribution_by_agency_role,
    attribution_by_outlet,
    attribution_by_role,
    outlet_agency_matrix,
    state_vs_independent,
    wire_copy_by_outlet,
)
from analytics.queries.dates import (
    DATE_STATUSES,
    date_quality,
    event_lag,
    pooled_date_quality,
    worst_dated,
    worst_dated_outlets,
)
from analytics.queries.engine import (
    FREQS,
    NO_LIMIT,
    QUERY_TIME_LIMIT_S,
    TAG_KINDS,
    QueryError,
    QueryTimeout,
    registry_frame,
    store_version,
)
from analytics.queries.filter_values import Match, match_filter_values, resolve_filter_values, unknown_values_message
from analytics.queries.filters import FilterError, Filters, filters_from, from_query_string, narrow
from analytics.queries.outlets import own_feeds_left_out
from analytics.queries.overview import METRICS, article_count, headline, overview, overview_table
from analytics.queries.reuse import (
    article_reuse,
    largest_stories,
    reuse_matrix,
    reuse_pair_rows,
    reuse_stories_by_outlet,
    reuse_stories_by_period,
    syndication_lag,
    uncredited_agency_copy,
    uncredited_agency_copy_by_outlet,
    uncredited_copy_rows,
)
from analytics.queries.tags import rising_tags, tag_cooccurrence, tag_frequencies
from analytics.queries.timeline import agency_timeline, publication_timeline, tag_timeline

__all__ = [
    "DATE_STATUSES",
    "FREQS",
    "FilterError",
    "Filters",
    "METRICS",
    "NO_LIMIT",
    "QUERY_TIME_LIMIT_S",
    "QueryError",
    "QueryTimeout",
    "TAG_KINDS",
    "agency_timeline",
    "article_count",
    "article_reuse",
    "attribution_by_agency",
    "attribution_by_agency_role",
    "attribution_by_outlet",
    "attribution_by_role",
    "date_quality",
    "event_lag",
    "filters_from",
    "from_query_string",
    "headline",
    "largest_stories",
    "Match",
    "match_filter_values",
    "narrow",
    "outlet_agency_matrix",
    "overview",
    "overview_table",
    "own_feeds_left_out",
    "pooled_date_quality",
    "publication_timeline",
    "registry_frame",
    "resolve_filter_values",
    "reuse_matrix",
    "reuse_pair_rows",
    "reuse_stories_by_outlet",
    "reuse_stories_by_period",
    "rising_tags",
    "state_vs_independent",
    "store_version",
    "syndication_lag",
    "tag_cooccurrence",
    "tag_frequencies",
    "tag_timeline",
    "uncredited_agency_copy",
    "uncredited_agency_copy_by_outlet",
    "uncredited_copy_rows",
    "unknown_values_message",
    "wire_copy_by_outlet",
    "worst_dated",
    "worst_dated_outlets",
]

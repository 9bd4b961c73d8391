"""The agencies' own feeds that the wire-dependence analyses leave out by default.

An outlet of kind `agency` (KCNA's archive, Reuters-21578, Xinhua's headlines) is an
agency publishing its own copy: counted as an outlet, it would be "wire copy" through and
through. The analyses the catalog marks `leaves_out_own_feeds` (wire copy by outlet, state
vs independent wires, outlet x agency, the overview's wire copy) leave these articles out
unless the filters name outlet kinds (`Filters.own_feeds_scope`); this module counts what
they left out, for the charts' notes and the report's manifest.
"""

from __future__ import annotations

from analytics.enrich.outlets.registry import AGENCY_KIND
from analytics.queries.engine import Sql, run
from analytics.queries.filters import Filters

LEFT_OUT_KINDS = (AGENCY_KIND,)  # the outlet kinds the wire-dependence analyses leave out by default


def own_feeds_left_out(store, filters: Filters = Filters(), *, time_limit: float | None = None) -> int:
    """The articles the wire-dependence analyses leave out of their totals: those of outlets of kind
    `agency` under every filter but agencies and roles (which pick what is counted, not what it is
    counted out of) when the filters name no outlet kind, else none (0)."""
    if not filters.validate().leaves_out_own_feeds:
        return 0
    where, params = filters.denominator().replace(outlet_kind=list(LEFT_OUT_KINDS)).to_sql("a")
    sql = Sql(f"SELECT count(*) AS n FROM articles a WHERE {where}", tuple(params))
    return int(run(store, sql, name="agencies' own feeds", time_limit=time_limit)["n"].iloc[0])


def own_feeds_note(left_out: int) -> str:
    """The note on a wire-dependence chart: what it leaves out and how to bring it back."""
    return (
        f"Agencies' own feeds (outlet kind {', '.join(LEFT_OUT_KINDS)}) are left out of the wire-dependence "
        f"figures: {left_out:,} article{'' if left_out == 1 else 's'}. Choose outlet kinds to include them."
    )

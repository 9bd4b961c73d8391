"""Filter states a user of a store would pick, for the report and dashboard benchmarks: a date
range around one of the store's busiest months, an agency credited in it, an editor tag of
its articles (crediting that agency, when there is one), combined in turn (KINDS). Each
state is a different one, so each request of a benchmark asks for something not asked
before, and each selects articles: its agency and tag are picked among those of its range.
"""

from __future__ import annotations

import datetime as dt
import pathlib

from analytics import queries as q
from analytics.queries.engine import NO_LIMIT
from analytics.queries.filters import Filters
from analytics.store.store import Store

CHOICES = 8  # busy months, and agencies and tags in each, to pick from
RANGE_DAYS = 90  # a date range: about a quarter ...
RANGE_STEP_DAYS = 7  # ... one week longer on each pass over the busy months
KINDS = ("range", "agency+range", "tag+range", "agency+tag", "agency+tag+range")


def realistic(store_path: pathlib.Path, count: int) -> list[Filters]:
    """`count` different filter states over the store, cycling through KINDS."""
    states: list[Filters] = []
    with Store.open(store_path, read_only=True) as store:
        months = q.publication_timeline(store, freq="month", time_limit=NO_LIMIT)
        busiest = [p.date() for p in months.sort_values(["count", "period"], ascending=False)["period"].head(CHOICES)]
        n = 0
        while len(states) < count:
            kind, month, turn = KINDS[n % len(KINDS)], busiest[n % len(busiest)], n // len(busiest)
            n += 1
            end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            window = Filters(start=end - dt.timedelta(days=RANGE_DAYS + RANGE_STEP_DAYS * turn), end=end)
            agencies = tags = ()
            if "agency" in kind:
                credited = q.attribution_by_agency(store, window, limit=CHOICES, time_limit=NO_LIMIT)["agency"]
                agencies = (credited.iloc[turn % len(credited)],) if len(credited) else ()
            if "tag" in kind:
                tagged = q.tag_frequencies(
                    store,
                    Filters(window.start, window.end, agencies=agencies),
                    kind="tag",
                    limit=CHOICES,
                    time_limit=NO_LIMIT,
                )["tag"]
                tags = (tagged.iloc[turn % len(tagged)],) if len(tagged) else ()
            if ("agency" in kind and not agencies) or ("tag" in kind and not tags):
                continue  # nothing of the kind in this range
            ranged = "range" in kind
            state = Filters(
                start=window.start if ranged else None, end=window.end if ranged else None, agencies=agencies, tags=tags
            ).validate()
            if state not in states:
                states.append(state)
    return states

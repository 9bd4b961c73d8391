"""Several queries side by side (analytics.queries.compare) on the shared corpora: each query's rows
are the analysis under its filters, a timeline's shares are of the base filters' period articles,
and `report --compare` writes them with a `query` column."""

from __future__ import annotations

import csv
import json
import re

import pytest
from shared_store import shared_store  # noqa: F401  (the fixture)

from analytics.cli import main
from analytics.queries import attribution_by_agency, filters_from, publication_timeline
from analytics.queries.catalog import ANALYSES
from analytics.queries.compare import MAX_QUERIES, compare, parse_compare, parse_named
from analytics.queries.engine import NO_LIMIT
from analytics.queries.filters import FilterError
from analytics.queries.search import matching_ids
from analytics.store.store import Store

QUERIES = ("rudal=rudal", "nuklir=nuklir OR nuclear", "Xinhua cited=?agencies=xinhua")
OPTIONS = {"freq": "month", "registry": None, "time_limit": NO_LIMIT, "labels": None}


def test_named_queries_read_as_written_and_back():
    text, cited = parse_named('Kim="Kim Jong Un" -nuklir'), parse_named("KCNA cited=?agencies=kcna&q=rudal")
    assert dict(text.adds) == {"q": '"Kim Jong Un" -nuklir'}
    assert dict(cited.adds) == {"agencies": ["kcna"], "q": "rudal"}
    assert [parse_named(q.spec) for q in (text, cited)] == [text, cited]


@pytest.mark.parametrize(
    ("specs", "problem"),
    [
        (["rudal"], "is not NAME=QUERY"),
        (["=rudal"], "needs a name"),
        (["r=rudal (nuklir"], "a ( that is not closed at character 7"),
        (["r=?agencies=KCNA!"], "is not an agency id"),
        (["r="], "adds nothing"),
        (["a=x", "a=y"], "given twice"),
        ([f"q{n}=w{n}" for n in range(MAX_QUERIES + 1)], f"at most {MAX_QUERIES}"),
    ],
)
def test_a_bad_named_query_is_an_error_naming_it(specs, problem):
    with pytest.raises(FilterError, match=re.escape(problem)):
        parse_compare(specs)


def test_a_query_may_not_widen_the_base_filters():
    with pytest.raises(FilterError, match="outlets is set by the base filters"):
        parse_named("t=?outlets=tempo").filters(filters_from(outlets=["kompas"]))
    both = parse_named("r=rudal").filters(filters_from(q="korea"))
    assert both.q == "(korea) (rudal)"


def test_each_query_is_the_analysis_under_its_filters(shared_store):
    queries = parse_compare(QUERIES)
    base = filters_from(languages=["id", "en"])
    with Store.open(shared_store, read_only=True) as store:
        frame = compare(ANALYSES["attribution_by_agency"].report_frame, store, base, queries, **OPTIONS)
        assert list(frame["query"].unique()) == [q.name for q in queries]
        for query in queries:
            alone = attribution_by_agency(store, query.filters(base), limit=None, time_limit=NO_LIMIT)
            rows = frame[frame["query"] == query.name].drop(columns="query").reset_index(drop=True)
            assert rows[list(alone.columns)].equals(alone), query.name


def test_a_timeline_counts_each_query_out_of_the_base_periods(shared_store):
    queries = parse_compare(QUERIES[:2])
    base = filters_from(languages=["id"])
    with Store.open(shared_store, read_only=True) as store:
        frame = compare(publication_timeline, store, base, queries, timeline=True, freq="month", time_limit=NO_LIMIT)
        whole = publication_timeline(store, base, freq="month", time_limit=NO_LIMIT).set_index("period")["count"]
        for query in queries:
            rows = frame[frame["query"] == query.name].set_index("period")
            # counted independently: the query's matches among the base's dated Indonesian articles, per month
            store.connection.register("matched", matching_ids(store, dict(query.adds)["q"]).to_pandas().to_frame("id"))
            expected = dict(
                store.connection.execute(
                    "SELECT CAST(date_trunc('month', published_local) AS DATE), count(*) FROM articles "
                    "WHERE language = 'id' AND coalesce(published_issue, 'ok') = 'ok' AND published_at IS NOT NULL "
                    "AND article_id IN (SELECT id FROM matched) GROUP BY 1"
                ).fetchall()
            )
            counted = {period.date(): count for period, count in rows["count"].items() if count}
            assert counted == expected and sum(expected.values()) > 20, query.name
            assert (rows["total"] == whole.reindex(rows.index)).all()  # of all the base's articles of the month


def test_report_compare_writes_a_query_column(shared_store, tmp_path):
    out = tmp_path / "report"
    status = main(
        [
            "report",
            "--store",
            str(shared_store),
            "--out",
            str(out),
            "--language",
            "id",
            *(f"--compare={q}" for q in QUERIES),
        ]
    )
    assert status == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["compare"] == list(QUERIES)
    with (out / "attribution_by_agency.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[0] == "query"
    assert {row["query"] for row in rows} == {"rudal", "nuklir", "Xinhua cited"}
    assert "base filters" in manifest["files"]["publication_timeline.csv"]["denominator"]

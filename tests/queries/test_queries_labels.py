"""One label per tag on the shared corpora (issue 14): a tag spelled several ways reads as its
most frequent spelling over the whole store on every tag query, with or without a filter that
selects the articles using a rarer spelling. The tag and its label are found here with plain
SQL and pandas, apart from the code under test."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from shared_store import shared_store  # noqa: F401

from analytics import queries as q
from analytics.queries.articles import tags_sql
from analytics.queries.engine import run
from analytics.queries.filters import Filters, filters_from
from analytics.queries.labels import all_tag_labels
from analytics.store.store import Store

SPELLINGS = (  # every spelling of every tag spelled more than one way, with the outlet of its articles
    "SELECT k.kind, k.tag, k.label, a.outlet_id, k.article_id, CAST(a.published_local AS DATE) AS day "
    "FROM tags k JOIN articles a ON a.article_id = k.article_id WHERE (k.kind, k.tag) IN "
    "(SELECT (kind, tag) FROM tags GROUP BY kind, tag HAVING count(DISTINCT label) > 1)"
)


@dataclasses.dataclass(frozen=True)
class Spelled:
    """A tag spelled several ways: its most frequent label and an outlet writing a rarer one."""

    kind: str
    tag: str
    label: str  # the most frequent spelling, the smallest on a tie
    key_label: str  # the most frequent spelling of the key over all its kinds
    outlet: str  # the outlet with most articles spelling it otherwise
    rare_article: str  # one article of that outlet spelling it otherwise
    rows: pd.DataFrame  # every row of the tag (any kind), with its outlet and day


def most_frequent(rows: pd.DataFrame) -> str:
    counted = rows.groupby("label").size().reset_index(name="n")
    return str(counted.sort_values(["n", "label"], ascending=[False, True])["label"].iloc[0])


@pytest.fixture(scope="module")
def store(shared_store):  # noqa: F811
    with Store.open(shared_store, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def spelled(store) -> Spelled:
    """The most used tag whose most frequent spelling is not its smallest (an upper-case spelling
    would win a min()), with a rarer spelling in an outlet's articles."""
    rows = run(store, SPELLINGS)
    for (kind, tag), own in sorted(rows.groupby(["kind", "tag"]), key=lambda item: -len(item[1])):
        label = most_frequent(own)
        rare = own[(own["label"] != label) & own["outlet_id"].notna()]
        if label != own["label"].min() and not rare.empty:
            outlet = str(rare["outlet_id"].value_counts().index[0])
            article = str(rare.loc[rare["outlet_id"] == outlet, "article_id"].iloc[0])
            key = rows[rows["tag"] == tag]
            return Spelled(str(kind), str(tag), label, most_frequent(key), outlet, article, key)
    pytest.fail("no tag of the shared corpora is spelled several ways")


def selections(spelled: Spelled) -> dict[str, Filters]:
    """No filter, and a filter selecting only the outlet writing a rarer spelling."""
    return {"all": Filters(), "rare outlet": filters_from(outlets=[spelled.outlet])}


def test_the_example_is_spelled_otherwise_in_the_outlet_filtered(spelled):
    own = spelled.rows[(spelled.rows["kind"] == spelled.kind) & (spelled.rows["outlet_id"] == spelled.outlet)]
    assert spelled.label not in set(own["label"])  # the filtered articles never spell it the usual way


@pytest.mark.parametrize("selection", ["all", "rare outlet"])
def test_tag_frequencies_show_the_most_frequent_label(store, spelled, selection):
    filters = selections(spelled)[selection]
    for by in (None, "outlet"):
        frame = q.tag_frequencies(store, filters, kind=spelled.kind, by=by, limit=None)
        labels = set(frame.loc[frame["tag"] == spelled.tag, "label"])
        assert labels == {spelled.label}, (by, labels)


@pytest.mark.parametrize("selection", ["all", "rare outlet"])
def test_tag_frequencies_and_pairs_given_every_label_are_the_same(store, spelled, selection):
    """The labels a dashboard keeps per store version and a report computes once (all_tag_labels)
    give the same frequencies and pairs."""
    every = all_tag_labels(store)
    assert list(every.loc[(every["kind"] == spelled.kind) & (every["tag"] == spelled.tag), "label"]) == [spelled.label]
    assert len(every) == len(run(store, "SELECT DISTINCT kind, tag FROM tags"))
    filters = selections(spelled)[selection]
    given = q.tag_frequencies(store, filters, limit=None, labels=every)
    pd.testing.assert_frame_equal(given, q.tag_frequencies(store, filters, limit=None))
    pairs = q.tag_cooccurrence(store, filters, limit=None, labels=every)
    pd.testing.assert_frame_equal(pairs, q.tag_cooccurrence(store, filters, limit=None))


@pytest.mark.parametrize("selection", ["all", "rare outlet"])
def test_cooccurring_pairs_show_the_most_frequent_label(store, spelled, selection):
    filters = selections(spelled)[selection].replace(tags=(spelled.tag,))
    frame = q.tag_cooccurrence(store, filters, limit=None)
    shown = set(frame.loc[(frame["kind_a"] == spelled.kind) & (frame["tag_a"] == spelled.tag), "label_a"])
    shown |= set(frame.loc[(frame["kind_b"] == spelled.kind) & (frame["tag_b"] == spelled.tag), "label_b"])
    assert shown == {spelled.label}


@pytest.mark.parametrize("selection", ["all", "rare outlet"])
def test_rising_tags_show_the_most_frequent_label(store, spelled, selection):
    rows = spelled.rows[(spelled.rows["kind"] == spelled.kind) & spelled.rows["day"].notna()]
    if selection == "rare outlet":
        rows = rows[rows["outlet_id"] == spelled.outlet]
    first_day = rows["day"].min()  # its first day: no article carried it the day before
    frame = q.rising_tags(
        store, selections(spelled)[selection], freq="day", period=first_day, kind=spelled.kind, min_count=1, limit=None
    )
    assert list(frame.loc[frame["tag"] == spelled.tag, "label"]) == [spelled.label]


@pytest.mark.parametrize("selection", ["all", "rare outlet"])
def test_tag_timeline_shows_the_most_frequent_label(store, spelled, selection):
    filters = selections(spelled)[selection]
    of_kind = q.tag_timeline(store, filters, tags=[spelled.tag], kind=spelled.kind)
    assert set(of_kind["label"]) == {spelled.label}
    every_kind = q.tag_timeline(store, filters, tags=[spelled.tag])
    assert set(every_kind["label"]) == {spelled.key_label}


def test_the_article_view_shows_the_most_frequent_label(store, spelled):
    frame = run(store, tags_sql(spelled.rare_article))
    assert list(frame.loc[(frame["kind"] == spelled.kind) & (frame["tag"] == spelled.tag), "label"]) == [spelled.label]

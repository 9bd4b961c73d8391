"""Hostile and broken input, generated, for the components that read text: the date
parser, the tag normaliser, the attribution detector, event dates and keywords. Each
takes CASES generated values (hypothesis): arbitrary strings and values, and strings
built from the pieces real articles are made of; each gives a result or a reason,
never an exception. The detector's results must also point at their own evidence."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analytics.enrich import keywords, tags
from analytics.enrich.attribution.detect import detect
from analytics.enrich.attribution.registry import load_registry
from analytics.enrich.tags import TagAliases, tags_of
from analytics.schema import Article
from analytics.text import dates, events

CASES = 10_000
CHECKS = settings(
    max_examples=CASES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REGISTRY = load_registry()
PUBLISHED = dt.datetime(2021, 7, 12, 12, 2)
DATE_PIECES = (
    "Senin",
    "12",
    "Juli",
    "2021",
    "05:02",
    "WIB",
    "WITA",
    "WIT",
    "GMT+7",
    "+0700",
    "Z",
    "T",
    "-",
    "/",
    ",",
    ".",
    ":",
    "Jul",
    "July",
    "1987",
    "26-FEB-1987",
    "15:01:01.79",
    "pukul",
    "lalu",
    "jam",
    "kemarin",
    "Scroll ke bawah",
    "Tidak Ditemukan",
    "PT24S",
    "0001-01-01",
    "1e20",
    "\x00",
    "\u200b",
    "٣",
    "二〇二一",
)
TEXT_PIECES = (
    "JAKARTA",
    "(ANTARA)",
    "(AP)",
    "(Reuters)",
    "Reuters",
    "Reut",
    "KCNA",
    "Xinhua",
    "AFP",
    "Yonhap",
    "Kantor Berita",
    "kantor berita",
    "Associated Press",
    "Sumber:",
    "Foto:",
    "ANTARA FOTO/",
    "Baca Juga:",
    "said",
    "kata",
    "menurut",
    "mengutip",
    "dikutip dari",
    "laporan dari",
    "--",
    "(",
    ")",
    "-",
    " ",
    "\n",
    ".",
    ",",
    ":",
    "/",
    "Senin (12/7/2021)",
    "kemarin",
    "Minggu lalu",
    "pada 11 Juli",
    "12 Juli 2021",
    "Korea Utara",
    "Pyongyang",
    "Indonesia",
    "#",
    "@",
    "http://x.com/tag/abc",
    "<script>",
    "&amp;",
)


def _built(pieces: tuple[str, ...], size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=8), max_size=size).map("".join)


def _texts(pieces: tuple[str, ...], size: int = 80) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=400), _built(pieces, size))


@CHECKS
@given(
    st.one_of(
        _texts(DATE_PIECES, 20),
        st.integers(),
        st.floats(allow_nan=True),
        st.datetimes(),
        st.dates(),
        st.booleans(),
        st.none(),
        st.lists(st.text(max_size=5), max_size=3),
    ),
    st.sampled_from([None, "Asia/Jakarta", "UTC", "America/New_York"]),
    st.sampled_from([None, ("id",), ("en",)]),
)
@example(-62_135_596_800_001, None, None)  # found by this test: negative epoch milliseconds overflowed
def test_date_parser_gives_a_date_or_a_reason(raw, zone, languages):
    outcome = dates.parse_published(raw, default_tz=zone, languages=languages)
    assert outcome is None or isinstance(outcome, (dates.ParsedDate, dates.UnparsedDate))
    if isinstance(outcome, dates.UnparsedDate):
        assert outcome.reason
    if isinstance(outcome, dates.ParsedDate):
        assert outcome.published_at.tzinfo is not None
        issue = dates.date_issue(outcome, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        assert issue in (None, "future", "implausibly_old")


@CHECKS
@given(_texts(TEXT_PIECES, 20))
def test_tag_normaliser_is_total_and_idempotent(text):
    normal = tags.normalise_tag(text)
    assert isinstance(normal, str)
    assert tags.normalise_tag(normal) == normal
    assert isinstance(tags.tag_label(text), str)
    assert all(isinstance(slug, str) for slug in tags.tag_slugs(text))
    assert all(isinstance(label, str) for label in tags.tag_links(text))


@CHECKS
@given(
    _texts(TEXT_PIECES),
    _texts(TEXT_PIECES, 200),
    st.lists(_texts(TEXT_PIECES, 10), max_size=2),
    st.sampled_from([None, "id", "en"]),
)
def test_detector_tags_events_and_keywords_never_raise(title, body, captions, language):
    article = Article(
        "generated",
        "generated#1",
        title=title,
        body=body,
        captions=captions,
        source_line=title[:30],
        language=language,
        published_local=PUBLISHED,
    )
    for row in detect(article, REGISTRY):
        assert row.agency in REGISTRY.ids and row.evidence, row
    rows = tags_of(article, aliases=TagAliases())
    assert all(row.tag and row.kind for row in rows)
    event = events.event_date(body, PUBLISHED, language=language)
    assert event is None or isinstance(event, dt.date)
    assert all(isinstance(k, str) and k for k in keywords.extract(title, body, language, top=5))

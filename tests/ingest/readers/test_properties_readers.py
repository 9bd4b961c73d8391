"""Hostile and broken input, generated: every reader, given arbitrary bytes or text shaped
like its format, yields records, bad records and notes, never an exception (the ingest's
last-resort guard in analytics.ingest.sources is not used here), and its records' fields map;
any mapped record becomes an article or a quarantine reason.

Each format gets CASES generated inputs (hypothesis): half raw bytes, half documents of
generated records written in the format (cut short or with junk inserted at random
points) in a random encoding. JSON and JSON Lines also get hostile records (nested deep,
numbers of thousands of digits, lone surrogate escapes) among good ones: each record is
accounted for, read or quarantined, and every record read is stored as an article."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import random
import sys
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.ingest import fieldmap, normalize
from analytics.ingest.manifest import SourceSpec
from analytics.ingest.readers.base import BadRecord, FileNote, RawRecord, ReadOptions
from analytics.ingest.readers.jsonfmt import MAX_JSON_DEPTH
from analytics.ingest.sources import READERS, SELF_DESCRIBING
from analytics.schema import COLUMNS, to_arrow

CASES = 10_000
HALF = CASES // 2
NORMALISE_CASES = 3_000  # each may reach dateparser, milliseconds a call
FIELD_NAMES = (*COLUMNS, "published_visible")
SPEC = SourceSpec("generated", ("x",), language="id", timezone="Asia/Jakarta")
INGESTED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252")
# Pieces of real inputs, so generated text reaches past the first sniff of each reader.
WORDS = (
    "Reuters",
    "AP",
    "Antara",
    "KCNA",
    "Xinhua",
    "JAKARTA",
    "Sumber:",
    "Baca Juga:",
    "Editor:",
    "(",
    ")",
    "-",
    "2021-07-12",
    "12/07/2021 05:02 WIB",
    "Senin, 12 Juli 2021",
    "26-FEB-1987 15:01:01.79",
    "<p>",
    "</p>",
    "<a href='/tag/x'>",
    "<script>",
    "&amp;",
    "&#3;",
    "\r\n",
    "\n",
    "\t",
    "\x00",
    ";",
    ",",
    '"',
    "'",
    "{",
    "]",
)
FIELDS = ("title", "body", "date", "url", "tags", "headline", "story_text", "link", "author", "source")
MUTATIONS = ("none", "truncate", "insert")
HOSTILE_CASES = 1_000  # each normalises its records, milliseconds each
INT_DIGITS = sys.get_int_max_str_digits()  # Python refuses to read longer ints from text
PAST_RECURSION_LIMIT = 2 * sys.getrecursionlimit()  # deeper than json.loads and any recursive walk can go
# Surrogate escapes as JSON text, and whether one is left alone (no character): a high one then a
# low one make a pair; any other order or a single one is lone.
SURROGATE_ESCAPES = {
    "\\ud83d\\ude00": False,
    "\\uD83D\\uDE00": False,
    "\\ud800": True,
    "\\udfff": True,
    "\\ude00\\ud83d": True,
    "x\\udbff y": True,
    "\\\\ud800": False,  # an escaped backslash, then the letters: no escape at all
}
HOSTILE_FIELDS = ("title", "body", "tags", "extra")


def _document(fmt: str, records: list[dict[str, str]]) -> str:
    """Records written in `fmt` (xlsx is written as text: never a workbook)."""
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False)
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    if fmt in ("csv", "xlsx"):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
        return out.getvalue()
    if fmt == "reuters_sgml":
        return "".join(
            f'<REUTERS NEWID="{n}"><DATE>{r.get("date", "")}</DATE><TOPICS><D>{r.get("tags", "")}</D></TOPICS>'
            f"<TEXT><TITLE>{r.get('title', '')}</TITLE><BODY>{r.get('body', '')}</BODY></TEXT></REUTERS>\n"
            for n, r in enumerate(records, start=1)
        )
    if fmt == "feed":
        return (
            "<?xml version='1.0'?><rss version='2.0'><channel>"
            + "".join(
                f"<item><title>{escape(r.get('title', ''))}</title><pubDate>{escape(r.get('date', ''))}</pubDate>"
                f"<description>{escape(r.get('body', ''))}</description><category>{escape(r.get('tags', ''))}</category>"
                "</item>"
                for r in records
            )
            + "</channel></rss>"
        )
    if fmt == "html":
        r = records[0] if records else {}
        return (
            f"<html><head><title>{r.get('title', '')}</title><meta name='date' content='{r.get('date', '')}'>"
            f"</head><body><article><h1>{r.get('title', '')}</h1><p>{r.get('body', '')}</p>"
            f"<figure><figcaption>{r.get('source', '')}</figcaption></figure></article></body></html>"
        )
    return "\n".join(
        f"{r.get('title', '')}\n{r.get('date', '')}\n\n{r.get('body', '')}\nSumber: {r.get('source', '')}"
        for r in records
    )


def _shaped(fmt: str, seed: int) -> bytes:
    """A document of records made of WORDS and random characters, written in the format,
    perhaps cut short or with junk inserted, in a random encoding. Built from a seed
    (hypothesis draws the seed), as drawing every piece through hypothesis costs more
    than most readers."""
    rng = random.Random(seed)

    def text() -> str:
        return "".join(
            rng.choice(WORDS) if rng.random() < 0.7 else chr(rng.randrange(0x20, 0x3000))
            for _ in range(rng.randrange(12))
        )

    records = [{rng.choice(FIELDS): text() for _ in range(rng.randrange(7))} for _ in range(rng.randrange(1, 5))]
    document = _document(fmt, records)
    at = rng.randrange(len(document) + 1)
    mutation = rng.choice(MUTATIONS)
    if mutation == "truncate":
        document = document[:at]
    elif mutation == "insert":
        document = document[:at] + text() + document[at:]
    return document.encode(rng.choice(ENCODINGS), errors="replace")


HEALTH = settings(
    max_examples=HALF,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _items(fmt: str, data: bytes) -> list:
    """Read `data` as `fmt`; map the fields of each record to the schema."""
    items = list(READERS[fmt](lambda: io.BytesIO(data), "generated.input", ReadOptions()))
    for item in items:
        assert isinstance(item, (RawRecord, BadRecord, FileNote)), item
        if isinstance(item, BadRecord):
            assert item.reason
        if isinstance(item, RawRecord):
            assert isinstance(item.fields, dict)
            if fmt not in SELF_DESCRIBING:
                fieldmap.guess_mapping(list(item.fields)).apply(item.fields)
    return items


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_arbitrary_bytes_never_raise(fmt):
    @HEALTH
    @given(st.binary(max_size=3_000))
    def check(data: bytes) -> None:
        _items(fmt, data)

    check()


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_text_shaped_like_the_format_never_raises(fmt):
    read = []

    @HEALTH
    @given(st.integers(0, 2**64))
    def check(seed: int) -> None:
        read.extend(item for item in _items(fmt, _shaped(fmt, seed)) if isinstance(item, RawRecord))

    check()
    if fmt not in ("xlsx", "parquet"):  # generated text is never a workbook or a Parquet file
        assert read, f"no generated input reached a {fmt} record: the shapes test nothing past the sniff"


def _nested(depth: int, shapes: list[bool]) -> str:
    """A value `depth` levels deep, each level an array or an object (`shapes`, cycled)."""
    opened = ['{"a": ' if shapes[n % len(shapes)] else "[" for n in range(depth)]
    return "".join(opened) + '"deep"' + "".join("}" if o.startswith("{") else "]" for o in reversed(opened))


@st.composite
def _hostile_record(draw) -> tuple[str, bool]:
    """The JSON text of a record with a hostile value in one field, and whether it can be read."""
    field = draw(st.sampled_from(HOSTILE_FIELDS))
    kind = draw(st.sampled_from(("nested", "digits", "surrogate")))
    if kind == "nested":
        depth = draw(st.one_of(st.integers(0, 3 * MAX_JSON_DEPTH), st.just(PAST_RECURSION_LIMIT)))
        value, readable = (
            _nested(depth, draw(st.lists(st.booleans(), min_size=1, max_size=4))),
            1 + depth <= MAX_JSON_DEPTH,
        )
    elif kind == "digits":
        digits = draw(st.integers(1, INT_DIGITS + 1_000))
        value, readable = draw(st.sampled_from(("", "-"))) + "7" * digits, digits <= INT_DIGITS
    else:
        escape = draw(st.sampled_from(sorted(SURROGATE_ESCAPES)))
        value, readable = f'"kata {escape}"', not SURROGATE_ESCAPES[escape]
    return f'{{"title": "Judul", "body": "Isi berita.", "{field}": {value}}}', readable


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_hostile_json_records_are_each_read_or_quarantined_and_the_rest_stored(fmt):
    @settings(max_examples=HOSTILE_CASES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.one_of(_hostile_record(), st.just(('{"title": "Baik", "body": "Isi."}', True))), min_size=1, max_size=5
        )
    )
    def check(records: list[tuple[str, bool]]) -> None:
        texts = [text for text, _ in records]
        document = "[" + ",\n".join(texts) + "]" if fmt == "json" else "\n".join(texts) + "\n"
        items = [item for item in _items(fmt, document.encode("utf-8")) if not isinstance(item, FileNote)]
        # One item per record, in order, each named by its number: every record accounted for.
        assert [item.source_ref for item in items] == [f"generated.input#{n}" for n in range(1, len(records) + 1)]
        assert [isinstance(item, RawRecord) for item in items] == [readable for _, readable in records]
        for item in items:
            if isinstance(item, BadRecord):
                assert item.reason and "\n" not in item.reason
            else:
                article = normalize.to_article(
                    fieldmap.guess_mapping(list(item.fields)).apply(item.fields),
                    source_ref=item.source_ref,
                    spec=SPEC,
                    ingested_at=INGESTED_AT,
                )
                to_arrow([article])  # text a store can hold

    check()


@settings(max_examples=NORMALISE_CASES, deadline=None, database=None)
@given(
    st.dictionaries(
        st.sampled_from(FIELD_NAMES),
        st.one_of(
            st.text(max_size=60),
            st.lists(st.text(max_size=10), max_size=3),
            st.integers(),
            st.floats(),
            st.none(),
            st.sampled_from(WORDS),
        ),
    ),
    st.sampled_from([None, "id", "en"]),
)
def test_any_mapped_record_becomes_an_article_or_a_reason(fields, language):
    spec = dataclasses.replace(SPEC, language=language)
    try:
        article = normalize.to_article(fields, source_ref="generated#1", spec=spec, ingested_at=INGESTED_AT)
    except normalize.NoContent as err:
        assert str(err)
        return
    assert article.article_id and (article.title or article.body)

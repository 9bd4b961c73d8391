"""Publication dates: raw values as the corpora give them -> a UTC instant plus local wall time.

Tiers, first hit wins: native values (datetime, epoch milliseconds), then the
source's own `date_format` when its manifest gives one, then strict
ISO 8601, then `DATE_FORMATS`, a table of the layouts seen in the real corpora,
then, only when the caller names the source's languages, a restricted
`dateparser` fallback (absolute dates with day, month and year; never relative
phrases, never language detection). Nothing is guessed: a string that no tier
reads is an `UnparsedDate` with a reason. Numeric dates ('7/31/2025') are read in
the source's date order, decided once per source (`order`: `decide_order` over an
`OrderTally` of all its values); a value that contradicts it is refused, never swapped.

`pick_published` chooses between a page's machine metadata and the date it
shows its readers; `date_issue` classes a result the way Media Cloud counts
date quality (missing, unparseable, future, implausibly old).

Modules: `tables` (month, day, zone and prefix tables, the compiled `DATE_FORMATS`),
`tiers` (results, and the native, ISO, epoch, table and date_format tiers), `fallback` (the
dateparser tier and its cache), `order` (a source's date order, decided from its values). This module runs the tiers in order and holds the
choice between candidates and the date-quality classes.
"""

from __future__ import annotations

import datetime as dt
import functools
import numbers
from collections.abc import Mapping, Sequence
from typing import cast

from analytics.text.dates.fallback import _language_set, _parse_dateparser
from analytics.text.dates.order import (
    OrderDecision,
    OrderTally,
    contradicts,
    decide_order,
    format_order,
)
from analytics.text.dates.tables import (
    DATE_FORMATS,
    DATE_ORDERS,
    DEFAULT_DATE_ORDER,
    MAX_SCAN_CHARS,
    MONTH_NAMES,
    MONTHS,
    PARSE_CACHE_SIZE,
    RELATIVE_TIME,
    UTC,
    ZONE_OFFSETS,
)
from analytics.text.dates.tiers import (
    DAY,
    TEXT_TIERS,
    ParsedDate,
    Result,
    UnparsedDate,
    _default_zone,
    _diagnose,
    _excerpt,
    _from_datetime,
    _from_epoch_ms,
    _Hit,
    _hit,
    _is_missing,
    _local_result,
    _normalise,
    _parse_strptime,
    _skip_prefix,
    _Soft,
)

__all__ = [
    "DATE_FORMATS",
    "DATE_ORDERS",
    "DEFAULT_DATE_ORDER",
    "MAX_SCAN_CHARS",
    "MONTH_NAMES",
    "MONTHS",
    "ZONE_OFFSETS",
    "OrderDecision",
    "OrderTally",
    "ParsedDate",
    "Result",
    "UnparsedDate",
    "contradicts",
    "date_issue",
    "decide_order",
    "format_order",
    "parse_published",
    "pick_published",
]

# pick_published: a shown date and machine metadata agree when they are at most this far
# apart (the shown date usually has minutes only).
AGREEMENT = dt.timedelta(minutes=1)
# date_issue: a date more than this after `now` is in the future (a day covers any zone
# mix-up of a date-only value).
FUTURE_TOLERANCE = dt.timedelta(days=1)
# date_issue: a local publication day before this is implausibly old for an article of a digital
# news corpus. It sits between the two things it must tell apart: the oldest real corpus here,
# Reuters-21578 (1987), which must stay plausible, with years to spare; and the dates broken
# pipelines write, which fall before it: epoch zero (1970-01-01, or a few weeks after it when
# epoch seconds are read as milliseconds) and placeholder years (1900-01-01, 0001-01-01).
IMPLAUSIBLY_OLD = dt.date(1980, 1, 1)


def parse_published(
    raw: object,
    *,
    default_tz: str | None = None,
    languages: tuple[str, ...] | None = None,
    order: str | None = None,
    date_format: str | None = None,
) -> ParsedDate | UnparsedDate | None:
    """Parse one raw publication date; None when the value is missing.

    A time with no zone is read in `default_tz` (an IANA name), else in UTC.
    A date with no time is midnight local. `languages` (the source's manifest
    language, e.g. ('id',)) enables the dateparser tier; None skips it. `order`
    (a key of DATE_ORDERS; DEFAULT_DATE_ORDER when None) is how numeric dates are
    read; a value it cannot read is unparseable. `date_format` (a strptime format)
    is tried before every other tier.
    Raises ValueError only for a bad `default_tz` or a language dateparser does not know.
    """
    outcome = _parse(raw, default_tz, languages, order or DEFAULT_DATE_ORDER, date_format)
    return outcome.date if isinstance(outcome, _Hit) else outcome


def _extended_json_date(value: Mapping) -> object:
    """The date inside a MongoDB Extended JSON date object (`{"$date": ms}`, `{"$date": "ISO"}`,
    `{"$date": {"$numberLong": "ms"}}`); any other object is returned as it is (unsupported)."""
    if set(value) != {"$date"}:
        return value
    inner = value["$date"]
    if isinstance(inner, Mapping) and set(inner) == {"$numberLong"}:
        try:
            return int(inner["$numberLong"])
        except (TypeError, ValueError):
            return value
    return inner


def _parse(
    raw: object, default_tz: str | None, languages: Sequence[str] | str | None, order: str, date_format: str | None
) -> _Hit | UnparsedDate | None:
    zone = _default_zone(default_tz)
    languages = _language_set(languages)
    if isinstance(raw, Mapping):  # MongoDB exports: {"$date": 1474528230000}, {"$date": "2016-09-22T07:10:30Z"}
        raw = _extended_json_date(raw)
    if _is_missing(raw):
        return None
    if isinstance(raw, dt.datetime):
        return _from_datetime(raw, zone, default_tz)
    if isinstance(raw, dt.date):
        return _hit(_local_result(dt.datetime.combine(raw, dt.time()), None, zone, default_tz, "datetime"), DAY)
    if isinstance(raw, bool) or not isinstance(raw, (str, numbers.Real)):
        return UnparsedDate(f"unsupported value of type {type(raw).__name__}")
    if isinstance(raw, numbers.Real):
        return _from_epoch_ms(cast(float, raw))  # any real number; the numbers ABCs have no usable static types
    read = _parse_text_remembered if len(raw) <= MAX_SCAN_CHARS else _parse_text
    return read(raw, default_tz, languages, order, date_format)


def _parse_text(
    raw: str, default_tz: str | None, languages: tuple[str, ...] | None, order: str, date_format: str | None
) -> _Hit | UnparsedDate | None:
    """A raw date string read by the text tiers (the results are immutable: one serves every
    record with the same value and settings)."""
    zone = _default_zone(default_tz)
    if not raw.strip():
        return None
    shown = _normalise(raw)
    if not shown:  # control characters only, as far as we scan
        return UnparsedDate(f"no date in {_excerpt(raw)}")
    if date_format:
        formatted = _parse_strptime(shown, date_format, zone, default_tz)
        if formatted is not None:
            return formatted
    text = _skip_prefix(shown)
    if contradicts(text, order):
        return UnparsedDate(f"invalid date in the source's date order {order}: {_excerpt(shown)}")
    soft = None
    for tier in TEXT_TIERS:
        outcome = tier(text, zone, default_tz, order)
        if isinstance(outcome, _Soft):
            soft = outcome
            break
        if outcome is not None:
            return outcome
    if RELATIVE_TIME.search(shown):
        return UnparsedDate(f"no date in {_excerpt(shown)}: a relative time, and the scrape time is unknown")
    if languages:
        outcome = _parse_dateparser(text, zone, default_tz, languages, order)
        if outcome is not None:
            return outcome
    return UnparsedDate(soft.reason) if soft else _diagnose(text, shown)


_parse_text_remembered = functools.lru_cache(maxsize=PARSE_CACHE_SIZE)(_parse_text)


def pick_published(
    candidates: Sequence[object],
    *,
    default_tz: str | None,
    languages: Sequence[str] | str | None = None,
    order: str | None = None,
    date_format: str | None = None,
) -> tuple[object | None, ParsedDate | UnparsedDate | None]:
    """The raw value to trust among a record's date candidates, and its parse (each read
    as `parse_published` reads it, with the source's `order` and `date_format`).

    `candidates` come in order of trust: machine metadata first (`published_raw`),
    then the date the page shows its readers (`published_visible`). A later
    candidate that contradicts the one chosen so far (more than `AGREEMENT` apart
    after zone conversion; for a date without time, on another local day) wins:
    what readers see beats metadata such as detik's `pubdate` `2016-02-23 T16:00:20Z`,
    which is neither the shown 15:32 WIB nor in the zone it claims. When they agree,
    the more precise one is kept (Antara's `<time datetime>` has seconds, the shown
    date only minutes); on a tie, the earlier candidate. If only one parses it is
    taken; if none parses, the first non-empty value with its UnparsedDate; if all
    are missing, (None, None).
    """
    chosen: tuple[object, _Hit] | None = None
    refused: tuple[object, UnparsedDate] | None = None
    for raw in candidates:
        outcome = _parse(raw, default_tz, languages, order or DEFAULT_DATE_ORDER, date_format)
        if outcome is None:
            continue
        if isinstance(outcome, UnparsedDate):
            refused = refused or (raw, outcome)
        elif chosen is None or not _agree(chosen[1], outcome) or outcome.precision > chosen[1].precision:
            chosen = (raw, outcome)
    if chosen is not None:
        return chosen[0], chosen[1].date
    return refused or (None, None)


def _agree(a: _Hit, b: _Hit) -> bool:
    """Whether two parsed values name the same moment, at the coarser of their precisions."""
    if a.precision == DAY or b.precision == DAY:
        day, other = (a, b) if a.precision == DAY else (b, a)
        offset = day.date.published_local - day.date.published_at.replace(tzinfo=None)
        return (other.date.published_at.replace(tzinfo=None) + offset).date() == day.date.published_local.date()
    return abs(a.date.published_at - b.date.published_at) <= AGREEMENT


def date_issue(parsed: ParsedDate | UnparsedDate | None, *, now: dt.datetime) -> str | None:
    """The date-quality class Media Cloud counts, or None for a usable date:
    'missing' (no value), 'unparseable' (an UnparsedDate), 'future' (more than
    FUTURE_TOLERANCE after `now`), 'implausibly_old' (before IMPLAUSIBLY_OLD).
    A naive `now` is taken as UTC."""
    if parsed is None:
        return "missing"
    if isinstance(parsed, UnparsedDate):
        return "unparseable"
    now = now if now.tzinfo is not None and now.utcoffset() is not None else now.replace(tzinfo=UTC)
    if parsed.published_at > now + FUTURE_TOLERANCE:
        return "future"
    if parsed.published_local.date() < IMPLAUSIBLY_OLD:
        return "implausibly_old"
    return None

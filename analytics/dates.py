"""Publication dates: raw values as the corpora give them -> a UTC instant plus local wall time.

Tiers, first hit wins: native values (datetime, epoch milliseconds), then strict
ISO 8601, then `DATE_FORMATS`, a table of the layouts seen in the real corpora,
then, only when the caller names the source's languages, a restricted
`dateparser` fallback (absolute dates with day, month and year; never relative
phrases, never language detection). Nothing is guessed: a string that no tier
reads is an `UnparsedDate` with a reason.

`pick_published` chooses between a page's machine metadata and the date it
shows its readers; `date_issue` classes a result the way Media Cloud counts
date quality (missing, unparseable, future, implausibly old).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import numbers
import re
import zoneinfo
from typing import Any, Callable, NamedTuple, Sequence

# Only the head of a string is scanned: real date strings are < 80 chars, and this
# bounds the regex work on huge or hostile input.
MAX_SCAN_CHARS = 200
EXCERPT_CHARS = 60
# Epoch numbers are milliseconds; below 1e11 (1973-03-03) they are far more likely
# seconds, above 1e14 (year 5138) microseconds. Both are refused, not guessed.
EPOCH_MS_RANGE = (10**11, 10**14)

MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("januari", "january", "jan"),
    2: ("februari", "pebruari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "ags", "agt", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
MONTHS = {name: number for number, names in MONTH_NAMES.items() for name in names}
DAY_NAMES = (
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
)
# Labels and outlet prefixes that may stand before the date (with day names and punctuation).
PREFIX_WORDS = (
    "diperbarui", "diperbaharui", "dipublikasikan", "diterbitkan", "terbit", "tayang", "jurnalis", "kompas.com",
    "published", "updated", "update", "posted", "on",
)

# Zone abbreviation -> (UTC offset in minutes, tz_label).
ZONE_OFFSETS: dict[str, tuple[int, str]] = {
    "WIB": (7 * 60, "WIB"), "WITA": (8 * 60, "WITA"), "WIT": (9 * 60, "WIT"),
    "UTC": (0, "UTC"), "GMT": (0, "UTC"), "Z": (0, "UTC"),
}
UTC = dt.timezone.utc

# The dateparser tier sees only strings with a digit and at most this many characters
# (after prefixes are skipped): real date strings are < 80 chars, and dateparser does
# far more work per character than the table.
DATEPARSER_MAX_CHARS = 80
# Settings of the dateparser tier. Only the absolute-time parser runs: no 'relative-time'
# ('2 hours ago', '20 detik yang lalu': the scrape time they count from is unknown),
# no 'timestamp' (a bare number is not a date here; epoch milliseconds have their own
# tier), no 'no-spaces-time' ('20250612' is as likely an id). Day, month and year must
# all be written: a missing one would be filled in from the day the code runs.
# Numeric dates are day first, as in the table, and never swapped to fit.
# TIMEZONE='UTC' keeps the machine's own zone out of the result (dateparser's default,
# 'local', asks the operating system and fails on an odd TZ); RETURN_AS_TIMEZONE_AWARE
# is left at dateparser's default, under which a result is aware exactly when the
# string states a zone, so a zone-less result is read in the caller's `default_tz`
# by `_local_result`, like every other tier.
DATEPARSER_SETTINGS: dict[str, Any] = {
    "PREFER_DATES_FROM": "past",
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "STRICT_DATE_ORDER": "all",
    "TIMEZONE": "UTC",
}
# Words that make a string a relative time, which no tier may read: it counts from the
# moment the page was scraped, which the corpora do not record.
RELATIVE_TIME = re.compile(
    r"\b(?:yang lalu|lalu|kemarin|hari ini|barusan|baru saja|ago|yesterday|today|just now)\b", re.IGNORECASE
)
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

# Precision of a parsed value, for pick_published: the finer of two agreeing values wins.
DAY, MINUTE, SECOND, FRACTION = range(4)


@dataclasses.dataclass(frozen=True)
class ParsedDate:
    published_at: dt.datetime  # timezone-aware, UTC
    published_local: dt.datetime  # naive wall-clock time in the article's own zone
    tz_label: str  # 'WIB', 'WITA', 'WIT', 'UTC', '+05:30', or an IANA name (stated, or the default)
    method: str  # 'iso', 'epoch_ms', 'datetime', 'format:<name>', 'dateparser'


@dataclasses.dataclass(frozen=True)
class UnparsedDate:
    reason: str


Result = ParsedDate | UnparsedDate


class _Hit(NamedTuple):
    """A parsed value with its precision (DAY .. FRACTION)."""

    date: ParsedDate
    precision: int


@dataclasses.dataclass(frozen=True)
class _Soft:
    """The table read a date but not the text around it (a time or zone it does not
    know): unparseable unless the dateparser tier reads the whole string."""

    reason: str


_Outcome = _Hit | UnparsedDate | _Soft


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_IANA_AREAS = "(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)"
_MONTH = rf"(?P<month>{_alternation(MONTHS)})\.?(?![a-z])"
_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?(?!\d)"
    r"(?: ?(?P<ampm>[ap])\.?m\b\.?)?"
)
_ZONE = (
    r"(?: ?(?P<zone>(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}"
    rf"|{_IANA_AREAS}/[a-z_]+(?:/[a-z_]+)?|{_alternation(ZONE_OFFSETS)})(?![a-z0-9]))?"
)
# Between date and time: spaces, commas, bars, dashes, 'at', 'pukul' (possessive: no backtracking).
_SEP = r"(?:[ ,|\-–—]|at\b|pukul\b)*+"
_CLOCK = rf"(?:{_SEP}{_TIME}{_ZONE})?"

# name -> pattern, matched at the start of the cleaned string (after prefixes are skipped).
DATE_FORMATS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        # 12 Juli 2021, 12:02 WIB | 16 Juni 2025 |15:20 WIB | 04 November, 2015 | 07:28 WIB
        "dmy_text": rf"(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 26-FEB-1987 15:01:01.79 (Reuters-21578)
        "dmy_dash": rf"(?P<day>\d{{1,2}})-{_MONTH}-(?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 15:45, 23-Mar-2022 (CGTN)
        "hm_dmy_dash": rf"{_TIME}{_ZONE},? (?P<day>\d{{1,2}})-{_MONTH}-(?P<year>\d{{4}})(?!\d)",
        # Mar 24, 2022 06:46 PM (Global Times)
        "mdy_text": rf"{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 18/06/2025, 21:35 WIB (Kompas, detik pages): always day first
        "dmy_slash": rf"(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})/(?P<year>\d{{4}})(?!\d){_CLOCK}",
        # 2022-03-07 17:49 that strict ISO refused (e.g. a WIB zone or trailing text)
        "ymd": rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?!\d)(?:T ?)?{_CLOCK}",
    }.items()
}
ISO_8601 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:(?: ?T ?| )(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?"
    r" ?(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
EPOCH_MS_TEXT = re.compile(r"\d{12,14}")

_PREFIX = re.compile(rf"(?:[\s\-–—|,:;.•·]|(?:{_alternation(PREFIX_WORDS + DAY_NAMES)})(?![a-z]))*+", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(r"\bpublished ?:", re.IGNORECASE)
_XLSX_ESCAPE = re.compile(r"_x[0-9a-f]{4}_", re.IGNORECASE)  # openpyxl's escape of control characters
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A digit after a date read without its time is a time the table does not know ('jam 10.00',
# 'at 10am'): refused, never dropped to midnight.
_TIME_AFTER_DATE = re.compile(r"\D*+\d")
_UNKNOWN_ZONE = re.compile(r" ?([A-Z]{2,4}T)(?![A-Za-z])")


def parse_published(
    raw: object, *, default_tz: str | None = None, languages: tuple[str, ...] | None = None
) -> ParsedDate | UnparsedDate | None:
    """Parse one raw publication date; None when the value is missing.

    A time with no zone is read in `default_tz` (an IANA name), else in UTC.
    A date with no time is midnight local. `languages` (the source's manifest
    language, e.g. ('id',)) enables the dateparser tier; None skips it.
    Raises ValueError only for a bad `default_tz` or a language dateparser does not know.
    """
    outcome = _parse(raw, default_tz, languages)
    return outcome.date if isinstance(outcome, _Hit) else outcome


def _parse(raw: object, default_tz: str | None, languages: Sequence[str] | str | None) -> _Hit | UnparsedDate | None:
    zone = _default_zone(default_tz)
    languages = _language_set(languages)
    if _is_missing(raw):
        return None
    if isinstance(raw, dt.datetime):
        return _from_datetime(raw, zone, default_tz)
    if isinstance(raw, dt.date):
        return _hit(_local_result(dt.datetime.combine(raw, dt.time()), None, zone, default_tz, "datetime"), DAY)
    if isinstance(raw, bool) or not isinstance(raw, (str, numbers.Real)):
        return UnparsedDate(f"unsupported value of type {type(raw).__name__}")
    if isinstance(raw, numbers.Real):
        return _from_epoch_ms(raw)
    if not raw.strip():
        return None
    shown = _normalise(raw)
    if not shown:  # control characters only, as far as we scan
        return UnparsedDate(f"no date in {_excerpt(raw)}")
    text = _skip_prefix(shown)
    soft = None
    for tier in TEXT_TIERS:
        outcome = tier(text, zone, default_tz)
        if isinstance(outcome, _Soft):
            soft = outcome
            break
        if outcome is not None:
            return outcome
    if RELATIVE_TIME.search(shown):
        return UnparsedDate(f"no date in {_excerpt(shown)}: a relative time, and the scrape time is unknown")
    if languages:
        outcome = _parse_dateparser(text, zone, default_tz, languages)
        if outcome is not None:
            return outcome
    return UnparsedDate(soft.reason) if soft else _diagnose(text, shown)


def _language_set(languages: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """The caller's languages as a tuple (a bare string is one code); None or empty skips
    the dateparser tier. Checked before anything else: a bad code is the caller's error."""
    if languages is None:
        return None
    codes = (languages,) if isinstance(languages, str) else tuple(languages)
    if not codes:
        return None
    _dateparser_for(codes)
    return codes


def _hit(result: Result, precision: int) -> _Hit | UnparsedDate:
    return _Hit(result, precision) if isinstance(result, ParsedDate) else result


def _is_missing(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, (numbers.Number, dt.date)):
        return bool(raw != raw)  # NaN, pandas NaT
    return type(raw).__name__ == "NAType"  # pandas.NA, without importing pandas


def _default_zone(default_tz: str | None) -> dt.tzinfo | None:
    if default_tz is None:
        return None
    try:
        return zoneinfo.ZoneInfo(default_tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown default_tz {default_tz!r}") from exc


def _normalise(raw: str) -> str:
    text = raw[:MAX_SCAN_CHARS]
    text = _CONTROL.sub(" ", _XLSX_ESCAPE.sub(" ", text)).replace("’", "'")
    return " ".join(text.split())  # also folds NBSP and other Unicode spaces


def _skip_prefix(text: str) -> str:
    label = _PUBLISHED_LABEL.search(text)
    if label:  # 'Published: ... Updated: ...' or the reverse: the Published value counts
        text = text[label.start():]
    return text[_PREFIX.match(text).end():]


def _excerpt(text: str) -> str:
    return repr(text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…")


def _from_datetime(value: dt.datetime, zone: dt.tzinfo | None, default_tz: str | None) -> _Hit | UnparsedDate:
    value = dt.datetime.combine(value.date(), value.timetz())  # plain datetime, also from pandas
    precision = FRACTION if value.microsecond else SECOND
    if value.tzinfo is None or value.utcoffset() is None:
        return _hit(_local_result(value.replace(tzinfo=None), None, zone, default_tz, "datetime"), precision)
    label = getattr(value.tzinfo, "key", None) or _offset_label(value.utcoffset())
    return _Hit(ParsedDate(value.astimezone(UTC), value.replace(tzinfo=None), label, "datetime"), precision)


def _from_epoch_ms(value: numbers.Real) -> _Hit | UnparsedDate:
    if not math.isfinite(value) or not EPOCH_MS_RANGE[0] <= abs(value) < EPOCH_MS_RANGE[1]:
        return UnparsedDate(f"number {value!r} is not epoch milliseconds between 1973 and 5138")
    instant = dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(milliseconds=int(value))
    precision = FRACTION if int(value) % 1000 else SECOND
    return _Hit(ParsedDate(instant, instant.replace(tzinfo=None), "UTC", "epoch_ms"), precision)


def _parse_iso(text: str, zone: dt.tzinfo | None, default_tz: str | None) -> _Outcome | None:
    match = ISO_8601.fullmatch(text)
    return _build(match, "iso", zone, default_tz, text) if match else None


def _parse_epoch_text(text: str, zone: dt.tzinfo | None, default_tz: str | None) -> _Outcome | None:
    return _from_epoch_ms(int(text)) if EPOCH_MS_TEXT.fullmatch(text) else None


def _parse_table(text: str, zone: dt.tzinfo | None, default_tz: str | None) -> _Outcome | None:
    for name, pattern in DATE_FORMATS.items():
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end():]
        if match.group("hour") is None and _TIME_AFTER_DATE.match(rest):
            return _Soft(f"time not understood after the date in {_excerpt(text)}")
        unknown = None if match.group("zone") else _UNKNOWN_ZONE.match(rest)
        if unknown:
            return _Soft(f"unknown time zone {unknown.group(1)!r} in {_excerpt(text)}")
        return _build(match, f"format:{name}", zone, default_tz, text)
    return None


# Each tier returns a hit, an UnparsedDate (final: e.g. an impossible date), a _Soft
# refusal (final unless the dateparser tier reads the string), or None to pass the
# string on. The dateparser tier runs after these, only when the caller gives languages.
TEXT_TIERS: list[Callable[[str, dt.tzinfo | None, str | None], _Outcome | None]] = [
    _parse_iso,
    _parse_epoch_text,
    _parse_table,
]


@functools.lru_cache(maxsize=32)
def _dateparser_for(languages: tuple[str, ...]) -> Any:
    """One reused DateDataParser per language set (building one per call costs far more
    than a parse). Raises ValueError for a language dateparser does not know."""
    from dateparser.date import DateDataParser  # imported here: only this tier pays for it

    if not all(isinstance(code, str) for code in languages):
        raise ValueError(f"languages must be language codes, not {languages!r}")
    parser = DateDataParser(languages=list(languages), settings=DATEPARSER_SETTINGS)
    # dateparser checks the codes and loads their data on the first parse: do it here, once,
    # so a bad code fails loudly and no article pays for the loading.
    parser.get_date_data("1 1 2000")
    return parser


def _parse_dateparser(
    text: str, zone: dt.tzinfo | None, default_tz: str | None, languages: tuple[str, ...]
) -> _Hit | UnparsedDate | None:
    if len(text) > DATEPARSER_MAX_CHARS or not any(c.isdigit() for c in text):
        return None
    try:
        data = _dateparser_for(languages).get_date_data(text)
    except (ValueError, OverflowError, LookupError):  # dateparser's own refusals of odd input
        return None
    value = data.date_obj
    if value is None:
        return None
    parts = getattr(data, "parts", None) or ()  # what the string gave, not filled in (dateparser >= 1.5)
    if parts and "time" not in parts:
        precision = DAY
    else:
        precision = FRACTION if value.microsecond else SECOND if value.second else MINUTE
    if value.tzinfo is None:
        return _hit(_local_result(value, None, zone, default_tz, "dateparser"), precision)
    return _hit(_stated_result(value.astimezone(UTC), text), precision)


def _stated_result(instant: dt.datetime, text: str) -> Result:
    """The dateparser tier's result for a string that states a zone: dateparser gives the
    instant (in UTC, see DATEPARSER_SETTINGS); its zone token gives the wall time and label."""
    from dateparser.timezone_parser import pop_tz_offset_from_string

    _, stated = pop_tz_offset_from_string(text)
    offset = stated.utcoffset(None) if stated is not None else None
    if offset is None:
        return ParsedDate(instant, instant.replace(tzinfo=None), "UTC", "dateparser")
    name = stated.tzname(None) or ""
    if name.upper() in ZONE_OFFSETS:
        label = ZONE_OFFSETS[name.upper()][1]
    else:
        label = name if name.isalpha() else _offset_label(offset)
    return ParsedDate(instant, (instant + offset).replace(tzinfo=None), label, "dateparser")


def _diagnose(text: str, shown: str) -> UnparsedDate:
    for pattern in DATE_FORMATS.values():
        found = pattern.search(text)
        if found:
            return UnparsedDate(f"unrecognised text {text[: found.start()]!r} before the date in {_excerpt(shown)}")
    return UnparsedDate(f"no date in {_excerpt(shown)}")


def _build(
    match: re.Match[str], method: str, zone: dt.tzinfo | None, default_tz: str | None, text: str
) -> _Hit | UnparsedDate:
    g = match.groupdict()
    month = g["month"].rstrip(".")
    hour = int(g["hour"] or 0)
    if g.get("ampm"):
        if not 1 <= hour <= 12:
            return UnparsedDate(f"hour {hour} with AM/PM in {_excerpt(text)}")
        hour = hour % 12 + (12 if g["ampm"].lower() == "p" else 0)
    try:
        local = dt.datetime(
            int(g["year"]),
            int(month) if month.isdigit() else MONTHS[month.lower()],
            int(g["day"]),
            hour,
            int(g["minute"] or 0),
            int(g["second"] or 0),
            int((g["frac"] or "0")[:6].ljust(6, "0")),
        )
        stated = _stated_zone(g["zone"]) if g["zone"] else None
    except (ValueError, zoneinfo.ZoneInfoNotFoundError) as exc:
        return UnparsedDate(f"invalid date or zone in {_excerpt(text)}: {exc}")
    precision = DAY if g["hour"] is None else MINUTE if g["second"] is None else SECOND if g["frac"] is None else FRACTION
    return _hit(_local_result(local, stated, zone, default_tz, method), precision)


def _stated_zone(token: str) -> tuple[dt.tzinfo, str]:
    """The tzinfo and tz_label of a zone written in the string."""
    if token.upper() in ZONE_OFFSETS:
        minutes, label = ZONE_OFFSETS[token.upper()]
        return dt.timezone(dt.timedelta(minutes=minutes)), label
    if "/" in token:
        return zoneinfo.ZoneInfo(token), token
    signed = token.upper().removeprefix("UTC").removeprefix("GMT")  # '+07:00', '+0700', '+7'
    digits = signed[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    offset = (-1 if signed[0] == "-" else 1) * dt.timedelta(hours=int(hours), minutes=int(minutes))
    return dt.timezone(offset), _offset_label(offset)  # timezone() refuses |offset| >= 24h


def _offset_label(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _local_result(
    local: dt.datetime, stated: tuple[dt.tzinfo, str] | None, zone: dt.tzinfo | None, default_tz: str | None, method: str
) -> Result:
    tzinfo, label = stated or ((zone, default_tz) if zone else (UTC, "UTC"))
    try:
        instant = local.replace(tzinfo=tzinfo).astimezone(UTC)
    except OverflowError:
        return UnparsedDate(f"date {local.isoformat()} is out of range in UTC")
    return ParsedDate(instant, local, label, method)


def pick_published(
    candidates: Sequence[object], *, default_tz: str | None, languages: Sequence[str] | str | None = None
) -> tuple[object | None, ParsedDate | UnparsedDate | None]:
    """The raw value to trust among a record's date candidates, and its parse.

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
        outcome = _parse(raw, default_tz, languages)
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

"""Publication dates: raw values as the corpora give them -> a UTC instant plus local wall time.

Tiers, first hit wins: native values (datetime, epoch milliseconds), then strict
ISO 8601, then `DATE_FORMATS`, a table of the layouts seen in the real corpora.
Nothing is guessed: a string that no tier reads is an `UnparsedDate` with a
reason. A later fallback (e.g. a restricted dateparser) goes at the end of
`TEXT_TIERS`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import numbers
import re
import zoneinfo
from typing import Callable

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


@dataclasses.dataclass(frozen=True)
class ParsedDate:
    published_at: dt.datetime  # timezone-aware, UTC
    published_local: dt.datetime  # naive wall-clock time in the article's own zone
    tz_label: str  # 'WIB', 'WITA', 'WIT', 'UTC', '+05:30', or an IANA name (stated, or the default)
    method: str  # 'iso', 'epoch_ms', 'datetime', 'format:<name>'


@dataclasses.dataclass(frozen=True)
class UnparsedDate:
    reason: str


Result = ParsedDate | UnparsedDate


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
_TIME_AFTER_DATE = re.compile(r"[ ,|\-–—]*\d")
_UNKNOWN_ZONE = re.compile(r" ?([A-Z]{2,4}T)(?![A-Za-z])")


def parse_published(raw: object, *, default_tz: str | None = None) -> ParsedDate | UnparsedDate | None:
    """Parse one raw publication date; None when the value is missing.

    A time with no zone is read in `default_tz` (an IANA name), else in UTC.
    A date with no time is midnight local. Raises ValueError only for a bad `default_tz`.
    """
    zone = _default_zone(default_tz)
    if _is_missing(raw):
        return None
    if isinstance(raw, dt.datetime):
        return _from_datetime(raw, zone, default_tz)
    if isinstance(raw, dt.date):
        return _local_result(dt.datetime.combine(raw, dt.time()), None, zone, default_tz, "datetime")
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
    for tier in TEXT_TIERS:
        result = tier(text, zone, default_tz)
        if result is not None:
            return result
    return _diagnose(text, shown)


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


def _from_datetime(value: dt.datetime, zone: dt.tzinfo | None, default_tz: str | None) -> Result:
    value = dt.datetime.combine(value.date(), value.timetz())  # plain datetime, also from pandas
    if value.tzinfo is None or value.utcoffset() is None:
        return _local_result(value.replace(tzinfo=None), None, zone, default_tz, "datetime")
    label = getattr(value.tzinfo, "key", None) or _offset_label(value.utcoffset())
    return ParsedDate(value.astimezone(UTC), value.replace(tzinfo=None), label, "datetime")


def _from_epoch_ms(value: numbers.Real) -> Result:
    if not math.isfinite(value) or not EPOCH_MS_RANGE[0] <= abs(value) < EPOCH_MS_RANGE[1]:
        return UnparsedDate(f"number {value!r} is not epoch milliseconds between 1973 and 5138")
    instant = dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(milliseconds=int(value))
    return ParsedDate(instant, instant.replace(tzinfo=None), "UTC", "epoch_ms")


def _parse_iso(text: str, zone: dt.tzinfo | None, default_tz: str | None) -> Result | None:
    match = ISO_8601.fullmatch(text)
    return _build(match, "iso", zone, default_tz, text) if match else None


def _parse_epoch_text(text: str, zone: dt.tzinfo | None, default_tz: str | None) -> Result | None:
    return _from_epoch_ms(int(text)) if EPOCH_MS_TEXT.fullmatch(text) else None


def _parse_table(text: str, zone: dt.tzinfo | None, default_tz: str | None) -> Result | None:
    for name, pattern in DATE_FORMATS.items():
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end():]
        if match.group("hour") is None and _TIME_AFTER_DATE.match(rest):
            return UnparsedDate(f"time not understood after the date in {_excerpt(text)}")
        unknown = None if match.group("zone") else _UNKNOWN_ZONE.match(rest)
        if unknown:
            return UnparsedDate(f"unknown time zone {unknown.group(1)!r} in {_excerpt(text)}")
        return _build(match, f"format:{name}", zone, default_tz, text)
    return None


# Each tier returns a result, or None to pass the string on. Append a fallback tier here.
TEXT_TIERS: list[Callable[[str, dt.tzinfo | None, str | None], Result | None]] = [
    _parse_iso,
    _parse_epoch_text,
    _parse_table,
]


def _diagnose(text: str, shown: str) -> UnparsedDate:
    for pattern in DATE_FORMATS.values():
        found = pattern.search(text)
        if found:
            return UnparsedDate(f"unrecognised text {text[: found.start()]!r} before the date in {_excerpt(shown)}")
    return UnparsedDate(f"no date in {_excerpt(shown)}")


def _build(match: re.Match[str], method: str, zone: dt.tzinfo | None, default_tz: str | None, text: str) -> Result:
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
    return _local_result(local, stated, zone, default_tz, method)


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
